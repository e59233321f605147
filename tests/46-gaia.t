#!/usr/bin/env bash
# getaddrinfo_a, gai_suspend, gai_error and gai_cancel preloaded
# (tests/gaia.c): the same outcomes as glibc's in the same namespace, each
# request a getaddrinfo line of aresolv's trace, and the call's own
# getaddrinfo_a line; what glibc 2.36 gets wrong, as its man page says.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
d=$ARESOLV_NS_DIR
trace=$d/trace
helper gaia
prog=$helper
# under valgrind (make check-valgrind) every command waits for its
# requests and the pool's idle workers before it exits (GAIA_SETTLE, see
# tests/gaia.c)
run() { : > "$trace"; GAIA_SETTLE=${ARESOLV_TEST_WRAP:+1} ARESOLV_TRACE=$trace preload "$prog" "$@"; }
# getaddrinfo lines aresolv answered itself (not handed to libc)
ndns() { grep -c 'getaddrinfo node=.* path=\(dns\|hosts\|numeric\) ' "$trace"; }

# A silent server: dnsmasq forwards servfail.aresolv.test to 127.0.0.1:5399,
# which reads nothing.  With timeout:3 attempts:2 (RES_OPTIONS, read by
# glibc and aresolv alike) a lookup of it lasts 6 s, ten times what the
# checks made while it runs take (300 + 200 + 200 ms of waits).
"$PY" -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 5399))
time.sleep(600)' </dev/null >/dev/null 2>&1 &
silent_pid=$!
trap 'kill $silent_pid 2>/dev/null' EXIT
export RES_OPTIONS="timeout:3 attempts:2"
silent=servfail.aresolv.test

# multi.aresolv.test is left out: dnsmasq rotates its three addresses
names=(www.aresolv.test dual.aresolv.test v6only.aresolv.test c1.aresolv.test nx.aresolv.test
	txtonly.aresolv.test hostsonly.test localhost 10.1.2.3)
n=${#names[@]}

want=$("$prog" wait "${names[@]}")
got=$(run wait "${names[@]}")
is "$got" "$want" "GAI_WAIT: every request's result as glibc's"
like "$got" $'getaddrinfo_a: OK\npending after GAI_WAIT: 0' "GAI_WAIT returns 0 once every request ended"
like "$(cat "$trace")" "getaddrinfo_a mode=WAIT n=$n sigev=NONE result=OK us=[0-9]+" "GAI_WAIT: the getaddrinfo_a trace line"
is "$(ndns)" "$n" "GAI_WAIT: a getaddrinfo trace line (path dns, hosts or numeric) for each of the $n requests"
like "$(cat "$trace")" 'getaddrinfo node="c1\.aresolv\.test" .*path=dns result=OK n=2' "the CNAME chain was answered by aresolv's DNS"

for how in none signal thread; do
	want=$("$prog" nowait "$how" "${names[@]}")
	got=$(run nowait "$how" "${names[@]}")
	is "$got" "$want" "GAI_NOWAIT, SIGEV_${how^^}: what the program saw as with glibc"
	like "$(cat "$trace")" "getaddrinfo_a mode=NOWAIT n=$n sigev=${how^^} result=OK us=[0-9]+" "SIGEV_${how^^}: the getaddrinfo_a trace line"
	is "$(ndns)" "$n" "SIGEV_${how^^}: a getaddrinfo trace line for each request"
	case $how in
	none) like "$got" $'gai_suspend at the end: EAI_ALLDONE\n.*pending: 0' "gai_suspend until EAI_ALLDONE, every request ended" ;;
	signal) like "$got" $'signal: pending then 0\nsignal: si_code SI_ASYNCNL\nsignal: si_value 4242\nsignal: si_pid ours yes\nsignal: si_uid ours yes\nsignal: another no' \
		"one signal, queued as glibc's __gai_sigqueue does, after the last request" ;;
	thread) like "$got" $'in another thread yes\nnotified: pending then 0\nnotified: stack of the attributes given yes\nnotified: SIGUSR2 blocked there no' \
		"the function in a new thread, made with the attributes given, no signal blocked, after the last request" ;;
	esac
done

# gai_suspend against the silent server
want=$("$prog" suspend "$silent")
got=$(run suspend "$silent")
drop='gai_suspend 300 ms'
is "$(grep -v "$drop" <<< "$got")" "$(grep -v "$drop" <<< "$want")" \
	"gai_suspend's EAI_INTR (with and without a timeout), gai_cancel's EAI_NOTCANCELED, the end and EAI_ALLDONE as glibc's"
