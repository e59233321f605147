#!/usr/bin/env bash
# Perl's Socket module, preloaded: getaddrinfo and getnameinfo answered by
# aresolv as glibc answers them.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
trace=$ARESOLV_NS_DIR/trace

script='
use strict; use warnings;
use Socket qw(:addrinfo AF_INET AF_INET6 AF_UNSPEC SOCK_STREAM inet_pton pack_sockaddr_in pack_sockaddr_in6);
sub gai {
    my ($host, $serv, %hints) = @_;
    my ($err, @res) = getaddrinfo($host, $serv, \%hints);
    if ($err) { printf "gai %s error %d %s\n", $host, $err+0, $err; return }
    my @out;
    for my $r (@res) {
        my ($e, $h, $s) = getnameinfo($r->{addr}, NI_NUMERICHOST|NI_NUMERICSERV);
        push @out, sprintf "gai %s family=%d socktype=%d protocol=%d addr=%s port=%s canon=%s\n",
            $host, $r->{family}, $r->{socktype}, $r->{protocol}, $h, $s, $r->{canonname} // "-";
    }
    # dnsmasq rotates the records of a name: compare the set, not the order
    @out = sort @out if $host =~ /^multi/;
    print @out;
}
sub gni {
    my ($sa, $flags) = @_;
    my ($e, $h, $s) = getnameinfo($sa, $flags);
    if ($e) { printf "gni error %d %s\n", $e+0, $e } else { print "gni $h $s\n" }
}
gai("www.aresolv.test", "http", socktype => SOCK_STREAM);
gai("dual.aresolv.test", 443);
gai("multi.aresolv.test", undef, family => AF_INET, socktype => SOCK_STREAM);
gai("c1.aresolv.test", 80, flags => AI_CANONNAME, socktype => SOCK_STREAM);
gai("twolines.test", 80, socktype => SOCK_STREAM);
gai("hostsalias", 80, family => AF_INET, flags => AI_CANONNAME, socktype => SOCK_STREAM);
gai("nx.aresolv.test", 80);
gai("txtonly.aresolv.test", 80);
gai("only.aresolv.test", 80, family => AF_INET, socktype => SOCK_STREAM);
gni(pack_sockaddr_in(80, inet_pton(AF_INET, "10.53.0.40")), 0);
gni(pack_sockaddr_in(22, inet_pton(AF_INET, "10.53.1.1")), 0);
gni(pack_sockaddr_in(80, inet_pton(AF_INET, "10.53.0.77")), 0);
gni(pack_sockaddr_in(80, inet_pton(AF_INET, "10.53.0.77")), NI_NAMEREQD);
gni(pack_sockaddr_in6(443, inet_pton(AF_INET6, "fd53::40")), NI_NUMERICSERV);
'
want=$(perl -e "$script" 2>&1); wst=$?
: > "$trace"
got=$(ARESOLV_TRACE=$trace preload perl -e "$script" 2>&1); st=$?
is "$wst" 0 "perl without aresolv exits 0"
is "$st" 0 "perl with aresolv preloaded exits 0"
is "$got" "$want" "every answer is the same as glibc's"
diag "$got"
like "$got" 'gai c1\.aresolv\.test .* canon=target\.aresolv\.test' "CNAME chain: canonical name is the target"
like "$got" 'gai c1\.aresolv\.test .*addr=10\.53\.0\.40 port=80' "CNAME chain: the target's address"
[[ $(grep -c '^gai multi.aresolv.test' <<< "$got") == 3 ]]
ok $? "multi.aresolv.test: three results"
like "$got" 'gai nx\.aresolv\.test error -2 ' "NXDOMAIN is EAI_NONAME"
like "$got" 'gni target\.aresolv\.test http' "getnameinfo reverse-resolves 10.53.0.40"
t=$(cat "$trace")
like "$t" 'getaddrinfo node="www\.aresolv\.test" service="http" .*path=dns result=OK' "getaddrinfo went through aresolv (dns)"
like "$t" 'getaddrinfo node="twolines\.test".*path=hosts result=OK' "getaddrinfo went through aresolv (hosts)"
like "$t" 'getaddrinfo node="nx\.aresolv\.test".*path=dns result=EAI_NONAME' "NXDOMAIN went through aresolv"
like "$t" 'getnameinfo addr="10\.53\.0\.40" port=80 flags=0x0 path=dns result=OK host="target\.aresolv\.test" serv="http"' "getnameinfo went through aresolv"

only='use Socket qw(:addrinfo AF_INET SOCK_STREAM);
my ($e, @r) = getaddrinfo("only.aresolv.test", 80, {family => AF_INET, socktype => SOCK_STREAM});
if ($e) { print "error ", $e+0, "\n" } else { my (undef, $h) = getnameinfo($r[0]{addr}, NI_NUMERICHOST); print "$h\n" }'
is "$(perl -e "$only" 2>&1)" "error -2" "glibc alone: only.aresolv.test is EAI_NONAME"
is "$(ARESOLV_SERVERS=127.0.0.1:5353 preload perl -e "$only" 2>&1)" "127.0.0.1" "aresolv with ARESOLV_SERVERS=127.0.0.1:5353 finds it"

done_testing
