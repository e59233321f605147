#!/usr/bin/env bash
# System calls per lookup, counted by strace (a count, not a time): none
# for numeric hosts; for a name, the one look at resolv.conf (a stat)
# that glibc's lookups make to bring the thread's _res up to date, which
# aresolv has libc make for it (src/resstate.c, rstate_sync: a program
# reading _res after a lookup sees what glibc would leave there); then
# nothing more for cached hosts-file names, and 4 more for a DNS lookup of
# one family (send, poll, receive, and the check that the kept socket is
# still ours), where glibc makes 15 in all, and 6 more for AF_UNSPEC
# (both queries in one sendmmsg, as glibc sends them; two sendmsg would
# make 7), held to at most 7.5 in all: on a loaded machine c-ares 1.34
# now and then opens another UDP socket (socket, connect, getsockname,
# close, seen under load here; 6.21 calls a lookup, then, in a loaded CI
# run), on every c-ares version; c-ares 1.2x and later also refill their
# pool of query IDs with a getrandom() now and then (every 128 queries),
# counted apart; the hosts file read once for all the threads.  Each
# count is the difference between batches of 50 and 250 lookups of
# aresolv-query, so start-up cancels out; stdio's read and write are left
# out, and so is brk: malloc moves the heap's top when it grows or trims
# it, which depends on where the heap stands, not on the lookup (a run of
# 6 parallel tests here saw more than 4 calls a lookup, the rest brk).
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
query=$build/aresolv-query
dir=$ARESOLV_NS_DIR

if [[ -n ${ARESOLV_TEST_WRAP-}${ARESOLV_TEST_PRELOAD-} ]] || ! command -v strace >/dev/null; then
	echo "1..0 # skip system calls are counted on the plain library, with strace"
	exit 0
fi

# count SIDE N QUERY...: system calls of N lookups, stdio's left out
count() {
	local side=$1 n=$2 env=()
	shift 2
	[[ $side == aresolv ]] && env=(-E "LD_PRELOAD=$lib")
	for ((i = 0; i < n; i++)); do echo "$*"; done > "$dir/batch"
	# timeout:30, for both sides: resolv.conf's 1 s was outrun under
	# strace on a loaded machine, and the query went again (4.01 to 4.03
	# calls a lookup in a CI run with two CPU hogs, on three tries)
	strace -f -c -o "$dir/strace" -e 'trace=!read,write,getrandom,brk' \
		-E RES_OPTIONS=timeout:30 "${env[@]}" \
		"$query" --batch "$dir/batch" > "$dir/out" || return 1
	grep -q '^error' "$dir/out" && { sed -n '1,3p' "$dir/out" >&2; return 1; }
	cp "$dir/strace" "$dir/strace.$n"
	awk '$NF == "total" {print $4}' "$dir/strace"
}
# per SIDE QUERY...: system calls per lookup, to two decimals
per() {
	local side=$1 a b
	shift
	a=$(count "$side" 50 "$@") && b=$(count "$side" 250 "$@") || return 1
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f\n", (b - a) / 200 }'
}
# calls: the per-lookup count of each system call in the last per()
calls() {
	awk 'NR == FNR && $NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ { a[$NF] = $4; next }
	     $NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ && $NF != "total" && $4 != a[$NF] {
		printf "%s %.2f  ", $NF, ($4 - a[$NF]) / 200 }' "$dir/strace.50" "$dir/strace.250"
}
at_most() { awk -v x="$1" -v m="$2" 'BEGIN { exit !(x != "" && x <= m) }'; }

