/* badinput: every interposed function called with hostile arguments.
 * 41-badinput.t runs it once plainly (glibc) and once with aresolv
 * preloaded, and compares the outputs line by line.
 *
 * One line per call: the arguments, then the outcome -- return value,
 * EAI name, h_errno, errno where glibc leaves a defined value (always for
 * the _r functions, which set it to what they return; for getnameinfo on
 * success; for EAI_SYSTEM) -- and a digest of the result (addresses,
 * names, buffer contents; never a pointer).  errno and h_errno are set to
 * sentinels before each call, so "untouched" is an outcome too.
 * Buffer sweeps print one line per run of sizes with the same outcome,
 * so an ERANGE or EAI_OVERFLOW boundary is one line.
 *
 * The first line, "interposed=0|1", says whether getaddrinfo is libc's;
 * the test strips it before comparing.
 *
 * Left out on purpose, because glibc itself crashes on them:
 *   getaddrinfo(..., res=NULL) when a lookup is made (glibc writes *res);
 *   gethostbyname*(NULL) and gethostbyname*_r(NULL, ...) (glibc reads
 *     name[0] in its digits-and-dots check);
 *   gethostbyname2*(NAME, family other than AF_INET/AF_INET6) for a NAME
 *     of the hosts file (with "multi on" glibc's files module asserts);
 *   gethostbyaddr*(NULL, len >= 4, AF_INET/AF_INET6) (glibc's DNS module
 *     reads the address); NULL addr with len 0 is safe and is kept;
 *   getnameinfo with a host or serv pointer that is NULL but a length
 *     larger than the real buffer (we only pass NULL with a length: glibc
 *     tests the pointer first).
 *
 * Every buffer the library writes into is malloc'ed at its exact size, so
 * valgrind sees a write past its end. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "../src/qfmt.h"

#define LINE 4096
#define ERRNO_SENTINEL EDOM     /* no resolver path sets EDOM */
#define HERR_SENTINEL 4242

/* ---- printing ---- */

/* s escaped into dst (at most n bytes of s, stopping at NUL); long
 * strings are cut with their length. */
static char *esc(char *dst, size_t size, const char *s, size_t n)
{
	size_t o = 0, len = strnlen(s, n), i;

	if (size < 16)
		return strcpy(dst, "?");
	dst[o++] = '"';
	for (i = 0; i < len && o + 16 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i == 40 && len > 60) {
			o += (size_t)snprintf(dst + o, size - o, "...(%zu bytes)", len);
			break;
		}
		if (c == '"' || c == '\\')
			o += (size_t)snprintf(dst + o, size - o, "\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			o += (size_t)snprintf(dst + o, size - o, "\\x%02x", c);
		else
			dst[o++] = (char)c;
	}
	dst[o++] = '"';
	dst[o] = 0;
	return dst;
}

static const char *q(const char *s)
{
	static char b[4][256];
	static int k;

	if (!s)
		return "NULL";
	k = (k + 1) % 4;
	return esc(b[k], sizeof b[k], s, (size_t)-1);
}

static const char *eai(int code)
{
	static char b[32];
	static const struct { int c; const char *n; } t[] = {
		{ 0, "OK" }, { EAI_BADFLAGS, "EAI_BADFLAGS" }, { EAI_NONAME, "EAI_NONAME" },
		{ EAI_AGAIN, "EAI_AGAIN" }, { EAI_FAIL, "EAI_FAIL" },
		{ EAI_FAMILY, "EAI_FAMILY" }, { EAI_SOCKTYPE, "EAI_SOCKTYPE" },
		{ EAI_SERVICE, "EAI_SERVICE" }, { EAI_MEMORY, "EAI_MEMORY" },
		{ EAI_SYSTEM, "EAI_SYSTEM" }, { EAI_OVERFLOW, "EAI_OVERFLOW" },
		{ EAI_NODATA, "EAI_NODATA" }, { EAI_ADDRFAMILY, "EAI_ADDRFAMILY" },
		{ EAI_INPROGRESS, "EAI_INPROGRESS" }, { EAI_CANCELED, "EAI_CANCELED" },
		{ EAI_NOTCANCELED, "EAI_NOTCANCELED" }, { EAI_ALLDONE, "EAI_ALLDONE" },
		{ EAI_INTR, "EAI_INTR" }, { EAI_IDN_ENCODE, "EAI_IDN_ENCODE" },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].c == code)
			return t[i].n;
	snprintf(b, sizeof b, "EAI_#%d", code);
	return b;
}

static const char *errname(int e)
{
	static char b[32];
	const char *n;

	if (e == 0)
		return "0";
	if (e == ERRNO_SENTINEL)
		return "untouched";
	if ((n = strerrorname_np(e)))
		return n;
	snprintf(b, sizeof b, "errno#%d", e);
	return b;
}

static const char *hname(int h)
{
	static char b[32];

	return h == HERR_SENTINEL ? "untouched" : herrno_word(h, b, sizeof b);
}

static const char *famname(int f)
{
	static char b[16];

	switch (f) {
	case AF_UNSPEC: return "unspec";
	case AF_INET: return "inet";
	case AF_INET6: return "inet6";
	case AF_UNIX: return "unix";
	}
	snprintf(b, sizeof b, "af%d", f);
	return b;
}

/* appends printf output to a LINE-sized buffer */
__attribute__((format(printf, 2, 3)))
static void add(char *out, const char *fmt, ...)
{
	size_t n = strlen(out);
	va_list ap;

	if (n + 1 >= LINE)
		return;
	va_start(ap, fmt);
	vsnprintf(out + n, LINE - n, fmt, ap);
	va_end(ap);
}

