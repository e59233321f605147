/* res_query, res_search, res_querydomain and res_send on a res_state,
 * as glibc 2.36's res_query.c and res_send.c answer them: each query
 * made by libc's res_nmkquery and sent through dns.c's path, the reply
 * copied into the caller's buffer as res_send copies it, the search
 * list walked by search.c.  Return values, h_errno (and the state's
 * res_h_errno) and errno as glibc leaves them.  What this does not do
 * as glibc does is handed back (AR_LIBC). */
#include <ares.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "dns.h"

/* glibc's QUERYSIZE */
#define QUERYSIZE (HFIXEDSZ + QFIXEDSZ + MAXCDNAME + 1)

/* Options glibc honours that this does not, so the call goes to libc:
 * RES_ROTATE's order is process-wide in glibc; RES_NOAAAA rewrites
 * AAAA queries into A ones. */
static int only_libc(unsigned options, int type)
{
	return (options & RES_ROTATE) || (type == ns_t_aaaa && (options & RES_NOAAAA));
}

struct call {
	struct __res_state *st;
	struct ar_res rs;
	unsigned char *ans;
	int anslen;
	int ret;        /* the last query's return */
	int herr;       /* its h_errno */
	int libc;       /* something only libc can do: hand the call over */
};

static void set_herrno(struct call *x, int herr)
{
	x->herr = herr;
	x->st->res_h_errno = herr;
	h_errno = herr;
}

/* The reply as res_send leaves it in the caller's buffer: cut to its
 * size; over TCP marked truncated (TC) in the copy, and its whole
 * length returned (a caller may ask again with a larger buffer); over
 * UDP the datagram is cut as recvfrom cuts it. */
static int copy_reply(const struct ar_reply *r, const unsigned char *q, unsigned options,
                      unsigned char *ans, int anssiz)
{
	int n = r->len < anssiz ? r->len : anssiz;

	memcpy(ans, r->msg, (size_t)n);
	/* c-ares sent the query with an ID of its own */
	memcpy(ans, q, 2);
	if (n > HFIXEDSZ && !(options & RES_TRUSTAD))
		ans[3] &= ~0x20;   /* AD, as glibc's mask_ad_bit */
	if (!r->tcp)
		return n;
	if (r->len > anssiz)
		ans[2] |= 0x02;
	return r->len;
}

/* __res_context_send for one query: -1 with errno set, or the reply's
 * length. */
static int send_one(struct call *x, const unsigned char *q, int qlen)
{
	struct ar_net net = x->rs.net;
	struct ar_reply r;
	struct chan *c;
	int st, n = -1, err;

	if (x->st->nscount <= 0) {
		errno = ESRCH;
		return -1;
	}
	if (x->anslen < HFIXEDSZ) {
		errno = EINVAL;
		return -1;
	}
	if (x->st->retry <= 0) {
		/* glibc's loop of tries never runs: no server was reached */
		errno = ECONNREFUSED;
		return -1;
	}
	if (qlen > PACKETSZ)
		net.flags |= ARES_FLAG_USEVC;
	if (!(c = channel_get(&net, &st))) {
		errno = st == AR_ESYSTEM ? errno : ENOMEM;
		return -1;
	}
	st = channel_put(c, dns_send(c, &net, q, qlen, &r));
	err = errno;
	if (r.msg && (st == ARES_SUCCESS || st == ARES_ETIMEOUT))
		n = copy_reply(&r, q, x->rs.options, x->ans, x->anslen);
	free(r.msg);
	switch (st) {
	case ARES_SUCCESS:
		/* glibc's send_dg clears errno once poll() returns */
		errno = 0;
		/* glibc matched the question in the cut copy: its name ran
		 * past the end */
		if (!r.tcp && n < r.len && dn_skipname(x->ans + HFIXEDSZ, x->ans + n) < 0)
			errno = EMSGSIZE;
		return n;
	case ARES_ETIMEOUT:
		errno = ETIMEDOUT;
		return -1;
	case ARES_ECONNREFUSED:
		errno = ECONNREFUSED;
		return -1;
	case AR_ESYSTEM:
		errno = err;
		return -1;
	case ARES_ENOMEM:
		errno = ENOMEM;
		return -1;
	default:
		/* a query c-ares would not send (1.28 and later parse it) */
		x->libc = 1;
		errno = EINVAL;
		return -1;
	}
}

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* The reply's verdict, as __res_context_query gives it. */
static int check_reply(struct call *x, int n)
{
	const unsigned char *hp = x->ans;
	int rcode = hp[3] & 0x0f;

	if (rcode == ns_r_noerror && get16(hp + 6))
		return n;
	switch (rcode) {
	case ns_r_nxdomain:
		set_herrno(x, HOST_NOT_FOUND);
		break;
	case ns_r_servfail:
		set_herrno(x, TRY_AGAIN);
		break;
	case ns_r_noerror:
		set_herrno(x, NO_DATA);
		break;
	default:
		set_herrno(x, NO_RECOVERY);
	}
	return -1;
}

