#!/usr/bin/env bash
# The program's _res across res_init, res_ninit, a resolv.conf change
# and a thread's first lookup, as glibc's tst-resolv-res_init special
# tests 3 to 6 check it: tests/resinit.c prints the state after each
# step, once with glibc and once with aresolv preloaded, in the main
# thread and on a new one.  The two outputs must be identical; glibc's
# must show the reload the special tests expect (after the change,
# nscount 2, RES_ROTATE set and RES_USE_EDNS0 cleared, except after
# res_init, which keeps the flags it found); and aresolv's trace must
# show that it answered the program's lookups (path=dns, or hosts and
# numeric for the names the hosts file has and the addresses, which
# glibc's lookups bring _res up to date for as well), so that the
# library was loaded and at work.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
d=$ARESOLV_NS_DIR/resinit
mkdir -p "$d"
helper resinit
prog=$helper

cp /etc/resolv.conf "$d/resolv.orig"

rotate=0x4000 edns0=0x100000
for how in res_init res_ninit res_mkquery gethostbyname getaddrinfo gethostbyname-numeric \
	gethostbyname-hosts getaddrinfo-hosts res_query; do
	for where in main new; do
		cat "$d/resolv.orig" > /etc/resolv.conf
		"$prog" /etc/resolv.conf "$how" "${where/new/thread}" > "$d/glibc" 2>&1
		cat "$d/resolv.orig" > /etc/resolv.conf
		rm -f "$d/trace"
		ARESOLV_TRACE=$d/trace preload "$prog" /etc/resolv.conf "$how" "${where/new/thread}" \
			> "$d/aresolv" 2>&1
		is "$(cat "$d/aresolv")" "$(cat "$d/glibc")" "$how ($where thread): aresolv's _res as glibc's at every step"
		first=$(grep '^first:' "$d/glibc") second=$(grep '^second:' "$d/glibc")
		o1=$(sed 's/.*options=\([^ ]*\).*/\1/' <<<"$first")
		o2=$(sed 's/.*options=\([^ ]*\).*/\1/' <<<"$second")
		want=0
		[[ $first == *nscount=1\ * && $second == *nscount=2\ * ]] || want=1
		(( (o1 & edns0) && !(o1 & rotate) && (o2 & rotate) )) || want=1
		# res_init keeps the flags it found (glibc bug 21701)
		[[ $how == res_init || $how == res_ninit ]] || (( !(o2 & edns0) )) || want=1
		ok $want "$how ($where thread): glibc reloads the state as its special tests expect" ||
			diag "$first" "$second"
		# each lookup, and the last res_query (RES_ROTATE's go to libc)
		n=$(grep -cE 'path=(dns|hosts|numeric) ' "$d/trace" 2>/dev/null)
		case $how in
		res_query) want=2 ;;
		res_*) want=1 ;;
		*) want=4 ;;
		esac
		(( n == want ))
		ok $? "$how ($where thread): aresolv answered its $want lookups (path=dns, hosts or numeric: ${n:-0})" ||
			diag "$(cat "$d/trace" 2>/dev/null)"
	done
done
cat "$d/resolv.orig" > /etc/resolv.conf

done_testing
