/* resolv.conf, the one place aresolv opens and reads it, as glibc
 * 2.36's res_init reads it (res_vinit_1, res_setoptions): the search
 * list (LOCALDOMAIN over the file's "domain" and "search" lines, the
 * last one with a name winning, else the host name's domain), and the
 * options ndots:N, no-tld-query (or no_tld_query), timeout:N and
 * attempts:N from the file then RES_OPTIONS.  The list is the whole one
 * glibc's lookups walk, not _res's first MAXDNSRCH names in 256 bytes
 * (resstate.c takes those from glibc's own _res); glibc bounds it by
 * nothing, aresolv by AR_SEARCHBYTES (core.h).  c-ares reads the file
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
	if (s->used + len + 1 > sizeof s->names)
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

/* The list of the blank-separated names up to a newline, the first
 * starting at p even when it is empty: LOCALDOMAIN="" or " a" gives an
 * empty name first, as in glibc.  (A "domain" line: the first only.) */
static void set_list(struct ar_search *s, const char *p, int first_only)
{
	clear(s);
	for (;;) {
		size_t len = strcspn(p, " \t\n");
		add(s, p, len);
		p += len;
		p += strspn(p, " \t");
		if (first_only || !*p || *p == '\n')
			return;
	}
}

/* A "search" or "domain" line's first name; NULL when it has none:
 * glibc ignores the line. */
static const char *line_names(const char *p)
{
	p += strspn(p, " \t");
	return *p && *p != '\n' ? p : NULL;
}

/* The options aresolv follows, in a line of blank-separated words.  As
 * in glibc, a newline is no blank (in RES_OPTIONS, "ndots:2\nrotate" is
 * one word), and a word need only begin with an option's name. */
static void read_options(struct ar_resconf *rc, const char *p)
{
	for (; *p; p += strcspn(p, " \t")) {
		p += strspn(p, " \t");
		if (!strncmp(p, "ndots:", 6)) {
			int v = atoi(p + 6);
			/* _res.ndots is 4 bits wide: -1 is 15 */
			rc->search.ndots = v > MAXNDOTS ? MAXNDOTS : (int)((unsigned)v % 16);
		} else if (!strncmp(p, "timeout:", 8)) {
			int v = atoi(p + 8);
			rc->timeout_s = v > MAXRETRANS ? MAXRETRANS : v;
		} else if (!strncmp(p, "attempts:", 9)) {
			int v = atoi(p + 9);
			rc->attempts = v > MAXRETRY ? MAXRETRY : v;
		} else if (!strncmp(p, "no-tld-query", 12) || !strncmp(p, "no_tld_query", 12)) {
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
	const char *env = secure_getenv("LOCALDOMAIN"), *p;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	clear(s);
	s->ndots = 1;
	s->options = RES_DEFNAMES | RES_DNSRCH;
	rc->timeout_s = 5;   /* RES_TIMEOUT */
	rc->attempts = 2;    /* RES_DFLRETRY */
	if (env)
		set_list(s, env, 0);
	if ((f = fopen(path, "rce"))) {
		while (getline(&line, &cap, f) > 0) {
			if (!env && keyword(line, "domain") && (p = line_names(line + 6)))
				set_list(s, p, 1);
			else if (!env && keyword(line, "search") && (p = line_names(line + 6)))
				set_list(s, p, 0);
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
