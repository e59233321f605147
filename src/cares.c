/* The one seam between c-ares versions (1.18 through 1.34): how a
 * channel is made, how its sockets are handed to us, and how a query
 * goes out and its reply comes back as bytes.  Everything else in src/
 * calls c-ares through functions that every version has, undeprecated. */
#include <ares.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "aresolv.h"

/* 1.28 brought the ares_dns_record API and deprecated ares_send; 1.34
 * deprecated ares_set_socket_functions for its _ex form. */
#define CARES_DNSREC   (ARES_VERSION >= 0x011c00)
#define CARES_SOCKEX   (ARES_VERSION >= 0x012200)
#define CARES_QCACHE   (ARES_VERSION >= 0x011700)
#define CARES_MAXTMO   (ARES_VERSION >= 0x011a00)

int cares_init(ares_channel *ch, struct ares_options *o, int mask, int compat)
{
	o->flags |= ARES_FLAG_STAYOPEN;
#ifdef ARES_FLAG_EDNS
	/* Options given with ARES_OPT_FLAGS replace c-ares' default flags,
	 * which in 1.2x and later have EDNS on (and with it DNS cookies):
	 * native mode keeps c-ares' defaults, compat asks as glibc does. */
	if (!compat)
		o->flags |= ARES_FLAG_EDNS;
#endif
#if CARES_QCACHE
	/* glibc caches nothing: every lookup asks the server */
	if (compat) {
		o->qcache_max_ttl = 0;
		mask |= ARES_OPT_QUERY_CACHE;
	}
#endif
#if CARES_MAXTMO
	/* 1.26 and later adapt a try's timeout to the server's latency,
	 * up to maxtimeout (default 30 s): never past the configured one */
	if (o->timeout > 0) {
		o->maxtimeout = o->timeout;
		mask |= ARES_OPT_MAXTIMEOUTMS;
	}
#endif
	return ares_init_options(ch, o, mask | ARES_OPT_FLAGS);
}

#if CARES_SOCKEX
static ares_socket_t sx_socket(int af, int type, int proto, void *arg)
{
	return ar_sock_funcs.asocket(af, type, proto, arg);
}

/* Nothing c-ares asks to set (buffer sizes, a device, TCP Fast Open)
 * is set by glibc either. */
static int sx_setsockopt(ares_socket_t fd, ares_socket_opt_t opt, const void *val,
                         ares_socklen_t len, void *arg)
{
	(void)fd, (void)opt, (void)val, (void)len, (void)arg;
	errno = ENOSYS;
	return -1;
}

static int sx_connect(ares_socket_t fd, const struct sockaddr *sa, ares_socklen_t len,
                      unsigned int flags, void *arg)
{
	(void)flags;
	return ar_sock_funcs.aconnect(fd, sa, len, arg);
}

static ares_ssize_t sx_sendto(ares_socket_t fd, const void *buf, size_t len, int flags,
                              const struct sockaddr *sa, ares_socklen_t salen, void *arg)
{
	struct iovec iov = { (void *)buf, len };

	(void)flags, (void)sa, (void)salen;   /* connected sockets only */
	return ar_sock_funcs.asendv(fd, &iov, 1, arg);
}

static int sx_getsockname(ares_socket_t fd, struct sockaddr *sa, ares_socklen_t *len,
                          void *arg)
{
	(void)arg;
	return getsockname(fd, sa, len);
}

static const struct ares_socket_functions_ex sock_funcs_ex = {
	.version = 1,
	.flags = ARES_SOCKFUNC_FLAG_NONBLOCKING,
	.asocket = sx_socket,
	.aclose = NULL,   /* filled from ar_sock_funcs below */
	.asetsockopt = sx_setsockopt,
	.aconnect = sx_connect,
	.asendto = sx_sendto,
	.agetsockname = sx_getsockname,
};

void cares_sockets(ares_channel ch, struct ar_socks *ss)
{
	static struct ares_socket_functions_ex f;

	/* f is a constant table filled the same way by every caller: a race
	 * writes the same bytes */
	if (!f.version) {
		struct ares_socket_functions_ex t = sock_funcs_ex;
		t.aclose = ar_sock_funcs.aclose;
		t.arecvfrom = ar_sock_funcs.arecvfrom;
		f = t;
	}
	ares_set_socket_functions_ex(ch, &f, ss);
}
#else
void cares_sockets(ares_channel ch, struct ar_socks *ss)
{
	ares_set_socket_functions(ch, &ar_sock_funcs, ss);
}
#endif

#if CARES_DNSREC
/* The reply record written back as bytes: the caller parses DNS messages
 * one way whatever the version. */
static void on_dnsrec(void *arg, ares_status_t status, size_t timeouts,
                      const ares_dns_record_t *rec)
{
	struct ar_pending *p = arg;
	unsigned char *buf = NULL;
	size_t len = 0;

	(void)timeouts;
	if (rec && ares_dns_write(rec, &buf, &len) != ARES_SUCCESS) {
		buf = NULL;
		len = 0;
	}
	p->fn(p->arg, cares_status(status, buf != NULL), buf, (int)len);
	ares_free_string(buf);
}

void cares_send(ares_channel ch, const unsigned char *q, int qlen, struct ar_pending *p)
{
	ares_dns_record_t *rec = NULL;
	int st = ares_dns_parse(q, (size_t)qlen, 0, &rec);

	if (st != ARES_SUCCESS) {
		p->fn(p->arg, st, NULL, 0);
		return;
	}
	ares_send_dnsrec(ch, rec, on_dnsrec, p, NULL);
	ares_dns_record_destroy(rec);
}
#else
static void on_reply(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct ar_pending *p = arg;

	(void)timeouts;
	p->fn(p->arg, cares_status(status, abuf != NULL), abuf, alen);
}

void cares_send(ares_channel ch, const unsigned char *q, int qlen, struct ar_pending *p)
{
	ares_send(ch, q, qlen, on_reply, p);
}
#endif

/* A reply whose rcode c-ares took for a server failure (SERVFAIL,
 * REFUSED, NOTIMP), once every server has given one: 1.18 says
 * ECONNREFUSED with no reply, 1.20 and later name the rcode and hand the
 * last reply over.  Both read as 1.18's here until the search loop can
 * tell the rcodes apart on every version. */
int cares_status(int status, int have_reply)
{
	(void)have_reply;
	switch (status) {
	case ARES_ESERVFAIL:
	case ARES_EREFUSED:
	case ARES_ENOTIMP:
		return ARES_ECONNREFUSED;
	default:
		return status;
	}
}
