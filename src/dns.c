/* Names and addresses looked up in DNS through a c-ares channel.
 *
 * compat mode asks as glibc's resolver does: its search-list loop
 * (res_search), A and AAAA asked together for each candidate name, each
 * query sent by c-ares as bytes and its reply read the way nss_dns reads
 * it (reply.c), so that every c-ares version gives glibc's answer.  native
 * mode's gethostbyname and getnameinfo use ares_getaddrinfo as c-ares-based
 * runtimes do. */
#include <ares.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core.h"
#include "dns.h"

/* ---- one query: its bytes out, its reply kept ---- */

struct ask {
	struct ar_pending p;
	int done, status, type;
	int len, qlen, tcp;
	const unsigned char *q;      /* the query, qbuf or the caller's */
	unsigned char *msg;          /* the reply, inl or the heap */
	unsigned char qbuf[HFIXEDSZ + MAXCDNAME + QFIXEDSZ + AR_OPTSZ];
	unsigned char inl[512];      /* a UDP reply without EDNS fits */
};

static void ask_free(struct ask *q)
{
	if (q->msg && q->msg != q->inl)
		free(q->msg);
	q->msg = NULL;
	q->len = 0;
}

static void on_reply(void *arg, int status, const unsigned char *msg, int len)
{
	struct ask *q = arg;

	ask_free(q);
	q->status = status;
	q->tcp = !q->p.udp;
	/* a reply, or with ETIMEOUT the last error reply (cares.c) */
	if (msg && len > 0) {
		q->msg = (size_t)len <= sizeof q->inl ? q->inl : malloc((size_t)len);
		if (q->msg) {
			memcpy(q->msg, msg, (size_t)len);
			q->len = len;
		} else {
			q->status = ARES_ENOMEM;
		}
	}
	q->done = 1;
}

int dns_query_opt(unsigned char *buf, int len, int size, int anslen, unsigned options)
{
	int adv = anslen < 512 ? 512 : anslen > 1200 ? 1200 : anslen;
	unsigned char *p = buf + len;

	if (len < HFIXEDSZ || size - len < AR_OPTSZ)
		return -1;
	*p++ = 0;                         /* the root */
	*p++ = 0, *p++ = ns_t_opt;
	*p++ = (unsigned char)(adv >> 8), *p++ = (unsigned char)adv;
	*p++ = 0, *p++ = 0;               /* extended RCODE, version */
	*p++ = options & RES_USE_DNSSEC ? 0x80 : 0, *p++ = 0;   /* DO */
	*p++ = 0, *p++ = 0;               /* no options */
	if (++buf[11] == 0)
		buf[10]++;                    /* ARCOUNT */
	return len + AR_OPTSZ;
}

/* A query packet for name, as res_mkquery makes it (escapes read, a
 * trailing dot dropped, "." the root), with the OPT record
 * RES_USE_EDNS0 adds (advertising 1200 bytes, as nss_dns's).  Returns
 * its length or -1. */
static int make_query(const char *name, int type, unsigned opts, unsigned char *buf,
                      size_t size)
{
	static const unsigned char header[HFIXEDSZ] = { 0, 0, 0x01, 0, 0, 1 };   /* RD, QDCOUNT 1 */
	int n;

	if (size < HFIXEDSZ + QFIXEDSZ)
		return -1;
	memcpy(buf, header, HFIXEDSZ);
	if (opts & RES_TRUSTAD)
		buf[3] |= 0x20;   /* AD */
	n = dn_comp(name, buf + HFIXEDSZ, (int)(size - HFIXEDSZ - QFIXEDSZ), NULL, NULL);
	if (n < 0)
		return -1;
	n += HFIXEDSZ;
	buf[n++] = (unsigned char)(type >> 8);
	buf[n++] = (unsigned char)type;
	buf[n++] = 0;
	buf[n++] = ns_c_in;
	if (opts & (RES_USE_EDNS0 | RES_USE_DNSSEC))
		n = dns_query_opt(buf, n, (int)size, 1200, opts);
	return n;
}

static void ask_start(struct chan *c, struct ask *q)
{
	ask_free(q);
	q->done = 0;
	q->status = ARES_ENOTFOUND;
	q->p = (struct ar_pending){ on_reply, q, channel_socks(c), 0, 0 };
	if (q->qlen < 0) {
		q->status = ARES_EBADNAME;
		q->done = 1;
		return;
	}
	cares_send(channel_ares(c), q->q, q->qlen, &q->p);
}

