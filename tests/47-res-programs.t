#!/usr/bin/env bash
# Real Debian 12 programs whose libraries call the res_* family, preloaded
# (as seen with glibc: tests/restrace.c logs each res_* call and glibc's
# result):
#   kinit       libkrb5: res_ninit + res_nsearch (URI _kerberos.REALM.,
#               SRV _kerberos._udp.REALM., _kerberos._tcp.REALM., ...)
#   ldapsearch  libldap: res_query (SRV _ldap._tcp.DOMAIN)
#   ssh         VerifyHostKeyDNS: res_init + res_query (SSHFP, EDNS0+DO)
#   getent      nss_hesiod: res_mkquery + res_send (TXT NAME.passwd.LHS.RHS)
#
# The records live only on a dnsmasq of this test's own on 10.53.0.47:53
# (tests/fixtures/dnsmasq-programs.conf), which resolv.conf does not name;
# tests/progd.py is the KDC and LDAP server the SRV records point to, and
# an sshd of the test's own on 127.0.0.1:2222 has the SSHFP'd host key.
# For each program:
#  - glibc, with a resolv.conf that names 10.53.0.47 (in a mount namespace
#    of its own): what the program does with the records, its res_* calls
#    and glibc's result for each (restrace.so), the queries the server got;
#  - glibc alone (resolv.conf as it is): the program does not get them;
#  - preloaded, ARESOLV_SERVERS=10.53.0.47, resolv.conf as it is: the
#    program behaves as in glibc's run with the records, the proof of it
#    (progd's log, ssh's "found in DNS", the passwd line), aresolv's trace
#    has glibc's res_* calls with glibc's results and lengths, path=dns,
#    and the records server got the same queries.  Only aresolv can have
#    given the program the records, so each of these fails without it.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
d=$ARESOLV_NS_DIR/programs
mkdir -p "$d"
trace=$d/trace
fx=$tap_repo/tests/fixtures
rec=10.53.0.47
PATH=$PATH:/usr/sbin:/sbin

ip addr add "$rec/32" dev lo || { echo "Bail out! cannot add $rec to lo"; exit 255; }

pids=()
nss_mounted=0
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	[[ -s $d/sshd.pid ]] && kill "$(cat "$d/sshd.pid")" 2>/dev/null
	# aresolv-ns's own bind mount sits under ours: ours goes first
	((nss_mounted)) && umount /etc/nsswitch.conf
	true
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# ---- the records server, the fake KDC and LDAP server, sshd -----------
have_sshd=0
# sshd's privilege separation switches to its sshd user, which a user
# namespace (aresolv-ns --map-root-user, not run as root) does not map
real_root=0
[[ $(awk '$1 == 0 { print $2 }' /proc/self/uid_map) == 0 ]] && real_root=1
if ((real_root)) && command -v sshd >/dev/null && command -v ssh >/dev/null && getent passwd sshd >/dev/null; then
	have_sshd=1
	ssh-keygen -q -t ed25519 -N '' -C aresolv-test -f "$d/hostkey" || have_sshd=0
fi
cp "$fx/dnsmasq-programs.conf" "$d/records.conf"
((have_sshd)) && ssh-keygen -r sshfp.aresolv.test -f "$d/hostkey.pub" |
	awk '$3 == "SSHFP" { printf "dns-rr=%s,44,%02x%02x%s\n", $1, $4, $5, $6 }' >> "$d/records.conf"
: > "$d/records.log"
dnsmasq --conf-file="$d/records.conf" --port=53 --listen-address="$rec" \
	--bind-interfaces --user=root --group= --log-queries \
	--pid-file="$d/records.pid" --log-facility="$d/records.log" 2>"$d/records.err" ||
	{ cat "$d/records.err"; echo "Bail out! dnsmasq on $rec:53 did not start"; exit 255; }
pids+=("$(cat "$d/records.pid")")

"$PY" "$tap_repo/tests/progd.py" --kdc-port 8801 --ldap-port 8389 --log "$d/progd.log" \
	--ready-file "$d/progd.ready" --lifetime "${ARESOLV_TEST_TIMEOUT:-900}" 2>"$d/progd.err" &
pids+=($!)
for ((i = 0; i < 100; i++)); do
	[[ -e $d/progd.ready ]] && break
	sleep 0.05
done
[[ -e $d/progd.ready ]] || { cat "$d/progd.err"; echo "Bail out! progd did not start"; exit 255; }
: > "$d/progd.log"

printf 'nameserver %s\noptions timeout:1 attempts:2\n' "$rec" > "$d/resolv.records"

# restrace.so watches the res_* calls glibc answers (tests/restrace.c).
helper restrace.so
restrace=$helper

