#!/usr/bin/env bash
# Process life, the parts 26-process.t leaves out (tests/life.c):
# RLIMIT_NOFILE 16 and every descriptor taken, thread churn at scale with
# descriptors, heap and RSS watched, plugins that resolve and are
# dlclosed, and a setuid program (AT_SECURE) that must ignore ARESOLV_*.
# ARESOLV_TEST_SCALE=N divides the churn (100 under valgrind, 4 under ASan).
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
dir=$ARESOLV_NS_DIR
trace=$dir/trace
helper life
prog=$helper
helper life_dl.so
life_dl=$helper
src=$tap_repo/tests/life.c

dns_ok() { grep -v 'node="www" ' "$trace" | grep -c 'path=dns result=OK'; }
hosts_ok() { grep -c 'path=hosts result=OK' "$trace"; }
line() { grep "^$1[: ]" <<<"$2"; }   # first-word text


# ---- 1. RLIMIT_NOFILE 16 -------------------------------------------------
# A resolv.conf with a search list, so that a channel made without reading
# it shows ("www" is www.aresolv.test only through the search list).
printf 'nameserver 127.0.0.1\nsearch aresolv.test\noptions timeout:1 attempts:2\n' > "$dir/resolv-search.conf"
mount --bind "$dir/resolv-search.conf" /etc/resolv.conf
ok $? "resolv.conf with 'search aresolv.test' for the limit tests"

# valgrind keeps the hard limit (EPERM) and its descriptors above it: the
# limit tests run unwatched under it
nowrap=
[[ -n ${ARESOLV_TEST_WRAP-} ]] && nowrap=1 && diag "RLIMIT_NOFILE tests run without ARESOLV_TEST_WRAP"
limited() { if [[ -n $nowrap ]]; then ARESOLV_TEST_WRAP= preload "$@"; else preload "$@"; fi; }

glibc=$("$prog" rlimit 2>/dev/null)
: > "$trace"
got=$(ARESOLV_TRACE=$trace limited "$prog" rlimit)
ok $? "RLIMIT_NOFILE 16: lookups, threads, every descriptor taken, freed"
is "$(line limited "$got")" "limited: 0 wrong answers of 16" "16 lookups under the limit, all answered right"
# the pool (ARESOLV_CHANNELS, 4 by default) keeps the idle channels of the
# 4 threads: the main thread's and at most 3 more sockets
like "$(line threads "$got")" '^threads: 0 wrong answers of 384, descriptors after them \+[0-3]$' \
	"4 threads x 96 lookups under the limit, all right, at most 3 sockets kept for the pool of 4"
is "$(line taken "$got")" "taken: every descriptor" "then every descriptor taken"
is "$(line full-main "$got")" "full-main: 0 wrong answers" \
	"the main thread, whose socket is open, answers right or fails, never wrongly"
is "$(line full-thread "$glibc")" "full-thread: gai www EAI_SYSTEM/EMFILE, gai hostsonly EAI_SYSTEM/EMFILE, ghbn_r www rc=EMFILE h_errno=-1" \
	"glibc, in a new thread: EAI_SYSTEM with errno EMFILE; gethostbyname_r EMFILE, NETDB_INTERNAL"
# aresolv needs no new descriptor there: the threads share the hosts
# file's parse and the pool's idle channels, whose sockets are open
is "$(line full-thread "$got")" "full-thread: gai www 10.53.0.10, gai hostsonly 10.53.1.1, ghbn_r www 10.53.0.10" \
	"aresolv answers them right, from the shared hosts parse and an idle channel of the pool"
is "$(line full-thread-after "$glibc")" "full-thread-after: 0 wrong answers of 16, www 10.53.0.10" \
	"glibc: that thread resolves again once descriptors are free, search list included"
is "$(line full-thread-after "$got")" "$(line full-thread-after "$glibc")" \
	"aresolv: so does that thread, search list included"
like "$(line full-thread-after "$got")" '^full-thread-after: 0 wrong answers of 16,' \
	"aresolv: that thread answers every fully qualified name right once descriptors are free"
is "$(line again "$got")" "again: 0 wrong answers of 16, www 10.53.0.10" "the main thread too, search list included"
is "$(dns_ok)" 226 "the 226 DNS answers were aresolv's (2 by the new thread with every descriptor taken)"
is "$(hosts_ok)" 225 "and the 225 hosts-file ones (1 by that thread)"

glibc=$("$prog" rlimit-first 2>/dev/null)
: > "$trace"
got=$(ARESOLV_TRACE=$trace limited "$prog" rlimit-first 2>/dev/null)
ok $? "RLIMIT_NOFILE 16 with every descriptor taken at the first lookup"
is "$(line taken "$got")" "taken: every descriptor" "every descriptor was taken"
is "$(line full "$got")" "$(line full "$glibc")" \
	"the lookups fail as glibc's do: $(line full "$glibc")"
