/* gethostbyaddr_r as glibc 2.36 runs it: the unspecified address refused
 * up front, the hosts file's first matching line (a line only matches an
 * address given with exactly its family's length; from glibc 2.38 on an
 * IPv4 line matches its v4-mapped form too: hosts.c), then a PTR query by
 * glibc's DNS module, which unmaps v4-mapped and v4-compatible addresses,
 * refuses short ones and reports the length it was given. */
#include <ares.h>
#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "files.h"

static const unsigned char any6[16];

/* Before it reads a line, glibc's files module wants room for its
 * parser's data and 2 bytes more: a smaller buffer is ERANGE whatever the
 * address.  (What each line then needs is not modelled.) */
#define FILES_HEAD (16 + 2 * sizeof(char *) + 2)

static int files_room(size_t buflen)
{
	if (buflen >= FILES_HEAD)
		return 1;
	/* the module only runs when it can open the file */
	return !ar_config()->nss_files || access(ar_config()->hosts, R_OK);
}

static uintptr_t align_up(uintptr_t p, uintptr_t align)
{
	return (p + align - 1) & ~(align - 1);
}

/* The DNS module's layout (alloc_buffer): two address pointers first,
 * then the name, then the address at 4-byte alignment; no aliases.
 * With addr NULL only the pointers are reserved, as glibc does first. */
static int pack_ptr(const char *name, int family, const void *addr, size_t len,
                    struct hostent *he, char *buf, size_t buflen)
{
	uintptr_t at = align_up((uintptr_t)buf, alignof(char *));
	uintptr_t end = (uintptr_t)buf + buflen, a;
	size_t nlen;
	char **list;

	if (at > end || end - at < 2 * sizeof(char *))
		return ERANGE;
	if (!addr)
		return 0;
	list = (char **)at;
	at += 2 * sizeof(char *);
	nlen = strlen(name) + 1;
	a = align_up(at + nlen, 4);
	if (end - at < nlen || a > end || end - a < len)
		return ERANGE;
	memcpy((char *)at, name, nlen);
	memcpy((char *)a, addr, len);
	list[0] = (char *)a;
	list[1] = NULL;
	he->h_name = (char *)at;
	he->h_aliases = &list[1];
	he->h_addr_list = list;
	he->h_addrtype = family;
	he->h_length = (int)len;
	return 0;
}

/* ::ffff:a.b.c.d and ::a.b.c.d (not ::1), given as 16 bytes of AF_INET6,
 * are asked in in-addr.arpa and answered as AF_INET. */
static int unmap(const unsigned char *p, socklen_t len, struct ar_addr *a)
{
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const unsigned char one[4] = { 0, 0, 0, 1 };

	if (len != 16 || (memcmp(p, mapped, 12) &&
	                  (memcmp(p, any6, 12) || !memcmp(p + 12, one, 4))))
		return 0;
	a->family = AF_INET;
	memcpy(a->bytes, p + 12, 4);
	return 1;
}

/* 1 found (packed or ERANGE in *rc), 0 not in the file. */
static int by_hosts(const struct ar_addr *a, struct hostent *ret, char *buf,
                    size_t buflen, struct hostent **result, int *herr,
                    const char **path, int *rc)
{
	struct ar_answer ans;
	int r;

	answer_init(&ans);
	if (!ar_config()->nss_files || (r = hosts_by_addr(a, &ans)) == 0) {
		answer_clear(&ans);
		return 0;
	}
	*path = "hosts";
	if (r < 0) {
		int e = errno;
		answer_clear(&ans);
		*herr = NETDB_INTERNAL;
		*rc = ret_errno(e);
		return 1;
	}
	r = hostent_pack(&ans, a->family, ret, buf, buflen);
	answer_clear(&ans);
	if (r) {
		*rc = erange(herr);
		return 1;
	}
	/* glibc's files module leaves h_errnop alone on success */
	*result = ret;
	*rc = ret_errno(0);
	return 1;
}

static int by_dns(const unsigned char *p, socklen_t len, int type,
                  struct hostent *ret, char *buf, size_t buflen,
                  struct hostent **result, int *herr, const char **path)
{
	struct ar_answer ans;
	struct ar_addr a = { .family = type };
	size_t need = type == AF_INET ? 4 : 16;
	int st, r;

	if (!ar_config()->nss_dns) {
		*herr = HOST_NOT_FOUND;
		return ret_errno(0);
	}
	if (pack_ptr(NULL, type, NULL, 0, ret, buf, buflen))
		return erange(herr);
	if (type != AF_INET6 || !unmap(p, len, &a)) {
		if (len < need) {
			*herr = NETDB_INTERNAL;
			return ret_errno(EAFNOSUPPORT);
		}
		memcpy(a.bytes, p, need);
	}
	*path = "dns";
	answer_init(&ans);
	st = dns_by_addr(&a, &ans);
	if (st != ARES_SUCCESS) {
		answer_clear(&ans);
		/* res_query's verdict, in h_errno too; the module says NOTFOUND */
		*herr = h_errno = herrno_from_ares(st);
		return ret_errno(0);
	}
	if (a.family == type)
		r = pack_ptr(ans.name, type, p, len, ret, buf, buflen);
	else
		r = pack_ptr(ans.name, AF_INET, a.bytes, 4, ret, buf, buflen);
	answer_clear(&ans);
	if (r)
		return erange(herr);
	*herr = NETDB_SUCCESS;
	*result = ret;
	return ret_errno(0);
}

int ar_gethostbyaddr_r(const void *addr, socklen_t len, int type,
                       struct hostent *ret, char *buf, size_t buflen,
                       struct hostent **result, int *herr, const char **path)
{
	struct ar_addr a = { .family = type };
	int rc;

	*result = NULL;
	*path = "numeric";
	/* glibc's brings _res up to date first, even for :: (resstate.c) */
	if (type == AF_INET || type == AF_INET6)
		rstate_sync();
	/* glibc: 16 zero bytes are never looked up, whatever the type */
	if (addr && len == 16 && !memcmp(addr, any6, 16)) {
		*herr = HOST_NOT_FOUND;
		return ENOENT;
	}
	if (type != AF_INET && type != AF_INET6)
		return AR_LIBC;
	if (!addr && len) {
		*herr = NETDB_INTERNAL;   /* glibc would crash */
		return ret_errno(EINVAL);
	}
	if (!files_room(buflen))
		return erange(herr);
	if (len == (type == AF_INET ? 4 : 16)) {
		memcpy(a.bytes, addr, len);
		if (by_hosts(&a, ret, buf, buflen, result, herr, path, &rc))
			return rc;
	}
	return by_dns(addr, len, type, ret, buf, buflen, result, herr, path);
}
