/* aresolv-query's text forms, shared by the tool and by shadow mode (see
 * qfmt.h): strings, names, getaddrinfo's list, hostents, getnameinfo's
 * buffers and a res_* call's return and reply.  Only libc: the library
 * builds this file into its shim, the tool and two test programs
 * (tests/res.c, tests/badinput.c) into themselves. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* AI_IDN, EAI_NODATA, strerrorname_np: the tests' cc alone */
#endif
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "qfmt.h"

/* ---- strings and names ---- */

const struct fmt_name fmt_ai_flags[] = {
	{"PASSIVE", AI_PASSIVE}, {"CANONNAME", AI_CANONNAME},
	{"NUMERICHOST", AI_NUMERICHOST}, {"V4MAPPED", AI_V4MAPPED},
	{"ALL", AI_ALL}, {"ADDRCONFIG", AI_ADDRCONFIG},
	{"IDN", AI_IDN}, {"CANONIDN", AI_CANONIDN},
	{"NUMERICSERV", AI_NUMERICSERV}, {NULL, 0},
};

const struct fmt_name fmt_ni_flags[] = {
	{"NUMERICHOST", NI_NUMERICHOST}, {"NUMERICSERV", NI_NUMERICSERV},
	{"NOFQDN", NI_NOFQDN}, {"NAMEREQD", NI_NAMEREQD},
	{"DGRAM", NI_DGRAM}, {"IDN", NI_IDN}, {NULL, 0},
};

const struct fmt_name fmt_rr_types[] = {
	{"A", 1}, {"NS", 2}, {"CNAME", 5}, {"SOA", 6}, {"PTR", 12},
	{"HINFO", 13}, {"MX", 15}, {"TXT", 16}, {"AAAA", 28}, {"SRV", 33},
	{"NAPTR", 35}, {"OPT", 41}, {"DS", 43}, {"SSHFP", 44}, {"RRSIG", 46},
	{"DNSKEY", 48}, {"TLSA", 52}, {"SVCB", 64}, {"HTTPS", 65},
	{"AXFR", 252}, {"ANY", 255}, {"URI", 256}, {"CAA", 257}, {NULL, 0},
};

const struct fmt_name fmt_rr_classes[] = {
	{"IN", 1}, {"CH", 3}, {"HS", 4}, {"NONE", 254}, {"ANY", 255}, {NULL, 0},
};

const struct fmt_name fmt_res_opts[] = {
	{"INIT", RES_INIT}, {"DEBUG", RES_DEBUG}, {"USEVC", RES_USEVC},
	{"IGNTC", RES_IGNTC}, {"RECURSE", RES_RECURSE},
	{"DEFNAMES", RES_DEFNAMES}, {"STAYOPEN", RES_STAYOPEN},
	{"DNSRCH", RES_DNSRCH}, {"ROTATE", RES_ROTATE},
	{"EDNS0", RES_USE_EDNS0}, {"USE_EDNS0", RES_USE_EDNS0},
	{"SNGLKUP", RES_SNGLKUP}, {"SNGLKUPREOP", RES_SNGLKUPREOP},
	{"DNSSEC", RES_USE_DNSSEC}, {"USE_DNSSEC", RES_USE_DNSSEC},
	{"NOTLDQUERY", RES_NOTLDQUERY}, {"NORELOAD", RES_NORELOAD},
	{"TRUSTAD", RES_TRUSTAD}, {"NOAAAA", RES_NOAAAA}, {NULL, 0},
};

static const char *const rcode_names[16] = {
	"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
	"YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE",
};

/* At most n bytes of s, quoted: '"', '\' and bytes outside 0x20..0x7e
 * escaped; NULL is "-". */
void fmt_nstr(FILE *f, const char *s, size_t n)
{
	if (!s) {
		fputs("-", f);
		return;
	}
	putc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; n-- && *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			fprintf(f, "\\x%02x", *p);
		else
			putc(*p, f);
	}
	putc('"', f);
}

