/* struct ar_answer: the result of one name or address lookup. */
#include <stdlib.h>
#include <string.h>

#include "core.h"

void answer_clear(struct ar_answer *a)
{
	size_t i;

	if (!a->name && !a->aliases && a->addrs == a->inl) {
		a->naddrs = 0;   /* a numeric answer: nothing to free */
		a->source = NULL;
		return;
	}
	free(a->name);
	for (i = 0; i < a->naliases; i++)
		free(a->aliases[i]);
	free(a->aliases);
	if (a->addrs != a->inl)
		free(a->addrs);
	answer_init(a);
}

/* Adds an alias unless it is already the name or an alias (glibc's
 * lists never repeat a name). */
int answer_add_alias(struct ar_answer *a, const char *alias)
{
	if (a->name && !strcasecmp(a->name, alias))
		return 0;
	for (size_t i = 0; i < a->naliases; i++)
		if (!strcasecmp(a->aliases[i], alias))
			return 0;
	return answer_push_alias(a, alias);
}

/* Adds a name at the end of the aliases as it is, repeats included (a
 * DNS answer's names, as nss_dns keeps them). */
int answer_push_alias(struct ar_answer *a, const char *alias)
{
	char **v = realloc(a->aliases, (a->naliases + 2) * sizeof *v);

	if (!v)
		return -1;
	a->aliases = v;
	if (!(v[a->naliases] = strdup(alias)))
		return -1;
	v[++a->naliases] = NULL;
	return 0;
}

/* Grows the address array: from the inline one (or none, in a zeroed
 * answer) to the heap, doubling. */
static int grow(struct ar_answer *a)
{
	size_t cap = a->cap >= AR_INLADDRS ? a->cap * 2 : AR_INLADDRS * 2;
	struct ar_addr *v;

	if (a->naddrs >= AR_MAXADDRS)
		return -1;
	if (a->addrs == a->inl) {
		if (!(v = malloc(cap * sizeof *v)))
			return -1;
		memcpy(v, a->inl, a->naddrs * sizeof *v);
	} else if (!(v = realloc(a->addrs, cap * sizeof *v))) {
		return -1;
	}
	a->addrs = v;
	a->cap = cap;
	return 0;
}

int answer_add_addr(struct ar_answer *a, int family, const void *bytes)
{
	struct ar_addr *d;

	if (a->naddrs >= a->cap && grow(a) < 0)
		return -1;
	d = &a->addrs[a->naddrs++];
	*d = (struct ar_addr){ .family = family };
	if (family == AF_INET)
		memcpy(d->bytes, bytes, 4);
	else
		memcpy(d->bytes, bytes, 16);
	return 0;
}
