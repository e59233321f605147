/* gethostbyname, gethostbyname2, gethostbyname_r, gethostbyname2_r */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../src/aresolv.h"
#include "shim.h"

/* The number of addresses.  A numeric answer is laid out as glibc lays
 * it out, unaligned in an unaligned buffer: the list is read bytewise. */
static size_t naddrs(const struct hostent *he)
{
	const char *p = (const char *)he->h_addr_list;
	char *a;
	size_t n = 0;

	while (memcpy(&a, p + n * sizeof a, sizeof a), a)
		n++;
	return n;
}

static void trace_ghbn(const char *fn, const char *name, const char *path,
                       int herr, int rc, const struct hostent *he, uint64_t t0)
{
	char q[600];
	size_t n = he ? naddrs(he) : 0;

	ar_quote(q, sizeof q, name);
	ar_trace("%s name=%s path=%s result=%s n=%zu us=%" PRIu64, fn, q, path,
	         rc == ERANGE ? "ERANGE" : he ? "OK" : herrno_name(herr), n,
	         ar_now_us() - t0);
}

struct ghbn {
	struct hcall h;
	const char *name;
	int af;
};

/* The _r forms' shadow, or the nonreentrant ones' whole (their answer in
 * *result, their h_errno in *herr, as hcall_store hands them on) */
static int ghbn_shadow(struct call *c)
{
	struct ghbn *g = (struct ghbn *)c;
	struct hcall *h = &g->h;

	if (strcmp(h->fn, "gethostbyname") && strcmp(h->fn, "gethostbyname2"))
		return shadow_hostent_r(h->fn, g->name, g->af, NULL, 0, 0, h->ret, h->buf, h->buflen,
		                        h->result, h->herr);
	*h->result = shadow_hostent(h->fn, g->name, g->af, NULL, 0, 0);
	*h->herr = h_errno;
	return 0;
}

static int ghbn_ours(struct call *c, const char **path)
{
	struct ghbn *g = (struct ghbn *)c;
	struct hcall *h = &g->h;

	return ar_gethostbyname_r(g->name, g->af, h->ret, h->buf, h->buflen, h->result, h->herr,
	                          path);
}

static int ghbn_libc(struct call *c)
{
	struct ghbn *g = (struct ghbn *)c;
	struct hcall *h = &g->h;

	return LIBC(gethostbyname2_r, NULL)(g->name, g->af, h->ret, h->buf, h->buflen, h->result,
	                                     h->herr);
}

static void ghbn_trace(struct call *c, const char *path, int rc, uint64_t t0)
{
	struct ghbn *g = (struct ghbn *)c;

	trace_ghbn(g->h.fn, g->name, path, *g->h.herr, rc, *g->h.result, t0);
}

#define GHBN(fn, name, af, ret, buf, buflen, result, herr)                                   \
	{ { { ghbn_shadow, ghbn_ours, ghbn_libc, hcall_refused, ghbn_trace },                  \
	    fn, ret, buf, buflen, result, herr }, name, af }

EXPORT int gethostbyname2_r(const char *name, int af, struct hostent *ret,
                            char *buf, size_t buflen, struct hostent **result,
                            int *herr)
{
	struct ghbn g = GHBN("gethostbyname2_r", name, af, ret, buf, buflen, result, herr);

	return call_run(&g.h.c);
}

EXPORT int gethostbyname_r(const char *name, struct hostent *ret, char *buf,
                           size_t buflen, struct hostent **result, int *herr)
{
	struct ghbn g = GHBN("gethostbyname_r", name, AF_INET, ret, buf, buflen, result, herr);

	return call_run(&g.h.c);
}

EXPORT struct hostent *gethostbyname2(const char *name, int af)
{
	struct ghbn g = GHBN("gethostbyname2", name, af, NULL, NULL, 0, NULL, NULL);

	return hcall_store(&g.h);
}

EXPORT struct hostent *gethostbyname(const char *name)
{
	struct ghbn g = GHBN("gethostbyname", name, AF_INET, NULL, NULL, 0, NULL, NULL);

	return hcall_store(&g.h);
}