like "$got" $'gai_suspend 300 ms: EAI_AGAIN\ngai_error: EAI_INPROGRESS' \
	"a timeout is EAI_AGAIN, as the man page says (glibc 2.36: $(grep "$drop" <<< "$want" | cut -d' ' -f4-))"
like "$got" $'signal after 200 ms: EAI_INTR\n.*signal after 200 ms: EAI_INTR\ngai_cancel: EAI_NOTCANCELED\ngai_suspend until the end: OK\ngai_error: EAI_AGAIN\ngai_suspend again: EAI_ALLDONE\ngai_cancel: EAI_ALLDONE' \
	"EAI_INTR twice, the running request not cancelled, its end EAI_AGAIN, then EAI_ALLDONE"
like "$(cat "$trace")" "getaddrinfo node=\"$silent\" .*path=dns result=EAI_AGAIN" "the silent lookup was aresolv's"

# 25 requests: 20 run (the pool's 20 workers, as glibc's), 5 wait
want=$("$prog" cancel "$silent")
got=$(run cancel "$silent" more)
drop='gai_error of the last'
is "$(grep -v "$drop" <<< "$got" | grep -v '^more:')" "$(grep -v "$drop" <<< "$want")" \
	"gai_cancel: 20 running EAI_NOTCANCELED, 5 waiting EAI_CANCELED, then EAI_ALLDONE, as glibc's"
like "$got" "$drop: EAI_CANCELED" "a cancelled request's gai_error is EAI_CANCELED, as the man page says (glibc 2.36: $(grep "$drop" <<< "$want" | cut -d' ' -f5))"
like "$got" $'more: gai_cancel www.aresolv.test: EAI_CANCELED\nmore: gai_cancel dual.aresolv.test: EAI_CANCELED\nmore: gai_cancel nx.aresolv.test: EAI_CANCELED\nmore: the batch.s notification came: yes' \
	"a GAI_NOWAIT call whose requests were all cancelled is notified (glibc: never)"
like "$got" $'more: GAI_WAIT in another thread, gai_cancel: EAI_CANCELED\nmore: the GAI_WAIT returned: OK\nmore: gai_cancel\\(NULL\\): EAI_NOTCANCELED' \
	"a GAI_WAIT whose request is cancelled returns (glibc: never); gai_cancel(NULL) cancels what waits, not what runs"
like "$(cat "$trace")" 'getaddrinfo_a mode=NOWAIT n=25 sigev=NONE result=OK' "gai_cancel's requests were aresolv's"

want=$("$prog" cancelsafe "$silent")
got=$(run cancelsafe "$silent")
is "$got" "$want" "pthread_cancel of a thread in gai_suspend acts once gai_suspend returned, as with glibc"
like "$got" $'thread cancelled: yes\nafter gai_suspend returned: yes' "the thread was cancelled after gai_suspend"

# 1,000 requests in one call (100 when every program runs under valgrind,
# ARESOLV_TEST_SCALE=100; the valgrind run of its own below does 1,000)
many=1000
(( ${ARESOLV_TEST_SCALE:-1} > 1 )) && many=100
want=$("$prog" many "$many" www.aresolv.test dual.aresolv.test nx.aresolv.test hostsonly.test)
got=$(run many "$many" www.aresolv.test dual.aresolv.test nx.aresolv.test hostsonly.test)
is "$got" "$want" "$many requests in one call, GAI_WAIT then GAI_NOWAIT: as glibc's"
like "$got" "$((many / 4))x nx.aresolv.test: EAI_NONAME" "a quarter of them nx.aresolv.test"
grep -q MIXED <<< "$got"
ok $(( ! $? )) "each of the $many answered the same for the same name"
like "$got" 'descriptors: as many as a round before' "two more rounds of $many leave no descriptor behind"
is "$(ndns)" "$((4 * many))" "$((4 * many)) getaddrinfo trace lines for 4 rounds of $many"
is "$(grep -c "getaddrinfo_a mode=.* n=$many .*result=OK" "$trace")" 4 "and the 4 getaddrinfo_a lines"