void fmt_str(FILE *f, const char *s)
{
	fmt_nstr(f, s, SIZE_MAX);
}

void fmt_hex(FILE *f, const void *data, size_t len)
{
	const unsigned char *p = data;

	fputs("hex:", f);
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", p[i]);
}

const char *errno_word(int e, char *buf, size_t len)
{
	const char *n;

	if (e == 0)
		return "0";
	if ((n = strerrorname_np(e)))
		return n;
	snprintf(buf, len, "E#%d", e);
	return buf;
}

const char *family_word(int af, char *buf, size_t len)
{
	static const struct fmt_name t[] = {
		{ "unspec", AF_UNSPEC }, { "inet", AF_INET }, { "inet6", AF_INET6 },
		{ "unix", AF_UNIX }, { NULL, 0 },
	};

	return table_word(t, af, buf, len);
}

const char *socktype_word(int st, char *buf, size_t len)
{
	static const struct fmt_name t[] = {
		{ "stream", SOCK_STREAM }, { "dgram", SOCK_DGRAM }, { "raw", SOCK_RAW },
		{ "rdm", SOCK_RDM }, { "seqpacket", SOCK_SEQPACKET }, { "dccp", SOCK_DCCP },
		{ "packet", SOCK_PACKET }, { NULL, 0 },
	};

	return table_word(t, st, buf, len);
}

const char *eai_word(int rc, char *buf, size_t len)
{
	static const struct fmt_name t[] = {
		{ "0", 0 }, { "EAI_BADFLAGS", EAI_BADFLAGS }, { "EAI_NONAME", EAI_NONAME },
		{ "EAI_AGAIN", EAI_AGAIN }, { "EAI_FAIL", EAI_FAIL }, { "EAI_NODATA", EAI_NODATA },
		{ "EAI_FAMILY", EAI_FAMILY }, { "EAI_SOCKTYPE", EAI_SOCKTYPE },
		{ "EAI_SERVICE", EAI_SERVICE }, { "EAI_ADDRFAMILY", EAI_ADDRFAMILY },
		{ "EAI_MEMORY", EAI_MEMORY }, { "EAI_SYSTEM", EAI_SYSTEM },
		{ "EAI_OVERFLOW", EAI_OVERFLOW }, { "EAI_INPROGRESS", EAI_INPROGRESS },
		{ "EAI_CANCELED", EAI_CANCELED }, { "EAI_NOTCANCELED", EAI_NOTCANCELED },
		{ "EAI_ALLDONE", EAI_ALLDONE }, { "EAI_INTR", EAI_INTR },
		{ "EAI_IDN_ENCODE", EAI_IDN_ENCODE }, { NULL, 0 },
	};

	for (const struct fmt_name *p = t; p->n; p++)
		if (p->v == rc)
			return p->n;
	snprintf(buf, len, "EAI_#%d", rc);
	return buf;
}

const char *herrno_word(int h, char *buf, size_t len)
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

const char *table_word(const struct fmt_name *t, int v, char *buf, size_t len)
{
	for (; t->n; t++)
		if (t->v == v)
			return t->n;
	snprintf(buf, len, "%d", v);
	return buf;
}

/* "error EAI_X [errno=E] msg=...": err is errno saved right after the
 * call that failed, msg the gai_strerror of rc. */
void fmt_eai_error(FILE *f, int rc, int err, const char *msg)
{
	char b[32], e[32];

	fprintf(f, "error %s", eai_word(rc, b, sizeof b));
	if (rc == EAI_SYSTEM)
		fprintf(f, " errno=%s", errno_word(err, e, sizeof e));
	fputs(" msg=", f);
	fmt_str(f, msg);
	putc('\n', f);
}

/* ---- getaddrinfo and getnameinfo ---- */