static void sockaddr_digest(char *out, const struct sockaddr *sa, socklen_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (!sa) {
		add(out, " addr=NULL");
	} else if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *s = (const void *)sa;
		inet_ntop(AF_INET, &s->sin_addr, a, sizeof a);
		add(out, " %s:%u", a, ntohs(s->sin_port));
	} else if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *s = (const void *)sa;
		inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof a);
		add(out, " [%s%%%u]:%u fi=%u", a, s->sin6_scope_id, ntohs(s->sin6_port),
		    s->sin6_flowinfo);
	} else {
		add(out, " sa_family=%d len=%u", sa->sa_family, (unsigned)len);
	}
}

static void ai_digest(char *out, const struct addrinfo *ai)
{
	size_t n = 0;

	for (const struct addrinfo *p = ai; p; p = p->ai_next)
		n++;
	add(out, " n=%zu", n);
	for (; ai; ai = ai->ai_next) {
		add(out, " {%s st=%d pr=%d fl=0x%x alen=%u", famname(ai->ai_family),
		    ai->ai_socktype, ai->ai_protocol, (unsigned)ai->ai_flags,
		    (unsigned)ai->ai_addrlen);
		sockaddr_digest(out, ai->ai_addr, ai->ai_addrlen);
		if (ai->ai_canonname)
			add(out, " canon=%s", q(ai->ai_canonname));
		add(out, "}");
	}
}

static void he_digest(char *out, const struct hostent *he)
{
	char a[INET6_ADDRSTRLEN];

	add(out, " name=%s type=%s len=%d", q(he->h_name), famname(he->h_addrtype),
	    he->h_length);
	for (char **al = he->h_aliases; al && *al; al++)
		add(out, " alias=%s", q(*al));
	for (char **ad = he->h_addr_list; ad && *ad; ad++) {
		if ((he->h_addrtype == AF_INET && he->h_length == 4) ||
		    (he->h_addrtype == AF_INET6 && he->h_length == 16))
			add(out, " addr=%s", inet_ntop(he->h_addrtype, *ad, a, sizeof a));
		else
			add(out, " addr=?");
	}
}

/* ---- runs of buffer sizes with the same outcome ---- */

struct run {
	char head[512], last[LINE];
	long from, to;
};

static void run_flush(struct run *r)
{
	if (r->from < 0)
		return;
	if (r->from == r->to)
		printf("sweep %s len=%ld ->%s\n", r->head, r->from, r->last);
	else
		printf("sweep %s len=%ld..%ld ->%s\n", r->head, r->from, r->to, r->last);
	r->from = -1;
}

static void run_start(struct run *r, const char *head)
{
	snprintf(r->head, sizeof r->head, "%s", head);
	r->from = -1;
}

static void run_add(struct run *r, long len, const char *outcome)
{
	if (r->from >= 0 && !strcmp(r->last, outcome)) {
		r->to = len;
		return;
	}
	run_flush(r);
	snprintf(r->last, sizeof r->last, "%s", outcome);
	r->from = r->to = len;
}

/* ---- getaddrinfo ---- */

static const char *hints_str(const struct addrinfo *h)
{
	static char b[128];

	if (!h)
		return "hints=NULL";
	snprintf(b, sizeof b, "fam=%d st=%d pr=%d fl=0x%x", h->ai_family,
	         h->ai_socktype, h->ai_protocol, (unsigned)h->ai_flags);
	return b;
}

static void gai(const char *node, const char *serv, const struct addrinfo *h)
{
	char out[LINE] = "";
	struct addrinfo *res = NULL;
	int rc;

	errno = ERRNO_SENTINEL;
	h_errno = HERR_SENTINEL;
	rc = getaddrinfo(node, serv, h, &res);
	add(out, " %s", eai(rc));
	if (rc == EAI_SYSTEM)
		add(out, " errno=%s", errname(errno));
	if (rc == 0)
		ai_digest(out, res);
	else if (res)
		add(out, " res-not-NULL");
	printf("gai node=%s serv=%s %s ->%s\n", q(node), q(serv), hints_str(h), out);
	if (rc == 0)
		freeaddrinfo(res);
}

static void gai4(const char *node, const char *serv, int fam, int st, int pr,
                 int flags)
{
	struct addrinfo h = { .ai_family = fam, .ai_socktype = st,
	                      .ai_protocol = pr, .ai_flags = flags };
	gai(node, serv, &h);
}

