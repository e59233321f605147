/*
 * aresolv-query: ask the libc resolver API one question and print the
 * answer in a stable, line-oriented, deterministic text form.
 *
 * Run plainly it shows glibc; run with LD_PRELOAD=build/libaresolv.so it
 * shows aresolv.  Two runs can be compared with diff(1) line by line.
 * Only the libc API is used (no c-ares).
 *
 * Usage:
 *   aresolv-query gai NODE [SERVICE] [--family 4|6|0|af=N]
 *       [--socktype stream|dgram|raw|seqpacket|dccp|rdm|packet|N]
 *       [--protocol tcp|udp|sctp|udplite|icmp|icmpv6|N]
 *       [--flags CANONNAME,NUMERICHOST,NUMERICSERV,PASSIVE,ADDRCONFIG,
 *                V4MAPPED,ALL,IDN,CANONIDN,0xNN] [--no-hints]
 *   aresolv-query ghbn NAME                 gethostbyname
 *   aresolv-query ghbn2 NAME 4|6|0|af=N     gethostbyname2
 *   aresolv-query ghbr NAME [BUFLEN]        gethostbyname_r (default 8192)
 *   aresolv-query ghba ADDR                 gethostbyaddr (family from ADDR)
 *   aresolv-query gni ADDR[%SCOPE] PORT [--flags NUMERICHOST,NUMERICSERV,
 *       NOFQDN,NAMEREQD,DGRAM,IDN,0xNN] [--hostlen N] [--servlen N]
 *       [--scope N] [--salen N]
 *   aresolv-query --batch FILE|-
 *   aresolv-query --help | --version
 *
 * The word "-" (or "(null)") for NODE or SERVICE passes NULL; an empty word
 * ("" in a batch file) passes the empty string.  Options take their value
 * as the next word or after '=' (--flags=PASSIVE).  SERVICE may be omitted
 * (NULL).  --hostlen/--servlen 0 pass a NULL buffer and a length of 0;
 * defaults are NI_MAXHOST (1025) and NI_MAXSERV (32).  --scope overrides
 * the %SCOPE of the address (a number or an interface name); --salen
 * overrides the socklen_t passed to getnameinfo (at most 128).
 *
 * Output format.  Strings are printed in double quotes with '"', '\' and
 * bytes outside 0x20..0x7e escaped as \" \\ \xNN; a NULL string is "-".
 * Each query prints a header line echoing the query, then result lines:
 *
 *   gai node="localhost" service="80" family=unspec socktype=stream protocol=0 flags=0x2
 *   gai node="localhost" service=- hints=-                  (--no-hints)
 *     ai family=inet6 socktype=stream protocol=6 addrlen=28 addr=::1 port=80 flowinfo=0 scope=0 flags=0x2 canonname="localhost"
 *     ai family=inet socktype=stream protocol=6 addrlen=16 addr=127.0.0.1 port=80 flags=0x2 canonname=-
 *       (family/socktype: names as in the options, otherwise the number;
 *        protocol and ports: numbers; flags: ai_flags in hex; an unknown
 *        family prints "addr=hex:..." of ai_addrlen bytes (at most 128);
 *        "sa_family=X" is added after addr when it differs from ai_family;
 *        a NULL ai_addr prints "addr=-"; a success with an empty list
 *        prints "empty")
 *   or, on error:
 *     error EAI_NONAME msg="Name or service not known"
 *     error EAI_SYSTEM errno=ECONNREFUSED msg="System error"
 *       (msg is gai_strerror(); unknown codes print as EAI_#N)
 *
 *   ghbn name="localhost"            ghbn2 name="localhost" family=inet6
 *   ghba addr=127.0.0.1 family=inet
 *     h_name="localhost"
 *     alias "ip6-localhost"          (one line per alias)
 *     h_addrtype=inet                (inet, inet6 or the number)
 *     h_length=4
 *     addr 127.0.0.1                 (one line per address; an unknown
 *                                     type or length prints hex:...)
 *   or, on error (result NULL):
 *     h_errno HOST_NOT_FOUND         (TRY_AGAIN, NO_RECOVERY, NO_DATA,
 *                                     NETDB_INTERNAL, NETDB_SUCCESS, #N)
 *
 *   ghbr name="localhost" buflen=8192
 *     ret=0 h_errno=NETDB_SUCCESS result=set     then the hostent lines
 *     ret=ERANGE h_errno=NETDB_INTERNAL result=null
 *       (ret is the return value as an errno name; h_errno is the value
 *        stored through h_errnop, "unset" if the call left it untouched)
 *
 *   gni addr=127.0.0.1 port=80 flags=0x3 hostlen=1025 servlen=32 scope=0 salen=16
 *     host="127.0.0.1" serv="80"      (host=- / serv=- for a NULL buffer)
 *   or  error EAI_... as above.
 *
 * --batch reads one query per line in the command-line syntax (whitespace
 * separated words, double quotes for words with spaces, \" and \\ inside
 * quotes, '#' at the start of a word begins a comment, blank lines
 * ignored).  For each query it prints "query: <the line, trimmed>", the
 * query's output, then a blank line.  A malformed line prints
 * "usage-error <message>" as its result.
 *
 * Exit status: single query 0 on success, 1 if the resolver returned an
 * error, 2 on a usage error (message on stderr).  --batch: 0 if every
 * query ran (resolver errors are results), 2 if any line was malformed or
 * the file could not be read.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define VERSION "aresolv-query 0.1"
#define MAXWORDS 64

/* ---------- output helpers ---------- */

