# Minimal TAP for the bash tests.  Source it, then call ok/is/like and
# finally done_testing.
tap_n=0
tap_failed=0

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

is() { # got want description...
	local got=$1 want=$2; shift 2
	[[ $got == "$want" ]]
	ok $? "$@"
	[[ $got == "$want" ]] || { echo "#   got:  '$got'"; echo "#   want: '$want'"; }
}

like() { # got regex description...
	local got=$1 re=$2; shift 2
	[[ $got =~ $re ]]
	ok $? "$@"
	[[ $got =~ $re ]] || { echo "#   got:  '$got'"; echo "#   want match: /$re/"; }
}

skip() { # reason
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # skip $*"
}

diag() { printf '# %s\n' "$@"; }

done_testing() {
	echo "1..$tap_n"
	[[ $tap_failed == 0 ]]
}

# Re-run the calling test inside the test namespace unless already there.
tap_enter_ns() { # "$0" "$@"
	[[ -n ${ARESOLV_TEST_NS-} ]] && return 0
	exec "$tap_repo/scripts/aresolv-ns" -- "$@"
}

tap_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
lib=$tap_repo/build/libaresolv.so
aresolv=$tap_repo/scripts/aresolv
PY=/usr/bin/python3
[[ -x $PY ]] || PY=$(command -v python3)
