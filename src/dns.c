/* Names and addresses looked up in DNS through the thread's c-ares channel. */
#include <ares.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aresolv.h"

struct query {
	int done, status;
	struct ar_answer *ans;
	const char *name;
};

static const char *cname_target(const struct ares_addrinfo_cname *c,
                                const char *owner)
{
	for (; c; c = c->next)
		if (c->alias && c->name && !strcasecmp(c->alias, owner))
			return c->name;
	return NULL;
}

/* glibc's dn_expand refuses a name over 255 octets in wire form, that
 * is over 253 characters written out; c-ares takes them. */
static int name_fits(const char *name)
{
	return strlen(name) <= 253;
}

/* h_name is the end of the CNAME chain; the aliases are the queried name
 * and the owners along the way.  The chain is followed as far as it goes
 * (glibc has no limit); a loop ends it after as many steps as there are
 * CNAMEs. */
static int take_names(struct ar_answer *a, const struct ares_addrinfo *ai,
                      const char *query)
{
	const char *start = ai->name ? ai->name : query, *name = start, *next;
	size_t ncnames = 0, steps = 0;

	for (const struct ares_addrinfo_cname *c = ai->cnames; c; c = c->next) {
		if ((c->alias && !name_fits(c->alias)) || (c->name && !name_fits(c->name)))
			return ARES_EBADRESP;
		ncnames++;
	}
	for (; steps < ncnames && (next = cname_target(ai->cnames, name)); steps++)
		name = next;
	if (!(a->name = strdup(name)))
		return ARES_ENOMEM;
	for (name = start; steps--; name = cname_target(ai->cnames, name))
		if (answer_add_alias(a, name) < 0)
			return ARES_ENOMEM;
	return ARES_SUCCESS;
}

static int take_nodes(struct ar_answer *a, const struct ares_addrinfo_node *n)
{
	for (; n; n = n->ai_next) {
		if (n->ai_family == AF_INET) {
			const struct sockaddr_in *sin = (const void *)n->ai_addr;
			if (answer_add_addr(a, AF_INET, &sin->sin_addr) < 0)
				return ARES_ENOMEM;
		} else if (n->ai_family == AF_INET6) {
			const struct sockaddr_in6 *s6 = (const void *)n->ai_addr;
			if (answer_add_addr(a, AF_INET6, &s6->sin6_addr) < 0)
				return ARES_ENOMEM;
			a->addrs[a->naddrs - 1].scope = s6->sin6_scope_id;
		}
	}
	return ARES_SUCCESS;
}

static void on_addrinfo(void *arg, int status, int timeouts,
                        struct ares_addrinfo *ai)
{
	struct query *q = arg;

	(void)timeouts;
	q->status = status;
	if (status == ARES_SUCCESS) {
		if (!ai || !ai->nodes)
			q->status = ARES_ENODATA;
		else if ((q->status = take_names(q->ans, ai, q->name)) == ARES_SUCCESS)
			q->status = take_nodes(q->ans, ai->nodes);
	}
	if (ai)
		ares_freeaddrinfo(ai);
	q->done = 1;
}

struct search {
	int done, status;
	int family;
	struct ar_answer *ans;
};

/* Whether every name of a parsed answer fits (name_fits). */
static int hostent_fits(const struct hostent *he)
{
	if (!name_fits(he->h_name))
		return 0;
	for (char **al = he->h_aliases; al && *al; al++)
		if (!name_fits(*al))
			return 0;
	return 1;
}

static int take_hostent(struct ar_answer *a, const struct hostent *he)
{
	if (!hostent_fits(he))
		return ARES_EBADRESP;
	if (!a->name && !(a->name = strdup(he->h_name)))
		return ARES_ENOMEM;
	for (char **al = he->h_aliases; al && *al; al++)
		if (answer_add_alias(a, *al) < 0)
			return ARES_ENOMEM;
	for (char **ad = he->h_addr_list; ad && *ad; ad++)
		if (answer_add_addr(a, he->h_addrtype, *ad) < 0)
			return ARES_ENOMEM;
	return ARES_SUCCESS;
}

