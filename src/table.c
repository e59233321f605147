/* Open-addressing tables of 32-bit offsets (linear probing, never more
 * than half full, nothing ever removed): the indexes of the hosts and
 * services files.  A table knows only hashes; the caller tells the
 * entries of its key from the others that share its probe sequence. */
#include <stdlib.h>
#include <string.h>

#include "aresolv.h"

int table_init(struct ar_table *t, size_t n)
{
	size_t size = 8;

	while (size < 2 * n && size <= UINT32_MAX / 2)
		size *= 2;
	if (size < 2 * n || !(t->slot = malloc(size * sizeof *t->slot)))
		return -1;
	memset(t->slot, 0xff, size * sizeof *t->slot);   /* AR_NOENT */
	t->mask = (uint32_t)(size - 1);
	return 0;
}

void table_free(struct ar_table *t)
{
	free(t->slot);
	t->slot = NULL;
}

void table_add(struct ar_table *t, uint32_t hash, uint32_t off)
{
	uint32_t i = hash & t->mask;

	while (t->slot[i] != AR_NOENT)
		i = (i + 1) & t->mask;
	t->slot[i] = off;
}

uint32_t table_next(const struct ar_table *t, uint32_t *pos)
{
	uint32_t off = t->slot[*pos & t->mask];

	*pos = (*pos & t->mask) + 1;
	return off;
}

/* FNV-1a, then murmur3's finaliser: the table takes the low bits. */
static uint32_t mix(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	return h ^ (h >> 16);
}

uint32_t table_hash(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *b++) * 16777619u;
	return mix(h);
}

uint32_t table_name_hash(const char *s, int fold)
{
	uint32_t h = 2166136261u;
	unsigned char c;

	for (; (c = (unsigned char)*s); s++) {
		if (fold) {
			/* strcasecmp folds by the locale: bytes above 0x7f
			 * fold in Latin-1 locales, and I/i in Turkish ones
			 * fold to them, so none of those count here */
			if (c >= 0x80 || c == 'i' || c == 'I')
				continue;
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
		}
		h = (h ^ c) * 16777619u;
	}
	return mix(h);
}