/* The hints part of a gai/gaia header line, ending the line. */
void fmt_hints(FILE *f, const struct addrinfo *hints)
{
	char b1[32], b2[32];

	if (!hints) {
		fputs(" hints=-\n", f);
		return;
	}
	fprintf(f, " family=%s socktype=%s protocol=%d flags=0x%x\n",
	        family_word(hints->ai_family, b1, sizeof b1),
	        socktype_word(hints->ai_socktype, b2, sizeof b2), hints->ai_protocol,
	        (unsigned)hints->ai_flags);
}

void fmt_gai_header(FILE *f, const char *node, const char *service,
                    const struct addrinfo *hints)
{
	fputs("gai node=", f);
	fmt_str(f, node);
	fputs(" service=", f);
	fmt_str(f, service);
	fmt_hints(f, hints);
}

static void fmt_ai_addr(FILE *f, const struct addrinfo *ai)
{
	const struct sockaddr *sa = ai->ai_addr;
	char txt[INET6_ADDRSTRLEN], b[32];

	if (!sa) {
		fputs("-", f);
	} else if (sa->sa_family == AF_INET && ai->ai_addrlen >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *s4 = (const void *)sa;
		if (!inet_ntop(AF_INET, &s4->sin_addr, txt, sizeof txt))
			strcpy(txt, "?");
		fputs(txt, f);
		if (ai->ai_family != AF_INET)
			fputs(" sa_family=inet", f);
		fprintf(f, " port=%u", (unsigned)ntohs(s4->sin_port));
	} else if (sa->sa_family == AF_INET6 && ai->ai_addrlen >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *s6 = (const void *)sa;
		if (!inet_ntop(AF_INET6, &s6->sin6_addr, txt, sizeof txt))
			strcpy(txt, "?");
		fputs(txt, f);
		if (ai->ai_family != AF_INET6)
			fputs(" sa_family=inet6", f);
		fprintf(f, " port=%u flowinfo=%u scope=%u", (unsigned)ntohs(s6->sin6_port),
		        (unsigned)ntohl(s6->sin6_flowinfo), (unsigned)s6->sin6_scope_id);
	} else {
		size_t n = ai->ai_addrlen > 128 ? 128 : ai->ai_addrlen;
		fmt_hex(f, sa, n);
		if (n >= sizeof(sa_family_t) && sa->sa_family != ai->ai_family)
			fprintf(f, " sa_family=%s", family_word(sa->sa_family, b, sizeof b));
	}
}

/* One "ai ..." line per entry, or "empty" for a success with no list. */
void fmt_ai_list(FILE *f, const struct addrinfo *res)
{
	char b1[32], b2[32];

	if (!res)
		fputs("empty\n", f);
	for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		fprintf(f, "ai family=%s socktype=%s protocol=%d addrlen=%u addr=",
		        family_word(ai->ai_family, b1, sizeof b1),
		        socktype_word(ai->ai_socktype, b2, sizeof b2), ai->ai_protocol,
		        (unsigned)ai->ai_addrlen);
		fmt_ai_addr(f, ai);
		fprintf(f, " flags=0x%x canonname=", (unsigned)ai->ai_flags);
		fmt_str(f, ai->ai_canonname);
		putc('\n', f);
	}
}

/* getnameinfo's buffers of hostlen and servlen bytes (NULL: "-"), read
 * up to their last byte but one: never past them, terminated or not. */
void fmt_gni_names(FILE *f, const char *host, socklen_t hostlen, const char *serv,
                   socklen_t servlen)
{
	fputs("host=", f);
	fmt_nstr(f, host, hostlen - 1);
	fputs(" serv=", f);
	fmt_nstr(f, serv, servlen - 1);
	putc('\n', f);
}

/* ---- hostents ---- */

