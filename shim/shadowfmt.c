/* The text of a shadow record (shadow.c): a call as a line of
 * `aresolv-query --batch`, and an outcome as aresolv-query prints that
 * query's answer, so that scripts/aresolv-diff classifies it as it
 * classifies a corpus and the call replays.  Modelled line for line on
 * scripts/aresolv-query.c's printers; tests/51-diff-command.t holds the
 * two to the same bytes over aresolv-query's own queries. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "shim.h"

/* ---- aresolv-query's words ---- */

/* put_str of at most n bytes of s (gni's buffers: never past them) */
static void fmt_nstr(FILE *f, const char *s, size_t n)
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

static void fmt_hex(FILE *f, const void *data, size_t len)
{
	const unsigned char *p = data;

	fputs("hex:", f);
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", p[i]);
}

static const char *errno_word(int e, char *buf, size_t len)
{
	const char *n;

	if (e == 0)
		return "0";
	if ((n = strerrorname_np(e)))
		return n;
	snprintf(buf, len, "E#%d", e);
	return buf;
}

static const char *family_word(int af, char *buf, size_t len)
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

static const char *socktype_word(int st, char *buf, size_t len)
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

static const char *eai_word(int rc, char *buf, size_t len)
{
	static const struct { int rc; const char *name; } t[] = {
		{ 0, "0" }, { EAI_BADFLAGS, "EAI_BADFLAGS" }, { EAI_NONAME, "EAI_NONAME" },
		{ EAI_AGAIN, "EAI_AGAIN" }, { EAI_FAIL, "EAI_FAIL" }, { EAI_NODATA, "EAI_NODATA" },
		{ EAI_FAMILY, "EAI_FAMILY" }, { EAI_SOCKTYPE, "EAI_SOCKTYPE" },
		{ EAI_SERVICE, "EAI_SERVICE" }, { EAI_ADDRFAMILY, "EAI_ADDRFAMILY" },
		{ EAI_MEMORY, "EAI_MEMORY" }, { EAI_SYSTEM, "EAI_SYSTEM" },
		{ EAI_OVERFLOW, "EAI_OVERFLOW" }, { EAI_INPROGRESS, "EAI_INPROGRESS" },
		{ EAI_CANCELED, "EAI_CANCELED" }, { EAI_NOTCANCELED, "EAI_NOTCANCELED" },
		{ EAI_ALLDONE, "EAI_ALLDONE" }, { EAI_INTR, "EAI_INTR" },
		{ EAI_IDN_ENCODE, "EAI_IDN_ENCODE" },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].rc == rc)
			return t[i].name;
	snprintf(buf, len, "EAI_#%d", rc);
	return buf;
}

static const char *herrno_word(int h, char *buf, size_t len)
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

static void fmt_eai_error(FILE *f, int rc, int err)
{
	char b[32], e[32];

	fprintf(f, "error %s", eai_word(rc, b, sizeof b));
	if (rc == EAI_SYSTEM)
		fprintf(f, " errno=%s", errno_word(err, e, sizeof e));
	fputs(" msg=", f);
	fmt_str(f, real()->gai_strerror(rc));
	putc('\n', f);
}

/* ---- a --batch line ---- */

static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* A word of a --batch line, quoted when it must be; 0 when no word reads
 * back as s: NULL's "-" and "(null)" themselves, or control bytes (shown
 * as \xNN, which --batch does not read). */
int fmt_word(FILE *f, const char *s)
{
	int ok = !s || (strcmp(s, "-") && strcmp(s, "(null)") && !has_control(s));
	int plain = s && *s && *s != '#' && !strpbrk(s, " \"\\#") && !has_control(s);

	if (!s || plain) {
		fputs(s ? s : "-", f);
		return ok;
	}
	putc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			putc('\\', f);
		if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);   /* shown, not replayable */
		else
			putc(*p, f);
	}
	putc('"', f);
	return ok;
}

/* "VERB POS... OPTS", or "VERB OPTS -- POS..." when a positional starts
 * with "--" (aresolv-query reads it as an option otherwise).  opts is
 * the options' text, each with a leading space.  0 if not replayable. */
int fmt_line(FILE *f, const char *verb, const char *const *pos, int n, const char *opts)
{
	int ok = 1, dashes = 0;

	for (int i = 0; i < n; i++)
		dashes |= pos[i] && !strncmp(pos[i], "--", 2);
	fputs(verb, f);
	if (dashes)
		fprintf(f, "%s --", opts);
	for (int i = 0; i < n; i++) {
		putc(' ', f);
		ok &= fmt_word(f, pos[i]);
	}
	if (!dashes)
		fputs(opts, f);
	putc('\n', f);
	return ok;
}