static void gai_basics(void)
{
	struct addrinfo zero = { 0 }, junk;

	gai(NULL, NULL, NULL);
	gai(NULL, NULL, &zero);
	gai4(NULL, NULL, AF_INET, SOCK_STREAM, 0, AI_PASSIVE);
	gai("", NULL, NULL);
	gai(NULL, "", NULL);
	gai("", "", NULL);
	gai("", "80", &zero);
	gai(NULL, "80", NULL);
	gai(NULL, "80", &zero);
	gai4(NULL, "80", AF_UNSPEC, SOCK_STREAM, 0, AI_PASSIVE);
	gai4(NULL, "80", AF_INET6, SOCK_DGRAM, 0, AI_PASSIVE);
	gai4(NULL, "80", AF_UNSPEC, SOCK_STREAM, 0, AI_CANONNAME);
	gai4("*", "*", AF_UNSPEC, SOCK_STREAM, 0, 0);
	gai4("*", "80", AF_UNSPEC, SOCK_STREAM, 0, 0);
	gai4("10.53.0.10", "*", AF_UNSPEC, SOCK_STREAM, 0, 0);
	gai("www.aresolv.test", NULL, NULL);
	gai("www.aresolv.test", NULL, &zero);
	gai("www.aresolv.test", "", &zero);
	gai("10.53.0.10", NULL, NULL);
	gai("10.53.0.10", "", &zero);
	/* the pad bytes and pointers of hints are not read */
	memset(&junk, 0xa5, sizeof junk);
	junk.ai_flags = 0;
	junk.ai_family = AF_INET;
	junk.ai_socktype = SOCK_STREAM;
	junk.ai_protocol = 0;
	gai("10.53.0.10", "80", &junk);
	gai4("dual.aresolv.test", "80", AF_UNSPEC, SOCK_STREAM, 0, AI_CANONNAME);
}

static void gai_flags(void)
{
	for (int bit = 0; bit < 32; bit++) {
		int f = (int)(1u << bit);
		gai4("10.53.0.10", "80", AF_INET, SOCK_STREAM, 0, f);
		gai4(NULL, "80", AF_UNSPEC, SOCK_STREAM, 0, f);
	}
	gai4("10.53.0.10", "80", AF_INET, SOCK_STREAM, 0, -1);
	gai4("10.53.0.10", "80", AF_INET, SOCK_STREAM, 0, INT_MIN);
	gai4("10.53.0.10", "80", AF_INET, SOCK_STREAM, 0, 0x7ff);
	gai4("10.53.0.10", "80", AF_INET, SOCK_STREAM, 0, 0x800);
	gai4("www.aresolv.test", "80", AF_INET, SOCK_STREAM, 0, AI_CANONNAME | AI_NUMERICHOST);
	gai4("www.aresolv.test", "http", AF_INET, SOCK_STREAM, 0, AI_NUMERICSERV);
	gai4("www.aresolv.test", "80", AF_INET6, SOCK_STREAM, 0, AI_V4MAPPED | AI_ALL);
	gai4("www.aresolv.test", "80", AF_INET, SOCK_STREAM, 0, AI_V4MAPPED | AI_ALL);
}

static void gai_families(void)
{
	static const int fams[] = { -1, 1, 3, 9, 11, 12, 17, 12345, INT_MAX, INT_MIN };

	for (size_t i = 0; i < sizeof fams / sizeof fams[0]; i++) {
		gai4("10.53.0.10", "80", fams[i], 0, 0, 0);
		gai4("www.aresolv.test", NULL, fams[i], 0, 0, 0);
		gai4(NULL, "80", fams[i], SOCK_STREAM, 0, AI_PASSIVE);
		gai4("/tmp/sock", NULL, fams[i], 0, 0, 0);
	}
}

static void gai_socktypes(void)
{
	static const int st[] = { 0, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_RDM,
	                          SOCK_SEQPACKET, 6 /* DCCP */, 10 /* PACKET */,
	                          SOCK_STREAM | SOCK_NONBLOCK, SOCK_DGRAM | SOCK_CLOEXEC,
	                          -1, 12345 };
	static const int pr[] = { 0, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP,
	                          IPPROTO_UDPLITE, 33 /* DCCP */, IPPROTO_ICMP,
	                          IPPROTO_ICMPV6, IPPROTO_RAW, 256, -1, 12345 };
	static const char *serv[] = { NULL, "80", "echo" };

	for (size_t s = 0; s < sizeof serv / sizeof serv[0]; s++)
		for (size_t i = 0; i < sizeof st / sizeof st[0]; i++)
			for (size_t j = 0; j < sizeof pr / sizeof pr[0]; j++)
				gai4("10.53.0.10", serv[s], AF_INET, st[i], pr[j], 0);
	gai4("dual.aresolv.test", "80", AF_UNSPEC, SOCK_SEQPACKET, 0, 0);
	gai4("dual.aresolv.test", "80", AF_UNSPEC, 0, IPPROTO_SCTP, 0);
	gai4("dual.aresolv.test", "80", AF_UNSPEC, 12345, 0, 0);
}

static void gai_services(void)
{
	static const char *serv[] = { "0", "65535", "65536", "-1", "4294967376",
	                              "18446744073709551696", "http", "HTTP",
	                              "tcp/80", " 80", "80 ", "+80", "0x50", "080",
	                              "80x", "nosuchservice", "\xff", "domain",
	                              "sunrpc" };
	static const int st[] = { 0, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW };

	for (size_t i = 0; i < sizeof serv / sizeof serv[0]; i++) {
		for (size_t j = 0; j < sizeof st / sizeof st[0]; j++)
			gai4("10.53.0.10", serv[i], AF_INET, st[j], 0, 0);
		gai4("10.53.0.10", serv[i], AF_INET, 0, 0, AI_NUMERICSERV);
	}
}

/* ---- hostile names ---- */

/* A name of exactly len bytes ending in suffix, of labels at most lab
 * bytes long. */
static char *mkname(size_t len, size_t lab, const char *suffix)
{
	size_t sl = strlen(suffix), p = len - sl;
	char *s = malloc(len + 1);

	for (size_t i = 0; i < p; i++)
		s[i] = i % (lab + 1) == lab ? '.' : 'a';
	if (p && s[p - 1] == '.' && suffix[0] == '.') {
		s[p - 1] = 'a';
		s[p - 2] = '.';
	}
	memcpy(s + p, suffix, sl + 1);
	return s;
}

