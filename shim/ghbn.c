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

/* ghbn_r's shadow: the _r forms, or the nonreentrant ones whole (their
 * answer in *result, their h_errno in *herr, as ghbn() hands them on) */
static int shadow_ghbn(const char *fn, const char *name, int af, struct hostent *ret,
                       char *buf, size_t buflen, struct hostent **result, int *herr)
{
	int rc = 0;

	if (strcmp(fn, "gethostbyname") && strcmp(fn, "gethostbyname2")) {
		rc = shadow_hostent_r(fn, name, af, NULL, 0, 0, ret, buf, buflen, result, herr);
	} else {
		*result = shadow_hostent(fn, name, af, NULL, 0, 0);
		*herr = h_errno;
	}
	leave();
	return rc;
}

static int ghbn_r(const char *fn, const char *name, int af, struct hostent *ret,
                  char *buf, size_t buflen, struct hostent **result, int *herr)
{
	const char *path;
	uint64_t t0;
	int rc, how = enter();

	if (!how)
		return LIBC(gethostbyname2_r, NULL)(name, af, ret, buf, buflen, result, herr);
	if (how == SHADOW)
		return shadow_ghbn(fn, name, af, ret, buf, buflen, result, herr);
	t0 = ar_trace_on() ? ar_now_us() : 0;
	rc = ar_gethostbyname_r(name, af, ret, buf, buflen, result, herr, &path);
	if (rc == AR_LIBC && refuse()) {
		path = "refused";
		*herr = NO_RECOVERY;
		rc = 0;
	} else if (rc == AR_LIBC) {
		path = "libc";
		rc = LIBC(gethostbyname2_r, NULL)(name, af, ret, buf, buflen, result, herr);
	}
	if (ar_trace_on())
		trace_ghbn(fn, name, path, *herr, rc, *result, t0);
	leave();
	return rc;
}

EXPORT int gethostbyname2_r(const char *name, int af, struct hostent *ret,
                            char *buf, size_t buflen, struct hostent **result,
                            int *herr)
{
	return ghbn_r("gethostbyname2_r", name, af, ret, buf, buflen, result, herr);
}

EXPORT int gethostbyname_r(const char *name, struct hostent *ret, char *buf,
                           size_t buflen, struct hostent **result, int *herr)
{
	return ghbn_r("gethostbyname_r", name, AF_INET, ret, buf, buflen, result, herr);
}

/* Grows the thread's buffer until the answer fits, as glibc's
 * nonreentrant wrappers do with their static one. */
static struct hostent *ghbn(const char *fn, const char *name, int af)
{
	struct hostent *result = NULL;
	struct store *st;
	size_t len = 1024;
	int herr = 0, rc;

	for (;; len *= 2) {
		if (!(st = store_get(len))) {
			h_errno = NETDB_INTERNAL;
			errno = ENOMEM;
			return NULL;
		}
		len = st->len;
		rc = ghbn_r(fn, name, af, &st->he, st->buf, st->len, &result, &herr);
		if (rc != ERANGE || len >= (1u << 20))
			break;
	}
	/* glibc's wrapper copies a non-zero h_errno out, found or not */
	if (herr)
		h_errno = herr;
	return result;
}

EXPORT struct hostent *gethostbyname2(const char *name, int af)
{
	return ghbn("gethostbyname2", name, af);
}

EXPORT struct hostent *gethostbyname(const char *name)
{
	return ghbn("gethostbyname", name, AF_INET);
}
