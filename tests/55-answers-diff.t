#!/usr/bin/env bash
# aresolv diff --answers and aresolv-query --answers (issue 25, items 4
# and 7): a resolver comparison that asks no DNS server.  glibc's half is
# glibc's own resolver pointed at the loopback server the library runs in
# the process (src/lsrv.c), answering from the same file.
#  - tests/30-diff.t's corpus recorded from the namespace's dnsmasq: glibc
#    answered from the recording gives, query for query, what glibc
#    asking dnsmasq gives; aresolv diff --answers over it gives the same
#    verdicts as aresolv diff asking dnsmasq; strace sees nothing sent to
#    dnsmasq;
#  - a program under aresolv diff --answers -- gets (glibc's answer being
#    the primary) names only the file has;
#  - a file the library cannot use, --missing, the loopback interface
#    down; the loopback server after fork() with the parent gone and after
#    the program closed every descriptor; aresolv-query --answers.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
d=$ARESOLV_NS_DIR/answers-diff
mkdir -p "$d"
fx=$tap_repo/tests/fixtures
F=$fx/answers.txt
q=$build/aresolv-query
plain=
[[ -z ${ARESOLV_TEST_WRAP-}${ARESOLV_TEST_PRELOAD-} ]] && plain=1
adiff() { ARESOLV_LIB=$difflib ARESOLV_QUERY=$q "$aresolv" diff "$@"; }
ns=$(awk '$1 == "nameserver" { print $2; exit }' /etc/resolv.conf)
# glibc's resolver, answered from FILE: the library hands every call to libc
gfile() { local f=$1; shift; ARESOLV_DISABLE=1 ARESOLV_ANSWERS=$f preload "$@"; }

# ---- glibc answered from a file ----------------------------------------
out=$(gfile "$F" "$q" gai alias.answers.test --family 4 --socktype stream --flags CANONNAME 2>&1)
like "$out" 'addr=10\.54\.0\.10 .*canonname="www\.answers\.test"' "glibc's getaddrinfo, ARESOLV_DISABLE=1: a name only the file has, through its CNAME chain"
like "$(gfile "$F" "$q" ghba 10.54.0.10 2>&1)" 'h_name="www\.answers\.test"' "glibc's gethostbyaddr: the file's PTR"
like "$(gfile "$F" "$q" res_query answers.test MX 2>&1)" 'an "answers\.test" .*type=MX 5 "mail\.answers\.test"' "glibc's res_query: the file's MX"
like "$(gfile "$F" "$q" res_nquery answers.test NS --state init 2>&1)" 'type=NS "ns1\.answers\.test"' "glibc's res_nquery, the program's own state: the file's NS"
like "$(gfile "$F" "$q" gaia www.answers.test www2.answers.test 2>&1)" 'request node="www2\.answers\.test"'$'\n''ai .*addr=10\.54\.0\.11 ' "getaddrinfo_a: each request to glibc's getaddrinfo, from the file"
like "$(gfile "$F" "$q" gai gone.answers.test 2>&1)" 'error EAI_NONAME' "the file's NXDOMAIN"
like "$(gfile "$F" "$q" gai www.aresolv.test 2>&1)" 'error EAI_NONAME' "a name only dnsmasq has: NXDOMAIN, dnsmasq not asked"

# The corpus's queries of dnsmasq (as tests/54-answers.t takes them),
# recorded, then asked of glibc twice: of dnsmasq, and of the recording.
# Also left out: a search list set in _res (--search, --dnsrch).  glibc
# ignores it while the rest of _res matches resolv.conf; pointed at the
# loopback server, _res never matches, and glibc walks the list
# (docs/answers.md says so).
grep -v '^#' "$fx/diff-corpus.txt" | grep . |
	grep -v -e '--servers' -e '--anslen' -e 'servfail\.' -e '--opcode' -e '--search' -e '--dnsrch' |
	"$PY" "$tap_repo/tests/lib/query_opcode.py" > "$d/corpus"
