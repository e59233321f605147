#!/usr/bin/env bash
# Perl's Socket module: getaddrinfo and getnameinfo answered by aresolv.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
trace=$ARESOLV_NS_DIR/trace

script='
use Socket qw(:addrinfo SOCK_STREAM);
for my $n (@ARGV) {
  my ($err, @res) = getaddrinfo($n, "80", {socktype => SOCK_STREAM});
  if ($err) { print "$n: error ", ($err+0), "\n"; next }
  for my $r (@res) {
    my ($e2, $host, $serv) = getnameinfo($r->{addr}, NI_NUMERICHOST);
    my ($e3, $name) = getnameinfo($r->{addr}, NI_NAMEREQD);
    print "$n: $host $serv ", ($e3 ? "noname" : $name), "\n";
  }
}
'
names="www.aresolv.test dual.aresolv.test c1.aresolv.test hostsonly.test nx.aresolv.test"
want=$(perl -e "$script" $names 2>&1)
: > "$trace"
got=$(LD_PRELOAD=$lib ARESOLV_TRACE=$trace perl -e "$script" $names 2>&1)
is "$got" "$want" "perl getaddrinfo/getnameinfo: the same answers as glibc"
diag "$got"
like "$(cat "$trace")" 'getaddrinfo node="c1.aresolv.test" service="80" .*path=dns result=OK' "getaddrinfo through aresolv"
like "$(cat "$trace")" 'getnameinfo addr="10.53.0.40" port=80 flags=0x8 path=dns result=OK host="target.aresolv.test"' "getnameinfo through aresolv"

got=$(LD_PRELOAD=$lib ARESOLV_SERVERS=127.0.0.1:5353 perl -e "$script" only.aresolv.test 2>&1)
is "$got" "only.aresolv.test: 127.0.0.1 http localhost" "a name from the port-5353 server, reverse from the hosts file"

done_testing