/* the outcome of gethostbyname or gethostbyaddr: the glibc wrappers copy
 * a non-zero h_errno out, found or not */
static void he_result(char *out, const struct hostent *he)
{
	int e = errno, h = h_errno;

	if (he) {
		add(out, " OK");
		he_digest(out, he);
	} else {
		add(out, " NULL");
	}
	add(out, " h_errno=%s", hname(h));
	if (!he && h == NETDB_INTERNAL)
		add(out, " errno=%s", errname(e));
}

static void ghbn(const char *name, int fam, int two)
{
	char out[LINE] = "";
	struct hostent *he;

	errno = ERRNO_SENTINEL;
	h_errno = HERR_SENTINEL;
	he = two ? gethostbyname2(name, fam) : gethostbyname(name);
	he_result(out, he);
	if (two)
		printf("gethostbyname2 name=%s af=%s ->%s\n", q(name), famname(fam), out);
	else
		printf("gethostbyname name=%s ->%s\n", q(name), out);
}

/* the outcome of one gethostbyname2_r or gethostbyaddr_r call */
static void r_outcome(char *out, int rc, struct hostent *ret,
                      struct hostent *result, int herr)
{
	int e = errno;

	add(out, " rc=%s errno=%s herr=%s", errname(rc), errname(e), hname(herr));
	if (!result)
		add(out, " result=NULL");
	else if (result != ret)
		add(out, " result=other");
	else
		he_digest(out, result);
}

static struct hostent dummy;

static void ghbn_r(char *out, const char *name, int fam, int two,
                   char *buf, size_t len)
{
	struct hostent ret, *result = &dummy;
	int herr = HERR_SENTINEL, rc;

	memset(&ret, 0, sizeof ret);
	errno = ERRNO_SENTINEL;
	h_errno = HERR_SENTINEL;
	rc = two ? gethostbyname2_r(name, fam, &ret, buf, len, &result, &herr)
	         : gethostbyname_r(name, &ret, buf, len, &result, &herr);
	r_outcome(out, rc, &ret, result, herr);
	add(out, " h_errno=%s", hname(h_errno));
}

static void ghbn_r_once(const char *name, int fam, int two, size_t len)
{
	char out[LINE] = "", *buf = malloc(len ? len : 1);

	ghbn_r(out, name, fam, two, buf, len);
	free(buf);
	if (two)
		printf("gethostbyname2_r name=%s af=%s len=%zu ->%s\n", q(name),
		       famname(fam), len, out);
	else
		printf("gethostbyname_r name=%s len=%zu ->%s\n", q(name), len, out);
}

/* buf NULL with buflen 0: ERANGE, nothing written */
static void ghbn_r_null(const char *name, int fam)
{
	char out[LINE] = "";

	ghbn_r(out, name, fam, 1, NULL, 0);
	printf("gethostbyname2_r name=%s af=%s buf=NULL len=0 ->%s\n", q(name),
	       famname(fam), out);
}

static void name_calls(const char *n)
{
	static const struct { int fam, flags; } g[] = {
		{ AF_UNSPEC, 0 }, { AF_INET, 0 }, { AF_INET6, 0 },
		{ AF_UNSPEC, AI_CANONNAME }, { AF_UNSPEC, AI_NUMERICHOST },
		{ AF_INET6, AI_V4MAPPED }, { AF_INET, AI_CANONNAME },
		{ AF_INET6, AI_CANONNAME },
	};

	for (size_t i = 0; i < sizeof g / sizeof g[0]; i++)
		gai4(n, "80", g[i].fam, SOCK_STREAM, 0, g[i].flags);
	ghbn(n, AF_INET, 0);
	ghbn(n, AF_INET6, 1);
	ghbn_r_once(n, AF_INET, 0, 8192);
	ghbn_r_once(n, AF_INET6, 1, 8192);
}

static void names(void)
{
	static const char *fixed[] = {
		"www.aresolv.test", "WWW.ARESOLV.TEST", "www.aresolv.test.",
		"dual.aresolv.test", "c1.aresolv.test", "hostsonly.test",
		"hostsonly.test.", "nx.aresolv.test", "txtonly.aresolv.test",
		"b\xc3\xbc" "cher.aresolv.test", "\xff\xfe.aresolv.test",
		"www.aresolv.test\x01", "www .aresolv.test", " www.aresolv.test",
		"www.aresolv.test ", "www\t.aresolv.test", "www.aresolv.test\n",
		"..", ".", "...", "www..aresolv.test", ".www.aresolv.test",
		"-www.aresolv.test", "www-.aresolv.test", "_www.aresolv.test",
		"www.aresolv.test..", "w\\ww.aresolv.test", "w\\046w.aresolv.test",
		"w\\.w.aresolv.test", "www.aresolv.test\\", "*.aresolv.test",
		"1.2.3", "0x7f.1", "1.2.3.4.5", "::ffff:1.2.3.4", "fe80::1%nosuchif",
		"fe80::1%lo", "fe80::1%1", "fe80::1%", "::1%lo", "::1%4294967296",
		"1.2.3.4.", "256.1.1.1", "0x7f000001", "017700000001", "4294967296",
		"1.2.3.4 junk", "1.2.3.4\tjunk", "01.02.03.08", "1.2.3.08",
		"09.09.09.09", "001.002.003.004", "1..2.3", "[::1]",
		"::1", ":::", "1::2::3", "::ffff:256.1.1.1", "12345", "0", "0x",
		"1e1", "dead:beef", "fd53::20", "FD53::20", "fd53::20.", "a:b",
		"10.53.0.10", "10.53.0.10.in-addr.arpa", "localhost", "LOCALHOST",
		"localhost.", "ip6-localhost", "hidden.onion", "",
	};

	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		name_calls(fixed[i]);
}

