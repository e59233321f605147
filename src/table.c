/* Open-addressing tables of 32-bit offsets (linear probing, never more
 * than half full, nothing ever removed): the indexes of the hosts and
 * services files.  A table knows only hashes; the caller tells the
 * entries of its key from the others that share its probe sequence. */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "files.h"

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

void table_touch(const struct ar_table *t, uint32_t hash)
{
	__builtin_prefetch(&t->slot[hash & t->mask], 1);
}

/* murmur3's finaliser: the table takes the low bits. */
static uint32_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return (uint32_t)(h ^ (h >> 33));
}

#define ONES 0x0101010101010101ull
#define HIGH (0x80 * ONES)

/* Bit 7 set in each byte of x that is zero. */
static uint64_t zero_bytes(uint64_t x)
{
	return ~(((x & ~HIGH) + ~HIGH) | x) & HIGH;
}

/* Eight bytes as strcasecmp compares them, in any locale: A-Z as a-z;
 * bytes above 0x7f, which fold in Latin-1 locales, and I/i, which fold
 * to them in Turkish ones, all as 0x80. */
static uint64_t fold8(uint64_t x)
{
	uint64_t lo = x & ~HIGH, odd = x & HIGH;
	uint64_t upper = (lo + (0x80 - 'A') * ONES) & ~(lo + (0x80 - 'Z' - 1) * ONES) & ~odd & HIGH;

	x |= upper >> 2;
	odd |= zero_bytes(x ^ ('i' * ONES));
	return (x & ~((odd >> 7) * 0xff)) | odd;
}

static uint64_t step(uint64_t h, uint64_t w, int fold)
{
	h = (h ^ (fold ? fold8(w) : w)) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

/* Eight bytes at a time, then the finaliser; n bytes at p. */
static uint32_t hash_words(const void *p, size_t n, int fold)
{
	const unsigned char *b = p;
	uint64_t h = n * 0x9e3779b97f4a7c15ull, w = 0;

	for (; n >= 8; b += 8, n -= 8) {
		memcpy(&w, b, 8);
		h = step(h, w, fold);
	}
	if (n) {
		for (w = 0; n--;)
			w = w << 8 | b[n];
		h = step(h, w, fold);
	}
	return mix(h);
}

uint32_t table_hash(const void *p, size_t n)
{
	return hash_words(p, n, 0);
}

uint32_t table_name_hash(const char *s, size_t n, int fold)
{
	return hash_words(s, n, fold);
}
