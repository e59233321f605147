/* struct hostent packed into a caller's buffer, as the _r functions do. */
#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "core.h"

struct packer {
	char *p, *end;
};

static void *take(struct packer *k, size_t size, size_t align)
{
	uintptr_t at = ((uintptr_t)k->p + align - 1) & ~(uintptr_t)(align - 1);

	if (at > (uintptr_t)k->end || size > (uintptr_t)k->end - at)
		return NULL;
	k->p = (char *)at + size;
	return (void *)at;
}

static char *take_str(struct packer *k, const char *s)
{
	size_t len = strlen(s) + 1;
	char *d = take(k, len, 1);

	if (d)
		memcpy(d, s, len);
	return d;
}

/* Returns 0, or ERANGE when buf is too small; only addresses of `family`
 * are packed. */
int hostent_pack(const struct ar_answer *a, int family, struct hostent *he,
                 char *buf, size_t buflen)
{
	struct packer k = { buf, buf + buflen };
	size_t alen = family == AF_INET ? 4 : 16, naddr = 0, i, j;
	char **aliases, **list;

	for (i = 0; i < a->naddrs; i++)
		naddr += a->addrs[i].family == family;
	list = take(&k, (naddr + 1) * sizeof *list, alignof(char *));
	aliases = take(&k, (a->naliases + 1) * sizeof *aliases, alignof(char *));
	if (!list || !aliases)
		return ERANGE;
	for (i = j = 0; i < a->naddrs; i++) {
		if (a->addrs[i].family != family)
			continue;
		if (!(list[j] = take(&k, alen, 4)))
			return ERANGE;
		memcpy(list[j++], a->addrs[i].bytes, alen);
	}
	list[j] = NULL;
	for (i = 0; i < a->naliases; i++)
		if (!(aliases[i] = take_str(&k, a->aliases[i])))
			return ERANGE;
	aliases[i] = NULL;
	if (!(he->h_name = take_str(&k, a->name ? a->name : "")))
		return ERANGE;
	he->h_aliases = aliases;
	he->h_addr_list = list;
	he->h_addrtype = family;
	he->h_length = (int)alen;
	return 0;
}

int ret_errno(int rc)
{
	errno = rc;
	return rc;
}

int erange(int *herr)
{
	*herr = NETDB_INTERNAL;
	return ret_errno(ERANGE);
}
