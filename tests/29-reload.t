#!/usr/bin/env bash
# resolv.conf changes while the program runs: glibc reloads it, and so
# does aresolv (checked at most once a second), rebuilding every kept
# channel, the pool's and the per-thread ones, so that the new server is
# asked.  A second dnsmasq on 127.0.0.2 gives www.aresolv.test another
# address than the first one on 127.0.0.1.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
dir=$ARESOLV_NS_DIR
trace=$dir/trace

dnsmasq --no-resolv --no-hosts --host-record=www.aresolv.test,10.99.0.2 \
	--port=53 --listen-address=127.0.0.2 --bind-interfaces --user=root --group= \
	--pid-file="$dir/reload.pid" --log-facility="$dir/reload.log" 2>"$dir/reload.err"
ok $? "a second dnsmasq on 127.0.0.2" || cat "$dir/reload.err" >&2
cp /etc/resolv.conf "$dir/resolv.orig"

# three threads resolve, resolv.conf names the other server, three
# threads resolve again after 1.2 s; then the same in the main thread
prog='
import socket, sys, time
from concurrent.futures import ThreadPoolExecutor
conf, new = sys.argv[1], sys.argv[2]
def three():
    with ThreadPoolExecutor(3) as ex:
        return sorted(set(ex.map(lambda _: socket.gethostbyname("www.aresolv.test"), range(30))))
before, main0 = three(), socket.gethostbyname("www.aresolv.test")
open(conf, "w").write(new)
time.sleep(1.2)
after, main1 = three(), socket.gethostbyname("www.aresolv.test")
print("threads", before, after, "main", main0, main1)'
new=$'nameserver 127.0.0.2\noptions timeout:1 attempts:2\n'

run() { cp "$dir/resolv.orig" /etc/resolv.conf; "$@" "$PY" -c "$prog" /etc/resolv.conf "$new"; }
want="threads ['10.53.0.10'] ['10.99.0.2'] main 10.53.0.10 10.99.0.2"
is "$(run env)" "$want" "glibc: the new server's answer once resolv.conf names it"
for channels in "" 0; do
	: > "$trace"
	got=$(ARESOLV_TRACE=$trace ARESOLV_CHANNELS=$channels run preload)
	is "$got" "$want" "aresolv${channels:+, ARESOLV_CHANNELS=$channels}: the same, in every thread"
	is "$(grep -c 'path=dns result=OK' "$trace")" 62 "all 62 lookups were aresolv's"
done
cp "$dir/resolv.orig" /etc/resolv.conf
kill "$(cat "$dir/reload.pid")" 2>/dev/null
done_testing