# Run a command with glibc, /etc/resolv.conf naming only the records
# server, in a mount namespace of its own, its res_* calls written to
# $d/glibc.trace by restrace.so.
with_records() {
	: > "$d/glibc.trace"
	unshare --mount -- sh -c 'so=$1 tr=$2; shift 2; mount --bind "$0" /etc/resolv.conf &&
		LD_PRELOAD=$so RESTRACE=$tr exec "$@"' "$d/resolv.records" "$restrace" "$d/glibc.trace" "$@"
}

# The queries the records server got since the mark: "TYPE NAME", those
# for addresses (getaddrinfo's) left out.
mark() { wc -l < "$d/records.log"; }
queries_since() { # mark
	tail -n +$(($1 + 1)) "$d/records.log" |
		sed -nE 's/.* query\[([A-Z0-9]+)\] ([^ ]+) from .*/\1 \2/p' | grep -Ev '^(A|AAAA|PTR) '
}

# The res_* lines of aresolv's trace, as "FUNC name="NAME" class=C
# type=T path=P result=R[ len=N]"; want_trace: glibc's (restrace's) lines
# in the same form, path=dns.
res_trace() {
	sed -nE 's/.*\<((__)?res_[a-z]+ name="[^"]*" class=[A-Z0-9]+ type=[A-Z0-9]+) path=([a-z]+) (result=[A-Za-z_0-9]+( len=[0-9]+)?).*/\1 path=\3 \4/p' "$trace"
}
want_trace() {
	sed -E 's/ result=/ path=dns result=/' "$d/glibc.trace"
}

ares() { : > "$trace"; ARESOLV_SERVERS=$rec ARESOLV_TRACE=$trace preload "$@"; }

# The six checks every program gets: glibc with the records, glibc alone,
# then preloaded: the same behaviour, the proof of it, the trace lines,
# the queries on the records server.
# (five when FILTER_CMD is "-": the behaviour is the same without the
# records, so only the proof can tell)
skip_program() { # n reason
	local i
	for ((i = 0; i < $1; i++)); do skip "$2"; done
}

# check_program LABEL PROOF_CMD FILTER_CMD -- COMMAND...
# PROOF_CMD (eval'd after each run, exit 0 when the program got the
# records: its output is in $out) and FILTER_CMD (turns the program's
# output into what must be the same as glibc's) are shell snippets.
check_program() {
	local label=$1 proof=$2 filter=$3; shift 4
	local out st m want_q want_t funcs got_q

	# glibc with the records server
	: > "$d/progd.log"; m=$(mark)
	out=$(with_records "$@" 2>&1); st=$?
	local want_out
	[[ $filter == - ]] || want_out="$(eval "$filter" <<< "$out")"$'\n'"exit=$st"
	want_q=$(queries_since "$m")
	want_t=$(want_trace)
	funcs=$(cut -d' ' -f1 "$d/glibc.trace" | sort -u | tr '\n' ' ')
	eval "$proof"
	ok $? "$label: glibc, resolv.conf naming $rec: the program gets the records (it calls ${funcs% })"
	[[ -n $want_q && -n $want_t ]] || diag "queries: $want_q" "res_* calls: $want_t" "output: $out"

	# glibc alone: its server knows none of the records
	: > "$d/progd.log"; m=$(mark)
	out=$("$@" 2>&1); st=$?
	! eval "$proof"
	ok $? "$label: glibc alone (resolv.conf's 127.0.0.1) does not get them"

	# preloaded, the records only on ARESOLV_SERVERS
	: > "$d/progd.log"; m=$(mark)
	out=$(ares "$@" 2>&1); st=$?
	[[ $filter == - ]] ||
		is "$(eval "$filter" <<< "$out")"$'\n'"exit=$st" "$want_out" \
			"$label: preloaded, ARESOLV_SERVERS=$rec: behaves as with glibc and the records"
	eval "$proof"
	ok $? "$label: preloaded: the program got the records"
	is "$(res_trace)" "$want_t" "$label: preloaded: a res_* trace line per query, glibc's function and result"
	got_q=$(queries_since "$m")
	is "$got_q" "$want_q" "$label: preloaded: the records server got glibc's queries"
}

# ---- (a) kinit --------------------------------------------------------
cat > "$d/krb5.conf" <<'EOF'
[libdefaults]
	default_realm = ARESOLV.TEST
	dns_lookup_kdc = true
	dns_lookup_realm = false
	dns_canonicalize_hostname = false
	rdns = false
[realms]
	ARESOLV.TEST = {
	}
