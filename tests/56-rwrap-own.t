#!/usr/bin/env bash
# cwrap resolv_wrapper's own fake-answer tests (its tests/test_dns_fake.c,
# from Debian's resolv-wrapper source, built by dev/rwrap-tests), run
# against the library in resolv_wrapper's place, on resolv_wrapper's own
# tests/fake_hosts named by RESOLV_WRAPPER_HOSTS.  Under Debian's
# libresolv_wrapper.so all 16 pass (the binary and the file are right).
# With aresolv, the ten cases issue 25 names pass (A, AAAA, another case,
# a trailing dot, SRV with and without priority and weight, with the
# target's address in the additional section, SOA, CNAME with its chain
# in the additional section, A through a CNAME, PTR); the other six test
# what resolv_wrapper does that no server does, and each must fail for
# its documented reason (docs/answers.md), else the test fails:
#  - not found (A, AAAA): resolv_wrapper's own res_nquery returns the
#    length of its NOERROR reply; glibc's res_nquery, whose answers aresolv
#    gives, returns -1 (NO_DATA) for that reply;
#  - TXT: resolv_wrapper writes the text without its length byte;
#  - URI (three cases): resolv_wrapper ends the target with a NUL and
#    compresses no name, and the test compares the reply's length.
# Not in the test namespace: the source comes from the Debian archive
# (fetched once into /var/cache/aresolv/rwrap-src, as root).
source "$(dirname "$0")/lib/tap.sh"
export LC_ALL=C   # cmocka prints the reply's bytes as they are
if (( EUID )) && ! ls -d /var/cache/aresolv/rwrap-src/resolv_wrapper-*/tests >/dev/null 2>&1; then
	echo "1..0 # skip dev/rwrap-tests needs root to fetch the source"; exit 0
fi
[[ -f $lib ]] || { echo "Bail out! $lib not built: run make"; exit 255; }
b=$build/rwrap-tests
ARESOLV_RWRAP_PRELOAD=${ARESOLV_TEST_PRELOAD-} "$tap_repo/dev/rwrap-tests" -b "$b" "$lib" > "$b.log" 2>&1
st=$?
(( st == 2 )) && { sed 's/^/# /' "$b.log"; echo "Bail out! dev/rwrap-tests could not fetch or build the tests"; exit 255; }
is "$st" 0 "dev/rwrap-tests: built and run"

if grep -q 'not installed' "$b/out.rwrap"; then
	skip "libresolv_wrapper.so (Debian's libresolv-wrapper) not installed"
else
	is "$(grep -ac '^\[       OK \] test_' "$b/out.rwrap")" 16 "under resolv_wrapper itself: all 16 pass"
fi

# cmocka's report of one test: its OK line, or its ERROR message
result() { sed -n "/^\[ RUN      \] $1\$/,/^\[  \(FAILED\|     OK\) *\] $1\$/p" "$b/out.aresolv" | tail -n +2; }
for t in a_query a_query_case_insensitive a_query_trailing_dot aaaa_query srv_query \
	srv_query_minimal soa_query cname_query a_via_cname ptr_query; do
	like "$(result "test_res_fake_$t")" "OK \\] test_res_fake_$t\$" "aresolv in resolv_wrapper's place: test_res_fake_$t"
done
known() { # test, the ERROR message's pattern, why
	like "$(result "test_res_fake_$1")" "ERROR.*$2" "test_res_fake_$1 fails as documented: $3"
}
known a_query_notfound '18446744073709551615 is not within the range 1-100' "glibc's res_nquery returns -1 (NO_DATA) for a NOERROR reply with no answer"
known aaaa_query_notfound '18446744073709551615 is not within the range 1-100' "the same, AAAA"
known txt_query '"	v=spf1 mx' "RFC 1035's length byte before the text, which resolv_wrapper omits"
known uri_query '"https://vpn\.cwrap\.org/VPN.+" != "https://vpn\.cwrap\.org/VPN"' "the URI target with no NUL after it (resolv_wrapper adds one)"
known uri_query_minimal '"ftp://ftp\.cwrap\.org/public.+" != "ftp://ftp\.cwrap\.org/public"' "the same"
known uri_nsearch '0x[0-9a-f]* != 0xd0' "the reply's length: names compressed (resolv_wrapper's are not)"
is "$(grep -a '^\[  FAILED  \] test_' "$b/out.aresolv" | sort -u | wc -l)" 6 "no other test fails"
n=$(grep -cE '\]: res_n(query|search) .*path=dns' "$b/trace")
ok $(( n < 16 )) "and aresolv answered them ($n res_nquery/res_nsearch lines in the trace, path=dns)"
done_testing
