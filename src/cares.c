/* The one seam between c-ares versions (1.18 through 1.34): how a
 * channel is made, how its sockets are handed over and processed, and
 * how a query goes out and its reply comes back as bytes.  Everything else in src/
 * calls c-ares through functions that every version has, undeprecated.
 *
 * What differs between versions, and what each switch follows (the
 * versions from c-ares' manual pages, sources and pull requests):
 *
 *   switch                 follows               why
 *   ---------------------  --------------------  ---------------------------
 *   CARES_DNSREC           ARES_VERSION 1.28.0   ares_send_dnsrec, _query_
 *                                                and _search_dnsrec came in
 *                                                1.28 (the record API they
 *                                                take, ares_dns_parse and
 *                                                _write, in 1.22) and say
 *                                                the ID c-ares sends; 1.34
 *                                                marks ares_send, ares_query
 *                                                and ares_search deprecated
 *   CARES_SOCKEX           ARES_VERSION 1.34.0   ares_set_socket_functions_ex
 *                                                and ares_process_fds came
 *                                                in 1.34, which deprecates
 *                                                ares_set_socket_functions:
 *                                                idle sockets are closed
 *                                                (cares_idle) and parked by
 *                                                sockets.c; before, they are
 *                                                kept open (STAYOPEN)
 *   CARES_EDNS             ARES_VERSION 1.22.0   EDNS is c-ares' default flag
 *                                                from 1.22, which the flags
 *                                                native mode gives replace
 *   ARES_OPT_QUERY_CACHE   the option (1.23.0)   off unless asked for until
 *                                                1.31, on by default since:
 *                                                compat asks for none
 *   ARES_OPT_MAXTIMEOUTMS  the option (1.22.0)   caps a try's timeout as it
 *                                                doubles, and later the one
 *                                                c-ares adapts to a server's
 *                                                latency (ares_metrics)
 *   cares_keep_first       ARES_VERSION 1.20.0   hash tables in a channel
 *                                                rather than 1.19's fixed
 *                                                ones (74 KB); from 1.22 it
 *                                                also orders the servers by
 *                                                their failures
 *
 * and what follows c-ares' behaviour itself, whatever the version, where
 * the version it changed in is not known closer than this:
 *
 *   sent_id                ares_send sends the query's own ID through 1.20
 *                          and one of its own by 1.23 (1.27: ares_send_ex),
 *                          and tells neither: the ID is read off the
 *                          datagram it wrote
 *   sock_recvfrom          a UDP socket is read until EAGAIN through 1.20,
 *                          once a readiness by 1.27 (with the application's
 *                          socket functions), until EAGAIN in 1.34 (_ex)
 *   finish                 a query whose every try failed on its socket ends
 *                          in ECONNREFUSED in 1.18 and 1.34, in ETIMEOUT in
 *                          1.27, with no timeout counted
 */
#include <ares.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "core.h"
#include "dns.h"

#define CARES_DNSREC   (ARES_VERSION >= 0x011c00)
#define CARES_SOCKEX   (ARES_VERSION >= 0x012200)
#define CARES_EDNS     (ARES_VERSION >= 0x011600)

int cares_init(ares_channel *ch, struct ares_options *o, int mask, int compat)
{
	/* Flags given with ARES_OPT_FLAGS replace c-ares' default ones,
	 * which from 1.22 on turn EDNS on (and with it, by 1.34, DNS
	 * cookies): compat gives its own, as glibc asks; native leaves c-ares'
	 * defaults as they are, the socket kept open before 1.34 added. */
#if !CARES_SOCKEX
	if (!compat && !o->flags && CARES_EDNS)
		o->flags = ARES_FLAG_EDNS;
	/* 1.34 closes idle sockets, which sockets.c parks (cares_sockets) */
	o->flags |= ARES_FLAG_STAYOPEN;
#endif
	if (compat || o->flags)
		mask |= ARES_OPT_FLAGS;
#ifdef ARES_OPT_QUERY_CACHE
	/* glibc caches nothing: every lookup asks the server */
	if (compat) {
		o->qcache_max_ttl = 0;
		mask |= ARES_OPT_QUERY_CACHE;
	}
#endif
#ifdef ARES_OPT_MAXTIMEOUTMS
	/* later versions adapt a try's timeout to the server's latency,
	 * up to maxtimeout (default 5 s): in compat never past the
	 * configured one, as glibc's */
	if (compat && o->timeout > 0) {
		o->maxtimeout = o->timeout;
		mask |= ARES_OPT_MAXTIMEOUTMS;
	}
#endif
	return ares_init_options(ch, o, mask);
}

