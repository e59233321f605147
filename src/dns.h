/* DNS through c-ares, dns.c's layer: the sockets c-ares is given
 * (sockets.c, udpreply.c), c-ares whatever its version (cares.c), the
 * channels and the poll loop (channel.c, run.c), replies (reply.c) and
 * the search-list walk (search.c). */
#ifndef ARESOLV_DNS_H
#define ARESOLV_DNS_H

#include <sys/types.h>

#include "core.h"

/* ---- sockets (sockets.c) ---- */
#define AR_MAXSOCKS 16
#define AR_MAXPARKED 2
struct ar_sock {
	int fd;
	int af;
	int parked;     /* closed by c-ares, kept open for the next lookup */
	socklen_t peerlen, selflen;   /* 0: unknown */
	union ar_sockaddr peer, self;
	short events;   /* POLLIN, POLLOUT: what c-ares waits for */
	dev_t dev;
	ino_t ino;
	int stale;
	int udp;
	int got;   /* UDP: the last read returned a datagram */
	int err;   /* UDP: a corked send failed: the next read says so */
	int pair;  /* answers mode: the pair's other end (fake.c's), else 0 */
	ino_t pair_ino;   /* its inode: a pair end the program closed is never used */
};
/* A query sent on a UDP socket and the reply kept for it (udpreply.c). */
#define AR_MAXSENT 4
struct ar_sent {
	unsigned short id, qlen;   /* qlen 0: a free slot */
	int rlen;
	unsigned char *reply;      /* the heap, or NULL */
	unsigned char q[512];      /* a query over UDP (glibc: at most 512 bytes) */
};
struct ar_socks {
	int n;
	int err;   /* errno of the last socket() that failed, 0 if none */
	int filter;   /* compat: UDP replies decided as glibc (udpreply.c) */
	int igntc;    /* RES_IGNTC: a truncated reply is the reply */
	int park;     /* UDP sockets c-ares closes are parked (sockets.c) */
	int answers;  /* answers mode: socket pairs, answered by fake.c */
	unsigned try_ms;          /* compat: a try's timeout, 0 in native mode */
	uint64_t last_send_us;    /* compat: when a query last went out */
	unsigned next;
	struct ar_sock s[AR_MAXSOCKS];
	struct ar_sent sent[AR_MAXSENT];
	int corked;   /* UDP datagrams are held for one sendmmsg (socks_uncork) */
	int ncork;
	struct ar_cork { int fd; unsigned short len; unsigned char q[512]; } cork[2];
};
/* ---- answers mode: the answers file (afile.c), its server (fake.c) ---- */
/* A record of the file: RDATA in wire form, names uncompressed.  The
 * negative entries have types of their own, above every DNS type the
 * file may name (NODATA's RDATA: the type it denies, 2 bytes). */
#define AR_T_NXDOMAIN 0xff00u
#define AR_T_NODATA 0xff01u
#define AR_T_SERVFAIL 0xff02u
#define AR_T_REFUSED 0xff03u
#define AR_ANSWERS_TTL 600   /* resolv_wrapper's */
struct ar_rr {
	const char *name;        /* afile_key's form */
	unsigned short type, rdlen;
	unsigned ttl;
	const unsigned char *rdata;
};
int afile_loaded(void);
int afile_reload(const char *path, int lenient);
const struct ar_rr *afile_find(const char *key, size_t *n);
int afile_key(const char *name, char *key, size_t size);
int afile_type(const char *);
const char *afile_type_name(int type, char buf[12]);
/* ARESOLV_RECORD: the reply's records appended to the file (record.c) */
void record_reply(const unsigned char *msg, int len);
int fake_reply(const unsigned char *q, size_t len, int tcp, unsigned char *out, size_t size,
               int *missing);
ssize_t fake_send(int peer, int udp, const struct iovec *, int n, const struct sockaddr *,
                  socklen_t, const struct sockaddr *to, socklen_t tolen, unsigned char *work);
#define FAKE_WORK (2 * (65535 + 2))
/* libc's resolver's server in answers mode (lsrv.c) */
struct sockaddr_in;
int lsrv_addr(struct sockaddr_in *out, const struct sockaddr *up, socklen_t uplen);

/* The socket functions c-ares is given (cares.c), each with the
 * channel's ar_socks as its last argument. */
struct iovec;
int socks_open(int af, int type, int proto, void *);
int socks_close(int fd, void *);
int socks_connect(int fd, const struct sockaddr *, socklen_t, void *);
ssize_t socks_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from,
                       socklen_t *fromlen, void *);
