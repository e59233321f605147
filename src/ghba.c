/* gethostbyaddr_r: the hosts file's first matching line, then PTR. */
#include <ares.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "aresolv.h"

int ar_gethostbyaddr_r(const void *addr, socklen_t len, int type,
                       struct hostent *ret, char *buf, size_t buflen,
                       struct hostent **result, int *herr, const char **path)
{
	struct ar_answer ans;
	struct ar_addr a = { .family = type };
	size_t need = type == AF_INET ? 4 : 16;
	int st, r;

	answer_init(&ans);
	*result = NULL;
	*path = "dns";
	if (type != AF_INET && type != AF_INET6)
		return AR_LIBC;
	if (!addr || len < need) {
		*herr = NETDB_INTERNAL;
		errno = EINVAL;
		return EINVAL;
	}
	memcpy(a.bytes, addr, need);
	st = lookup_addr(&a, &ans);
	if (ans.source)
		*path = ans.source;
	if (st != ARES_SUCCESS) {
		answer_clear(&ans);
		*herr = herrno_from_ares(st);
		if (!strcmp(*path, "dns"))
			h_errno = *herr;   /* as glibc's res_query leaves it */
		return *herr == TRY_AGAIN ? EAGAIN : 0;
	}
	r = hostent_pack(&ans, type, ret, buf, buflen);
	answer_clear(&ans);
	if (r) {
		*herr = NETDB_INTERNAL;
		errno = ERANGE;
		return ERANGE;
	}
	/* glibc's files module leaves h_errnop alone on success */
	if (strcmp(*path, "hosts"))
		*herr = NETDB_SUCCESS;
	*result = ret;
	return 0;
}
