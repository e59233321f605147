/* getaddrinfo: glibc's argument rules and result shape, names answered by
 * the lookup chain. */
#include <ares.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

/* every AI_* glibc 2.36 accepts, including the two deprecated IDN bits */
#define KNOWN_FLAGS (AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | \
                     AI_ALL | AI_ADDRCONFIG | AI_IDN | AI_CANONIDN | 0x100 | \
                     0x200 | AI_NUMERICSERV)

/* glibc's __check_pf: IPv4 other than 127.0.0.1, IPv6 other than ::1. */
static void seen_families(int *v4, int *v6)
{
	struct ifaddrs *ifa, *i;

	*v4 = *v6 = 0;
	if (getifaddrs(&ifa))
		return;
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr)
			continue;
		if (i->ifa_addr->sa_family == AF_INET) {
			const struct sockaddr_in *s = (const void *)i->ifa_addr;
			*v4 |= s->sin_addr.s_addr != htonl(INADDR_LOOPBACK);
		} else if (i->ifa_addr->sa_family == AF_INET6) {
			const struct sockaddr_in6 *s = (const void *)i->ifa_addr;
			*v6 |= !IN6_IS_ADDR_LOOPBACK(&s->sin6_addr);
		}
	}
	freeifaddrs(ifa);
}

static void map_v4(struct ar_addr *a)
{
	unsigned char v4[4];

	memcpy(v4, a->bytes, 4);
	memset(a->bytes, 0, 10);
	a->bytes[10] = a->bytes[11] = 0xff;
	memcpy(a->bytes + 12, v4, 4);
	a->family = AF_INET6;
}

static int from_null(int family, int passive, struct ar_answer *a)
{
	static const unsigned char any6[16], loop6[16] = { [15] = 1 };
	static const unsigned char any4[4], loop4[4] = { 127, 0, 0, 1 };

	if (family != AF_INET)
		answer_add_addr(a, AF_INET6, passive ? any6 : loop6);
	if (family != AF_INET6)
		answer_add_addr(a, AF_INET, passive ? any4 : loop4);
	return 0;
}

/* 1 answered (or *err set), 0 not numeric. */
static int from_numeric(const char *node, int family, int flags,
                        struct ar_answer *a, int *err)
{
	unsigned char b[16];
	uint32_t scope;
	int r;

	*err = 0;
	if (parse_ipv4(node, b)) {
		if (family == AF_INET6 && !(flags & AI_V4MAPPED)) {
			*err = EAI_ADDRFAMILY;
			return 1;
		}
		answer_add_addr(a, AF_INET, b);
		if (family == AF_INET6)
			map_v4(&a->addrs[0]);
		return 1;
	}
	r = parse_ipv6(node, b, &scope);
	if (!r)
		return 0;
	/* glibc checks the family before the scope */
	if (family == AF_INET) {
		struct in6_addr in6;
		memcpy(&in6, b, 16);
		if (!IN6_IS_ADDR_V4MAPPED(&in6))
			*err = EAI_ADDRFAMILY;
		else if (r < 0)
			*err = EAI_NONAME;
		else
			answer_add_addr(a, AF_INET, b + 12);
		return 1;
	}
	if (r < 0) {
		*err = EAI_NONAME;
		return 1;
	}
	answer_add_addr(a, AF_INET6, b);
	a->addrs[0].scope = scope;
	return 1;
}

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* AF_INET6 with AI_V4MAPPED, as glibc does it: an IPv6 lookup, then, with
 * AI_ALL or when it found nothing, an IPv4 lookup (with the hosts file's
 * ::1 -> 127.0.0.1 rule) whose addresses follow as ::ffff:a.b.c.d. */
static int lookup_v4mapped(const char *node, int all, struct ar_answer *a)
{
	struct ar_answer v4;
	int st6 = lookup_name(node, AF_INET6, 1, a), st4;

	answer_init(&v4);
	if (st6 == ARES_SUCCESS && !all)
		return st6;
	st4 = lookup_name(node, AF_INET, 1, &v4);
	for (size_t i = 0; i < v4.naddrs; i++)
		if (answer_add_addr(a, AF_INET, v4.addrs[i].bytes) == 0)
			map_v4(&a->addrs[a->naddrs - 1]);
	if (!a->name && v4.name) {
		a->name = v4.name;
		v4.name = NULL;
	}
	if (!a->source)
		a->source = v4.source;
	answer_clear(&v4);
	if (a->naddrs)
		return ARES_SUCCESS;
	return st4 == ARES_ENOTFOUND && st6 != ARES_ENOTFOUND ? st6 : st4;
}

/* glibc's getaddrinfo on a failed gethostbyname2_r (AF_INET without
 * AI_CANONNAME): the function's return (the errno nss_dns left) and
 * h_errno decide.  A return of 0 is "not found": EAI_NODATA for NO_DATA,
 * else EAI_NONAME; any other is EAI_SYSTEM, EAI_AGAIN or, for the rest
 * (NO_RECOVERY: a CNAME with no address behind it, an answer that does
 * not parse), EAI_NODATA. */
