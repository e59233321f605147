#!/usr/bin/env bash
# /etc/gai.conf variants: aresolv's RFC 3484 sort gives glibc's order, and
# aresolv answered every lookup (its trace: none handed to libc).
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
q=$build/aresolv-query
batch=$ARESOLV_NS_DIR/gai-batch
trace=$ARESOLV_NS_DIR/gai.trace
cat > "$batch" <<'Q'
gai dual.aresolv.test 80 --socktype stream
gai target.aresolv.test 80 --socktype stream --flags CANONNAME
gai c1.aresolv.test 80
gai localhost 80 --socktype stream
gai twolines.test 80 --socktype dgram
gai dual.aresolv.test 80 --family 6 --flags V4MAPPED,ALL --socktype stream
gai - 80 --socktype stream
gai - 80 --flags PASSIVE --socktype stream
Q
nq=$(grep -c . "$batch")
# lookups aresolv answered itself; a trace line each
answered() { grep -cE ' path=(dns|hosts|numeric) ' "$trace"; }
variants=(
	""
	"precedence ::ffff:0:0/96 100"
	"label ::/0 1"
	"label ::ffff:0:0/96 6"
	$'precedence ::/0 40\nscopev4 ::ffff:10.53.0.0/112 2'
	$'precedence ::/0 40\nscopev4 10.53.0.0/16 1'
	$'precedence ::1/128 50\nprecedence ::/0 40\nprecedence 2002::/16 30\nprecedence ::/96 20\nprecedence ::ffff:0:0/96 100'
	$'reload yes\nprecedence ::ffff:0:0/96 100'
	"# comments only"
	"label garbage 1"
)
for conf in "${variants[@]}"; do
	printf '%s\n' "$conf" > "$ARESOLV_NS_DIR/gai.conf"
	want=$("$q" --batch "$batch")
	: > "$trace"
	got=$(ARESOLV_TRACE=$trace preload "$q" --batch "$batch")
	is "$got" "$want" "gai.conf [${conf//$'\n'/; }]: same order as glibc"
	is "$(answered)" "$nq" "gai.conf [${conf//$'\n'/; }]: the $nq lookups were aresolv's"
done
printf 'precedence ::ffff:0:0/96 100\n' > "$ARESOLV_NS_DIR/gai.conf"
: > "$trace"
first=$(ARESOLV_TRACE=$trace preload "$q" gai dual.aresolv.test 80 --socktype stream | sed -n 2p)
like "$first" 'family=inet ' "the file is read: IPv4 first with a higher precedence"
is "$(grep -c ' path=dns ' "$trace")" 1 "that lookup was aresolv's, from DNS"
done_testing
