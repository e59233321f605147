/* res_query, res_search, res_querydomain and res_send, their res_n*
 * forms, and the __res_* names that programs built before glibc 2.34
 * call (libc 2.36 exports both, at one address each). */
#include <arpa/nameser.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <string.h>

#include "../src/aresolv.h"
#include "shim.h"

enum kind { K_QUERY, K_SEARCH, K_QUERYDOMAIN };

struct req {
	struct call c;
	const char *fn;
	enum kind kind;
	int own;                  /* res_n*: the caller's state */
	struct __res_state *st;
	const char *name, *domain;
	int class, type;
	unsigned char *ans;
	int anslen;
};

/* A class or type as the trace writes it: its name, else RFC 3597's
 * CLASSnn or TYPEnn. */
static const char *rr_word(const struct fmt_name *t, const char *unknown, int v, char *buf,
                           size_t size)
{
	const char *n = table_word(t, v, buf, size);

	if (n == buf)
		snprintf(buf, size, "%s%d", unknown, v);
	return n;
}

static void trace_req(const struct req *r, const char *path, int rc, int herr, uint64_t t0)
{
	char qn[600], qd[600], cb[16], tb[16];

	ar_quote(qn, sizeof qn, r->name);
	ar_quote(qd, sizeof qd, r->domain);
	ar_trace("%s name=%s%s%s class=%s type=%s path=%s result=%s len=%d us=%" PRIu64, r->fn,
	         qn, r->kind == K_QUERYDOMAIN ? " domain=" : "", r->kind == K_QUERYDOMAIN ? qd : "",
	         rr_word(fmt_rr_classes, "CLASS", r->class, cb, sizeof cb),
	         rr_word(fmt_rr_types, "TYPE", r->type, tb, sizeof tb), path,
	         rc >= 0 ? "OK" : herrno_name(herr), rc, ar_now_us() - t0);
}

static int libc_req(const struct req *r)
{
	switch (r->kind) {
	case K_QUERY:
		return r->own ? LIBC(res_nquery, r->st)(r->st, r->name, r->class, r->type, r->ans, r->anslen)
		              : LIBC(res_query, NULL)(r->name, r->class, r->type, r->ans, r->anslen);
	case K_SEARCH:
		return r->own ? LIBC(res_nsearch, r->st)(r->st, r->name, r->class, r->type, r->ans, r->anslen)
		              : LIBC(res_search, NULL)(r->name, r->class, r->type, r->ans, r->anslen);
	default:
		return r->own ? LIBC(res_nquerydomain, r->st)(r->st, r->name, r->domain, r->class,
		                                       r->type, r->ans, r->anslen)
		              : LIBC(res_querydomain, NULL)(r->name, r->domain, r->class, r->type,
		                                      r->ans, r->anslen);
	}
}

static int ask(const struct req *r)
{
	switch (r->kind) {
	case K_QUERY:
		return resq_query(r->st, r->name, r->class, r->type, r->ans, r->anslen);
	case K_SEARCH:
		return resq_search(r->st, r->name, r->class, r->type, r->ans, r->anslen);
	default:
		return resq_querydomain(r->st, r->name, r->domain, r->class, r->type, r->ans,
		                        r->anslen);
	}
}

/* ARESOLV_SHADOW: glibc's and aresolv's answers (shadowres.c) */
static int shadow_req(const char *fn, enum kind kind, int own, struct __res_state *st,
                      const char *name, const char *domain, int class, int type,
                      const unsigned char *q, int qlen, unsigned char *ans, int anslen)
{
	struct res_req s = {
		fn, fn + (fn[0] == '_' ? 2 : 0),
		kind == K_QUERY ? RES_K_QUERY : kind == K_SEARCH ? RES_K_SEARCH : RES_K_QUERYDOMAIN,
		own, st, name, domain, class, type, q, qlen, ans, anslen,
	};

	/* res_query and the like bring _res up to date as glibc's do */
	if (!own)
		rstate_sync();
	return shadow_res(&s);
}

static int req_shadow(struct call *c)
{
	struct req *r = (struct req *)c;

	return shadow_req(r->fn, r->kind, r->own, r->st, r->name, r->domain, r->class, r->type,
	                  NULL, 0, r->ans, r->anslen);
}

/* res_query and the like bring _res up to date (initialised, or
 * reloaded after a resolv.conf change) as glibc's do; res_n* take the
 * caller's state as it is */
static int req_ours(struct call *c, const char **path)
{
	struct req *r = (struct req *)c;

	(void)path;
	if (!r->own)
		rstate_sync();
	return ask(r);
}

static int req_libc(struct call *c)
{
	return libc_req((struct req *)c);
}

static int req_refused(struct call *c)
{
	((struct req *)c)->st->res_h_errno = h_errno = NO_RECOVERY;
	return -1;
}

static void req_trace(struct call *c, const char *path, int rc, uint64_t t0)
{
	trace_req((struct req *)c, path, rc, h_errno, t0);
}

#define REQ_CALL { req_shadow, req_ours, req_libc, req_refused, req_trace }