/* 1 when a channel is worth keeping after a process's first lookup even
 * if it never resolves again: from 1.20 on a channel is a few KB, and
 * from 1.22 it remembers which servers failed (the next lookup skips a
 * dead one); before, it is fixed tables (1.18's: 74 KB) and remembers
 * nothing that spares a later lookup a wait. */
int cares_keep_first(void)
{
	return ARES_VERSION >= 0x011400;
}

#if CARES_SOCKEX
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
	return socks_connect(fd, sa, len, arg);
}

static ares_ssize_t sx_sendto(ares_socket_t fd, const void *buf, size_t len, int flags,
                              const struct sockaddr *sa, ares_socklen_t salen, void *arg)
{
	struct iovec iov = { (void *)buf, len };

	(void)flags, (void)sa, (void)salen;   /* connected sockets only */
	return socks_sendv(fd, &iov, 1, arg);
}

static int sx_getsockname(ares_socket_t fd, struct sockaddr *sa, ares_socklen_t *len,
                          void *arg)
{
	return socks_name(arg, fd, sa, len);
}

static const struct ares_socket_functions_ex sock_funcs = {
	.version = 1,
	.flags = ARES_SOCKFUNC_FLAG_NONBLOCKING,
	.asocket = socks_open,
	.aclose = socks_close,
	.asetsockopt = sx_setsockopt,
	.aconnect = sx_connect,
	.arecvfrom = socks_recvfrom,
	.asendto = sx_sendto,
	.agetsockname = sx_getsockname,
};

void cares_sockets(ares_channel ch, struct ar_socks *ss)
{
	/* each open socket holds a 128 KB read buffer in c-ares: the sockets
	 * are closed when idle and parked (sockets.c), not kept open */
	ss->park = 1;
	ares_set_socket_functions_ex(ch, &sock_funcs, ss);
}
#else
/* Set by cares_process while c-ares handles a socket poll() found
 * readable, until its first read of it. */
static __thread int fresh_read;

/* sockets.c answers the read after a datagram EAGAIN unasked, for a
 * c-ares that reads until EAGAIN (through 1.20); 1.27 reads once a
 * readiness when the socket functions are the application's, so that
 * answer fell on the next readiness and cost a poll().  The first read
 * of a readiness asks the kernel when the answer was that one. */
static ares_ssize_t sock_recvfrom(ares_socket_t fd, void *buf, size_t len, int flags,
                                  struct sockaddr *from, ares_socklen_t *fromlen, void *arg)
{
	ares_ssize_t r = socks_recvfrom(fd, buf, len, flags, from, fromlen, arg);

	if (fresh_read && r < 0 && errno == EAGAIN)
		r = socks_recvfrom(fd, buf, len, flags, from, fromlen, arg);
	fresh_read = 0;
	return r;
}

static const struct ares_socket_functions sock_funcs = {
	socks_open, socks_close, socks_connect, sock_recvfrom, socks_sendv,
};

void cares_sockets(ares_channel ch, struct ar_socks *ss)
{
	ares_set_socket_functions(ch, &sock_funcs, ss);
}
#endif