static void on_search(void *arg, int status, int timeouts, unsigned char *abuf,
                      int alen)
{
	struct search *q = arg;
	struct hostent *he = NULL;

	(void)timeouts;
	if (status == ARES_SUCCESS && alen >= 4 && (abuf[3] & 0x0f)) {
		/* ares_send hands over answers whatever their rcode */
		int rcode = abuf[3] & 0x0f;
		status = rcode == 3 ? ARES_ENOTFOUND : rcode == 5 ? ARES_EREFUSED : ARES_ESERVFAIL;
	}
	if (status == ARES_SUCCESS)
		status = q->family == AF_INET ? ares_parse_a_reply(abuf, alen, &he, NULL, NULL)
		                              : ares_parse_aaaa_reply(abuf, alen, &he, NULL, NULL);
	if (status == ARES_SUCCESS && he)
		status = take_hostent(q->ans, he);
	if (he)
		ares_free_hostent(he);
	q->status = status;
	q->done = 1;
}

/* Names c-ares' getaddrinfo answers itself without asking DNS (localhost
 * and its subdomains, RFC 6761; .onion, RFC 7686) are asked with plain
 * queries, as glibc asks them when the hosts file has no line for them. */
static int cares_special(const char *name)
{
	return name_has_suffix(name, "localhost") || name_has_suffix(name, "onion");
}

/* Digits and dots that reach DNS (inet_aton refused them: "1.2.3.08")
 * are names to glibc; c-ares' getaddrinfo would take them for an address. */
static int digits_dots(const char *name)
{
	return name[strspn(name, "0123456789.")] == 0;
}

/* A query packet for name (plain labels, no escapes): c-ares 1.18's own
 * ares_create_query refuses .onion names.  Returns its length or -1. */
static int make_query(const char *name, int type, unsigned char *buf, size_t size)
{
	static const unsigned char header[12] = { 0, 0, 0x01, 0, 0, 1 };   /* RD, QDCOUNT 1 */
	size_t n = sizeof header;
	const char *p = name;

	memcpy(buf, header, n);
	while (*p) {
		size_t len = strcspn(p, ".");
		if (!len || len > 63 || n + len + 6 > size || memchr(p, '\\', len))
			return -1;
		buf[n++] = (unsigned char)len;
		memcpy(buf + n, p, len);
		n += len;
		p += len + (p[len] == '.');
	}
	buf[n++] = 0;
	buf[n++] = 0;
	buf[n++] = (unsigned char)type;
	buf[n++] = 0;
	buf[n++] = 1;   /* C_IN */
	return (int)n;
}

/* c-ares' ares_search refuses .onion names too; those are sent as they
 * stand (no search list), as the one query glibc makes for a name with a
 * dot in it. */
static void start(ares_channel ch, const char *name, int type, struct search *q)
{
	unsigned char buf[300];
	int len;

	if (!name_has_suffix(name, "onion")) {
		ares_search(ch, name, 1 /* C_IN */, type, on_search, q);
		return;
	}
	if ((len = make_query(name, type, buf, sizeof buf)) < 0) {
		q->status = ARES_EBADNAME;
		q->done = 1;
		return;
	}
	ares_send(ch, buf, len, on_search, q);
}

/* c-ares doubles its timeout on each round where glibc waits the same
 * time on every try, so the channel makes one round (channel.c) and the
 * tries are counted here: N tries cost N times the timeout, as glibc's. */
static int tries(void)
{
	const struct ar_config *cf = ar_config();

	return cf->mode == AR_MODE_COMPAT ? cf->tries : 1;
}

/* Starts the query again if it timed out and tries are left. */
static int again(ares_channel ch, const char *name, int type, struct search *q, int left)
{
	if (q->status != ARES_ETIMEOUT || left <= 0)
		return 0;
	q->done = 0;
	q->status = ARES_ENOTFOUND;
	start(ch, name, type, q);
	return 1;
}

static int dns_search(struct chan *c, const char *name, int family,
                      struct ar_answer *a)
{
	ares_channel ch = channel_ares(c);
	struct search q4 = { 0, ARES_ENOTFOUND, AF_INET, a };
	struct search q6 = { 0, ARES_ENOTFOUND, AF_INET6, a };
	int left = tries();

	/* both queries in flight at once, as glibc sends A and AAAA */
	if (family != AF_INET6)
		start(ch, name, 1 /* T_A */, &q4);
	else
		q4.done = 1;
	if (family != AF_INET)
		start(ch, name, 28 /* T_AAAA */, &q6);
	else
		q6.done = 1;
	do {
		if ((!q4.done && run_sync(c, &q4.done) < 0) || (!q6.done && run_sync(c, &q6.done) < 0))
			return ARES_ETIMEOUT;
		left--;
	} while (again(ch, name, 1, &q4, left) | again(ch, name, 28, &q6, left));
	if (a->naddrs) {
		a->source = "dns";
		return ARES_SUCCESS;
	}
	if (family == AF_INET)
		return q4.status;
	if (family == AF_INET6)
		return q6.status;
	/* AF_UNSPEC: one family's answer decides as glibc's does */
	if (q4.status == ARES_ENODATA || q6.status == ARES_ENODATA)
		return ARES_ENODATA;
	return q4.status != ARES_SUCCESS ? q4.status : q6.status;
}

