#!/usr/bin/env bash
# The hosts file's index (src/hosts.c) on long files: the differential
# corpus with 50,000 lines after the fixture's hosts file (bind-mounted
# over /etc/hosts, so glibc reads it too), names, aliases, capitals and
# addresses from those lines beside glibc's answers; the file replaced
# again and again while 16 threads resolve (tests/hostsindex.c: every
# answer from one version or the other, never torn); a 200,000-line file
# under valgrind; named services from /etc/services without a system
# call.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
d=$ARESOLV_NS_DIR
corpus=$tap_repo/tests/fixtures/diff-corpus.txt
dlib=$lib
[[ -n ${ARESOLV_TEST_PRELOAD-} ]] && dlib=$build/libaresolv.so

big=$d/hosts-big
{
	cat /etc/hosts
	for ((i = 0; i < 50000; i += 1000)); do
		printf '0.0.0.0 filler%05d.index.test\n' $(seq $i $((i + 999)))
	done
	printf '10.53.9.1 Late.Index.Test late-alias\n10.53.9.2 late.index.test\n'
	printf 'fd53::9:1 late.index.test late6\n10.53.9.1 second.index.test\n'
	printf '0.0.0.0 filler00007.index.test dup-alias\n'
	# v4-mapped lines, and IPv4 lines with a v4-mapped twin before or
	# after them: a lookup by address matches either form (glibc 2.38 and
	# later: an AF_INET6 one too), the file's first line wins
	printf '::ffff:10.53.9.4 mapped4.index.test\n10.53.9.5 plain5.index.test\n'
	printf '::ffff:10.53.9.5 mapped5.index.test\n::ffff:10.53.9.6 mapped6.index.test\n'
	printf '10.53.9.6 plain6.index.test\n'
} > "$big"
mount --bind "$big" /etc/hosts
ok $? "a 50,004-line hosts file over /etc/hosts"

n=$(grep -cv '^\s*\(#\|$\)' "$corpus")
ARESOLV_LIB=$dlib ARESOLV_QUERY=$build/aresolv-query "$tap_repo/scripts/aresolv" diff "$corpus" > "$d/compat.txt"
is "$?" 0 "the differential corpus with the long file: exit 0"
is "$(tail -1 "$d/compat.txt")" "aresolv diff (compat): $n queries, $n identical, 0 different (0 allowed)" \
	"the differential corpus with the long file: every answer identical to glibc's"
grep -v '^identical' "$d/compat.txt" | head -10 | while read -r l; do diag "$l"; done

for key in late.index.test LATE.INDEX.TEST late-alias late6 second.index.test \
	filler00000.index.test filler49999.index.test FILLER00007.index.test dup-alias \
	filler50000.index.test late.index.test. localhost; do
	for db in hosts ahosts ahostsv4 ahostsv6; do
		g=$(getent "$db" "$key"; echo "rc=$?")
		a=$(preload getent "$db" "$key"; echo "rc=$?")
		is "$a" "$g" "getent $db $key: glibc's answer"
	done
done
for key in 10.53.9.1 fd53::9:1 0.0.0.0 10.53.9.3 ::ffff:10.53.9.1 10.53.9.4 ::ffff:10.53.9.4 \
	10.53.9.5 ::ffff:10.53.9.5 10.53.9.6 ::ffff:10.53.9.6 127.0.0.1 ::ffff:127.0.0.1; do
	g=$(getent hosts "$key"; echo "rc=$?")
	a=$(preload getent hosts "$key"; echo "rc=$?")
	is "$a" "$g" "getent hosts $key (by address): glibc's answer"
done
umount /etc/hosts

# services: getaddrinfo's named services, glibc's and aresolv's, from
# /etc/services; aresolv opens the file once, glibc once a lookup
cat > "$d/svc.py" <<'PY'
import socket, sys
for name in sys.argv[1:]:
    for t in (0, socket.SOCK_STREAM, socket.SOCK_DGRAM):
        try:
            r = sorted((a[1], a[2], a[4][1]) for a in socket.getaddrinfo("127.0.0.1", name, type=t))
        except socket.gaierror as e:
            r = "error %d" % e.errno
        print(name, t, r)
PY
names=(https http www domain ntp ssh syslog tftp kerberos nonesuch HTTP 0x50 80)
is "$(preload $PY "$d/svc.py" "${names[@]}")" "$($PY "$d/svc.py" "${names[@]}")" \
	"named services: glibc's answers (${#names[@]} names, 3 socket types)"
count_opens() {
	strace -f -e trace=open,openat -o "$d/svc.strace" "$@" >/dev/null
	grep -c '/etc/services' "$d/svc.strace"
}
if command -v strace >/dev/null && [[ -z ${ARESOLV_TEST_WRAP-} ]]; then
	is "$(LD_PRELOAD=$build/libaresolv.so count_opens $PY -c 'import socket
for _ in range(50): socket.getaddrinfo("127.0.0.1", "https", type=socket.SOCK_STREAM)')" 1 \
		"50 named services: /etc/services opened once"
else
	skip "strace missing, or under valgrind"
fi

helper hostsindex
prog=$helper
secs=3
[[ -n ${ARESOLV_TEST_WRAP-} ]] && secs=1
got=$(ARESOLV_HOSTS=$d/hosts-replaced preload "$prog" "$d/hosts-replaced" $secs)
ok $? "16 threads at a time resolve while the file is replaced ($got)"
if [[ -z ${ARESOLV_TEST_WRAP-} ]]; then
	like "$got" '^lookups=[0-9]+ a=[1-9][0-9]* b=[1-9][0-9]* bad=0$' \
		"answers from both versions, none torn or from neither"
else   # under valgrind one round may see one version only
	like "$got" '^lookups=[1-9][0-9]* a=[0-9]+ b=[0-9]+ bad=0$' "no answer torn or from neither"
fi

# valgrind runs the lookups here itself (ARESOLV_TEST_WRAP or not)
need_valgrind 2
huge=$d/hosts-huge
{
	cat /etc/hosts
	for ((i = 0; i < 200000; i += 1000)); do
		printf '0.0.0.0 ads%06d.blocklist.example\n' $(seq $i $((i + 999)))
	done
} > "$huge"
got=$(ARESOLV_HOSTS=$huge LD_PRELOAD=$build/libaresolv.so valgrind -q --error-exitcode=99 \
	--leak-check=full --errors-for-leak-kinds=definite \
	getent hosts ads000000.blocklist.example ADS199999.blocklist.example absent.example 2>"$d/vg.log")
is "$?" 2 "valgrind, a 200,000-line file: no error (getent: one key not found)"
is "$got" $'0.0.0.0         ads000000.blocklist.example\n0.0.0.0         ads199999.blocklist.example' \
	"valgrind, a 200,000-line file: the first and the last line"
[[ -s $d/vg.log ]] && diag "$(head -20 "$d/vg.log")"
done_testing
