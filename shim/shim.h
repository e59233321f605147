/* The interposer's own pieces: the real libc functions and the guard that
 * sends nested calls straight to them. */
#ifndef SHIM_H
#define SHIM_H

#include <netdb.h>
#include <resolv.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <time.h>

#define EXPORT __attribute__((visibility("default")))

struct real_fns {
	int (*getaddrinfo)(const char *, const char *, const struct addrinfo *,
	                   struct addrinfo **);
	int (*getnameinfo)(const struct sockaddr *, socklen_t, char *, socklen_t,
	                   char *, socklen_t, int);
	const char *(*gai_strerror)(int);
	int (*gethostbyname_r)(const char *, struct hostent *, char *, size_t,
	                       struct hostent **, int *);
	int (*gethostbyname2_r)(const char *, int, struct hostent *, char *,
	                        size_t, struct hostent **, int *);
	int (*gethostbyaddr_r)(const void *, socklen_t, int, struct hostent *,
	                       char *, size_t, struct hostent **, int *);
	struct hostent *(*gethostbyname)(const char *);
	struct hostent *(*gethostbyname2)(const char *, int);
	struct hostent *(*gethostbyaddr)(const void *, socklen_t, int);
	/* res_query.c's four, and libresolv's __res_* (GLIBC_2.2.5) ones
	 * when the program has them (else the GLIBC_2.34 ones) */
	int (*res_nquery)(struct __res_state *, const char *, int, int, unsigned char *, int);
	int (*res_nsearch)(struct __res_state *, const char *, int, int, unsigned char *, int);
	int (*res_nquerydomain)(struct __res_state *, const char *, const char *, int, int,
	                        unsigned char *, int);
	int (*res_nsend)(struct __res_state *, const unsigned char *, int, unsigned char *, int);
	int (*res_query)(const char *, int, int, unsigned char *, int);
	int (*res_search)(const char *, int, int, unsigned char *, int);
	int (*res_querydomain)(const char *, const char *, int, int, unsigned char *, int);
	int (*res_send)(const unsigned char *, int, unsigned char *, int);
	int (*getaddrinfo_a)(int, struct gaicb **, int, struct sigevent *);
	int (*gai_suspend)(const struct gaicb *const *, int, const struct timespec *);
	int (*gai_error)(struct gaicb *);
	int (*gai_cancel)(struct gaicb *);
};

/* The real libc function f (a field of struct real_fns), found with
 * dlsym(RTLD_NEXT, "f") on its first use: a process pays only for those
 * it calls (each dlsym is about half a microsecond). */
