/* getnameinfo for AF_INET and AF_INET6, with glibc's checks and errors. */
#include <arpa/inet.h>
#include <net/if.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define KNOWN_NI (NI_NUMERICHOST | NI_NUMERICSERV | NI_NOFQDN | NI_NAMEREQD | \
                  NI_DGRAM | NI_IDN | 0x40 | 0x80)

static int put(char *dst, socklen_t len, const char *s)
{
	size_t n = strlen(s);

	if (n >= len)
		return EAI_OVERFLOW;
	memcpy(dst, s, n + 1);
	return 0;
}

/* The "%scope" suffix, written (truncated) as glibc's snprintf does. */
static int scope_part(const struct ar_addr *a, char *dst, size_t len)
{
	char ifname[IF_NAMESIZE];
	struct in6_addr in6;
	int n;

	memcpy(&in6, a->bytes, 16);
	if ((IN6_IS_ADDR_LINKLOCAL(&in6) || IN6_IS_ADDR_MC_LINKLOCAL(&in6)) &&
	    if_indextoname(a->scope, ifname))
		n = snprintf(dst, len, "%%%s", ifname);
	else
		n = snprintf(dst, len, "%%%u", a->scope);
	if (n < 0)
		return EAI_SYSTEM;
	return (size_t)n >= len ? EAI_OVERFLOW : 0;
}

/* glibc's gni_host_inet_numeric: inet_ntop straight into host, then the
 * scope after it. */
static int numeric_host(const struct ar_addr *a, char *host, socklen_t hostlen)
{
	size_t used;

	if (!inet_ntop(a->family, a->bytes, host, hostlen))
		return EAI_OVERFLOW;
	if (a->family != AF_INET6 || !a->scope)
		return 0;
	used = strnlen(host, hostlen);
	return scope_part(a, host + used, hostlen - used);
}

/* The heap buffer behind gethostbyaddr_r's ERANGE retries, doubled. */
static char *grow(char **heap, size_t *size)
{
	char *nb = *size < (1u << 20) ? realloc(*heap, *size * 2) : NULL;

	if (nb) {
		*heap = nb;
		*size *= 2;
	}
	return nb;
}

/* glibc's gni_host_inet_name: the name gethostbyaddr_r finds (its buffer
 * grown on ERANGE), with the errno and h_errno it leaves; EAI_NONAME when
 * there is none. */
static int name_host(const struct ar_addr *a, char *host, socklen_t hostlen,
                     const char **path)
{
	struct hostent he, *h = NULL;
	char stack[1024], *buf = stack, *heap = NULL;
	size_t size = sizeof stack;
	socklen_t len = a->family == AF_INET ? 4 : 16;
	int herr = 0, r = EAI_NONAME;

	while (ar_gethostbyaddr_r(a->bytes, len, a->family, &he, buf, size, &h,
	                          &herr, path) == ERANGE && herr == NETDB_INTERNAL)
		if (!(buf = grow(&heap, &size)))
			break;
	if (h)
		r = put(host, hostlen, h->h_name);
	else if (!buf)
		r = EAI_MEMORY;
	else if (herr == TRY_AGAIN || herr == NETDB_INTERNAL)
		r = herr == TRY_AGAIN ? EAI_AGAIN : EAI_SYSTEM;
	if (r == EAI_AGAIN || r == EAI_SYSTEM)
		h_errno = herr;
	free(heap);
	return r;
}

/* glibc's gni_host: NI_NUMERICHOST with NI_NAMEREQD is EAI_NONAME. */
static int host_part(const struct ar_addr *a, int flags, char *host,
                     socklen_t hostlen, const char **path)
{
	int r;

	if (!(flags & NI_NUMERICHOST) &&
	    (r = name_host(a, host, hostlen, path)) != EAI_NONAME)
		return r;
	if (flags & NI_NAMEREQD)
		return EAI_NONAME;
	return numeric_host(a, host, hostlen);
}

static int service(int port, int flags, char *serv, socklen_t servlen)
{
	char buf[1024];
	struct servent se, *res = NULL;
	int n;

	if (!(flags & NI_NUMERICSERV) &&
	    !getservbyport_r(htons((uint16_t)port), flags & NI_DGRAM ? "udp" : "tcp",
	                     &se, buf, sizeof buf, &res) && res)
		return put(serv, servlen, res->s_name);
	/* glibc writes the number with snprintf, truncated when it overflows */
	n = snprintf(serv, servlen, "%d", port);
	return n < 0 || (size_t)n >= servlen ? EAI_OVERFLOW : 0;
}

int ar_getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
                   socklen_t hostlen, char *serv, socklen_t servlen, int flags,
                   const char **path)
{
	struct ar_addr a = { 0 };
	int port, r;

	*path = "numeric";
	if (flags & ~KNOWN_NI)
		return EAI_BADFLAGS;
	if (!sa || salen < sizeof(sa_family_t))
		return EAI_FAMILY;
	if ((flags & NI_NAMEREQD) && !host && !serv)
		return EAI_NONAME;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)sa;
		if (salen < sizeof *s)
			return EAI_FAMILY;
		a.family = AF_INET;
		memcpy(a.bytes, &s->sin_addr, 4);
		port = ntohs(s->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const void *)sa;
		if (salen < sizeof *s)
			return EAI_FAMILY;
		a.family = AF_INET6;
		a.scope = s->sin6_scope_id;
		memcpy(a.bytes, &s->sin6_addr, 16);
		port = ntohs(s->sin6_port);
	} else {
		return AR_LIBC;
	}
	if (flags & (NI_NOFQDN | NI_IDN | 0x40 | 0x80))
		return AR_LIBC;
	if (host && hostlen > 0 && (r = host_part(&a, flags, host, hostlen, path)))
		return r;
	if (serv && servlen > 0 && (r = service(port, flags, serv, servlen)))
		return r;
	return 0;
}