/* A query's end as dns.c sees it, on every version: the reply kept by
 * udpreply.c when there is one (the bytes as they came), else c-ares'
 * own.  Every server having answered with an error (1.18: ECONNREFUSED,
 * later: the rcode's status) is ETIMEOUT with the last such reply, as
 * glibc's res_send ends; ECONNREFUSED is left for no reply at all.
 * Every try having failed on its socket (ICMP port unreachable) with
 * none timed out is ECONNREFUSED, as 1.18 and 1.34 say: 1.27 says
 * ETIMEOUT (its read errors close the connection and leave the
 * query's status unset). */
static void finish(struct ar_pending *p, int status, size_t timeouts,
                   const unsigned char *msg, int len)
{
	int rlen = 0;
	unsigned char *raw = udpreply_take(p->ss, p->id, &rlen);

	if (status == ARES_ETIMEOUT && !timeouts)
		status = ARES_ECONNREFUSED;
	switch (status) {
	case ARES_SUCCESS:
	case ARES_ENOTFOUND:   /* ares_query and ares_search's NXDOMAIN and */
	case ARES_ENODATA:     /* NODATA, with their replies (native mode) */
		break;
	case ARES_ECONNREFUSED:
	case ARES_ESERVFAIL:
	case ARES_EREFUSED:
	case ARES_ENOTIMP:
		status = raw ? ARES_ETIMEOUT : ARES_ECONNREFUSED;
		/* fall through */
	default:
		msg = NULL;
		len = 0;
	}
	if (raw) {
		msg = raw;
		len = rlen;
	}
	p->udp = raw != NULL;
	record_reply(msg, len);
	p->fn(p->arg, status, msg, len);
	free(raw);
}

#if CARES_SOCKEX
void cares_process(ares_channel ch, const struct pollfd *pfd, nfds_t n, int timeouts)
{
	ares_fd_events_t ev[AR_MAXSOCKS];
	size_t k = 0;

	for (nfds_t i = 0; i < n; i++) {
		unsigned e = 0;
		if (pfd[i].revents & (POLLIN | POLLERR | POLLHUP))
			e |= ARES_FD_EVENT_READ;
		if (pfd[i].revents & POLLOUT)
			e |= ARES_FD_EVENT_WRITE;
		if (e)
			ev[k++] = (ares_fd_events_t){ pfd[i].fd, e };
	}
	ares_process_fds(ch, ev, k, timeouts ? ARES_PROCESS_FLAG_NONE : ARES_PROCESS_FLAG_SKIP_NON_FD);
}

/* A lookup is over: what ares_process_fds skipped meanwhile is done now,
 * among it the closing (parking) of idle sockets. */
void cares_idle(ares_channel ch)
{
	ares_process_fds(ch, NULL, 0, ARES_PROCESS_FLAG_NONE);
}
#else
void cares_idle(ares_channel ch)
{
	(void)ch;   /* 1.18 keeps its sockets open (ARES_FLAG_STAYOPEN) */
}

/* 1.18's tries last the channel's timeout whatever the server's latency:
 * its timeouts are processed with the sockets. */
