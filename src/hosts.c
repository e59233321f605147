/* The hosts file, read with glibc's semantics: the first matching line
 * counts, or with host.conf's "multi on" every matching line for a name;
 * for an address always the first. */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aresolv.h"

/* One parsed line; names point into the cache's copy of the file. */
struct hostline {
	struct ar_addr addr;
	char **names;
	int nnames;
};

/* One parse of the file, never changed once made, shared by the threads
 * that read it; freed with its last reference. */
struct hostsfile {
	char *text;
	char **names;
	struct hostline *lines;
	size_t nlines;
	struct stat st;
	int exists;
	atomic_uint refs;
};

/* The newest parse, holding a reference of its own; guarded by `lock`.
 * Each thread holds a reference to the parse it reads (cache) and checks
 * the file against it (stat: device, inode, size, mtime) at most once a
 * second, as glibc checks resolv.conf.  Only when its parse is missing or
 * out of date does it take the lock, to adopt the shared parse, making it
 * first if the file changed since: lookups take no lock, and the file is
 * read once a change, not once a thread. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct hostsfile *shared;
static __thread struct hostsfile *cache;
static __thread uint64_t checked_us;

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void unref(struct hostsfile *h)
{
	if (!h || atomic_fetch_sub(&h->refs, 1) != 1)
		return;
	free(h->text);
	free(h->names);
	free(h->lines);
	free(h);
}

static void cache_free(void *p)
{
	unref(p);
}

void channel_pin(void);   /* channel.c: cache_free must stay mapped */

static void lock_take(void)
{
	pthread_mutex_lock(&lock);
}

static void lock_give(void)
{
	pthread_mutex_unlock(&lock);
}

static void cache_init(void)
{
	channel_pin();
	pthread_key_create(&cache_key, cache_free);
	/* a fork() while another thread holds the lock would leave it
	 * held in the child for good */
	pthread_atfork(lock_take, lock_give, lock_give);
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	       a->st_size == b->st_size && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL, *fit;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = (n + 4096) * 2);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r);
	fclose(f);
	buf[n] = 0;
	*len = n;
	/* the parse keeps the text for its life: give back the doubling's slack */
	fit = realloc(buf, n + 1);
	return fit ? fit : buf;
}

/* Splits the file into lines and fields in place, as nss_files reads it:
 * line by line (a NUL ends only its own line), fields split by any
 * isspace character. */
static int parse(struct hostsfile *h, size_t len)
{
	static const char blanks[] = " \t\r\v\f";
	size_t maxlines = 1, maxnames = len / 2 + 1, nn = 0;
	char *p, *end, *stop = h->text + len;

	for (p = h->text; p < stop; p++)
		maxlines += *p == '\n';
	h->lines = calloc(maxlines, sizeof *h->lines);
	h->names = calloc(maxnames, sizeof *h->names);
	if (!h->lines || !h->names)
		return -1;
	for (p = h->text; p < stop; p = end) {
		struct hostline *hl = &h->lines[h->nlines];
		char *f, *fsave, *hash;
		end = memchr(p, '\n', (size_t)(stop - p));
		end = end ? (*end = 0, end + 1) : stop;
		if ((hash = strchr(p, '#')))
			*hash = 0;
		if (!(f = strtok_r(p, blanks, &fsave)))
			continue;
		memset(&hl->addr, 0, sizeof hl->addr);
		if (inet_pton(AF_INET, f, hl->addr.bytes) == 1)
			hl->addr.family = AF_INET;
		else if (inet_pton(AF_INET6, f, hl->addr.bytes) == 1)
			hl->addr.family = AF_INET6;
		else
			continue;
		hl->names = &h->names[nn];
		while (nn < maxnames && (f = strtok_r(NULL, blanks, &fsave)))
			h->names[nn++] = f;
		hl->nnames = (int)(&h->names[nn] - hl->names);
		if (hl->nnames)
			h->nlines++;
	}
	return 0;
}

/* A new parse of the file, with one reference; NULL with errno set when
 * it could not be read or memory ran out. */
static struct hostsfile *load(const char *path, int exists, const struct stat *st)
{
	struct hostsfile *h = calloc(1, sizeof *h);
	size_t len = 0;

	if (!h)
		return NULL;
	h->exists = exists;
	h->st = *st;
	atomic_init(&h->refs, 1);
	if (exists && (!(h->text = read_all(path, &len)) || parse(h, len) < 0)) {
		int e = h->text ? ENOMEM : errno;
		unref(h);
		errno = e;
		return NULL;
	}
	return h;
}