/* Sends the n queries in q at once, as glibc sends A and AAAA
 * together, trying again those that timed out, tries times in all.
 * c-ares doubles its timeout on each round where glibc waits the same
 * time on every try, so the channel makes one round (channel.c) and the
 * tries are counted here.  -1 when the lookup was cancelled. */
static int ask_all(struct chan *c, struct ask *q, int n, int tries)
{
	int left = tries, again;

	socks_cork(channel_socks(c));
	for (int i = 0; i < n; i++)
		ask_start(c, &q[i]);
	socks_uncork(channel_socks(c));
	do {
		for (int i = 0; i < n; i++)
			if (!q[i].done && run_sync(c, &q[i].done) < 0)
				return -1;
		again = 0;
		if (--left > 0) {
			socks_cork(channel_socks(c));
			for (int i = 0; i < n; i++)
				if (q[i].status == ARES_ETIMEOUT) {
					ask_start(c, &q[i]);
					again = 1;
				}
			socks_uncork(channel_socks(c));
		}
	} while (again);
	return 0;
}

/* compat counts the tries itself; native lets c-ares (one ask) */
static int tries(const struct ar_net *net)
{
	const struct ar_config *cf = ar_config();

	if (cf->mode != AR_MODE_COMPAT)
		return 1;
	return net->tries ? net->tries : cf->tries;
}

/* One query's outcome as res_query tells it: its reply's rcode when it
 * has one (a SERVFAIL from every server included), else how it failed. */
static int ask_status(const struct ask *q)
{
	if (q->status == ARES_SUCCESS)
		return q->msg ? reply_status(q->msg, q->len) : ARES_EBADRESP;
	if (q->status == ARES_ETIMEOUT && q->msg && reply_status(q->msg, q->len) == ARES_ESERVFAIL)
		return ARES_ESERVFAIL;
	return q->status;
}

/* What res_query makes of the candidate's replies (glibc's
 * __res_context_query for one query or an A and AAAA pair): success
 * when either has an answer; else the first reply's rcode, or the
 * second one's when the first said NOERROR; a failure to get any reply
 * only when neither has one. */
static int pair_status(const struct ask *q, int n)
{
	int st[2], replied[2];

	for (int i = 0; i < n; i++) {
		st[i] = ask_status(&q[i]);
		if (st[i] == ARES_SUCCESS)
			return ARES_SUCCESS;
		replied[i] = q[i].status == ARES_SUCCESS;
	}
	if (n == 1 || (replied[0] && !replied[1]))
		return st[0];
	if (!replied[0] && replied[1])
		return st[1];
	if (replied[0])
		return st[0] == ARES_ENODATA ? st[1] : st[0];
	/* neither replied: a timeout outweighs a refusal */
	return st[0] == ARES_ECONNREFUSED ? st[1] : st[0];
}

/* glibc 2.41's strict-error for an A and AAAA pair: a SERVFAIL, NOTIMP or
 * REFUSED that either query ended with fails both, in EAI_AGAIN as the
 * query's own status says (a FORMERR, a timeout, NXDOMAIN or no data do
 * not); ARES_SUCCESS when neither did. */
static int strict_status(const struct ask *q, int n)
{
	for (int i = 0; i < n; i++) {
		int rcode = q[i].msg && q[i].len >= HFIXEDSZ ? q[i].msg[3] & 0x0f : ns_r_noerror;
		if (rcode == ns_r_servfail || rcode == ns_r_notimpl || rcode == ns_r_refused) {
			int st = ask_status(&q[i]);
			return st == ARES_EFORMERR ? ARES_ESERVFAIL : st;
		}
	}
	return ARES_SUCCESS;
}

/* Sends one query of the caller's and hands its reply over (out->msg is
 * the caller's to free). */
int dns_send(struct chan *c, const struct ar_net *net, const unsigned char *q, int qlen,
             struct ar_reply *out)
{
	struct ask a = { .q = q, .qlen = qlen };
	int cancelled = ask_all(c, &a, 1, tries(net)) < 0;