# glibc reads host.conf once: with it unreadable "multi on" is lost, and
# twolines.test and localhost give their first line only; aresolv the same
is "$(line freed "$got" | grep -v ' www ')" "$(line freed "$glibc" | grep -v ' www ')" \
	"once freed, every answer as glibc's (host.conf read once by both)"
is "$(line freed "$got" | grep -Ec '^freed: gai [^ ]+ [0-9][0-9a-f:. ]*, ghbn_r [0-9][0-9. ]*$')" 8 "8 names answered by getaddrinfo and gethostbyname_r"
is "$(line freed "$got" | grep ' www ')" "freed: gai www 10.53.0.10" \
	"and the search list works as with glibc"
is "$(dns_ok)" 8 "the 8 DNS answers after were aresolv's"
is "$(hosts_ok)" 8 "the 8 hosts-file ones too"
umount /etc/resolv.conf

# ---- 2. thread churn -----------------------------------------------------
# Under ASan a lookup costs about 5 times its plain CPU time: the full
# churn took 140 s of the test's 145 s on an idle 2-core machine (plain:
# 26 s of 27 s), and on a loaded one the test outran its 300 s
# (ARESOLV_TEST_TIMEOUT).  ASan's run is for memory errors, each of which
# it reports the first time it happens, and for leaks, which LeakSanitizer
# lists at exit whatever the count; the heap and RSS growth checks, which
# need the full count to see a slow leak, are the plain run's (ASan's
# allocator is not the one mallinfo2 counts, and its quarantine grows RSS).
# A quarter (each thread doing 112 lookups, not 400) still makes 159,936
# lookups by 1,428 threads, 64 at a time (and 39,984 by 357 threads with a
# channel per thread).
scale=${ARESOLV_TEST_SCALE-}
[[ -z $scale && ${ARESOLV_TEST_WRAP-} == *valgrind* ]] && scale=100
[[ -z $scale && -n ${ARESOLV_TEST_PRELOAD-} ]] && scale=4
scale=${scale:-1}
per=$(( (400 / scale + 15) / 16 * 16 ))   # a multiple of 16: as many DNS as hosts lookups
# the default pool of 4 channels, then a channel per thread (a quarter of
# the lookups), closed by each thread as it exits
for channels in "" 0; do
	total=$(( 640000 / scale / (${channels:-1} == 0 ? 4 : 1) / per * per ))
	(( total )) || total=$per
	threads=$((total / per))
	: > "$trace"
	got=$(ARESOLV_TRACE=$trace ARESOLV_CHANNELS=$channels preload "$prog" churn "$total" 64 "$per")
	ok $? "churn${channels:+, ARESOLV_CHANNELS=$channels}: $total lookups, $threads threads of $per, 64 at a time"
	if [[ -n ${ARESOLV_TEST_PRELOAD-} ]]; then
		# ASan intercepts getaddrinfo and calls the next one: aresolv's
		like "$(line getaddrinfo "$got")" "^getaddrinfo from libasan" "getaddrinfo is ASan's, in front of aresolv's"
	else
		is "$(line getaddrinfo "$got")" "getaddrinfo from libaresolv.so" "getaddrinfo is aresolv's"
	fi
	is "$(line warm-up "$got")" "warm-up: 0 wrong answers of 16" "16 lookups by the main thread first"
	is "$(line churn "$got")" "churn: $total lookups by $threads threads (64 at a time), 0 failures" \
		"every answer right: four hosts-file and four DNS names, getaddrinfo and gethostbyname_r"
	if [[ -z $channels ]]; then
		like "$(line descriptors "$got")" '^descriptors: \+[0-3] after the first threads, \+0 after the rest$' \
			"descriptors: at most 3 sockets more for the pool of 4 after a quarter of the threads, none more after all"
	else
		is "$(line descriptors "$got")" "descriptors: +0 after the first threads, +0 after the rest" \
			"descriptors: as many after a quarter of the threads and after all as before (each closed at thread exit)"
	fi
	read -r fd0 fd1 fd2 heap1 heap2 rss1 rss2 n1 n2 < <(line fds "$got" | awk '{print $2, $3, $4, $6, $7, $9, $10, $12, $13}')
	diag "descriptors $fd0 $fd1 $fd2, heap in use $heap1 -> $heap2 bytes, RSS $rss1 -> $rss2 kB over $n2 more threads"
	if [[ ${ARESOLV_TEST_WRAP-} == *valgrind* ]]; then
		skip "heap and RSS: valgrind's own (it reports leaks itself)"
		skip "heap and RSS: valgrind's own (it reports leaks itself)"
	else
		[[ -n $heap2 ]] && (( heap2 - heap1 < 16384 ))
		ok $? "heap in use after $n2 more threads: grew by $((heap2 - heap1)) bytes (< 16 kB)"
		if [[ -n ${ARESOLV_TEST_PRELOAD-} ]]; then
			skip "RSS: ASan's quarantine and shadow memory grow it (LeakSanitizer reports leaks)"
		else
			[[ -n $rss2 ]] && (( rss2 - rss1 < 4096 ))
			ok $? "RSS after them: grew by $((rss2 - rss1)) kB (< 4 MB)"
		fi
	fi
	is "$(dns_ok)" $((total / 2 + 8)) "all $((total / 2 + 8)) DNS answers were aresolv's"
	is "$(hosts_ok)" $((total / 2 + 8)) "all $((total / 2 + 8)) hosts-file answers too"