static int current(const struct hostsfile *h, int exists, const struct stat *st)
{
	return h && exists == h->exists && (!exists || same_file(st, &h->st));
}

/* The parse this thread reads, NULL when there is none; *err set when
 * the file could not be read (errno says why). */
static struct hostsfile *hosts_get(int *err)
{
	uint64_t now = ar_now_us();
	const char *path = ar_config()->hosts;
	struct hostsfile *h;
	struct stat st = { 0 };
	int exists, cancel, e = 0;

	if (cache && now - checked_us < 1000000)
		return cache;
	exists = stat(path, &st) == 0;
	if (current(cache, exists, &st)) {
		checked_us = now;
		return cache;
	}
	pthread_once(&cache_once, cache_init);
	/* reading the file may be cancelled: not with the lock held */
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
	lock_take();
	if (!current(shared, exists, &st)) {
		if ((h = load(path, exists, &st))) {
			unref(shared);
			shared = h;
		} else {
			e = errno;
		}
	}
	/* a parse that could not be made again is kept until it can */
	if ((h = shared))
		atomic_fetch_add(&h->refs, 1);
	lock_give();
	pthread_setcancelstate(cancel, NULL);
	if (!h) {
		/* Out of descriptors or memory before the file was ever read:
		 * DNS alone could answer a name the file overrides.  glibc
		 * fails such a lookup (its DNS module can open no socket
		 * either). */
		if (e == EMFILE || e == ENFILE || e == ENOMEM) {
			errno = e;
			*err = 1;
		}
		return NULL;
	}
	unref(cache);
	cache = h;
	checked_us = now;
	pthread_setspecific(cache_key, cache);
	return cache;
}

/* The address as seen by a lookup of `family`; 0 when the line does not
 * serve that family.  For AF_INET glibc maps ::1 to 127.0.0.1 and
 * v4-mapped addresses to IPv4. */
static int addr_for(const struct ar_addr *in, int family, struct ar_addr *out)
{
	static const unsigned char loop6[16] = { [15] = 1 };
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const unsigned char loop4[4] = { 127, 0, 0, 1 };

	*out = *in;
	if (family == AF_UNSPEC || family == in->family)
		return 1;
	if (family == AF_INET && in->family == AF_INET6) {
		out->family = AF_INET;
		memset(out->bytes, 0, sizeof out->bytes);
		if (!memcmp(in->bytes, loop6, 16))
			memcpy(out->bytes, loop4, 4);
		else if (!memcmp(in->bytes, mapped, 12))
			memcpy(out->bytes, in->bytes + 12, 4);
		else
			return 0;
		return 1;
	}
	return 0;
}

static int has_name(const struct hostline *hl, const char *name)
{
	for (int i = 0; i < hl->nnames; i++)
		if (!strcasecmp(hl->names[i], name))
			return 1;
	return 0;
}

static int take_line(struct ar_answer *a, const struct hostline *hl)
{
	int i = 0;

	if (!a->name) {
		if (!(a->name = strdup(hl->names[0])))
			return -1;
		i = 1;
	}
	for (; i < hl->nnames; i++)
		if (answer_add_alias(a, hl->names[i]) < 0)
			return -1;
	return 0;
}

int hosts_by_name(const char *name, int family, struct ar_answer *a)
{
	struct hostsfile *h;
	struct ar_addr addr;
	int found = 0, err = 0;

	/* glibc: a name with a trailing dot never matches a hosts line */
	if (!*name || name[strlen(name) - 1] == '.')
		return 0;
	if (!(h = hosts_get(&err)))
		return err ? -1 : 0;
	for (size_t i = 0; i < h->nlines; i++) {
		const struct hostline *hl = &h->lines[i];
		if (!has_name(hl, name) || !addr_for(&hl->addr, family, &addr))
			continue;
		if (take_line(a, hl) < 0)
			return -1;
		answer_add_addr(a, addr.family, addr.bytes);
		found = 1;
		if (!ar_config()->multi)
			break;
	}
	if (found)
		a->source = "hosts";
	return found;
}

int hosts_by_addr(const struct ar_addr *want, struct ar_answer *a)
{
	int err = 0;
	struct hostsfile *h = hosts_get(&err);
	size_t len = want->family == AF_INET ? 4 : 16;

	if (err)
		return -1;
	for (size_t i = 0; h && i < h->nlines; i++) {
		const struct hostline *hl = &h->lines[i];
		if (hl->addr.family != want->family || memcmp(hl->addr.bytes, want->bytes, len))
			continue;
		if (take_line(a, hl) < 0)
			return -1;
		answer_add_addr(a, want->family, want->bytes);
		a->source = "hosts";
		return 1;
	}
	return 0;
}
