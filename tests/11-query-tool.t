#!/usr/bin/env bash
# build/aresolv-query: its output format, exit codes and batch mode, on
# numeric inputs only (plain glibc, no library, no DNS server needed).
# Self-contained TAP; everything is skipped when the tool is not built.
set -u
root=$(cd "$(dirname "$0")/.." && pwd -P)
Q=$root/build/aresolv-query
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LD_PRELOAD

N=29
echo "1..$N"
n=0
ok() { # status description
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
is() { # got expected description
	[ "$1" = "$2" ]; local st=$?
	ok $st "$3"
	if [ $st -ne 0 ]; then
		printf '#   got:\n%s\n#   expected:\n%s\n' "$1" "$2" | sed '3,$s/^/#     /'
	fi
}
run() { out=$("$@" 2>"$tmp/err"); st=$?; err=$(cat "$tmp/err"); }

if [ ! -x "$Q" ]; then
	for i in $(seq $N); do echo "ok $i # skip build/aresolv-query not built"; done
	exit 0
fi

run "$Q" --version
want=$(sed -n 's/^VERSION *:= *//p' "$root/Makefile")
is "$st:$out" "0:aresolv-query $want" "--version: the Makefile's VERSION"
run "$Q" --help
[ "$st" -eq 0 ] && case $out in *ghbr*gaia*res_query*res_nsend*) true ;; *) false ;; esac
ok $? "--help exits 0 and lists the commands"

# getaddrinfo
run "$Q" gai 127.0.0.1 80 --family 4 --socktype stream
is "$st" 0 "gai numeric: exit 0"
is "$out" 'gai node="127.0.0.1" service="80" family=inet socktype=stream protocol=0 flags=0x0
ai family=inet socktype=stream protocol=6 addrlen=16 addr=127.0.0.1 port=80 flags=0x0 canonname=-' \
	"gai 127.0.0.1 80 --family 4 --socktype stream"

run "$Q" gai ::1 http --flags NUMERICHOST
is "$st" 0 "gai ::1 http: exit 0"
is "$(printf '%s\n' "$out" | sed -n 1,2p)" 'gai node="::1" service="http" family=unspec socktype=0 protocol=0 flags=0x4
ai family=inet6 socktype=stream protocol=6 addrlen=28 addr=::1 port=80 flowinfo=0 scope=0 flags=0x4 canonname=-' \
	"gai ::1 http --flags NUMERICHOST (http is 80/tcp in /etc/services)"

run "$Q" gai - 80 --family=6 --socktype dgram --flags PASSIVE
is "$st:$out" '0:gai node=- service="80" family=inet6 socktype=dgram protocol=0 flags=0x1
ai family=inet6 socktype=dgram protocol=17 addrlen=28 addr=:: port=80 flowinfo=0 scope=0 flags=0x1 canonname=-' \
	"gai with a NULL node (-) and PASSIVE"

run "$Q" gai 127.0.0.1 80 --family 4 --socktype stream --flags CANONNAME
is "$out" 'gai node="127.0.0.1" service="80" family=inet socktype=stream protocol=0 flags=0x2
ai family=inet socktype=stream protocol=6 addrlen=16 addr=127.0.0.1 port=80 flags=0x2 canonname="127.0.0.1"' \
	"gai CANONNAME quotes the canonical name"

run "$Q" gai not-an-address 80 --flags NUMERICHOST
is "$st:$out" '1:gai node="not-an-address" service="80" family=unspec socktype=0 protocol=0 flags=0x4
error EAI_NONAME msg="Name or service not known"' "gai error: EAI_NONAME, exit 1"

run "$Q" gai 127.0.0.1 80 --family 6 --flags NUMERICHOST
is "$(printf '%s\n' "$out" | sed -n '2s/ msg=.*//p')" "error EAI_ADDRFAMILY" "gai error: EAI_ADDRFAMILY"

run "$Q" gai 127.0.0.1 80 --flags 0x8000
is "$(printf '%s\n' "$out" | sed -n '2s/ msg=.*//p')" "error EAI_BADFLAGS" "gai error: EAI_BADFLAGS"

# getnameinfo
run "$Q" gni 127.0.0.1 80 --flags NUMERICHOST,NUMERICSERV
is "$st:$out" '0:gni addr=127.0.0.1 port=80 flags=0x3 hostlen=1025 servlen=32 scope=0 salen=16
host="127.0.0.1" serv="80"' "gni 127.0.0.1 80 --flags NUMERICHOST,NUMERICSERV"

run "$Q" gni ::1 8080 --flags NUMERICHOST,NUMERICSERV --hostlen 0
is "$out" 'gni addr=::1 port=8080 flags=0x3 hostlen=0 servlen=32 scope=0 salen=28
host=- serv="8080"' "gni --hostlen 0 passes a NULL host"

run "$Q" gni 127.0.0.1 80 --flags NUMERICHOST,NUMERICSERV --hostlen 3
is "$st:$(printf '%s\n' "$out" | sed -n '2s/ msg=.*//p')" "1:error EAI_OVERFLOW" "gni short buffer: EAI_OVERFLOW"

# gethostbyname*
run "$Q" ghbr 127.0.0.1 1
is "$st:$out" '1:ghbr name="127.0.0.1" buflen=1
ret=ERANGE h_errno=NETDB_INTERNAL result=null' "ghbr 127.0.0.1 1: ERANGE"

run "$Q" ghbn2 127.0.0.1 4
is "$st:$out" '0:ghbn2 name="127.0.0.1" family=inet
h_name="127.0.0.1"
h_addrtype=inet
h_length=4
addr 127.0.0.1' "ghbn2 numeric hostent"

