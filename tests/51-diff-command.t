#!/usr/bin/env bash
# aresolv diff -- COMMAND (issue 14): real programs run once in shadow
# mode (ARESOLV_SHADOW), each call answered by glibc and by aresolv: a
# shell script calling getent several ways, python with 8 threads, node's
# dns.lookup, curl, a program that forks and execs; compat mode identical,
# native mode's categories, --primary aresolv, the exit status, --record
# and its replay, the program's output unchanged, a silent server (one
# timeout, not two: the call's time against the sum of its halves'), the
# records' text against aresolv-query's own output, and the shadow path
# under valgrind and ASan.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
d=$ARESOLV_NS_DIR/diffcmd
mkdir -p "$d"
q=$build/aresolv-query
# aresolv diff runs with the plain library (an ASan build's needs its
# runtime first, which w() below gives the commands themselves)
dlib=$lib
[[ -n ${ARESOLV_TEST_PRELOAD-} ]] && dlib=$build/libaresolv.so
adiff() { ARESOLV_LIB=$dlib ARESOLV_QUERY=$q "$aresolv" diff "$@"; }
# w COMMAND: COMMAND as the tests' preload() runs it (make check-asan:
# the ASan library behind its runtime; make check-valgrind: under
# valgrind), with the shadow variables aresolv diff set.
mkdir -p "$d/bin"
cat > "$d/bin/w" <<'EOF'
#!/bin/bash
wrap=${ARESOLV_TEST_WRAP-} rt=${ARESOLV_TEST_PRELOAD-} l=$lib
[[ ${1##*/} == node* ]] && wrap=
[[ ${1##*/} == curl && -n $rt ]] && rt= l=$build/libaresolv.so
LD_PRELOAD=${rt:+$rt:}$l exec $wrap "$@"
EOF
chmod +x "$d/bin/w"
export PATH=$d/bin:$PATH lib build
# The report's JSON, read by python: prints what the expression says.
js() { # file expression
	$PY - "$1" "$2" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
s, qs = d["summary"], d["queries"]
print(eval(sys.argv[2]))
EOF
}

# The number of calls a report holds (none: the library did not record).
calls() { js "$1" 's["calls"]' 2>/dev/null || echo none; }

# ---- a shell script calling getent several ways ------------------------
cat > "$d/getent.sh" <<'EOF'
w getent ahosts www.aresolv.test
w getent ahostsv4 dual.aresolv.test
w getent ahostsv6 dual.aresolv.test
w getent hosts c1.aresolv.test
w getent hosts 10.53.0.10
w getent hosts hostsonly.test
w getent ahosts nx.aresolv.test
w getent hosts www.aresolv.test
exit 0
EOF
glibc_out=$(sed 's/w getent/getent/' "$d/getent.sh" | sh 2>&1)
adiff --format json --output "$d/getent.json" -- bash "$d/getent.sh" > "$d/getent.out" 2> "$d/getent.err"
is "$?:$(calls "$d/getent.json")" 0:10 "compat: a shell script calling getent 8 ways exits 0, 10 calls recorded"
is "$(cat "$d/getent.out")" "$glibc_out" "compat: the script's standard output is byte for byte glibc's own"
is "$(js "$d/getent.json" 's["different"], s["total"] > 8, s["calls"] >= 10, s["programs"]')" "(0, True, True, ['getent'])" \
	"compat: every call identical (distinct calls merged, each getent's lookups recorded)"
like "$(cat "$d/getent.err")" '^aresolv diff -- bash .*: exit 0, [0-9]+ calls by 8 processes \(getent\), primary glibc' \
	"--output: the command line and the summary line on stderr, 8 processes"
is "$(js "$d/getent.json" 'sorted({f for x in qs for f in x["functions"]})')" \
	"['getaddrinfo', 'gethostbyaddr', 'gethostbyname2']" "getent's getaddrinfo, gethostbyname2 and gethostbyaddr are all recorded"
is "$(js "$d/getent.json" 'd["schema"], len(qs) > 0 and all(set(x) >= {"query", "status", "categories", "allowed", "glibc", "aresolv"} for x in qs)')" \
	"('aresolv-diff/1', True)" "JSON: schema aresolv-diff/1, each entry as corpus mode's"
# the records' outcomes in aresolv-query's own words: each query, asked
# by aresolv-query alone, prints glibc's lines exactly
got=$($PY - "$d/getent.json" "$q" <<'EOF'
import json, subprocess, sys
qs = json.load(open(sys.argv[1]))["queries"]
lines = "\n".join(x["query"] for x in qs) + "\n"
out = subprocess.run([sys.argv[2], "--batch", "-"], input=lines, capture_output=True, text=True).stdout
blocks = [b.split("\n")[1:] for b in out.strip("\n").split("\n\n")]
bad = [x["query"] for x, b in zip(qs, blocks) if [l for l in b if l] != x["glibc"]]
print(len(blocks) == len(qs) and not bad or bad)
EOF
)
is "$got" True "each recorded query replays: aresolv-query --batch prints the recorded glibc lines"

adiff --mode native --format json --output "$d/getent-native.json" -- bash "$d/getent.sh" > "$d/getent-native.out" 2>/dev/null
is "$?" 1 "native: the script's differences make aresolv diff exit 1"
is "$(cat "$d/getent-native.out")" "$glibc_out" "native, --primary glibc: the script's output is still glibc's"
like "$(js "$d/getent-native.json" 's["categories"]')" "'socktype'" \
	"native: getaddrinfo without hints is classified socktype (c-ares makes one entry an address)"
got=$(js "$d/getent-native.json" 's["different"] > 0 and [x["query"] for x in qs if x["status"] == "different" and "other" in x["categories"]]')
is "$got" "[]" "native: every difference falls in a named category"

# ---- --primary aresolv --------------------------------------------------
adiff --mode native --primary aresolv --output "$d/raw.txt" -- bash -c 'w getent ahosts www.aresolv.test' > "$d/raw-a.out" 2>/dev/null
st=$?
adiff --mode native --output "$d/raw-g.txt" -- bash -c 'w getent ahosts www.aresolv.test' > "$d/raw-g.out" 2>/dev/null
like "$(cat "$d/raw-g.out")" 'RAW' "--primary glibc: getent ahosts prints glibc's SOCK_RAW entries"
if grep -q RAW "$d/raw-a.out" || ! grep -q '^10\.53\.0\.10 ' "$d/raw-a.out" || ! grep -q ' 1 calls' "$d/raw.txt"; then r=1; else r=0; fi
ok $r "--primary aresolv: the program prints c-ares' answer, no SOCK_RAW entry"
is "$st" 1 "--primary aresolv: the difference is reported all the same (exit 1)"

# ---- exit status ------------------------------------------------------------
adiff --format json --output "$d/e.json" -- bash -c 'w getent hosts www.aresolv.test >/dev/null; exit 3' 2>/dev/null
is "$?:$(calls "$d/e.json")" 3:2 "the command's non-zero exit status wins"
adiff --mode native --format json --output "$d/e.json" -- bash -c 'w getent ahosts www.aresolv.test >/dev/null; exit 5' 2>/dev/null
is "$?:$(js "$d/e.json" 's["failed"]')" 5:1 "... over differences too"
adiff --mode native --allow socktype --format json --output "$d/e.json" -- bash -c 'w getent ahosts www.aresolv.test >/dev/null' 2>/dev/null
is "$?:$(js "$d/e.json" 's["allowed"]')" 0:1 "--allow socktype: exit 0 with only allowed differences"
adiff --primary nobody -- true 2>/dev/null
is "$?" 2 "usage error: --primary nobody, exit 2"
adiff -- 2>/dev/null
is "$?" 2 "usage error: no COMMAND after --, exit 2"
adiff --record "$d/x.corpus" "$tap_repo/tests/fixtures/diff-known.txt" 2>/dev/null
is "$?" 2 "usage error: --record without a COMMAND, exit 2"
adiff -- bash -c 'kill -TERM $$' 2>/dev/null
is "$?" 143 "a command killed by SIGTERM: 128+15"

# ---- --record, then the corpus replayed --------------------------------
adiff --mode native --format json --record "$d/rec.corpus" --output "$d/rec.json" -- bash "$d/getent.sh" >/dev/null 2>&1
n=$(grep -cv '^#' "$d/rec.corpus")
is "$n" "$(js "$d/rec.json" 'len({x["query"] for x in qs}) or "none"')" "--record: one corpus line a distinct call ($n)"
adiff --mode native --format json "$d/rec.corpus" > "$d/replay.json"
got=$($PY - "$d/rec.json" "$d/replay.json" <<'EOF'
import json, sys
rec = {x["query"]: x["categories"] for x in json.load(open(sys.argv[1]))["queries"]}
rep = {x["query"]: x["categories"] for x in json.load(open(sys.argv[2]))["queries"]}
print("same" if rec and rec == rep else "%s\n%s" % (rec, rep))
EOF
)
is "$got" same "aresolv diff CORPUS replays the recorded calls with the same categories"

# ---- aresolv-query over the whole corpus, in shadow mode ------------------
# every verb (gai, ghbn*, ghbr, ghba, gni, gaia's requests, res_* on every
# kind of state): the records' lines are aresolv-query's own, so each
# recorded query, asked of aresolv-query alone, prints the recorded lines
corpus=$tap_repo/tests/fixtures/diff-corpus.txt
adiff --format json --output "$d/corpus.json" -- w "$q" --batch "$corpus" > "$d/corpus.out" 2>/dev/null
is "$?:$(js "$d/corpus.json" 's["different"], s["calls"] > 600')" "0:(0, True)" \
	"the corpus run by aresolv-query in shadow mode: every call identical, compat"
got=$($PY - "$d/corpus.json" "$q" <<'EOF'
import json, subprocess, sys
qs = [x for x in json.load(open(sys.argv[1]))["queries"] if x["replay"]]
out = subprocess.run([sys.argv[2], "--batch", "-"], input="\n".join(x["query"] for x in qs) + "\n",
                     capture_output=True, text=True).stdout
blocks = [[l for l in b.split("\n")[1:] if l] for b in out.strip("\n").split("\n\n")]
bad = [x["query"] for x, b in zip(qs, blocks) if b != x["glibc"]]
print(len(qs) > 600 and len(blocks) == len(qs) and not bad or (len(qs), bad[:5]))
EOF
)
is "$got" True "each recorded call, replayed by aresolv-query alone, prints the recorded glibc lines exactly"

# ---- python: 8 threads --------------------------------------------------
cat > "$d/threads.py" <<'EOF'
import socket, threading
names = ["www.aresolv.test", "dual.aresolv.test", "c1.aresolv.test", "hostsonly.test", "nx.aresolv.test", "v6only.aresolv.test"]
out = [None] * 8
def work(i):
    r = []
    for k in range(30):
        n = names[(i + k) % len(names)]
        try:
            r.append(sorted(a[4][0] for a in socket.getaddrinfo(n, 80, 0, socket.SOCK_STREAM)))
        except socket.gaierror as e:
            r.append(e.errno)
    out[i] = r
ts = [threading.Thread(target=work, args=(i,)) for i in range(8)]
[t.start() for t in ts]
[t.join() for t in ts]
print(sum(len(r) for r in out), out[0][:3])
EOF
want=$($PY "$d/threads.py")
got=$(adiff --format json --output "$d/threads.json" -- w "$PY" "$d/threads.py" 2>/dev/null)
is "$?:$(calls "$d/threads.json")" 0:240 "python with 8 threads: exit 0 in compat mode"
is "$got" "$want" "python's output is its own"
is "$(js "$d/threads.json" 's["calls"], s["different"], s["processes"], s["total"]')" "(240, 0, 1, 6)" \
	"240 calls in one process, 6 distinct, every one identical"

# ---- node's dns.lookup ------------------------------------------------------
NODE=$(command -v node || command -v nodejs)
if [[ -z $NODE ]]; then
	skip "node not installed"; skip "node not installed"
else
	script='const p = require("dns").promises;
(async () => { for (const n of ["www.aresolv.test", "dual.aresolv.test", "nx.aresolv.test"])
  console.log(n, JSON.stringify(await p.lookup(n, {all: true, verbatim: true}).catch(e => e.code))); })();'
	want=$("$NODE" -e "$script")
	got=$(adiff --format json --output "$d/node.json" -- w "$NODE" -e "$script" 2>/dev/null)
	is "$?:$got:$(calls "$d/node.json")" "0:$want:3" "node's dns.lookup: exit 0, its output its own, 3 calls"
	is "$(js "$d/node.json" 's["calls"] >= 3, s["different"], [x["program"] for x in qs][:1], sorted({x["query"].split()[1] for x in qs})')" \
		"(True, 0, ['node'], ['dual.aresolv.test', 'nx.aresolv.test', 'www.aresolv.test'])" \
		"node: its getaddrinfo calls (libuv's threads) recorded, identical"
fi

# ---- curl against several names --------------------------------------
if ! command -v curl >/dev/null; then
	skip "curl not installed"
else
	# nothing listens on port 9: curl resolves, then fails to connect at
	# once; --connect-timeout bounds the name's resolution too, which
	# took more than 2 s under valgrind on a loaded machine
	adiff --format json --output "$d/curl.json" -- bash -c 'for n in www.aresolv.test dual.aresolv.test c1.aresolv.test nx.aresolv.test; do w curl -s -o /dev/null --connect-timeout 60 http://$n:9/; done; exit 0' 2>/dev/null
	is "$?:$(js "$d/curl.json" 's["programs"], s["different"], s["processes"], len({x["query"].split()[1] for x in qs})')" \
		"0:(['curl'], 0, 4, 4)" "curl against 4 names: 4 processes, 4 names, identical"
fi

# ---- a program that forks and execs ----------------------------------------
cat > "$d/tree.py" <<'EOF'
import os, socket, subprocess, sys
socket.getaddrinfo("www.aresolv.test", 80)
pid = os.fork()
if pid == 0:
    socket.gethostbyname("c1.aresolv.test")      # the child, not exec'd
    os._exit(0)
os.waitpid(pid, 0)
subprocess.run(["getent", "hosts", "hostsonly.test"], stdout=subprocess.DEVNULL)
subprocess.run([sys.argv[1], "ghba", "10.53.0.10"], stdout=subprocess.DEVNULL)
print("done")
EOF
got=$(adiff --format json --output "$d/tree.json" -- w "$PY" "$d/tree.py" "$q" 2>/dev/null)
is "$?:$got:$(calls "$d/tree.json")" "0:done:5" "a program that forks and execs: exit 0, its output its own, 5 calls"
is "$(js "$d/tree.json" 's["processes"], s["programs"], s["different"]')" "(4, ['aresolv-query', 'getent', 'python3'], 0)" \
	"the parent, its forked child and two exec'd children land in one report, each with its program name"
is "$(js "$d/tree.json" 'len({p for x in qs if x["program"] == "python3" for p in x["pids"]})')" 2 \
	"the fork's child has its own pid in the report"

# ---- JUnit and TAP ----------------------------------------------------------
adiff --mode native --format junit --output "$d/r.xml" -- bash -c 'w getent ahosts www.aresolv.test; w "$0" ghba 10.53.0.10' "$q" >/dev/null 2>&1
got=$($PY - "$d/r.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
print(sorted(s.get("name").split()[0] for s in r.findall("testsuite")), len(r.findall(".//testcase")), len(r.findall(".//failure")))
EOF
)
is "$got" "['aresolv-query', 'getent'] 2 1" "JUnit: a testsuite a program, a testcase a distinct call, the native difference a failure"
adiff --format tap --output "$d/r.tap" -- bash -c 'w getent hosts www.aresolv.test' >/dev/null 2>&1
prove -e cat "$d/r.tap" >/dev/null 2>&1 && grep -q '^1\.\.2$' "$d/r.tap"
is "$?" 0 "TAP: read by prove, passes in compat mode"

# ---- a silent server: one timeout, not two ------------------------------
# resolv.conf names a UDP socket that reads and never answers (bounded):
# each half waits its own timeout, at the same time
"$PY" - "$d/silent.ready" "$d/silent.count" <<'EOF' &
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.66", 53))
open(sys.argv[1], "w").write("1")
s.settimeout(0.2)
n, end = 0, time.time() + 60
while time.time() < end:
    try:
        s.recvfrom(4096)
        n += 1
        open(sys.argv[2], "w").write(str(n))
    except socket.timeout:
        pass
EOF
silent=$!
for ((i = 0; i < 100; i++)); do [[ -s $d/silent.ready ]] && break; sleep 0.05; done
printf 'nameserver 127.0.0.66\noptions timeout:1 attempts:1\n' > "$d/resolv.conf"
mount --bind "$d/resolv.conf" /etc/resolv.conf
adiff --format json --output "$d/silent.json" -- w getent ahostsv4 silent.example >/dev/null 2>&1
st=$?
umount /etc/resolv.conf
kill "$silent" 2>/dev/null
is "$st:$(calls "$d/silent.json")" 2:1 "the silent server: getent's own exit status (2: not found) wins"
is "$(js "$d/silent.json" 'qs[0]["glibc"][1:], qs[0]["status"]')" \
	"(['error EAI_AGAIN msg=\"Temporary failure in name resolution\"'], 'identical')" "both halves time out alike"
# the call's own time against its halves': less than the sum by half a
# timeout (the halves ran side by side), and about the slower one.  The
# margin over the slower: 300 ms for scheduling; 1 s under valgrind and
# ASan, where the helper thread's start and the record's writing run
# many times slower (a loaded valgrind run took 640 ms over)
times=$(js "$d/silent.json" 'qs[0]["times"]')
like "$times" '^\[[0-9]+, [0-9]+, [0-9]+\]$' "the record keeps the call's time and each half's: $times (us)"
read -r call g a < <(tr -d '[],' <<< "$times")
margin=300000
[[ -n ${ARESOLV_TEST_WRAP-}${ARESOLV_TEST_PRELOAD-} ]] && margin=1000000
(( call < g + a - 500000 && call < (g > a ? g : a) + margin ))
ok $? "a silent server costs one timeout, not two: the call took ${call} us, glibc's half ${g}, aresolv's ${a}"
is "$(cat "$d/silent.count" 2>/dev/null)" 2 "the silent server got glibc's one query and aresolv's one (AF_INET, 1 try)"

# ---- valgrind and ASan on the shadow path -----------------------------
if ! command -v valgrind >/dev/null || [[ -n ${ARESOLV_TEST_PRELOAD-} ]]; then
	skip "valgrind not installed, or an ASan build"
else
	adiff --output "$d/vg.txt" -- \
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--suppressions="$tap_repo/tests/fixtures/valgrind.supp" \
		"$PY" "$d/threads.py" >/dev/null 2>"$d/vg.err"
	st=$?
	is "$st:$(grep -c 'calls by 1 processes' "$d/vg.txt")" 0:1 "valgrind: 8 python threads, no error in the shadow path (exit $st)"
	[[ $st == 0 ]] || diag "$(tail -30 "$d/vg.err")"
fi
# a program that set its own servers in _res (port 5353's server, which
# alone knows only.aresolv.test) before getaddrinfo and gethostbyname:
# aresolv's half takes them too (it runs on the program's thread then)
helper res
for v in gai ghbn; do
	adiff --format json --output "$d/own-res.json" -- "$helper" --ns 127.0.0.1:5353 $v only.aresolv.test \
		> "$d/own-res.out" 2>/dev/null
	is "$?:$(js "$d/own-res.json" 's["calls"], s["different"]')" "0:(1, 0)" \
		"_res naming another server, $v: one call, identical (aresolv's half asked that server too)"
	like "$(cat "$d/own-res.out")" '127\.0\.0\.1' "_res naming another server, $v: the program got the address"
done

alib=$build/asan/libaresolv.so
rt=$(${CC:-cc} -print-file-name=libasan.so 2>/dev/null)
if [[ ! -f $alib || ! -f $rt ]]; then
	skip "no ASan build ($alib: make check-asan builds it)"
else
	ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:exitcode=98 UBSAN_OPTIONS=halt_on_error=1:exitcode=97 \
		adiff --output "$d/asan.txt" -- \
		env LD_PRELOAD="$(readlink -f "$rt") $alib" bash "$d/getent.sh" >/dev/null 2>"$d/asan.err"
	st=$?
	is "$st:$(grep -c 'calls by 8 processes' "$d/asan.txt")" 0:1 "ASan+UBSan: the getent script, no report in the shadow path (exit $st)"
	[[ $st == 0 ]] || diag "$(tail -30 "$d/asan.err")"
fi

done_testing
