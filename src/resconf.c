/* resolv.conf, the one place aresolv opens and reads it, as glibc's
 * res_init reads it: the search list (LOCALDOMAIN over the file's
 * "domain" and "search" lines, the last one winning, else the host name's
 * domain), and the options ndots:N, no-tld-query, timeout:N and
 * attempts:N from the file then RES_OPTIONS.  The list is kept as glibc
 * keeps it in _res: at most 6 names in 256 bytes.  c-ares reads the file
 * for its servers, but 1.34 no longer tells what it read
 * (ares_save_options returns only what was set through it). */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

#define MAXNDOTS 15   /* RES_MAXNDOTS */
#define MAXRETRANS 30 /* RES_MAXRETRANS: timeout's bound */
#define MAXRETRY 5    /* RES_MAXRETRY: attempts' bound */

static void add(struct ar_search *s, const char *name, size_t len)
{
	if (s->n >= AR_MAXSEARCH || s->used + len + 1 > sizeof s->names)
		s->full = 1;
	if (s->full)
		return;
	memcpy(s->names + s->used, name, len);
	s->used += len;
	s->names[s->used++] = 0;
	s->n++;
}

static void clear(struct ar_search *s)
{
	s->n = 0;
	s->used = 0;
	s->full = 0;
}

/* Blank-separated names up to the end of the line (a "domain" line:
 * the first only). */
static void add_names(struct ar_search *s, const char *p, int first_only)
{
	clear(s);
	for (;;) {
		size_t len;
		p += strspn(p, " \t");
		len = strcspn(p, " \t\n");
		if (!len)
			return;
		add(s, p, len);
		if (first_only)
			return;
		p += len;
	}
}

/* The options aresolv follows, in a line of blank-separated words */
static void read_options(struct ar_resconf *rc, const char *p)
{
	for (; *p; p += strcspn(p, " \t\n")) {
		p += strspn(p, " \t\n");
		if (!strncmp(p, "ndots:", 6)) {
			int v = atoi(p + 6);
			rc->search.ndots = v > MAXNDOTS ? MAXNDOTS : v;
		} else if (!strncmp(p, "timeout:", 8)) {
			int v = atoi(p + 8);
			rc->timeout_s = v > MAXRETRANS ? MAXRETRANS : v;
		} else if (!strncmp(p, "attempts:", 9)) {
			int v = atoi(p + 9);
			rc->attempts = v > MAXRETRY ? MAXRETRY : v;
		} else if (!strncmp(p, "no-tld-query", 12) && strchr(" \t\n", p[12])) {
			rc->search.options |= RES_NOTLDQUERY;
		}
	}
}

static int keyword(const char *line, const char *word)
{
	size_t n = strlen(word);
	return !strncmp(line, word, n) && (line[n] == ' ' || line[n] == '\t');
}

void resconf_read(const char *path, struct ar_resconf *rc)
{
	struct ar_search *s = &rc->search;
	const char *env = secure_getenv("LOCALDOMAIN");
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	clear(s);
	s->ndots = 1;
	s->options = RES_DEFNAMES | RES_DNSRCH;
	rc->timeout_s = 5;   /* RES_TIMEOUT */
	rc->attempts = 2;    /* RES_DFLRETRY */
	if (env)
		add_names(s, env, 0);
	if ((f = fopen(path, "rce"))) {
		while (getline(&line, &cap, f) > 0) {
			if (!env && keyword(line, "domain"))
				add_names(s, line + 6, 1);
			else if (!env && keyword(line, "search"))
				add_names(s, line + 6, 0);
			else if (keyword(line, "options"))
				read_options(rc, line + 7);
		}
		free(line);
		fclose(f);
	}
	if ((env = secure_getenv("RES_OPTIONS")))
		read_options(rc, env);
}

void resconf_search(const char *path, struct ar_search *s)
{
	struct ar_resconf rc;

	resconf_read(path, &rc);
	*s = rc.search;
	if (!s->n) {
		char host[256], *dot;
		host[sizeof host - 1] = 0;
		if (!gethostname(host, sizeof host - 1) && (dot = strchr(host, '.')))
			add(s, dot + 1, strlen(dot + 1));
	}
}

/* c-ares takes an unreadable resolv.conf for a missing one and keeps its
 * defaults for good; glibc fails the lookup (EMFILE) and reads the file
 * on the next one. */
int resconf_unreadable(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return errno == EMFILE || errno == ENFILE || errno == ENOMEM;
}
