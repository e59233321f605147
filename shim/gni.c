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

EXPORT int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
                       socklen_t hostlen, char *serv, socklen_t servlen,
                       int flags)
{
	const char *path;
	uint64_t t0;
	int rc, how = enter();

	if (!how)
		return LIBC(getnameinfo, NULL)(sa, salen, host, hostlen, serv, servlen, flags);
	if (how == SHADOW) {
		rc = shadow_getnameinfo(sa, salen, host, hostlen, serv, servlen, flags);
		leave();
		return rc;
	}
	t0 = ar_trace_on() ? ar_now_us() : 0;
	rc = ar_getnameinfo(sa, salen, host, hostlen, serv, servlen, flags, &path);
	if (rc == AR_LIBC && refuse()) {
		rc = EAI_FAIL;
		path = "refused";
	} else if (rc == AR_LIBC) {
		path = "libc";
		rc = LIBC(getnameinfo, NULL)(sa, salen, host, hostlen, serv, servlen, flags);
	}
	if (ar_trace_on())
		trace_gni(sa, salen, flags, path, rc, host && hostlen ? host : NULL,
		          serv && servlen ? serv : NULL, t0);
	leave();
	return rc;
}
