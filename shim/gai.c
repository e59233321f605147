/* getaddrinfo, freeaddrinfo, gai_strerror */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "../src/aresolv.h"
#include "shim.h"

static void trace_gai(const char *node, const char *service,
                      const struct addrinfo *hints, const char *path, int rc,
                      const struct addrinfo *res, uint64_t t0)
{
	char qn[600], qs[300];
	const struct addrinfo none = { .ai_flags = AI_V4MAPPED | AI_ADDRCONFIG };
	const struct addrinfo *h = hints ? hints : &none;

	ar_quote(qn, sizeof qn, node);
	ar_quote(qs, sizeof qs, service);
	ar_trace("getaddrinfo node=%s service=%s family=%d socktype=%d protocol=%d "
	         "flags=0x%x path=%s result=%s n=%zu us=%" PRIu64,
	         qn, qs, h->ai_family, h->ai_socktype, h->ai_protocol,
	         (unsigned)h->ai_flags, path, eai_name(rc), rc ? 0 : ai_count(res),
	         ar_now_us() - t0);
}

struct gai {
	struct call c;
	const char *node, *service;
	const struct addrinfo *hints;
	struct addrinfo **res;
};

static int gai_shadow(struct call *c)
{
	struct gai *g = (struct gai *)c;

	return shadow_getaddrinfo(g->node, g->service, g->hints, g->res);
}

static int gai_ours(struct call *c, const char **path)
{
	struct gai *g = (struct gai *)c;

	if (!g->res) {   /* glibc would crash writing *res */
		errno = EINVAL;
		*path = "refused";
		return EAI_SYSTEM;
	}
	*g->res = NULL;
	return ar_getaddrinfo(g->node, g->service, g->hints, g->res, path);
}

static int gai_libc(struct call *c)
{
	struct gai *g = (struct gai *)c;

	return LIBC(getaddrinfo, NULL)(g->node, g->service, g->hints, g->res);
}

static int gai_refused(struct call *c)
{
	(void)c;
	return EAI_FAIL;
}

static void gai_trace(struct call *c, const char *path, int rc, uint64_t t0)
{
	struct gai *g = (struct gai *)c;

	trace_gai(g->node, g->service, g->hints, path, rc, rc ? NULL : *g->res, t0);
}

/* The exported getaddrinfo, also run by getaddrinfo_a's workers. */
int shim_getaddrinfo(const char *node, const char *service,
                     const struct addrinfo *hints, struct addrinfo **res)
{
	struct gai g = { { res ? gai_shadow : NULL, gai_ours, gai_libc, gai_refused, gai_trace },
	                 node, service, hints, res };

	return call_run(&g.c);
}

EXPORT int getaddrinfo(const char *node, const char *service,
                       const struct addrinfo *hints, struct addrinfo **res)
{
	return shim_getaddrinfo(node, service, hints, res);
}

/* Same layout as glibc's lists, so this frees either kind. */
EXPORT void freeaddrinfo(struct addrinfo *ai)
{
	ai_free(ai);
}

EXPORT const char *gai_strerror(int code)
{
	return REAL(gai_strerror)(code);
}
