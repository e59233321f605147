#!/usr/bin/env bash
# /etc/host.conf's "multi": with it every matching hosts line counts, without
# it the first; aresolv follows glibc either way.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
q=$build/aresolv-query
batch=$ARESOLV_NS_DIR/batch
cat > "$batch" <<'Q'
gai twolines.test 80 --socktype stream
gai localhost 80 --socktype stream --family 4
ghbn localhost
ghbn2 twolines.test 6
gai localhost 80 --family 6 --flags V4MAPPED,ALL --socktype stream
gai twolines.test 80 --family 6 --flags V4MAPPED,ALL --socktype stream
ghba 127.0.0.1
Q
for conf in "" "multi on" "multi off" "MULTI On" $'order hosts,bind\nmulti on'; do
	printf '%s\n' "$conf" > "$ARESOLV_NS_DIR/host.conf"
	want=$("$q" --batch "$batch")
	got=$(preload "$q" --batch "$batch")
	is "$got" "$want" "host.conf [${conf//$'\n'/; }]: same answers as glibc"
done
: > "$ARESOLV_NS_DIR/host.conf"
n1=$(preload "$q" gai twolines.test 80 --socktype stream | grep -c '^ai')
n2=$(RESOLV_MULTI=on preload "$q" gai twolines.test 80 --socktype stream | grep -c '^ai')
is "$n1:$n2" "1:2" "without multi one line counts; RESOLV_MULTI=on makes it two"
done_testing
