/* resolv.conf as glibc 2.36's res_init reads it: the search list its
 * lookups walk (the last "search" or "domain" line with a name,
 * LOCALDOMAIN over both, else the host name's domain; whole, not cut
 * to _res's MAXDNSRCH names in 256 bytes), and ndots, timeout, attempts
 * and no-tld-query from the "options" lines then RES_OPTIONS, as they
 * land in _res.  The expected values are glibc's, seen under a bind
 * mount of /etc/resolv.conf (res_init's _res, and the names
 * getaddrinfo asked a server).  The files are written to /tmp. */
#include <errno.h>
#include <fcntl.h>
#include <resolv.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core.h"
#include "tap.h"

static char *files[64];
static int nfiles;

/* A resolv.conf of these contents; its path (removed at the end). */
static const char *conf(const char *text)
{
	char path[] = "/tmp/aresolv-resconf.XXXXXX";
	int fd = mkstemp(path);
	size_t n = strlen(text);

	if (fd < 0 || write(fd, text, n) != (ssize_t)n || close(fd) < 0 || nfiles == 64) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	return files[nfiles++] = strdup(path);
}

static struct ar_resconf rc;

static void read_conf(const char *text)
{
	memset(&rc, 0x55, sizeof rc);   /* nothing left over from before */
	resconf_read(conf(text), &rc);
}

/* text's ndots, timeout and attempts: three checks */
static void numbers_are(const char *text, int ndots, int timeout, int attempts, const char *what)
{
	read_conf(text);
	is_int(rc.search.ndots, ndots, "ndots: %s", what);
	is_int(rc.timeout_s, timeout, "timeout: %s", what);
	is_int(rc.attempts, attempts, "attempts: %s", what);
}

/* the search list's i-th name, NULL past its end */
static const char *name(const struct ar_search *s, int i)
{
	const char *p = s->names;

	if (i >= s->n)
		return NULL;
	while (i--)
		p += strlen(p) + 1;
	return p;
}

static char *repeat(char c, int n)
{
	char *s = malloc((size_t)n + 1);
	memset(s, c, (size_t)n);
	s[n] = 0;
	return s;
}

/* the host name's domain, as glibc's domain_from_hostname takes it */
static const char *host_domain(void)
{
	static char host[256];
	char *dot;

	host[sizeof host - 1] = 0;
	if (gethostname(host, sizeof host - 1) || !(dot = strchr(host, '.')))
		return NULL;
	return dot + 1;
}

/* In a UTS namespace of its own (root only), with the host name set:
 * resconf_search's first name on a file with no search list, written
 * to the pipe.  0 when done, -1 when the namespace cannot be had. */