void fmt_hostent(FILE *f, const struct hostent *h)
{
	char b[32], txt[INET6_ADDRSTRLEN];

	fputs("h_name=", f);
	fmt_str(f, h->h_name);
	putc('\n', f);
	for (char **a = h->h_aliases; a && *a; a++) {
		fputs("alias ", f);
		fmt_str(f, *a);
		putc('\n', f);
	}
	fprintf(f, "h_addrtype=%s\n", family_word(h->h_addrtype, b, sizeof b));
	fprintf(f, "h_length=%d\n", h->h_length);
	for (char **a = h->h_addr_list; a && *a; a++) {
		fputs("addr ", f);
		if (h->h_addrtype == AF_INET && h->h_length == 4 &&
		    inet_ntop(AF_INET, *a, txt, sizeof txt))
			fputs(txt, f);
		else if (h->h_addrtype == AF_INET6 && h->h_length == 16 &&
		         inet_ntop(AF_INET6, *a, txt, sizeof txt))
			fputs(txt, f);
		else if (h->h_length >= 0 && h->h_length <= 256)
			fmt_hex(f, *a, (size_t)h->h_length);
		else
			fputs("bad-length", f);
		putc('\n', f);
	}
}

/* ghbn, ghbn2 and ghba: the hostent, or h_errno (then 1) */
int fmt_hostent_result(FILE *f, const struct hostent *h, int herr)
{
	char b[32];

	if (h) {
		fmt_hostent(f, h);
		return 0;
	}
	fprintf(f, "h_errno %s\n", herrno_word(herr, b, sizeof b));
	return 1;
}

/* ghbr: the return value, h_errno (INT_MIN: left alone), the hostent */
void fmt_ghbr_result(FILE *f, int rc, int herr, const struct hostent *result)
{
	char b1[32], b2[32];

	fprintf(f, "ret=%s h_errno=%s result=%s\n", errno_word(rc, b1, sizeof b1),
	        herr == INT_MIN ? "unset" : herrno_word(herr, b2, sizeof b2),
	        result ? "set" : "null");
	if (result)
		fmt_hostent(f, result);
}

/* ---- a res_* call ---- */

/* The return line: h_errno and res_h_errno INT_MIN when the call left
 * them alone, err the errno after it; res_h_errno for res_n* (nform). */
void fmt_res_ret(FILE *f, int ret, int herr, int err, int nform, int res_herr)
{
	char b[32];

	fprintf(f, "ret=%d h_errno=%s", ret,
	        herr == INT_MIN ? "unset" : herrno_word(herr, b, sizeof b));
	if (ret == -1)
		fprintf(f, " errno=%s", errno_word(err, b, sizeof b));
	if (nform)
		fprintf(f, " res_h_errno=%s", res_herr == INT_MIN ? "unset"
		        : herrno_word(res_herr, b, sizeof b));
	putc('\n', f);
}

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long get32(const unsigned char *p)
{
	return (unsigned long)get16(p) << 16 | get16(p + 2);
}

static const unsigned char *put_name(FILE *f, const unsigned char *msg,
                                     const unsigned char *end, const unsigned char *p)
{
	char name[NS_MAXDNAME];
	int n = dn_expand(msg, end, p, name, sizeof name);

	if (n < 0)
		return NULL;
	fmt_str(f, name);
	return p + n;
}

static void put_bytes(FILE *f, const unsigned char *p, size_t n)
{
	putc('"', f);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			fprintf(f, "\\%c", p[i]);
		else if (p[i] < 0x20 || p[i] > 0x7e)
			fprintf(f, "\\x%02x", p[i]);
		else
			putc(p[i], f);
	}
	putc('"', f);
}

/* Character strings filling the rdata: TXT's. */
static int put_strings(FILE *f, const unsigned char *p, const unsigned char *e)
{
	if (p == e)
		return -1;
	for (const unsigned char *s = p; s < e; s += 1 + *s)
		if (s + 1 + *s > e)
			return -1;
	for (int first = 1; p < e; p += 1 + *p, first = 0) {
		if (!first)
			putc(' ', f);
		put_bytes(f, p + 1, *p);
	}
	return 0;
}

