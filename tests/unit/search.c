/* search_walk: the names a lookup asks and the status it ends with, as
 * glibc 2.36's __res_context_search (resolv/res_query.c) walks the
 * search list.  The asker records each name and answers from a script:
 * "not found" (NXDOMAIN) unless the script says otherwise. */
#include <ares.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "dns.h"
#include "tap.h"

#define DEF (RES_DEFNAMES | RES_DNSRCH)   /* glibc's default options */

struct script {
	const char *answers;   /* "name=STATUS ..." */
	char asked[4096];      /* the names asked, blank-separated */
	int n;
};

static int status_of(const char *s)
{
	static const struct { const char *name; int st; } t[] = {
		{ "OK", ARES_SUCCESS }, { "NX", ARES_ENOTFOUND }, { "NODATA", ARES_ENODATA },
		{ "SERVFAIL", ARES_ESERVFAIL }, { "TIMEOUT", ARES_ETIMEOUT },
		{ "REFUSED", ARES_EREFUSED }, { "CONNREFUSED", ARES_ECONNREFUSED },
		{ "CANCELLED", ARES_ECANCELLED },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(s, t[i].name))
			return t[i].st;
	printf("# unknown status in the test: %s\n", s);
	return ARES_ENOTFOUND;
}

static int ask(void *arg, const char *name)
{
	struct script *s = arg;
	char copy[1024], *save, *w;

	if (s->n++)
		strncat(s->asked, " ", sizeof s->asked - strlen(s->asked) - 1);
	strncat(s->asked, name, sizeof s->asked - strlen(s->asked) - 1);
	snprintf(copy, sizeof copy, "%s", s->answers ? s->answers : "");
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		char *eq = strrchr(w, '=');
		*eq = 0;
		if (!strcmp(w, name))
			return status_of(eq + 1);
	}
	return ARES_ENOTFOUND;
}

/* The search list from comma-separated domains ("" one empty name, NULL
 * none), as resconf.c keeps it. */
static void list_of(struct ar_search *sl, const char *domains, int ndots, unsigned options)
{
	memset(sl, 0, sizeof *sl);
	sl->ndots = ndots;
	sl->options = options;
	if (!domains)
		return;
	for (const char *p = domains;; p++) {
		size_t len = strcspn(p, ",");
		memcpy(sl->names + sl->used, p, len);
		sl->used += len;
		sl->names[sl->used++] = 0;
		sl->n++;
		p += len;
		if (!*p)
			break;
	}
}

static int last_status;

/* The names search_walk asks for name, blank-separated; its status in
 * last_status. */
static const char *walk(const char *name, const char *domains, int ndots, unsigned options,
                        const char *answers)
{
	static struct script s;
	struct ar_search sl;
	struct ar_asker a = { ask, &s };

	memset(&s, 0, sizeof s);
	s.answers = answers;
	list_of(&sl, domains, ndots, options);
	last_status = search_walk(name, &sl, &a);
	return s.asked;
}

#define AB "a.example,b.example"

