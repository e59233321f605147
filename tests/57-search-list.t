#!/usr/bin/env bash
# resolv.conf's search list as glibc 2.36 reads and walks it: all of it
# (its _res keeps the first six names in 256 bytes, its lookups walk the
# whole list) and a "search" line with no name ignored, through
# getaddrinfo, gethostbyname, res_search and res_nsearch, each with
# glibc and with aresolv preloaded (tests/res.c prints one call's
# outcome), and aresolv's trace showing it answered.
# dnsmasq answers NXDOMAIN for any name under aresolv.test it does not
# hold, so a search domain dN.aresolv.test fails fast.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
d=$ARESOLV_NS_DIR/search
mkdir -p "$d"
trace=$d/trace
helper res
prog=$helper
cp /etc/resolv.conf "$d/resolv.orig"
trap 'cat "$d/resolv.orig" > /etc/resolv.conf' EXIT

# conf LINES...: the fixture's resolv.conf with these lines after it
conf() { { cat "$d/resolv.orig"; printf '%s\n' "$@"; } > /etc/resolv.conf; }

# same DESCRIPTION GLIBC-REGEX TRACE-REGEX RES-ARGS...: glibc's line and
# aresolv's the same, glibc's matching GLIBC-REGEX, aresolv's trace
# TRACE-REGEX
same() {
	local desc=$1 want=$2 tre=$3 g a; shift 3
	g=$("$prog" "$@" 2>&1)
	: > "$trace"
	a=$(ARESOLV_TRACE=$trace preload "$prog" "$@" 2>&1)
	like "$g" "$want" "$desc: glibc finds it"
	is "$a" "$g" "$desc: aresolv as glibc"
	like "$(cat "$trace")" "$tre" "$desc: answered by aresolv"
}

ga='10\.53\.0\.10' rs='^ret=[0-9]'

# Seven names, the last the one that holds www: glibc's _res has only
# six of them (checked below), its lookups try the seventh.
conf "search d1.aresolv.test d2.aresolv.test d3.aresolv.test d4.aresolv.test d5.aresolv.test d6.aresolv.test aresolv.test"
same "the seventh search name, getaddrinfo" "$ga" 'getaddrinfo node="www" .*path=dns result=OK' gai www
same "the seventh search name, gethostbyname" "$ga" 'gethostbyname name="www" .*path=dns result=OK' ghbn www
same "the seventh search name, res_search" "$rs" 'res_search name="www" .*path=dns' search www a
same "the seventh search name, res_nsearch" "$rs" 'res_nsearch name="www" .*path=dns' --state ninit search www a

# A search line with no name leaves the list as it was.
conf "search aresolv.test" "search "
same "a search line with no name is ignored, getaddrinfo" "$ga" 'getaddrinfo node="www" .*path=dns result=OK' gai www
same "a search line with no name is ignored, res_search" "$rs" 'res_search name="www" .*path=dns' search www a

done_testing