static void put_str(const char *s)
{
	if (!s) {
		fputs("-", stdout);
		return;
	}
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void put_hex(const void *data, size_t len)
{
	const unsigned char *p = data;
	fputs("hex:", stdout);
	for (size_t i = 0; i < len; i++)
		printf("%02x", p[i]);
}

static const char *errno_name(int e, char *buf, size_t len)
{
	const char *n;
	if (e == 0)
		return "0";
	n = strerrorname_np(e);
	if (n)
		return n;
	snprintf(buf, len, "E#%d", e);
	return buf;
}

static const char *family_name(int af, char *buf, size_t len)
{
	switch (af) {
	case AF_UNSPEC: return "unspec";
	case AF_INET: return "inet";
	case AF_INET6: return "inet6";
	case AF_UNIX: return "unix";
	}
	snprintf(buf, len, "%d", af);
	return buf;
}

static const char *socktype_name(int st, char *buf, size_t len)
{
	switch (st) {
	case SOCK_STREAM: return "stream";
	case SOCK_DGRAM: return "dgram";
	case SOCK_RAW: return "raw";
	case SOCK_RDM: return "rdm";
	case SOCK_SEQPACKET: return "seqpacket";
	case SOCK_DCCP: return "dccp";
	case SOCK_PACKET: return "packet";
	}
	snprintf(buf, len, "%d", st);
	return buf;
}

static const char *eai_name(int rc, char *buf, size_t len)
{
	switch (rc) {
	case 0: return "0";
	case EAI_BADFLAGS: return "EAI_BADFLAGS";
	case EAI_NONAME: return "EAI_NONAME";
	case EAI_AGAIN: return "EAI_AGAIN";
	case EAI_FAIL: return "EAI_FAIL";
	case EAI_NODATA: return "EAI_NODATA";
	case EAI_FAMILY: return "EAI_FAMILY";
	case EAI_SOCKTYPE: return "EAI_SOCKTYPE";
	case EAI_SERVICE: return "EAI_SERVICE";
	case EAI_ADDRFAMILY: return "EAI_ADDRFAMILY";
	case EAI_MEMORY: return "EAI_MEMORY";
	case EAI_SYSTEM: return "EAI_SYSTEM";
	case EAI_OVERFLOW: return "EAI_OVERFLOW";
	case EAI_INPROGRESS: return "EAI_INPROGRESS";
	case EAI_CANCELED: return "EAI_CANCELED";
	case EAI_NOTCANCELED: return "EAI_NOTCANCELED";
	case EAI_ALLDONE: return "EAI_ALLDONE";
	case EAI_INTR: return "EAI_INTR";
	case EAI_IDN_ENCODE: return "EAI_IDN_ENCODE";
	}
	snprintf(buf, len, "EAI_#%d", rc);
	return buf;
}

static const char *herrno_name(int h, char *buf, size_t len)
{
	switch (h) {
	case NETDB_INTERNAL: return "NETDB_INTERNAL";
	case NETDB_SUCCESS: return "NETDB_SUCCESS";
	case HOST_NOT_FOUND: return "HOST_NOT_FOUND";
	case TRY_AGAIN: return "TRY_AGAIN";
	case NO_RECOVERY: return "NO_RECOVERY";
	case NO_DATA: return "NO_DATA";
	}
	snprintf(buf, len, "#%d", h);
	return buf;
}

/* Print "error EAI_X [errno=E] msg=...": errno must be saved by the caller
 * right after the call that failed. */
static void put_eai_error(int rc, int saved_errno)
{
	char b[32], e[32];
	printf("error %s", eai_name(rc, b, sizeof b));
	if (rc == EAI_SYSTEM)
		printf(" errno=%s", errno_name(saved_errno, e, sizeof e));
	fputs(" msg=", stdout);
	put_str(gai_strerror(rc));
	putchar('\n');
}

/* ---------- usage errors ---------- */

/* The last usage error: printed on stderr, or as a result in a batch. */
static char usage_msg[512];

static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(usage_msg, sizeof usage_msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---------- value parsers ---------- */

static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;
	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_family(const char *s, int *af)
{
	long v;
	if (!strcmp(s, "4") || !strcasecmp(s, "inet"))
		*af = AF_INET;
	else if (!strcmp(s, "6") || !strcasecmp(s, "inet6"))
		*af = AF_INET6;
	else if (!strcmp(s, "0") || !strcasecmp(s, "unspec"))
		*af = AF_UNSPEC;
	else if (!strncmp(s, "af=", 3) && !parse_long(s + 3, 0, INT_MAX, &v))
		*af = (int)v;
	else
		return usage_error("bad family '%s' (4, 6, 0 or af=N)", s);
	return 0;
}

static int parse_socktype(const char *s, int *st)
{
	static const struct { const char *n; int v; } t[] = {
		{"stream", SOCK_STREAM}, {"dgram", SOCK_DGRAM},
		{"raw", SOCK_RAW}, {"rdm", SOCK_RDM},
		{"seqpacket", SOCK_SEQPACKET}, {"dccp", SOCK_DCCP},
		{"packet", SOCK_PACKET},
	};
	long v;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcasecmp(s, t[i].n)) {
			*st = t[i].v;
			return 0;
		}
	if (parse_long(s, INT_MIN, INT_MAX, &v))
		return usage_error("bad socktype '%s'", s);
	*st = (int)v;
	return 0;
}

static int parse_protocol(const char *s, int *pr)
{
	static const struct { const char *n; int v; } t[] = {
		{"ip", 0}, {"icmp", IPPROTO_ICMP}, {"tcp", IPPROTO_TCP},
		{"udp", IPPROTO_UDP}, {"icmpv6", IPPROTO_ICMPV6},
		{"sctp", IPPROTO_SCTP}, {"udplite", IPPROTO_UDPLITE},
		{"dccp", IPPROTO_DCCP}, {"raw", IPPROTO_RAW},
	};
	long v;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcasecmp(s, t[i].n)) {
			*pr = t[i].v;
			return 0;
		}
	if (parse_long(s, INT_MIN, INT_MAX, &v))
		return usage_error("bad protocol '%s'", s);
	*pr = (int)v;
	return 0;
}

