#!/usr/bin/env bash
# /etc/host.conf's "multi": with it every matching hosts line counts, without
# it the first; aresolv follows glibc either way, answering every lookup
# itself (its trace: none handed to libc).
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
q=$build/aresolv-query
batch=$ARESOLV_NS_DIR/batch
trace=$ARESOLV_NS_DIR/hostconf.trace
cat > "$batch" <<'Q'
gai twolines.test 80 --socktype stream
gai localhost 80 --socktype stream --family 4
ghbn localhost
ghbn2 twolines.test 6
gai localhost 80 --family 6 --flags V4MAPPED,ALL --socktype stream
gai twolines.test 80 --family 6 --flags V4MAPPED,ALL --socktype stream
ghba 127.0.0.1
Q
nq=$(grep -c . "$batch")
# lookups aresolv answered itself; a trace line each
answered() { grep -cE ' path=(dns|hosts|numeric) ' "$trace"; }
for conf in "" "multi on" "multi off" "MULTI On" $'order hosts,bind\nmulti on'; do
	printf '%s\n' "$conf" > "$ARESOLV_NS_DIR/host.conf"
	want=$("$q" --batch "$batch")
	: > "$trace"
	got=$(ARESOLV_TRACE=$trace preload "$q" --batch "$batch")
	is "$got" "$want" "host.conf [${conf//$'\n'/; }]: same answers as glibc"
	is "$(answered)" "$nq" "host.conf [${conf//$'\n'/; }]: the $nq lookups were aresolv's"
done
: > "$ARESOLV_NS_DIR/host.conf"
: > "$trace"
n1=$(ARESOLV_TRACE=$trace preload "$q" gai twolines.test 80 --socktype stream | grep -c '^ai')
n2=$(RESOLV_MULTI=on ARESOLV_TRACE=$trace preload "$q" gai twolines.test 80 --socktype stream | grep -c '^ai')
is "$n1:$n2" "1:2" "without multi one line counts; RESOLV_MULTI=on makes it two"
is "$(grep -c ' path=hosts ' "$trace")" 2 "both lookups were aresolv's, from the hosts file"
done_testing
