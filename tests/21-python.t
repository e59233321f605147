#!/usr/bin/env bash
# Python's socket module, preloaded: getaddrinfo, gethostbyname_ex,
# gethostbyaddr, getnameinfo answered by aresolv, as glibc answers them.
source "$(dirname "$0")/lib/tap.sh"
tap_enter_ns "$0" "$@"
trace=$ARESOLV_NS_DIR/trace

script='
import socket, sys
def show(f, *a):
    try:
        print(f.__name__, a, f(*a))
    except OSError as e:
        print(f.__name__, a, "error", e.errno)
show(socket.getaddrinfo, "dual.aresolv.test", 80)
show(socket.getaddrinfo, "www.aresolv.test", "http", socket.AF_INET, socket.SOCK_STREAM, 0, socket.AI_CANONNAME)
show(socket.getaddrinfo, "c1.aresolv.test", None, 0, 0, 0, socket.AI_CANONNAME)
show(socket.getaddrinfo, "nx.aresolv.test", 80)
show(socket.getaddrinfo, "txtonly.aresolv.test", 80)
show(socket.getaddrinfo, "hostsonly.test", 443, socket.AF_INET6, 0, 0, socket.AI_V4MAPPED)
show(socket.getaddrinfo, "fe80::1%lo", 80)
show(socket.gethostbyname_ex, "c1.aresolv.test")
show(socket.gethostbyname_ex, "hostsalias")
show(socket.gethostbyname, "www.aresolv.test")
show(socket.gethostbyaddr, "10.53.0.40")
show(socket.gethostbyaddr, "fd53::20")
show(socket.gethostbyaddr, "10.53.0.77")
show(socket.getnameinfo, ("10.53.0.40", 53), 0)
show(socket.getnameinfo, ("10.53.0.77", 80), 0)
show(socket.getnameinfo, ("10.53.0.77", 80), socket.NI_NAMEREQD)
show(socket.getnameinfo, ("fd53::20", 80, 0, 0), socket.NI_NUMERICSERV)
'
want=$($PY -c "$script" 2>&1)
: > "$trace"
got=$(ARESOLV_TRACE=$trace preload $PY -c "$script" 2>&1)
ok $? "python3 ran with aresolv preloaded"
is "$got" "$want" "every answer is the same as glibc's"
diag "$got"
t=$(cat "$trace")
like "$t" 'getaddrinfo node="dual.aresolv.test" .*path=dns result=OK' "getaddrinfo went through aresolv"
like "$t" 'gethostbyname2?(_r)? name="c1.aresolv.test" path=dns result=OK' "gethostbyname_ex went through aresolv"
like "$t" 'gethostbyaddr addr="10.53.0.40" path=dns result=OK' "gethostbyaddr went through aresolv"
like "$t" 'getnameinfo addr="10.53.0.40" port=53 .*host="target.aresolv.test" serv="domain"' "getnameinfo went through aresolv"
like "$got" "gethostbyname_ex \('c1.aresolv.test',\) \('target.aresolv.test', \['c1.aresolv.test', 'c2.aresolv.test'\], \['10.53.0.40'\]\)" "CNAME chain: name and aliases"

got=$(ARESOLV_SERVERS=127.0.0.1:5353 preload $PY -c 'import socket; print(socket.gethostbyname("only.aresolv.test"))' 2>&1)
is "$got" 127.0.0.1 "only.aresolv.test through the port-5353 server"
$PY -c 'import socket; socket.gethostbyname("only.aresolv.test")' 2>/dev/null
ok $(( $? == 0 )) "glibc alone cannot resolve it"

done_testing
