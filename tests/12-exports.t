#!/usr/bin/env bash
# The library exports exactly the libc names it answers; c-ares is inside
# it, hidden.
source "$(dirname "$0")/lib/tap.sh"
[[ -f $lib ]] || { echo "1..0 # skip $lib not built"; exit 0; }

want="freeaddrinfo gai_strerror getaddrinfo gethostbyaddr gethostbyaddr_r gethostbyname gethostbyname2 gethostbyname2_r gethostbyname_r getnameinfo"
got=$(nm -D --defined-only "$lib" | awk '{print $3}' | sort | tr '\n' ' ' | sed 's/ $//')
is "$got" "$want" "nm -D: exactly the ten resolver names"
if nm -D "$lib" | grep -q ' ares_'; then st=1; else st=0; fi
ok $st "no ares_* symbol, defined or undefined"
if ldd "$lib" | grep -q cares; then st=1; else st=0; fi
ok $st "ldd: no libcares.so"
like "$(objdump -T "$lib" | grep -E ' getaddrinfo$')" 'Base +getaddrinfo$' "exports are unversioned, so they interpose"
done_testing