void cares_process(ares_channel ch, const struct pollfd *pfd, nfds_t n, int timeouts)
{
	int any = 0;

	(void)timeouts;
	for (nfds_t i = 0; i < n; i++) {
		short re = pfd[i].revents;
		if (!re)
			continue;
		any = 1;
		fresh_read = (re & (POLLIN | POLLERR | POLLHUP)) != 0;
		ares_process_fd(ch, fresh_read ? pfd[i].fd : ARES_SOCKET_BAD,
		                re & POLLOUT ? pfd[i].fd : ARES_SOCKET_BAD);
		fresh_read = 0;
	}
	if (!any)
		ares_process_fd(ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
}
#endif

#if CARES_DNSREC
/* The reply record written back as bytes when no reply was kept. */
static void on_dnsrec(void *arg, ares_status_t status, size_t timeouts,
                      const ares_dns_record_t *rec)
{
	unsigned char *buf = NULL;
	size_t len = 0;

	if (rec && ares_dns_write(rec, &buf, &len) != ARES_SUCCESS) {
		buf = NULL;
		len = 0;
	}
	finish(arg, (int)status, timeouts, buf, (int)len);
	ares_free_string(buf);
}

void cares_send(ares_channel ch, const unsigned char *q, int qlen, struct ar_pending *p)
{
	ares_dns_record_t *rec = NULL;
	unsigned short id = 0;
	int st = ares_dns_parse(q, (size_t)qlen, 0, &rec);

	if (st != ARES_SUCCESS) {
		p->fn(p->arg, st, NULL, 0);
		return;
	}
	/* c-ares gives the query an ID of its own (and may end it at once) */
	p->id = ~0u;
	st = ares_send_dnsrec(ch, rec, on_dnsrec, p, &id);
	if (st == ARES_SUCCESS && p->id == ~0u)
		p->id = id;
	ares_dns_record_destroy(rec);
}
/* native res_query and res_search: c-ares' own, from the name (query)
 * or from the query res_mkquery made (search) */
void cares_query(ares_channel ch, const char *name, int class, int type,
                 const unsigned char *q, int qlen, struct ar_pending *p)
{
	ares_dns_record_t *rec = NULL;
	unsigned short id = 0;
	int st;

	p->id = ~0u;
	if (!q) {
		st = ares_query_dnsrec(ch, name, (ares_dns_class_t)class, (ares_dns_rec_type_t)type,
		                       on_dnsrec, p, &id);
		if (st == ARES_SUCCESS && p->id == ~0u)
			p->id = id;
		return;
	}
	if ((st = ares_dns_parse(q, (size_t)qlen, 0, &rec)) != ARES_SUCCESS) {
		p->fn(p->arg, st, NULL, 0);
		return;
	}
	ares_search_dnsrec(ch, rec, on_dnsrec, p);
	ares_dns_record_destroy(rec);
}
#else
static void on_reply(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	finish(arg, status, (size_t)timeouts, abuf, alen);
}

/* A query ID no one can guess: splitmix64 over a per-thread seed from
 * getrandom(), one system call in a thread's life. */
static unsigned query_id(void)
{
	static __thread uint64_t state;
	uint64_t z;

	if (!state && getrandom(&state, sizeof state, 0) != sizeof state)
		state = ar_now_us() ^ (uint64_t)(uintptr_t)&state;
	z = (state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return (unsigned)((z ^ (z >> 31)) & 0xffff);
}

/* The ID of the first UDP query sockets.c noted (udpreply_note) since it had
 * noted n, or ~0u if none went out (TCP, native mode, ended at once):
 * then no datagram reply is kept for the query either. */
static unsigned sent_id(const struct ar_socks *ss, unsigned n)
{
	return ss->next != n ? ss->sent[n % AR_MAXSENT].id : ~0u;
}

/* A random ID is set here (1.18's own may come from rand()), which
 * ares_send sends through 1.20; by 1.23 it sends one of its own and
 * says nothing of it, but a UDP query is written before ares_send
 * returns: the ID is the one that went out. */
void cares_send(ares_channel ch, const unsigned char *q, int qlen, struct ar_pending *p)
{
	unsigned char buf[512];
	unsigned n = p->ss->next;

	if (qlen < 2 || (size_t)qlen > sizeof buf) {
		p->fn(p->arg, ARES_EBADQUERY, NULL, 0);
		return;
	}
	memcpy(buf, q, (size_t)qlen);
	p->id = query_id();
	buf[0] = (unsigned char)(p->id >> 8);
	buf[1] = (unsigned char)p->id;
	ares_send(ch, buf, qlen, on_reply, p);
	p->id = sent_id(p->ss, n);
}

void cares_query(ares_channel ch, const char *name, int class, int type,
                 const unsigned char *q, int qlen, struct ar_pending *p)
{
	(void)qlen;
	p->id = ~0u;   /* 1.18 keeps no reply for us: the c-ares bytes count */
	if (q)
		ares_search(ch, name, class, type, on_reply, p);
	else
		ares_query(ch, name, class, type, on_reply, p);
}
#endif

