/* The hosts file, read with glibc's semantics: the first matching line
 * counts, or with host.conf's "multi on" every matching line for a name;
 * for an address always the first.  The file is parsed once for all the
 * threads (follow.c) into one block of records, indexed by name and by
 * address. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "files.h"

/* One parse.  recs holds a record a line that has an address and a name,
 * in the file's order: the family (one byte), the address (4 or 16
 * bytes), then the names, each ended by a NUL, the last by two.  byname
 * holds each name's record offset, byaddr the first record of each
 * address. */
struct hostsfile {
	struct ar_snap snap;
	char *recs;
	size_t size;
	struct ar_table byname, byaddr;
};

static size_t alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

static const char *rec_names(const char *rec)
{
	return rec + 1 + alen(rec[0]);
}

static void hosts_free(struct ar_snap *s)
{
	struct hostsfile *h = (struct hostsfile *)s;

	free(h->recs);
	table_free(&h->byname);
	table_free(&h->byaddr);
	free(h);
}

/* How nss_files splits a line: fields of anything else, split by any
 * isspace character, up to the end or a '#'. */
enum { WORD, BLANK, END };
static const unsigned char kind[256] = {
	[0] = END, ['#'] = END,
	[' '] = BLANK, ['\t'] = BLANK, ['\r'] = BLANK, ['\v'] = BLANK, ['\f'] = BLANK,
};

static char *skip_blanks(char *p)
{
	while (kind[(unsigned char)*p] == BLANK)
		p++;
	return p;
}

/* One line (NUL-terminated) as nss_files reads it into a record at out;
 * its size, 0 when the line is no entry. */
static size_t put_line(char *out, char *line, size_t *nnames)
{
	unsigned char a[16];
	char *p = skip_blanks(line), *f = p, c;
	size_t n, start, k = 0;
	int family;

	while (kind[(unsigned char)*p] == WORD)
		p++;
	c = *p;
	*p = 0;
	if (inet_pton(AF_INET, f, a) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, f, a) == 1)
		family = AF_INET6;
	else
		return 0;
	n = start = 1 + alen(family);
	for (*p = c; kind[(unsigned char)*(p = skip_blanks(p))] == WORD; k++) {
		while (kind[(unsigned char)*p] == WORD)
			out[n++] = *p++;
		out[n++] = 0;
	}
	if (!k)
		return 0;
	out[0] = (char)family;
	memcpy(out + 1, a, alen(family));
	out[n++] = 0;
	*nnames += k;
	return n;
}

/* The text's lines (nss_line) into h->recs, which grows as it must (a
 * record is at most 17 bytes longer than its line, and most are
 * shorter). */
static int parse(struct hostsfile *h, char *text, size_t len, size_t *nnames, size_t *nlines)
{
	size_t cap = len + len / 16 + 64, pos = 0, n;
	char *p, *more;

	if (!(h->recs = malloc(cap)))
		return -1;
	while ((p = nss_line(text, len, &pos))) {
		if (cap - h->size < (size_t)(text + pos - p) + 18) {
			cap = cap * 2 > UINT32_MAX ? UINT32_MAX : cap * 2;
			if (cap - h->size < (size_t)(text + pos - p) + 18) {
				errno = EFBIG;   /* offsets are 32 bits */
				return -1;
			}
			if (!(more = realloc(h->recs, cap)))
				return -1;
			h->recs = more;
		}
		if ((n = put_line(h->recs + h->size, p, nnames))) {
			h->size += n;
			++*nlines;
		}
	}
	/* the parse is kept for its life: give back what was not used */
	if ((more = realloc(h->recs, h->size + 1)))
		h->recs = more;
	return 0;
}

static uint32_t addr_hash(const char *rec)
{
	return table_hash(rec, 1 + alen(rec[0]));
}

static const char *addr_find(const struct hostsfile *h, const char *key)
{
	uint32_t off, pos = addr_hash(key);

	while ((off = table_next(&h->byaddr, &pos)) != AR_NOENT)
		if (h->recs[off] == key[0] && !memcmp(h->recs + off + 1, key + 1, alen(key[0])))
			return h->recs + off;
	return NULL;
}