struct flagname { const char *n; int v; };

static const struct flagname ai_flags[] = {
	{"PASSIVE", AI_PASSIVE}, {"CANONNAME", AI_CANONNAME},
	{"NUMERICHOST", AI_NUMERICHOST}, {"V4MAPPED", AI_V4MAPPED},
	{"ALL", AI_ALL}, {"ADDRCONFIG", AI_ADDRCONFIG},
	{"IDN", AI_IDN}, {"CANONIDN", AI_CANONIDN},
	{"NUMERICSERV", AI_NUMERICSERV}, {NULL, 0},
};

static const struct flagname ni_flags[] = {
	{"NUMERICHOST", NI_NUMERICHOST}, {"NUMERICSERV", NI_NUMERICSERV},
	{"NOFQDN", NI_NOFQDN}, {"NAMEREQD", NI_NAMEREQD},
	{"DGRAM", NI_DGRAM}, {"IDN", NI_IDN}, {NULL, 0},
};

/* "A,B,0x10": names (optionally with the AI_/NI_ prefix) or numbers, or'ed. */
static int parse_flags(const char *s, const struct flagname *tab,
		       const char *prefix, int *out)
{
	char buf[512], *tok, *save;
	int f = 0;
	if (strlen(s) >= sizeof buf)
		return usage_error("flags too long");
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",|", &save); tok;
	     tok = strtok_r(NULL, ",|", &save)) {
		const char *name = tok;
		long v;
		int found = 0;
		if (!strncasecmp(name, prefix, strlen(prefix)))
			name += strlen(prefix);
		for (const struct flagname *t = tab; t->n; t++)
			if (!strcasecmp(name, t->n)) {
				f |= t->v;
				found = 1;
				break;
			}
		if (found)
			continue;
		if (parse_long(tok, INT_MIN, UINT_MAX, &v))
			return usage_error("bad flag '%s'", tok);
		f |= (int)(unsigned int)v;
	}
	*out = f;
	return 0;
}

