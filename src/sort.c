/* Destination address selection as glibc's getaddrinfo does it (RFC 3484
 * with gai.conf's tables): rules 1, 2, 5, 6, 8, 9 and 10. */
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core.h"

struct cand {
	struct ar_addr dst;
	int has_src, prefixlen;   /* prefixlen: ipv4_prefixlen's */
	unsigned char src[16];   /* of dst's family, mapped to IPv6 */
	unsigned char dst6[16];  /* dst mapped to IPv6 */
	size_t index;
};

static void as_v6(const struct ar_addr *a, unsigned char out[16])
{
	if (a->family == AF_INET6) {
		memcpy(out, a->bytes, 16);
		return;
	}
	memset(out, 0, 10);
	out[10] = out[11] = 0xff;
	memcpy(out + 12, a->bytes, 4);
}

static int prefix_match(const unsigned char *a, const unsigned char *p, int len)
{
	int bytes = len / 8, bits = len % 8;

	if (memcmp(a, p, (size_t)bytes))
		return 0;
	return !bits || ((a[bytes] ^ p[bytes]) & (0xff << (8 - bits))) == 0;
}

static int policy_of(const struct ar_prefix *t, size_t n, const unsigned char a[16])
{
	for (size_t i = 0; i < n; i++)
		if (prefix_match(a, t[i].prefix, t[i].bits))
			return t[i].val;
	return 0;
}

/* glibc's get_scope goes by the family: an AF_INET6 address holding a
 * mapped one is global (14), as any other, not scopev4's. */
static int scope_of(const struct ar_gaiconf *policy, int family, const unsigned char a[16])
{
	static const unsigned char loop[16] = { [15] = 1 };

	if (family == AF_INET) {
		uint32_t v4 = (uint32_t)a[12] << 24 | (uint32_t)a[13] << 16 |
		              (uint32_t)a[14] << 8 | a[15];
		for (size_t i = 0; i < policy->nscopes; i++)
			if ((v4 & policy->scopes[i].mask) == policy->scopes[i].addr)
				return policy->scopes[i].scope;
		return 14;
	}
	if (a[0] == 0xff)
		return a[1] & 0x0f;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return 2;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return 5;
	if (!memcmp(a, loop, 16))
		return 2;
	return 14;
}

/* Leading bits two words share (glibc calls it fls). */
static int shared_bits(uint32_t a, uint32_t b)
{
	return a == b ? 32 : __builtin_clz(a ^ b);
}

static uint32_t word(const unsigned char *b, int i)
{
	return (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
	       (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
}

/* The prefix length glibc gives an IPv4 source: that of the address in
 * __check_pf's list, a 127/8 source found through an IPv4 socket taken
 * as 127.0.0.1; 0 where it is not listed, which is everywhere on a host
 * with no IPv6 address but ::1 (__check_pf's list is empty there). */
static int ipv4_prefixlen(const unsigned char src[4], int v4sock)
{
	static const unsigned char lo[4] = { 127, 0, 0, 1 };
	struct ifaddrs *ifa, *i;
	int len = 0, seen6 = 0;

	if (v4sock && src[0] == 127)
		src = lo;
	if (getifaddrs(&ifa))
		return 0;
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr)
			continue;
		if (i->ifa_addr->sa_family == AF_INET6)
			seen6 |= !IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr);
		else if (i->ifa_addr->sa_family == AF_INET && i->ifa_netmask && !len &&
		         !memcmp(&((struct sockaddr_in *)i->ifa_addr)->sin_addr, src, 4))
			len = __builtin_popcount(((struct sockaddr_in *)i->ifa_netmask)->sin_addr.s_addr);
	}
	freeifaddrs(ifa);
	return seen6 ? len : 0;
}

/* IPv4 rule 9: the bits shared with the source inside its subnet, 0
 * outside.  glibc's mask is ~0 << (32 - prefixlen), undefined for 0;
 * x86-64 shifts by the count mod 32, so 0 masks as 32 does. */
