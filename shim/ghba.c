/* gethostbyaddr, gethostbyaddr_r */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../src/aresolv.h"
#include "shim.h"

static void trace_ghba(const void *addr, socklen_t len, int type,
                       const char *path, int herr, int rc,
                       const struct hostent *he, uint64_t t0)
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (addr && ((type == AF_INET && len >= 4) || (type == AF_INET6 && len >= 16)))
		inet_ntop(type, addr, a, sizeof a);
	ar_trace("gethostbyaddr addr=\"%s\" path=%s result=%s n=%d us=%" PRIu64, a,
	         path, rc == ERANGE ? "ERANGE" : he ? "OK" : herrno_name(herr),
	         he ? 1 : 0, ar_now_us() - t0);
}

struct ghba {
	struct hcall h;
	const void *addr;
	socklen_t len;
	int type;
};

/* The _r form's shadow, or gethostbyaddr's whole (its answer in *result,
 * its h_errno in *herr, as hcall_store hands them on) */
static int ghba_shadow(struct call *c)
{
	struct ghba *g = (struct ghba *)c;
	struct hcall *h = &g->h;

	if (strcmp(h->fn, "gethostbyaddr"))
		return shadow_hostent_r(h->fn, NULL, 0, g->addr, g->len, g->type, h->ret, h->buf,
		                        h->buflen, h->result, h->herr);
	*h->result = shadow_hostent(h->fn, NULL, 0, g->addr, g->len, g->type);
	*h->herr = h_errno;
	return 0;
}

static int ghba_ours(struct call *c, const char **path)
{
	struct ghba *g = (struct ghba *)c;
	struct hcall *h = &g->h;

	return ar_gethostbyaddr_r(g->addr, g->len, g->type, h->ret, h->buf, h->buflen, h->result,
	                          h->herr, path);
}

static int ghba_libc(struct call *c)
{
	struct ghba *g = (struct ghba *)c;
	struct hcall *h = &g->h;

	return LIBC(gethostbyaddr_r, NULL)(g->addr, g->len, g->type, h->ret, h->buf, h->buflen,
	                                    h->result, h->herr);
}

static void ghba_trace(struct call *c, const char *path, int rc, uint64_t t0)
{
	struct ghba *g = (struct ghba *)c;

	trace_ghba(g->addr, g->len, g->type, path, *g->h.herr, rc, *g->h.result, t0);
}

#define GHBA(fn, addr, len, type, ret, buf, buflen, result, herr)                            \
	{ { { ghba_shadow, ghba_ours, ghba_libc, hcall_refused, ghba_trace },                  \
	    fn, ret, buf, buflen, result, herr }, addr, len, type }

EXPORT int gethostbyaddr_r(const void *addr, socklen_t len, int type,
                           struct hostent *ret, char *buf, size_t buflen,
                           struct hostent **result, int *herr)
{
	struct ghba g = GHBA("gethostbyaddr_r", addr, len, type, ret, buf, buflen, result, herr);

	return call_run(&g.h.c);
}

EXPORT struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type)
{
	struct ghba g = GHBA("gethostbyaddr", addr, len, type, NULL, NULL, 0, NULL, NULL);

	return hcall_store(&g.h);
}