	*out = (struct ar_reply){ cancelled ? ARES_ETIMEOUT : a.status, a.len, a.tcp, NULL };
	if (a.msg && !cancelled) {
		out->msg = a.msg == a.inl ? malloc((size_t)a.len) : a.msg;
		if (out->msg && a.msg == a.inl)
			memcpy(out->msg, a.inl, (size_t)a.len);
		else if (!out->msg)
			out->status = ARES_ENOMEM;
		a.msg = NULL;
	}
	ask_free(&a);
	return out->status;
}

/* ---- names: A and AAAA along the search list ---- */

struct search {
	struct chan *c;
	const struct ar_net *net;
	struct ar_answer *ans;
	struct ask q[2];
	int n, hide;    /* hide: RES_NOAAAA's stand-in query, its answers dropped */
	int read;       /* what the last answered candidate's replies gave */
	unsigned opts;
};

/* The replies to an A and AAAA pair, as gaih_getanswer combines them:
 * the A reply first (it names the canonical name), the AAAA reply when
 * the first has an answer or none; its status counts when the first
 * found nothing and it found something, or failed. */
static int read_pair(const struct ask *q, struct ar_answer *a)
{
	int canon = 1, st = ARES_ENOTFOUND, st2;

	if (q[0].status == ARES_SUCCESS && q[0].msg)
		st = reply_pair(q[0].msg, q[0].len, a, &canon);
	if (st == ARES_ENOMEM || (st != ARES_SUCCESS && st != ARES_ENOTFOUND) ||
	    q[1].status != ARES_SUCCESS || !q[1].msg)
		return st;
	st2 = reply_pair(q[1].msg, q[1].len, a, &canon);
	if (st2 == ARES_ENOMEM || (st != ARES_SUCCESS && st2 != ARES_ENOTFOUND))
		st = st2;
	return st;
}

/* Asks one candidate name and returns its status as res_query gives it:
 * a candidate whose replies have an answer ends the search list as
 * glibc's does, whatever nss_dns makes of them afterwards (CNAMEs with
 * no address are NO_RECOVERY, not a reason to ask the next domain).
 * Those replies are read into s->ans, their outcome left in s->read. */
static int ask_name(void *arg, const char *name)
{
	struct search *s = arg;
	int st;

	for (int i = 0; i < s->n; i++) {
		s->q[i].q = s->q[i].qbuf;
		s->q[i].qlen = make_query(name, s->q[i].type, s->opts, s->q[i].qbuf,
		                          sizeof s->q[i].qbuf);
	}
	if (ask_all(s->c, s->q, s->n, tries(s->net)) < 0)
		return ARES_ECANCELLED;
	if (s->n == 2 && libc_strict_error(s->opts) && (st = strict_status(s->q, s->n)))
		return st;
	st = pair_status(s->q, s->n);
	if (st != ARES_SUCCESS || s->hide)
		return st == ARES_SUCCESS ? ARES_ENODATA : st;
	answer_clear(s->ans);
	s->read = s->n == 1 ? reply_hostent(s->q[0].msg, s->q[0].len, s->q[0].type, s->ans)
	                    : read_pair(s->q, s->ans);
	return ARES_SUCCESS;
}

/* RES_NOAAAA's AAAA query, as glibc's __res_handle_no_aaaa sends it: an
 * A query without EDNS whose answers are dropped, so that a name that
 * does not exist is still NXDOMAIN and one that does is NODATA. */
static void no_aaaa(struct search *s)
{
	s->q[s->n++].type = ns_t_a;
	s->hide = 1;
	s->opts &= ~(unsigned)(RES_USE_EDNS0 | RES_USE_DNSSEC);
}

static int by_search(struct chan *c, const struct ar_res *rs, const char *name, int family,
                     struct ar_answer *a)
{
	struct search s = { .c = c, .net = &rs->net, .ans = a, .opts = rs->options };
	struct ar_asker asker = { ask_name, &s };
	struct ar_search sl;
	int st;

	search_copy(&sl, rs->search ? rs->search : channel_search(c));

	if (family != AF_INET6)
		s.q[s.n++].type = ns_t_a;
	if (family == AF_INET6 && (rs->options & RES_NOAAAA))
		no_aaaa(&s);
	else if (family != AF_INET && !(family == AF_UNSPEC && (rs->options & RES_NOAAAA)))
		s.q[s.n++].type = ns_t_aaaa;
	sl.options = rs->options;
	st = search_walk(name, &sl, &asker);
	if (st == ARES_SUCCESS)
		st = s.read;
	for (int i = 0; i < s.n; i++)
		ask_free(&s.q[i]);
	if (st == ARES_SUCCESS)
		a->source = "dns";
	else
		answer_clear(a);
	return st == ARES_ECANCELLED ? ARES_ETIMEOUT : st;
}

