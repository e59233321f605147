#!/usr/bin/env bash
# Answers mode (issue 25): every DNS question answered from a file
# (ARESOLV_ANSWERS, or resolv_wrapper's RESOLV_WRAPPER_HOSTS), in process,
# through c-ares' own parser; aresolv record and the replay of a run.
#  - tests/fixtures/answers.txt: names no server here knows, each form of
#    the file: every entry point answers from it, what it denies is
#    denied, and no inet socket is opened (strace);
#  - resolv_wrapper's own example file (tests/fixtures/answers-cwrap.txt):
#    getent and Python's getaddrinfo answer from it, as they do not under
#    resolv_wrapper, and res_query's answer is resolv_wrapper's;
#  - a 255-address answer behind three CNAMEs: truncated over UDP, whole
#    over TCP, every address through getaddrinfo and gethostbyname;
#  - record and replay: tests/30-diff.t's corpus (the queries asked of the
#    namespace's dnsmasq), recorded by `aresolv record`, then replayed by
#    `aresolv --answers` with no server reachable: each query's result is
#    the recorded run's, and differs from glibc's (asking dnsmasq) only
#    where the recorded run's does.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
d=$ARESOLV_NS_DIR/answers
mkdir -p "$d"
trace=$d/trace
fx=$tap_repo/tests/fixtures
F=$fx/answers.txt
q=$build/aresolv-query
plain=
[[ -z ${ARESOLV_TEST_WRAP-}${ARESOLV_TEST_PRELOAD-} ]] && plain=1
# ans CMD...: preloaded, answered from $F, traced to $trace (emptied)
ans() { : > "$trace"; ARESOLV_ANSWERS=$F ARESOLV_TRACE=$trace preload "$@" 2>/dev/null; }
traced() { grep -c "$1" "$trace"; }

# ---- every entry point, from the file ----------------------------------
out=$(ans "$q" gai www.answers.test --socktype stream)
like "$out" 'addr=10\.54\.0\.10 ' "getaddrinfo: the file's A record"
like "$out" 'addr=fd54::10 ' "getaddrinfo: and its AAAA record"
like "$(cat "$trace")" 'getaddrinfo node="www\.answers\.test" .*path=dns result=OK' "the trace: aresolv asked DNS (path=dns)"
nrec=$(grep -cv -e '^#' -e '^$' "$F")
like "$(cat "$trace")" "answers $F: $nrec records" "the trace: the file's $nrec records read"

out=$(ans "$q" gai alias.answers.test --family 4 --socktype stream --flags CANONNAME)
like "$out" 'addr=10\.54\.0\.10 .*canonname="www\.answers\.test"' "a chain of three CNAMEs followed, the canonical name its end"
out=$(ans "$q" ghbn alias.answers.test)
like "$out" 'h_name="www\.answers\.test"' "gethostbyname: the chain's end as h_name"
like "$out" 'alias "alias\.answers\.test"' "and the aliases"
like "$out" 'addr 10\.54\.0\.10' "and the address"
out=$(ans "$q" gai www2.answers.test --family 4 --socktype stream)
like "$out" 'addr=10\.54\.0\.11 ' "names match whatever their case and trailing dot (WWW2.Answers.Test.)"
out=$(ans "$q" ghba 10.54.0.10)
like "$out" 'h_name="www\.answers\.test"' "gethostbyaddr: the PTR written as an address"
out=$(ans "$q" ghba fd54::10)
like "$out" 'h_name="www\.answers\.test"' "gethostbyaddr, IPv6: the PTR written as an address"
out=$(ans "$q" gni 10.54.0.11 80 --flags NAMEREQD)
like "$out" 'host="www2\.answers\.test"' "getnameinfo: the PTR written as an in-addr.arpa name"
is "$(traced 'getnameinfo .*path=dns result=OK')" 1 "and aresolv answered it (path=dns)"
out=$(ans "$q" gaia www.answers.test alias.answers.test gone.answers.test)
like "$out" 'request node="alias\.answers\.test"'$'\n''ai .*addr=10\.54\.0\.10 ' "getaddrinfo_a: answered from the file"
is "$(traced 'getaddrinfo node=".*answers\.test" .*path=dns')" 3 "each request a getaddrinfo of aresolv's"

