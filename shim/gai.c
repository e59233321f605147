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

/* The exported getaddrinfo, also run by getaddrinfo_a's workers. */
int shim_getaddrinfo(const char *node, const char *service,
                     const struct addrinfo *hints, struct addrinfo **res)
{
	const char *path;
	uint64_t t0;
	int rc, how = enter();

	if (!how)
		return LIBC(getaddrinfo, NULL)(node, service, hints, res);
	if (how == SHADOW && res) {
		rc = shadow_getaddrinfo(node, service, hints, res);
		leave();
		return rc;
	}
	t0 = ar_trace_on() ? ar_now_us() : 0;
	if (!res) {
		/* glibc would crash writing *res */
		errno = EINVAL;
		rc = EAI_SYSTEM;
		path = "refused";
	} else {
		*res = NULL;
		rc = ar_getaddrinfo(node, service, hints, res, &path);
	}
	if (rc == AR_LIBC && refuse()) {
		rc = EAI_FAIL;
		path = "refused";
	} else if (rc == AR_LIBC) {
		path = "libc";
		rc = LIBC(getaddrinfo, NULL)(node, service, hints, res);
	}
	if (ar_trace_on())
		trace_gai(node, service, hints, path, rc, rc ? NULL : *res, t0);
	leave();
	return rc;
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
