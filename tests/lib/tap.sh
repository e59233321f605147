# Minimal TAP for the bash tests.  Source it, then call ok/is/like and
# finally done_testing.
tap_n=0
tap_failed=0
tap_planned=

plan() { tap_planned=$1; echo "1..$1"; } # optional: done_testing prints the plan otherwise

ok() { # status description...
	local st=$1; shift
	tap_n=$((tap_n + 1))
	if [[ $st == 0 ]]; then
		echo "ok $tap_n - $*"
	else
		echo "not ok $tap_n - $*"
		tap_failed=$((tap_failed + 1))
	fi
}

# The rest of the test runs its own valgrind: without valgrind, or in an
# ASan build (whose runtime valgrind cannot host), its N tests are skipped
# and the test ends here.
need_valgrind() { # N
	local i
	command -v valgrind >/dev/null && [[ -z ${ARESOLV_TEST_PRELOAD-} ]] && return
	for ((i = 0; i < $1; i++)); do skip "valgrind not installed, or an ASan build"; done
	done_testing
	exit
}

# A known difference: "ok"/"not ok ... # TODO reason", never a failure.
todo() { # reason status description...
	local reason=$1 st=$2; shift 2
	tap_n=$((tap_n + 1))
	if [[ $st == 0 ]]; then echo "ok $tap_n - $* # TODO $reason"
	else echo "not ok $tap_n - $* # TODO $reason"; fi
}

is() { # got want description...
	local got=$1 want=$2; shift 2
	[[ $got == "$want" ]]
	ok $? "$@"
	[[ $got == "$want" ]] || diag "  got:  '$got'" "  want: '$want'" >&2
}

like() { # got regex description...
	local got=$1 re=$2; shift 2
	[[ $got =~ $re ]]
	ok $? "$@"
	[[ $got =~ $re ]] || diag "  got:  '$got'" "  want match: /$re/" >&2
}

skip() { # reason
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # skip $*"
}

# On stdout, which prove shows only with -v; is and like send a failure's
# to stderr, so that a CI log shows what differed.
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

done_testing() {
	[[ -n $tap_planned ]] || echo "1..$tap_n"
	[[ $tap_failed == 0 ]]
}

# Re-run the calling test inside the test namespace unless already there.
# Inside, bail out when the library has not been built.
tap_enter_ns() { # "$0" "$@"
	if [[ -z ${ARESOLV_TEST_NS-} ]]; then
		# a hung lookup must not hang prove: the whole test gets 900 s
		# (300 s was outrun by tests/41-badinput.t, six tests at once
		# on an overloaded machine)
		exec "$tap_repo/dev/aresolv-ns" -- \
			timeout -k 5 "${ARESOLV_TEST_TIMEOUT:-900}" "$@"
	fi
	[[ -f $lib ]] || { echo "Bail out! $lib not built: run make"; exit 255; }
}

tap_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${ARESOLV_BUILD:-$tap_repo/build}  # make sets it: one build per c-ares version
lib=${ARESOLV_TEST_LIB:-$build/libaresolv.so}  # override to check the tests fail without it
aresolv=$tap_repo/scripts/aresolv
# Run a command with the library preloaded.  make check-asan puts the
# sanitizer runtime first (ARESOLV_TEST_PRELOAD); make check-valgrind runs
# the command under valgrind (ARESOLV_TEST_WRAP, word-split on purpose).
preload() {
	local wrap=${ARESOLV_TEST_WRAP-} rt=${ARESOLV_TEST_PRELOAD-} l=$lib
	# V8's JIT takes minutes under valgrind: node runs without it
	[[ ${1##*/} == node* ]] && wrap=
	# curl 7.88 hangs in setlocale under the ASan runtime, with or without
	# aresolv: it runs with the plain library (valgrind still watches it)
	[[ ${1##*/} == curl && -n $rt ]] && rt= l=$build/libaresolv.so
	LD_PRELOAD=${rt:+$rt:}$l${LD_PRELOAD:+:$LD_PRELOAD} \
		$wrap "$@"
}
# helper NAME: tests/NAME.c's program (NAME.so: its shared object), which
# the Makefile builds with the project's warnings (make helpers, part of
# make test), its path in $helper; bails out when it was not built.
helper() {
	helper=$build/tests/bin/$1
	[[ -e $helper ]] || { echo "Bail out! $helper not built: run make helpers"; exit 255; }
}
# aresolv diff puts its library first in LD_PRELOAD, where an ASan build's
# runtime must be (make check-asan): that build is diffed with its plain
# library, as preload() runs curl
difflib=$lib
[[ -n ${ARESOLV_TEST_PRELOAD-} ]] && difflib=$build/libaresolv.so
PY=/usr/bin/python3
[[ -x $PY ]] || PY=$(command -v python3)