# res_* and the types
rq() { ans "$q" res_query "$@" | sed -n 's/^an //p'; }
out=$(rq _sip._udp.answers.test SRV)
like "$out" 'type=SRV 10 60 5060 "www\.answers\.test"' "SRV: priority and weight as written"
like "$out" 'type=SRV 1 100 5061 "www2\.answers\.test"' "SRV: else resolv_wrapper's 1 100"
like "$(rq answers.test MX)" 'type=MX 5 "mail\.answers\.test"' "MX"
like "$(rq answers.test NS)" 'type=NS "ns1\.answers\.test"' "NS"
like "$(rq answers.test SOA)" 'type=SOA "ns1\.answers\.test" "admin\.answers\.test" 2026120601 3600 300 1814400 600' "SOA"
like "$(rq answers.test TXT)" 'type=TXT "v=spf1 -all"' "TXT: the rest of the line"
like "$(rq quoted.answers.test TXT)" 'type=TXT "two" "strings, with \\"quotes\\""' "TXT: quoted strings"
like "$(rq _vpn.answers.test URI)" 'type=URI 5 50 "https://vpn\.answers\.test/VPN"' "URI"
like "$(rq sshfp.answers.test SSHFP)" 'type=SSHFP 1 1 hex:101112131415161718191a1b1c1d1e1f20212223' "any type, in RFC 3597's form (TYPE44: SSHFP)"
like "$(rq 10.0.54.10.in-addr.arpa PTR)" 'type=PTR "www\.answers\.test"' "PTR"
like "$(rq ttl.answers.test A)" 'ttl=3600 .*10\.54\.0\.30' "a TTL before the type"
like "$(rq www.answers.test A)" 'ttl=600 ' "else resolv_wrapper's 600"
like "$(ans "$q" res_search www A --dnsrch answers.test | sed -n 's/^an //p')" '"www\.answers\.test" .*10\.54\.0\.10' "res_search: through the search list"

# what the file denies
out=$(ans "$q" res_query v4only.answers.test AAAA)
like "$out" 'h_errno=NO_DATA' "NODATA NAME TYPE: no data"
like "$out" 'rcode=NOERROR' "with NOERROR"
like "$(ans "$q" res_query v4only.answers.test TXT)" 'h_errno=NO_DATA' "a name in the file without the type asked: no data"
like "$(ans "$q" res_query gone.answers.test A)" 'rcode=NXDOMAIN' "NXDOMAIN NAME"
like "$(ans "$q" res_query notinfile.answers.test A)" 'rcode=NXDOMAIN' "a name not in the file: NXDOMAIN"
like "$(ans "$q" gai notinfile.answers.test)" 'error EAI_NONAME' "getaddrinfo: EAI_NONAME"
out=$(ans "$q" res_query dangling.answers.test A)
like "$out" 'rcode=NXDOMAIN' "a CNAME to a name not in the file: NXDOMAIN"
like "$out" 'an "dangling\.answers\.test" .*type=CNAME "nowhere\.answers\.test"' "with the CNAME, as a server answers"
like "$(ans "$q" gai broken.answers.test)" 'error EAI_AGAIN' "SERVFAIL NAME: EAI_AGAIN"
# bad input: every lookup fails, none goes out, and it is said once
printf '%s\n' "A ok.answers.test 10.54.0.1" "A bad.answers.test 10.54.0.300" > "$d/badline.txt"
printf '%s\n' "A ok.answers.test 10.54.0.1" "CNAME l1.answers.test l2.answers.test" \
	"CNAME l2.answers.test l1.answers.test" > "$d/loop.txt"
