#!/usr/bin/env bash
# Node carries its own c-ares and exports its symbols.  In one process,
# dns.lookup (getaddrinfo, so aresolv) and dns.resolve4 (Node's own c-ares)
# must both work with aresolv loaded.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
trace=$ARESOLV_NS_DIR/trace

if ! command -v node >/dev/null; then
	skip "node is not installed"
	done_testing
	exit
fi

script='
const dns = require("dns");
const out = {};
dns.lookup("only.aresolv.test", {all: true}, (e, a) => {
  out.lookup = e ? e.code : a.map(x => x.address).join(",");
  dns.lookup("dual.aresolv.test", {all: true}, (e2, b) => {
    out.dual = e2 ? e2.code : b.map(x => x.address).sort().join(",");
    dns.resolve4("www.aresolv.test", (e3, c) => {
      out.resolve4 = e3 ? e3.code : c.join(",");
      dns.lookup("nx.aresolv.test", (e4) => {
        out.nx = e4 ? e4.code : "found";
        console.log(JSON.stringify(out));
      });
    });
  });
});
'
: > "$trace"
got=$(LD_PRELOAD=$lib ARESOLV_SERVERS=127.0.0.1:5353,127.0.0.1:53 ARESOLV_TRACE=$trace node -e "$script" 2>&1)
ok $? "node ran to the end with aresolv preloaded"
is "$got" '{"lookup":"127.0.0.1","dual":"10.53.0.20,fd53::20","resolve4":"10.53.0.10","nx":"ENOTFOUND"}' \
	"dns.lookup through aresolv, dns.resolve4 through Node's own c-ares"
like "$(cat "$trace")" 'getaddrinfo node="only.aresolv.test".*path=dns result=OK' "dns.lookup went through aresolv"
if grep -q 'www.aresolv.test' "$trace"; then st=1; else st=0; fi
ok $st "dns.resolve4 did not go through aresolv"

got=$(node -e "$script" 2>&1)
like "$got" '"lookup":"ENOTFOUND"' "without aresolv, dns.lookup cannot see the port-5353 server"

done_testing