/* ---- native mode: ares_getaddrinfo ---- */

struct gai_query {
	int done, status;
	struct ar_answer *ans;
	const char *name;
};

static int is_target(const struct ares_addrinfo_cname *c, const char *name)
{
	for (; c; c = c->next)
		if (c->name && !strcasecmp(c->name, name))
			return 1;
	return 0;
}

static const char *cname_target(const struct ares_addrinfo_cname *c, const char *owner)
{
	for (; c; c = c->next)
		if (c->alias && c->name && !strcasecmp(c->alias, owner))
			return c->name;
	return NULL;
}

/* h_name is the end of the CNAME chain, the aliases the owners along it
 * from the first one (no other CNAME's target).  c-ares 1.18 puts the
 * queried name in ai->name, later versions the chain's end: the chain
 * itself says where it starts. */
static int take_names(struct ar_answer *a, const struct ares_addrinfo *ai, const char *query)
{
	const char *start = ai->name ? ai->name : query, *name, *next;
	size_t ncnames = 0, steps = 0;

	for (const struct ares_addrinfo_cname *c = ai->cnames; c; c = c->next) {
		if (c->alias && !is_target(ai->cnames, c->alias) && !ncnames)
			start = c->alias;
		ncnames++;
	}
	for (name = start; steps < ncnames && (next = cname_target(ai->cnames, name)); steps++)
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

static void on_addrinfo(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct gai_query *q = arg;

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

static int by_getaddrinfo(struct chan *c, const char *name, int family, struct ar_answer *a)
{
	struct ares_addrinfo_hints h = { .ai_family = family };
	struct gai_query q = { 0, ARES_ENOTFOUND, a, name };

	socks_cork(channel_socks(c));
	ares_getaddrinfo(channel_ares(c), name, NULL, &h, on_addrinfo, &q);
	socks_uncork(channel_socks(c));
	if (!q.done && run_sync(c, &q.done) < 0)
		return ARES_ETIMEOUT;
	if (q.status == ARES_SUCCESS)
		a->source = "dns";
	return q.status;
}

/* The thread's resolver state, read into *rs, and a channel for it;
 * NULL with the status in *st when none can be had. */
static struct chan *chan_for(struct ar_res *rs, int *st)
{
	rstate_current(rs);
	return channel_get(&rs->net, st);
}

int dns_by_name(const char *name, int family, struct ar_answer *a)
{
	struct ar_res rs;
	int st;
	struct chan *c = chan_for(&rs, &st);

	if (!c)
		return st;
	st = ar_config()->mode == AR_MODE_COMPAT ? by_search(c, &rs, name, family, a)
	                                         : by_getaddrinfo(c, name, family, a);
	return channel_put(c, st);
}

/* ---- addresses: PTR ---- */

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

static int by_addr(struct chan *c, const struct ar_res *rs, const struct ar_addr *addr,
                   struct ar_answer *a)
{
	struct ask q = { .type = ns_t_ptr };
	char name[80];
	int st;

	if (answer_add_addr(a, addr->family, addr->bytes) < 0)
		return ARES_ENOMEM;
	ptr_name(addr, name, sizeof name);
	q.q = q.qbuf;
	q.qlen = make_query(name, ns_t_ptr, rs->options, q.qbuf, sizeof q.qbuf);
	if (ask_all(c, &q, 1, tries(&rs->net)) < 0)
		return ARES_ETIMEOUT;
	st = pair_status(&q, 1);
	if (st == ARES_SUCCESS)
		st = reply_ptr(q.msg, q.len, a);
	ask_free(&q);
	if (st == ARES_SUCCESS)
		a->source = "dns";
	return st;
}

/* A PTR query of our own rather than ares_gethostbyaddr, which turns
 * every DNS failure into ENOTFOUND (glibc tells TRY_AGAIN apart). */
int dns_by_addr(const struct ar_addr *addr, struct ar_answer *a)
{
	struct ar_res rs;
	int st;
	struct chan *c = chan_for(&rs, &st);

	return c ? channel_put(c, by_addr(c, &rs, addr, a)) : st;
}
