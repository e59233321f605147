#!/usr/bin/env bash
# Lists from aresolv's getaddrinfo freed by glibc's freeaddrinfo, and
# glibc's lists freed by aresolv's, under valgrind: no invalid free, no
# definite leak.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
d=$ARESOLV_NS_DIR
trace=$d/trace

helper free_across
prog=$helper

names=(www.aresolv.test dual.aresolv.test c1.aresolv.test multi.aresolv.test
	hostsonly.test twolines.test localhost 10.1.2.3 fd53::99)

out=$("$prog" "${names[@]}" 2>&1); st=$?
is "$st" 0 "without aresolv: every lookup succeeds"
like "$out" '^interposed=0' "without aresolv: getaddrinfo is glibc's"
want=$(grep -v interposed <<< "$out")

: > "$trace"
out=$(ARESOLV_TRACE=$trace preload "$prog" "${names[@]}" 2>&1); st=$?
is "$st" 0 "with aresolv: every lookup succeeds"
like "$out" '^interposed=1' "with aresolv: getaddrinfo and freeaddrinfo are aresolv's"
is "$(grep -v interposed <<< "$out")" "$want" "same counts and canonical names both ways"
like "$(cat "$trace")" 'getaddrinfo node="c1\.aresolv\.test" service="80" .*flags=0x2 path=dns result=OK' "lists came from aresolv's getaddrinfo"

need_valgrind 3
log=$d/valgrind.log
: > "$trace"
LD_PRELOAD=$lib ARESOLV_TRACE=$trace valgrind -q --log-file="$log" --error-exitcode=99 \
	--suppressions="$tap_repo/tests/fixtures/valgrind.supp" \
	--leak-check=full --errors-for-leak-kinds=definite \
	"$prog" "${names[@]}" > "$d/vg.out" 2>&1
st=$?
is "$st" 0 "under valgrind: exit 0 (no memory errors, no definite leaks)"
[[ $st == 0 ]] || diag "$(cat "$log" "$d/vg.out")"
grep -Eq 'definitely lost|Invalid (free|read|write)|uninitialised' "$log"
ok $(( $? == 0 )) "valgrind reports no definitely lost block and no invalid free/read/write"
like "$(cat "$d/vg.out")" 'interposed=1' "valgrind run had aresolv preloaded"

done_testing
