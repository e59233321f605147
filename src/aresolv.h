/* aresolv internal interface: the resolver core shared by shim/ and tests.
 * Nothing declared here is exported from libaresolv.so (built with
 * -fvisibility=hidden and a version script). */
#ifndef ARESOLV_H
#define ARESOLV_H

#include <netdb.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Addresses an answer holds without allocating; more go to the heap.  A
 * 65535-byte DNS message holds at most 4093 A records: the sanity cap
 * AR_MAXADDRS is far above what two of them can carry. */
#define AR_INLADDRS 16
#define AR_MAXADDRS 65536

/* ---- configuration (config.c) ---- */
enum ar_mode { AR_MODE_COMPAT, AR_MODE_NATIVE };
enum ar_fallback { AR_FALLBACK_AUTO, AR_FALLBACK_NEVER };

struct ar_config {
	int disabled;            /* ARESOLV_DISABLE=1 */
	enum ar_mode mode;       /* ARESOLV_MODE */
	enum ar_fallback fallback; /* ARESOLV_FALLBACK */
	int timeout_ms;          /* ARESOLV_TIMEOUT_MS, 0 = resolv.conf/glibc default */
	int tries;               /* ARESOLV_TRIES, 0 = resolv.conf/glibc default */
	const char *servers;     /* ARESOLV_SERVERS or NULL */
	const char *resolv_conf; /* ARESOLV_RESOLV_CONF or /etc/resolv.conf */
	const char *hosts;       /* ARESOLV_HOSTS or /etc/hosts */
	const char *trace;       /* ARESOLV_TRACE or NULL */
	int nss_other;           /* nsswitch hosts: names a module besides files/dns */
	int nss_files;           /* nsswitch hosts: has files */
	int nss_dns;             /* nsswitch hosts: has dns */
	int services_libc;       /* nsswitch services: a source besides files */
	int multi;               /* host.conf "multi on": every hosts line counts */
	int channels;            /* ARESOLV_CHANNELS: 0 = one channel per thread, N = N shared */
	/* ARESOLV_SHADOW: "glibc:FILE" or "aresolv:FILE" (the primary, whose
	 * answer the program gets; FILE absolute), NULL when off: every call
	 * asked of both, one record a call appended to FILE (shim/shadow.c) */
	const char *shadow;
};
#define AR_MAXCHANNELS 256
#define AR_DEFCHANNELS 4

const struct ar_config *ar_config(void);
int ar_parse_uint(const char *s, int min, int max, int *out);

/* ---- version (version.c) ---- */
/* "aresolv 0.2 (c-ares 1.34.8)": the c-ares compiled in. */
const char *ar_version(void);
/* 1 when c-ares `version` (ARES_VERSION's 0xMMmmpp; 0: the one compiled
 * in) is within the releases aresolv is tested with. */
int ar_cares_tested(unsigned version);

/* ---- the running glibc (libc.c) ---- */
/* The glibc releases compat mode knows, as libc_version() gives them. */
#define AR_LIBC_OLDEST 2036
#define AR_LIBC_NEWEST 2041
/* "2.41" (and "2.41.9000") as 2041; -1 when it is no such version. */
int libc_parse_version(const char *);
/* gnu_get_libc_version(), read once, as libc_parse_version gives it. */
int libc_version(void);
const char *libc_version_str(void);
/* 1 for a glibc from AR_LIBC_OLDEST to AR_LIBC_NEWEST. */
int libc_known(void);
/* Behaviours that changed between them, each asked of the running one: */
/* gethostbyaddr of a v4-mapped IPv6 address finds IPv4 hosts lines */
int libc_hosts_mapped(void);
/* the options (_res's) ask for strict-error and this glibc has it */
int libc_strict_error(unsigned long options);

/* ---- tracing (trace.c) ---- */
int ar_trace_on(void);
void ar_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ar_quote(char *dst, size_t size, const char *s);
uint64_t ar_now_us(void);

/* ---- addresses and answers ---- */
struct ar_addr {
	int family;             /* AF_INET or AF_INET6 */
	uint32_t scope;         /* IPv6 scope id */
	unsigned char bytes[16];
};