/* The names' slots are fetched a batch ahead: the table is megabytes for
 * a long file, and a slot a miss. */
#define BATCH 16

static int index_all(struct hostsfile *h, size_t nnames, size_t nlines)
{
	uint32_t hash[BATCH], off[BATCH];
	size_t n = 0;

	if (table_init(&h->byname, nnames) < 0 || table_init(&h->byaddr, nlines) < 0)
		return -1;
	for (size_t at = 0; at < h->size;) {
		const char *rec = h->recs + at, *name = rec_names(rec);
		for (size_t l; (l = strlen(name)); name += l + 1) {
			if (n == BATCH)
				for (; n; n--)
					table_add(&h->byname, hash[BATCH - n], off[BATCH - n]);
			hash[n] = table_name_hash(name, l, 1);
			off[n] = (uint32_t)at;
			table_touch(&h->byname, hash[n++]);
		}
		if (!addr_find(h, rec))
			table_add(&h->byaddr, addr_hash(rec), (uint32_t)at);
		at = (size_t)(name + 1 - h->recs);
	}
	for (size_t i = 0; i < n; i++)
		table_add(&h->byname, hash[i], off[i]);
	return 0;
}

/* A new parse of the file, with one reference; NULL with errno set when
 * it could not be read or memory ran out. */
static struct ar_snap *load(const char *path, int exists, const struct stat *st)
{
	struct hostsfile *h = calloc(1, sizeof *h);
	size_t len = 0, nnames = 0, nlines = 0;
	char *text = NULL;
	int e = 0;

	if (!h)
		return NULL;
	follow_snap_init(&h->snap, exists, st, hosts_free);
	if (exists && (!(text = follow_read(path, &len)) ||
	               parse(h, text, len, &nnames, &nlines) < 0 || index_all(h, nnames, nlines) < 0))
		e = errno ? errno : ENOMEM;
	free(text);
	if (!exists && (table_init(&h->byname, 0) < 0 || table_init(&h->byaddr, 0) < 0))
		e = ENOMEM;
	return follow_snap_done(&h->snap, e);
}

static const char *hosts_path(void)
{
	return ar_config()->hosts;
}

/* The hosts file's parse: its newest, guarded by follow.c. */
static struct ar_follow hosts = AR_FOLLOW(hosts_path, load);
static __thread struct ar_seen seen;

/* The record's address as seen by a lookup of `family`; 0 when the line
 * does not serve that family.  For AF_INET glibc maps ::1 to 127.0.0.1
 * and v4-mapped addresses to IPv4. */
static int addr_for(const char *rec, int family, struct ar_addr *out)
{
	static const unsigned char loop6[16] = { [15] = 1 };
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const unsigned char loop4[4] = { 127, 0, 0, 1 };
	const unsigned char *b = (const unsigned char *)rec + 1;

	memset(out, 0, sizeof *out);
	out->family = rec[0];
	memcpy(out->bytes, b, alen(out->family));
	if (family == AF_UNSPEC || family == out->family)
		return 1;
	if (family == AF_INET && out->family == AF_INET6) {
		out->family = AF_INET;
		memset(out->bytes, 0, sizeof out->bytes);
		if (!memcmp(b, loop6, 16))
			memcpy(out->bytes, loop4, 4);
		else if (!memcmp(b, mapped, 12))
			memcpy(out->bytes, b + 12, 4);
		else
			return 0;
		return 1;
	}
	return 0;
}

static int has_name(const char *rec, const char *name)
{
	for (const char *n = rec_names(rec); *n; n = strs_next(n))
		if (!strcasecmp(n, name))
			return 1;
	return 0;
}

static int take_line(struct ar_answer *a, const char *rec)
{
	const char *n = rec_names(rec);

	if (!a->name) {
		if (!(a->name = strdup(n)))
			return -1;
		n = strs_next(n);
	}
	for (; *n; n = strs_next(n))
		if (answer_add_alias(a, n) < 0)
			return -1;
	return 0;
}

