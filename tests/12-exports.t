#!/usr/bin/env bash
# The library exports exactly the libc names it answers; c-ares is inside
# it, hidden.
source "$(dirname "$0")/lib/tap.sh"
[[ -f $lib ]] || { echo "1..0 # skip $lib not built"; exit 0; }

# the name lookups, the res_* family (with the __res_* names of programs
# built before glibc 2.34), getaddrinfo_a
want=$(printf '%s\n' freeaddrinfo gai_strerror getaddrinfo getnameinfo \
	gethostbyaddr gethostbyaddr_r gethostbyname gethostbyname2 gethostbyname2_r gethostbyname_r \
	{,__}res_{,n}{query,search,querydomain,send} \
	getaddrinfo_a gai_suspend gai_error gai_cancel | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
got=$(nm -D --defined-only "$lib" | awk '{print $3}' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
is "$got" "$want" "nm -D: exactly the 30 resolver names"
if nm -D "$lib" | grep -q ' ares_'; then st=1; else st=0; fi
ok $st "no ares_* symbol, defined or undefined"
if ldd "$lib" | grep -q cares; then st=1; else st=0; fi
ok $st "ldd: no libcares.so"
like "$(objdump -T "$lib" | grep -E ' getaddrinfo$')" 'Base +getaddrinfo$' "exports are unversioned, so they interpose"
done_testing