# res_*: a state without servers (never initialised, or --servers "")
# fails with ESRCH before anything is sent
run "$Q" res_nquery x.test A --state uninit
is "$st:$out" '1:res_nquery name="x.test" class=IN type=A anslen=65536 state=uninit
ret=-1 h_errno=TRY_AGAIN errno=ESRCH res_h_errno=TRY_AGAIN' "res_nquery with a never initialised state: ESRCH"

run "$Q" res_send --query 1234 --servers ""
is "$st:$out" '1:res_send query=hex:1234 anslen=65536 state=res servers=""
ret=-1 h_errno=unset errno=ESRCH' "res_send --query with no servers: ESRCH, h_errno untouched"

# getaddrinfo_a, numeric: each request as gai prints it
run "$Q" gaia 127.0.0.1 ::1 x --flags NUMERICHOST --socktype stream --service 80 --mode nowait
is "$st:$out" '1:gaia mode=nowait nodes=3 service="80" family=unspec socktype=stream protocol=0 flags=0x4
ret=0
request node="127.0.0.1"
ai family=inet socktype=stream protocol=6 addrlen=16 addr=127.0.0.1 port=80 flags=0x4 canonname=-
request node="::1"
ai family=inet6 socktype=stream protocol=6 addrlen=28 addr=::1 port=80 flowinfo=0 scope=0 flags=0x4 canonname=-
request node="x"
error EAI_NONAME msg="Name or service not known"' "gaia --mode nowait: three requests, one failed (exit 1)"

run "$Q" gaia 127.0.0.1 --flags NUMERICHOST --socktype dgram
is "$st:$out" '0:gaia mode=wait nodes=1 service=- family=unspec socktype=dgram protocol=0 flags=0x4
ret=0
request node="127.0.0.1"
ai family=inet socktype=dgram protocol=17 addrlen=16 addr=127.0.0.1 port=0 flags=0x4 canonname=-' "gaia (GAI_WAIT)"

# Usage errors of the new verbs, then the old ones: exit 2, message on
# stderr, nothing on stdout.
badres=0
for bad in "res_query" "res_query x" "res_query x BOGUS" "res_querydomain x A" \
	"res_send" "res_send x A --query 00" "res_send --query 0g" "res_query x A --query 00" \
	"res_query x A --anslen x" "res_query x A --state uninit" "res_nquery x A --state bogus" \
	"res_query x A --options +NOPE" "res_query x A --servers 1.2.3.4#99999" \
	"res_query x A --servers 1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4" "res_nsearch x A --ndots 16" \
	"res_query x A --class QQ" "res_nsend" "gaia" "gaia x --mode sometimes"; do
	# shellcheck disable=SC2086
	run "$Q" $bad
	if ! { [ "$st" -eq 2 ] && [ -n "$err" ] && [ -z "$out" ]; }; then
		echo "# not a usage error: aresolv-query $bad (exit $st)"
		badres=1
	fi
done
ok $badres "usage errors of res_* and gaia exit 2 with a message and no output"
printf 'res_query x\n' | "$Q" --batch - >"$tmp/rb"
is "$(cat "$tmp/rb")" 'query: res_query x
usage-error usage: res_query NAME TYPE [options]' "a res_* usage error in a batch is a result"

for bad in "gai" "gai 1.2.3.4 80 --family 5" "gni 1.2.3.4 99999" "frobnicate"; do
	# shellcheck disable=SC2086
	run "$Q" $bad
	[ "$st" -eq 2 ] && [ -n "$err" ] && [ -z "$out" ]
	ok $? "usage error exits 2: aresolv-query $bad"
done

# Batch: comments, blank lines, quotes, a resolver error is a result.
cat >"$tmp/batch" <<'EOF'
# three queries
gai 127.0.0.1 80 --family 4 --socktype stream

  gni "127.0.0.1" 80 --flags=NUMERICHOST,NUMERICSERV
ghbr 127.0.0.1 1
EOF
run "$Q" --batch "$tmp/batch"
is "$st:$out" '0:query: gai 127.0.0.1 80 --family 4 --socktype stream
gai node="127.0.0.1" service="80" family=inet socktype=stream protocol=0 flags=0x0
ai family=inet socktype=stream protocol=6 addrlen=16 addr=127.0.0.1 port=80 flags=0x0 canonname=-

query: gni "127.0.0.1" 80 --flags=NUMERICHOST,NUMERICSERV
gni addr=127.0.0.1 port=80 flags=0x3 hostlen=1025 servlen=32 scope=0 salen=16
host="127.0.0.1" serv="80"

query: ghbr 127.0.0.1 1
ghbr name="127.0.0.1" buflen=1
ret=ERANGE h_errno=NETDB_INTERNAL result=null' "--batch FILE with 3 queries (trailing blank line)"
# $(...) dropped the final blank line; check it is there.
"$Q" --batch "$tmp/batch" | tail -n 1 >"$tmp/last"
is "$(od -An -c "$tmp/last" | tr -d ' ')" '\n' "--batch ends each query with a blank line"

printf 'gai "a b" 80 --flags NUMERICHOST\nbogus words\n' >"$tmp/batch2"
run "$Q" --batch - <"$tmp/batch2"
is "$st:$out" '2:query: gai "a b" 80 --flags NUMERICHOST
gai node="a b" service="80" family=unspec socktype=0 protocol=0 flags=0x4
error EAI_NONAME msg="Name or service not known"

query: bogus words
usage-error unknown command '"'"'bogus'"'"'' "--batch - from stdin: quoted word, bad line is a usage-error result, exit 2"