/* __res_context_query */
static int query(struct call *x, const char *name, int class, int type)
{
	unsigned char q[QUERYSIZE + AR_OPTSZ];
	unsigned options = x->rs.options;
	int n;

	if (x->anslen >= 4)
		x->ans[3] &= 0xf0;   /* rcode NOERROR, as glibc's default */
	if (only_libc(options, type)) {
		x->libc = 1;
		return -1;
	}
	n = res_nmkquery(x->st, ns_o_query, name, class, type, NULL, 0, NULL, q, QUERYSIZE);
	if (n > 0 && (options & (RES_USE_EDNS0 | RES_USE_DNSSEC)))
		n = dns_query_opt(q, n, (int)sizeof q, x->anslen, options);
	if (n <= 0) {
		set_herrno(x, NO_RECOVERY);
		return n;
	}
	if ((n = send_one(x, q, n)) < 0) {
		set_herrno(x, TRY_AGAIN);
		return n;
	}
	return check_reply(x, n);
}

/* __res_context_querydomain */
static int querydomain(struct call *x, const char *name, const char *domain, int class,
                       int type)
{
	char buf[MAXDNAME];
	size_t n = strlen(name), d;

	if (!domain) {
		if (n - 1 >= MAXDNAME - 1) {   /* "" wraps, as in glibc */
			set_herrno(x, NO_RECOVERY);
			return -1;
		}
		return query(x, name, class, type);
	}
	d = strlen(domain);
	if (n + d + 1 >= MAXDNAME) {
		set_herrno(x, NO_RECOVERY);
		return -1;
	}
	memcpy(buf, name, n);
	buf[n] = '.';
	memcpy(buf + n + 1, domain, d + 1);
	return query(x, buf, class, type);
}

/* x set up for a call on st: 0, or -1 with glibc's errors where glibc
 * would crash on a bad pointer (name: the name asked, or res_send's
 * query). */
static int call_init(struct call *x, struct __res_state *st, const void *name,
                     unsigned char *ans, int anslen)
{
	if (!name || (!ans && anslen > 0)) {
		errno = EINVAL;
		st->res_h_errno = NETDB_INTERNAL;
		h_errno = NETDB_INTERNAL;
		return -1;
	}
	x->st = st;
	x->ans = ans;
	x->anslen = anslen;
	x->ret = -1;
	x->herr = 0;
	x->libc = 0;
	rstate_settings(st, &x->rs);
	return 0;
}

/* res_query (domain_form 0) and res_querydomain (1) */
static int one_query(struct __res_state *st, const char *name, const char *domain,
                     int domain_form, int class, int type, unsigned char *ans, int anslen)
{
	struct call x;
	int n;

	if (ar_config()->mode == AR_MODE_NATIVE)
		return resnative_query(st, name, domain, class, type, 0, ans, anslen);
	if (call_init(&x, st, name, ans, anslen))
		return -1;
	n = domain_form ? querydomain(&x, name, domain, class, type) : query(&x, name, class, type);
	return x.libc ? AR_LIBC : n;
}

int resq_query(struct __res_state *st, const char *name, int class, int type,
               unsigned char *ans, int anslen)
{
	return one_query(st, name, NULL, 0, class, type, ans, anslen);
}

int resq_querydomain(struct __res_state *st, const char *name, const char *domain, int class,
                     int type, unsigned char *ans, int anslen)
{
	return one_query(st, name, domain, 1, class, type, ans, anslen);
}

