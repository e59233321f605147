/* res_query, res_search and res_querydomain in native mode: c-ares' own
 * ares_query and ares_search, as programs built on c-ares ask (their
 * search list, their rcode handling, 1.34's EDNS and cache), the reply
 * cut to the caller's buffer.  res_send is ares_send in both modes
 * (resq.c). */
#include <ares.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "dns.h"

struct native_ask {
	struct ar_pending p;
	int done, status, len;
	unsigned char *msg;
};

static void on_done(void *arg, int status, const unsigned char *msg, int len)
{
	struct native_ask *a = arg;

	a->status = status;
	if (msg && len > 0 && (a->msg = malloc((size_t)len))) {
		memcpy(a->msg, msg, (size_t)len);
		a->len = len;
	}
	a->done = 1;
}

static int fail(struct __res_state *st, int herr)
{
	st->res_h_errno = herr;
	h_errno = herr;
	return -1;
}

/* name (with domain, for res_querydomain) asked by ares_query, or by
 * ares_search when search is set. */
int resnative_query(struct __res_state *st, const char *name, const char *domain, int class,
                    int type, int search, unsigned char *ans, int anslen)
{
	char full[MAXDNAME];
	unsigned char q[HFIXEDSZ + QFIXEDSZ + MAXCDNAME + 1];
	struct native_ask a = { .status = ARES_ETIMEOUT };
	struct ar_res rs;
	struct chan *c;
	int qlen = 0, n, rc, err = errno, sys;

	if (!name || (!ans && anslen > 0))
		return fail(st, NETDB_INTERNAL);
	if (domain) {
		size_t l = strlen(name), d = strlen(domain);
		if (l + d + 1 >= sizeof full)
			return fail(st, NO_RECOVERY);
		memcpy(full, name, l);
		full[l] = '.';
		memcpy(full + l + 1, domain, d + 1);
		name = full;
	}
	if (search && (qlen = res_nmkquery(st, ns_o_query, name, class, type, NULL, 0, NULL, q,
	                                   sizeof q)) <= 0)
		return fail(st, NO_RECOVERY);
	rstate_settings(st, &rs);
	if (!(c = channel_get(&rs.net, &rc)))
		return fail(st, herrno_from_ares(rc));
	a.p = (struct ar_pending){ on_done, &a, channel_socks(c), 0, 0 };
	cares_query(channel_ares(c), name, class, type, search ? q : NULL, qlen, &a.p);
	if (!a.done)
		run_sync(c, &a.done);
	rc = channel_put(c, a.done ? a.status : ARES_ETIMEOUT);
	sys = errno;
	n = a.len < anslen ? a.len : anslen;
	if (a.msg && n > 0)
		memcpy(ans, a.msg, (size_t)n);
	free(a.msg);
	/* errno as the call found it, but for a failure to reach a server */
	errno = rc == ARES_ETIMEOUT ? ETIMEDOUT : rc == ARES_ECONNREFUSED ? ECONNREFUSED : err;
	if (rc == AR_ESYSTEM)
		errno = sys;
	if (rc != ARES_SUCCESS)
		return fail(st, herrno_from_ares(rc));
	return n;
}