static void flag_names(char *out, size_t size, unsigned flags)
{
	static const struct { const char *n; unsigned v; } t[] = {
		{ "PASSIVE", AI_PASSIVE }, { "CANONNAME", AI_CANONNAME },
		{ "NUMERICHOST", AI_NUMERICHOST }, { "V4MAPPED", AI_V4MAPPED },
		{ "ALL", AI_ALL }, { "ADDRCONFIG", AI_ADDRCONFIG }, { "IDN", AI_IDN },
		{ "CANONIDN", AI_CANONIDN }, { "NUMERICSERV", AI_NUMERICSERV },
	};
	size_t n = 0;

	*out = 0;
	for (size_t i = 0; i < sizeof t / sizeof t[0] && n < size; i++)
		if (flags & t[i].v) {
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? "," : "", t[i].n);
			flags &= ~t[i].v;
		}
	if (flags && n < size)
		snprintf(out + n, size - n, "%s0x%x", n ? "," : "", flags);
}

static const char *family_opt(int af, char *buf, size_t len)
{
	if (af == AF_INET)
		return "4";
	if (af == AF_INET6)
		return "6";
	snprintf(buf, len, "af=%d", af);
	return buf;
}

int fmt_gai_query(FILE *f, const char *node, const char *service, const struct addrinfo *h)
{
	const char *pos[2] = { node, service };
	char opts[256] = "", fl[160], b[32];
	size_t n = 0;

	if (!h)
		return fmt_line(f, "query: gai", pos, 2, " --no-hints");
	if (h->ai_family)
		n += (size_t)snprintf(opts + n, sizeof opts - n, " --family %s",
		                      family_opt(h->ai_family, b, sizeof b));
	if (h->ai_socktype)
		n += (size_t)snprintf(opts + n, sizeof opts - n, " --socktype %s",
		                      socktype_word(h->ai_socktype, b, sizeof b));
	if (h->ai_protocol)
		n += (size_t)snprintf(opts + n, sizeof opts - n, " --protocol %d", h->ai_protocol);
	if (h->ai_flags) {
		flag_names(fl, sizeof fl, (unsigned)h->ai_flags);
		snprintf(opts + n, sizeof opts - n, " --flags %s", fl);
	}
	return fmt_line(f, "query: gai", pos, 2, opts);
}

/* ---- getaddrinfo ---- */

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

static void fmt_ai_list(FILE *f, const struct addrinfo *res)
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

void fmt_gai(FILE *f, const char *node, const char *service, const struct addrinfo *h,
             int rc, int err, const struct addrinfo *res)
{
	char b1[32], b2[32];

	fputs("gai node=", f);
	fmt_str(f, node);
	fputs(" service=", f);
	fmt_str(f, service);
	if (!h)
		fputs(" hints=-\n", f);
	else
		fprintf(f, " family=%s socktype=%s protocol=%d flags=0x%x\n",
		        family_word(h->ai_family, b1, sizeof b1),
		        socktype_word(h->ai_socktype, b2, sizeof b2), h->ai_protocol,
		        (unsigned)h->ai_flags);
	if (rc)
		fmt_eai_error(f, rc, err);
	else
		fmt_ai_list(f, res);
}

/* ---- hostents ---- */

static void fmt_hostent(FILE *f, const struct hostent *h)
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

/* ghbn, ghbn2 and ghba: the hostent, or h_errno */
void fmt_hostent_result(FILE *f, const struct hostent *h, int herr)
{
	char b[32];

	if (h)
		fmt_hostent(f, h);
	else
		fprintf(f, "h_errno %s\n", herrno_word(herr, b, sizeof b));
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

/* The query and header lines of gethostbyname (af -1), gethostbyname2
 * and gethostbyname_r (buflen not 0).  0 if not replayable. */
int fmt_ghbn_query(FILE *f, const char *name, int af, size_t buflen)
{
	char opt[64], b[32];

	if (buflen) {
		snprintf(opt, sizeof opt, " %zu", buflen);
		if (!fmt_line(f, "query: ghbr", &name, 1, opt))
			return 0;
	} else if (af >= 0) {
		snprintf(opt, sizeof opt, " %s", family_opt(af, b, sizeof b));
		if (!af)
			strcpy(opt, " 0");
		if (!fmt_line(f, "query: ghbn2", &name, 1, opt))
			return 0;
	} else if (!fmt_line(f, "query: ghbn", &name, 1, "")) {
		return 0;
	}
	return 1;
}

void fmt_ghbn_header(FILE *f, const char *name, int af, size_t buflen)
{
	char b[32];

	fputs(buflen ? "ghbr name=" : af >= 0 ? "ghbn2 name=" : "ghbn name=", f);
	fmt_str(f, name);
	if (buflen)
		fprintf(f, " buflen=%zu", buflen);
	else if (af >= 0)
		fprintf(f, " family=%s", family_word(af, b, sizeof b));
	putc('\n', f);
}

/* gethostbyaddr's literal (out: INET6_ADDRSTRLEN bytes), "" when aresolv-query cannot ask it (ghba
 * takes an IPv4 or IPv6 literal and its own length). */
void fmt_addr_literal(char *out, const void *addr, socklen_t len, int type)
{
	*out = 0;
	if (addr && ((type == AF_INET && len == 4) || (type == AF_INET6 && len == 16)))
		inet_ntop(type, addr, out, INET6_ADDRSTRLEN);
}

/* ---- getnameinfo ---- */

static const char *ni_flag_names(char *out, size_t size, unsigned flags)
{
	static const struct { const char *n; unsigned v; } t[] = {
		{ "NUMERICHOST", NI_NUMERICHOST }, { "NUMERICSERV", NI_NUMERICSERV },
		{ "NOFQDN", NI_NOFQDN }, { "NAMEREQD", NI_NAMEREQD }, { "DGRAM", NI_DGRAM },
		{ "IDN", NI_IDN },
	};
	size_t n = 0;

	*out = 0;
	for (size_t i = 0; i < sizeof t / sizeof t[0] && n < size; i++)
		if (flags & t[i].v) {
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? "," : "", t[i].n);
			flags &= ~t[i].v;
		}
	if (flags && n < size)
		snprintf(out + n, size - n, "%s0x%x", n ? "," : "", flags);
	return out;
}

