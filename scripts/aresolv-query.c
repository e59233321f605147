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
 *   aresolv-query gaia NODE [NODE...] [--mode wait|nowait] [--service S]
 *       [--family ..] [--socktype ..] [--protocol ..] [--flags ..]
 *                                           getaddrinfo_a (at most 16 nodes)
 *   aresolv-query res_query|res_search NAME TYPE [res options]
 *   aresolv-query res_querydomain NAME DOMAIN TYPE [res options]
 *   aresolv-query res_send NAME TYPE [res options]   (res_mkquery's query)
 *   aresolv-query res_send --query HEX [res options] (these bytes)
 *   aresolv-query res_nquery|res_nsearch|res_nquerydomain|res_nsend ...
 *       res options: [--class IN|CH|HS|ANY|N] [--anslen N] [--state
 *       res|init|uninit] [--options +EDNS0,-DNSRCH,+USEVC,...]
 *       [--servers ADDR[#PORT],...] [--retrans S] [--retry N] [--ndots N]
 *       [--search D1,D2,...] [--dnsrch D1,D2,...]
 *   aresolv-query --batch FILE|-
 *   aresolv-query --answers FILE QUERY...|--batch ...
 *                                           answered from FILE's records
 *                                           (ARESOLV_ANSWERS; libaresolv.so
 *                                           must be preloaded)
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
 *   gaia mode=wait nodes=2 service="80" family=unspec socktype=stream protocol=0 flags=0x0
 *     ret=0                          (getaddrinfo_a's result: 0, EAI_..., and
 *                                     errno=E for EAI_SYSTEM)
 *     request node="www.example"     then the request's result as gai
 *     ai ...                         prints it (or error EAI_...), one
 *     request node="nx.example"      request after the other.  nowait
 *     error EAI_NONAME msg="..."     waits with gai_suspend, one request
 *                                    at a time ("gai_suspend EAI_..." if
 *                                    it fails)
 *
 *   res_query name="www.example" class=IN type=A anslen=65536 state=res
 *   res_querydomain name="www" domain="example" class=IN type=A anslen=...
 *   res_send query=hex:1234... anslen=65536 state=res         (--query)
 *       (then the state options given, in this order, as given:
 *        servers= options= retrans= retry= ndots= search= dnsrch=)
 *     ret=50 h_errno=unset           (the return value; h_errno "unset"
 *                                     when the call left it alone; when
 *                                     ret is -1 errno=E; for res_n* also
 *                                     res_h_errno= from the state)
 *     header qr=1 opcode=0 aa=1 tc=0 rd=1 ra=1 ad=0 cd=0 rcode=NOERROR qd=1 an=1 ns=0 ar=0
 *     qd "www.example" class=IN type=A
 *     an "www.example" ttl=0 class=IN type=A 10.0.0.1
 *       The reply in the answer buffer: its first min(ret, anslen) bytes,
 *       or all anslen of them when the call failed with a reply there
 *       (the buffer is filled with 0xa5 first; a header counts as
 *       written when any of its bytes but the rcode's changed).  res_send
 *       prints "header id=same|differs ..." (the reply's ID against the
 *       query's), never an ID.  Records: "qd", "an", "ns", "ar", the
 *       owner, ttl, class and type (names or numbers) and the rdata: A,
 *       AAAA, NS/CNAME/PTR "target", MX pref "x", SRV prio weight port
 *       "target", SOA, TXT "string" ..., SSHFP alg type hex:..,
 *       URI prio weight "target", CAA flags "tag" "value", anything else
 *       (or rdata that does not parse) rdata=hex:...  The records of each
 *       section are sorted (the test server rotates them).  A record cut
 *       off by the end of the copy prints "an "owner" <end of buffer>"
 *       (or "an  <end of buffer>") and ends the output.  res_send with a
 *       query res_mkquery refuses prints "res_mkquery ret=-1" instead.
 *
 *   The state (--state): res, the thread's _res, is the only one of
 *   res_query, res_search, res_querydomain and res_send, and res_n*'s
 *   may take it too; init (res_n*'s default) is a state of the tool's
 *   own, res_ninit'd and res_nclose'd after; uninit a zeroed state never
 *   initialised.  The state options change the state after its
 *   initialisation as a program does: _res is res_init'd first (with
 *   retrans, retry and options at their defaults) and again after the
 *   query.  --options sets (+NAME, NAME) and clears (-NAME) RES_* bits
 *   (INIT DEBUG USEVC IGNTC RECURSE DEFNAMES STAYOPEN DNSRCH ROTATE
 *   EDNS0 SNGLKUP SNGLKUPREOP DNSSEC NOTLDQUERY NORELOAD TRUSTAD NOAAAA);
 *   --servers sets nsaddr_list and nscount (IPv6 servers, [ADDR]#PORT
 *   or ADDR#PORT, as res_init stores them: sin_family 0 in nsaddr_list,
 *   the address in _u._ext.nsaddrs; "" for none); --search copies the
 *   domains into defdname as res_init does (dnsrch pointing there),
 *   --dnsrch points dnsrch at the tool's own strings.  --anslen is any
 *   int up to 2^24 (the buffer is at least 12 bytes: glibc writes the
 *   rcode before it checks the length).  TYPE: A NS CNAME SOA PTR HINFO
 *   MX TXT AAAA SRV NAPTR OPT DS SSHFP RRSIG DNSKEY TLSA SVCB HTTPS AXFR
 *   ANY URI CAA or a number (any int: glibc checks the range).
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
#include <arpa/nameser.h>
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../src/qfmt.h"

/* the Makefile's VERSION, the one place it is written */
#ifndef ARESOLV_VERSION
#define ARESOLV_VERSION "unknown"
#endif
#define VERSION "aresolv-query " ARESOLV_VERSION
#define MAXWORDS 64

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

/* "A,B,0x10": names (optionally with the AI_/NI_ prefix) or numbers, or'ed. */
static int parse_flags(const char *s, const struct fmt_name *tab,
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
		for (const struct fmt_name *t = tab; t->n; t++)
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

/* ---------- commands ---------- */

/* One of gai's hint options (--family, --socktype, --protocol, --flags). */
static int parse_hint(const char *n, const char *v, struct addrinfo *hints)
{
	if (!strcmp(n, "--family"))
		return parse_family(v, &hints->ai_family);
	if (!strcmp(n, "--socktype"))
		return parse_socktype(v, &hints->ai_socktype);
	if (!strcmp(n, "--protocol"))
		return parse_protocol(v, &hints->ai_protocol);
	return parse_flags(v, fmt_ai_flags, "AI_", &hints->ai_flags);
}

static int cmd_gai(int argc, char **argv)
{
	static const char *const valued[] = {"--family", "--socktype",
		"--protocol", "--flags", NULL};
	static const char *const plain[] = {"--no-hints", NULL};
	struct opts o;
	struct addrinfo hints, *res = NULL;
	int nohints = 0, rc, saved, any_hint = 0;
	const char *node, *service = NULL;

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
			if (parse_hint(n, v, &hints))
				return -1;
		}
	}
	if (nohints && any_hint)
		return usage_error("--no-hints with other hints");

	fmt_gai_header(stdout, node, service, nohints ? NULL : &hints);
	fflush(stdout);

	errno = 0;
	rc = getaddrinfo(node, service, nohints ? NULL : &hints, &res);
	saved = errno;
	if (rc) {
		fmt_eai_error(stdout, rc, saved, gai_strerror(rc));
		return 1;
	}
	fmt_ai_list(stdout, res);
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
	fmt_str(stdout, o.pos[0]);
	if (two)
		printf(" family=%s", family_word(af, b, sizeof b));
	putchar('\n');
	fflush(stdout);
	h_errno = 0;
	h = two ? gethostbyname2(o.pos[0], af) : gethostbyname(o.pos[0]);
	return fmt_hostent_result(stdout, h, h_errno);
}

static int cmd_ghbr(int argc, char **argv)
{
	static const char *const none[] = {NULL};
	struct opts o;
	struct hostent he, *result = &he;
	long buflen = 8192;
	int herr = INT_MIN, ret;
	char *buf;

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
	fmt_str(stdout, o.pos[0]);
	printf(" buflen=%ld\n", buflen);
	fflush(stdout);
	ret = gethostbyname_r(o.pos[0], &he, buf, (size_t)buflen, &result, &herr);
	fmt_ghbr_result(stdout, ret, herr, result);
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
	printf("ghba addr=%s family=%s\n", o.pos[0], family_word(af, b, sizeof b));
	fflush(stdout);
	h_errno = 0;
	struct hostent *h = gethostbyaddr(addr, len, af);
	return fmt_hostent_result(stdout, h, h_errno);
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
			if (parse_flags(val, fmt_ni_flags, "NI_", &flags))
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
	if (rc)
		fmt_eai_error(stdout, rc, saved, gai_strerror(rc));
	else
		fmt_gni_names(stdout, host, (socklen_t)hostlen, serv, (socklen_t)servlen);
	free(host);
	free(serv);
	return rc ? 1 : 0;
}

/* ---------- getaddrinfo_a ---------- */

#define MAXGAIA 16

/* Wait with gai_suspend until no request is in progress, one request at
 * a time: glibc 2.36's gai_suspend, woken by one of several requests,
 * leaves its on-stack wait entry in another whose result is already
 * stored but whose waiters are not yet notified (it checks __return
 * without the notification), and __gai_notify later follows it. */
static int gaia_wait_all(struct gaicb **list, int n)
{
	for (int i = 0; i < n; i++)
		while (gai_error(list[i]) == EAI_INPROGRESS) {
			const struct gaicb *one[1] = {list[i]};
			int rc = gai_suspend(one, 1, NULL);
			if (rc && rc != EAI_ALLDONE && rc != EAI_INTR)
				return rc;
		}
	return 0;
}

static int cmd_gaia(int argc, char **argv)
{
	static const char *const valued[] = {"--family", "--socktype",
		"--protocol", "--flags", "--mode", "--service", NULL};
	static const char *const plain[] = {NULL};
	struct opts o;
	struct addrinfo hints;
	struct gaicb cbs[MAXGAIA], *list[MAXGAIA];
	const char *service = NULL;
	int nowait = 0, rc, saved, failed = 0;
	char b[32];

	memset(&hints, 0, sizeof hints);
	memset(cbs, 0, sizeof cbs);
	if (scan(argc, argv, valued, plain, &o))
		return -1;
	if (o.npos < 1 || o.npos > MAXGAIA)
		return usage_error("usage: gaia NODE [NODE...] [--mode wait|nowait] "
				   "[--service S] [gai options] (1..%d nodes)", MAXGAIA);
	for (int i = 0; i < o.nopt; i++) {
		const char *n = o.name[i], *v = o.val[i];
		if (!strcmp(n, "--mode")) {
			if (strcmp(v, "wait") && strcmp(v, "nowait"))
				return usage_error("bad --mode '%s' (wait or nowait)", v);
			nowait = !strcmp(v, "nowait");
		} else if (!strcmp(n, "--service"))
			service = is_null_word(v) ? NULL : v;
		else if (parse_hint(n, v, &hints))
			return -1;
	}
	printf("gaia mode=%s nodes=%d service=", nowait ? "nowait" : "wait", o.npos);
	fmt_str(stdout, service);
	fmt_hints(stdout, &hints);
	fflush(stdout);
	for (int i = 0; i < o.npos; i++) {
		cbs[i].ar_name = is_null_word(o.pos[i]) ? NULL : o.pos[i];
		cbs[i].ar_service = service;
		cbs[i].ar_request = &hints;
		list[i] = &cbs[i];
	}
	errno = 0;
	rc = getaddrinfo_a(nowait ? GAI_NOWAIT : GAI_WAIT, list, o.npos, NULL);
	saved = errno;
	printf("ret=%s", eai_word(rc, b, sizeof b));
	if (rc == EAI_SYSTEM)
		printf(" errno=%s", errno_word(saved, b, sizeof b));
	putchar('\n');
	if (nowait && (rc = gaia_wait_all(list, o.npos)))
		printf("gai_suspend %s\n", eai_word(rc, b, sizeof b));
	for (int i = 0; i < o.npos; i++) {
		int e = gai_error(list[i]);
		fputs("request node=", stdout);
		fmt_str(stdout, cbs[i].ar_name);
		putchar('\n');
		if (e) {
			fmt_eai_error(stdout, e, 0, gai_strerror(e));
			failed = 1;
		} else
			fmt_ai_list(stdout, cbs[i].ar_result);
		if (e != EAI_INPROGRESS && cbs[i].ar_result)
			freeaddrinfo(cbs[i].ar_result);
	}
	return failed;
}

/* ---------- res_* ---------- */

/* A name from the table or a number (any int: glibc checks the range). */
static int parse_named(const char *s, const struct fmt_name *t,
		       const char *what, int *out)
{
	long v;
	for (; t->n; t++)
		if (!strcasecmp(s, t->n)) {
			*out = t->v;
			return 0;
		}
	if (parse_long(s, INT_MIN, INT_MAX, &v))
		return usage_error("bad %s '%s'", what, s);
	*out = (int)v;
	return 0;
}

#define NOT_GIVEN LONG_MIN

enum state_kind { STATE_RES, STATE_INIT, STATE_UNINIT };

/* What a res_* query changes in its state, as a program would. */
struct res_settings {
	unsigned long set, clear;      /* --options */
	int nservers;                  /* --servers, -1 when not given */
	struct sockaddr_in6 servers[MAXNS];
	long retrans, retry, ndots;    /* NOT_GIVEN when not given */
	int nsearch;                   /* --search or --dnsrch, -1 if neither */
	int own_search;                /* --dnsrch: dnsrch points at search */
	char search[256];              /* the domains, NUL separated */
	const char *words[7];          /* the options as given, for the header */
};

struct res_query {
	const char *verb;
	int nform;                     /* res_n*: pass a state */
	const char *name, *domain;
	int class, type;
	long anslen;
	enum state_kind state;
	unsigned char query[NS_MAXMSG];
	long qlen;                     /* --query: its length, else -1 */
	struct res_settings set;
};

static int parse_res_options(const char *s, struct res_settings *rs)
{
	char buf[512], *tok, *save;
	if (strlen(s) >= sizeof buf)
		return usage_error("options too long");
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int clear = *tok == '-', v;
		const char *name = tok + (*tok == '-' || *tok == '+');
		if (!strncasecmp(name, "RES_", 4))
			name += 4;
		if (parse_named(name, fmt_res_opts, "option", &v))
			return -1;
		if (clear)
			rs->clear |= (unsigned long)(unsigned)v;
		else
			rs->set |= (unsigned long)(unsigned)v;
	}
	return 0;
}

/* ADDR or ADDR#PORT (IPv6 too, or [ADDR]#PORT) into a sockaddr_in6 or
 * a sockaddr_in laid over one. */
static int parse_server(char *s, struct sockaddr_in6 *sa)
{
	char *hash = strrchr(s, '#');
	long port = 53;
	struct sockaddr_in *s4 = (struct sockaddr_in *)sa;

	if (hash) {
		*hash = '\0';
		if (parse_long(hash + 1, 0, 65535, &port))
			return usage_error("bad server port '%s'", hash + 1);
	}
	if (*s == '[' && s[strlen(s) - 1] == ']') {
		s[strlen(s) - 1] = '\0';
		s++;
	}
	memset(sa, 0, sizeof *sa);
	if (inet_pton(AF_INET, s, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
	} else if (inet_pton(AF_INET6, s, &sa->sin6_addr) == 1) {
		sa->sin6_family = AF_INET6;
		sa->sin6_port = htons((unsigned short)port);
	} else
		return usage_error("bad server address '%s'", s);
	return 0;
}

static int parse_servers(const char *s, struct res_settings *rs)
{
	char buf[512], *tok, *save;
	if (strlen(s) >= sizeof buf)
		return usage_error("servers too long");
	strcpy(buf, s);
	rs->nservers = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (rs->nservers >= MAXNS)
			return usage_error("at most %d servers", MAXNS);
		if (parse_server(tok, &rs->servers[rs->nservers++]))
			return -1;
	}
	return 0;
}

/* D1,D2,...: stored one after the other, as glibc stores them in
 * defdname.  "" is an empty list. */
static int parse_search(const char *s, struct res_settings *rs, int own)
{
	char buf[512], *tok, *save;
	size_t used = 0;
	if (strlen(s) >= sizeof buf)
		return usage_error("search list too long");
	strcpy(buf, s);
	rs->nsearch = 0;
	rs->own_search = own;
	memset(rs->search, 0, sizeof rs->search);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t l = strlen(tok) + 1;
		if (rs->nsearch >= MAXDNSRCH || used + l > sizeof rs->search)
			return usage_error("search list: at most %d domains, 255 bytes",
					   MAXDNSRCH);
		memcpy(rs->search + used, tok, l);
		used += l;
		rs->nsearch++;
	}
	return 0;
}

static int parse_hexbytes(const char *s, unsigned char *out, size_t max, long *len)
{
	size_t n = strlen(s);
	if (!strncmp(s, "hex:", 4))
		s += 4, n -= 4;
	if (n % 2 || n / 2 > max)
		return usage_error("bad --query (an even number of hex digits, at most %zu bytes)", max);
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v;
		if (!isxdigit((unsigned char)s[2 * i]) || !isxdigit((unsigned char)s[2 * i + 1]) ||
		    sscanf(s + 2 * i, "%2x", &v) != 1)
			return usage_error("bad --query hex '%s'", s);
		out[i] = (unsigned char)v;
	}
	*len = (long)(n / 2);
	return 0;
}

static int parse_state(const char *v, struct res_query *q)
{
	if (!strcmp(v, "res"))
		q->state = STATE_RES;
	else if (!strcmp(v, "init") && q->nform)
		q->state = STATE_INIT;
	else if (!strcmp(v, "uninit") && q->nform)
		q->state = STATE_UNINIT;
	else
		return usage_error(q->nform ? "bad --state '%s' (res, init or uninit)"
				   : "bad --state '%s' (res only: the thread's _res)", v);
	return 0;
}

static int res_option(const char *n, const char *v, struct res_query *q)
{
	struct res_settings *rs = &q->set;
	if (!strcmp(n, "--class"))
		return parse_named(v, fmt_rr_classes, "class", &q->class);
	if (!strcmp(n, "--anslen"))
		return parse_long(v, INT_MIN, 1L << 24, &q->anslen)
			? usage_error("bad --anslen '%s'", v) : 0;
	if (!strcmp(n, "--state"))
		return parse_state(v, q);
	if (!strcmp(n, "--query"))
		return parse_hexbytes(v, q->query, sizeof q->query, &q->qlen);
	if (!strcmp(n, "--options"))
		return parse_res_options(v, rs);
	if (!strcmp(n, "--servers"))
		return parse_servers(v, rs);
	if (!strcmp(n, "--search") || !strcmp(n, "--dnsrch"))
		return parse_search(v, rs, !strcmp(n, "--dnsrch"));
	if (!strcmp(n, "--retrans"))
		return parse_long(v, INT_MIN, INT_MAX, &rs->retrans)
			? usage_error("bad --retrans '%s'", v) : 0;
	if (!strcmp(n, "--retry"))
		return parse_long(v, INT_MIN, INT_MAX, &rs->retry)
			? usage_error("bad --retry '%s'", v) : 0;
	return parse_long(v, 0, RES_MAXNDOTS, &rs->ndots)
		? usage_error("bad --ndots '%s' (0..%d)", v, RES_MAXNDOTS) : 0;
}

/* The state options in the order of the header line. */
static const char *const state_opts[] = {"--servers", "--options",
	"--retrans", "--retry", "--ndots", "--search", "--dnsrch"};
#define NSTATE_OPTS (int)(sizeof state_opts / sizeof state_opts[0])

static int res_positionals(const struct opts *o, struct res_query *q);

static int parse_res(int argc, char **argv, struct res_query *q)
{
	static const char *const valued[] = {"--class", "--anslen", "--state",
		"--query", "--options", "--servers", "--retrans", "--retry",
		"--ndots", "--search", "--dnsrch", NULL};
	static const char *const plain[] = {NULL};
	struct opts o;

	q->class = C_IN;
	q->anslen = 65536;
	q->state = q->nform ? STATE_INIT : STATE_RES;
	q->qlen = -1;
	q->set.nservers = q->set.nsearch = -1;
	q->set.retrans = q->set.retry = q->set.ndots = NOT_GIVEN;
	if (scan(argc, argv, valued, plain, &o))
		return -1;
	for (int i = 0; i < o.nopt; i++) {
		if (res_option(o.name[i], o.val[i], q))
			return -1;
		for (int k = 0; k < NSTATE_OPTS; k++)
			if (!strcmp(o.name[i], state_opts[k]))
				q->set.words[k] = o.val[i];
	}
	if (q->qlen >= 0 && strcmp(q->verb + strlen(q->verb) - 4, "send"))
		return usage_error("--query is for res_send and res_nsend");
	return res_positionals(&o, q);
}

static int is_send(const struct res_query *q)
{
	return !strcmp(q->verb + strlen(q->verb) - 4, "send");
}

static int is_domain(const struct res_query *q)
{
	return !strcmp(q->verb + strlen(q->verb) - 6, "domain");
}

static int res_positionals(const struct opts *o, struct res_query *q)
{
	int want = is_domain(q) ? 3 : 2;
	if (is_send(q) && q->qlen >= 0) {
		if (o->npos)
			return usage_error("usage: %s --query HEX [options] (no NAME TYPE)", q->verb);
		return 0;
	}
	if (o->npos != want)
		return usage_error(is_domain(q) ? "usage: %s NAME DOMAIN TYPE [options]"
				   : is_send(q) ? "usage: %s NAME TYPE | --query HEX [options]"
				   : "usage: %s NAME TYPE [options]", q->verb);
	q->name = o->pos[0];
	if (is_domain(q))
		q->domain = is_null_word(o->pos[1]) ? NULL : o->pos[1];
	return parse_named(o->pos[want - 1], fmt_rr_types, "type", &q->type);
}

/* ----- the state ----- */

static int settings_given(const struct res_settings *rs)
{
	return rs->set || rs->clear || rs->nservers >= 0 || rs->nsearch >= 0 ||
		rs->retrans != NOT_GIVEN || rs->retry != NOT_GIVEN || rs->ndots != NOT_GIVEN;
}

static int set_servers(res_state st, const struct res_settings *rs)
{
	for (int i = 0; i < rs->nservers; i++) {
		const struct sockaddr_in6 *sa = &rs->servers[i];
		if (sa->sin6_family == AF_INET) {
			memcpy(&st->nsaddr_list[i], sa, sizeof st->nsaddr_list[i]);
			continue;
		}
		/* As res_init stores an IPv6 server (resolv_conf.c) */
		st->nsaddr_list[i].sin_family = 0;
		if (!st->_u._ext.nsaddrs[i] &&
		    !(st->_u._ext.nsaddrs[i] = malloc(sizeof *sa)))
			return -1;
		*st->_u._ext.nsaddrs[i] = *sa;
	}
	st->nscount = rs->nservers;
	return 0;
}

/* --search copies the list into defdname as res_init does, --dnsrch
 * points dnsrch at the program's own strings. */
static void set_search(res_state st, const struct res_settings *rs)
{
	const char *base = rs->own_search ? rs->search : st->defdname;
	size_t used = 0;
	if (!rs->own_search)
		memcpy(st->defdname, rs->search, sizeof rs->search);
	for (int i = 0; i < rs->nsearch; i++) {
		st->dnsrch[i] = (char *)base + used;
		used += strlen(base + used) + 1;
	}
	st->dnsrch[rs->nsearch] = NULL;
}

static int apply_settings(res_state st, const struct res_settings *rs)
{
	st->options = (st->options | rs->set) & ~rs->clear;
	if (rs->retrans != NOT_GIVEN)
		st->retrans = (int)rs->retrans;
	if (rs->retry != NOT_GIVEN)
		st->retry = (int)rs->retry;
	if (rs->ndots != NOT_GIVEN)
		st->ndots = (unsigned)rs->ndots;
	if (rs->nsearch >= 0)
		set_search(st, rs);
	return rs->nservers >= 0 ? set_servers(st, rs) : 0;
}

/* res_init as a program calls it first, whatever came before: with
 * retrans, retry and options at their defaults, glibc attaches the
 * current resolv.conf (other values make it parse the file again, into a
 * configuration that then decides which search list res_search uses). */
static int reset_res(void)
{
	_res.retrans = RES_TIMEOUT;
	_res.retry = RES_DFLRETRY;
	_res.options = RES_DEFAULT | (_res.options & RES_INIT);
	return res_init();
}

/* The state the query runs with: the thread's _res (res_init first when
 * it is changed, as a program does), or a state of our own. */
static res_state state_get(struct res_query *q, struct __res_state *own)
{
	res_state st = &_res;
	memset(own, 0, sizeof *own);
	if (q->state == STATE_RES) {
		if (settings_given(&q->set) && reset_res() < 0)
			return NULL;
	} else {
		st = own;
		if (q->state == STATE_INIT && res_ninit(st) < 0)
			return NULL;
	}
	if (settings_given(&q->set) && apply_settings(st, &q->set))
		return NULL;
	return st;
}

/* Undo the query's changes: _res as resolv.conf makes it, our own state
 * closed.  A never initialised state is not closed (its _vcsock is 0, so
 * res_nclose would close standard input); its IPv6 servers are ours. */
static void state_put(struct res_query *q, res_state st)
{
	if (q->state == STATE_INIT) {
		res_nclose(st);
	} else if (q->state == STATE_UNINIT) {
		for (int i = 0; i < MAXNS; i++)
			free(st->_u._ext.nsaddrs[i]);
	} else if (settings_given(&q->set)) {
		reset_res();
	}
}

/* ----- running one ----- */

#define PATTERN 0xa5       /* the answer buffer's bytes before the call */
#define H_UNSET INT_MIN    /* h_errno and res_h_errno before it */

static void put_res_header(const struct res_query *q)
{
	char b1[32], b2[32];
	static const char *const states[] = {"res", "init", "uninit"};
	printf("%s", q->verb);
	if (q->qlen >= 0) {
		fputs(" query=", stdout);
		fmt_hex(stdout, q->query, (size_t)q->qlen);
	} else {
		fputs(" name=", stdout);
		fmt_str(stdout, q->name);
		if (is_domain(q)) {
			fputs(" domain=", stdout);
			fmt_str(stdout, q->domain);
		}
		printf(" class=%s type=%s", table_word(fmt_rr_classes, q->class, b1, sizeof b1),
		       table_word(fmt_rr_types, q->type, b2, sizeof b2));
	}
	printf(" anslen=%ld state=%s", q->anslen, states[q->state]);
	for (int k = 0; k < NSTATE_OPTS; k++)
		if (q->set.words[k]) {
			printf(" %s=", state_opts[k] + 2);
			fmt_str(stdout, q->set.words[k]);
		}
	putchar('\n');
}

/* res_send's query: --query's bytes or res_mkquery's; its length or -1. */
static int make_query(struct res_query *q, res_state st)
{
	int n;
	if (q->qlen >= 0)
		return (int)q->qlen;
	if (q->nform)
		n = res_nmkquery(st, QUERY, q->name, q->class, q->type, NULL, 0,
				 NULL, q->query, sizeof q->query);
	else
		n = res_mkquery(QUERY, q->name, q->class, q->type, NULL, 0,
				NULL, q->query, sizeof q->query);
	if (n < 0)
		printf("res_mkquery ret=%d\n", n);
	return n;
}

static int call(struct res_query *q, res_state st, unsigned char *ans, int len, int qlen)
{
	const char *v = q->verb + (q->nform ? 5 : 4);
	if (!strcmp(v, "query"))
		return q->nform ? res_nquery(st, q->name, q->class, q->type, ans, len)
			: res_query(q->name, q->class, q->type, ans, len);
	if (!strcmp(v, "search"))
		return q->nform ? res_nsearch(st, q->name, q->class, q->type, ans, len)
			: res_search(q->name, q->class, q->type, ans, len);
	if (!strcmp(v, "querydomain"))
		return q->nform ? res_nquerydomain(st, q->name, q->domain, q->class,
						   q->type, ans, len)
			: res_querydomain(q->name, q->domain, q->class, q->type, ans, len);
	return q->nform ? res_nsend(st, q->query, qlen, ans, len)
		: res_send(q->query, qlen, ans, len);
}

static int run_res(struct res_query *q)
{
	struct __res_state own;
	size_t size = q->anslen > HFIXEDSZ ? (size_t)q->anslen : HFIXEDSZ;
	unsigned char *ans, pattern[HFIXEDSZ];
	res_state st;
	int ret, qlen = 0, saved;

	put_res_header(q);
	fflush(stdout);
	if (!(st = state_get(q, &own))) {
		puts("state-error");
		return 1;
	}
	if (is_send(q) && (qlen = make_query(q, st)) < 0) {
		state_put(q, st);
		return 1;
	}
	if (!(ans = malloc(size))) {
		state_put(q, st);
		return usage_error("out of memory");
	}
	memset(ans, PATTERN, size);
	memset(pattern, PATTERN, sizeof pattern);
	st->res_h_errno = H_UNSET;
	h_errno = H_UNSET;
	errno = 0;
	ret = call(q, st, ans, (int)q->anslen, qlen);
	saved = errno;
	fmt_res_ret(stdout, ret, h_errno, saved, q->nform, st->res_h_errno);
	fmt_reply(stdout, ans, pattern, ret, q->anslen, is_send(q) && qlen >= 2 ? q->query : NULL);
	free(ans);
	state_put(q, st);
	return ret < 0;
}

static int cmd_res(const char *verb, int argc, char **argv)
{
	static struct res_query q;
	memset(&q, 0, sizeof q);
	q.verb = verb;
	q.nform = !strncmp(verb, "res_n", 5);
	if (parse_res(argc, argv, &q))
		return -1;
	return run_res(&q);
}

static int is_res_verb(const char *c)
{
	static const char *const verbs[] = {"res_query", "res_search",
		"res_querydomain", "res_send", "res_nquery", "res_nsearch",
		"res_nquerydomain", "res_nsend", NULL};
	for (const char *const *v = verbs; *v; v++)
		if (!strcmp(c, *v))
			return 1;
	return 0;
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
"  gaia NODE [NODE...] [--mode wait|nowait] [--service S] [gai's --family\n"
"      --socktype --protocol --flags]      getaddrinfo_a, gai_suspend\n"
"  res_query NAME TYPE, res_search NAME TYPE, res_querydomain NAME DOMAIN\n"
"      TYPE, res_send NAME TYPE | res_send --query HEX, and res_nquery,\n"
"      res_nsearch, res_nquerydomain, res_nsend the same, with:\n"
"      [--class IN|CH|HS|N] [--anslen N] [--state res|init|uninit]\n"
"      [--options +EDNS0,+DNSSEC,+USEVC,+IGNTC,+STAYOPEN,-DEFNAMES,-DNSRCH,\n"
"      +NOTLDQUERY,+NOAAAA,+TRUSTAD,+ROTATE,...] [--servers ADDR[#PORT],...]\n"
"      [--retrans S] [--retry N] [--ndots N] [--search D1,...] [--dnsrch D1,...]\n"
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
	if (!strcmp(c, "gaia"))
		return cmd_gaia(argc - 1, argv + 1);
	if (is_res_verb(c))
		return cmd_res(c, argc - 1, argv + 1);
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

/* Standard input as a stream of its own, /dev/null on descriptor 0: glibc
 * closes descriptor 0 when a never initialised state (its _vcsock is 0)
 * is used, which must not end the batch. */
static FILE *stdin_copy(void)
{
	int fd = dup(0), nul = open("/dev/null", O_RDONLY);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (nul > 0) {
		dup2(nul, 0);
		close(nul);
	}
	return f;
}

static int batch(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin_copy();
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
	fclose(f);
	return status;
}

/* --answers FILE: ARESOLV_ANSWERS for the library, read at the first
 * lookup; without the library preloaded glibc would ask the servers. */
static int answers_opt(int *argc, char ***argv)
{
	char *a = (*argv)[1], *file = NULL, *abs;
	Dl_info info;
	void *gai;
	int used = 0;

	if (!strcmp(a, "--answers") && *argc > 2)
		file = (*argv)[2], used = 2;
	else if (!strncmp(a, "--answers=", 10))
		file = a + 10, used = 1;
	if (!used)
		return strcmp(a, "--answers") ? 0 : usage_error("--answers needs a FILE");
	if (!*file || access(file, R_OK) || !(abs = realpath(file, NULL)))
		return usage_error("--answers: '%s' is not a readable file", file);
	gai = dlsym(RTLD_DEFAULT, "getaddrinfo");
	if (!gai || !dladdr(gai, &info) || !info.dli_fname || !strstr(info.dli_fname, "libaresolv")) {
		free(abs);
		return usage_error("--answers needs libaresolv.so preloaded "
		                   "(aresolv aresolv-query --answers FILE ...)");
	}
	setenv("ARESOLV_ANSWERS", abs, 1);
	free(abs);
	(*argv)[used] = (*argv)[0];
	*argc -= used;
	*argv += used;
	return 0;
}

int main(int argc, char **argv)
{
	int rc;
	if (argc > 1 && answers_opt(&argc, &argv) < 0) {
		fprintf(stderr, "aresolv-query: %s\n", usage_msg);
		return 2;
	}
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