#define REAL(f) ((__typeof__(((struct real_fns *)0)->f))                     \
                 real_sym(offsetof(struct real_fns, f) / sizeof(void (*)(void)), #f))
void *real_sym(size_t slot, const char *name);
/* f of libc's resolver, for a call handed to it: in answers mode the
 * state it uses (st: a res_n* call's own, NULL: the thread's _res) is
 * pointed at the file's loopback server first (lsrv_aim), so that libc
 * too answers from the file and no packet leaves the process. */
#define LIBC(f, st) (libc_aim(st), REAL(f))
void libc_aim(struct __res_state *st);

/* enter() returns 1 when aresolv answers this call, SHADOW when both
 * glibc and aresolv do (ARESOLV_SHADOW; then leave() must follow
 * either), 0 when it goes to libc: disabled, or nested inside our own
 * work. */
#define SHADOW 2
int enter(void);
void leave(void);
/* The answer for calls aresolv does not handle: libc's, or a refusal. */
int refuse(void);

/* call.c: an exported call's own parts, for call_run to take it through
 * the guard, shadow mode, aresolv, libc or a refusal, and the trace.  A
 * call's arguments sit in a struct whose first member is this one. */
struct call {
	int (*shadow)(struct call *);   /* ARESOLV_SHADOW's answer; NULL: none */
	/* aresolv's answer, or AR_LIBC to hand it on; *path may be set */
	int (*ours)(struct call *, const char **path);
	int (*libc)(struct call *);     /* libc's answer (LIBC) */
	int (*refused)(struct call *);  /* the answer ARESOLV_FALLBACK=never gives */
	void (*trace)(struct call *, const char *path, int rc, uint64_t t0);
};
int call_run(struct call *);
int shim_getaddrinfo(const char *, const char *, const struct addrinfo *, struct addrinfo **);

/* store.c: the non-reentrant forms' per-thread buffer */
struct store {
	struct hostent he;
	size_t len;
	char buf[];
};
struct store *store_get(size_t len);
/* s (malloc'd, its hostent within it) becomes the thread's buffer */
void store_adopt(struct store *s);
/* A gethostby*_r call (ghbn.c, ghba.c): its buffers, and fn, the name it
 * was called by (a nonreentrant one is run through its _r form). */
struct hcall {
	struct call c;
	const char *fn;
	struct hostent *ret;
	char *buf;
	size_t buflen;
	struct hostent **result;
	int *herr;
};
/* ARESOLV_FALLBACK=never's answer: none, NO_RECOVERY */
int hcall_refused(struct call *);
/* The nonreentrant form: h's call run with the thread's buffer, grown
 * until the answer fits, as glibc's wrappers grow their static one. */
struct hostent *hcall_store(struct hcall *h);

/* shadow.c: ARESOLV_SHADOW's calls, each answered by both resolvers;
 * the program gets the primary's answer.  Called between enter() and
 * leave().  shadow_hostent_r and shadow_hostent take a name (addr NULL)
 * or an address; fn is the function as the program called it. */
int shadow_getaddrinfo(const char *, const char *, const struct addrinfo *, struct addrinfo **);
int shadow_getnameinfo(const struct sockaddr *, socklen_t, char *, socklen_t, char *,
                       socklen_t, int);
int shadow_hostent_r(const char *fn, const char *name, int af, const void *addr, socklen_t len,
                     int type, struct hostent *ret, char *buf, size_t buflen,
                     struct hostent **result, int *herr);
struct hostent *shadow_hostent(const char *fn, const char *name, int af, const void *addr,
                               socklen_t len, int type);
/* 1 when aresolv's answer goes to the program (aresolv:FILE), 0 glibc's */
int shadow_primary(void);
/* A shadow call's two halves, by these names throughout shadow*.c:
 * glibc's (its *_glibc functions, h[GLIBC]) and aresolv's (*_aresolv,
 * h[ARESOLV]). */
enum half { GLIBC, ARESOLV };
/* aresolv's half on a helper thread while glibc's runs in the caller's;
 * apart: one after the other, glibc's first */
void shadow_both(void (*aresolv)(void *), void (*glibc)(void *), void *arg, int apart);
/* A half's end: errno after it, the path it took, its time since t0
 * (any half's struct: rc, err, path and us fields) */
#define HALF_END(h, p, t0) ((h)->err = errno, (h)->path = (p), (h)->us = ar_now_us() - (t0))
/* A record: its head line by shadow_rec_open, the rest written to f,
 * appended to the file whole by shadow_rec_close. */
struct rec {
	FILE *f;
	char *text;
	size_t len;
};
FILE *shadow_rec_open(struct rec *, const char *fn, const char *path, uint64_t glibc_us,
                      uint64_t aresolv_us, uint64_t us);
void shadow_rec_close(struct rec *);

/* shadowres.c: a res_* call (q set: res_send's query) */
enum { RES_K_QUERY, RES_K_SEARCH, RES_K_QUERYDOMAIN };
struct res_req {
	const char *fn, *verb;   /* as called (__res_query), aresolv-query's verb */
	int kind, own;           /* own: res_n*, the caller's state */
	struct __res_state *st;
	const char *name, *domain;
	int class, type;
	const unsigned char *q;
	int qlen;
	unsigned char *ans;
	int anslen;
};
int shadow_res(const struct res_req *);

/* shadowfmt.c: a record's lines in aresolv-query's forms (queries:
 * "query: " and a --batch line; 0 when the line would not replay);
 * qfmt.h: the forms the tool prints too */
#include "../src/qfmt.h"
int fmt_word(FILE *, const char *);
int fmt_line(FILE *, const char *verb, const char *const *pos, int n, const char *opts);
int fmt_gai_query(FILE *, const char *, const char *, const struct addrinfo *);
void fmt_gai(FILE *, const char *node, const char *service, const struct addrinfo *hints,
             int rc, int err, const struct addrinfo *res);
int fmt_ghbn_query(FILE *, const char *name, int af, size_t buflen);
void fmt_ghbn_header(FILE *, const char *name, int af, size_t buflen);
void fmt_addr_literal(char *out, const void *addr, socklen_t len, int type);
int fmt_gni_query(FILE *, const struct sockaddr *, socklen_t salen, socklen_t hostlen,
                  socklen_t servlen, int flags);
void fmt_gni(FILE *, const struct sockaddr *, socklen_t salen, const char *host,
             socklen_t hostlen, const char *serv, socklen_t servlen, int flags, int rc, int err);

#endif