static int v4_bits(const struct cand *c)
{
	uint32_t d = word(c->dst6, 3), s = word(c->src, 3);
	uint32_t mask = 0xffffffffu << ((32 - c->prefixlen) & 31);

	return (d & mask) == (s & mask) ? shared_bits(d, s) : 0;
}

/* Rule 9 as glibc computes it, the higher first: for IPv6 the bits
 * shared in the first 32-bit word where either pair differs. */
static void rule9_bits(const struct cand *a, const struct cand *b, int *ba, int *bb)
{
	*ba = *bb = 0;
	if (a->dst.family == AF_INET) {
		*ba = v4_bits(a);
		*bb = v4_bits(b);
		return;
	}
	for (int i = 0; i < 4; i++)
		if (word(a->dst6, i) != word(a->src, i) || word(b->dst6, i) != word(b->src, i)) {
			*ba = shared_bits(word(a->dst6, i), word(a->src, i));
			*bb = shared_bits(word(b->dst6, i), word(b->src, i));
			return;
		}
}

/* The source address the kernel would pick, found as glibc does: connect
 * a UDP socket (no packet is sent) and ask for its name.  glibc's socket
 * is AF_INET6 from the first IPv6 destination on (*via6), and IPv4 ones
 * after it go through it too, unless it refuses them (v6-only). */
static void ask_source(struct cand *c, int fds[2], int *via6)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int v6 = c->dst.family == AF_INET6, *fd = &fds[*via6];

	memset(&ss, 0, sizeof ss);
	if (v6) {
		struct sockaddr_in6 *s = (void *)&ss;
		s->sin6_family = AF_INET6;
		s->sin6_port = htons(53);
		s->sin6_scope_id = c->dst.scope;
		memcpy(&s->sin6_addr, c->dst.bytes, 16);
		len = sizeof *s;
	} else {
		struct sockaddr_in *s = (void *)&ss;
		s->sin_family = AF_INET;
		s->sin_port = htons(53);
		memcpy(&s->sin_addr, c->dst.bytes, 4);
		len = sizeof *s;
	}
	if (*fd < 0)
		*fd = socket(*via6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (*fd < 0 || connect(*fd, (void *)&ss, len)) {
		if (!v6 && *via6 && errno == EAFNOSUPPORT) {
			*via6 = 0;
			ask_source(c, fds, via6);
		}
		return;
	}
	len = sizeof ss;
	if (getsockname(*fd, (void *)&ss, &len) == 0) {
		struct ar_addr src = { .family = ss.ss_family };
		if (src.family == AF_INET6)
			memcpy(src.bytes, &((struct sockaddr_in6 *)&ss)->sin6_addr, 16);
		else
			memcpy(src.bytes, &((struct sockaddr_in *)&ss)->sin_addr, 4);
		as_v6(&src, c->src);
		c->has_src = 1;
		if (!v6)
			c->prefixlen = ipv4_prefixlen(c->src + 12, !*via6);
	}
	/* dissolve the association so the socket can be connected again */
	struct sockaddr un = { .sa_family = AF_UNSPEC };
	connect(*fd, &un, sizeof un);
}

/* Each thread remembers the source found for its last few destinations
 * for a second, as the hosts file is checked: a program that resolves
 * the same names in a loop asks the kernel once a second, not once a
 * lookup.  Thread-local, so no lock. */
#define SRC_CACHE 8
#define SRC_TTL_US 1000000
struct src_entry {
	struct ar_addr dst;
	unsigned char src[16];
	int has_src, prefixlen, via6, via6_after;
	uint64_t when_us;
};
static __thread struct src_entry src_cache[SRC_CACHE];
static __thread unsigned src_next;

static int same_dst(const struct ar_addr *a, const struct ar_addr *b)
{
	return a->family == b->family && a->scope == b->scope &&
	       !memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16);
}