static int by_name(struct chan *c, const char *name, int family, struct ar_answer *a)
{
	ares_channel ch = channel_ares(c);
	struct ares_addrinfo_hints h;
	struct query q = { 0, ARES_ENOTFOUND, a, name };

	if (ar_config()->mode == AR_MODE_COMPAT && (cares_special(name) || digits_dots(name)))
		return dns_search(c, name, family, a);
	memset(&h, 0, sizeof h);
	h.ai_family = family;
	if (ar_config()->mode == AR_MODE_COMPAT)
		h.ai_flags = ARES_AI_NOSORT;
	for (int left = tries(); left > 0; left--) {
		q.done = 0;
		q.status = ARES_ENOTFOUND;
		ares_getaddrinfo(ch, name, NULL, &h, on_addrinfo, &q);
		if (!q.done && run_sync(c, &q.done) < 0)
			return ARES_ETIMEOUT;
		if (q.status != ARES_ETIMEOUT)
			break;
	}
	if (q.status == ARES_SUCCESS)
		a->source = "dns";
	return q.status;
}

int dns_by_name(const char *name, int family, struct ar_answer *a)
{
	int st;
	struct chan *c = channel_get(&st);

	if (!c)
		return st;
	return channel_put(c, by_name(c, name, family, a));
}

/* The PTR name of an address: d.c.b.a.in-addr.arpa or the nibbles of
 * ip6.arpa. */
static void ptr_name(const struct ar_addr *a, char *out, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	if (a->family == AF_INET) {
		snprintf(out, size, "%u.%u.%u.%u.in-addr.arpa", a->bytes[3], a->bytes[2],
		         a->bytes[1], a->bytes[0]);
		return;
	}
	for (int i = 15; i >= 0 && n + 4 < size; i--) {
		out[n++] = hex[a->bytes[i] & 15];
		out[n++] = '.';
		out[n++] = hex[a->bytes[i] >> 4];
		out[n++] = '.';
	}
	snprintf(out + n, size - n, "ip6.arpa");
}

static void on_ptr(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct search *q = arg;
	struct hostent *he = NULL;
	const struct ar_addr *a = &q->ans->addrs[0];

	(void)timeouts;
	if (status == ARES_SUCCESS)
		status = ares_parse_ptr_reply(abuf, alen, a->bytes, a->family == AF_INET ? 4 : 16,
		                              a->family, &he);
	if (status == ARES_SUCCESS && he && he->h_name) {
		if (!hostent_fits(he))
			status = ARES_EBADRESP;
		else if (!(q->ans->name = strdup(he->h_name)))
			status = ARES_ENOMEM;
		for (char **al = he->h_aliases; al && *al && status == ARES_SUCCESS; al++)
			if (answer_add_alias(q->ans, *al) < 0)
				status = ARES_ENOMEM;
	} else if (status == ARES_SUCCESS) {
		status = ARES_ENODATA;
	}
	if (he)
		ares_free_hostent(he);
	q->status = status;
	q->done = 1;
}

static int by_addr(struct chan *c, const struct ar_addr *addr, struct ar_answer *a)
{
	ares_channel ch = channel_ares(c);
	struct search q = { 0, ARES_ENOTFOUND, addr->family, a };
	char name[80];

	answer_add_addr(a, addr->family, addr->bytes);
	ptr_name(addr, name, sizeof name);
	for (int left = tries(); left > 0; left--) {
		q.done = 0;
		q.status = ARES_ENOTFOUND;
		ares_query(ch, name, 1 /* C_IN */, 12 /* T_PTR */, on_ptr, &q);
		if (!q.done && run_sync(c, &q.done) < 0)
			return ARES_ETIMEOUT;
		if (q.status != ARES_ETIMEOUT)
			break;
	}
	if (q.status == ARES_SUCCESS)
		a->source = "dns";
	return q.status;
}

/* A PTR query of our own rather than ares_gethostbyaddr, which turns
 * every DNS failure into ENOTFOUND (glibc tells TRY_AGAIN apart). */
int dns_by_addr(const struct ar_addr *addr, struct ar_answer *a)
{
	int st;
	struct chan *c = channel_get(&st);

	if (!c)
		return st;
	return channel_put(c, by_addr(c, addr, a));
}
