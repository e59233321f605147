/* The search list, as glibc's __res_context_search walks it for
 * res_search and for every name lookup: the candidates a name stands
 * for, asked one by one through a function of the caller's, and the
 * error that is left when none answered. */
#include <ares.h>
#include <ctype.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core.h"
#include "dns.h"

/* A HOSTALIASES line's first word against name, as ns_samename compares
 * them: in any case, a trailing dot aside. */
static int same_name(const char *word, const char *name)
{
	size_t n = strlen(word);

	if (n > 1 && word[n - 1] == '.' && word[n - 2] != '\\')
		n--;
	return strlen(name) == n && !strncasecmp(word, name, n);
}

/* HOSTALIASES as glibc's res_hostalias reads it: the alias of a
 * one-label name is the second word of the first line whose first word
 * (from its first byte) names it; the file is read no further past a
 * line that ends after its first word, or a matching one with no alias.
 * Not with RES_NOALIASES, nor in setuid programs. */
static const char *host_alias(const char *name, unsigned options, char *buf, size_t size)
{
	const char *file = options & RES_NOALIASES ? NULL : secure_getenv("HOSTALIASES");
	char line[BUFSIZ], *p, *real;
	const char *found = NULL;
	FILE *f;

	if (!file || !(f = fopen(file, "rce")))
		return NULL;
	while (!found && fgets(line, sizeof line, f)) {
		for (p = line; *p && !isspace((unsigned char)*p); p++)
			;
		if (!*p)
			break;
		*p++ = 0;
		if (!same_name(line, name))
			continue;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		for (real = p; *p && !isspace((unsigned char)*p); p++)
			;
		*p = 0;
		snprintf(buf, size, "%s", real);
		found = buf;
	}
	fclose(f);
	return found;
}

/* name.domain; EBADNAME when too long (glibc: NO_RECOVERY). */
static int ask_in(const struct ar_asker *a, const char *name, const char *domain)
{
	char buf[MAXDNAME];
	size_t n = strlen(name), d = strlen(domain);

	if (n + d + 1 >= sizeof buf)
		return ARES_EBADNAME;
	memcpy(buf, name, n);
	buf[n] = '.';
	memcpy(buf + n + 1, domain, d + 1);
	return a->ask(a->arg, buf);
}

/* A candidate's status that lets the search list go on: NXDOMAIN,
 * NODATA, and SERVFAIL (a TRY_AGAIN whose reply said so). */
static int goes_on(int st)
{
	return st == ARES_ENOTFOUND || st == ARES_ENODATA || st == ARES_ESERVFAIL;
}

static int ends(int st)
{
	return st == ARES_SUCCESS || st == ARES_ECANCELLED;
}

/* glibc's __res_context_search: names with ndots dots or more, or a
 * trailing dot, are asked as they are first (and only, with the dot);
 * then the search list (RES_DEFNAMES for a name without dots,
 * RES_DNSRCH for one with; the first domain only without RES_DNSRCH);
 * then the name as it is, if not asked yet (RES_NOTLDQUERY: not when a
 * name without dots was searched).  The error of the as-is ask wins,
 * then NODATA, then SERVFAIL.  A refused connection ends it at once. */
int search_walk(const char *name, const struct ar_search *sl, const struct ar_asker *a)
{
	const char *d = sl->names;
	int dots = 0, trailing, as_is = 0, root = 0, searched = 0;
	int saved = -1, nodata = 0, servfail = 0, st = ARES_ENOTFOUND;
	unsigned o = sl->options;
	char alias[MAXDNAME];

	for (const char *p = name; *p; p++)
		dots += *p == '.';
	trailing = dots && name[strlen(name) - 1] == '.';
	if (!dots && host_alias(name, o, alias, sizeof alias))
		return a->ask(a->arg, alias);
	if (dots >= sl->ndots || trailing) {
		st = a->ask(a->arg, name);
		if (ends(st) || trailing)
			return st;
		saved = st;
		as_is = 1;
	}
	if ((!dots && (o & RES_DEFNAMES)) || (dots && !trailing && (o & RES_DNSRCH))) {
		for (int i = 0; i < sl->n; i++, d += strlen(d) + 1) {
			const char *dom = d + (*d == '.');
			searched = 1;
			root |= !*dom;
			st = ask_in(a, name, dom);
			if (ends(st) || st == ARES_ECONNREFUSED)
				return st;
			nodata |= st == ARES_ENODATA;
			servfail |= st == ARES_ESERVFAIL;
			if (!goes_on(st) || !(o & RES_DNSRCH))
				break;
		}
	}
	if ((dots || !searched || !(o & RES_NOTLDQUERY)) && !as_is && !root) {
		st = a->ask(a->arg, name);
		if (ends(st))
			return st;
	}
	if (saved != -1)
		return saved;
	if (nodata)
		return ARES_ENODATA;
	if (servfail)
		return ARES_ESERVFAIL;
	return st;
}