/* One name lookup's answer, from the hosts file or DNS.  Owns its strings. */
struct ar_answer {
	const char *source;     /* "hosts" or "dns" */
	char *name;             /* canonical name (h_name / ai_canonname) */
	char **aliases;         /* NULL-terminated, may be NULL */
	size_t naliases;
	size_t naddrs, cap;
	struct ar_addr *addrs;  /* inl, or the heap past AR_INLADDRS */
	struct ar_addr inl[AR_INLADDRS];
};

/* An empty answer; the address array is left unwritten (only its first
 * naddrs entries are ever read).  A zeroed answer is empty too. */
static inline void answer_init(struct ar_answer *a)
{
	a->source = NULL;
	a->name = NULL;
	a->aliases = NULL;
	a->naliases = 0;
	a->naddrs = 0;
	a->cap = AR_INLADDRS;
	a->addrs = a->inl;
}
void answer_clear(struct ar_answer *);
int answer_add_alias(struct ar_answer *, const char *);
int answer_push_alias(struct ar_answer *, const char *);
int answer_add_addr(struct ar_answer *, int family, const void *bytes);

/* ---- numeric parsing (numeric.c) ---- */
/* 1 if s is an IPv4 address in any inet_aton form, 0 otherwise. */
int parse_ipv4(const char *s, unsigned char out[4]);
/* 1 if s is an IPv6 literal with optional %scope; -1 if the scope names no
 * interface (out is filled all the same); 0 if not an IPv6 literal. */
int parse_ipv6(const char *s, unsigned char out[16], uint32_t *scope);
/* gethostbyname's digits-and-dots rule (glibc __nss_hostname_digits_dots):
 * 1 numeric (out filled), -1 looks numeric but is invalid, 0 a name. */
int parse_dots(const char *s, int family, unsigned char out[16]);

/* ---- name syntax (hnok.c) ---- */
/* 1 when glibc's res_hnok would let the name go to DNS. */
int name_ok(const char *name);
/* 1 when res_mkquery could make a query of the name (ns_name_pton). */
int name_pton_ok(const char *name);
int name_has_suffix(const char *name, const char *suffix);

/* ---- services (service.c) ---- */
struct ar_servtuple { int socktype, protocol, port; };
#define AR_MAXSERV 8
/* Fills tuples for (service, hints) the way glibc does; returns count or a
 * negative EAI_* code. */
int parse_service(const char *service, const struct addrinfo *hints,
                  struct ar_servtuple out[AR_MAXSERV]);
/* getservbyname_r's answer from the services file, parsed once and
 * shared (servfile.c): 1 found (*port in host order), 0 not found, -1
 * when libc must answer (nsswitch.conf names another source, or the file
 * could not be read).  proto NULL matches any protocol. */
int servfile_port(const char *name, const char *proto, int *port);

/* ---- files followed as they change (follow.c) ---- */
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
/* One parse of a file, never changed once made: the first member of each
 * file's own parse, freed by its free() with its last reference. */
struct ar_snap {
	atomic_uint refs;
	int exists;
	struct stat st;
	void (*free)(struct ar_snap *);
};
/* A followed file: the newest parse, shared by the threads; each thread
 * keeps a reference to the parse it reads (its ar_seen, thread-local),
 * checks the file (stat) at most once a second, and adopts a newer parse
 * as soon as one is published.  One thread at a time reads the file
 * again; the others meanwhile go on with the parse they hold. */
struct ar_follow {
	const char *(*path)(void);
	/* a new parse with one reference (exists 0: the file is missing);
	 * NULL with errno set */
	struct ar_snap *(*load)(const char *path, int exists, const struct stat *);
	pthread_mutex_t lock;           /* guards shared; held for a pointer only */
	pthread_mutex_t build;          /* held by the thread reading the file */
	struct ar_snap *_Atomic shared; /* the newest parse, with its own reference */
	atomic_int ready;               /* key made, locks held across fork() */
	pthread_key_t key;              /* the thread's parse, unreferenced at exit */
};
#define AR_FOLLOW(pathfn, loadfn) { .path = pathfn, .load = loadfn, \
	.lock = PTHREAD_MUTEX_INITIALIZER, .build = PTHREAD_MUTEX_INITIALIZER }
