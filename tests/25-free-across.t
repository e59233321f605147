#!/usr/bin/env bash
# Freeing across the boundary under valgrind: no invalid free, no leak.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
trace=$ARESOLV_NS_DIR/trace
prog=$ARESOLV_NS_DIR/free_across
cc -O0 -g -o "$prog" "$tap_repo/tests/free_across.c" -ldl
ok $? "built tests/free_across.c"

if ! command -v valgrind >/dev/null; then
	skip "valgrind is not installed"
	done_testing
	exit
fi
log=$ARESOLV_NS_DIR/vg.log
: > "$trace"
out=$(LD_PRELOAD=$lib ARESOLV_TRACE=$trace valgrind --log-file="$log" --error-exitcode=99 \
	--leak-check=full --errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect "$prog" c1.aresolv.test)
rc=$?
is "$rc" 0 "valgrind reports no error (exit $rc)"
like "$out" 'preloaded getaddrinfo: 0, canonname target.aresolv.test' "aresolv's list, freed by glibc"
like "$out" 'glibc getaddrinfo: 0, canonname target.aresolv.test' "glibc's list, freed by aresolv"
like "$(cat "$trace")" 'getaddrinfo node="c1.aresolv.test".*path=dns result=OK' "the first list came from aresolv"
v=$(cat "$log")
if grep -qE 'Invalid (free|read|write)|definitely lost: [1-9]|indirectly lost: [1-9]' <<< "$v"; then st=1; else st=0; fi
ok $st "no invalid free and nothing lost"
[[ $st == 0 ]] || diag "$v"

done_testing