/* ---------- option scanner ---------- */

/* Splits argv into positionals and --name[=value] options.  Options whose
 * value is given as the next word are listed in `valued`. */
struct opts {
	const char *pos[MAXWORDS];
	int npos;
	const char *name[MAXWORDS];
	const char *val[MAXWORDS];
	int nopt;
};

static int is_null_word(const char *s)
{
	return !strcmp(s, "-") || !strcmp(s, "(null)");
}

static int scan(int argc, char **argv, const char *const *valued,
		const char *const *plain, struct opts *o)
{
	int only_pos = 0;
	o->npos = o->nopt = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (only_pos || a[0] != '-' || a[1] != '-') {
			if (o->npos >= MAXWORDS)
				return usage_error("too many arguments");
			o->pos[o->npos++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		const char *eq = strchr(a, '=');
		size_t nl = eq ? (size_t)(eq - a) : strlen(a);
		int ok = 0;
		for (const char *const *v = valued; *v; v++)
			if (strlen(*v) == nl && !strncmp(a, *v, nl)) {
				if (o->nopt >= MAXWORDS)
					return usage_error("too many options");
				o->name[o->nopt] = *v;
				if (eq)
					o->val[o->nopt] = eq + 1;
				else if (i + 1 < argc)
					o->val[o->nopt] = argv[++i];
				else
					return usage_error("option %s needs a value", *v);
				o->nopt++;
				ok = 1;
				break;
			}
		for (const char *const *p = plain; !ok && *p; p++)
			if (!strcmp(a, *p)) {
				if (o->nopt >= MAXWORDS)
					return usage_error("too many options");
				o->name[o->nopt] = *p;
				o->val[o->nopt++] = NULL;
				ok = 1;
			}
		if (!ok)
			return usage_error("unknown option '%s'", a);
	}
	return 0;
}

/* ---------- hostent ---------- */

static void put_hostent(const struct hostent *h)
{
	char b[32];
	fputs("h_name=", stdout);
	put_str(h->h_name);
	putchar('\n');
	for (char **a = h->h_aliases; a && *a; a++) {
		fputs("alias ", stdout);
		put_str(*a);
		putchar('\n');
	}
	printf("h_addrtype=%s\n", family_name(h->h_addrtype, b, sizeof b));
	printf("h_length=%d\n", h->h_length);
	for (char **a = h->h_addr_list; a && *a; a++) {
		char txt[INET6_ADDRSTRLEN];
		fputs("addr ", stdout);
		if (h->h_addrtype == AF_INET && h->h_length == 4 &&
		    inet_ntop(AF_INET, *a, txt, sizeof txt))
			fputs(txt, stdout);
		else if (h->h_addrtype == AF_INET6 && h->h_length == 16 &&
			 inet_ntop(AF_INET6, *a, txt, sizeof txt))
			fputs(txt, stdout);
		else if (h->h_length >= 0 && h->h_length <= 256)
			put_hex(*a, (size_t)h->h_length);
		else
			fputs("bad-length", stdout);
		putchar('\n');
	}
}

static int hostent_result(const struct hostent *h, int herr)
{
	char b[32];
	if (!h) {
		printf("h_errno %s\n", herrno_name(herr, b, sizeof b));
		return 1;
	}
	put_hostent(h);
	return 0;
}

/* ---------- commands ---------- */

static int cmd_gai(int argc, char **argv)
{
	static const char *const valued[] = {"--family", "--socktype",
		"--protocol", "--flags", NULL};
	static const char *const plain[] = {"--no-hints", NULL};
	struct opts o;
	struct addrinfo hints, *res = NULL;
	int nohints = 0, rc, saved, any_hint = 0;
	const char *node, *service = NULL;
	char b1[32], b2[32];

	memset(&hints, 0, sizeof hints);
	if (scan(argc, argv, valued, plain, &o))
		return -1;
	if (o.npos < 1 || o.npos > 2)
		return usage_error("usage: gai NODE [SERVICE] [options]");
	node = is_null_word(o.pos[0]) ? NULL : o.pos[0];
	if (o.npos == 2)
		service = is_null_word(o.pos[1]) ? NULL : o.pos[1];
	for (int i = 0; i < o.nopt; i++) {
		const char *n = o.name[i], *v = o.val[i];
		if (!strcmp(n, "--no-hints"))
			nohints = 1;
		else {
			any_hint = 1;
			if (!strcmp(n, "--family")) {
				if (parse_family(v, &hints.ai_family))
					return -1;
			} else if (!strcmp(n, "--socktype")) {
				if (parse_socktype(v, &hints.ai_socktype))
					return -1;
			} else if (!strcmp(n, "--protocol")) {
				if (parse_protocol(v, &hints.ai_protocol))
					return -1;
			} else if (parse_flags(v, ai_flags, "AI_", &hints.ai_flags))
				return -1;
		}
	}
	if (nohints && any_hint)
		return usage_error("--no-hints with other hints");

	fputs("gai node=", stdout);
	put_str(node);
	fputs(" service=", stdout);
	put_str(service);
	if (nohints)
		fputs(" hints=-\n", stdout);
	else
		printf(" family=%s socktype=%s protocol=%d flags=0x%x\n",
		       family_name(hints.ai_family, b1, sizeof b1),
		       socktype_name(hints.ai_socktype, b2, sizeof b2),
		       hints.ai_protocol, (unsigned)hints.ai_flags);
	fflush(stdout);

	errno = 0;
	rc = getaddrinfo(node, service, nohints ? NULL : &hints, &res);
	saved = errno;
	if (rc) {
		put_eai_error(rc, saved);
		return 1;
	}
	if (!res)
		puts("empty");
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		printf("ai family=%s socktype=%s protocol=%d addrlen=%u addr=",
		       family_name(ai->ai_family, b1, sizeof b1),
		       socktype_name(ai->ai_socktype, b2, sizeof b2),
		       ai->ai_protocol, (unsigned)ai->ai_addrlen);
		const struct sockaddr *sa = ai->ai_addr;
		char txt[INET6_ADDRSTRLEN];
		if (!sa) {
			fputs("-", stdout);
		} else if (sa->sa_family == AF_INET &&
			   ai->ai_addrlen >= sizeof(struct sockaddr_in)) {
			const struct sockaddr_in *s4 = (const void *)sa;
			if (!inet_ntop(AF_INET, &s4->sin_addr, txt, sizeof txt))
				strcpy(txt, "?");
			printf("%s", txt);
			if (ai->ai_family != AF_INET)
				fputs(" sa_family=inet", stdout);
			printf(" port=%u", (unsigned)ntohs(s4->sin_port));
		} else if (sa->sa_family == AF_INET6 &&
			   ai->ai_addrlen >= sizeof(struct sockaddr_in6)) {
			const struct sockaddr_in6 *s6 = (const void *)sa;
			if (!inet_ntop(AF_INET6, &s6->sin6_addr, txt, sizeof txt))
				strcpy(txt, "?");
			printf("%s", txt);
			if (ai->ai_family != AF_INET6)
				fputs(" sa_family=inet6", stdout);
			printf(" port=%u flowinfo=%u scope=%u",
			       (unsigned)ntohs(s6->sin6_port),
			       (unsigned)ntohl(s6->sin6_flowinfo),
			       (unsigned)s6->sin6_scope_id);
		} else {
			size_t n = ai->ai_addrlen > 128 ? 128 : ai->ai_addrlen;
			put_hex(sa, n);
			if (n >= sizeof(sa_family_t) && sa->sa_family != ai->ai_family)
				printf(" sa_family=%s",
				       family_name(sa->sa_family, b1, sizeof b1));
		}
		printf(" flags=0x%x canonname=", (unsigned)ai->ai_flags);
		put_str(ai->ai_canonname);
		putchar('\n');
	}
	freeaddrinfo(res);
	return 0;
}