struct ar_seen {
	struct ar_snap *snap;
	uint64_t checked_us;
};
/* The parse this thread reads, NULL when there is none; *err set when the
 * file, never read yet, could not be read for want of descriptors or
 * memory (errno says which). */
struct ar_snap *follow_get(struct ar_follow *, struct ar_seen *, int *err);

/* Holds a lock across fork() from now on (forklock.c); see there. */
void forklock_add(pthread_mutex_t *);

/* ---- open-addressing tables of offsets, the files' indexes (table.c) ---- */
#define AR_NOENT UINT32_MAX
struct ar_table {
	uint32_t *slot;
	uint32_t mask;
};
/* Room for n entries, the table at most half full; -1 when memory ran out. */
int table_init(struct ar_table *, size_t n);
void table_free(struct ar_table *);
void table_add(struct ar_table *, uint32_t hash, uint32_t off);
/* The entries from hash on, one a call, until AR_NOENT: those added with
 * hash, in the order they were added, among others the caller tells
 * apart.  *pos starts as the hash. */
uint32_t table_next(const struct ar_table *, uint32_t *pos);
/* The slot of hash fetched into the cache ahead of a table_add. */
void table_touch(const struct ar_table *, uint32_t hash);
uint32_t table_hash(const void *, size_t);
/* The n bytes of a name; fold: equal for names strcasecmp finds equal,
 * in any locale. */
uint32_t table_name_hash(const char *, size_t n, int fold);

/* The next line of text (len bytes, NUL-terminated) from *pos, as glibc
 * 2.36's __nss_readline hands it to nss_files, NUL-terminated in place;
 * NULL after the last (nssline.c). */
char *nss_line(char *text, size_t len, size_t *pos);

/* ---- hosts file (hosts.c) ---- */
/* Looks name up; family AF_INET, AF_INET6 or AF_UNSPEC.  Returns 1 found,
 * 0 not found, -1 with errno set when memory ran out or the file, never
 * read yet by any thread, cannot be read for want of descriptors or
 * memory (a file that is missing or unreadable otherwise counts as not
 * found). */
int hosts_by_name(const char *name, int family, struct ar_answer *);
int hosts_by_addr(const struct ar_addr *, struct ar_answer *);

/* ---- sockets (sockets.c) ---- */
#include <sys/types.h>
#define AR_MAXSOCKS 16
#define AR_MAXPARKED 2
#include <netinet/in.h>
union ar_sockaddr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};
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
	unsigned try_ms;          /* compat: a try's timeout, 0 in native mode */
	uint64_t last_send_us;    /* compat: when a query last went out */
	unsigned next;
	struct ar_sock s[AR_MAXSOCKS];
	struct ar_sent sent[AR_MAXSENT];
	int corked;   /* UDP datagrams are held for one sendmmsg (socks_uncork) */
	int ncork;
	struct ar_cork { int fd; unsigned short len; unsigned char q[512]; } cork[2];
};
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
struct iovec;
void sent_note(struct ar_socks *, const struct iovec *, int n);
long reply_accept(struct ar_socks *, unsigned char *buf, size_t n, size_t cap);
unsigned char *reply_take(struct ar_socks *, unsigned id, int *len);
void sent_clear(struct ar_socks *);
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


/* ---- DNS through c-ares (dns.c, channel.c, run.c) ---- */
/* Not a c-ares status: a system call failed (descriptors exhausted) and
 * errno says which; glibc's EAI_SYSTEM, NETDB_INTERNAL. */
#define AR_ESYSTEM 1000
/* Not a c-ares status: an answer with no usable address or PTR
 * (nss_dns: TRYAGAIN with NO_RECOVERY; gethostbyname_r says EAGAIN). */
#define AR_ENOADDR 1001
/* The settings of one call that can differ from aresolv's own: those a
 * program set in _res or in its own res_state (resstate.c).  All zero:
 * aresolv's own servers, timeout and tries. */