/* The address, port and scope aresolv-query's gni makes its sockaddr
 * of; 0 when it cannot make this one (another family, a short salen
 * that hides the address). */
static int gni_parts(const struct sockaddr *sa, socklen_t salen, char *addr, unsigned *port,
                     unsigned *scope, socklen_t *full)
{
	const struct sockaddr_in *s4 = (const void *)sa;
	const struct sockaddr_in6 *s6 = (const void *)sa;

	*port = *scope = 0;
	*full = 0;
	strcpy(addr, "?");
	if (!sa || salen < sizeof(sa_family_t))
		return 0;
	if (sa->sa_family == AF_INET && salen >= sizeof *s4) {
		inet_ntop(AF_INET, &s4->sin_addr, addr, INET6_ADDRSTRLEN);
		*port = ntohs(s4->sin_port);
		*full = sizeof *s4;
		return 1;
	}
	if (sa->sa_family == AF_INET6 && salen >= sizeof *s6) {
		inet_ntop(AF_INET6, &s6->sin6_addr, addr, INET6_ADDRSTRLEN);
		*port = ntohs(s6->sin6_port);
		*scope = s6->sin6_scope_id;
		*full = sizeof *s6;
		return 1;
	}
	return 0;
}

int fmt_gni_query(FILE *f, const struct sockaddr *sa, socklen_t salen, socklen_t hostlen,
                  socklen_t servlen, int flags)
{
	char addr[INET6_ADDRSTRLEN], opts[256] = "", fl[128], portw[16];
	const char *pos[2] = { addr, portw };
	unsigned port, scope;
	socklen_t full;
	size_t n = 0;
	int ok = gni_parts(sa, salen, addr, &port, &scope, &full);

	snprintf(portw, sizeof portw, "%u", port);
	if (flags)
		n += (size_t)snprintf(opts + n, sizeof opts - n, " --flags %s",
		                      ni_flag_names(fl, sizeof fl, (unsigned)flags));
	if (hostlen != NI_MAXHOST)
		n += (size_t)snprintf(opts + n, sizeof opts - n, " --hostlen %u", (unsigned)hostlen);
	if (servlen != NI_MAXSERV)
		n += (size_t)snprintf(opts + n, sizeof opts - n, " --servlen %u", (unsigned)servlen);
	if (scope)
		n += (size_t)snprintf(opts + n, sizeof opts - n, " --scope %u", scope);
	if (ok && salen != full)
		snprintf(opts + n, sizeof opts - n, " --salen %u", (unsigned)salen);
	return fmt_line(f, "query: gni", pos, 2, opts) && ok;
}

void fmt_gni(FILE *f, const struct sockaddr *sa, socklen_t salen, const char *host,
             socklen_t hostlen, const char *serv, socklen_t servlen, int flags, int rc, int err)
{
	char addr[INET6_ADDRSTRLEN];
	unsigned port, scope;
	socklen_t full;

	gni_parts(sa, salen, addr, &port, &scope, &full);
	fprintf(f, "gni addr=%s port=%u flags=0x%x hostlen=%u servlen=%u scope=%u salen=%u\n",
	        addr, port, (unsigned)flags, (unsigned)hostlen, (unsigned)servlen, scope,
	        (unsigned)salen);
	if (rc) {
		fmt_eai_error(f, rc, err);
		return;
	}
	/* aresolv-query reads its buffers up to their last byte but one */
	fputs("host=", f);
	fmt_nstr(f, host, hostlen - 1);
	fputs(" serv=", f);
	fmt_nstr(f, serv, servlen - 1);
	putc('\n', f);
}
