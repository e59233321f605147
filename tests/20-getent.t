#!/usr/bin/env bash
# getent, preloaded: the same answers as glibc in the same namespace, and a
# trace line proving each came from aresolv.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
trace=$ARESOLV_NS_DIR/trace

ares() { : > "$trace"; ARESOLV_TRACE=$trace preload "$@"; }

for db in ahosts ahostsv4 ahostsv6 hosts; do
	for name in www.aresolv.test dual.aresolv.test v6only.aresolv.test c1.aresolv.test \
		hostsonly.test hostsalias twolines.test localhost; do
		want=$(getent "$db" "$name"; echo "exit=$?")
		got=$(ares getent "$db" "$name"; echo "exit=$?")
		is "$got" "$want" "getent $db $name: same as glibc"
		if [[ $name == *.aresolv.test ]]; then path=dns; else path=hosts; fi
		like "$(cat "$trace")" "\"$name\" .*path=$path" "getent $db $name: answered by aresolv from $path"
	done
done

want=$(getent ahostsv4 multi.aresolv.test | awk '{print $1}' | sort -u)
got=$(ares getent ahostsv4 multi.aresolv.test | awk '{print $1}' | sort -u)
is "$got" "$want" "multi.aresolv.test: the same three addresses"
is "$(wc -l <<< "$got")" 3 "three A records"

for name in nx.aresolv.test txtonly.aresolv.test; do
	getent ahosts "$name" >/dev/null; want=$?
	ares getent ahosts "$name" >/dev/null; got=$?
	is "$got" "$want" "getent ahosts $name: exit status $want as with glibc"
done
like "$(ares getent ahosts nx.aresolv.test; cat "$trace")" 'path=dns result=EAI_NONAME' "NXDOMAIN is EAI_NONAME"
like "$(ares getent ahosts txtonly.aresolv.test; cat "$trace")" 'path=dns result=EAI_NODATA' "TXT-only name is EAI_NODATA"

for addr in 10.53.0.10 10.53.0.40 fd53::40 10.53.0.99 10.53.1.1 10.53.0.77; do
	want=$(getent hosts "$addr"; echo "exit=$?")
	got=$(ares getent hosts "$addr"; echo "exit=$?")
	is "$got" "$want" "getent hosts $addr (reverse): same as glibc"
	like "$(cat "$trace")" "gethostbyaddr addr=\"$addr\" path=(dns|hosts)" "reverse $addr answered by aresolv"
done

# a server glibc cannot use: port 5353
getent ahosts only.aresolv.test >/dev/null
is "$?" 2 "glibc alone does not know only.aresolv.test"
got=$(ARESOLV_SERVERS=127.0.0.1:5353 ares getent ahostsv4 only.aresolv.test | head -1)
like "$got" '^127\.0\.0\.1 +STREAM only\.aresolv\.test' "aresolv with ARESOLV_SERVERS=127.0.0.1:5353 finds it"

# the launcher, with the IPv6 listener of the same server
if [[ ${ARESOLV_NS_V6-} == 1 ]]; then
	: > "$trace"
	got=$("$aresolv" --servers '[::1]:53' --trace="$trace" -- getent ahostsv4 www.aresolv.test)
	is "$got" "$(getent ahostsv4 www.aresolv.test)" "scripts/aresolv --servers '[::1]:53': same answer as glibc"
	like "$(cat "$trace")" 'getaddrinfo node="www\.aresolv\.test" .*family=2 .*path=dns result=OK' "and answered by aresolv over IPv6"
else
	skip "dnsmasq could not listen on ::1"
	skip "dnsmasq could not listen on ::1"
fi

# a server that never answers: the launcher's --timeout and --tries bound the wait
: > "$trace"
start=$(date +%s%N)
"$aresolv" --servers 127.0.0.1:5354 --timeout 200 --tries 1 --trace="$trace" -- \
	getent ahosts www.aresolv.test >/dev/null
st=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
is "$st" 2 "silent server: getent exits 2"
like "$(cat "$trace")" 'node="www\.aresolv\.test" .*path=dns result=EAI_AGAIN' "silent server: EAI_AGAIN"
(( ms < 3000 ))
ok $? "silent server: gave up after ${ms} ms (--timeout 200 --tries 1)"

got=$(ares getent ahosts www.aresolv.test 2>&1 >/dev/null)
is "$got" "" "no stray output without a trace"
got=$(ARESOLV_TRACE=stderr preload getent ahosts www.aresolv.test 2>&1 >/dev/null)
like "$got" '^aresolv\[[0-9]+\]: aresolv [0-9.]+ \(c-ares [0-9.]+\) mode=compat'$'\n''aresolv\[[0-9]+\]: getaddrinfo node="www.aresolv.test"' \
	"ARESOLV_TRACE=stderr writes to stderr: the versions first, then a line per call"
got=$(ARESOLV_DISABLE=1 ARESOLV_TRACE=stderr preload getent ahosts www.aresolv.test 2>&1 >/dev/null)
is "$got" "" "ARESOLV_DISABLE=1 passes everything to libc"
got=$(ARESOLV_TIMEOUT_MS=abc preload getent ahosts www.aresolv.test 2>&1 >/dev/null)
like "$got" 'ARESOLV_TIMEOUT_MS' "a malformed value is reported with the variable's name"
is "$(grep -c aresolv <<< "$got")" 1 "and reported once"

done_testing