static void long_names(void)
{
	static const size_t lens[] = { 253, 254, 255, 256, 300, 1100 };
	static const size_t labs[] = { 62, 63, 64 };
	char *n;

	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		n = mkname(lens[i], 63, ".aresolv.test");
		name_calls(n);
		free(n);
		n = mkname(lens[i], 63, ".aresolv.test.");
		name_calls(n);
		free(n);
	}
	for (size_t i = 0; i < sizeof labs / sizeof labs[0]; i++) {
		n = mkname(labs[i] + 13, 100, ".aresolv.test");
		name_calls(n);
		free(n);
		n = mkname(labs[i] + 14, 100, ".aresolv.test.");
		name_calls(n);
		free(n);
		n = mkname(labs[i] + 1, 100, ".");
		name_calls(n);
		free(n);
	}
	n = mkname(40, 100, "");
	name_calls(n);   /* one label, no dot: search list */
	free(n);
}

/* ---- gethostbyname_r / gethostbyname2_r buffer sweeps ---- */

/* sizes 0..max: every size up to 600, then every 8th */
static long next_len(long len)
{
	return len < 600 ? len + 1 : len + 8;
}

static void ghbn_sweep(const char *name, int fam, int two, long max, int skew)
{
	char head[512], out[LINE];
	struct run r;

	snprintf(head, sizeof head, "%s name=%s af=%s skew=%d",
	         two ? "gethostbyname2_r" : "gethostbyname_r", q(name),
	         famname(fam), skew);
	run_start(&r, head);
	for (long len = 0; len <= max; len = next_len(len)) {
		char *mem = malloc((size_t)len + (size_t)skew);
		out[0] = 0;
		ghbn_r(out, name, fam, two, mem + skew, (size_t)len);
		free(mem);
		run_add(&r, len, out);
	}
	run_flush(&r);
}

static void ghbn_sweeps(void)
{
	static const struct { const char *name; int fam; } t[] = {
		{ "www.aresolv.test", AF_INET }, { "dual.aresolv.test", AF_INET },
		{ "dual.aresolv.test", AF_INET6 }, { "c1.aresolv.test", AF_INET },
		{ "hostsonly.test", AF_INET }, { "twolines.test", AF_INET6 },
		{ "localhost", AF_INET }, { "localhost", AF_INET6 },
		{ "10.53.0.10", AF_INET }, { "10.53.0.10", AF_INET6 },
		{ "::1", AF_INET6 }, { "::1", AF_INET }, { "256.1.1.1", AF_INET },
		{ "nx.aresolv.test", AF_INET }, { "", AF_INET },
		{ "a.b.c.d.e.f", AF_INET }, { "www.aresolv.test.", AF_INET },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		ghbn_sweep(t[i].name, t[i].fam, 1, 2048, 0);
		if (t[i].fam == AF_INET)
			ghbn_sweep(t[i].name, t[i].fam, 0, 2048, 0);
	}
	ghbn_sweep("www.aresolv.test", AF_INET, 1, 700, 1);
	ghbn_sweep("hostsonly.test", AF_INET, 1, 700, 3);
	ghbn_sweep("10.53.0.10", AF_INET, 1, 700, 5);
	ghbn_sweep("www.aresolv.test", AF_UNIX, 1, 64, 0);
	ghbn_sweep("www.aresolv.test", AF_UNSPEC, 1, 64, 0);
	ghbn_sweep("10.53.0.10", 12345, 1, 64, 0);
	ghbn_r_once("www.aresolv.test", -1, 1, 8192);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		ghbn_r_null(t[i].name, t[i].fam);
}

static void ghbn_families(void)
{
	static const int fams[] = { AF_UNIX, AF_UNSPEC, 12345, -1 };
	/* no name of the hosts file: with "multi on" glibc's files module
	 * asserts af == AF_INET || af == AF_INET6 and aborts */
	static const char *n[] = { "www.aresolv.test", "10.53.0.10", "::1",
	                           "nx.aresolv.test" };

	for (size_t i = 0; i < sizeof fams / sizeof fams[0]; i++)
		for (size_t j = 0; j < sizeof n / sizeof n[0]; j++)
			ghbn(n[j], fams[i], 1);
}

/* ---- gethostbyaddr / gethostbyaddr_r ---- */

static const char *addr_str(const unsigned char *a, socklen_t len)
{
	static char b[128];
	size_t o = 0;

	if (!a)
		return "NULL";
	/* at least 4 bytes (every array here has them), so that len 0 still
	 * tells the addresses apart */
	for (socklen_t i = 0; i < (len > 4 ? len : 4) && o + 4 < sizeof b; i++)
		o += (size_t)snprintf(b + o, sizeof b - o, "%s%02x", i == len ? "|" : "", a[i]);
	b[o] = 0;
	return b;
}

static void ghba_r(char *out, const void *addr, socklen_t alen, int type,
                   char *buf, size_t len)
{
	struct hostent ret, *result = &dummy;
	int herr = HERR_SENTINEL, rc;

	memset(&ret, 0, sizeof ret);
	errno = ERRNO_SENTINEL;
	h_errno = HERR_SENTINEL;
	rc = gethostbyaddr_r(addr, alen, type, &ret, buf, len, &result, &herr);
	r_outcome(out, rc, &ret, result, herr);
	add(out, " h_errno=%s", hname(h_errno));
}

