#!/usr/bin/env bash
# The glibc releases compat mode follows (src/libc.c): the trace warns of
# a glibc it does not know (2.36 to 2.41) and of a c-ares outside the
# tested range, once a process, on the line after the versions'; the
# behaviours that changed between 2.36 and 2.41 follow the glibc the
# process runs on, found at run time.  Another glibc is played by a
# library preloaded beside aresolv whose gnu_get_libc_version() says
# FAKE_GLIBC (built here): the library's own code path, no knob of its
# own.  Then what the running glibc does where 2.36 and 2.41 differ and
# no corpus line can show it, each beside aresolv's answer: strict-error
# (tests/faultd.py's half-failing pairs) and RES_OPTIONS's "-option".
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
d=$ARESOLV_NS_DIR
q=$build/aresolv-query

# ---- the running glibc and c-ares ---------------------------------------
glibc=$(getconf GNU_LIBC_VERSION) && glibc=${glibc#glibc }
like "$glibc" '^[0-9]+\.[0-9]+' "getconf names the running glibc ($glibc)"
IFS=. read -r gmaj gmin _ <<< "$glibc"
gv=$((gmaj * 1000 + gmin))
cares=$(ARESOLV_LIB=$lib "$aresolv" --version) && cares=${cares##*c-ares } && cares=${cares%)}
like "$cares" '^[0-9]+\.[0-9]+\.[0-9]+$' "the library names its c-ares ($cares)"
IFS=. read -r cmaj cmin cpat <<< "$cares"
cv=$((cmaj * 65536 + cmin * 256 + cpat))
known_glibc=0 known_cares=0
((gv >= 2036 && gv <= 2041)) && known_glibc=1
((cv >= 0x011201 && cv < 0x012300)) && known_cares=1

# The trace of a process that makes three lookups, with FAKE_GLIBC when set.
cat > "$d/three.txt" <<'EOF'
gai www.aresolv.test 80 --socktype stream
ghbn hostsonly.test
gni 10.53.0.10 53
EOF
trace3() { # [NAME=VALUE...]
	(
		[[ $# == 0 ]] || export "$@"
		ARESOLV_TRACE=stderr preload "$q" --batch "$d/three.txt" 2>&1 >/dev/null
	)
}
warn_re='^aresolv\[[0-9]+\]: warning: '
head_re='^aresolv\[[0-9]+\]: aresolv [0-9.]+ \(c-ares [0-9.]+\) mode=(compat|native)$'

got=$(trace3)
like "$(sed -n 1p <<< "$got")" "$head_re" "the trace's first line names the versions and the mode"
n=$(grep -cE "${warn_re}glibc" <<< "$got")
is "$n" "$((1 - known_glibc))" "glibc $glibc: $( ((known_glibc)) && echo no warning || echo one warning)"
n=$(grep -cE "${warn_re}c-ares" <<< "$got")
is "$n" "$((1 - known_cares))" "c-ares $cares: $( ((known_cares)) && echo no warning || echo one warning)"
if ((known_glibc && known_cares)); then
	like "$(sed -n 2p <<< "$got")" '^aresolv\[[0-9]+\]: getaddrinfo node="www\.aresolv\.test"' \
		"the second line is the first call's"
else
	skip "the second line is a warning here"
fi

# ---- another glibc, played by a preloaded gnu_get_libc_version ------------
cat > "$d/fakeglibc.c" <<'EOF'
#include <stdlib.h>
const char *gnu_get_libc_version(void)
{
	const char *v = getenv("FAKE_GLIBC");
	return v ? v : "2.99";
}
EOF
cc -shared -fPIC -o "$d/fakeglibc.so" "$d/fakeglibc.c"
ok $? "a library that answers gnu_get_libc_version() with FAKE_GLIBC"
fake=$d/fakeglibc.so

for v in 2.35 2.42 2.99.9000 junk; do
	got=$(trace3 LD_PRELOAD="$fake" FAKE_GLIBC=$v)
	like "$(sed -n 1p <<< "$got")" "$head_re" "glibc $v: the first line is the versions'"
	like "$(sed -n 2p <<< "$got")" "${warn_re}glibc $v is not one compat mode knows \(2\.36 to 2\.41\)" \
		"glibc $v: the second line warns"
	is "$(grep -cE "${warn_re}glibc" <<< "$got")" 1 "glibc $v: once for three lookups"
	is "$(grep -c ': getaddrinfo \|: gethostbyname \|: getnameinfo ' <<< "$got")" 3 \
		"glibc $v: the three lookups traced after it"
done
for v in 2.36 2.38 2.41; do
	got=$(trace3 LD_PRELOAD="$fake" FAKE_GLIBC=$v)
	is "$(grep -cE "${warn_re}glibc" <<< "$got")" 0 "glibc $v: no warning"
done
got=$(trace3 LD_PRELOAD="$fake" FAKE_GLIBC=2.42 ARESOLV_MODE=native)
is "$(grep -cE "${warn_re}glibc" <<< "$got")" 0 "glibc 2.42 in native mode: no warning (it follows no glibc)"

# The behaviour follows the glibc the process says it runs: getnameinfo and
# gethostbyaddr of v4-mapped addresses find IPv4 hosts lines from 2.38 on.
ask() { # glibc-version query...
	local v=$1; shift
	printf '%s\n' "$*" > "$d/one.txt"
	LD_PRELOAD=$fake FAKE_GLIBC=$v preload "$q" --batch "$d/one.txt" | sed -n '3,$p' | sed '/^$/d' |
		tr '\n' ' '
}
is "$(ask 2.36 gni ::ffff:127.0.0.1 53)" 'host="http.aresolv.test" serv="domain" ' \
	"as 2.36: getnameinfo of ::ffff:127.0.0.1 asks DNS (127.0.0.1's PTR)"
is "$(ask 2.37 gni ::ffff:127.0.0.1 53)" 'host="http.aresolv.test" serv="domain" ' \
	"as 2.37: the same"
is "$(ask 2.38 gni ::ffff:127.0.0.1 53)" 'host="localhost" serv="domain" ' \
	"as 2.38: the hosts file's 127.0.0.1 line"
is "$(ask 2.41 gni ::ffff:127.0.0.1 53)" 'host="localhost" serv="domain" ' "as 2.41: the same"
is "$(ask 2.36 ghba ::ffff:10.53.1.1)" 'h_errno HOST_NOT_FOUND ' \
	"as 2.36: gethostbyaddr of ::ffff:10.53.1.1 finds nothing"
is "$(ask 2.41 ghba ::ffff:10.53.1.1)" \
	'h_name="hostsonly.test" alias "hostsalias" h_addrtype=inet6 h_length=16 addr ::ffff:10.53.1.1 ' \
	"as 2.41: its IPv4 line, answered as AF_INET6"

# ---- RES_OPTIONS's "-option" (glibc 2.41) ---------------------------------
# "no-aaaa -no-aaaa": 2.41 clears the option again, 2.36 does not know
# "-no-aaaa" and keeps it.  aresolv takes the options glibc's res_init
# read, so follows either.
cat > "$d/noaaaa.txt" <<'EOF'
gai dual.aresolv.test 80 --socktype stream
res_query dual.aresolv.test AAAA
gaia dual.aresolv.test --service 80 --socktype stream
EOF
for ro in "no-aaaa -no-aaaa" "-no-aaaa" "no-aaaa"; do
	n=$(RES_OPTIONS=$ro "$q" gai dual.aresolv.test 80 --socktype stream | grep -c '^ai ')
	want=2
	[[ $ro == no-aaaa ]] || { [[ $ro == "no-aaaa -no-aaaa" ]] && ((gv < 2041)); } && want=1
	is "$n" "$want" "RES_OPTIONS=\"$ro\": glibc $glibc's getaddrinfo gives $want address(es)"
	got=$(RES_OPTIONS=$ro ARESOLV_LIB=$difflib ARESOLV_QUERY=$q "$aresolv" diff "$d/noaaaa.txt" | tail -1)
	is "$got" "aresolv diff (compat): 3 queries, 3 identical, 0 different (0 allowed)" \
		"RES_OPTIONS=\"$ro\": aresolv's answers are glibc's"
done

# ---- strict-error (glibc 2.41) --------------------------------------------
# faultd answers one family and fails the other.  Without the option (and
# before 2.41) getaddrinfo gives the family that answered; with it 2.41
# fails the pair on SERVFAIL, NOTIMP or REFUSED (EAI_AGAIN), not on FORMERR
# or NXDOMAIN; with a second server that answers, 2.41 takes both
# families from it.
ip addr add 10.53.0.53/32 dev lo && ip addr add 10.53.0.54/32 dev lo ||
	{ echo "Bail out! cannot add 10.53.0.53 and 10.53.0.54 to lo"; exit 255; }
"$PY" "$tap_repo/tests/faultd.py" --addr 10.53.0.53 --alt-addr 10.53.0.54 \
	--ready-file "$d/faultd.ready" --lifetime "${ARESOLV_TEST_TIMEOUT:-300}" \
	>/dev/null 2>"$d/faultd.err" &
faultd=$!
disown "$faultd"
mounted=0
cleanup() {
	kill "$faultd" 2>/dev/null
	((mounted)) && umount /etc/resolv.conf
}
trap cleanup EXIT
for ((i = 0; i < 100; i++)); do
	[[ -s $d/faultd.ready ]] && break
	sleep 0.05
done
[[ -s $d/faultd.ready ]] || { cat "$d/faultd.err" >&2; echo "Bail out! faultd did not start"; exit 255; }
: > "$d/resolv.conf"
mount --bind "$d/resolv.conf" /etc/resolv.conf && mounted=1
ok $? "faultd on 10.53.0.53 (and 10.53.0.54), resolv.conf bound over /etc/resolv.conf"

# gai's answer in a word: the families it gives, or its error
word() {
	local out
	out=$("$q" gai "$1.fault.test" 80 --socktype stream)
	if grep -q '^error ' <<< "$out"; then grep -m1 -o 'EAI_[A-Z]*' <<< "$out"
	else grep -o 'family=inet6\?' <<< "$out" | sed 's/family=//' | tr '\n' ' ' | sed 's/ $//'; fi
}
strict=$((gv >= 2041))
rows=(
	# case          strict (2.41)  otherwise
	"aaaaservfail   EAI_AGAIN      inet"
	"aaaarefused    EAI_AGAIN      inet"
	"aaaanotimp     EAI_AGAIN      inet"
	"aaaaformerr    inet           inet"
	"aaaanxdomain   inet           inet"
	"aservfail      EAI_AGAIN      inet6"
	"ok             inet6+inet     inet6+inet"
)
for conf in "one strict" "one plain" "one negated" "two strict"; do
	servers="nameserver 10.53.0.53"
	[[ $conf == two* ]] && servers+=$'\nnameserver 10.53.0.54'
	opt=
	[[ $conf == *strict || $conf == *negated ]] && opt=" strict-error"
	printf '%s\noptions timeout:1 attempts:1%s\n' "$servers" "$opt" > "$d/resolv.conf"
	# RES_OPTIONS set but empty makes c-ares 1.34 drop resolv.conf's
	# servers (tests/40-faults.t leaves it out too): unset unless given
	unset RES_OPTIONS
	ro=
	[[ $conf == *negated ]] && ro=-strict-error
	for row in "${rows[@]}"; do
		read -r case ws wp <<< "$row"
		want=$wp
		[[ $conf == *strict ]] && ((strict)) && want=$ws
		[[ $conf == two* ]] && ((strict)) && [[ $want == EAI_AGAIN ]] && want=inet6+inet
		want=${want//+/ }
		label="$conf${ro:+ (RES_OPTIONS=$ro)}: $case"
		if [[ $conf == two* ]] && ((!strict)); then
			# two servers without strict-error: aresolv asks the second
			# server for the failed family, glibc gives what the first
			# said (docs/glibc-versions.md, aresolv(7): DIFFERENCES FROM GLIBC)
			skip "$label: two servers are compared under glibc 2.41's strict-error only"
			skip "$label"
			continue
		fi
		[[ -n $ro ]] && export RES_OPTIONS=$ro
		g=$(word "$case")
		is "$g" "$want" "$label: glibc $glibc gives $want"
		a=$(preload "$q" gai "$case.fault.test" 80 --socktype stream)
		is "$a" "$("$q" gai "$case.fault.test" 80 --socktype stream)" \
			"$label: aresolv's answer is glibc's"
	done
done

done_testing
