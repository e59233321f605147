/* aresolv's core as the interposer (shim/) sees it: configuration,
 * tracing, the calls it answers and their error names.  Nothing declared
 * here is exported from libaresolv.so (built with -fvisibility=hidden
 * and a version script).  The core's own layers are in core.h (what src/
 * shares), dns.h (DNS through c-ares) and files.h (the local files). */
#ifndef ARESOLV_H
#define ARESOLV_H

#include <netdb.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

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
	/* ARESOLV_ANSWERS, else RESOLV_WRAPPER_HOSTS: every DNS question
	 * answered from this file's records in process (afile.c, fake.c),
	 * NULL when off; answers_servers: ARESOLV_ANSWERS_MISSING=servers,
	 * a name the file lacks asked of the real servers; answers_nodata:
	 * =nodata (the default from RESOLV_WRAPPER_HOSTS, as resolv_wrapper),
	 * such a name NOERROR with no data, else NXDOMAIN */
	const char *answers;
	int answers_servers;
	int answers_nodata;
	int answers_lenient;   /* from RESOLV_WRAPPER_HOSTS: bad lines skipped, as it does */
	/* ARESOLV_RECORD: every reply's records appended to this file
	 * (record.c), NULL when off */
	const char *record;
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

/* ---- tracing (trace.c) ---- */
int ar_trace_on(void);
void ar_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ar_quote(char *dst, size_t size, const char *s);
uint64_t ar_now_us(void);

/* ---- errors (errmap.c) ---- */
const char *eai_name(int code);
const char *herrno_name(int code);

/* ---- the program's resolver state, as the shim touches it (resstate.c) ---- */
struct __res_state;
/* res_ninit(st), or res_init() when st is NULL, and res_nclose, under a
 * lock held across fork(); errno left as found */
int rstate_libc_init(struct __res_state *);
void rstate_libc_close(struct __res_state *);
/* The thread's _res brought up to date as glibc's lookups do (once a
 * lookup): initialised, or reloaded after resolv.conf changed. */
void rstate_sync(void);
/* 1 when the program changed st from what res_init gives */
int rstate_changed(const struct __res_state *);
/* Answers mode: st (NULL: the thread's _res), about to be handed to
 * libc's resolver, sent to the file's loopback server (lsrv.c):
 * initialised first if it was not, then that server its only one (none
 * when it could not start: libc then fails without a packet). */
void lsrv_aim(struct __res_state *st);

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
void ai_free(struct addrinfo *);
size_t ai_count(const struct addrinfo *);
/* A buffer too small for gethostbyname_r and the like: ERANGE, with
 * NETDB_INTERNAL in *herr (hostent.c) */
int erange(int *herr);

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