static void ghba(const unsigned char *addr, socklen_t alen, int type)
{
	char out[LINE] = "", *buf = malloc(8192);
	struct hostent *he;

	ghba_r(out, addr, alen, type, buf, 8192);
	free(buf);
	printf("gethostbyaddr_r addr=%s len=%u type=%s ->%s\n", addr_str(addr, alen),
	       (unsigned)alen, famname(type), out);
	out[0] = 0;
	errno = ERRNO_SENTINEL;
	h_errno = HERR_SENTINEL;
	he = gethostbyaddr(addr, alen, type);
	he_result(out, he);
	printf("gethostbyaddr addr=%s len=%u type=%s ->%s\n", addr_str(addr, alen),
	       (unsigned)alen, famname(type), out);
}

static void ghba_sweep(const unsigned char *addr, socklen_t alen, int type,
                       long max)
{
	char head[512], out[LINE];
	struct run r;

	snprintf(head, sizeof head, "gethostbyaddr_r addr=%s type=%s",
	         addr_str(addr, alen), famname(type));
	run_start(&r, head);
	for (long len = 0; len <= max; len = next_len(len)) {
		char *mem = malloc((size_t)len);
		out[0] = 0;
		ghba_r(out, addr, alen, type, mem, (size_t)len);
		free(mem);
		run_add(&r, len, out);
	}
	run_flush(&r);
}

/* buf NULL with buflen 0 */
static void ghba_null(const unsigned char *addr, socklen_t alen, int type)
{
	char out[LINE] = "";

	ghba_r(out, addr, alen, type, NULL, 0);
	printf("gethostbyaddr_r addr=%s len=%u type=%s buf=NULL len=0 ->%s\n",
	       addr_str(addr, alen), (unsigned)alen, famname(type), out);
}

static void addrs(void)
{
	/* 10.53.0.10 followed by junk, so every len reads initialised bytes */
	static const unsigned char www[32] = { 10, 53, 0, 10, 1, 2, 3, 4, 5, 6, 7, 8,
	                                       9, 10, 11, 12, 13, 14, 15, 16, 17 };
	static const unsigned char host1[4] = { 10, 53, 1, 1 };
	static const unsigned char nop[4] = { 10, 53, 0, 250 };
	static const unsigned char ptronly[4] = { 10, 53, 0, 99 };
	static const unsigned char lo4[4] = { 127, 0, 0, 1 };
	static const unsigned char any[32];
	static const unsigned char dual6[16] = { 0xfd, 0x53, [15] = 0x20 };
	static const unsigned char lo6[16] = { [15] = 1 };
	static const unsigned char mapped[16] = { [10] = 0xff, 0xff, 10, 53, 0, 10 };
	static const socklen_t lens[] = { 0, 1, 3, 4, 5, 15, 16, 17, 32 };
	static const int types[] = { AF_INET, AF_INET6, AF_UNSPEC, AF_UNIX, 12345, -1 };

	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++)
		for (size_t j = 0; j < sizeof types / sizeof types[0]; j++) {
			ghba(www, lens[i], types[j]);
			ghba(any, lens[i], types[j]);
		}
	ghba(NULL, 0, AF_INET);
	ghba(NULL, 0, AF_INET6);
	ghba(host1, 4, AF_INET);
	ghba(nop, 4, AF_INET);
	ghba(ptronly, 4, AF_INET);
	ghba(lo4, 4, AF_INET);
	ghba(dual6, 16, AF_INET6);
	ghba(lo6, 16, AF_INET6);
	ghba(mapped, 16, AF_INET6);
	ghba_sweep(www, 4, AF_INET, 2048);
	ghba_sweep(host1, 4, AF_INET, 2048);
	ghba_sweep(lo4, 4, AF_INET, 2048);
	ghba_sweep(dual6, 16, AF_INET6, 2048);
	ghba_sweep(lo6, 16, AF_INET6, 2048);
	ghba_sweep(nop, 4, AF_INET, 1024);
	ghba_sweep(any, 16, AF_INET6, 64);
	ghba_sweep(www, 3, AF_INET, 256);
	ghba_null(www, 4, AF_INET);
	ghba_null(dual6, 16, AF_INET6);
	ghba_null(host1, 4, AF_INET);
}

/* ---- getnameinfo ---- */

static void buf_digest(char *out, const char *tag, const char *b, socklen_t len,
                       int null)
{
	char e[256];

	if (null) {
		add(out, " %s=NULL", tag);
		return;
	}
	if (!memchr(b, 0, len)) {
		/* untouched or unterminated: count the bytes still '#' */
		socklen_t k = 0;
		while (k < len && b[k] == '#')
			k++;
		add(out, " %s=unterminated(%u of %u untouched)", tag, (unsigned)k,
		    (unsigned)len);
		return;
	}
	add(out, " %s=%s", tag, esc(e, sizeof e, b, len));
}

