/* getnameinfo */
#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>

#include "../src/aresolv.h"
#include "shim.h"

static void trace_gni(const struct sockaddr *sa, socklen_t salen, int flags,
                      const char *path, int rc, const char *host,
                      const char *serv, uint64_t t0)
{
	char a[INET6_ADDRSTRLEN] = "?", qh[600], qs[300];
	int port = -1;

	if (sa && sa->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *s = (const void *)sa;
		inet_ntop(AF_INET, &s->sin_addr, a, sizeof a);
		port = ntohs(s->sin_port);
	} else if (sa && sa->sa_family == AF_INET6 && salen >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *s = (const void *)sa;
		inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof a);
		port = ntohs(s->sin6_port);
	}
	ar_quote(qh, sizeof qh, rc ? NULL : host);
	ar_quote(qs, sizeof qs, rc ? NULL : serv);
	ar_trace("getnameinfo addr=\"%s\" port=%d flags=0x%x path=%s result=%s "
	         "host=%s serv=%s us=%" PRIu64, a, port, (unsigned)flags, path,
	         eai_name(rc), qh, qs, ar_now_us() - t0);
}

struct gni {
	struct call c;
	const struct sockaddr *sa;
	socklen_t salen;
	char *host;
	socklen_t hostlen;
	char *serv;
	socklen_t servlen;
	int flags;
};

static int gni_shadow(struct call *c)
{
	struct gni *g = (struct gni *)c;

	return shadow_getnameinfo(g->sa, g->salen, g->host, g->hostlen, g->serv, g->servlen,
	                          g->flags);
}

static int gni_ours(struct call *c, const char **path)
{
	struct gni *g = (struct gni *)c;

	return ar_getnameinfo(g->sa, g->salen, g->host, g->hostlen, g->serv, g->servlen, g->flags,
	                      path);
}

static int gni_libc(struct call *c)
{
	struct gni *g = (struct gni *)c;

	return LIBC(getnameinfo, NULL)(g->sa, g->salen, g->host, g->hostlen, g->serv, g->servlen,
	                               g->flags);
}

static int gni_refused(struct call *c)
{
	(void)c;
	return EAI_FAIL;
}

static void gni_trace(struct call *c, const char *path, int rc, uint64_t t0)
{
	struct gni *g = (struct gni *)c;

	trace_gni(g->sa, g->salen, g->flags, path, rc, g->host && g->hostlen ? g->host : NULL,
	          g->serv && g->servlen ? g->serv : NULL, t0);
}

EXPORT int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
                       socklen_t hostlen, char *serv, socklen_t servlen,
                       int flags)
{
	struct gni g = { { gni_shadow, gni_ours, gni_libc, gni_refused, gni_trace },
	                 sa, salen, host, hostlen, serv, servlen, flags };

	return call_run(&g.c);
}
