#!/usr/bin/env bash
# What goes on the wire, read from the sendmsg()/sendmmsg()/sendto() calls with
# strace: in compat mode every c-ares version asks as glibc asks (no EDNS
# OPT record, so no DNS cookie either; the name in the case it was given,
# no 0x20 mixing; each lookup asks the server again, no cache), and
# native mode keeps c-ares' own defaults (c-ares 1.34: EDNS with a
# cookie; 1.18: none).
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
q=$build/aresolv-query
dir=$ARESOLV_NS_DIR/wire
mkdir -p "$dir"
if [[ -n ${ARESOLV_TEST_WRAP-}${ARESOLV_TEST_PRELOAD-} ]] || ! command -v strace >/dev/null; then
	echo "1..0 # skip queries are read with strace from the plain library"
	exit 0
fi
cares=$(ARESOLV_LIB=$lib "$aresolv" --version | sed -n 's/.*(c-ares \([0-9.]*\))$/\1/p')

# queries MODE QUERY...: one line per DNS query sent: "QNAME ARCOUNT LEN"
queries() {
	local mode=$1
	shift
	: > "$dir/trace"
	strace -f -e trace=sendmsg,sendmmsg,sendto -xx -s 1000 -o "$dir/strace" \
		-E "LD_PRELOAD=$lib" -E "ARESOLV_MODE=$mode" -E "ARESOLV_TRACE=$dir/trace" \
		"$q" "$@" > "$dir/out" || return 1
	"$PY" - "$dir/strace" <<'PY'
import re, sys
for line in open(sys.argv[1]):
    for m in re.finditer(r'(?:iov_base=|sendto\(\d+, )"((?:\\x[0-9a-f]{2})+)"', line):
        b = bytes.fromhex(m.group(1).replace("\\x", ""))
        if len(b) < 17:
            continue
        p, labels = 12, []
        while p < len(b) and b[p]:
            labels.append(b[p + 1:p + 1 + b[p]].decode("latin-1"))
            p += 1 + b[p]
        print(".".join(labels), int.from_bytes(b[10:12], "big"), len(b))
PY
}

batch=$dir/batch
printf '%s\n' "gai WwW.AreSolv.TEST 80 --family 4 --socktype stream" \
	"gai WwW.AreSolv.TEST 80 --family 4 --socktype stream" > "$batch"
got=$(queries compat --batch "$batch")
diag "compat, c-ares $cares:" "$got"
is "$(awk '{print $1}' <<<"$got" | sort -u)" "WwW.AreSolv.TEST" "compat: the name as it was given, no 0x20 case mixing"
is "$(awk '{print $2}' <<<"$got" | sort -u)" "0" "compat: no additional record (no EDNS OPT, no cookie), as glibc"
is "$(wc -l <<<"$got")" "2" "compat: two lookups, two queries (no cache)"
is "$(grep -c '^ai ' "$dir/out")" "2" "compat: both answered"
is "$(grep -c 'getaddrinfo .*path=dns result=OK' "$dir/trace")" "2" "compat: both by aresolv, through c-ares"

got=$(queries native gai www.aresolv.test 80 --family 4 --socktype stream)
diag "native, c-ares $cares:" "$got"
case $cares in
1.1[0-9].*) want=0 why="c-ares $cares sends no EDNS by default" ;;
*) want=1 why="c-ares $cares sends EDNS (an OPT record, a cookie in it) by default" ;;
esac
is "$(awk '{print $2}' <<<"$got" | sort -u)" "$want" "native: $why"
is "$(grep -c '^ai ' "$dir/out")" "1" "native: answered"
is "$(grep -c 'getaddrinfo .*path=dns result=OK' "$dir/trace")" "1" "native: by aresolv, through c-ares"

# AF_UNSPEC: the A and AAAA queries in one sendmmsg, as glibc sends them
strace -f -e trace=sendmsg,sendmmsg -o "$dir/strace" -E "LD_PRELOAD=$lib" \
	"$q" gai dual.aresolv.test 80 --socktype stream > "$dir/out"
is "$(grep -cE '^[0-9]+ +sendmmsg\(.*\) = 2$' "$dir/strace"):$(grep -cE '^[0-9]+ +sendmsg\(' "$dir/strace")" "1:0" \
	"AF_UNSPEC: both queries in one sendmmsg, no sendmsg"
is "$(grep -c '^ai ' "$dir/out")" "2" "AF_UNSPEC: both answered"
# a sendmmsg that fails (tests/sendfail.c): the queries go one by one;
# every send failing: EAI_AGAIN at once, not after the first try's
# timeout (resolv.conf: timeout:1), as on a failed sendmsg
helper sendfail.so
: > "$dir/trace"
LD_PRELOAD="$helper $lib" ARESOLV_TRACE=$dir/trace "$q" gai dual.aresolv.test 80 --socktype stream > "$dir/out"
is "$(grep -c '^ai ' "$dir/out")" "2" "sendmmsg refused: both queries sent one by one, both answered"
: > "$dir/trace"
SENDFAIL_ALL=1 LD_PRELOAD="$helper $lib" ARESOLV_TRACE=$dir/trace "$q" gai dual.aresolv.test 80 --socktype stream > "$dir/out"
like "$(cat "$dir/out")" 'error EAI_AGAIN msg=' "every send failing: EAI_AGAIN"
us=$(sed -n 's/.*getaddrinfo .*path=dns result=EAI_AGAIN .*us=\([0-9]*\).*/\1/p' "$dir/trace")
((${us:-1000000} < 1000000))
ok $? "every send failing: over in ${us:-?} us, before the first try's 1 s timeout"
done_testing