static void find_source(struct cand *c, int fds[2], int *via6, uint64_t now)
{
	struct src_entry *e;

	for (e = src_cache; e < src_cache + SRC_CACHE; e++)
		if (e->when_us && now - e->when_us < SRC_TTL_US && e->via6 == *via6 &&
		    same_dst(&e->dst, &c->dst)) {
			memcpy(c->src, e->src, 16);
			c->has_src = e->has_src;
			c->prefixlen = e->prefixlen;
			*via6 = e->via6_after;
			return;
		}
	e = &src_cache[src_next++ % SRC_CACHE];
	e->via6 = *via6;
	ask_source(c, fds, via6);
	e->via6_after = *via6;
	e->dst = c->dst;
	memcpy(e->src, c->src, 16);
	e->has_src = c->has_src;
	e->prefixlen = c->prefixlen;
	e->when_us = now;
}

static int compare(const void *pa, const void *pb, void *arg)
{
	const struct cand *a = pa, *b = pb;
	const struct ar_gaiconf *policy = arg;

	/* Rule 1: avoid unusable destinations */
	if (a->has_src != b->has_src)
		return a->has_src ? -1 : 1;
	if (a->has_src) {
		int af = a->dst.family, bf = b->dst.family;
		int ads = scope_of(policy, af, a->dst6), bds = scope_of(policy, bf, b->dst6);
		int ass = scope_of(policy, af, a->src), bss = scope_of(policy, bf, b->src);
		/* Rule 2: prefer matching scope */
		if ((ads == ass) != (bds == bss))
			return ads == ass ? -1 : 1;
		/* Rule 5: prefer matching label */
		const struct ar_prefix *l = policy->labels;
		size_t n = policy->nlabels;
		int al = policy_of(l, n, a->dst6) == policy_of(l, n, a->src);
		int bl = policy_of(l, n, b->dst6) == policy_of(l, n, b->src);
		if (al != bl)
			return al ? -1 : 1;
	}
	/* Rule 6: prefer higher precedence */
	int ap = policy_of(policy->precedence, policy->nprecedence, a->dst6);
	int bp = policy_of(policy->precedence, policy->nprecedence, b->dst6);
	if (ap != bp)
		return ap > bp ? -1 : 1;
	/* Rule 8: prefer smaller scope */
	int as = scope_of(policy, a->dst.family, a->dst6);
	int bs = scope_of(policy, b->dst.family, b->dst6);
	if (as != bs)
		return as < bs ? -1 : 1;
	/* Rule 9: longest matching prefix */
	if (a->has_src && b->has_src && a->dst.family == b->dst.family) {
		int ab, bb;
		rule9_bits(a, b, &ab, &bb);
		if (ab != bb)
			return ab > bb ? -1 : 1;
	}
	/* Rule 10: otherwise keep the order */
	return a->index < b->index ? -1 : a->index > b->index;
}

void sort_rfc3484(struct ar_addr *addrs, size_t n)
{
	struct cand small[64], *c = small;
	struct ar_gaiconf policy;
	int fds[2] = { -1, -1 }, via6 = 0;
	uint64_t now;

	if (n < 2)
		return;
	if (n > 64 && !(c = malloc(n * sizeof *c)))
		return;   /* out of memory: the order as received */
	now = ar_now_us();
	gaiconf_get(&policy);
	for (size_t i = 0; i < n; i++) {
		memset(&c[i], 0, sizeof c[i]);
		c[i].dst = addrs[i];
		c[i].index = i;
		as_v6(&addrs[i], c[i].dst6);
		via6 |= addrs[i].family == AF_INET6;
		find_source(&c[i], fds, &via6, now);
	}
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	qsort_r(c, n, sizeof c[0], compare, &policy);
	for (size_t i = 0; i < n; i++)
		addrs[i] = c[i].dst;
	if (c != small)
		free(c);
}
