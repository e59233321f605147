/* The text of a shadow record (shadow.c): a call as a line of
 * `aresolv-query --batch`, and an outcome as aresolv-query prints that
 * query's answer, so that scripts/aresolv-diff classifies it as it
 * classifies a corpus and the call replays.  The answers' lines are
 * qfmt.c's, which aresolv-query prints with; the query and header lines
 * here are modelled on its own.  tests/51-diff-command.t holds the two
 * to the same bytes over aresolv-query's own queries. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "shim.h"

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

/* flags as aresolv-query's --flags reads them: names from t, the rest
 * in hex */
static const char *flag_words(char *out, size_t size, unsigned flags,
                              const struct fmt_name *t)
{
	size_t n = 0;

	*out = 0;
	for (; t->n && n < size; t++)
		if (flags & (unsigned)t->v) {
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? "," : "", t->n);
			flags &= ~(unsigned)t->v;
		}
	if (flags && n < size)
		snprintf(out + n, size - n, "%s0x%x", n ? "," : "", flags);
	return out;
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
		snprintf(opts + n, sizeof opts - n, " --flags %s",
		         flag_words(fl, sizeof fl, (unsigned)h->ai_flags, fmt_ai_flags));
	}
	return fmt_line(f, "query: gai", pos, 2, opts);
}

/* ---- getaddrinfo ---- */

void fmt_gai(FILE *f, const char *node, const char *service, const struct addrinfo *h,
             int rc, int err, const struct addrinfo *res)
{
	fmt_gai_header(f, node, service, h);
	if (rc)
		fmt_eai_error(f, rc, err, REAL(gai_strerror)(rc));
	else
		fmt_ai_list(f, res);
}

/* ---- hostents ---- */

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
		                      flag_words(fl, sizeof fl, (unsigned)flags, fmt_ni_flags));
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
	if (rc)
		fmt_eai_error(f, rc, err, REAL(gai_strerror)(rc));
	else
		fmt_gni_names(f, host, hostlen, serv, servlen);
}