/* Names then fixed fields: the rdata's text, or -1 when it does not
 * parse to its exact length (then the caller prints it as hex), -2 for a
 * type without a form. */
static int put_rdata(FILE *f, const unsigned char *msg, const unsigned char *end,
                     const unsigned char *p, unsigned len, unsigned type)
{
	const unsigned char *e = p + len;
	char txt[INET6_ADDRSTRLEN];

	switch (type) {
	case 1: case 28:
		if (len != (type == 1 ? 4u : 16u))
			return -1;
		fprintf(f, "%s\n", inet_ntop(type == 1 ? AF_INET : AF_INET6, p, txt, sizeof txt));
		return 0;
	case 2: case 5: case 12:
		p = put_name(f, msg, end, p);
		break;
	case 15:
		if (len < 3)
			return -1;
		fprintf(f, "%u ", get16(p));
		p = put_name(f, msg, end, p + 2);
		break;
	case 33:
		if (len < 7)
			return -1;
		fprintf(f, "%u %u %u ", get16(p), get16(p + 2), get16(p + 4));
		p = put_name(f, msg, end, p + 6);
		break;
	case 6:
		if (!(p = put_name(f, msg, end, p)) || putc(' ', f) == EOF ||
		    !(p = put_name(f, msg, end, p)) || e - p != 20)
			return -1;
		fprintf(f, " %lu %lu %lu %lu %lu", get32(p), get32(p + 4), get32(p + 8),
		        get32(p + 12), get32(p + 16));
		p += 20;
		break;
	case 16:
		if (put_strings(f, p, e))
			return -1;
		p = e;
		break;
	case 44:
		if (len < 2)
			return -1;
		fprintf(f, "%u %u ", p[0], p[1]);
		fmt_hex(f, p + 2, len - 2);
		p = e;
		break;
	case 256:
		if (len < 4)
			return -1;
		fprintf(f, "%u %u ", get16(p), get16(p + 2));
		put_bytes(f, p + 4, len - 4);
		p = e;
		break;
	case 257:
		if (len < 2 || p[1] > len - 2)
			return -1;
		fprintf(f, "%u ", p[0]);
		put_bytes(f, p + 2, p[1]);
		putc(' ', f);
		put_bytes(f, p + 2 + p[1], len - 2 - p[1]);
		p = e;
		break;
	default:
		return -2;
	}
	if (p != e)
		return -1;
	putc('\n', f);
	return 0;
}

/* One record (or question) line; the position after it, NULL at the end
 * of what is there.  With hex, the rdata is printed as hex. */
static const unsigned char *put_rr(FILE *f, const char *sec, const unsigned char *msg,
                                   const unsigned char *end, const unsigned char *p, int hex,
                                   int *bad)
{
	char b1[32], b2[32];
	unsigned type, class, len;

	fprintf(f, "%s ", sec);
	if (!(p = put_name(f, msg, end, p)) || end - p < 4) {
		fputs(" <end of buffer>\n", f);
		return NULL;
	}
	type = get16(p);
	class = get16(p + 2);
	if (!strcmp(sec, "qd")) {
		fprintf(f, " class=%s type=%s\n", table_word(fmt_rr_classes, (int)class, b1, sizeof b1),
		        table_word(fmt_rr_types, (int)type, b2, sizeof b2));
		return p + 4;
	}
	if (end - p < 10 || (len = get16(p + 8)) > (size_t)(end - p - 10)) {
		fputs(" <end of buffer>\n", f);
		return NULL;
	}
	fprintf(f, " ttl=%lu class=%s type=%s ", get32(p + 4),
	        table_word(fmt_rr_classes, (int)class, b1, sizeof b1),
	        table_word(fmt_rr_types, (int)type, b2, sizeof b2));
	if (hex || (*bad = put_rdata(f, msg, end, p + 10, len, type) != 0)) {
		fputs("rdata=", f);
		fmt_hex(f, p + 10, len);
		putc('\n', f);
	}
	return p + 10 + len;
}