struct search_call {
	struct call *x;
	int class, type;
};

/* One candidate of res_search, told as search.c's walk reads it. */
static int ask_candidate(void *arg, const char *name)
{
	struct search_call *s = arg;
	struct call *x = s->x;
	int n = query(x, name, s->class, s->type);

	x->ret = n;
	if (x->libc)
		return ARES_ECANCELLED;
	if (n > 0)
		return ARES_SUCCESS;
	if (errno == ECONNREFUSED)
		return ARES_ECONNREFUSED;
	switch (x->herr) {
	case HOST_NOT_FOUND:
		return ARES_ENOTFOUND;
	case NO_DATA:
		return ARES_ENODATA;
	case TRY_AGAIN:
		return x->anslen >= 4 && (x->ans[3] & 0x0f) == ns_r_servfail ? ARES_ESERVFAIL
		                                                            : ARES_ETIMEOUT;
	default:
		return ARES_EBADRESP;
	}
}

static int herrno_of(int st, int last)
{
	switch (st) {
	case ARES_ENOTFOUND:
		return HOST_NOT_FOUND;
	case ARES_ENODATA:
		return NO_DATA;
	case ARES_ESERVFAIL:
	case ARES_ETIMEOUT:
	case ARES_ECONNREFUSED:
		return TRY_AGAIN;
	default:
		return last;
	}
}

/* resolv.conf's whole search list, the one glibc's res_search walks
 * when the program left _res's alone (its _res holds only the first
 * MAXDNSRCH names): a channel's, as getaddrinfo's.  0 when no channel
 * could be had. */
static int conf_search(const struct ar_net *net, struct ar_search *s)
{
	int st;
	struct chan *c = channel_get(net, &st);

	if (!c)
		return 0;
	search_copy(s, channel_search(c));
	channel_put(c, ARES_SUCCESS);
	return 1;
}

/* __res_context_search: the walk is search.c's, with the state's
 * ndots, search list and options. */
int resq_search(struct __res_state *st, const char *name, int class, int type,
                unsigned char *ans, int anslen)
{
	struct call x;
	struct search_call s = { &x, class, type };
	struct ar_asker asker = { ask_candidate, &s };
	struct ar_search own;
	int rc;

	if (ar_config()->mode == AR_MODE_NATIVE)
		return resnative_query(st, name, NULL, class, type, 1, ans, anslen);
	errno = 0;
	if (call_init(&x, st, name, ans, anslen))
		return -1;
	set_herrno(&x, HOST_NOT_FOUND);
	if (x.rs.search)
		search_copy(&own, x.rs.search);
	else if (!conf_search(&x.rs.net, &own))
		rstate_conf_list(&own);
	own.ndots = st->ndots;
	own.options = x.rs.options;
	rc = search_walk(name, &own, &asker);
	if (x.libc)
		return AR_LIBC;
	if (rc == ARES_SUCCESS)
		return x.ret;
	set_herrno(&x, rc == ARES_ECONNREFUSED ? TRY_AGAIN : herrno_of(rc, x.herr));
	return -1;
}

/* The type of q's first question, 0 when it does not parse. */
static int query_type(const unsigned char *q, int qlen)
{
	const unsigned char *p = q + HFIXEDSZ, *end = q + qlen;
	int n = dn_skipname(p, end), type;

	if (n < 0 || end - p - n < QFIXEDSZ)
		return 0;
	p += n;
	NS_GET16(type, p);
	return type;
}

int resq_send(struct __res_state *st, const unsigned char *q, int qlen, unsigned char *ans,
              int anssiz)
{
	struct call x;
	int n;

	if (!q || qlen < 0 || (!ans && anssiz > 0)) {
		errno = EINVAL;
		return -1;
	}
	/* a query without one question is matched to its reply by
	 * res_queriesmatch's rules for several, which udpreply.c does not
	 * follow (c-ares 1.28 and later refuse most such queries anyway) */
	if (qlen < HFIXEDSZ || get16(q + 4) != 1 ||
	    only_libc((unsigned)st->options, query_type(q, qlen)))
		return AR_LIBC;
	call_init(&x, st, q, ans, anssiz);   /* q and ans checked above */
	n = send_one(&x, q, qlen);
	return x.libc ? AR_LIBC : n;
}