static int cmd_ghbn(int argc, char **argv, int two)
{
	static const char *const none[] = {NULL};
	struct opts o;
	struct hostent *h;
	int af = AF_INET;
	char b[32];

	if (scan(argc, argv, none, none, &o))
		return -1;
	if (o.npos != 1 + two)
		return usage_error(two ? "usage: ghbn2 NAME 4|6" : "usage: ghbn NAME");
	if (two && parse_family(o.pos[1], &af))
		return -1;
	fputs(two ? "ghbn2 name=" : "ghbn name=", stdout);
	put_str(o.pos[0]);
	if (two)
		printf(" family=%s", family_name(af, b, sizeof b));
	putchar('\n');
	fflush(stdout);
	h_errno = 0;
	h = two ? gethostbyname2(o.pos[0], af) : gethostbyname(o.pos[0]);
	return hostent_result(h, h_errno);
}

static int cmd_ghbr(int argc, char **argv)
{
	static const char *const none[] = {NULL};
	struct opts o;
	struct hostent he, *result = &he;
	long buflen = 8192;
	int herr = INT_MIN, ret;
	char *buf;
	char b1[32], b2[32];

	if (scan(argc, argv, none, none, &o))
		return -1;
	if (o.npos < 1 || o.npos > 2)
		return usage_error("usage: ghbr NAME [BUFLEN]");
	if (o.npos == 2 && parse_long(o.pos[1], 0, 1L << 24, &buflen))
		return usage_error("bad BUFLEN '%s' (0..16777216)", o.pos[1]);
	buf = malloc(buflen ? (size_t)buflen : 1);
	if (!buf)
		return usage_error("out of memory");
	memset(&he, 0, sizeof he);
	fputs("ghbr name=", stdout);
	put_str(o.pos[0]);
	printf(" buflen=%ld\n", buflen);
	fflush(stdout);
	ret = gethostbyname_r(o.pos[0], &he, buf, (size_t)buflen, &result, &herr);
	printf("ret=%s h_errno=%s result=%s\n", errno_name(ret, b1, sizeof b1),
	       herr == INT_MIN ? "unset" : herrno_name(herr, b2, sizeof b2),
	       result ? "set" : "null");
	if (result)
		put_hostent(result);
	free(buf);
	return ret || !result ? 1 : 0;
}