printf '%s\n' "A ok.answers.test 10.54.0.1" "A $(printf 'x%.0s' $(seq 64)).answers.test 10.54.0.2" > "$d/label.txt"
for c in "badline.txt:2: a value that is not one of this type" "loop.txt: a CNAME loop through l1.answers.test" \
	"label.txt:2: not a domain name" "no-such-file: cannot be read"; do
	f=${c%%:*}
	why=${c#"$f"}
	: > "$trace"
	out=$(ARESOLV_ANSWERS=$d/$f ARESOLV_TRACE=$trace preload "$q" gai ok.answers.test 2>"$d/err"; ARESOLV_ANSWERS=$d/$f preload "$q" ghbr ok.answers.test 2>/dev/null)
	like "$out" 'error EAI_FAIL[[:print:][:space:]]*h_errno=NO_RECOVERY' "$f: getaddrinfo EAI_FAIL, gethostbyname_r NO_RECOVERY"
	is "$(cat "$d/err")" "aresolv: answers $d/$f$why: every DNS lookup fails" "$f: one line on stderr names the file, line and reason"
	like "$(cat "$trace")" "answers $d/$f$why" "$f: and the trace"
	ARESOLV_LIB=$difflib "$aresolv" --answers "$d/$f" -- true 2>"$d/err"
	st=$?
	is "$st:$(grep -c "$f" "$d/err")" "2:1" "the launcher refuses to start with it (exit 2, naming it)"
done

# no inet socket at all: every reply came from the file
if [[ -n $plain ]] && command -v strace >/dev/null; then
	ARESOLV_ANSWERS=$F strace -f -qq -yy -e trace=sendto,sendmsg,sendmmsg -o "$d/strace" \
		env LD_PRELOAD="$lib" sh -c "getent ahosts alias.answers.test; getent hosts 10.54.0.10;
		$q res_query _sip._udp.answers.test SRV; $PY -c 'import socket; socket.getaddrinfo(\"www.answers.test\", 80)'" >/dev/null 2>&1
	is "$(grep -cE 'send(to|msg|mmsg)\([0-9]+<(UDP|TCP)' "$d/strace")" 0 "strace: nothing sent on a UDP or TCP socket by getent, the query tool or Python"
	ok $(( $(grep -c 'send.*<UNIX' "$d/strace") == 0 )) "the questions went to socket pairs ($(grep -c 'send.*<UNIX' "$d/strace") sends)"
else
	skip "strace: the plain library only"
	skip "strace: the plain library only"
fi

# ARESOLV_ANSWERS_MISSING=servers: a name the file lacks goes to the server
like "$(ans "$q" gai www.aresolv.test --family 4)" 'error EAI_NONAME' "www.aresolv.test, which dnsmasq serves: NXDOMAIN from the file"
out=$(ARESOLV_ANSWERS_MISSING=servers ans "$q" gai www.aresolv.test --family 4 --socktype stream)
like "$out" 'addr=10\.53\.0\.10 ' "ARESOLV_ANSWERS_MISSING=servers: asked of dnsmasq"
like "$(ARESOLV_ANSWERS_MISSING=servers ans "$q" gai www.answers.test --family 4 --socktype stream)" 'addr=10\.54\.0\.10 ' "and the file's names still from the file"

# ---- a large answer: 255 addresses behind three CNAMEs ------------------
big=$d/big.txt
{
	echo "CNAME big1.answers.test big2.answers.test"
	echo "CNAME big2.answers.test big3.answers.test"
	echo "CNAME big3.answers.test big.answers.test"
	for i in $(seq 1 255); do echo "A big.answers.test 10.55.$((i / 256)).$((i % 256))"; done
} > "$big"
n=$(ARESOLV_ANSWERS=$big preload "$q" gai big1.answers.test --family 4 --socktype stream 2>/dev/null | grep -c 'addr=10\.55\.')
is "$n" 255 "getaddrinfo: every address of 255 behind three CNAMEs"
out=$(ARESOLV_ANSWERS=$big preload "$PY" -c 'import socket; n, a, l = socket.gethostbyname_ex("big1.answers.test"); print(n, len(a), len(set(l)))' 2>&1)
is "$out" "big.answers.test 3 255" "gethostbyname (Python's gethostbyname_ex): the name, the three aliases, 255 addresses"
if [[ -n $plain ]] && command -v strace >/dev/null; then
	ARESOLV_ANSWERS=$big strace -f -qq -e trace=socketpair -o "$d/strace.big" \
		env LD_PRELOAD="$lib" "$q" gai big1.answers.test --family 4 >/dev/null 2>&1
	like "$(cat "$d/strace.big")" 'SOCK_DGRAM.*'$'\n''.*SOCK_STREAM' "truncated over UDP, asked again over TCP"
else
	skip "strace: the plain library only"
fi

# ---- resolv_wrapper's file and resolv_wrapper itself --------------------
cw=$fx/answers-cwrap.txt
: > "$trace"
out=$(RESOLV_WRAPPER_HOSTS=$cw ARESOLV_TRACE=$trace preload getent hosts kerberos.cwrap.org 2>/dev/null)
like "$out" '^fd00::5357:5f0a +dc\.cwrap\.org +kerberos\.cwrap\.org' "RESOLV_WRAPPER_HOSTS: getent hosts answers from resolv_wrapper's own example"
like "$(cat "$trace")" "answers $cw: 6 records" "(aresolv read it)"
out=$(RESOLV_WRAPPER_HOSTS=$cw preload "$PY" -c 'import socket; print(sorted({a[4][0] for a in socket.getaddrinfo("dc.cwrap.org", 88)}))' 2>&1)
is "$out" "['127.0.0.10', 'fd00::5357:5f0a']" "and Python's getaddrinfo, which fails under resolv_wrapper"
like "$(RESOLV_WRAPPER_HOSTS=$cw ARESOLV_ANSWERS=$F preload getent hosts dc.cwrap.org; echo "st=$?")" 'st=2' "ARESOLV_ANSWERS comes before RESOLV_WRAPPER_HOSTS"
rw=$(ls /usr/lib/*/libresolv_wrapper.so 2>/dev/null | head -1)
if [[ -n $rw && -z ${ARESOLV_TEST_WRAP-} ]]; then
	for qt in "_kerberos._tcp.cwrap.org SRV" "dc.cwrap.org A" "dc.cwrap.org AAAA" "kerberos.cwrap.org CNAME"; do
		# shellcheck disable=SC2086
		want=$(RESOLV_WRAPPER_HOSTS=$cw LD_PRELOAD=$rw "$q" res_query $qt 2>/dev/null | sed -n 's/^an //p')
		# shellcheck disable=SC2086
		got=$(RESOLV_WRAPPER_HOSTS=$cw preload "$q" res_query $qt 2>/dev/null | sed -n 's/^an //p')
		ok $(( ${#want} == 0 )) "resolv_wrapper answers res_query $qt"
		is "$got" "$want" "res_query $qt: resolv_wrapper's answer section"
	done
else
	for i in 1 2 3 4 5 6 7 8; do skip "libresolv_wrapper.so (Debian's libresolv-wrapper) not installed"; done
fi

# resolv_wrapper's own fake-answer cases (its tests/test_dns_fake.c), through
# res_ninit + res_nquery, on a file in its format with its malformed line
# ("A brokenrecord.com", skipped as resolv_wrapper skips it)
rwf=$d/fake_hosts
printf '%s\n' "A brokenrecord.com" "A cwrap.org 127.0.0.21" "AAAA cwrap6.org 2a00:1450:4013:c01::63" \
	"SRV _ldap._tcp.cwrap.org ldap.cwrap.org 389 1 5" "SRV _krb5._tcp.cwrap.org krb5.cwrap.org 88" \
	"SOA cwrap.org ns1.cwrap.org admin.cwrap.org 2014100457 3600 300 1814400 600" \
	"CNAME rwrap.org web.cwrap.org" "CNAME web.cwrap.org www.cwrap.org" "A www.cwrap.org 127.0.0.22" \
	"A krb5.cwrap.org 127.0.0.23" > "$rwf"
rn() { RESOLV_WRAPPER_HOSTS=$rwf preload "$q" res_nquery "$@" 2>/dev/null; }
like "$(rn cwrap.org A)" 'an "cwrap\.org" .*type=A 127\.0\.0\.21' "resolv_wrapper's cases, res_nquery: A"
like "$(rn cwrap6.org AAAA)" 'type=AAAA 2a00:1450:4013:c01::63' "AAAA"
like "$(rn CWRAP.ORG A)" 'type=A 127\.0\.0\.21' "a name in another case"
like "$(rn cwrap.org. A)" 'type=A 127\.0\.0\.21' "a trailing dot"
# not found: resolv_wrapper's reply, NOERROR with no answer (its res_nquery
# returns that reply's length; glibc's, -1 with NO_DATA)
like "$(rn nosuchrecord.cwrap.org A)" 'h_errno=NO_DATA .*'$'\n''header .*rcode=NOERROR qd=1 an=0' "not found: resolv_wrapper's NOERROR reply with no answer"
like "$(rn brokenrecord.com A)" 'rcode=NOERROR qd=1 an=0' "the malformed line's name: not found"
like "$(RESOLV_WRAPPER_HOSTS=$rwf ARESOLV_ANSWERS_MISSING=nxdomain preload "$q" res_nquery nosuchrecord.cwrap.org A 2>/dev/null)" 'h_errno=HOST_NOT_FOUND .*'$'\n''header .*rcode=NXDOMAIN' "ARESOLV_ANSWERS_MISSING=nxdomain: NXDOMAIN instead"
like "$(ARESOLV_ANSWERS=$F ARESOLV_ANSWERS_MISSING=nodata preload "$q" gai nosuch.answers.test 2>/dev/null)" 'EAI_NODATA' "ARESOLV_ANSWERS_MISSING=nodata with ARESOLV_ANSWERS: no data"
out=$(rn _krb5._tcp.cwrap.org SRV)
like "$out" 'ar=1' "SRV: the target's address in the additional section, as resolv_wrapper"
like "$out" 'ar "krb5\.cwrap\.org" .*type=A 127\.0\.0\.23' "(krb5.cwrap.org's A)"
like "$(rn _ldap._tcp.cwrap.org SRV)" 'type=SRV 1 5 389 "ldap\.cwrap\.org"' "SRV with priority and weight"
like "$(rn _krb5._tcp.cwrap.org SRV)" 'type=SRV 1 100 88 "krb5\.cwrap\.org"' "SRV without: 1 and 100"
like "$(rn cwrap.org SOA)" 'type=SOA "ns1\.cwrap\.org" "admin\.cwrap\.org" 2014100457 3600 300 1814400 600' "SOA"
like "$(rn rwrap.org CNAME)" 'type=CNAME "web\.cwrap\.org"' "CNAME"
out=$(rn rwrap.org A)
like "$out" 'type=CNAME "web\.cwrap\.org"[[:print:][:space:]]*type=CNAME "www\.cwrap\.org"[[:print:][:space:]]*type=A 127\.0\.0\.22' "A through two CNAMEs"

# in a network namespace with no interface up, not even lo
if unshare -n true 2>/dev/null; then
	out=$(ARESOLV_ANSWERS=$F unshare -n env LD_PRELOAD="$difflib" sh -c "ip -o link show up | grep -c . ;
		getent hosts alias.answers.test;
		$PY -c 'import socket; print(socket.getaddrinfo(\"www.answers.test\", 80, socket.AF_INET)[0][4][0])';
		curl -sS --max-time 5 http://www.answers.test:1/ 2>&1; echo curl \$?" 2>&1)
	like "$out" '^0'$'\n' "no interface up in the namespace"
	like "$out" 'fd54::10 +www\.answers\.test +alias\.answers\.test' "getent answered from the file there (hosts: ahosts' AI_ADDRCONFIG finds no address up)"
	like "$out" $'\n''10\.54\.0\.10'$'\n' "Python's getaddrinfo too"
	like "$out" 'curl 7$' "curl resolved the name (it fails to connect: exit 7, not 6)"
else
	for i in 1 2 3 4; do skip "unshare -n: not allowed here"; done
fi

# ---- the launcher -----------------------------------------------------
out=$(ARESOLV_LIB=$difflib "$aresolv" --answers "$F" -- getent hosts www2.answers.test 2>&1)
like "$out" '10\.54\.0\.11 +www2\.answers\.test' "aresolv --answers FILE -- COMMAND"
ARESOLV_LIB=$difflib "$aresolv" --missing sometimes --answers "$F" -- true 2>/dev/null
is "$?" 2 "--missing other than nxdomain or servers: a usage error (2)"

# ---- record, then replay ----------------------------------------------
# The corpus's queries of the namespace's dnsmasq.  Left out: those that
# name other servers (--servers: a file is one DNS), cut replies short
# (--anslen: the lengths are dnsmasq's), ask a server that never answers
# (servfail.aresolv.test: a timeout is no answer to record) or send
# opcodes other than QUERY (--opcode, or a raw --query: dnsmasq's rcode
# for them changed in 2.90, tests/lib/query_opcode.py).
grep -v '^#' "$fx/diff-corpus.txt" | grep . |
	grep -v -e '--servers' -e '--anslen' -e 'servfail\.' -e '--opcode' |
	"$PY" "$tap_repo/tests/lib/query_opcode.py" > "$d/corpus"
rec=$d/recorded.txt
"$q" --batch "$d/corpus" > "$d/glibc.out" 2>/dev/null
ARESOLV_LIB=$difflib "$aresolv" record "$rec" -- "$q" --batch "$d/corpus" > "$d/rec.out" 2>/dev/null
is "$?" 0 "aresolv record FILE -- the query tool: its exit status"
ok $(( $(grep -c . "$rec") < 20 )) "the run's answers recorded ($(grep -c . "$rec") lines)"
ARESOLV_LIB=$difflib "$aresolv" --answers "$rec" --servers 127.0.0.1:9 -- "$q" --batch "$d/corpus" > "$d/replay.out" 2>/dev/null
# each query's output on a line, made comparable across servers
split_q() { "$PY" "$tap_repo/tests/lib/split_q.py" "$1"; }
split_q "$d/rec.out" > "$d/rec.q"
split_q "$d/replay.out" > "$d/replay.q"
split_q "$d/glibc.out" > "$d/glibc.q"
nq=$(grep -c . "$d/corpus")
is "$(wc -l < "$d/rec.q")" "$nq" "the recorded run's output: one for each of the $nq queries"
diff "$d/rec.q" "$d/replay.q" > "$d/replay.diff"
ok $? "the replay from the file, no server reachable: each query's result the recorded run's"
[[ -s $d/replay.diff ]] && diag "$(head -20 "$d/replay.diff")"
comm -3 <(diff "$d/glibc.q" "$d/rec.q" | grep '^<' | sort) <(diff "$d/glibc.q" "$d/replay.q" | grep '^<' | sort) > "$d/vsglibc.diff"
ok $(( $(wc -l < "$d/vsglibc.diff") != 0 )) "the replay differs from glibc asking dnsmasq exactly where the recorded run does"
[[ -s $d/vsglibc.diff ]] && diag "$(head -10 "$d/vsglibc.diff")"

# real programs' run (getent, Python), recorded from dnsmasq, then replayed
# with no server reachable: the same output, byte for byte
progs='getent ahosts dual.aresolv.test; getent hosts c1.aresolv.test; getent hosts 10.53.0.10
getent hosts nosuch.aresolv.test; echo "getent: $?"
"$0" -c "import socket
print(socket.getaddrinfo(\"www.aresolv.test\", 80, type=socket.SOCK_STREAM))
print(socket.gethostbyname_ex(\"c1.aresolv.test\"))
print(socket.gethostbyaddr(\"10.53.0.10\"))"'
ARESOLV_LIB=$difflib "$aresolv" record "$d/progs.txt" -- sh -c "$progs" "$PY" > "$d/progs.rec" 2>&1
ARESOLV_LIB=$difflib "$aresolv" --answers "$d/progs.txt" --servers 127.0.0.1:9 -- \
	sh -c "$progs" "$PY" > "$d/progs.replay" 2>&1
like "$(cat "$d/progs.rec")" "10\.53\.0\.10.*"$'\n'".*getent: 2"$'\n'".*target\.aresolv\.test" "a run of getent and Python recorded from dnsmasq"
cmp "$d/progs.rec" "$d/progs.replay" > /dev/null
ok $? "replayed from the recording, no server reachable: byte-identical output ($(wc -c < "$d/progs.rec") bytes)"
[[ -s $d/progs.replay ]] && ! cmp -s "$d/progs.rec" "$d/progs.replay" && diag "$(diff "$d/progs.rec" "$d/progs.replay" | head -10)"

# re-recording merges: a name and type the new run asked replace the old
# lines for them; the rest stays
printf '%s\n' "A www.aresolv.test 192.0.2.1" "A kept.answers.test 192.0.2.2" > "$d/merge.txt"
ARESOLV_LIB=$difflib "$aresolv" record "$d/merge.txt" -- "$q" gai www.aresolv.test --family 4 >/dev/null 2>&1
m=$(cat "$d/merge.txt")
like "$m" 'A www\.aresolv\.test 10\.53\.0\.10' "re-recording: the new answer for www.aresolv.test A"
ok $(grep -c '192\.0\.2\.1' <<< "$m") "and the old one for it gone"
like "$m" '^A kept\.answers\.test 192\.0\.2\.2' "a name the run did not ask kept"
ARESOLV_LIB=$difflib "$aresolv" record "$d/merge.txt" -- sh -c 'exit 3' 2>/dev/null
is "$?" 3 "aresolv record exits with COMMAND's status"

done_testing
