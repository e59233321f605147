#!/usr/bin/env bash
# glibc 2.36's own resolver tests, built standalone from Debian's glibc
# source by dev/glibc-tests (tst-resolv-noaaaa, tst-resolv-aliases,
# tst-resolv-res_init, tst-resolv-res_init-thread: RES_NOAAAA, CNAME
# chains and large answers, the program's _res across res_init and a
# configuration change): each passes on plain glibc and with the library
# preloaded, traced and untraced, and the trace shows aresolv answered.
# Not in the test namespace: the source comes from the Debian archive the
# machine's apt uses (fetched once, kept in /var/cache/aresolv/glibc-src),
# and the tests make namespaces of their own.  Only on glibc 2.36, whose
# source the tests' support code is built from, as root, and with the
# plain library (the sanitizer legs would run the same again).
source "$(dirname "$0")/lib/tap.sh"
v=$(ldd --version 2>/dev/null | sed -n '1s/.* //p')
if [[ $v != 2.36 ]]; then
	echo "1..0 # skip glibc $v: dev/glibc-tests builds glibc 2.36's tests"; exit 0
elif (( EUID )); then
	echo "1..0 # skip dev/glibc-tests needs root"; exit 0
elif [[ -n ${ARESOLV_TEST_WRAP-}${ARESOLV_TEST_PRELOAD-} ]]; then
	echo "1..0 # skip the plain library's run is make test's"; exit 0
fi
[[ -f $lib ]] || { echo "Bail out! $lib not built: run make"; exit 255; }
out=$("$tap_repo/dev/glibc-tests" -b "$build/glibc-tests" "$lib" 2>&1)
st=$?
(( st == 2 )) && { printf '%s\n' "$out" | sed 's/^/# /'; echo "Bail out! dev/glibc-tests could not fetch or build the tests"; exit 255; }
for t in tst-resolv-noaaaa tst-resolv-aliases tst-resolv-res_init tst-resolv-res_init-thread; do
	line=$(grep "^$t: " <<< "$out")
	like "$line" "^$t: glibc PASS, aresolv PASS \\[untraced: PASS; trace: [1-9][0-9]* path=dns" \
		"glibc's $t passes with aresolv preloaded, traced and untraced, aresolv answering"
done
is "$st" 0 "dev/glibc-tests: exit 0"
[[ $st == 0 ]] || printf '%s\n' "$out" | sed 's/^/# /'
done_testing
