/* gethostbyname2_r: glibc's numeric rules, then the lookup chain. */
#include <ares.h>
#include <ctype.h>
#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

/* What glibc's digits-and-dots check (nss/digits_dots.c) reserves before
 * it looks at the name: a 16-byte address, two address pointers, one
 * alias pointer and the name, unaligned. */
#define DOTS_HEAD (16 + 3 * sizeof(char *))

/* Before it reads a line, glibc's files module wants room for its
 * parser's data and 2 bytes more, after aligning buf for it: a smaller
 * buffer is ERANGE whatever the name.  (What each line then needs is not
 * modelled: aresolv(7), DIFFERENCES FROM GLIBC.) */
#define FILES_HEAD (16 + 2 * sizeof(char *) + 2)

/* glibc reserves the room above for every name that might be numeric,
 * and fails with ERANGE before parsing it. */
static int dots_room(const char *name, size_t buflen)
{
	unsigned char c = (unsigned char)name[0];

	return !(isxdigit(c) || c == ':') || buflen >= DOTS_HEAD + strlen(name) + 1;
}

static int files_room(const char *buf, size_t buflen)
{
	size_t pad = -(uintptr_t)buf % alignof(char *);

	if (buflen >= pad + FILES_HEAD)
		return 1;
	/* the module only runs when it can open the file */
	return !ar_config()->nss_files || access(ar_config()->hosts, R_OK);
}

/* The numeric answer in glibc's layout, so that it fits exactly the
 * buffers glibc's does, aligned or not.  Pointers are stored with memcpy:
 * buf need not be aligned. */
static void pack_dots(const char *name, int family, const unsigned char *b,
                      struct hostent *he, char *buf)
{
	char *ptrs[3] = { buf, NULL, NULL };   /* h_addr_list[2], h_aliases[1] */
	size_t len = strlen(name) + 1;

	memset(buf, 0, DOTS_HEAD + len);
	memcpy(buf, b, family == AF_INET ? 4 : 16);
	memcpy(buf + 16, ptrs, sizeof ptrs);
	memcpy(buf + DOTS_HEAD, name, len);
	he->h_name = buf + DOTS_HEAD;
	he->h_addr_list = (char **)(void *)(buf + 16);
	he->h_aliases = (char **)(void *)(buf + 16 + 2 * sizeof(char *));
	he->h_addrtype = family;
	he->h_length = family == AF_INET ? 4 : 16;
}

/* Whether glibc's DNS module would send this name (its check_name runs
 * res_hnok first); only then does res_search touch h_errno. */
static int asked_dns(const char *name, const char *path)
{
	const struct ar_config *cf = ar_config();

	if (strcmp(path, "dns"))
		return 0;
	return cf->mode == AR_MODE_NATIVE || (cf->nss_dns && name_ok(name));
}

static int by_name(const char *name, int family, struct hostent *ret, char *buf,
                   size_t buflen, struct hostent **result, int *herr,
                   const char **path)
{
	struct ar_answer ans;
	int st, r, dns;

	answer_init(&ans);
	st = lookup_name(name, family, 1, &ans);
	*path = ans.source ? ans.source : "dns";
	dns = asked_dns(name, *path);
	if (st != ARES_SUCCESS) {
		answer_clear(&ans);
		*herr = herrno_from_ares(st);
		if (dns)
			h_errno = *herr;   /* res_search leaves its verdict there too */
		return ret_errno(errno_from_ares(st));
	}
	r = hostent_pack(&ans, family, ret, buf, buflen);
	answer_clear(&ans);
	/* A buffer too small for the answer is, in practice, too small for
	 * glibc's files module, which fails before DNS is asked. */
	if (r)
		return erange(herr);
	if (dns)
		h_errno = HOST_NOT_FOUND;   /* res_search's starting value */
	/* glibc's files module leaves HOST_NOT_FOUND behind on success */
	*herr = strcmp(*path, "hosts") ? NETDB_SUCCESS : HOST_NOT_FOUND;
	*result = ret;
	return ret_errno(0);
}

/* The empty name: no query (HOST_NOT_FOUND from the files module), or a
 * failed one (res_search gives up with NO_RECOVERY). */
static int empty(int *herr)
{
	*herr = HOST_NOT_FOUND;
	if (ar_config()->nss_dns)
		*herr = h_errno = NO_RECOVERY;
	return ret_errno(0);
}

/* Returns what glibc's gethostbyname2_r returns: 0 (found, or not found
 * with *herr set), ERANGE, EAGAIN, or AR_LIBC; errno is set the same. */
int ar_gethostbyname_r(const char *name, int family, struct hostent *ret,
                       char *buf, size_t buflen, struct hostent **result,
                       int *herr, const char **path)
{
	unsigned char b[16];
	int r;

	*result = NULL;
	*path = "numeric";
	if (family != AF_INET && family != AF_INET6)
		return AR_LIBC;
	/* glibc's brings _res up to date first, even for a numeric name */
	rstate_sync();
	if (!name) {
		*herr = HOST_NOT_FOUND;   /* glibc would crash */
		return ret_errno(0);
	}
	if (!dots_room(name, buflen))
		return erange(herr);
	r = parse_dots(name, family, b);
	if (r < 0) {
		*herr = HOST_NOT_FOUND;
		return ret_errno(0);
	}
	if (r > 0) {
		pack_dots(name, family, b, ret, buf);
		*herr = NETDB_SUCCESS;
		*result = ret;
		return ret_errno(0);
	}
	if (name_for_libc(name))
		return AR_LIBC;
	if (!files_room(buf, buflen))
		return erange(herr);
	if (!*name)
		return empty(herr);
	return by_name(name, family, ret, buf, buflen, result, herr, path);
}
