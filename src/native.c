/* ARESOLV_MODE=native: getaddrinfo as c-ares' own ares_getaddrinfo answers
 * it (its service parsing, hosts file, localhost and .onion rules, sort,
 * one entry per address), for users who want to see what a c-ares-based
 * runtime sees.  Only the inputs that crash c-ares 1.18 are kept away. */
#include <ares.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "dns.h"

struct native_query {
	int done, status;
	int flags;
	struct addrinfo *res;
};

static const char *canon_of(const struct ares_addrinfo *ai)
{
	const struct ares_addrinfo_cname *c;
	const char *name = ai->name;

	for (c = ai->cnames; c; c = c->next)
		if (c->name)
			name = c->name;
	return name;
}

static int convert(const struct ares_addrinfo *ai, int flags, struct addrinfo **out)
{
	struct addrinfo **tail = out;
	const struct ares_addrinfo_node *n;

	for (n = ai->nodes; n; n = n->ai_next) {
		struct addrinfo *d = calloc(1, sizeof *d + (size_t)n->ai_addrlen);
		if (!d)
			return EAI_MEMORY;
		d->ai_flags = flags;
		d->ai_family = n->ai_family;
		d->ai_socktype = n->ai_socktype;
		d->ai_protocol = n->ai_protocol;
		d->ai_addrlen = (socklen_t)n->ai_addrlen;
		d->ai_addr = (struct sockaddr *)(d + 1);
		memcpy(d->ai_addr, n->ai_addr, (size_t)n->ai_addrlen);
		*tail = d;
		tail = &d->ai_next;
	}
	if (*out && (flags & AI_CANONNAME) && canon_of(ai) &&
	    !((*out)->ai_canonname = strdup(canon_of(ai))))
		return EAI_MEMORY;
	return *out ? 0 : EAI_NONAME;
}

static void on_native(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct native_query *q = arg;

	(void)timeouts;
	q->status = status == ARES_SUCCESS ? (ai ? convert(ai, q->flags, &q->res) : EAI_NONAME)
	                                   : eai_from_ares(status);
	if (ai)
		ares_freeaddrinfo(ai);
	q->done = 1;
}

static int ares_flags(int flags)
{
	int f = 0;

	if (flags & AI_CANONNAME) f |= ARES_AI_CANONNAME;
	if (flags & AI_NUMERICHOST) f |= ARES_AI_NUMERICHOST;
	if (flags & AI_PASSIVE) f |= ARES_AI_PASSIVE;
	if (flags & AI_NUMERICSERV) f |= ARES_AI_NUMERICSERV;
	if (flags & AI_V4MAPPED) f |= ARES_AI_V4MAPPED;
	if (flags & AI_ALL) f |= ARES_AI_ALL;
	if (flags & AI_ADDRCONFIG) f |= ARES_AI_ADDRCONFIG;
	return f;
}

int native_getaddrinfo(const char *node, const char *service,
                       const struct addrinfo *h, struct addrinfo **res)
{
	struct ares_addrinfo_hints ah = {
		.ai_flags = ares_flags(h->ai_flags),
		.ai_family = h->ai_family,
		.ai_socktype = h->ai_socktype,
		.ai_protocol = h->ai_protocol,
	};
	struct native_query q = { 0, EAI_AGAIN, h->ai_flags, NULL };
	struct ar_res rs;
	struct chan *c;
	int st;

	rstate_current(&rs);
	if (!(c = channel_get(&rs.net, &st)))
		return eai_from_ares(st);
	socks_cork(channel_socks(c));
	ares_getaddrinfo(channel_ares(c), node, service, &ah, on_native, &q);
	socks_uncork(channel_socks(c));
	st = !q.done && run_sync(c, &q.done) < 0;
	channel_put(c, 0);
	if (st)
		return EAI_AGAIN;
	if (q.status) {
		ai_free(q.res);
		return q.status;
	}
	*res = q.res;
	return 0;
}