static int cmd_ghba(int argc, char **argv)
{
	static const char *const none[] = {NULL};
	struct opts o;
	unsigned char addr[16];
	int af;
	socklen_t len;
	char b[32];

	if (scan(argc, argv, none, none, &o))
		return -1;
	if (o.npos != 1)
		return usage_error("usage: ghba ADDR");
	if (inet_pton(AF_INET, o.pos[0], addr) == 1)
		af = AF_INET, len = 4;
	else if (inet_pton(AF_INET6, o.pos[0], addr) == 1)
		af = AF_INET6, len = 16;
	else
		return usage_error("bad address '%s'", o.pos[0]);
	printf("ghba addr=%s family=%s\n", o.pos[0], family_name(af, b, sizeof b));
	fflush(stdout);
	h_errno = 0;
	struct hostent *h = gethostbyaddr(addr, len, af);
	return hostent_result(h, h_errno);
}

static int cmd_gni(int argc, char **argv)
{
	static const char *const valued[] = {"--flags", "--hostlen",
		"--servlen", "--scope", "--salen", NULL};
	static const char *const none[] = {NULL};
	struct opts o;
	struct sockaddr_storage ss;
	socklen_t salen;
	long hostlen = NI_MAXHOST, servlen = NI_MAXSERV, port, v;
	long scope = -1, salen_opt = -1;
	int flags = 0, rc, saved;
	char addr[INET6_ADDRSTRLEN + IF_NAMESIZE + 2], *pct;
	char *host = NULL, *serv = NULL;
	unsigned scope_id = 0;

	if (scan(argc, argv, valued, none, &o))
		return -1;
	if (o.npos != 2)
		return usage_error("usage: gni ADDR PORT [options]");
	for (int i = 0; i < o.nopt; i++) {
		const char *n = o.name[i], *val = o.val[i];
		if (!strcmp(n, "--flags")) {
			if (parse_flags(val, ni_flags, "NI_", &flags))
				return -1;
		} else if (!strcmp(n, "--hostlen")) {
			if (parse_long(val, 0, 1L << 20, &hostlen))
				return usage_error("bad --hostlen '%s'", val);
		} else if (!strcmp(n, "--servlen")) {
			if (parse_long(val, 0, 1L << 20, &servlen))
				return usage_error("bad --servlen '%s'", val);
		} else if (!strcmp(n, "--scope")) {
			if (parse_long(val, 0, UINT_MAX, &scope))
				return usage_error("bad --scope '%s'", val);
		} else {
			if (parse_long(val, 0, (long)sizeof ss, &salen_opt))
				return usage_error("bad --salen '%s' (0..%zu)",
						   val, sizeof ss);
		}
	}
	if (parse_long(o.pos[1], 0, 65535, &port))
		return usage_error("bad PORT '%s' (0..65535)", o.pos[1]);
	if (strlen(o.pos[0]) >= sizeof addr)
		return usage_error("bad address '%s'", o.pos[0]);
	strcpy(addr, o.pos[0]);
	pct = strchr(addr, '%');
	if (pct) {
		*pct++ = '\0';
		if (!parse_long(pct, 0, UINT_MAX, &v))
			scope_id = (unsigned)v;
		else if (!(scope_id = if_nametoindex(pct)))
			return usage_error("unknown scope '%s'", pct);
	}
	if (scope >= 0)
		scope_id = (unsigned)scope;

	memset(&ss, 0, sizeof ss);
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	if (!pct && inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
		salen = sizeof *s4;
	} else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
		s6->sin6_scope_id = scope_id;
		salen = sizeof *s6;
	} else
		return usage_error("bad address '%s'", o.pos[0]);
	if (salen_opt >= 0)
		salen = (socklen_t)salen_opt;

	if (hostlen && !(host = malloc((size_t)hostlen)))
		return usage_error("out of memory");
	if (servlen && !(serv = malloc((size_t)servlen))) {
		free(host);
		return usage_error("out of memory");
	}
	if (host)
		memset(host, 'X', (size_t)hostlen);
	if (serv)
		memset(serv, 'X', (size_t)servlen);

	printf("gni addr=%s port=%ld flags=0x%x hostlen=%ld servlen=%ld scope=%u salen=%u\n",
	       addr, port, (unsigned)flags, hostlen, servlen, scope_id,
	       (unsigned)salen);
	fflush(stdout);
	errno = 0;
	rc = getnameinfo((struct sockaddr *)&ss, salen, host, (socklen_t)hostlen,
			 serv, (socklen_t)servlen, flags);
	saved = errno;
	if (rc) {
		put_eai_error(rc, saved);
	} else {
		/* Never read past the buffers, even if not terminated. */
		if (host)
			host[strnlen(host, (size_t)hostlen - 1)] = '\0';
		if (serv)
			serv[strnlen(serv, (size_t)servlen - 1)] = '\0';
		fputs("host=", stdout);
		put_str(host);
		fputs(" serv=", stdout);
		put_str(serv);
		putchar('\n');
	}
	free(host);
	free(serv);
	return rc ? 1 : 0;
}