# A lookup whose first try is answered is what is bounded: on a loaded
# machine a reply now and then comes after c-ares' timeout and the query
# goes again (4.01 and 4.02 calls a lookup seen with six tests at once
# and two CPU hogs), so a count over its bound is measured twice more,
# the calls it made printed, and the least taken.  A bound holds with
# 0.05 to spare (one call in twenty lookups): with c-ares 1.34.8 a loaded
# CI run still counted 4.01 (a bound of 4, then) on three tries, with timeout:30 (c-ares 1.34
# now and then opens its UDP socket again, see above).  One more call in
# every lookup, or in one of ten, stays over it.
while IFS='|' read -r what max q; do
	lim=$(awk -v m="$max" 'BEGIN { print m + 0.05 }')   # the 0.05 to spare
	g=$(per glibc $q)
	a=$(per aresolv $q)
	for try in 2 3; do
		at_most "$a" "$lim" && break
		diag "$what: $a calls a lookup: $(calls); measuring again ($try of 3)" >&2
		b=$(per aresolv $q)
		at_most "$b" "$a" && a=$b
	done
	diag "$what: glibc $g, aresolv $a system calls per lookup: $(calls)"
	at_most "$a" "$lim"
	ok $? "$what: $a system calls per lookup (at most $max, + 0.05; glibc $g)"
done <<'EOF'
numeric host 127.0.0.1|0|gai 127.0.0.1 80 --socktype stream
numeric host ::1|0|gai ::1 80 --socktype stream
hosts-file name|1|gai hostsonly.test 80 --socktype stream
DNS name, AF_INET|5|gai www.aresolv.test 80 --family 4 --socktype stream
DNS name, AF_INET6|5|gai v6only.aresolv.test 80 --family 6 --socktype stream
DNS name, AF_UNSPEC (A and AAAA in one sendmmsg)|7.5|gai dual.aresolv.test 80 --socktype stream
gethostbyname_r, DNS|5|ghbr www.aresolv.test
getnameinfo, PTR|5|gni 10.53.0.40 80 --flags NAMEREQD,NUMERICSERV
EOF
# getrandom, left out above: c-ares 1.2x and later draw query IDs from a
# 256-byte pool, refilled every 128 queries (8 refills for 1000 lookups,
# and a few at start): at most 15, where one a lookup would be 1000
for ((i = 0; i < 1000; i++)); do echo "gai www.aresolv.test 80 --family 4 --socktype stream"; done > "$dir/batch"
strace -f -c -o "$dir/strace" -e trace=getrandom -E "LD_PRELOAD=$lib" "$query" --batch "$dir/batch" > "$dir/out"
n=$(awk '$NF == "getrandom" {print $4}' "$dir/strace")
(( ${n:-0} <= 15 ))
ok $? "1000 DNS lookups: ${n:-0} getrandom() calls (at most 15)"
# the answers were aresolv's: with the library preloaded, a DNS name's
# lookup makes no socket() of its own after the first (glibc: one each);
# with c-ares 1.18 after the second: the first lookup's channel, and its
# socket, are not kept there (channel.c, cares_keep_first)
sock() { awk '$NF == "socket" {print $4}' "$dir/strace"; }
cares=$(ARESOLV_LIB=$lib "$aresolv" --version | sed -n 's/.*(c-ares \([0-9.]*\))$/\1/p')
want=1
[[ $cares == 1.1[0-9].* ]] && want=2
count aresolv 250 gai www.aresolv.test 80 --family 4 --socktype stream >/dev/null
is "$(sock)" "$want" "250 DNS lookups by aresolv, c-ares $cares: $want socket(s), then kept"
count glibc 250 gai www.aresolv.test 80 --family 4 --socktype stream >/dev/null
n=$(sock)
(( n >= 250 ))
ok $? "250 DNS lookups by glibc: a socket each ($n sockets)"

# the hosts file is read once for all threads, not once a thread
prog='
import socket, threading
b = threading.Barrier(8)
def one():
    b.wait()
    socket.gethostbyname("hostsonly.test")
ts = [threading.Thread(target=one) for _ in range(8)]
[t.start() for t in ts]
[t.join() for t in ts]'
opens() { strace -f -e trace=openat -o "$dir/opens" "$@" "$PY" -c "$prog" && grep -c '"/etc/hosts"' "$dir/opens"; }
is "$(opens -E "LD_PRELOAD=$lib")" 1 "8 threads' hosts-file lookups: the file opened once"
n=$(opens)
(( n >= 8 ))
ok $? "glibc opens it for each lookup ($n times)"
done_testing
