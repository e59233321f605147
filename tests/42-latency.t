#!/usr/bin/env bash
# A try lasts its full timeout, as each of glibc's does, on every c-ares
# version: c-ares 1.2x and later cut a try to 5 times a server's measured
# latency (at least 250 ms) once it has answered 3 queries.  Against
# tests/faultd.py with "timeout:1 attempts:1": after 6 fast answers from
# the server, a name it answers in 600 ms is answered (c-ares alone gives
# up after 250 ms), and a name it never answers is given up after the
# full second, not sooner.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
q=$build/aresolv-query
dir=$ARESOLV_NS_DIR/latency
mkdir -p "$dir"

ip addr add 10.53.0.63/32 dev lo || { echo "Bail out! cannot add 10.53.0.63 to lo"; exit 255; }
"$PY" "$tap_repo/tests/faultd.py" --addr 10.53.0.63 --ready-file "$dir/ready" \
	--lifetime 120 >/dev/null 2>"$dir/faultd.err" &
faultd=$!
mounted=0
cleanup() {
	kill "$faultd" 2>/dev/null
	((mounted)) && umount /etc/resolv.conf
}
trap cleanup EXIT
for ((i = 0; i < 100; i++)); do
	[[ -s $dir/ready ]] && break
	sleep 0.05
done
[[ -s $dir/ready ]] || { cat "$dir/faultd.err" >&2; echo "Bail out! faultd did not start"; exit 255; }
printf 'nameserver 10.53.0.63\noptions timeout:1 attempts:1\n' > "$dir/resolv.conf"
mount --bind "$dir/resolv.conf" /etc/resolv.conf && mounted=1 ||
	{ echo "Bail out! cannot bind-mount over /etc/resolv.conf"; exit 255; }

batch() { # LAST-NAME: 6 fast lookups, then LAST-NAME
	for ((i = 0; i < 6; i++)); do echo "gai ok.fault.test 80 --socktype stream"; done
	echo "gai $1 80 --socktype stream"
}
run() { # SIDE BATCH: output in $dir/SIDE.out, milliseconds in ms
	local t0=$(date +%s%N)
	if [[ $1 == aresolv ]]; then
		: > "$dir/trace"
		ARESOLV_TRACE=$dir/trace preload "$q" --batch "$2" > "$dir/$1.out" 2>&1
	else
		"$q" --batch "$2" > "$dir/$1.out" 2>&1
	fi
	ms=$((($(date +%s%N) - t0) / 1000000))
}

batch delay600.fault.test > "$dir/slow"
run glibc "$dir/slow"
like "$(grep -v "^$" "$dir/glibc.out" | tail -1)" '^ai family=inet ' "glibc answers the 600 ms name after 6 fast ones"
run aresolv "$dir/slow"
is "$(cat "$dir/aresolv.out")" "$(cat "$dir/glibc.out")" "aresolv answers it too, every line as glibc's"
like "$(grep -c 'path=dns result=OK' "$dir/trace")" '^7$' "all 7 answered by aresolv through DNS"
((ms >= 600))
ok $? "the answer was waited for: ${ms} ms (at least 600)"

# The silent server: not given up before the full timeout.  The upper
# bound is glibc's time for the same batch in the same run (+1 s for a
# busy machine), unless valgrind or ASan slow aresolv alone.
batch drop.fault.test > "$dir/silent"
run glibc "$dir/silent"
gms=$ms
like "$(grep -v "^$" "$dir/glibc.out" | tail -1)" '^error EAI_AGAIN' "glibc gives up on the silent server: EAI_AGAIN (${gms} ms)"
run aresolv "$dir/silent"
is "$(grep -v "^$" "$dir/aresolv.out" | tail -1)" "$(grep -v "^$" "$dir/glibc.out" | tail -1)" "so does aresolv"
((ms >= 1000))
ok $? "not before the 1000 ms timeout: ${ms} ms"
if [[ -z ${ARESOLV_TEST_WRAP-}${ARESOLV_TEST_PRELOAD-} ]]; then
	((ms <= gms + 1000))
	ok $? "not much after glibc: ${ms} ms, glibc ${gms} ms (at most glibc's + 1000 ms)"
else
	skip "valgrind and ASan slow aresolv alone: no upper bound"
fi
done_testing