/* ---------- dispatch ---------- */

static void help(FILE *f)
{
	fputs(
"usage: aresolv-query COMMAND ARGS...     one query, answer on stdout\n"
"       aresolv-query --batch FILE|-      one query per line\n"
"       aresolv-query --help | --version\n"
"\n"
"commands:\n"
"  gai NODE [SERVICE] [--family 4|6|0|af=N] [--socktype stream|dgram|raw|\n"
"      seqpacket|dccp|rdm|packet|N] [--protocol tcp|udp|sctp|udplite|N]\n"
"      [--flags CANONNAME,NUMERICHOST,NUMERICSERV,PASSIVE,ADDRCONFIG,\n"
"      V4MAPPED,ALL,IDN,CANONIDN,0xNN] [--no-hints]        getaddrinfo\n"
"  ghbn NAME                                           gethostbyname\n"
"  ghbn2 NAME 4|6|0|af=N                               gethostbyname2\n"
"  ghbr NAME [BUFLEN]        gethostbyname_r, BUFLEN bytes (default 8192)\n"
"  ghba ADDR                 gethostbyaddr, family from the literal\n"
"  gni ADDR[%SCOPE] PORT [--flags NUMERICHOST,NUMERICSERV,NOFQDN,NAMEREQD,\n"
"      DGRAM,IDN,0xNN] [--hostlen N] [--servlen N] [--scope N] [--salen N]\n"
"                            getnameinfo; a length of 0 passes NULL\n"
"\n"
"NODE or SERVICE '-' (or '(null)') passes NULL; \"\" passes \"\".\n"
"Options also take the form --opt=value.  In a batch file: whitespace\n"
"separated words, \"double quotes\" for spaces, # comments, blank lines.\n"
"Each batch query prints 'query: LINE', its answer, then a blank line.\n"
"Exit: 0 answered, 1 resolver error, 2 usage error (batch: 0 or 2).\n"
"The output format is documented at the top of aresolv-query.c.\n", f);
}