static int by_offset(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The records that hold name, in the file's order, once each (a record
 * is in the table once a name); *n of them, in *found or on the heap. */
static uint32_t *lines_of(const struct hostsfile *h, const char *name, uint32_t *found,
                          size_t *n)
{
	uint32_t off, pos = table_name_hash(name, strlen(name), 1), *all = found, *more;
	size_t cap = *n, k = 0;

	*n = 0;
	while ((off = table_next(&h->byname, &pos)) != AR_NOENT) {
		if (!has_name(h->recs + off, name))
			continue;
		if (*n == cap) {
			more = realloc(all == found ? NULL : all, 2 * cap * sizeof *all);
			if (!more) {
				if (all != found)
					free(all);
				return NULL;
			}
			if (all == found)
				memcpy(more, found, cap * sizeof *all);
			all = more;
			cap *= 2;
		}
		all[(*n)++] = off;
	}
	if (*n > 1)
		qsort(all, *n, sizeof *all, by_offset);
	for (size_t i = 0; i < *n; i++)
		if (!k || all[k - 1] != all[i])
			all[k++] = all[i];
	*n = k;
	return all;
}

int hosts_by_name(const char *name, int family, struct ar_answer *a)
{
	struct hostsfile *h;
	struct ar_addr addr;
	uint32_t some[16], *recs;
	size_t n = sizeof some / sizeof *some;
	int found = 0, err = 0, r = 0;

	/* glibc: a name with a trailing dot never matches a hosts line */
	if (!*name || name[strlen(name) - 1] == '.')
		return 0;
	if (!(h = (struct hostsfile *)follow_get(&hosts, &seen, &err)))
		return err ? -1 : 0;
	if (!(recs = lines_of(h, name, some, &n)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *rec = h->recs + recs[i];
		if (!addr_for(rec, family, &addr))
			continue;
		if ((r = take_line(a, rec)) < 0)
			break;
		answer_add_addr(a, addr.family, addr.bytes);
		found = 1;
		if (!ar_config()->multi)
			break;
	}
	if (recs != some)
		free(recs);
	if (r < 0)
		return -1;
	if (found)
		a->source = "hosts";
	return found;
}

/* The first line whose address, as nss_files reads it for a lookup of
 * want's family, is want: for AF_INET a v4-mapped line's IPv4 address,
 * and ::1's 127.0.0.1; for AF_INET6 an IPv4 line's v4-mapped form, from
 * glibc 2.38 on.  NULL when none is. */
static const char *first_by_addr(const struct hostsfile *h, const struct ar_addr *want)
{
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const unsigned char loop4[4] = { 127, 0, 0, 1 };
	char keys[3][17];
	const char *rec, *first = NULL;
	int n = 1;

	keys[0][0] = (char)want->family;
	memcpy(keys[0] + 1, want->bytes, alen(want->family));
	if (want->family == AF_INET) {
		keys[n][0] = AF_INET6;
		memcpy(keys[n] + 1, mapped, 12);
		memcpy(keys[n++] + 13, want->bytes, 4);
		if (!memcmp(want->bytes, loop4, 4)) {
			keys[n][0] = AF_INET6;
			memset(keys[n] + 1, 0, 16);
			keys[n++][16] = 1;
		}
	} else if (!memcmp(want->bytes, mapped, 12) && libc_hosts_mapped()) {
		keys[n][0] = AF_INET;
		memcpy(keys[n++] + 1, want->bytes + 12, 4);
	}
	for (int i = 0; i < n; i++)
		if ((rec = addr_find(h, keys[i])) && (!first || rec < first))
			first = rec;
	return first;
}

int hosts_by_addr(const struct ar_addr *want, struct ar_answer *a)
{
	int err = 0;
	struct hostsfile *h = (struct hostsfile *)follow_get(&hosts, &seen, &err);
	const char *rec;

	if (err)
		return -1;
	if (!h)
		return 0;
	if (!(rec = first_by_addr(h, want)))
		return 0;
	if (take_line(a, rec) < 0)
		return -1;
	answer_add_addr(a, want->family, want->bytes);
	a->source = "hosts";
	return 1;
}