/* host and serv malloc'ed at their exact lengths and filled with '#' */
static void gni_call(char *out, const struct sockaddr *sa, socklen_t salen,
                     int hnull, socklen_t hlen, int snull, socklen_t slen,
                     int flags)
{
	char *host = hnull ? NULL : malloc(hlen ? hlen : 1);
	char *serv = snull ? NULL : malloc(slen ? slen : 1);
	int rc;

	if (host)
		memset(host, '#', hlen ? hlen : 1);
	if (serv)
		memset(serv, '#', slen ? slen : 1);
	errno = ERRNO_SENTINEL;
	rc = getnameinfo(sa, salen, host, hlen, serv, slen, flags);
	add(out, " %s", eai(rc));
	/* glibc gives errno back as it found it on success */
	if (rc == EAI_SYSTEM || rc == 0)
		add(out, " errno=%s", errname(errno));
	buf_digest(out, "host", host, hlen, hnull);
	buf_digest(out, "serv", serv, slen, snull);
	free(host);
	free(serv);
}

static const char *sa_str(const struct sockaddr *sa, socklen_t salen)
{
	static char b[256];

	b[0] = 0;
	if (!sa) {
		snprintf(b, sizeof b, "sa=NULL salen=%u", (unsigned)salen);
		return b;
	}
	snprintf(b, sizeof b, "family=%s salen=%u", famname(sa->sa_family),
	         (unsigned)salen);
	if (sa->sa_family == AF_INET || sa->sa_family == AF_INET6) {
		char t[LINE] = "";
		sockaddr_digest(t, sa, sa->sa_family == AF_INET ? sizeof(struct sockaddr_in)
		                                               : sizeof(struct sockaddr_in6));
		snprintf(b + strlen(b), sizeof b - strlen(b), "%.200s", t);
	}
	return b;
}

static void gni(const struct sockaddr *sa, socklen_t salen, int hnull,
                socklen_t hlen, int snull, socklen_t slen, int flags)
{
	char out[LINE] = "";

	gni_call(out, sa, salen, hnull, hlen, snull, slen, flags);
	printf("getnameinfo %s host%s/%u serv%s/%u flags=0x%x ->%s\n", sa_str(sa, salen),
	       hnull ? "=NULL" : "", (unsigned)hlen, snull ? "=NULL" : "",
	       (unsigned)slen, (unsigned)flags, out);
}

static void gni_sweep(const struct sockaddr *sa, socklen_t salen, int host,
                      socklen_t max, int flags)
{
	char head[512], out[LINE];
	struct run r;

	snprintf(head, sizeof head, "getnameinfo %s flags=0x%x sweep=%s",
	         sa_str(sa, salen), (unsigned)flags, host ? "host" : "serv");
	run_start(&r, head);
	for (socklen_t len = 0; len <= max; len++) {
		out[0] = 0;
		if (host)
			gni_call(out, sa, salen, 0, len, 1, 0, flags);
		else
			gni_call(out, sa, salen, 1, 0, 0, len, flags);
		run_add(&r, len, out);
	}
	run_flush(&r);
	/* both buffers at once: the host sweep with a serv buffer too */
	if (!host)
		return;
	snprintf(head, sizeof head, "getnameinfo %s flags=0x%x sweep=host+serv32",
	         sa_str(sa, salen), (unsigned)flags);
	run_start(&r, head);
	for (socklen_t len = 0; len <= max; len++) {
		out[0] = 0;
		gni_call(out, sa, salen, 0, len, 0, 32, flags);
		run_add(&r, len, out);
	}
	run_flush(&r);
}

static struct sockaddr_in sin4(const char *a, int port)
{
	struct sockaddr_in s = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, a, &s.sin_addr);
	return s;
}

static struct sockaddr_in6 sin6(const char *a, int port, uint32_t scope)
{
	struct sockaddr_in6 s = { .sin6_family = AF_INET6,
	                          .sin6_port = htons((uint16_t)port),
	                          .sin6_scope_id = scope };
	inet_pton(AF_INET6, a, &s.sin6_addr);
	return s;
}

static void gni_args(void)
{
	struct sockaddr_in w = sin4("10.53.0.10", 80);
	struct sockaddr_in6 d = sin6("fd53::20", 443, 0);
	struct sockaddr_storage ss;
	struct sockaddr_un un = { .sun_family = AF_UNIX, .sun_path = "/tmp/x" };
	const struct sockaddr *ws = (const void *)&w, *ds = (const void *)&d;
	static const socklen_t salens[] = { 0, 1, 2, 3, 8, sizeof(struct sockaddr_in) - 1,
	                                    sizeof(struct sockaddr_in),
	                                    sizeof(struct sockaddr_in6) - 1,
	                                    sizeof(struct sockaddr_in6), 128 };
	static const int fams[] = { AF_UNSPEC, 3, 12345, 255 };

	gni(NULL, 16, 0, 64, 0, 32, 0);
	gni(NULL, 0, 0, 64, 0, 32, 0);
	gni(NULL, 16, 1, 0, 1, 0, NI_NAMEREQD);
	for (size_t i = 0; i < sizeof salens / sizeof salens[0]; i++) {
		memset(&ss, 0, sizeof ss);
		memcpy(&ss, &w, sizeof w);
		gni((const void *)&ss, salens[i], 0, 64, 0, 32, NI_NUMERICHOST);
		memset(&ss, 0, sizeof ss);
		memcpy(&ss, &d, sizeof d);
		gni((const void *)&ss, salens[i], 0, 64, 0, 32, NI_NUMERICHOST);
	}
	for (size_t i = 0; i < sizeof fams / sizeof fams[0]; i++) {
		memset(&ss, 0, sizeof ss);
		memcpy(&ss, &w, sizeof w);
		ss.ss_family = (sa_family_t)fams[i];
		gni((const void *)&ss, sizeof ss, 0, 64, 0, 32, 0);
		gni((const void *)&ss, sizeof ss, 0, 64, 0, 32, NI_NUMERICHOST | NI_NUMERICSERV);
	}
	gni((const void *)&un, 2, 0, 64, 0, 32, NI_NUMERICHOST);
	gni((const void *)&un, sizeof un, 0, 64, 0, 32, NI_NUMERICHOST | NI_NUMERICSERV);
	/* NULL buffers with lengths, buffers with length 0 */
	gni(ws, sizeof w, 1, 64, 1, 32, 0);
	gni(ws, sizeof w, 1, 64, 1, 32, NI_NAMEREQD);
	gni(ws, sizeof w, 1, 0, 1, 0, NI_NAMEREQD);
	gni(ws, sizeof w, 0, 0, 0, 0, NI_NAMEREQD);
	gni(ws, sizeof w, 1, 64, 0, 32, 0);
	gni(ws, sizeof w, 0, 64, 1, 32, 0);
	gni(ws, sizeof w, 0, 0, 0, 32, 0);
	gni(ws, sizeof w, 0, 64, 0, 0, 0);
	gni(ds, sizeof d, 1, 1025, 1, 32, NI_NAMEREQD);
	gni(ds, sizeof d, 0, 1025, 1, 32, NI_NAMEREQD);
	gni(ds, sizeof d, 0, 1025, 0, 32, 0);
}