done
rm -f "$trace"

# ---- 3. dlopen and dlclose -----------------------------------------------
: > "$trace"
got=$(ARESOLV_TRACE=$trace preload "$prog" dl "$life_dl" 100)
ok $? "a plugin that resolves, dlopened and dlclosed 100 times"
is "$(line dl "$got")" "dl: 100 rounds, 0 wrong answers, unloaded after 100 of them, 0 descriptors more than after the first, libaresolv.so mapped" \
	"every answer right, the plugin really unloaded each time, no descriptor left"
is "$(line dl-threads "$got")" "dl-threads: 8 threads, 0 wrong answers, plugin unloaded while they ran on" \
	"8 threads resolved through it, went on after its dlclose and exited"
is "$(line dl-main "$got")" "dl-main: answers right after the threads exited" "the program resolves on"
# per plugin call: www and c1 by DNS, hostsonly.test from the hosts file
is "$(dns_ok)" $((2 * 108 + 8 * 8 + 8)) "the DNS answers were aresolv's: 2 per plugin call, 8 per thread after, 8 by main"
is "$(hosts_ok)" $((108 + 8 * 8 + 8)) "and the hosts-file ones"

# The plugin linked with libaresolv.so and opened with RTLD_DEEPBIND: its
# getaddrinfo is aresolv's, and libaresolv.so comes and goes with it.
if [[ -n ${ARESOLV_TEST_PRELOAD-} ]]; then
	skip "RTLD_DEEPBIND plugin: the sanitizer runtime would have to come first"
else
	cc -O1 -g -D_GNU_SOURCE -fPIC -shared -DLIFE_DL -o "$dir/life_deep.so" "$src" "$(readlink -f "$lib")"
	: > "$trace"
	got=$(ARESOLV_TRACE=$trace ${ARESOLV_TEST_WRAP-} "$prog" dl "$dir/life_deep.so" 100 deep)
	ok $? "a plugin linked with libaresolv.so, RTLD_DEEPBIND, 100 times; threads exit after its dlclose"
	is "$got" "getaddrinfo from libc.so.6
dl: 100 rounds, 0 wrong answers, unloaded after 100 of them, 0 descriptors more than after the first, libaresolv.so mapped
dl-threads: 8 threads, 0 wrong answers, plugin unloaded while they ran on
dl-main: answers right after the threads exited" \
		"libaresolv.so stays mapped (no thread exit runs unmapped code), no channel or descriptor left per round"
	is "$(dns_ok)" $((2 * 108)) "the plugin's DNS answers were aresolv's"
	is "$(hosts_ok)" 108 "and its hosts-file ones"
fi

# ---- 3b. channels held by live threads; ARESOLV_CHANNELS ----------------
: > "$trace"
got=$(ARESOLV_TRACE=$trace ARESOLV_CHANNELS=0 preload "$prog" hold 32)
ok $? "ARESOLV_CHANNELS=0: 32 threads resolve every name, then wait alive"
is "$(line hold "$got")" "hold: 0 wrong answers of 512" "every answer right"
like "$(line held "$got")" '^held: 32 descriptors, [0-9]+ bytes of heap a thread; after: 0 descriptors$' \
	"ARESOLV_CHANNELS=0: each thread holds its own channel and socket, closed when it exits"
is "$(dns_ok)" $((33 * 8)) "the DNS answers were aresolv's"
# the pool: by default 4 idle channels, or ARESOLV_CHANNELS; one of them
# is the main thread's, made before the count starts
for channels in "" 8; do
	max=$(( ${channels:-4} - 1 ))
	: > "$trace"
	got=$(ARESOLV_TRACE=$trace ARESOLV_CHANNELS=$channels preload "$prog" hold 32)
	ok $? "ARESOLV_CHANNELS=${channels:-(default)}: the same 32 threads"
	is "$(line hold "$got")" "hold: 0 wrong answers of 512" "every answer right"
	read -r held after < <(line held "$got" | awk '{print $2, $(NF-1)}')
	diag "$(line held "$got")"
	[[ -n $held ]] && (( held <= max && after == held ))
	ok $? "the threads share at most $((max + 1)) idle channels: $held sockets held, $after after"
	is "$(dns_ok)" $((33 * 8)) "the DNS answers were aresolv's"