#define QUERY_FN(fn, kind)                                                               \
	EXPORT int fn(const char *name, int class, int type, unsigned char *ans, int anslen) \
	{                                                                                  \
		struct req r = { REQ_CALL, #fn, kind, 0, &_res, name, NULL, class, type, ans, anslen }; \
		return call_run(&r.c);                                                         \
	}
#define NQUERY_FN(fn, kind)                                                              \
	EXPORT int fn(res_state st, const char *name, int class, int type, unsigned char *ans, \
	              int anslen)                                                          \
	{                                                                                  \
		struct req r = { REQ_CALL, #fn, kind, 1, st, name, NULL, class, type, ans, anslen }; \
		return call_run(&r.c);                                                         \
	}

QUERY_FN(res_query, K_QUERY)
QUERY_FN(res_search, K_SEARCH)
QUERY_FN(__res_query, K_QUERY)
QUERY_FN(__res_search, K_SEARCH)
NQUERY_FN(res_nquery, K_QUERY)
NQUERY_FN(res_nsearch, K_SEARCH)
NQUERY_FN(__res_nquery, K_QUERY)
NQUERY_FN(__res_nsearch, K_SEARCH)

static int querydomain(const char *fn, int own, res_state st, const char *name,
                       const char *domain, int class, int type, unsigned char *ans, int anslen)
{
	struct req r = { REQ_CALL, fn, K_QUERYDOMAIN, own, st, name, domain, class, type, ans, anslen };

	return call_run(&r.c);
}

EXPORT int res_querydomain(const char *name, const char *domain, int class, int type,
                           unsigned char *ans, int anslen)
{
	return querydomain("res_querydomain", 0, &_res, name, domain, class, type, ans, anslen);
}

EXPORT int __res_querydomain(const char *name, const char *domain, int class, int type,
                             unsigned char *ans, int anslen)
{
	return querydomain("__res_querydomain", 0, &_res, name, domain, class, type, ans, anslen);
}

EXPORT int res_nquerydomain(res_state st, const char *name, const char *domain, int class,
                            int type, unsigned char *ans, int anslen)
{
	return querydomain("res_nquerydomain", 1, st, name, domain, class, type, ans, anslen);
}

EXPORT int __res_nquerydomain(res_state st, const char *name, const char *domain, int class,
                              int type, unsigned char *ans, int anslen)
{
	return querydomain("__res_nquerydomain", 1, st, name, domain, class, type, ans, anslen);
}

/* ---- res_send ---- */

static void trace_send(const char *fn, const unsigned char *q, int qlen, const char *path,
                       int rc, int err, uint64_t t0)
{
	char name[MAXDNAME] = "?", qn[600], cb[16], tb[16];
	const char *e = rc >= 0 ? "OK" : strerrorname_np(err);
	int n = -1, type = 0, class = 0;

	if (q && qlen > HFIXEDSZ && (n = dn_expand(q, q + qlen, q + HFIXEDSZ, name, sizeof name)) >= 0 &&
	    qlen >= HFIXEDSZ + n + QFIXEDSZ) {
		type = q[HFIXEDSZ + n] << 8 | q[HFIXEDSZ + n + 1];
		class = q[HFIXEDSZ + n + 2] << 8 | q[HFIXEDSZ + n + 3];
	}
	ar_quote(qn, sizeof qn, name);
	ar_trace("%s name=%s class=%s type=%s path=%s result=%s len=%d us=%" PRIu64, fn, qn,
	         rr_word(fmt_rr_classes, "CLASS", class, cb, sizeof cb),
	         rr_word(fmt_rr_types, "TYPE", type, tb, sizeof tb), path,
	         e ? e : "ERROR", rc, ar_now_us() - t0);
}

struct sreq {
	struct call c;
	const char *fn;
	int own;
	res_state st;
	const unsigned char *q;
	int qlen;
	unsigned char *ans;
	int anssiz;
};

static int send_shadow(struct call *c)
{
	struct sreq *r = (struct sreq *)c;

	return shadow_req(r->fn, K_QUERY, r->own, r->st, NULL, NULL, 0, 0, r->q, r->qlen, r->ans,
	                  r->anssiz);
}

static int send_ours(struct call *c, const char **path)
{
	struct sreq *r = (struct sreq *)c;

	(void)path;
	if (!r->own)
		rstate_sync();
	return resq_send(r->st, r->q, r->qlen, r->ans, r->anssiz);
}

static int send_libc(struct call *c)
{
	struct sreq *r = (struct sreq *)c;

	return r->own ? LIBC(res_nsend, r->st)(r->st, r->q, r->qlen, r->ans, r->anssiz)
	              : LIBC(res_send, NULL)(r->q, r->qlen, r->ans, r->anssiz);
}

static int send_refused(struct call *c)
{
	(void)c;
	errno = EINVAL;
	return -1;
}

static void send_trace(struct call *c, const char *path, int rc, uint64_t t0)
{
	struct sreq *r = (struct sreq *)c;
	int err = errno;

	trace_send(r->fn, r->q, r->qlen, path, rc, err, t0);
	errno = err;
}

static int send_req(const char *fn, int own, res_state st, const unsigned char *q, int qlen,
                    unsigned char *ans, int anssiz)
{
	struct sreq r = { { send_shadow, send_ours, send_libc, send_refused, send_trace },
	                  fn, own, st, q, qlen, ans, anssiz };

	return call_run(&r.c);
}

EXPORT int res_send(const unsigned char *q, int qlen, unsigned char *ans, int anssiz)
{
	return send_req("res_send", 0, &_res, q, qlen, ans, anssiz);
}

EXPORT int __res_send(const unsigned char *q, int qlen, unsigned char *ans, int anssiz)
{
	return send_req("__res_send", 0, &_res, q, qlen, ans, anssiz);
}

EXPORT int res_nsend(res_state st, const unsigned char *q, int qlen, unsigned char *ans,
                     int anssiz)
{
	return send_req("res_nsend", 1, st, q, qlen, ans, anssiz);
}

EXPORT int __res_nsend(res_state st, const unsigned char *q, int qlen, unsigned char *ans,
                       int anssiz)
{
	return send_req("__res_nsend", 1, st, q, qlen, ans, anssiz);
}