static int search_as_host(const char *hostname, const char *path, char *out, size_t size)
{
	int p[2], status;
	pid_t pid;
	ssize_t n;

	/* the child's _exit flushes stdio under valgrind (its freeres): the
	 * TAP lines so far must not be in a buffer it copies */
	fflush(stdout);
	if (pipe(p) < 0 || (pid = fork()) < 0)
		return -1;
	if (!pid) {
		struct ar_search s;
		close(p[0]);
		if (unshare(CLONE_NEWUTS) < 0 || sethostname(hostname, strlen(hostname)) < 0)
			_exit(2);
		resconf_search(path, &s);
		if (write(p[1], s.n ? s.names : "(none)", s.n ? strlen(s.names) : 6) < 0)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], out, size - 1);
	close(p[0]);
	waitpid(pid, &status, 0);
	out[n > 0 ? n : 0] = 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(void)
{
	struct ar_search s;
	const char *missing = "/tmp/aresolv-resconf-missing/resolv.conf";
	char *a63 = repeat('a', 63), *b62 = repeat('b', 62), *text;
	size_t len;

	unsetenv("LOCALDOMAIN");
	unsetenv("RES_OPTIONS");

	/* ---- the project's own files (tests/fixtures/resolv.conf, the
	 * .t tests' search lists) ---- */
	read_conf("nameserver 127.0.0.1\noptions timeout:1 attempts:2\n");
	is_int(rc.timeout_s, 1, "fixture: timeout:1");
	is_int(rc.attempts, 2, "fixture: attempts:2");
	is_int(rc.search.ndots, 1, "fixture: ndots 1 by default");
	is_int(rc.search.n, 0, "fixture: no search list in the file");
	is_int(rc.search.options, RES_DEFNAMES | RES_DNSRCH, "fixture: RES_DEFNAMES and RES_DNSRCH, as RES_DEFAULT");

	read_conf("nameserver 127.0.0.1\nsearch aresolv.test\noptions timeout:1 attempts:2\n");
	is_int(rc.search.n, 1, "'search aresolv.test': one name");
	is_str(name(&rc.search, 0), "aresolv.test", "'search aresolv.test': the name");

	read_conf("nameserver 10.53.0.53\nsearch sf.fault.test fault.test\noptions timeout:1 attempts:1\n");
	is_int(rc.search.n, 2, "search-servfail: two names");
	is_str(name(&rc.search, 0), "sf.fault.test", "search-servfail: first");
	is_str(name(&rc.search, 1), "fault.test", "search-servfail: second");
	is_int(rc.attempts, 1, "search-servfail: attempts:1");

	read_conf("nameserver 10.53.0.53\nsearch rf.fault.test fault.test\n"
	          "options timeout:1 attempts:1 ndots:3\n");
	is_int(rc.search.ndots, 3, "search-refused: ndots:3 after timeout and attempts");
	is_int(rc.timeout_s, 1, "search-refused: timeout:1");

	/* ---- nameserver lines: c-ares' part, they change nothing here ---- */
	read_conf("nameserver 10.0.0.1\nnameserver ::1\nnameserver fe80::1%lo\nnameserver 10.0.0.4\n"
	          "search a.test\n");
	is_int(rc.search.n, 1, "four nameserver lines (IPv4, IPv6, scoped) and a search line");
	is_str(name(&rc.search, 0), "a.test", "the search line read past them");
	is_int(rc.timeout_s, 5, "nameserver lines: timeout 5 (RES_TIMEOUT)");
	is_int(rc.attempts, 2, "nameserver lines: attempts 2 (RES_DFLRETRY)");

	/* ---- search and domain: the last line with a name wins ---- */
	read_conf("domain d.test\nsearch s1.test s2.test\n");
	is_int(rc.search.n, 2, "domain then search: the search list");
	is_str(name(&rc.search, 1), "s2.test", "domain then search: its second name");
	read_conf("search s1.test s2.test\ndomain d.test\n");
	is_int(rc.search.n, 1, "search then domain: the domain alone");
	is_str(name(&rc.search, 0), "d.test", "search then domain: d.test");
	read_conf("domain one.test two.test\n");
	is_int(rc.search.n, 1, "domain with two names: the first only");
	is_str(name(&rc.search, 0), "one.test", "domain with two names: one.test");
	read_conf("search a.test\nsearch b.test c.test\n");
	is_str(name(&rc.search, 0), "b.test", "two search lines: the second replaces the first");
	is_int(rc.search.n, 2, "two search lines: its two names");
	read_conf("search\ta.test \t b.test\t\n");
	is_int(rc.search.n, 2, "tabs and runs of blanks separate names");
	is_str(name(&rc.search, 1), "b.test", "tabs: second name, no blank in it");
	read_conf(" search lead.test\n");
	is_int(rc.search.n, 0, "a keyword after a blank is no keyword");
	read_conf("searchx.test\nsearch\n");
	is_int(rc.search.n, 0, "'searchx.test' and a bare 'search' are no search line");
	read_conf("search last.test");
	is_str(name(&rc.search, 0), "last.test", "a last line without a newline");
	/* res_vinit_1: a line with nothing after its keyword but blanks is
	 * skipped ("continue"), the list left as it was */
	read_conf("search a.test\nsearch \t \n");
	is_int(rc.search.n, 1, "a 'search' line of blanks is ignored: the list before it stays");
	is_str(name(&rc.search, 0), "a.test", "... a.test");
	read_conf("search a.test b.test\ndomain  \n");
	is_int(rc.search.n, 2, "a 'domain' line of blanks is ignored: the list before it stays");
	read_conf("domain d.test\nsearch\t\n");
	is_str(name(&rc.search, 0), "d.test", "'search' and a tab after a domain line: d.test stays");

	/* ---- comments ---- */
	read_conf("#search x.test\n;search y.test\n# options ndots:5\n;options ndots:4\n");
	is_int(rc.search.n, 0, "'#' and ';' lines: no search list");
	is_int(rc.search.ndots, 1, "'#' and ';' lines: no options");
	read_conf("search a.test # c\n");
	is_int(rc.search.n, 3, "'#' after a name is no comment: glibc takes '#' and 'c' as names");
	is_str(name(&rc.search, 1), "#", "the '#' name");

	/* ---- the list's bounds: none in glibc's lookups (since 2.26 they
	 * walk struct resolv_conf's list; only _res's copy stops at
	 * MAXDNSRCH names in defdname's 256 bytes); AR_SEARCHBYTES here ----
	 * glibc, seven names: _res.dnsrch holds six, getaddrinfo("x") asked
	 * x.7.t after x.6.t */
	read_conf("search 1.t 2.t 3.t 4.t 5.t 6.t 7.t\n");
	is_int(rc.search.n, 7, "seven names: all seven (past MAXDNSRCH)");
	is_str(name(&rc.search, 6), "7.t", "seven names: the seventh is the last");
	ok(!rc.search.full, "seven names: not full");
	/* past _res's 256 bytes: 4 x 64, then "f" */
	if (asprintf(&text, "search %s c%s d%s e%s f\n", a63, b62, b62, b62) < 0)
		return 1;
	read_conf(text);
	free(text);
	is_int(rc.search.n, 5, "five names in 4 x 64 + 2 = 258 bytes: all five");
	is_str(name(&rc.search, 4), "f", "past 256 bytes: the fifth name");
	is_int(rc.search.used, 258, "258 bytes used");
	if (asprintf(&text, "search %s %s %s %s1 z\n", a63, a63, a63, a63) < 0)
		return 1;
	read_conf(text);
	free(text);
	is_int(rc.search.n, 5, "a fourth name of 64 bytes (257 with its NUL) and one after it: kept");
	/* Kubernetes' cap: 32 names, 2048 characters with the blanks */
	text = malloc(8 + 32 * 64 + 1);
	len = (size_t)sprintf(text, "search");
	for (int i = 0; i < 32; i++)
		len += (size_t)sprintf(text + len, " %s", a63);
	sprintf(text + len, "\n");
	read_conf(text);
	free(text);
	is_int(rc.search.n, 32, "32 names of 63 bytes (Kubernetes' cap): all 32");
	is_int(rc.search.used, 32 * 64, "... in 2048 bytes");
	ok(!rc.search.full, "... not full");
	/* AR_SEARCHBYTES exactly, in names of 63 bytes and their NULs, then
	 * a name that does not fit and one that would: both left out */
	text = malloc(8 + AR_SEARCHBYTES + 80);
	len = (size_t)sprintf(text, "search");
	for (int i = 0; i < AR_SEARCHBYTES / 64; i++)
		len += (size_t)sprintf(text + len, " %s", a63);
	sprintf(text + len, " %s1 z\n", b62);
	read_conf(text);
	is_int(rc.search.n, AR_SEARCHBYTES / 64, "AR_SEARCHBYTES of names: all of them");
	is_int(rc.search.used, AR_SEARCHBYTES, "AR_SEARCHBYTES used");
	ok(rc.search.full, "a name past AR_SEARCHBYTES: left out, the list full");
	sprintf(text + len, " x\n");
	read_conf(text);
	free(text);
	is_int(rc.search.n, AR_SEARCHBYTES / 64, "a name of one byte past AR_SEARCHBYTES: left out");

	/* ---- options ---- */
	numbers_are("options ndots:20 timeout:99 attempts:9\n", 15, 30, 5,
	            "20, 99, 9 capped at 15, 30, 5 (RES_MAXNDOTS, RES_MAXRETRANS, RES_MAXRETRY)");
	numbers_are("options ndots:15 timeout:30 attempts:5\n", 15, 30, 5, "15, 30, 5 as they are");
	numbers_are("options ndots:16 timeout:31 attempts:6\n", 15, 30, 5, "16, 31, 6 capped");
	numbers_are("options ndots:14 timeout:29 attempts:4\n", 14, 29, 4, "14, 29, 4 as they are");
	numbers_are("options ndots:0 timeout:0 attempts:0\n", 0, 0, 0,
	            "0, 0, 0 (res_init keeps timeout and attempts 0)");
	/* negative: res_setoptions keeps atoi's value (not above the cap)
	 * in struct resolv_conf's unsigned fields; _res's int retrans and
	 * retry get it back, its 4-bit ndots the low 4 bits */
	numbers_are("options ndots:-1 timeout:-1 attempts:-1\n", 15, -1, -1,
	            "ndots:-1 is 15 (_res.ndots:4), timeout and attempts stay -1 (_res's ints)");
	read_conf("options ndots:-2\n");
	is_int(rc.search.ndots, 14, "ndots:-2 is 14");
	read_conf("options ndots:-16\n");
	is_int(rc.search.ndots, 0, "ndots:-16 is 0");
	read_conf("options ndots:-17 timeout:-17\n");
	is_int(rc.search.ndots, 15, "ndots:-17 is 15");
	is_int(rc.timeout_s, -17, "timeout:-17 stays");
	read_conf("options ndots:4294967295\n");
	is_int(rc.search.ndots, 15, "ndots:4294967295 (atoi: -1) is 15");
	read_conf("options ndots:abc timeout:2x attempts:+3\n");
	is_int(rc.search.ndots, 0, "ndots:abc is atoi's 0");
	is_int(rc.timeout_s, 2, "timeout:2x is 2");
	is_int(rc.attempts, 3, "attempts:+3 is 3");
	read_conf("options rotate edns0 single-request single-request-reopen no-aaaa trust-ad "
	          "use-vc inet6 bogus bogus:7 ndots:2 timeout:3 attempts:4\n");
	is_int(rc.search.ndots, 2, "after rotate, edns0, single-request, no-aaaa, trust-ad, unknown: ndots");
	is_int(rc.timeout_s, 3, "... timeout");
	is_int(rc.attempts, 4, "... attempts");
	is_int(rc.search.options, RES_DEFNAMES | RES_DNSRCH, "... and none of them is no-tld-query");
	read_conf("options no-tld-query\n");
	is_int(rc.search.options, RES_DEFNAMES | RES_DNSRCH | RES_NOTLDQUERY, "no-tld-query");
	/* res_setoptions' table has both spellings, each matched with
	 * strncmp on its length: a word need only begin with one */
	read_conf("options no_tld_query\n");
	is_int(rc.search.options, RES_DEFNAMES | RES_DNSRCH | RES_NOTLDQUERY, "no_tld_query");
	read_conf("options no-tld-queryX\n");
	is_int(rc.search.options, RES_DEFNAMES | RES_DNSRCH | RES_NOTLDQUERY, "no-tld-queryX: a prefix match");
	read_conf("options ndots:2 no_tld_query_and_more timeout:3\n");
	is_int(rc.search.options, RES_DEFNAMES | RES_DNSRCH | RES_NOTLDQUERY,
	       "no_tld_query_and_more: a prefix match");
	is_int(rc.timeout_s, 3, "... and the option after it read");
	read_conf("options no-tld-quer\n");
	is_int(rc.search.options, RES_DEFNAMES | RES_DNSRCH, "no-tld-quer: too short");
	read_conf("options\tndots:2\toptions timeout:3\n");
	is_int(rc.search.ndots, 2, "'options' then a tab");
	is_int(rc.timeout_s, 3, "a second 'options' is an unknown option, not the end");
	read_conf("options ndots:2\noptions timeout:3\noptions ndots:4\n");
	is_int(rc.search.ndots, 4, "three options lines: the last ndots");
	is_int(rc.timeout_s, 3, "three options lines: each one read");
	read_conf("options ndots:3");
	is_int(rc.search.ndots, 3, "an options line without a newline");
	read_conf("options  ndots:2  \t timeout:4   \n");
	is_int(rc.timeout_s, 4, "runs of blanks between options");

	/* ---- RES_OPTIONS after the file; LOCALDOMAIN over its lists ---- */
	setenv("RES_OPTIONS", "ndots:5 attempts:20", 1);
	read_conf("options ndots:3 timeout:2\n");
	is_int(rc.search.ndots, 5, "RES_OPTIONS' ndots over the file's");
	is_int(rc.attempts, 5, "RES_OPTIONS' attempts:20 capped at 5");
	is_int(rc.timeout_s, 2, "the file's timeout stays");
	memset(&rc, 0x55, sizeof rc);
	resconf_read(missing, &rc);
	is_int(rc.search.ndots, 5, "RES_OPTIONS without a file");
	/* only blanks separate words: a newline is part of one */
	setenv("RES_OPTIONS", "ndots:2\nno-tld-query", 1);
	read_conf("");
	is_int(rc.search.ndots, 2, "RES_OPTIONS 'ndots:2\\nno-tld-query': ndots:2");
	is_int(rc.search.options, RES_DEFNAMES | RES_DNSRCH, "... and no no-tld-query");
	unsetenv("RES_OPTIONS");

	setenv("LOCALDOMAIN", "l1.test l2.test", 1);
	read_conf("search s.test\ndomain d.test\n");
	is_int(rc.search.n, 2, "LOCALDOMAIN over search and domain");
	is_str(name(&rc.search, 0), "l1.test", "LOCALDOMAIN: first");
	is_str(name(&rc.search, 1), "l2.test", "LOCALDOMAIN: second");
	read_conf("domain d.test\noptions ndots:2\n");
	is_int(rc.search.ndots, 2, "LOCALDOMAIN: the file's options still read");
	setenv("LOCALDOMAIN", "1.l 2.l 3.l 4.l 5.l 6.l 7.l", 1);
	read_conf("");
	is_int(rc.search.n, 7, "LOCALDOMAIN: seven names, all of them");
	/* res_vinit_1 adds the value's start as the first name before it
	 * looks at a character, and ends it at a newline */
	setenv("LOCALDOMAIN", "", 1);
	read_conf("search s.test\n");
	is_int(rc.search.n, 1, "LOCALDOMAIN=\"\": a list of one name");
	is_str(name(&rc.search, 0), "", "LOCALDOMAIN=\"\": the empty name (the root)");
	resconf_search(conf("nameserver 127.0.0.1\n"), &s);
	is_int(s.n, 1, "LOCALDOMAIN=\"\": resconf_search's list is it, not the host name's domain");
	is_str(name(&s, 0), "", "LOCALDOMAIN=\"\": resconf_search's empty name");
	setenv("LOCALDOMAIN", " a.l", 1);
	read_conf("");
	is_int(rc.search.n, 2, "LOCALDOMAIN=\" a.l\": two names");
	is_str(name(&rc.search, 0), "", "... the empty one first");
	is_str(name(&rc.search, 1), "a.l", "... then a.l");
	setenv("LOCALDOMAIN", "\ta.l  b.l ", 1);
	read_conf("");
	is_int(rc.search.n, 3, "LOCALDOMAIN=\"\\ta.l  b.l \": three names, no empty one at the end");
	is_str(name(&rc.search, 2), "b.l", "... b.l last");
	setenv("LOCALDOMAIN", "a.l\nb.l", 1);
	read_conf("");
	is_int(rc.search.n, 1, "LOCALDOMAIN=\"a.l\\nb.l\": a newline ends it");
	is_str(name(&rc.search, 0), "a.l", "... a.l");
	unsetenv("LOCALDOMAIN");

	/* ---- no file: glibc's defaults ---- */
	memset(&rc, 0x55, sizeof rc);
	resconf_read(missing, &rc);
	is_int(rc.search.n, 0, "no file: no search list read");
	is_int(rc.search.ndots, 1, "no file: ndots 1");
	is_int(rc.timeout_s, 5, "no file: timeout 5");
	is_int(rc.attempts, 2, "no file: attempts 2");
	is_int(rc.search.options, RES_DEFNAMES | RES_DNSRCH, "no file: RES_DEFNAMES and RES_DNSRCH");

	/* resconf_search: the host name's domain when there is no list */
	resconf_search(missing, &s);
	is_str(name(&s, 0), host_domain(), "no file: the search list is the host name's domain (or none)");
	is_int(s.n, host_domain() ? 1 : 0, "no file: one name at most");
	resconf_search(conf("search s.test\n"), &s);
	is_str(name(&s, 0), "s.test", "resconf_search: the file's list first");
	is_int(s.n, 1, "resconf_search: and nothing after it");
	resconf_search(conf("options ndots:4\n"), &s);
	is_int(s.ndots, 4, "resconf_search: ndots with the list");
	{
		char got[256];
		const char *noline = conf("nameserver 127.0.0.1\n");
		if (search_as_host("box.sub.example.test", noline, got, sizeof got) == 0) {
			is_str(got, "sub.example.test", "host box.sub.example.test: search sub.example.test");
			search_as_host("box", noline, got, sizeof got);
			is_str(got, "(none)", "host 'box' (no dot): no search list");
			search_as_host("box.sub.example.test", conf("domain d.test\n"), got, sizeof got);
			is_str(got, "d.test", "host name's domain only without a search or domain line");
		} else {
			for (int i = 0; i < 3; i++)
				ok(1, "# SKIP no UTS namespace (not root)");
		}
	}

	/* ---- resconf_unreadable ---- */
	is_int(resconf_unreadable(missing), 0, "a missing file is no failure (ENOENT: glibc's defaults)");
	{
		const char *locked = conf("search locked.test\noptions ndots:7\n");
		int was_root = geteuid() == 0, fd;
		is_int(resconf_unreadable(locked), 0, "a readable file");
		chmod(locked, 0);
		if (was_root && seteuid(65534) < 0)
			printf("# seteuid failed: %s\n", strerror(errno));
		fd = open(locked, O_RDONLY);
		ok(fd < 0 && errno == EACCES, "a mode-000 file cannot be opened (EACCES)");
		if (fd >= 0)
			close(fd);
		is_int(resconf_unreadable(locked), 0, "EACCES is no failure: glibc reads it as missing");
		memset(&rc, 0x55, sizeof rc);
		resconf_read(locked, &rc);
		is_int(rc.search.n, 0, "EACCES: no search list");
		is_int(rc.search.ndots, 1, "EACCES: defaults");
		if (was_root && seteuid(0) < 0)
			printf("# seteuid back failed: %s\n", strerror(errno));
	}
	{
		/* no descriptor left: glibc's res_init fails (EMFILE) */
		const char *here = conf("search here.test\n");
		struct rlimit old, low;
		int fds[64], n = 0;
		getrlimit(RLIMIT_NOFILE, &old);
		low = old;
		low.rlim_cur = 32;
		setrlimit(RLIMIT_NOFILE, &low);
		while (n < 64 && (fds[n] = open("/dev/null", O_RDONLY)) >= 0)
			n++;
		is_int(resconf_unreadable(here), 1, "EMFILE: unreadable");
		close(fds[--n]);
		is_int(resconf_unreadable(here), 0, "one descriptor free again: readable");
		while (n > 0)
			close(fds[--n]);
		setrlimit(RLIMIT_NOFILE, &old);
	}

	for (int i = 0; i < nfiles; i++) {
		unlink(files[i]);
		free(files[i]);
	}
	free(a63);
	free(b62);
	return done_testing();
}
