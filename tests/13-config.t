#!/usr/bin/env bash
# Configuration from the environment: malformed values are reported once,
# by name, and never stop the program; ARESOLV_HOSTS is read.
source "$(dirname "$0")/lib/tap.sh"
[[ -f $lib ]] || { echo "1..0 # skip $lib not built"; exit 0; }
query=$build/aresolv-query
hosts=$(mktemp)
trap 'rm -f "$hosts"' EXIT
printf '10.77.0.1 configtest.invalid alias77\n' > "$hosts"

q() { ARESOLV_HOSTS=$hosts preload "$@" "$query" gai configtest.invalid 80 --socktype stream --family 4; }

got=$(q env 2>&1)
like "$got" 'addr=10\.77\.0\.1 port=80' "ARESOLV_HOSTS names the hosts file"
is "$(q env 2>&1 >/dev/null)" "" "nothing on stderr when all is well"

for bad in "ARESOLV_SERVERS=garbage" "ARESOLV_SERVERS=1.2.3.4:99999" "ARESOLV_SERVERS=[::1]x" \
	"ARESOLV_TIMEOUT_MS=0" "ARESOLV_TIMEOUT_MS=12abc" "ARESOLV_TRIES=-1" "ARESOLV_CHANNELS=257" "ARESOLV_MODE=fast" \
	"ARESOLV_FALLBACK=sometimes" "ARESOLV_DISABLE=yes" "ARESOLV_TRACE=/nonexistent/dir/trace"; do
	err=$(q env "$bad" 2>&1 >/dev/null)
	out=$(q env "$bad" 2>/dev/null)
	like "$err" "^aresolv: .*${bad%%=*}" "$bad is reported by name"
	is "$(grep -c . <<< "$err")" 1 "$bad is reported once"
	like "$out" 'addr=10\.77\.0\.1' "$bad does not stop the lookup"
done
for good in "ARESOLV_SERVERS=127.0.0.1:5353,[::1]:53" "ARESOLV_SERVERS=::1" "ARESOLV_TIMEOUT_MS=250" \
	"ARESOLV_TRIES=3" "ARESOLV_CHANNELS=0" "ARESOLV_CHANNELS=8" "ARESOLV_MODE=native" "ARESOLV_FALLBACK=never" "ARESOLV_DISABLE=0"; do
	is "$(q env "$good" 2>&1 >/dev/null)" "" "$good is accepted silently"
done
got=$(ARESOLV_HOSTS=$hosts preload $PY -c '
import socket, sys, time
f = sys.argv[1]
a = socket.gethostbyname("configtest.invalid")
open(f, "w").write("10.77.0.2 configtest.invalid\n")
b = socket.gethostbyname("configtest.invalid")
time.sleep(1.2)
c = socket.gethostbyname("configtest.invalid")
print(a, c)' "$hosts" 2>&1)
is "$got" "10.77.0.1 10.77.0.2" "the cached hosts file is read again once it changed (checked once a second)"
done_testing