static int err_from_ghbn2(int st)
{
	int herr = herrno_from_ares(st);

	if (!errno_from_ares(st))
		return herr == NO_DATA ? EAI_NODATA : EAI_NONAME;
	if (herr == NETDB_INTERNAL)
		return eai_from_ares(st);
	return herr == TRY_AGAIN ? EAI_AGAIN : EAI_NODATA;
}

static int from_name(const char *node, int family, int flags,
                     struct ar_answer *a, const char **path)
{
	int mapped = family == AF_INET6 && (flags & AI_V4MAPPED);
	unsigned char b[16];
	int st;

	/* a name lookup begins with bringing _res up to date (resstate.c) */
	rstate_sync();
	/* glibc answers AF_INET without AI_CANONNAME through gethostbyname2_r,
	 * whose digits-and-dots rule refuses 256.1.1.1 without a query */
	if (family == AF_INET && !(flags & AI_CANONNAME) && parse_dots(node, AF_INET, b) < 0)
		return EAI_NONAME;
	/* and with AI_CANONNAME through the DNS module's gethostbyname3_r,
	 * which asks whatever name it is given (no res_hnok) */
	st = mapped ? lookup_v4mapped(node, flags & AI_ALL, a)
	            : lookup_name(node, family, family == AF_UNSPEC || !(flags & AI_CANONNAME), a);
	*path = a->source ? a->source : "dns";
	if (st != ARES_SUCCESS && family == AF_INET && !(flags & AI_CANONNAME))
		return err_from_ghbn2(st);
	if (st != ARES_SUCCESS)
		return eai_from_ares(st);
	return a->naddrs ? 0 : EAI_NODATA;
}

int ar_getaddrinfo(const char *node, const char *service,
                   const struct addrinfo *hints, struct addrinfo **res,
                   const char **path)
{
	static const struct addrinfo defaults = { .ai_flags = AI_V4MAPPED | AI_ADDRCONFIG };
	struct ar_servtuple st[AR_MAXSERV];
	struct ar_answer ans;
	struct addrinfo h;
	int nserv, err, family;

	answer_init(&ans);
	*path = "numeric";
	if (node && node[0] == '*' && !node[1])
		node = NULL;
	if (service && service[0] == '*' && !service[1])
		service = NULL;
	if (!node && !service)
		return EAI_NONAME;
	h = hints ? *hints : defaults;
	if (h.ai_flags & ~KNOWN_FLAGS)
		return EAI_BADFLAGS;
	if ((h.ai_flags & AI_CANONNAME) && !node)
		return EAI_BADFLAGS;
	if (h.ai_family != AF_UNSPEC && h.ai_family != AF_INET && h.ai_family != AF_INET6)
		return EAI_FAMILY;
	/* IDN conversion is libidn2's job in libc; ASCII names pass through it
	 * unchanged, so only other names go there. */
	if ((h.ai_flags & (AI_IDN | 0x100 | 0x200)) && node && !is_ascii(node))
		return AR_LIBC;
	/* native: c-ares' answer as it stands; a NULL node would crash it */
	if (ar_config()->mode == AR_MODE_NATIVE && node) {
		if (name_for_libc(node))
			return AR_LIBC;
		*path = "dns";
		return native_getaddrinfo(node, service, &h, res);
	}
	if (h.ai_flags & AI_ADDRCONFIG) {
		int v4, v6;
		seen_families(&v4, &v6);
		if (h.ai_family == AF_UNSPEC && v4 != v6)
			h.ai_family = v4 ? AF_INET : AF_INET6;
		else if ((h.ai_family == AF_INET && !v4) || (h.ai_family == AF_INET6 && !v6))
			return EAI_NONAME;
	}
	nserv = parse_service(service, &h, st);
	if (nserv < 0)
		return nserv;
	family = h.ai_family;
	if (!node) {
		from_null(family, h.ai_flags & AI_PASSIVE, &ans);
	} else if (from_numeric(node, family, h.ai_flags, &ans, &err)) {
		if (err)
			return err;
	} else if ((h.ai_flags & AI_NUMERICHOST) || !*node) {
		return EAI_NONAME;
	} else if (name_for_libc(node)) {
		return AR_LIBC;
	} else if ((err = from_name(node, family, h.ai_flags, &ans, path))) {
		answer_clear(&ans);
		return err;
	}
	if (ans.naddrs > 1)
		sort_rfc3484(ans.addrs, ans.naddrs);
	const char *canon = NULL;
	if (h.ai_flags & AI_CANONNAME)
		canon = ans.name ? ans.name : node;
	if (canon && (h.ai_flags & AI_CANONIDN) && strcasestr(canon, "xn--")) {
		answer_clear(&ans);
		return AR_LIBC;
	}
	*res = ai_pack(ans.addrs, ans.naddrs, st, (size_t)nserv, canon, h.ai_flags, &err);
	answer_clear(&ans);
	return err;
}
