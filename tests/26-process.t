#!/usr/bin/env bash
# Process life with aresolv preloaded: threads and fork, descriptors above
# 1024, a signal storm, exec after lookups, and the fallback and mode
# switches.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
trace=$ARESOLV_NS_DIR/trace
helper process
prog=$helper
run() { : > "$trace"; ARESOLV_TRACE=$trace preload "$prog" "$@"; }

got=$(run threads)
ok $? "8 threads then fork"
is "$got" $'threads: 0 failures\nfork: child ok, parent ok' "every lookup answered, in the child too"
is "$(grep -c 'path=dns result=OK' "$trace")" 603 "all 603 DNS lookups were aresolv's"
is "$(grep -c 'path=hosts result=OK' "$trace")" 200 "and the 200 hosts-file ones"
pids=$(sed -n 's/^aresolv\[\([0-9]*\)\].*/\1/p' "$trace" | sort -u | wc -l)
is "$pids" 2 "the child resolved through aresolv as well (two pids in the trace)"

# fork while other threads resolve and trace: no lock of aresolv's
# (the trace file's, gai.conf's) left taken in a child; before they were
# held across fork(), about one child in ten hung here.  With the plain
# library under valgrind and ASan too: forks of a valgrind-run process
# are slow, and GCC 12's ASan allocator is not fork-safe.
got=$(ARESOLV_TRACE=$trace LD_PRELOAD=$build/libaresolv.so "$prog" forks 100)
ok $? "100 forks while 3 threads resolve, each child resolving once"
is "$got" "forks: 0 hung, 0 failed" "no child hung or failed"
like "$(grep -c 'path=hosts result=OK' "$trace")" '^[1-9][0-9]{2,}$' "the lookups were aresolv's (traced)"

got=$(run highfd)
ok $? "lookups with descriptors 0..1099 taken"
is "$got" "highfd: 0 failures" "no failure above FD_SETSIZE"

got=$(run signals)
ok $? "lookups under a 1 ms SIGALRM without SA_RESTART"
is "$got" "signals: 0 failures, ticks seen" "no signal turned into a failure"

got=$(run closeall)
ok $? "lookups after the program closed every descriptor above 2"
is "$got" 'closeall: 0 failures, file holds "mine", fd still open' "the file that took our socket's number is left alone"

# the same with a channel per thread (ARESOLV_CHANNELS=0) and with 2 idle
# channels shared: a channel made before the fork is not used by the
# child, a closed socket is not used again
for channels in 0 2; do
	got=$(ARESOLV_CHANNELS=$channels run threads)
	ok $? "ARESOLV_CHANNELS=$channels: 8 threads then fork"
	is "$got" $'threads: 0 failures\nfork: child ok, parent ok' "every lookup answered, in the child too"
	is "$(grep -c 'path=dns result=OK' "$trace")" 603 "all 603 DNS lookups were aresolv's"
	got=$(ARESOLV_CHANNELS=$channels run closeall)
	ok $? "ARESOLV_CHANNELS=$channels: lookups after the program closed every descriptor above 2"
	is "$got" 'closeall: 0 failures, file holds "mine", fd still open' "the file that took the socket's number is left alone"
done

# what the exec'd program sees, without its own /proc/self/fd descriptor
fds() { "$@" | awk '/->/ && $NF !~ /^\/proc\// {print $(NF-2), ($NF ~ /^socket/ ? "socket" : "file")}'; }
want=$(fds run cloexec 0)
got=$(fds run cloexec 8)
is "$got" "$want" "after 8 lookups and exec, no descriptor more than without lookups"
like "$(cat "$trace")" 'path=dns result=OK' "those lookups were aresolv's"

: > "$trace"
got=$(ARESOLV_TRACE=$trace preload "$build/aresolv-query" gai www.aresolv.test 80 --flags IDN --socktype stream | tail -1)
like "$got" 'addr=10.53.0.10' "AI_IDN with an ASCII name"
like "$(cat "$trace")" 'path=dns' "is answered by aresolv"
: > "$trace"
ARESOLV_TRACE=$trace preload "$build/aresolv-query" gai 'bücher.aresolv.test' 80 --flags IDN >/dev/null
like "$(cat "$trace")" 'path=libc' "AI_IDN with a non-ASCII name goes to libc"
: > "$trace"
got=$(ARESOLV_FALLBACK=never ARESOLV_TRACE=$trace preload "$build/aresolv-query" gai 'bücher.aresolv.test' 80 --flags IDN | tail -1)
like "$got" '^error EAI_FAIL' "ARESOLV_FALLBACK=never refuses it"
like "$(cat "$trace")" 'path=refused result=EAI_FAIL' "and the trace says so"

got=$(preload "$build/aresolv-query" gai dual.aresolv.test 80 | grep -c '^ai')
is "$got" 6 "compat: two addresses times STREAM, DGRAM, RAW"
got=$(ARESOLV_MODE=native preload "$build/aresolv-query" gai dual.aresolv.test 80 | grep -c '^ai')
is "$got" 2 "native: one entry per address, no RAW, as c-ares gives"

done_testing