static int run(int argc, char **argv)
{
	const char *c = argv[0];
	if (!strcmp(c, "gai"))
		return cmd_gai(argc - 1, argv + 1);
	if (!strcmp(c, "ghbn"))
		return cmd_ghbn(argc - 1, argv + 1, 0);
	if (!strcmp(c, "ghbn2"))
		return cmd_ghbn(argc - 1, argv + 1, 1);
	if (!strcmp(c, "ghbr"))
		return cmd_ghbr(argc - 1, argv + 1);
	if (!strcmp(c, "ghba"))
		return cmd_ghba(argc - 1, argv + 1);
	if (!strcmp(c, "gni"))
		return cmd_gni(argc - 1, argv + 1);
	return usage_error("unknown command '%s'", c);
}

/* Split a line into words in place: whitespace separated, "..." quoted with
 * \" and \\ escapes, '#' at the start of a word ends the line.  Returns the
 * word count or -1 (usage_msg set). */
static int split(char *line, char **words, int max)
{
	char *r = line, *w = line;
	int n = 0;
	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\v' || *r == '\f')
			r++;
		if (!*r || *r == '#')
			return n;
		if (n >= max)
			return usage_error("too many words");
		words[n++] = w;
		while (*r && !isspace((unsigned char)*r)) {
			if (*r == '"') {
				r++;
				while (*r && *r != '"') {
					if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
						r++;
					*w++ = *r++;
				}
				if (*r != '"')
					return usage_error("unterminated quote");
				r++;
			} else
				*w++ = *r++;
		}
		if (*r)
			r++;
		*w++ = '\0';   /* w never passes the separator just read */
	}
}

static int batch(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL, *copy = NULL;
	size_t cap = 0;
	ssize_t len;
	int status = 0;

	if (!f) {
		fprintf(stderr, "aresolv-query: %s: %s\n", path, strerror(errno));
		return 2;
	}
	while ((len = getline(&line, &cap, f)) != -1) {
		char *words[MAXWORDS], *s = line, *e;
		int n, rc;
		if ((size_t)len != strlen(line)) {
			printf("query: <line with a NUL byte>\nusage-error NUL byte in line\n\n");
			status = 2;
			continue;
		}
		while (*s && isspace((unsigned char)*s))
			s++;
		e = s + strlen(s);
		while (e > s && isspace((unsigned char)e[-1]))
			*--e = '\0';
		free(copy);
		if (!(copy = strdup(s))) {
			fprintf(stderr, "aresolv-query: out of memory\n");
			status = 2;
			break;
		}
		n = split(s, words, MAXWORDS);
		if (n == 0)
			continue;
		fputs("query: ", stdout);
		fputs(copy, stdout);
		putchar('\n');
		if (n < 0)
			rc = -1;
		else if (words[0][0] == '-')
			rc = usage_error("'%s' is not a query", words[0]);
		else
			rc = run(n, words);
		if (rc < 0) {
			printf("usage-error %s\n", usage_msg);
			status = 2;
		}
		putchar('\n');
		fflush(stdout);
	}
	free(line);
	free(copy);
	if (ferror(f)) {
		fprintf(stderr, "aresolv-query: %s: read error\n", path);
		status = 2;
	}
	if (f != stdin)
		fclose(f);
	return status;
}

int main(int argc, char **argv)
{
	int rc;
	if (argc < 2) {
		help(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		help(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		puts(VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "--batch") || !strncmp(argv[1], "--batch=", 8)) {
		const char *path = argv[1][7] == '=' ? argv[1] + 8 : argv[2];
		if (!path || !*path || argc > (argv[1][7] == '=' ? 2 : 3)) {
			fprintf(stderr, "aresolv-query: usage: --batch FILE|-\n");
			return 2;
		}
		rc = batch(path);
	} else {
		rc = run(argc - 1, argv + 1);
		if (rc < 0) {
			fflush(stdout);
			fprintf(stderr, "aresolv-query: %s\n", usage_msg);
			fprintf(stderr, "try 'aresolv-query --help'\n");
			rc = 2;
		}
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "aresolv-query: write error\n");
		return 2;
	}
	return rc;
}