done

# ---- 3c. pthread_cancel in a lookup ---------------------------------------
# The thread waits in poll() for a server that never answers (life.c's own
# socket).  Cancelled there, its queries end while their frames still
# exist (valgrind, under check-valgrind, sees any write below the stack
# pointer) and its channel is destroyed.
for channels in "" 0 2; do
	got=$(ARESOLV_CHANNELS=$channels preload "$prog" cancel 20)
	ok $? "cancel${channels:+, ARESOLV_CHANNELS=$channels}: 20 threads cancelled in their lookup"
	is "$(line cancel "$got")" "cancel: 20 of 20 lookups asked the server, 20 threads ended cancelled" \
		"each lookup reached the server and its thread ended cancelled there"
	is "$(line descriptors "$got")" "descriptors: 0 more than before" "no socket left by a cancelled lookup"
	is "$(line after "$got")" "after: 10.53.1.1" "the program resolves on"
done

# ---- 4. setuid: AT_SECURE ------------------------------------------------
# ld.so ignores LD_PRELOAD paths in secure mode, so the program is linked
# with the library.  Both live on a tmpfs mounted here (not nosuid, and
# readable by nobody); the program is owned by nobody.  Run as root,
# with the set-user-ID bit: euid 65534, ruid 0, AT_SECURE=1.
secure_skip=
if [[ $(id -u) != 0 ]]; then
	secure_skip="not root"
elif [[ -n ${ARESOLV_TEST_PRELOAD-} ]]; then
	secure_skip="the sanitizer runtime cannot be preloaded into a setuid program"
elif ! mount -t tmpfs -o mode=0755,size=16m aresolv-suid /dev/shm 2>/dev/null; then
	secure_skip="cannot mount a tmpfs"
fi
if [[ -z $secure_skip ]]; then
	s=/dev/shm
	cp "$lib" "$s/libaresolv.so" && chmod 0644 "$s/libaresolv.so" &&
		cc -O1 -g -D_GNU_SOURCE -pthread -o "$s/life-linked" "$src" "$s/libaresolv.so" &&
		cp "$s/life-linked" "$s/life-suid" || secure_skip="cannot build the linked program"
fi
if [[ -z $secure_skip ]] && ! chown 65534:65534 "$s/life-linked" "$s/life-suid" 2>/dev/null; then
	secure_skip="cannot chown to 65534 (a user namespace maps only root)"
fi
if [[ -n $secure_skip ]]; then
	skip "setuid program and AT_SECURE: $secure_skip"
else
	chmod 0755 "$s/life-linked"
	chmod 4755 "$s/life-suid"
	printf '10.66.0.1\thostsonly.test\n' > "$s/hosts"
	chmod 0644 "$s/hosts"
	secure_run() { # program: with every ARESOLV_* variable that shows
		: > "$s/trace"
		chmod 0666 "$s/trace"
		ARESOLV_TRACE=$s/trace ARESOLV_SERVERS=127.0.0.1:5353 ARESOLV_HOSTS=$s/hosts "$1" secure "$s/trace"
	}
	got=$(secure_run "$s/life-linked")
	ok $? "the linked program, no set-user-ID bit"
	is "$got" "AT_SECURE=0 ruid=0 euid=0 trace writable
getaddrinfo from libaresolv.so
www EAI_AGAIN, only 127.0.0.1, hostsonly 10.66.0.1" \
		"not secure: ARESOLV_SERVERS (only the 5353 server) and ARESOLV_HOSTS are followed"
	is "$(grep -c 'result=' "$s/trace")" 3 "and ARESOLV_TRACE: 3 lines"
	got=$(secure_run "$s/life-suid")
	ok $? "the same program set-user-ID nobody, run by root"
	is "$got" "AT_SECURE=1 ruid=0 euid=65534 trace writable
getaddrinfo from libaresolv.so
www 10.53.0.10, only EAI_NONAME, hostsonly 10.53.1.1" \
		"AT_SECURE: aresolv answers, ARESOLV_SERVERS and ARESOLV_HOSTS ignored (the trace file was writable)"
	is "$(wc -c < "$s/trace")" 0 "and ARESOLV_TRACE ignored: nothing written"
	umount /dev/shm
fi

done_testing