static void gni_flags(void)
{
	struct sockaddr_in w = sin4("10.53.0.10", 80), n = sin4("10.53.0.250", 80);
	struct sockaddr_in6 d = sin6("fd53::20", 443, 0);

	for (int bit = 0; bit < 32; bit++) {
		int f = (int)(1u << bit);
		/* NI_NOFQDN, NI_IDN and the IDN bits go to glibc: kept */
		gni((const void *)&w, sizeof w, 0, 1025, 0, 32, f);
		gni((const void *)&n, sizeof n, 0, 1025, 0, 32, f);
	}
	gni((const void *)&w, sizeof w, 0, 1025, 0, 32, -1);
	gni((const void *)&w, sizeof w, 0, 1025, 0, 32, 0xff);
	gni((const void *)&w, sizeof w, 0, 1025, 0, 32, 0x1f);
	gni((const void *)&d, sizeof d, 0, 1025, 0, 32, NI_NAMEREQD | NI_NUMERICHOST);
	gni((const void *)&n, sizeof n, 0, 1025, 0, 32, NI_NAMEREQD | NI_NUMERICHOST);
}

static void gni_sweeps(void)
{
	struct sockaddr_in w = sin4("10.53.0.10", 80), n = sin4("10.53.0.250", 80);
	struct sockaddr_in p = sin4("10.53.0.99", 0), h = sin4("10.53.1.1", 12345);
	struct sockaddr_in6 d = sin6("fd53::20", 443, 0), l = sin6("fe80::1", 53, 1);
	struct sockaddr_in6 s = sin6("fe80::1", 53, 999), m = sin6("ff02::1", 53, 1);
	struct sockaddr_in6 g = sin6("fd53::20", 443, 4294967295u);
	struct sockaddr_in6 v = sin6("::ffff:10.53.0.10", 65535, 0);
	static const int hf[] = { 0, NI_NUMERICHOST, NI_NAMEREQD };
	static const int sf[] = { 0, NI_NUMERICSERV, NI_DGRAM };
	const struct { const struct sockaddr *sa; socklen_t len; } t[] = {
		{ (const void *)&w, sizeof w }, { (const void *)&n, sizeof n },
		{ (const void *)&p, sizeof p }, { (const void *)&h, sizeof h },
		{ (const void *)&d, sizeof d }, { (const void *)&l, sizeof l },
		{ (const void *)&s, sizeof s }, { (const void *)&m, sizeof m },
		{ (const void *)&g, sizeof g }, { (const void *)&v, sizeof v },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		for (size_t j = 0; j < sizeof hf / sizeof hf[0]; j++)
			gni_sweep(t[i].sa, t[i].len, 1, 40, hf[j]);
		for (size_t j = 0; j < sizeof sf / sizeof sf[0]; j++)
			gni_sweep(t[i].sa, t[i].len, 0, 10, sf[j]);
	}
}

/* ---- gai_strerror ---- */

static void strerrors(void)
{
	static const int extra[] = { -100, -101, -102, -103, -104, -105, 1000000,
	                             INT_MAX, INT_MIN, -1000000 };

	for (int c = -20; c <= 5; c++)
		printf("gai_strerror %d -> %s\n", c, q(gai_strerror(c)));
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
		printf("gai_strerror %d -> %s\n", extra[i], q(gai_strerror(extra[i])));
}

typedef int gai_fn(const char *, const char *, const struct addrinfo *,
                   struct addrinfo **);

int main(void)
{
	void *libc = dlopen("libc.so.6", RTLD_NOLOAD | RTLD_LAZY);
	gai_fn *libc_gai = libc ? (gai_fn *)dlsym(libc, "getaddrinfo") : NULL;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("interposed=%d\n", libc_gai && libc_gai != getaddrinfo);
	gai_basics();
	gai_flags();
	gai_families();
	gai_socktypes();
	gai_services();
	names();
	long_names();
	ghbn_families();
	ghbn_sweeps();
	addrs();
	gni_args();
	gni_flags();
	gni_sweeps();
	strerrors();
	return 0;
}