#define AR_MAXNS 3   /* MAXNS */
struct ar_net {
	int nservers;                  /* 0: ARESOLV_SERVERS or resolv.conf's */
	union ar_sockaddr servers[AR_MAXNS];
	int timeout_ms, tries;         /* 0: aresolv's own */
	int flags;                     /* ARES_FLAG_USEVC, ARES_FLAG_IGNTC */
};
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
int dns_by_name(const char *name, int family, struct ar_answer *);
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
int query_opt(unsigned char *buf, int len, int size, int anslen, unsigned options);
int dns_by_addr(const struct ar_addr *, struct ar_answer *);

/* ---- DNS replies (reply.c) ---- */
int reply_status(const unsigned char *msg, int len);
int reply_hostent(const unsigned char *msg, int len, int qtype, struct ar_answer *);
int reply_pair(const unsigned char *msg, int len, struct ar_answer *, int *canon);
int reply_ptr(const unsigned char *msg, int len, struct ar_answer *);

/* ---- search list (resconf.c) ---- */
#define AR_MAXSEARCH 6   /* MAXDNSRCH */
struct ar_search {
	int ndots, n, full;
	unsigned options;    /* RES_DEFNAMES, RES_DNSRCH, RES_NOTLDQUERY */
	size_t used;
	char names[256];     /* n names, each ended by a NUL */
};
/* resolv.conf (resconf.c, its one reader): the search list and the
 * options aresolv follows, the file's then RES_OPTIONS' */
struct ar_resconf {
	struct ar_search search;
	int timeout_s, attempts;   /* glibc's defaults: 5 and 2 */
};
void resconf_read(const char *path, struct ar_resconf *);
/* The search list alone, the host name's domain when there is none */
void resconf_search(const char *path, struct ar_search *);
/* 1 when path cannot be opened for want of descriptors or memory */
int resconf_unreadable(const char *path);

/* ---- the search-list walk (search.c) ---- */
/* ask asks one candidate name and returns an ARES_* status: ENOTFOUND
 * (NXDOMAIN), ENODATA, ESERVFAIL (a SERVFAIL reply) and ECONNREFUSED
 * steer the walk; ECANCELLED ends it. */
struct ar_asker {
	int (*ask)(void *arg, const char *name);
	void *arg;
};
int dns_search(const char *name, const struct ar_search *, const struct ar_asker *);

/* ---- a program's resolver state (resstate.c) ---- */
/* What a call takes from a res_state: servers, timeout and tries where
 * they differ from what res_init reads (else aresolv's own), the
 * options (RES_USEVC, RES_USE_EDNS0, ...) and, where the program changed
 * them, ndots and the search list. */
struct __res_state;
struct ar_res {
	struct ar_net net;
	unsigned options;
	const struct ar_search *search;   /* NULL: the channel's (resconf.c) */
	struct ar_search own;
};
/* The thread's _res, brought up to date as glibc's lookups do
 * (initialised, or reloaded after resolv.conf changed), and read. */
void res_current(struct ar_res *);
int res_libc_init(struct __res_state *);
void res_libc_sync(void);
void res_libc_close(struct __res_state *);
void res_settings(const struct __res_state *, struct ar_res *);
int res_initialised(const struct __res_state *);
int res_changed(const struct __res_state *);
/* The state's ndots and search list (dnsrch). */
void res_search_list(const struct __res_state *, struct ar_search *);
/* resolv.conf's search list, as res_init read it; ndots left 0. */
void res_conf_list(struct ar_search *);

/* ---- res_query, res_search, res_querydomain, res_send (resq.c) ---- */
/* glibc's res_n* on the state: the reply's length or -1 with h_errno,
 * the state's res_h_errno and errno set as glibc sets them; AR_LIBC
 * when the call must be handed to libc. */
int resq_query(struct __res_state *, const char *name, int class, int type,
               unsigned char *ans, int anslen);
int resq_search(struct __res_state *, const char *name, int class, int type,
                unsigned char *ans, int anslen);
int resq_querydomain(struct __res_state *, const char *name, const char *domain, int class,
                     int type, unsigned char *ans, int anslen);
int resq_send(struct __res_state *, const unsigned char *q, int qlen, unsigned char *ans,
              int anssiz);