nq=$(grep -c . "$d/corpus")
rec=$d/recorded.txt
ARESOLV_LIB=$difflib "$aresolv" record "$rec" -- "$q" --batch "$d/corpus" > /dev/null 2>&1
is "$?" 0 "the corpus's $nq queries recorded from dnsmasq"
"$q" --batch "$d/corpus" > "$d/glibc.out" 2>/dev/null
if [[ -n $plain ]] && command -v strace >/dev/null; then
	ARESOLV_DISABLE=1 ARESOLV_ANSWERS=$rec strace -f -qq -yy -e trace=sendto,sendmsg,sendmmsg,write \
		-o "$d/strace" env LD_PRELOAD="$lib" "$q" --batch "$d/corpus" > "$d/glibc-file.out" 2>/dev/null
	is "$(grep -cE "<(UDP|TCP):\[[^]]*->$ns:53\]>" "$d/strace")" 0 "strace: glibc sent nothing to dnsmasq ($ns)"
	n=$(grep -cE '<(UDP|TCP):\[127\.0\.0\.1:[0-9]+->127\.0\.0\.1:[0-9]+\]>' "$d/strace")
	ok $(( n == 0 )) "its questions went to the library's loopback server ($n sends)"
else
	gfile "$rec" "$q" --batch "$d/corpus" > "$d/glibc-file.out" 2>/dev/null
	skip "strace: the plain library only"
	skip "strace: the plain library only"
fi
# each query's output on a line, made comparable across servers
split_q() { "$PY" "$tap_repo/tests/lib/split_q.py" "$1"; }
split_q "$d/glibc.out" > "$d/glibc.q"
split_q "$d/glibc-file.out" > "$d/glibc-file.q"
is "$(wc -l < "$d/glibc-file.q")" "$nq" "glibc from the recording: an output for each query"
diff "$d/glibc.q" "$d/glibc-file.q" > "$d/glibc-file.diff"
ok $? "glibc answered from the recording: each query's result as glibc asking dnsmasq"
[[ -s $d/glibc-file.diff ]] && diag "$(head -20 "$d/glibc-file.diff")"

# ---- aresolv diff --answers FILE CORPUS ---------------------------------
adiff "$d/corpus" > "$d/vs-dnsmasq.txt"
adiff --answers "$rec" "$d/corpus" > "$d/vs-file.txt"
is "$?" 0 "aresolv diff --answers RECORDING CORPUS: exit 0"
is "$(tail -1 "$d/vs-file.txt")" "$(tail -1 "$d/vs-dnsmasq.txt")" "the same verdicts as aresolv diff asking dnsmasq ($(tail -1 "$d/vs-file.txt"))"
diff <(grep -v '^aresolv diff' "$d/vs-dnsmasq.txt") <(grep -v '^aresolv diff' "$d/vs-file.txt") > /dev/null
ok $? "query for query"
printf '%s\n' 'gai alias.answers.test' 'gai gone.answers.test' 'gai v4only.answers.test --family 6' \
	'ghbn www.answers.test' 'ghba fd54::10' 'gni 10.54.0.11 80 --flags NAMEREQD' \
	'res_query _sip._udp.answers.test SRV' 'res_query answers.test SOA' 'res_query quoted.answers.test TXT' \
	'res_query broken.answers.test A' 'gai www.aresolv.test' > "$d/own"
adiff --answers "$F" --format json "$d/own" > "$d/own.json"
is "$?" 0 "aresolv diff --answers over the file's own names: exit 0"
got=$("$PY" - "$d/own.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
by = {q["query"]: q for q in d["queries"]}
assert all(q["status"] == "identical" for q in d["queries"]), [q["query"] for q in d["queries"] if q["status"] != "identical"]
assert any("10.54.0.10" in l for l in by["gai alias.answers.test"]["glibc"])
assert any("EAI_NONAME" in l for l in by["gai www.aresolv.test"]["glibc"])
print(d["summary"]["total"])
PY
)
is "$got" 11 "every one identical, glibc's half answered from the file (alias.answers.test's address; www.aresolv.test, which dnsmasq has, NXDOMAIN)"
adiff --answers "$F" --missing servers --format json - <<< 'gai www.aresolv.test --family 4' > "$d/missing.json"
like "$(cat "$d/missing.json")" '"glibc": \[[^]]*addr=10\.53\.0\.10' "--missing servers: a name the file lacks asked of dnsmasq, by glibc's half too"
is "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["identical"])' "$d/missing.json")" 1 "and identical"

