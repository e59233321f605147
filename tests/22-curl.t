#!/usr/bin/env bash
# curl (threaded resolver, so getaddrinfo), preloaded: a name only the
# port-5353 server knows is fetched over HTTP; glibc alone cannot find it.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
d=$ARESOLV_NS_DIR
trace=$d/trace
command -v curl >/dev/null || { skip "curl not installed"; done_testing; exit; }

mkdir -p "$d/www"
echo "hello from aresolv-ns" > "$d/www/file"
port=8053
$PY -m http.server --bind 127.0.0.1 --directory "$d/www" "$port" >"$d/http.log" 2>&1 &
http_pid=$!
trap 'kill $http_pid 2>/dev/null; wait $http_pid 2>/dev/null' EXIT
for _ in $(seq 100); do
	(exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
	sleep 0.05
done

c=(curl -sS --max-time 10 --noproxy '*')

got=$("${c[@]}" "http://only.aresolv.test:$port/file" 2>&1); st=$?
ok $(( st == 0 )) "glibc alone: curl cannot resolve only.aresolv.test (exit $st)"
like "$got" 'Could not resolve host' "curl says it could not resolve"

: > "$trace"
got=$(ARESOLV_SERVERS=127.0.0.1:5353 ARESOLV_TRACE=$trace preload \
	"${c[@]}" "http://only.aresolv.test:$port/file" 2>&1); st=$?
is "$st" 0 "curl with aresolv (LD_PRELOAD, ARESOLV_SERVERS=127.0.0.1:5353) exits 0"
is "$got" "hello from aresolv-ns" "and fetches the file"
like "$(cat "$trace")" 'getaddrinfo node="only\.aresolv\.test" service="8053" .*path=dns result=OK' \
	"trace: curl's getaddrinfo answered by aresolv over DNS"

: > "$trace"
got=$("$aresolv" --servers 127.0.0.1:5353 --trace="$trace" -- \
	"${c[@]}" "http://only.aresolv.test:$port/file" 2>&1); st=$?
is "$st" 0 "the same through scripts/aresolv --servers --trace"
is "$got" "hello from aresolv-ns" "and fetches the file"
like "$(cat "$trace")" 'getaddrinfo node="only\.aresolv\.test".*path=dns result=OK' "trace written by the launcher's --trace"

# A name on the ordinary server, compared with glibc.
want=$("${c[@]}" "http://http.aresolv.test:$port/file" 2>&1)
: > "$trace"
got=$(ARESOLV_TRACE=$trace preload "${c[@]}" "http://http.aresolv.test:$port/file" 2>&1)
is "$got" "$want" "http.aresolv.test: same body as with glibc"
like "$(cat "$trace")" 'getaddrinfo node="http\.aresolv\.test".*path=dns result=OK' "and answered by aresolv"

# NXDOMAIN: curl's exit 6, as with glibc.
"${c[@]}" "http://nx.aresolv.test:$port/file" >/dev/null 2>&1; want=$?
: > "$trace"
ARESOLV_TRACE=$trace preload "${c[@]}" "http://nx.aresolv.test:$port/file" >/dev/null 2>&1; got=$?
is "$got" "$want" "nx.aresolv.test: curl exits $want as with glibc"
like "$(cat "$trace")" 'getaddrinfo node="nx\.aresolv\.test".*path=dns result=EAI_NONAME' "NXDOMAIN seen by aresolv"

done_testing
