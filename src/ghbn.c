/* gethostbyname2_r: glibc's numeric rules, then the lookup chain. */
#include <ares.h>
#include <errno.h>
#include <string.h>

#include "aresolv.h"

/* Returns what glibc's gethostbyname2_r returns: 0 (found, or not found
 * with *herr set), ERANGE, EAGAIN, or AR_LIBC. */
int ar_gethostbyname_r(const char *name, int family, struct hostent *ret,
                       char *buf, size_t buflen, struct hostent **result,
                       int *herr, const char **path)
{
	struct ar_answer ans;
	unsigned char b[16];
	int r, st;

	answer_init(&ans);
	*result = NULL;
	*path = "numeric";
	if (family != AF_INET && family != AF_INET6)
		return AR_LIBC;
	if (!name || !*name) {
		/* glibc: the empty name makes no query and no recovery */
		*herr = name ? NO_RECOVERY : HOST_NOT_FOUND;
		return 0;
	}
	r = parse_dots(name, family, b);
	if (r < 0) {
		*herr = HOST_NOT_FOUND;
		return 0;
	}
	if (r > 0) {
		answer_add_addr(&ans, family, b);
		ans.name = (char *)name;
		r = hostent_pack(&ans, family, ret, buf, buflen);
		ans.name = NULL;
	} else {
		if (name_for_libc(name))
			return AR_LIBC;
		st = lookup_name(name, family, &ans);
		*path = ans.source ? ans.source : "dns";
		if (st != ARES_SUCCESS) {
			*herr = herrno_from_ares(st);
			/* glibc's res_search leaves its verdict in h_errno too */
			if (!strcmp(*path, "dns"))
				h_errno = *herr;
			return *herr == TRY_AGAIN ? EAGAIN : 0;
		}
		if (!strcmp(*path, "dns"))
			h_errno = HOST_NOT_FOUND;   /* res_search's starting value */
		r = hostent_pack(&ans, family, ret, buf, buflen);
		answer_clear(&ans);
		/* glibc's files module leaves HOST_NOT_FOUND behind on success */
		if (!r && !strcmp(*path, "hosts")) {
			*herr = HOST_NOT_FOUND;
			*result = ret;
			return 0;
		}
	}
	if (r) {
		*herr = NETDB_INTERNAL;
		errno = ERANGE;
		return ERANGE;
	}
	*herr = NETDB_SUCCESS;
	*result = ret;
	return 0;
}