EOF
if command -v kinit >/dev/null; then
	export KRB5_CONFIG=$d/krb5.conf KRB5CCNAME=FILE:$d/krb5cc
	check_program "kinit user@ARESOLV.TEST" \
		'grep -q "^kdc user ARESOLV.TEST krbtgt ARESOLV.TEST" "$d/progd.log" && [[ $out == *"not found in Kerberos database"* ]]' \
		'cat' -- kinit user@ARESOLV.TEST < /dev/null
	unset KRB5_CONFIG KRB5CCNAME
else
	skip_program 6 "kinit not installed (package krb5-user)"
fi

# ---- (b) ldapsearch ---------------------------------------------------
if command -v ldapsearch >/dev/null; then
	export LDAPNOINIT=1
	check_program "ldapsearch -H ldap:///dc=aresolv%2Cdc=test" \
		'grep -q "^ldap BindRequest" "$d/progd.log" && [[ $out == *"additional info: aresolv progd"* ]]' \
		'cat' -- ldapsearch -x -H 'ldap:///dc=aresolv%2Cdc=test' -b dc=aresolv,dc=test
	unset LDAPNOINIT
else
	skip_program 6 "ldapsearch not installed (package ldap-utils)"
fi

# ---- (c) ssh -o VerifyHostKeyDNS=yes ----------------------------------
if ((have_sshd)); then
	cat > "$d/sshd_config" <<EOF
ListenAddress 127.0.0.1:2222
HostKey $d/hostkey
PidFile $d/sshd.pid
UsePAM no
StrictModes no
EOF
	# sshd wants /run/sshd: a tmpfs over /run in a mount namespace of its own
	unshare --mount -- sh -c 'mount -t tmpfs -o mode=755 tmpfs /run && mkdir -m 755 /run/sshd &&
		exec "$0" -f "$1" -E "$2"' "$(command -v sshd)" "$d/sshd_config" "$d/sshd.log"
	for ((i = 0; i < 100; i++)); do
		(exec 3<>/dev/tcp/127.0.0.1/2222) 2>/dev/null && break
		sleep 0.05
	done
fi
if ((have_sshd)) && ! (exec 3<>/dev/tcp/127.0.0.1/2222) 2>/dev/null; then
	skip_program 6 "sshd did not start: $(tail -n 1 "$d/sshd.log" 2>/dev/null)"
elif ((have_sshd)); then
	mkdir -p "$d/home"
	HOME=$d/home check_program "ssh -o VerifyHostKeyDNS=yes sshfp.aresolv.test" \
		'[[ $out == *"matching host key fingerprint found in DNS"* ]]' \
		'grep -E "fingerprint|SSHFP|Host key verification"' -- \
		ssh -v -F none -o BatchMode=yes -o VerifyHostKeyDNS=yes -o CheckHostIP=no \
		-o UserKnownHostsFile=/dev/null -o GlobalKnownHostsFile=/dev/null \
		-o UpdateHostKeys=no -o ConnectTimeout=20 -p 2222 nobody@sshfp.aresolv.test true
elif ((!real_root)); then
	skip_program 6 "sshd needs real root (privilege separation), this is a user namespace"
else
	skip_program 6 "ssh or sshd not installed (packages openssh-client, openssh-server)"
fi

# ---- (d) getent passwd through nss_hesiod -----------------------------
if [[ -e /lib/x86_64-linux-gnu/libnss_hesiod.so.2 || -n $(ldconfig -p 2>/dev/null | grep 'libnss_hesiod\.so\.2') ]]; then
	{ grep -v '^passwd:' /etc/nsswitch.conf; echo 'passwd: files hesiod'; } > "$d/nsswitch.conf"
	mount --bind "$d/nsswitch.conf" /etc/nsswitch.conf && nss_mounted=1
	printf 'lhs=.ns\nrhs=.aresolv.test\nclasses=IN\n' > "$d/hesiod.conf"
	export HESIOD_CONFIG=$d/hesiod.conf
	check_program "getent passwd hesuser (nss_hesiod)" \
		'[[ $out == hesuser:*:4247:4247:* ]]' 'cat' -- getent passwd hesuser
	# a name it has not: NXDOMAIN, which res_send returns as an answer;
	# getent exits 2 either way: the proof is that the records server was
	# asked (and the trace says what glibc's res_send returned)
	check_program "getent passwd nosuchuser (nss_hesiod)" \
		'[[ $st == 2 && -n $(queries_since "$m") ]]' - -- getent passwd nosuchuser
	unset HESIOD_CONFIG
else
	skip_program 11 "nss_hesiod not installed (libnss_hesiod.so.2, package libc6)"
fi

done_testing
