/* The services file, read as glibc's nss_files reads it for
 * getservbyname_r (files-service.c): "name port/proto alias...", '#'
 * starts a comment, the first line whose protocol and name (or an alias)
 * match, case and all, counts.  Parsed once for all the threads and
 * followed as it changes (follow.c), indexed by name. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "files.h"

/* One parse.  recs holds a record an entry, in the file's order: the
 * port (two bytes, host order), then the protocol, the name and the
 * aliases, each ended by a NUL, the last by two.  byname holds the
 * record's offset for its name and each alias. */
struct servfile {
	struct ar_snap snap;
	char *recs;
	size_t size;
	struct ar_table byname;
};

static void servfile_free(struct ar_snap *s)
{
	struct servfile *f = (struct servfile *)s;

	free(f->recs);
	table_free(&f->byname);
	free(f);
}

static int space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');   /* isspace, C locale */
}

/* STRING_FIELD: the field at *p up to a space, NUL-terminated; *p past
 * it and the spaces after it. */
static char *field(char **p)
{
	char *f = *p, *s = *p;

	while (*s && !space(*s))
		s++;
	if (*s) {
		*s++ = 0;
		while (space(*s))
			s++;
	}
	*p = s;
	return f;
}

static size_t put(char *out, const char *s)
{
	size_t l = strlen(s) + 1;

	memcpy(out, s, l);
	return l;
}

/* One line (NUL-terminated) as glibc's LINE_PARSER reads it, into a
 * record at out; its size, 0 when the line is no entry. */
static size_t put_line(char *out, char *p, size_t *nnames)
{
	char *name, *proto, *end, *hash;
	unsigned long port;
	size_t n = 2;

	while (space(*p))
		p++;
	if ((hash = strchr(p, '#')))
		*hash = 0;
	if (!*p)
		return 0;
	name = field(&p);
	/* INT_FIELD: strtoul base 0 (a sign, 0x and octal: 010 is 8, 028
	 * no entry), above 32 bits no entry (-1 is none), through htons
	 * (70000 is 4464) */
	port = strtoul(p, &end, 0);
	if (end == p || (*end != '/' && *end) || port > 0xffffffff)
		return 0;
	for (p = end; *p == '/'; p++)   /* glibc swallows them all */
		;
	proto = field(&p);
	out[0] = (char)(port >> 8);
	out[1] = (char)port;
	n += put(out + n, proto);
	n += put(out + n, name);
	++*nnames;
	while (*p) {   /* the aliases: parse_list, split by spaces */
		char *a = p;
		while (*p && !space(*p))
			p++;
		if (*p)
			*p++ = 0;
		if (*a) {
			n += put(out + n, a);
			++*nnames;
		}
	}
	out[n++] = 0;
	return n;
}

/* The text's lines (nss_line) into f->recs.  A record is at most 3 bytes
 * longer than its line. */
static int parse(struct servfile *f, char *text, size_t len, size_t *nnames)
{
	char *p, *stop = text + len, *fit;
	size_t maxlines = 1, pos = 0;

	for (p = text; (p = memchr(p, '\n', (size_t)(stop - p))); p++)
		maxlines++;
	if (len + 4 * maxlines + 1 > UINT32_MAX) {
		errno = EFBIG;
		return -1;
	}
	if (!(f->recs = malloc(len + 4 * maxlines + 1)))
		return -1;
	while ((p = nss_line(text, len, &pos)))
		f->size += put_line(f->recs + f->size, p, nnames);
	if ((fit = realloc(f->recs, f->size + 1)))
		f->recs = fit;
	return 0;
}

static int index_all(struct servfile *f, size_t nnames)
{
	if (table_init(&f->byname, nnames) < 0)
		return -1;
	for (size_t off = 0; off < f->size;) {
		const char *n = strs_next(f->recs + off + 2);
		for (; *n; n = strs_next(n))
			table_add(&f->byname, table_name_hash(n, strlen(n), 0), (uint32_t)off);
		off = (size_t)(n + 1 - f->recs);
	}
	return 0;
}

static struct ar_snap *load(const char *path, int exists, const struct stat *st)
{
	struct servfile *f = calloc(1, sizeof *f);
	size_t len = 0, nnames = 0;
	char *text = NULL;
	int e = 0;

	if (!f)
		return NULL;
	follow_snap_init(&f->snap, exists, st, servfile_free);
	if (exists && (!(text = follow_read(path, &len)) || parse(f, text, len, &nnames) < 0))
		e = errno ? errno : ENOMEM;
	free(text);
	if (!e && index_all(f, nnames) < 0)
		e = ENOMEM;
	return follow_snap_done(&f->snap, e);
}

/* Set once, by config_once. */
static const char *path = "/etc/services";
static int libc_only;
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

/* ARESOLV_SERVICES (the tests' own file), and whether nsswitch.conf
 * leaves services to libc (config.c reads it). */
static void read_config(void)
{
	const char *env = secure_getenv("ARESOLV_SERVICES");

	if (env && *env)
		path = env;
	libc_only = ar_config()->services_libc;
}

static const char *services_path(void)
{
	return path;
}

/* The services file's parse: its newest, guarded by follow.c. */
static struct ar_follow services = AR_FOLLOW(services_path, load);
static __thread struct ar_seen seen;

static int matches(const char *rec, const char *name, const char *proto)
{
	const char *n = strs_next(rec + 2);

	if (proto && strcmp(rec + 2, proto))
		return 0;
	for (; *n; n = strs_next(n))
		if (!strcmp(n, name))
			return 1;
	return 0;
}

int servfile_port(const char *name, const char *proto, int *port)
{
	struct servfile *f;
	uint32_t off, first = AR_NOENT, pos;
	int err = 0;

	pthread_once(&config_once, read_config);
	if (libc_only || !(f = (struct servfile *)follow_get(&services, &seen, &err)))
		return libc_only || err ? -1 : 0;
	/* the first record that matches, among those that share the
	 * name's probe sequence */
	pos = table_name_hash(name, strlen(name), 0);
	while ((off = table_next(&f->byname, &pos)) != AR_NOENT)
		if (off < first && matches(f->recs + off, name, proto))
			first = off;
	if (first == AR_NOENT)
		return 0;
	*port = (unsigned char)f->recs[first] << 8 | (unsigned char)f->recs[first + 1];
	return 1;
}