ssize_t socks_sendv(int fd, const struct iovec *, int n, void *);
int socks_check(struct ar_socks *);
int socks_name(struct ar_socks *, int fd, struct sockaddr *, socklen_t *);
void socks_release(struct ar_socks *);
void socks_cork(struct ar_socks *);
void socks_uncork(struct ar_socks *);
struct pollfd;
int socks_failed(struct ar_socks *, struct pollfd *, unsigned long n);
void udpreply_note(struct ar_socks *, const struct iovec *, int n);
long udpreply_accept(struct ar_socks *, unsigned char *buf, size_t n, size_t cap);
unsigned char *udpreply_take(struct ar_socks *, unsigned id, int *len);
void udpreply_clear(struct ar_socks *);
/* ARES_OPT_SOCK_STATE_CB, with the channel's ar_socks as its data. */
void socks_state(void *socks, int fd, int readable, int writable);

/* ---- c-ares, whatever its version (cares.c) ---- */
struct ares_channeldata;
struct ares_options;
/* A query's end: an ARES_* status and, when a server answered, its reply
 * (whatever its rcode: NXDOMAIN is a reply, not an error). */
typedef void (*ar_reply_fn)(void *arg, int status, const unsigned char *msg, int len);
struct ar_pending {            /* lives until fn ran */
	ar_reply_fn fn;
	void *arg;
	struct ar_socks *ss;   /* where udpreply.c keeps the reply */
	unsigned id;           /* the query's ID, as c-ares sent it */
	int udp;               /* set when the reply is a datagram as it came */
};
/* compat: as glibc asks (no cache, no EDNS); else c-ares' own defaults */
int cares_init(struct ares_channeldata **, struct ares_options *, int mask, int compat);
void cares_sockets(struct ares_channeldata *, struct ar_socks *);
void cares_send(struct ares_channeldata *, const unsigned char *q, int qlen,
                struct ar_pending *);
/* native mode's res_query (q NULL: ares_query) and res_search (q, the
 * query res_mkquery made of the name: ares_search) */
void cares_query(struct ares_channeldata *, const char *name, int class, int type,
                 const unsigned char *q, int qlen, struct ar_pending *);
/* Processes the sockets poll() found ready (revents), and the timeouts
 * that have passed when timeouts is set (1.18: always). */
struct pollfd;
void cares_process(struct ares_channeldata *, const struct pollfd *, unsigned long n,
                   int timeouts);
void cares_idle(struct ares_channeldata *);
int cares_keep_first(void);

/* ---- channels and the poll loop (channel.c, run.c, dns.c) ---- */
struct chan;
/* A channel made with net's settings (NULL: aresolv's own). */
struct chan *channel_get(const struct ar_net *net, int *status);
struct ares_channeldata *channel_ares(struct chan *);
struct ar_socks *channel_socks(struct chan *);
/* resolv.conf's search list and ndots, as the channel was made with. */
const struct ar_search *channel_search(const struct chan *);
int channel_put(struct chan *, int status);
struct pollfd;
int channel_poll(struct chan *, struct pollfd *, unsigned long n, int ms);
int run_sync(struct chan *, int *done);
/* One query of the caller's, as bytes, and its reply (msg: the caller
 * frees it).  status ARES_SUCCESS: a reply, whatever its rcode;
 * ETIMEOUT with msg: every server answered with an error, the last one
 * is msg (glibc's res_send ends so); ECONNREFUSED: no server reachable. */
struct ar_reply {
	int status, len;
	int tcp;                 /* not a datagram as it came: TCP, or c-ares' copy */
	unsigned char *msg;
};
int dns_send(struct chan *, const struct ar_net *, const unsigned char *q, int qlen,
             struct ar_reply *);
/* RES_USE_EDNS0's OPT record appended to the query of len bytes in buf
 * (glibc's __res_nopt: anslen advertised, 512..1200; DO with
 * RES_USE_DNSSEC).  Returns the new length, or -1 when it does not fit. */
#define AR_OPTSZ 11
int dns_query_opt(unsigned char *buf, int len, int size, int anslen, unsigned options);

/* ---- DNS replies (reply.c) ---- */
int reply_status(const unsigned char *msg, int len);
int reply_hostent(const unsigned char *msg, int len, int qtype, struct ar_answer *);
int reply_pair(const unsigned char *msg, int len, struct ar_answer *, int *canon);
int reply_ptr(const unsigned char *msg, int len, struct ar_answer *);

/* ---- the search-list walk (search.c) ---- */
/* ask asks one candidate name and returns an ARES_* status: ENOTFOUND
 * (NXDOMAIN), ENODATA, ESERVFAIL (a SERVFAIL reply) and ECONNREFUSED
 * steer the walk; ECANCELLED ends it. */
struct ar_asker {
	int (*ask)(void *arg, const char *name);
	void *arg;
};
int search_walk(const char *name, const struct ar_search *, const struct ar_asker *);

#endif
