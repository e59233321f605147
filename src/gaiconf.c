/* /etc/gai.conf as glibc reads it: label, precedence and scopev4 lines
 * replace the built-in RFC 3484 tables; "reload yes" re-reads the file
 * when its modification time changes.
 *
 * Guard: conf_lock protects the current tables and the file's mtime; a
 * sort copies the tables it needs under the lock.  It is held across
 * fork() (forklock.c), so a child never finds it taken for good. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core.h"

#define GAICONF "/etc/gai.conf"

static const struct ar_prefix default_labels[] = {
	{ { [15] = 1 }, 128, 0 },
	{ { 0x20, 0x02 }, 16, 2 },
	{ { 0 }, 96, 3 },
	{ { [10] = 0xff, [11] = 0xff }, 96, 4 },
	{ { 0xfe, 0xc0 }, 10, 5 },
	{ { 0xfc }, 7, 6 },
	{ { 0x20, 0x01 }, 32, 7 },
	{ { 0 }, 0, 1 },
};
static const struct ar_prefix default_precedence[] = {
	{ { [15] = 1 }, 128, 50 },
	{ { 0x20, 0x02 }, 16, 30 },
	{ { 0 }, 96, 20 },
	{ { [10] = 0xff, [11] = 0xff }, 96, 10 },
	{ { 0 }, 0, 40 },
};
static const struct ar_scope default_scopes[] = {
	{ 0xa9fe0000u, 0xffff0000u, 2 },   /* 169.254/16 */
	{ 0x7f000000u, 0xff000000u, 2 },   /* 127/8 */
	{ 0, 0, 14 },
};

static pthread_mutex_t conf_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ar_gaiconf conf;
static int conf_loaded, conf_reload;
static struct timespec conf_mtime;

static int by_bits(const void *a, const void *b)
{
	const struct ar_prefix *x = a, *y = b;
	return (x->bits < y->bits) - (x->bits > y->bits);
}

static int by_mask(const void *a, const void *b)
{
	const struct ar_scope *x = a, *y = b;
	return (x->mask < y->mask) - (x->mask > y->mask);
}

static int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return !*s || *end || errno || *out > max ? -1 : 0;
}

static void add_prefix(struct ar_prefix *list, size_t *n, char *v1, const char *v2)
{
	char *slash = strchr(v1, '/');
	unsigned long bits = 128, val;
	unsigned char p[16];

	if (slash)
		*slash++ = 0;
	if (*n >= AR_MAXPOLICY || inet_pton(AF_INET6, v1, p) != 1 ||
	    (slash && parse_ulong(slash, 128, &bits)) || parse_ulong(v2, INT_MAX, &val))
		return;
	memcpy(list[*n].prefix, p, 16);
	list[*n].bits = (int)bits;
	list[(*n)++].val = (int)val;
}

static void add_scope(struct ar_gaiconf *c, char *v1, const char *v2)
{
	char *slash = strchr(v1, '/');
	unsigned long bits, val;
	unsigned char p[16];
	struct in_addr a4;
	uint32_t addr;

	if (slash)
		*slash++ = 0;
	if (c->nscopes >= AR_MAXPOLICY || parse_ulong(v2, INT_MAX, &val))
		return;
	if (inet_pton(AF_INET6, v1, p) == 1) {
		static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
		bits = 128;
		if (memcmp(p, mapped, 12) || (slash && parse_ulong(slash, 128, &bits)) || bits < 96)
			return;
		addr = (uint32_t)p[12] << 24 | (uint32_t)p[13] << 16 | (uint32_t)p[14] << 8 | p[15];
		bits -= 96;
	} else if (inet_pton(AF_INET, v1, &a4) == 1) {
		bits = 32;
		if (slash && parse_ulong(slash, 32, &bits))
			return;
		addr = ntohl(a4.s_addr);
	} else {
		return;
	}
	struct ar_scope *s = &c->scopes[c->nscopes++];
	s->mask = bits ? 0xffffffffu << (32 - bits) : 0;
	s->addr = addr & s->mask;
	s->scope = (int)val;
}

/* Appends the catch-all entry a configured list lacks, then sorts most
 * specific first, as glibc does. */
static void finish_prefixes(struct ar_prefix *list, size_t *n, int defval,
                            const struct ar_prefix *defaults, size_t ndefaults)
{
	size_t i;

	if (!*n) {
		memcpy(list, defaults, ndefaults * sizeof *list);
		*n = ndefaults;
		return;
	}
	for (i = 0; i < *n && list[i].bits; i++)
		;
	if (i == *n)
		list[(*n)++] = (struct ar_prefix){ { 0 }, 0, defval };
	qsort(list, *n, sizeof *list, by_bits);
}

static void load(struct ar_gaiconf *c, FILE *f)
{
	char line[1024];

	memset(c, 0, sizeof *c);
	conf_reload = 0;
	while (f && fgets(line, sizeof line, f)) {
		char *hash = strchr(line, '#'), *save, *cmd, *v1, *v2;
		if (hash)
			*hash = 0;
		if (!(cmd = strtok_r(line, " \t\r\n", &save)) || !(v1 = strtok_r(NULL, " \t\r\n", &save)))
			continue;
		v2 = strtok_r(NULL, " \t\r\n", &save);
		if (!strcmp(cmd, "reload"))
			conf_reload = !strcmp(v1, "yes");
		else if (!v2)
			continue;
		else if (!strcmp(cmd, "label"))
			add_prefix(c->labels, &c->nlabels, v1, v2);
		else if (!strcmp(cmd, "precedence"))
			add_prefix(c->precedence, &c->nprecedence, v1, v2);
		else if (!strcmp(cmd, "scopev4"))
			add_scope(c, v1, v2);
	}
	finish_prefixes(c->labels, &c->nlabels, 1, default_labels,
	                sizeof default_labels / sizeof default_labels[0]);
	finish_prefixes(c->precedence, &c->nprecedence, 40, default_precedence,
	                sizeof default_precedence / sizeof default_precedence[0]);
	if (!c->nscopes) {
		memcpy(c->scopes, default_scopes, sizeof default_scopes);
		c->nscopes = sizeof default_scopes / sizeof default_scopes[0];
	} else {
		size_t i;
		for (i = 0; i < c->nscopes && c->scopes[i].mask; i++)
			;
		if (i == c->nscopes)
			c->scopes[c->nscopes++] = (struct ar_scope){ 0, 0, 14 };
		qsort(c->scopes, c->nscopes, sizeof c->scopes[0], by_mask);
	}
}

/* Copies the tables in force into *out, reading the file the first time
 * and again when "reload yes" is set and the file changed. */
void gaiconf_get(struct ar_gaiconf *out)
{
	struct stat st;
	int have;

	forklock_add(&conf_lock);
	pthread_mutex_lock(&conf_lock);
	have = (!conf_loaded || conf_reload) && stat(GAICONF, &st) == 0;
	if (!conf_loaded || (conf_reload && (!have ||
	    st.st_mtim.tv_sec != conf_mtime.tv_sec || st.st_mtim.tv_nsec != conf_mtime.tv_nsec))) {
		FILE *f = have ? fopen(GAICONF, "re") : NULL;
		load(&conf, f);
		if (f)
			fclose(f);
		conf_mtime = have ? st.st_mtim : (struct timespec){ 0, 0 };
		conf_loaded = 1;
	}
	*out = conf;
	pthread_mutex_unlock(&conf_lock);
}