int main(void)
{
	char tmp[] = "/tmp/aresolv-search-XXXXXX";

	unsetenv("HOSTALIASES");

	/* Fewer dots than ndots: each domain, then the name as it is. */
	is_str(walk("www", AB, 1, DEF, NULL), "www.a.example www.b.example www",
	       "ndots 1, no dot: domains first, as is last");
	is_int(last_status, ARES_ENOTFOUND, "all NXDOMAIN: not found");
	is_str(walk("www.sub", AB, 2, DEF, NULL), "www.sub.a.example www.sub.b.example www.sub",
	       "ndots 2, one dot: domains first, as is last");
	is_str(walk("srv.sub", "aresolv.test", 2, DEF, NULL), "srv.sub.aresolv.test srv.sub",
	       "corpus srv.sub --dnsrch aresolv.test --ndots 2");
	/* ndots dots or more: as is first, then each domain, not again. */
	is_str(walk("www.sub", AB, 1, DEF, NULL), "www.sub www.sub.a.example www.sub.b.example",
	       "ndots 1, one dot: as is first, then the domains");
	is_str(walk("a.b.c", AB, 2, DEF, NULL), "a.b.c a.b.c.a.example a.b.c.b.example",
	       "ndots 2, two dots: as is first");
	is_str(walk("srv.sub", "aresolv.test", 1, DEF, NULL), "srv.sub srv.sub.aresolv.test",
	       "corpus srv.sub --dnsrch aresolv.test --ndots 1");
	is_str(walk("srv", "sub.aresolv.test", 0, DEF, NULL), "srv srv.sub.aresolv.test",
	       "corpus srv --ndots 0: even a single label as is first");
	is_int(last_status, ARES_ENOTFOUND, "as is first, then NXDOMAIN everywhere: not found");

	/* A trailing dot: as is only, whatever ndots. */
	is_str(walk("www.", AB, 1, DEF, NULL), "www.", "trailing dot: as is only");
	is_str(walk("www.sub.", AB, 5, DEF, NULL), "www.sub.", "trailing dot, ndots 5: as is only");
	is_str(walk("www.", AB, 1, DEF, "www.=NODATA"), "www.", "trailing dot, NODATA: no search");
	is_int(last_status, ARES_ENODATA, "trailing dot: its own status");

	/* No search list. */
	is_str(walk("www", NULL, 1, DEF, NULL), "www", "no search list, one label: as is");
	is_str(walk("www.sub", NULL, 1, DEF, NULL), "www.sub", "no search list, dotted: as is, once");
	is_str(walk("www.sub", NULL, 2, DEF, NULL), "www.sub", "no search list, under ndots: as is, once");

	/* The first answer ends the walk. */
	is_str(walk("www", AB, 1, DEF, "www.b.example=OK"), "www.a.example www.b.example",
	       "found in the second domain: stops there");
	is_int(last_status, ARES_SUCCESS, "found");
	is_str(walk("www", AB, 1, DEF, "www.a.example=OK"), "www.a.example",
	       "found in the first domain: one question");
	is_str(walk("www.sub", AB, 1, DEF, "www.sub=OK"), "www.sub", "found as is first: no search");
	is_str(walk("www", AB, 1, DEF, "www=OK"), "www.a.example www.b.example www", "found as is last");
	is_int(last_status, ARES_SUCCESS, "found as is");

	/* Options: RES_DEFNAMES searches names without a dot, RES_DNSRCH
	 * dotted ones and the whole list (without it, the first domain
	 * only); RES_NOTLDQUERY drops the last as-is of a dotless name. */
	is_str(walk("www", AB, 1, RES_DNSRCH, NULL), "www", "no DEFNAMES: a single label as is only");
	is_str(walk("www.sub", AB, 2, RES_DEFNAMES, NULL), "www.sub", "no DNSRCH: a dotted name as is only");
	is_str(walk("www", AB, 1, RES_DEFNAMES, NULL), "www.a.example www",
	       "DEFNAMES without DNSRCH: the first domain only");
	is_str(walk("www", AB, 1, DEF | RES_NOTLDQUERY, NULL), "www.a.example www.b.example",
	       "NOTLDQUERY: a searched single label is not asked as is");
	is_int(last_status, ARES_ENOTFOUND, "NOTLDQUERY: not found");
	is_str(walk("www", NULL, 1, DEF | RES_NOTLDQUERY, NULL), "www",
	       "NOTLDQUERY, nothing searched: as is");
	is_str(walk("www.sub", AB, 2, DEF | RES_NOTLDQUERY, NULL),
	       "www.sub.a.example www.sub.b.example www.sub", "NOTLDQUERY: a dotted name still as is");

	/* The root in the list ("." or an empty name) asks name. and stands
	 * for the as-is question. */
	is_str(walk("www", ".", 1, DEF, NULL), "www.", "corpus www --dnsrch .: www. only");
	is_str(walk("srv", "", 1, DEF, NULL), "srv.", "corpus srv --dnsrch \"\": srv. only");
	is_str(walk("www", "a.example,.", 1, DEF, NULL), "www.a.example www.",
	       "root last in the list: no as-is after it");
	is_str(walk("www", ".a.example", 1, DEF, NULL), "www.a.example www",
	       "a leading dot on a domain is dropped");

	/* Errors in the search list: NXDOMAIN, NODATA and SERVFAIL go on;
	 * any other stops the list but the as-is question is still asked;
	 * a refused connection ends everything.  The status: the first
	 * as-is question's, else NODATA, else SERVFAIL, else the last. */
	is_str(walk("www", AB, 1, DEF, "www.a.example=NODATA"), "www.a.example www.b.example www",
	       "NODATA goes on");
	is_int(last_status, ARES_ENODATA, "NODATA remembered over later NXDOMAINs");
	is_str(walk("www", AB, 1, DEF, "www.a.example=SERVFAIL"), "www.a.example www.b.example www",
	       "SERVFAIL goes on");
	is_int(last_status, ARES_ESERVFAIL, "SERVFAIL remembered (TRY_AGAIN)");
	walk("www", AB, 1, DEF, "www.a.example=SERVFAIL www.b.example=NODATA");
	is_int(last_status, ARES_ENODATA, "NODATA wins over SERVFAIL");
	is_str(walk("www", AB, 1, DEF, "www.a.example=TIMEOUT"), "www.a.example www",
	       "a timeout stops the list, as is still asked");
	is_int(last_status, ARES_ENOTFOUND, "then the as-is status");
	is_str(walk("www", AB, 1, DEF, "www.a.example=REFUSED www=TIMEOUT"), "www.a.example www",
	       "REFUSED stops the list");
	is_int(last_status, ARES_ETIMEOUT, "the last status when nothing was remembered");
	is_str(walk("www", AB, 1, DEF, "www.a.example=CONNREFUSED"), "www.a.example",
	       "a refused connection ends the walk");
	is_int(last_status, ARES_ECONNREFUSED, "with that status");
	is_str(walk("www.sub", AB, 1, DEF, "www.sub.a.example=NODATA"),
	       "www.sub www.sub.a.example www.sub.b.example", "dotted: as is NXDOMAIN, then NODATA");
	is_int(last_status, ARES_ENOTFOUND, "the first as-is status wins over NODATA");
	walk("www.sub", AB, 1, DEF, "www.sub=SERVFAIL");
	is_int(last_status, ARES_ESERVFAIL, "the first as-is SERVFAIL is what is left");
	is_str(walk("www.sub", AB, 1, DEF, "www.sub=TIMEOUT"),
	       "www.sub www.sub.a.example www.sub.b.example", "an as-is timeout still searches");
	is_str(walk("www", AB, 1, DEF, "www.a.example=CANCELLED"), "www.a.example",
	       "ECANCELLED ends the walk");
	is_int(last_status, ARES_ECANCELLED, "with that status");

	/* name.domain of MAXDNAME (1025) or more is not asked: an error
	 * (glibc: NO_RECOVERY) that stops the list; "b" would fit. */
	char big[1100];
	memset(big, 'x', 1015);
	big[1015] = 0;
	is_str(walk(big, "a.example,b", 1, DEF, NULL), big,
	       "1015 + 1 + 9 characters: not asked, nor the next domain; as is");

	/* HOSTALIASES: a single label the file names is asked as its alias,
	 * only; dotted names are not looked up there. */
	int fd = mkstemp(tmp);
	const char *aliases = "other somewhere.example\nwww real.example.net\n"
	                      "www.sub elsewhere.example\n";
	if (fd < 0 || write(fd, aliases, strlen(aliases)) < 0)
		printf("# %s: cannot write\n", tmp);
	close(fd);
	setenv("HOSTALIASES", tmp, 1);
	is_str(walk("www", AB, 1, DEF, NULL), "real.example.net", "HOSTALIASES: the alias only");
	is_str(walk("WWW", AB, 1, DEF, NULL), "real.example.net", "HOSTALIASES: any case");
	is_str(walk("www.sub", AB, 2, DEF, NULL), "www.sub.a.example www.sub.b.example www.sub",
	       "HOSTALIASES: not for a dotted name, though the file has it");
	is_str(walk("ftp", AB, 1, DEF, NULL), "ftp.a.example ftp.b.example ftp",
	       "HOSTALIASES: a name it lacks is searched");
	is_str(walk("www", AB, 1, DEF | RES_NOALIASES, NULL), "www.a.example www.b.example www",
	       "HOSTALIASES: not with RES_NOALIASES (res_hostalias)");
	unlink(tmp);

	/* glibc's res_hostalias reads a line's first word from its first
	 * byte (a line with leading blanks names nothing), compares it as
	 * ns_samename does (a trailing dot aside), and reads no further past
	 * a matching line with no alias. */
	strcpy(tmp, "/tmp/aresolv-search-XXXXXX");
	fd = mkstemp(tmp);
	aliases = " mail indented.example\nftp. dotted.example\nnews\t \nnews late.example\n";
	if (fd < 0 || write(fd, aliases, strlen(aliases)) < 0)
		printf("# %s: cannot write\n", tmp);
	close(fd);
	setenv("HOSTALIASES", tmp, 1);
	is_str(walk("mail", AB, 1, DEF, NULL), "mail.a.example mail.b.example mail",
	       "HOSTALIASES: a line with leading blanks names nothing");
	is_str(walk("ftp", AB, 1, DEF, NULL), "dotted.example",
	       "HOSTALIASES: a first word with a trailing dot names the name without");
	is_str(walk("news", AB, 1, DEF, NULL), "news.a.example news.b.example news",
	       "HOSTALIASES: a matching line with no alias ends the file's reading");
	unsetenv("HOSTALIASES");
	unlink(tmp);
	return done_testing();
}