/* native mode: ares_query (search 0) or ares_search (resnative.c) */
int resnative_query(struct __res_state *, const char *name, const char *domain, int class,
                    int type, int search, unsigned char *ans, int anslen);

/* ---- lookup chain (lookup.c) ---- */
/* 1 when nsswitch.conf sends this name to a module other than files/dns. */
int name_for_libc(const char *name);
/* Hosts file then DNS.  Returns an ARES_* status; *source set. */
/* hnok: a name res_hnok refuses is not asked in DNS (not found). */
int lookup_name(const char *name, int family, int hnok, struct ar_answer *);

/* ---- errors (errmap.c) ---- */
int eai_from_ares(int status);
int herrno_from_ares(int status);
int errno_from_ares(int status);
const char *eai_name(int code);
const char *herrno_name(int code);

/* ---- /etc/gai.conf (gaiconf.c) ---- */
#define AR_MAXPOLICY 64
struct ar_prefix { unsigned char prefix[16]; int bits, val; };
struct ar_scope { uint32_t addr, mask; int scope; };   /* IPv4, host order */
struct ar_gaiconf {
	struct ar_prefix labels[AR_MAXPOLICY + 1], precedence[AR_MAXPOLICY + 1];
	struct ar_scope scopes[AR_MAXPOLICY + 1];
	size_t nlabels, nprecedence, nscopes;
};
void gaiconf_get(struct ar_gaiconf *);

/* ---- sorting (sort.c) ---- */
void sort_rfc3484(struct ar_addr *, size_t n);

/* ---- libc structures (addrinfo.c, hostent.c) ---- */
struct addrinfo *ai_pack(const struct ar_addr *, size_t naddrs,
                         const struct ar_servtuple *, size_t nserv,
                         const char *canon, int flags, int *err);
void ai_free(struct addrinfo *);
size_t ai_count(const struct addrinfo *);
/* Packs an answer of one family into buf; returns 0 or ERANGE. */
int hostent_pack(const struct ar_answer *, int family, struct hostent *,
                 char *buf, size_t buflen);
/* glibc's gethostbyname2_r and gethostbyaddr_r leave errno equal to what
 * they return (0 for found and not found alike): ret_errno returns rc so;
 * erange is a buffer too small, with NETDB_INTERNAL in *herr. */
int ret_errno(int rc);
int erange(int *herr);

/* ---- native mode (native.c) ---- */
int native_getaddrinfo(const char *node, const char *service,
                       const struct addrinfo *hints, struct addrinfo **res);

/* ---- the calls (gai.c, ghbn.c, ghba.c, gni.c) ---- */
/* Each returns AR_LIBC when the call must be handed to libc. */
#define AR_LIBC 0x10000
int ar_getaddrinfo(const char *node, const char *service,
                   const struct addrinfo *hints, struct addrinfo **res,
                   const char **path);
int ar_gethostbyname_r(const char *name, int family, struct hostent *ret,
                       char *buf, size_t buflen, struct hostent **result,
                       int *herr, const char **path);
int ar_gethostbyaddr_r(const void *addr, socklen_t len, int type,
                       struct hostent *ret, char *buf, size_t buflen,
                       struct hostent **result, int *herr, const char **path);
int ar_getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
                   socklen_t hostlen, char *serv, socklen_t servlen, int flags,
                   const char **path);

/* ---- getaddrinfo_a's queue and workers (gaia.c) ---- */
/* What a worker runs for each request: getaddrinfo's signature (the shim
 * hands in its getaddrinfo, so the core never calls up into shim/). */
typedef int (*ar_gai_fn)(const char *, const char *, const struct addrinfo *,
                         struct addrinfo **);
struct gaicb;
struct sigevent;
struct timespec;
/* glibc's getaddrinfo_a, gai_suspend, gai_error and gai_cancel, with fn
 * answering each request in one of at most 20 worker threads. */
int gaia_submit(int mode, struct gaicb *list[], int n, const struct sigevent *,
                ar_gai_fn fn);
int gaia_suspend(const struct gaicb *const list[], int n, const struct timespec *);
int gaia_error(struct gaicb *);
int gaia_cancel(struct gaicb *);

#endif
