/* getnameinfo for AF_INET and AF_INET6, with glibc's checks and errors. */
#include <ares.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "aresolv.h"

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

static int numeric_host(const struct ar_addr *a, char *host, socklen_t hostlen)
{
	char buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 16];

	inet_ntop(a->family, a->bytes, buf, sizeof buf);
	if (a->family == AF_INET6 && a->scope) {
		struct in6_addr in6;
		char ifname[IF_NAMESIZE];
		size_t n = strlen(buf);
		memcpy(&in6, a->bytes, 16);
		if ((IN6_IS_ADDR_LINKLOCAL(&in6) || IN6_IS_ADDR_MC_LINKLOCAL(&in6)) &&
		    if_indextoname(a->scope, ifname))
			snprintf(buf + n, sizeof buf - n, "%%%s", ifname);
		else
			snprintf(buf + n, sizeof buf - n, "%%%u", a->scope);
	}
	return put(host, hostlen, buf);
}

static int name_host(const struct ar_addr *a, int flags, char *host,
                     socklen_t hostlen, const char **path)
{
	struct ar_answer ans;
	int st, r;

	answer_init(&ans);
	st = lookup_addr(a, &ans);
	*path = ans.source ? ans.source : "dns";
	if (st == ARES_SUCCESS && ans.name) {
		r = put(host, hostlen, ans.name);
		answer_clear(&ans);
		return r;
	}
	answer_clear(&ans);
	if (herrno_from_ares(st) == TRY_AGAIN)
		return EAI_AGAIN;
	if (flags & NI_NAMEREQD)
		return EAI_NONAME;
	return numeric_host(a, host, hostlen);
}

static int service(int port, int flags, char *serv, socklen_t servlen)
{
	char buf[1024], num[8];
	struct servent se, *res = NULL;

	if (!(flags & NI_NUMERICSERV) &&
	    !getservbyport_r(htons((uint16_t)port), flags & NI_DGRAM ? "udp" : "tcp",
	                     &se, buf, sizeof buf, &res) && res)
		return put(serv, servlen, res->s_name);
	snprintf(num, sizeof num, "%d", port);
	return put(serv, servlen, num);
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
	if (host && hostlen > 0) {
		r = flags & NI_NUMERICHOST ? numeric_host(&a, host, hostlen)
		                           : name_host(&a, flags, host, hostlen, path);
		if (r)
			return r;
	}
	if (serv && servlen > 0 && (r = service(port, flags, serv, servlen)))
		return r;
	return 0;
}