# ---- aresolv diff --answers FILE -- COMMAND -----------------------------
prog='import socket
for n in ("alias.answers.test", "gone.answers.test"):
    try: print(n, socket.getaddrinfo(n, 80, socket.AF_INET, socket.SOCK_STREAM)[0][4][0])
    except OSError as e: print(n, e.errno)
print(socket.gethostbyaddr("10.54.0.11")[0])'
out=$(adiff --answers "$F" --output "$d/cmd.txt" -- "$PY" -c "$prog" 2>/dev/null)
is "$?" 0 "aresolv diff --answers FILE -- python3: exit 0"
is "$out" $'alias.answers.test 10.54.0.10\ngone.answers.test -2\nwww2.answers.test' "the program got glibc's answers (the primary), from the file"
like "$(tail -1 "$d/cmd.txt")" '3 queries, 3 identical, 0 different' "aresolv's the same, for its 3 calls"

# ---- what is refused ----------------------------------------------------
printf '%s\n' 'A ok.answers.test 10.0.0.1' 'A bad.answers.test 10.0.0.300' > "$d/bad.txt"
out=$(adiff --answers "$d/bad.txt" "$d/own" 2>&1)
is "$?" 2 "a file the library cannot use: exit 2"
like "$out" "answers $d/bad\.txt:2: " "naming FILE:LINE"
out=$(adiff --answers "$d/bad.txt" -- true 2>&1)
is "$?" 2 "with -- COMMAND too"
adiff --missing servers "$d/own" > /dev/null 2>&1
is "$?" 2 "--missing without --answers: a usage error"
if unshare -n true 2>/dev/null; then
	out=$(unshare -n env ARESOLV_LIB="$difflib" ARESOLV_QUERY="$q" "$aresolv" diff --answers "$F" "$d/own" 2>&1)
	is "$?" 2 "no loopback interface up (unshare -n): exit 2"
	like "$out" 'unreachable here.*loopback' "saying why"
else
	skip "unshare -n: not allowed here"
	skip "unshare -n: not allowed here"
fi

# ---- the loopback server's life -----------------------------------------
out=$(gfile "$F" "$PY" -c '
import os, socket, time
g = lambda n: socket.getaddrinfo(n, 80, socket.AF_INET, socket.SOCK_STREAM)[0][4][0]
print("parent", g("www.answers.test"), flush=True)
if os.fork():
    os._exit(0)
time.sleep(0.3)
print("child", g("www2.answers.test"), flush=True)
os.closerange(3, 65536)
print("closed", g("ttl.answers.test"), flush=True)
' 2>&1)
like "$out" 'child 10\.54\.0\.11' "a forked child, its parent gone: glibc's lookups still answered (a server of its own)"
like "$out" 'closed 10\.54\.0\.30' "after the program closed every descriptor: answered (the server opened again)"

# ---- aresolv-query --answers ----------------------------------------------
"$q" --answers "$F" gai www.answers.test > /dev/null 2>&1
is "$?" 2 "aresolv-query --answers without the library preloaded: exit 2 (glibc would ask the servers)"
like "$(ARESOLV_LIB=$difflib "$aresolv" "$q" --answers "$F" res_query _vpn.answers.test URI)" 'type=URI 5 50' "aresolv aresolv-query --answers FILE: answered from FILE"
like "$(echo 'gai www2.answers.test --family 4' | ARESOLV_LIB=$difflib "$aresolv" "$q" --answers="$F" --batch -)" 'addr=10\.54\.0\.11 ' "--answers=FILE --batch"

done_testing
