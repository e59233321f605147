#!/usr/bin/env bash
# curl (threaded resolver, so getaddrinfo) fetches from a local HTTP server
# by a name only the port-5353 DNS server knows: only aresolv can do it.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
trace=$ARESOLV_NS_DIR/trace
web=$ARESOLV_NS_DIR/web
mkdir -p "$web"
echo "served to $$" > "$web/file.txt"

port=18080
$PY -m http.server "$port" --bind 127.0.0.1 --directory "$web" >/dev/null 2>&1 &
srv=$!
trap 'kill $srv 2>/dev/null' EXIT
for _ in $(seq 100); do
	curl -s -o /dev/null "http://127.0.0.1:$port/file.txt" && break
	sleep 0.1
done

url=http://only.aresolv.test:$port/file.txt
curl -s --max-time 10 "$url" >/dev/null
ok $(( $? == 0 )) "curl without aresolv cannot resolve only.aresolv.test"

got=$("$aresolv" --servers 127.0.0.1:5353 --trace="$trace" -- curl -s --max-time 10 "$url")
is "$got" "served to $$" "curl under scripts/aresolv --servers 127.0.0.1:5353 fetched the file"
like "$(cat "$trace")" 'getaddrinfo node="only.aresolv.test" service="18080" .*path=dns result=OK' "curl's lookup is in the trace"

: > "$trace"
got=$("$aresolv" --trace="$trace" -- curl -s --max-time 10 "http://http.aresolv.test:$port/file.txt")
is "$got" "served to $$" "curl by a name of the test zone on port 53"
like "$(cat "$trace")" 'node="http.aresolv.test".*path=dns result=OK' "answered by aresolv"

: > "$trace"
"$aresolv" --trace="$trace" -- curl -s --max-time 10 "http://nx.aresolv.test:$port/" >/dev/null
is "$?" 6 "NXDOMAIN: curl exits 6 (could not resolve host)"
like "$(cat "$trace")" 'node="nx.aresolv.test".*result=EAI_NONAME' "and aresolv said EAI_NONAME"

done_testing
