#!/usr/bin/env bash
# The scripts/aresolv launcher: options, environment, LD_PRELOAD, refusals.
# Self-contained TAP; needs no DNS server.  Tests that run a command with
# the real library preloaded are skipped when build/libaresolv.so is absent.
set -u
root=$(cd "$(dirname "$0")/.." && pwd -P)
A=$root/scripts/aresolv
LIB=$root/build/libaresolv.so
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset ARESOLV_LIB ARESOLV_SERVERS ARESOLV_TIMEOUT_MS ARESOLV_TRIES ARESOLV_TRACE \
	ARESOLV_MODE ARESOLV_FALLBACK ARESOLV_RESOLV_CONF ARESOLV_HOSTS ARESOLV_DISABLE

n=0
ok() { # status description
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
skip() { n=$((n + 1)); echo "ok $n # skip $1"; }
is() { # got expected description
	[ "$1" = "$2" ]; local st=$?
	ok $st "$3"
	[ $st -eq 0 ] || printf '#   got:      %s\n#   expected: %s\n' "$1" "$2"
}
run() { # command...: sets out, err, st
	out=$("$@" 2>"$tmp/err"); st=$?; err=$(cat "$tmp/err")
}

echo "1..41"

# --help, --version
run "$A" --help
is "$st" 0 "--help exits 0"
for v in ARESOLV_SERVERS ARESOLV_TIMEOUT_MS ARESOLV_TRIES ARESOLV_TRACE ARESOLV_MODE \
	ARESOLV_FALLBACK ARESOLV_RESOLV_CONF ARESOLV_HOSTS ARESOLV_DISABLE; do
	case $out in *"$v"*) ;; *) echo "# --help does not name $v"; st=1 ;; esac
done
is "$st" 0 "--help names every environment variable"
run "$A" --version
[[ $st == 0 && $out =~ ^aresolv\ [0-9]+\.[0-9]+\ \(c-ares\ [0-9]+\.[0-9]+\.[0-9]+\)$ ]]
ok $? "--version names aresolv's and the library's c-ares version: $out"

# Usage errors exit 2 with a message.
for bad in "--bogus true" "--timeout 0 true" "--timeout=abc true" "--timeout -5 true" \
	"--tries 1.5 true" "--channels=257 true" "--mode fast true" "--fallback=sometimes true" "--servers" \
	"--trace= true" ""; do
	# shellcheck disable=SC2086
	run "$A" $bad
	[ "$st" -eq 2 ] && [ -n "$err" ]
	ok $? "usage error exits 2 with a message: aresolv $bad"
done

# The reserved subcommand.
run "$A" diff --format nonsense
is "$st" 2 "diff: a usage error exits 2"
[[ $err == "aresolv diff: --format"* ]]; ok $? "diff is handed to aresolv-diff"

# Set-id programs are refused, directly and through PATH.
cp /bin/true "$tmp/sutrue" && chmod u+s "$tmp/sutrue"
run "$A" "$tmp/sutrue"
[ "$st" -eq 126 ] && case $err in *setuid*) true ;; *) false ;; esac
ok $? "setuid program refused with 126"
run env PATH="$tmp:$PATH" "$A" sutrue
is "$st" 126 "setuid program found through PATH refused with 126"
cp /bin/true "$tmp/sgtrue" && chmod g+s "$tmp/sgtrue"
run "$A" "$tmp/sgtrue"
is "$st" 126 "setgid program refused with 126"
run "$A" no-such-command-aresolv
is "$st" 127 "missing command exits 127"

# No library anywhere: clear error, exit 2 (script copied alone).
mkdir -p "$tmp/alone/bin" && cp "$A" "$tmp/alone/bin/aresolv"
run "$tmp/alone/bin/aresolv" true
[ "$st" -eq 2 ] && case $err in *libaresolv.so*) true ;; *) false ;; esac
ok $? "library not found: exit 2 with a message"
run env ARESOLV_LIB="$tmp/none.so" "$A" true
is "$st" 2 "ARESOLV_LIB naming a missing file: exit 2"

if [ ! -f "$LIB" ]; then
	for i in $(seq 17); do skip "build/libaresolv.so not built"; done
	exit 0
fi
LIB=$(readlink -f "$LIB")

# LD_PRELOAD: prepended, others kept, never twice.
# (the other entry does not exist: the loader says so on stderr and goes on)
preload() { env "$@" "$A" env 2>/dev/null | sed -n 's/^LD_PRELOAD=//p'; }
is "$(env -u LD_PRELOAD "$A" env | sed -n 's/^LD_PRELOAD=//p')" "$LIB" "LD_PRELOAD set when unset"
libm=$tmp/no-such-preload.so
is "$(preload LD_PRELOAD="$libm")" "$LIB $libm" "LD_PRELOAD prepended, existing entry kept"
is "$(preload LD_PRELOAD="$libm:$LIB")" "$LIB $libm" "already present: not added twice"
is "$(preload LD_PRELOAD="$LIB")" "$LIB" "only entry already: unchanged"
is "$(preload LD_PRELOAD="$root/scripts/../build/libaresolv.so")" "$LIB" "other spelling of the same path not added twice"

# Library locations.
mkdir -p "$tmp/inst/bin" "$tmp/inst/lib/aresolv"
cp "$A" "$tmp/inst/bin/aresolv" && cp "$LIB" "$tmp/inst/lib/aresolv/libaresolv.so"
is "$(env -u LD_PRELOAD "$tmp/inst/bin/aresolv" env | sed -n 's/^LD_PRELOAD=//p')" \
	"$(readlink -f "$tmp/inst/lib/aresolv/libaresolv.so")" "installed layout lib/aresolv found"
cp "$LIB" "$tmp/other.so"
is "$(env -u LD_PRELOAD ARESOLV_LIB="$tmp/other.so" "$A" env | sed -n 's/^LD_PRELOAD=//p')" \
	"$(readlink -f "$tmp/other.so")" "ARESOLV_LIB chosen first"

# Options set the environment.
envof() { # var options...
	local var=$1; shift
	"$A" "$@" env | sed -n "s/^$var=//p"
}
is "$(envof ARESOLV_SERVERS --servers '127.0.0.1:5353,[::1]:53')" "127.0.0.1:5353,[::1]:53" "--servers"
is "$(envof ARESOLV_TIMEOUT_MS --timeout=1500)" "1500" "--timeout="
is "$(envof ARESOLV_TRIES --tries 3)" "3" "--tries"
is "$(envof ARESOLV_CHANNELS --channels=4)" "4" "--channels="
is "$(envof ARESOLV_CHANNELS --channels 0)" "0" "--channels 0: a channel per thread"
is "$(envof ARESOLV_TRACE --trace)" "stderr" "--trace alone means stderr"
is "$(envof ARESOLV_TRACE --trace="$tmp/t")" "$tmp/t" "--trace=FILE"
is "$(envof ARESOLV_MODE --mode native)" "native" "--mode"
is "$(envof ARESOLV_FALLBACK --fallback=never)" "never" "--fallback"
is "$(envof ARESOLV_RESOLV_CONF --resolv-conf /etc/resolv.conf -- )" "/etc/resolv.conf" "--resolv-conf and --"
is "$(envof ARESOLV_HOSTS --hosts /etc/hosts)" "/etc/hosts" "--hosts"
is "$(envof ARESOLV_DISABLE --disable)" "1" "--disable"