/* put_rr's line as a string: once, or again as hex when the rdata did
 * not parse */
static char *rr_text(const char *sec, const unsigned char *msg, const unsigned char *end,
                     const unsigned char **p)
{
	const unsigned char *next = NULL;
	char *text = NULL;
	size_t n;
	int bad = 0;

	for (int hex = 0; hex < 2; hex++) {
		FILE *f;
		free(text);
		text = NULL;
		if (!(f = open_memstream(&text, &n)))
			return NULL;
		next = put_rr(f, sec, msg, end, *p, hex, &bad);
		fclose(f);
		if (!bad)
			break;
	}
	*p = next;
	return text;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A section's records, sorted: dnsmasq rotates the records of a name, so
 * their order is the server's and changes from one query to the next. */
static const unsigned char *put_section(FILE *f, const char *sec, unsigned count,
                                        const unsigned char *msg, const unsigned char *end,
                                        const unsigned char *p)
{
	char **lines = calloc(count ? count : 1, sizeof *lines), *last = NULL;
	unsigned n = 0;

	if (!lines)
		return NULL;
	while (n < count && p) {
		char *t = rr_text(sec, msg, end, &p);
		if (!p)
			last = t;
		else if (t)
			lines[n++] = t;
	}
	qsort(lines, n, sizeof *lines, cmp_str);
	for (unsigned i = 0; i < n; i++) {
		fputs(lines[i], f);
		free(lines[i]);
	}
	if (last)
		fputs(last, f);
	free(last);
	free(lines);
	return p;
}

static void put_header(FILE *f, const unsigned char *h, const unsigned char *query)
{
	if (query)
		fprintf(f, "header id=%s", get16(h) == get16(query) ? "same" : "differs");
	else
		fputs("header", f);
	fprintf(f, " qr=%d opcode=%d aa=%d tc=%d rd=%d ra=%d ad=%d cd=%d rcode=",
	        h[2] >> 7, (h[2] >> 3) & 15, (h[2] >> 2) & 1, (h[2] >> 1) & 1,
	        h[2] & 1, h[3] >> 7, (h[3] >> 5) & 1, (h[3] >> 4) & 1);
	if (rcode_names[h[3] & 15])
		fputs(rcode_names[h[3] & 15], f);
	else
		fprintf(f, "%d", h[3] & 15);
	fprintf(f, " qd=%u an=%u ns=%u ar=%u\n", get16(h + 4), get16(h + 6), get16(h + 8),
	        get16(h + 10));
}

/* The reply in buf: the first min(ret, anslen) bytes, or all anslen of
 * them when the call failed but left a reply there; nothing unless the
 * call wrote a header, that is changed any byte of it from before (the
 * buffer's first HFIXEDSZ bytes before the call) but the rcode's, which
 * glibc resets before any query.  query: res_send's, for the ID. */
void fmt_reply(FILE *f, const unsigned char *buf, const unsigned char *before, long ret,
               long anslen, const unsigned char *query)
{
	static const char *const sec[4] = {"qd", "an", "ns", "ar"};
	long avail = ret < 0 ? anslen : ret < anslen ? ret : anslen;
	const unsigned char *p = buf + HFIXEDSZ, *end = buf + avail;
	int written = 0;

	for (int i = 0; i < HFIXEDSZ && anslen >= HFIXEDSZ; i++)
		written |= i != 3 && buf[i] != before[i];
	if (anslen < HFIXEDSZ || !written)
		return;
	if (avail < HFIXEDSZ) {
		fputs("short reply ", f);
		fmt_hex(f, buf, (size_t)avail);
		putc('\n', f);
		return;
	}
	put_header(f, buf, query);
	for (int s = 0; s < 4 && p; s++)
		p = put_section(f, sec[s], get16(buf + 4 + 2 * s), buf, end, p);
}
