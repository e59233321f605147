#!/usr/bin/env bash
# Node, preloaded: dns.lookup goes through getaddrinfo (aresolv), while
# dns.resolve4 uses Node's own c-ares, which must keep working next to
# aresolv's hidden copy in the same process.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
trace=$ARESOLV_NS_DIR/trace
NODE=$(command -v node || command -v nodejs) || { skip "node not installed"; done_testing; exit; }

script='
const dns = require("dns");
const p = dns.promises;
const show = (tag, pr) => pr.then(v => tag + " " + JSON.stringify(v), e => tag + " error " + e.code);
(async () => {
  const out = [];
  out.push(await show("lookup-all www", p.lookup("www.aresolv.test", {all: true})));
  out.push(await show("lookup4 multi", p.lookup("multi.aresolv.test", {family: 4, all: true}).then(a => a.map(x => x.address).sort())));
  out.push(await show("lookup-all dual", p.lookup("dual.aresolv.test", {all: true, verbatim: true})));
  out.push(await show("lookup hostsonly", p.lookup("hostsonly.test", {family: 4})));
  out.push(await show("lookup nx", p.lookup("nx.aresolv.test")));
  out.push(await show("lookup only", p.lookup("only.aresolv.test", {family: 4})));
  out.push(await show("lookupService", p.lookupService("10.53.0.40", 80)));
  out.push(await show("resolve4 www", p.resolve4("www.aresolv.test")));
  out.push(await show("resolve4 multi", p.resolve4("multi.aresolv.test").then(a => a.sort())));
  out.push(await show("resolve6 dual", p.resolve6("dual.aresolv.test")));
  out.push(await show("resolveTxt txtonly", p.resolveTxt("txtonly.aresolv.test")));
  out.push(await show("reverse", p.reverse("10.53.0.40")));
  out.push(await show("resolve4 nx", p.resolve4("nx.aresolv.test")));
  console.log(out.join("\n"));
})();
'
want=$("$NODE" -e "$script" 2>&1); wst=$?
: > "$trace"
got=$(ARESOLV_TRACE=$trace preload "$NODE" -e "$script" 2>&1); st=$?
is "$wst" 0 "node without aresolv exits 0"
is "$st" 0 "node with aresolv preloaded exits 0 (no crash)"
like "$got" 'lookup-all www \[\{"address":"10\.53\.0\.10","family":4\}\]' "dns.lookup www.aresolv.test"
like "$got" 'lookup4 multi \["10\.53\.0\.31","10\.53\.0\.32","10\.53\.0\.33"\]' "dns.lookup multi.aresolv.test: three addresses"
like "$got" 'resolve4 www \["10\.53\.0\.10"\]' "dns.resolve4 (Node's own c-ares) still works"
like "$got" 'resolveTxt txtonly \[\["only text here"\]\]' "dns.resolveTxt still works"
like "$got" 'reverse \["target\.aresolv\.test"\]' "dns.reverse still works"
like "$got" 'resolve4 nx error ENOTFOUND' "dns.resolve4 NXDOMAIN is ENOTFOUND"
like "$got" 'lookup nx error ENOTFOUND' "dns.lookup NXDOMAIN is ENOTFOUND"
is "$got" "$want" "every answer is the same as without aresolv"
t=$(cat "$trace")
like "$t" 'getaddrinfo node="www\.aresolv\.test".*path=dns result=OK' "dns.lookup went through aresolv"
like "$t" 'getaddrinfo node="hostsonly\.test".*path=hosts result=OK' "dns.lookup of a hosts name: aresolv read the hosts file"
like "$t" 'getnameinfo addr="10\.53\.0\.40" port=80 .*host="target\.aresolv\.test"' "dns.lookupService went through aresolv's getnameinfo"
grep -q 'txtonly' <<< "$t"
ok $(( $? == 0 )) "dns.resolve* did not go through aresolv (Node's c-ares asks DNS itself)"

# A name only the port-5353 server knows: lookup finds it through aresolv,
# resolve4 (Node's c-ares, reading resolv.conf's 127.0.0.1:53) does not.
only='
const dns = require("dns").promises;
Promise.allSettled([dns.lookup("only.aresolv.test", {family: 4}), dns.resolve4("only.aresolv.test")])
  .then(r => console.log(r.map(x => x.status == "fulfilled" ? JSON.stringify(x.value) : x.reason.code).join(" ")));
'
got=$(ARESOLV_SERVERS=127.0.0.1:5353 preload "$NODE" -e "$only" 2>&1)
is "$got" '{"address":"127.0.0.1","family":4} ENOTFOUND' "only.aresolv.test: lookup via aresolv on :5353, resolve4 via Node's c-ares on :53"
got=$("$NODE" -e "$only" 2>&1)
is "$got" 'ENOTFOUND ENOTFOUND' "without aresolv neither finds it"

done_testing
