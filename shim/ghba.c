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

/* ghba_r's shadow: the _r form, or gethostbyaddr whole (its answer in
 * *result, its h_errno in *herr, as gethostbyaddr hands them on) */
static int shadow_ghba(const char *fn, const void *addr, socklen_t len, int type,
                       struct hostent *ret, char *buf, size_t buflen,
                       struct hostent **result, int *herr)
{
	int rc = 0;

	if (strcmp(fn, "gethostbyaddr")) {
		rc = shadow_hostent_r(fn, NULL, 0, addr, len, type, ret, buf, buflen, result, herr);
	} else {
		*result = shadow_hostent(fn, NULL, 0, addr, len, type);
		*herr = h_errno;
	}
	leave();
	return rc;
}

static int ghba_r(const char *fn, const void *addr, socklen_t len, int type,
                  struct hostent *ret, char *buf, size_t buflen,
                  struct hostent **result, int *herr)
{
	const char *path;
	uint64_t t0;
	int rc, how = enter();

	if (!how)
		return LIBC(gethostbyaddr_r, NULL)(addr, len, type, ret, buf, buflen, result, herr);
	if (how == SHADOW)
		return shadow_ghba(fn, addr, len, type, ret, buf, buflen, result, herr);
	t0 = ar_trace_on() ? ar_now_us() : 0;
	rc = ar_gethostbyaddr_r(addr, len, type, ret, buf, buflen, result, herr, &path);
	if (rc == AR_LIBC && refuse()) {
		path = "refused";
		*herr = NO_RECOVERY;
		rc = 0;
	} else if (rc == AR_LIBC) {
		path = "libc";
		rc = LIBC(gethostbyaddr_r, NULL)(addr, len, type, ret, buf, buflen, result, herr);
	}
	if (ar_trace_on())
		trace_ghba(addr, len, type, path, *herr, rc, *result, t0);
	leave();
	return rc;
}

EXPORT int gethostbyaddr_r(const void *addr, socklen_t len, int type,
                           struct hostent *ret, char *buf, size_t buflen,
                           struct hostent **result, int *herr)
{
	return ghba_r("gethostbyaddr_r", addr, len, type, ret, buf, buflen, result, herr);
}

EXPORT struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type)
{
	struct hostent *result = NULL;
	struct store *st;
	size_t size = 1024;
	int herr = 0, rc;

	for (;; size *= 2) {
		if (!(st = store_get(size))) {
			h_errno = NETDB_INTERNAL;
			errno = ENOMEM;
			return NULL;
		}
		size = st->len;
		rc = ghba_r("gethostbyaddr", addr, len, type, &st->he, st->buf, st->len, &result,
		            &herr);
		if (rc != ERANGE || size >= (1u << 20))
			break;
	}
	/* glibc's wrapper copies a non-zero h_errno out, found or not */
	if (herr)
		h_errno = herr;
	return result;
}