# fork with requests in flight: the child's pool works.  Not under
# valgrind: the child inherits what the parent's workers held mid-lookup,
# unreachable there (as with glibc's pool), which valgrind lists.  Not
# under ASan either, whose allocator (GCC 12's libsanitizer) is not made
# fork-safe: a worker inside malloc at the fork leaves its lock held in
# the child, whose threads then hang in ASan's own allocator (seen in a
# loaded run, gdb: __sanitizer::SizeClassAllocator64::GetFromAllocator).
# Both run it with the plain library.
got=$(ARESOLV_TEST_WRAP= ARESOLV_TEST_PRELOAD= lib=$build/libaresolv.so run fork "${names[@]}")
like "$got" 'child: inherited pending after draining: 0' "a child forked with requests in flight gets them answered"
codes=$("$prog" wait "${names[@]}" | tail -n +3 | sed 's/^[^ ]* \([A-Z_]*\).*/child: \1/')
is "$(grep '^child: [A-Z]' <<< "$got")" "child: GAI_WAIT: OK"$'\n'"$codes" "and its own GAI_WAIT, each request as glibc's"
like "$got" 'parent: pending after draining: 0' "and so does the parent"
like "$got" 'parent: child exited: 0' "the child exits"
is "$(grep -c 'getaddrinfo_a' "$trace")" 2 "the parent's and the child's getaddrinfo_a lines"

# The same 1,000 times, each round in a process of its own that starts
# as a program does (libc's resolv.conf not yet read): the fork of issue
# 23 hung about once in 150 in a loaded run, a worker inside glibc's
# res_init holding its resolv.conf lock, which the child inherited taken.
# A hang is a child that has not exited 20 s after its parent's requests
# ended; each child checks its own results against the first ones.  With
# tracing, and without it against the port-5353 server only aresolv
# reaches.  The sanitizer legs would run the same plain library again:
# they skip it.
forks=1000
# said GOT: the loop's figures on one line, for the test's name
said() { grep -E '^(hung|failed|parent|failed children):' <<< "$1" | paste -sd ';'; }
if [[ -n ${ARESOLV_TEST_WRAP-}${ARESOLV_TEST_PRELOAD-} ]]; then
	for i in 1 2 3 4 5; do skip "the fork loop runs the plain library: make test runs it"; done
else
	got=$(run forks $forks "${names[@]}")
	like "$got" $'hung: 0\nfailed: 0\nparent\'s results: as before' "$forks forks with requests in flight, traced: no child hung, each child's results as the first ($(said "$got"))"
	inflight=$(sed -n 's/^with requests in flight: //p' <<< "$got")
	ok $(( ${inflight:-0} < forks / 2 )) "and at least half of them forked with requests pending ($inflight)"
	is "$(grep -c 'getaddrinfo_a mode=' "$trace")" $((2 * forks + 1)) "a getaddrinfo_a trace line for each call: the first, each round's, each child's"
	only=(only.aresolv.test hostsonly.test localhost 10.1.2.3)
	got=$(ARESOLV_TRACE= ARESOLV_SERVERS=127.0.0.1:5353 preload "$prog" forks $forks "${only[@]}")
	like "$got" '^only\.aresolv\.test: OK only\.aresolv\.test 127\.0\.0\.1' "untraced: the names answered by aresolv (only.aresolv.test, on port 5353)"
	like "$got" $'hung: 0\nfailed: 0\nparent\'s results: as before' "$forks forks untraced: no child hung, each child's results as the first ($(said "$got"))"
fi

# disabled: libc's own, nothing traced
got=$(ARESOLV_DISABLE=1 run wait "${names[@]}")
is "$got" "$("$prog" wait "${names[@]}")" "ARESOLV_DISABLE=1: glibc's getaddrinfo_a"
is "$(cat "$trace")" "" "ARESOLV_DISABLE=1: nothing traced"

# under valgrind of its own: the results freed by aresolv's freeaddrinfo,
# nothing of aresolv's left behind.  GAIA_SETTLE=1: the pool's workers
# have left at exit (glibc's freeres frees its list of resolv.conf parses
# but not the parse a live thread's _res holds, which valgrind then calls
# definitely lost; glibc's own getaddrinfo_a shows the same).
need_valgrind 2
log=$d/valgrind.log
: > "$trace"
GAIA_SETTLE=1 LD_PRELOAD=$lib ARESOLV_TRACE=$trace valgrind -q --log-file="$log" --error-exitcode=99 \
	--suppressions="$tap_repo/tests/fixtures/valgrind.supp" \
	--leak-check=full --errors-for-leak-kinds=definite \
	"$prog" many 1000 www.aresolv.test dual.aresolv.test nx.aresolv.test hostsonly.test > "$d/vg.out" 2>&1
st=$?
is "$st" 0 "1000 requests under valgrind: exit 0, no memory error, no definite leak"
[[ $st == 0 ]] || diag "$(cat "$log" "$d/vg.out")"
is "$(grep -c 'getaddrinfo_a mode' "$trace")" 4 "and aresolv answered them"

done_testing
