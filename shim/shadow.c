/* ARESOLV_SHADOW ("glibc:FILE" or "aresolv:FILE", set by `aresolv diff
 * -- COMMAND`): every call is answered by glibc and by aresolv (in
 * ARESOLV_MODE's mode), the program gets the primary's answer, and one
 * record a call is appended to FILE with a single write(2), so threads,
 * forks and exec'd children land in one report.
 *
 * glibc's half runs on the calling thread, as the program's own call
 * would (its errno, h_errno and _res are that thread's); aresolv's half
 * runs meanwhile on a helper thread, so a call takes about the slower of
 * the two.  The primary's half writes into the program's buffers, the
 * other half into copies; the program then sees the primary's errno and
 * h_errno as though it alone had run. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <resolv.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/aresolv.h"
#include "shim.h"



int shadow_primary(void)
{
	return ar_config()->shadow[0] == 'a' ? ARESOLV : GLIBC;
}

/* ---- the two halves ---- */

struct job {
	void (*fn)(void *);
	void *arg;
	sem_t done;
};

static void run_job(struct job *j)
{
	int in = enter();   /* nested resolver calls of our own go to libc */

	j->fn(j->arg);
	if (in)
		leave();
}

/* The helpers: detached threads, every signal blocked, each running one
 * job at a time and then waiting a second for another before it ends.
 * Guard: pool_lock guards idle and every idle helper's job; a fork's
 * child starts with none (its parent's helpers are not there). */
struct helper {
	pthread_cond_t wake;
	struct job *job;
	struct helper *next;
};
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;
static struct helper *idle;
/* A fork's child has none of the parent's helper threads: their idle
 * entries are kept here, reachable, never used (set in the child's
 * fork handler, before it has other threads). */
static struct helper *orphans;

static void pool_lock_fork(void) { pthread_mutex_lock(&pool_lock); }
static void pool_unlock_fork(void) { pthread_mutex_unlock(&pool_lock); }
static void pool_child(void)
{
	while (idle) {
		struct helper *h = idle;
		idle = h->next;
		h->next = orphans;
		orphans = h;
	}
	pthread_mutex_unlock(&pool_lock);
}

static void pool_init(void)
{
	pthread_atfork(pool_lock_fork, pool_unlock_fork, pool_child);
}

/* As the library loads, not racing a fork (src/forklock.c says why). */
__attribute__((constructor)) static void pool_early(void)
{
	pthread_once(&pool_once, pool_init);
}

/* Waits a second for a job; 0 (h gone from idle) when none came. */
static int await_job(struct helper *h)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec++;
	h->next = idle;
	idle = h;
	while (!h->job)
		if (pthread_cond_timedwait(&h->wake, &pool_lock, &until) && !h->job) {
			struct helper **p = &idle;
			while (*p != h)
				p = &(*p)->next;
			*p = h->next;
			return 0;
		}
	return 1;
}

static void *helper_main(void *p)
{
	struct helper *h = p;

	pthread_mutex_lock(&pool_lock);
	do {
		struct job *j = h->job;
		h->job = NULL;
		pthread_mutex_unlock(&pool_lock);
		run_job(j);
		sem_post(&j->done);
		pthread_mutex_lock(&pool_lock);
	} while (await_job(h));
	pthread_mutex_unlock(&pool_lock);
	pthread_cond_destroy(&h->wake);
	free(h);
	return NULL;
}

/* j to an idle helper, or to a new one; 0 when no thread can be made. */
static int hand(struct job *j)
{
	pthread_attr_t at;
	struct helper *h;
	pthread_t t;
	sigset_t all;
	int made;

	pthread_once(&pool_once, pool_init);
	pthread_mutex_lock(&pool_lock);
	if ((h = idle)) {
		idle = h->next;
		h->job = j;
		pthread_cond_signal(&h->wake);
	}
	pthread_mutex_unlock(&pool_lock);
	if (h)
		return 1;
	if (!(h = malloc(sizeof *h)))
		return 0;
	pthread_cond_init(&h->wake, NULL);
	h->job = j;
	sigfillset(&all);
	made = !pthread_attr_init(&at) && !pthread_attr_setsigmask_np(&at, &all) &&
	       !pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED) &&
	       !pthread_create(&t, &at, helper_main, h);
	pthread_attr_destroy(&at);
	if (!made) {
		pthread_cond_destroy(&h->wake);
		free(h);
	}
	return made;
}

/* aresolv's half on a helper while glibc's runs here;
 * both in turn, glibc's first, when apart or when no helper can be had.
 * The name and address lookups are apart when the program changed the
 * thread's _res (rstate_changed), which a helper's _res would not have.
 * Cancellation waits until both are done: the helper writes into the
 * caller's frame. */
void shadow_both(void (*aresolv)(void *), void (*glibc)(void *), void *arg, int apart)
{
	struct job j = { aresolv, arg, { { 0 } } };
	int handed, cancel;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
	sem_init(&j.done, 0, 0);
	handed = !apart && hand(&j);
	glibc(arg);
	if (handed)
		while (sem_wait(&j.done))
			;   /* EINTR */
	else
		run_job(&j);
	sem_destroy(&j.done);
	pthread_setcancelstate(cancel, NULL);
}

/* ---- records ---- */

FILE *shadow_rec_open(struct rec *r, const char *fn, const char *path, uint64_t gus,
                      uint64_t aus, uint64_t us)
{
	r->text = NULL;
	if (!(r->f = open_memstream(&r->text, &r->len)))
		return NULL;
	fprintf(r->f, "@shadow pid=%d ppid=%d prog=", (int)getpid(), (int)getppid());
	fmt_str(r->f, program_invocation_short_name);
	fprintf(r->f, " fn=%s path=%s us=%llu glibc_us=%llu aresolv_us=%llu\n", fn, path,
	        (unsigned long long)us, (unsigned long long)gus, (unsigned long long)aus);
	return r->f;
}

/* One write(2) to the file, opened for the record (O_APPEND: records of
 * every process stay whole; a program that closes every descriptor
 * loses none). */
void shadow_rec_close(struct rec *r)
{
	const char *file = strchr(ar_config()->shadow, ':') + 1;
	int fd;

	if (!r->f)
		return;
	fputs(".\n", r->f);
	if (!fclose(r->f) && (fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) >= 0) {
		(void)!write(fd, r->text, r->len);
		close(fd);
	}
	free(r->text);
}

static void rec_noreplay(struct rec *r, int replay)
{
	if (!replay)
		fputs("-noreplay\n", r->f);
}

/* ---- getaddrinfo ---- */

/* aresolv's half's rc: when aresolv handed the call on (AR_LIBC),
 * refused (ARESOLV_FALLBACK=never) or, path "libc", left for glibc's
 * half's answer to stand for it */
static int handed_on(int rc, int refused, const char **path)
{
	if (rc != AR_LIBC)
		return rc;
	if (refuse()) {
		*path = "refused";
		return refused;
	}
	*path = "libc";
	return rc;
}

struct gai_half {
	struct addrinfo *res;
	int rc, err;
	const char *path;
	uint64_t us;
};

struct gai_call {
	const char *node, *service;
	const struct addrinfo *hints;
	int e0;
	struct gai_half h[2];
};

static void gai_glibc(void *p)
{
	struct gai_call *c = p;
	struct gai_half *h = &c->h[GLIBC];
	uint64_t t0 = ar_now_us();

	h->res = NULL;
	h->rc = LIBC(getaddrinfo, NULL)(c->node, c->service, c->hints, &h->res);
	HALF_END(h, "libc", t0);
}

static void gai_aresolv(void *p)
{
	struct gai_call *c = p;
	struct gai_half *h = &c->h[ARESOLV];
	uint64_t t0 = ar_now_us();

	errno = c->e0;
	h->res = NULL;
	h->rc = handed_on(ar_getaddrinfo(c->node, c->service, c->hints, &h->res, &h->path),
	                  EAI_FAIL, &h->path);
	HALF_END(h, h->path, t0);
}

static int sa_same(const struct sockaddr *a, const struct sockaddr *b)
{
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;

	if (!a || !b || a->sa_family != b->sa_family)
		return a == b;
	if (a->sa_family == AF_INET)
		return a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	if (a->sa_family == AF_INET6)
		return !memcmp(&a6->sin6_addr, &b6->sin6_addr, 16) &&
		       a6->sin6_scope_id == b6->sin6_scope_id;
	return 1;
}

/* Every address of x is in y. */
static int ai_within(const struct addrinfo *x, const struct addrinfo *y)
{
	for (; x; x = x->ai_next) {
		const struct addrinfo *k = y;
		while (k && !sa_same(x->ai_addr, k->ai_addr))
			k = k->ai_next;
		if (!k)
			return 0;
	}
	return 1;
}

static int ai_same_set(const struct gai_half *a, const struct gai_half *b)
{
	if (!!a->rc != !!b->rc)
		return 0;
	return a->rc || (ai_within(a->res, b->res) && ai_within(b->res, a->res));
}

static void gai_record(struct gai_call *c, uint64_t us)
{
	const struct gai_half *g = &c->h[GLIBC];
	const struct gai_half *a = !strcmp(c->h[ARESOLV].path, "libc") ? g : &c->h[ARESOLV];
	struct rec r;

	if (!shadow_rec_open(&r, "getaddrinfo", c->h[ARESOLV].path, g->us, c->h[ARESOLV].us, us))
		return;
	rec_noreplay(&r, fmt_gai_query(r.f, c->node, c->service, c->hints));
	fputs("-glibc\n", r.f);
	fmt_gai(r.f, c->node, c->service, c->hints, g->rc, g->err, g->res);
	fputs("-aresolv\n", r.f);
	fmt_gai(r.f, c->node, c->service, c->hints, a->rc, a->err, a->res);
	if (!ai_same_set(g, a)) {
		/* glibc asked again: a server that changed its answer meanwhile */
		struct gai_half again = { 0 };
		again.rc = LIBC(getaddrinfo, NULL)(c->node, c->service, c->hints, &again.res);
		again.err = errno;
		fputs("-again\n", r.f);
		fmt_gai(r.f, c->node, c->service, c->hints, again.rc, again.err, again.res);
		if (!again.rc)
			ai_free(again.res);
	}
	shadow_rec_close(&r);
}

int shadow_getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                       struct addrinfo **res)
{
	struct gai_call c = { .node = node, .service = service, .hints = hints, .e0 = errno };
	uint64_t t0 = ar_now_us();
	int p = shadow_primary(), lib;

	shadow_both(gai_aresolv, gai_glibc, &c, rstate_changed(&_res));
	gai_record(&c, ar_now_us() - t0);
	/* aresolv hands this one to libc: glibc's answer is its answer */
	lib = !strcmp(c.h[ARESOLV].path, "libc");
	if (lib)
		p = GLIBC;
	else if (!c.h[!p].rc)
		ai_free(c.h[!p].res);
	*res = c.h[p].rc ? NULL : c.h[p].res;
	errno = c.h[p].err;
	return c.h[p].rc;
}

/* ---- getnameinfo ---- */

struct gni_half {
	char *host, *serv;
	int rc, err;
	const char *path;
	uint64_t us;
};

struct gni_call {
	const struct sockaddr *sa;
	socklen_t salen, hostlen, servlen;
	int flags, e0;
	struct gni_half h[2];
};

static void gni_glibc(void *p)
{
	struct gni_call *c = p;
	struct gni_half *h = &c->h[GLIBC];
	uint64_t t0 = ar_now_us();

	h->rc = LIBC(getnameinfo, NULL)(c->sa, c->salen, h->host, c->hostlen, h->serv, c->servlen,
	                                c->flags);
	HALF_END(h, "libc", t0);
}

static void gni_aresolv(void *p)
{
	struct gni_call *c = p;
	struct gni_half *h = &c->h[ARESOLV];
	uint64_t t0 = ar_now_us();

	errno = c->e0;
	h->rc = ar_getnameinfo(c->sa, c->salen, h->host, c->hostlen, h->serv, c->servlen,
	                       c->flags, &h->path);
	h->rc = handed_on(h->rc, EAI_FAIL, &h->path);
	HALF_END(h, h->path, t0);
}

static int gni_same(const struct gni_call *c, const struct gni_half *a, const struct gni_half *b)
{
	if (a->rc || b->rc)
		return !!a->rc == !!b->rc;
	return !a->host || !strncmp(a->host, b->host, c->hostlen);
}

static void gni_outcome(FILE *f, const struct gni_call *c, const struct gni_half *h)
{
	fmt_gni(f, c->sa, c->salen, c->hostlen ? h->host : NULL, c->hostlen,
	        c->servlen ? h->serv : NULL, c->servlen, c->flags, h->rc, h->err);
}

static void gni_record(struct gni_call *c, uint64_t us)
{
	const struct gni_half *g = &c->h[GLIBC];
	const struct gni_half *a = !strcmp(c->h[ARESOLV].path, "libc") ? g : &c->h[ARESOLV];
	struct rec r;

	if (!shadow_rec_open(&r, "getnameinfo", c->h[ARESOLV].path, g->us, c->h[ARESOLV].us, us))
		return;
	rec_noreplay(&r, fmt_gni_query(r.f, c->sa, c->salen, c->hostlen, c->servlen, c->flags));
	fputs("-glibc\n", r.f);
	gni_outcome(r.f, c, g);
	fputs("-aresolv\n", r.f);
	gni_outcome(r.f, c, a);
	if (!gni_same(c, g, a)) {
		struct gni_half again = { 0 };
		again.host = c->hostlen ? malloc(c->hostlen) : NULL;
		again.serv = c->servlen ? malloc(c->servlen) : NULL;
		if ((again.host || !c->hostlen) && (again.serv || !c->servlen)) {
			again.rc = LIBC(getnameinfo, NULL)(c->sa, c->salen, again.host, c->hostlen,
			                             again.serv, c->servlen, c->flags);
			again.err = errno;
			fputs("-again\n", r.f);
			gni_outcome(r.f, c, &again);
		}
		free(again.host);
		free(again.serv);
	}
	shadow_rec_close(&r);
}

int shadow_getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
                       socklen_t hostlen, char *serv, socklen_t servlen, int flags)
{
	struct gni_call c = { .sa = sa, .salen = salen, .hostlen = host ? hostlen : 0,
	                      .servlen = serv ? servlen : 0, .flags = flags, .e0 = errno };
	int p = shadow_primary();
	char *h2 = c.hostlen ? malloc(c.hostlen) : NULL, *s2 = c.servlen ? malloc(c.servlen) : NULL;
	uint64_t t0 = ar_now_us();

	if ((c.hostlen && !h2) || (c.servlen && !s2)) {
		free(h2);
		free(s2);
		return p == GLIBC ? LIBC(getnameinfo, NULL)(sa, salen, host, hostlen, serv, servlen, flags)
		                  : EAI_MEMORY;
	}
	c.h[p] = (struct gni_half){ .host = c.hostlen ? host : NULL, .serv = c.servlen ? serv : NULL };
	c.h[!p] = (struct gni_half){ .host = h2, .serv = s2 };
	shadow_both(gni_aresolv, gni_glibc, &c, rstate_changed(&_res));
	gni_record(&c, ar_now_us() - t0);
	if (p == ARESOLV && !strcmp(c.h[ARESOLV].path, "libc")) {
		/* aresolv hands this one to libc: glibc's answer, in place */
		if (c.hostlen)
			memcpy(host, h2, c.hostlen);
		if (c.servlen)
			memcpy(serv, s2, c.servlen);
		c.h[ARESOLV].rc = c.h[GLIBC].rc;
		c.h[ARESOLV].err = c.h[GLIBC].err;
	}
	free(h2);
	free(s2);
	errno = c.h[p].err;
	return c.h[p].rc;
}

/* ---- gethostbyname*, gethostbyaddr* ---- */

struct hb_half {
	struct hostent he, *ret, *result;   /* ret: the program's for the primary */
	char *buf;
	struct store *st;   /* aresolv's nonreentrant answer, for the caller's thread */
	int rc, herr, err;  /* herr INT_MIN: left alone */
	const char *path;
	uint64_t us;
};

struct hb_call {
	const char *fn;     /* as the program called it */
	int reent;          /* the _r forms */
	const char *name;   /* by name ... */
	int af;
	const void *addr;   /* ... or by address */
	socklen_t len;
	int type;
	size_t buflen;
	int e0, h0;
	struct hb_half h[2];
};

/* glibc's _r function of the call, into h's buffer */
static int hb_real_r(const struct hb_call *c, struct hostent *ret, char *buf, size_t buflen,
                     struct hostent **result, int *herr)
{
	if (c->addr)
		return LIBC(gethostbyaddr_r, NULL)(c->addr, c->len, c->type, ret, buf, buflen, result, herr);
	if (!strcmp(c->fn, "gethostbyname_r") || !strcmp(c->fn, "gethostbyname"))
		return LIBC(gethostbyname_r, NULL)(c->name, ret, buf, buflen, result, herr);
	return LIBC(gethostbyname2_r, NULL)(c->name, c->af, ret, buf, buflen, result, herr);
}

static void hb_glibc(void *p)
{
	struct hb_call *c = p;
	struct hb_half *h = &c->h[GLIBC];
	uint64_t t0 = ar_now_us();

	if (c->reent) {
		h->rc = hb_real_r(c, h->ret, h->buf, c->buflen, &h->result, &h->herr);
	} else {
		h->result = c->addr ? LIBC(gethostbyaddr, NULL)(c->addr, c->len, c->type)
		          : !strcmp(c->fn, "gethostbyname") ? LIBC(gethostbyname, NULL)(c->name)
		          : LIBC(gethostbyname2, NULL)(c->name, c->af);
		h->herr = h_errno;
	}
	HALF_END(h, "libc", t0);
}

static int hb_ask(const struct hb_call *c, struct hostent *ret, char *buf, size_t buflen,
                  struct hostent **result, int *herr, const char **path)
{
	if (c->addr)
		return ar_gethostbyaddr_r(c->addr, c->len, c->type, ret, buf, buflen, result, herr,
		                          path);
	return ar_gethostbyname_r(c->name, c->af, ret, buf, buflen, result, herr, path);
}

/* The nonreentrant forms: a buffer grown until the answer fits, as
 * ghbn.c's wrapper grows the thread's, handed to the caller's thread. */
static void hb_grow(struct hb_call *c, struct hb_half *h)
{
	int herr = 0;

	for (size_t len = 1024;; len *= 2) {
		struct store *s = realloc(h->st, sizeof *s + len);
		if (!s) {
			h->rc = ENOMEM;
			h->herr = NETDB_INTERNAL;
			h->result = NULL;
			return;
		}
		h->st = s;
		s->len = len;
		h->rc = hb_ask(c, &s->he, s->buf, len, &h->result, &herr, &h->path);
		if (h->rc != ERANGE || len >= (1u << 20))
			break;
	}
	h->herr = herr ? herr : c->h0;
}

static void hb_aresolv(void *p)
{
	struct hb_call *c = p;
	struct hb_half *h = &c->h[ARESOLV];
	uint64_t t0 = ar_now_us();

	errno = c->e0;
	h_errno = c->h0;
	if (c->reent)
		h->rc = hb_ask(c, h->ret, h->buf, c->buflen, &h->result, &h->herr, &h->path);
	else
		hb_grow(c, h);
	if (h->rc == AR_LIBC && refuse()) {
		h->path = "refused";
		h->herr = NO_RECOVERY;
		h->result = NULL;
		h->rc = 0;
	} else if (h->rc == AR_LIBC) {
		h->path = "libc";
	}
	HALF_END(h, h->path, t0);
}

/* Which verb of aresolv-query asks the call: ghbr prints the return
 * value; aresolv-query has no verb for gethostbyname2_r other than
 * AF_INET's nor for gethostbyaddr_r: they are recorded as ghbn2 and
 * ghba, whose answers they give (the buffer size is not replayed). */
static int hb_is_ghbr(const struct hb_call *c)
{
	return c->reent && !c->addr && c->af == AF_INET;
}

static int hb_query(FILE *f, const struct hb_call *c, char *lit)
{
	int af = !strcmp(c->fn, "gethostbyname") ? -1 : c->af;

	if (!c->addr)
		return fmt_ghbn_query(f, c->name, af, hb_is_ghbr(c) ? c->buflen : 0);
	fmt_addr_literal(lit, c->addr, c->len, c->type);
	fprintf(f, "query: ghba %s\n", *lit ? lit : "?");
	return *lit != 0;
}

static void hb_outcome(FILE *f, const struct hb_call *c, const char *lit, int rc, int herr,
                       const struct hostent *result)
{
	int af = !strcmp(c->fn, "gethostbyname") ? -1 : c->af;

	if (c->addr)
		fprintf(f, "ghba addr=%s family=%s\n", *lit ? lit : "?",
		        c->type == AF_INET6 ? "inet6" : "inet");
	else
		fmt_ghbn_header(f, c->name, af, hb_is_ghbr(c) ? c->buflen : 0);
	if (hb_is_ghbr(c))
		fmt_ghbr_result(f, rc, herr, result);
	else
		fmt_hostent_result(f, result, herr);
}

static size_t he_count(const struct hostent *he)
{
	size_t n = 0;
	char *a;

	/* a numeric answer's list may be unaligned: read bytewise */
	while (memcpy(&a, (const char *)he->h_addr_list + n * sizeof a, sizeof a), a)
		n++;
	return n;
}

static const char *he_addr(const struct hostent *he, size_t i)
{
	char *a;

	memcpy(&a, (const char *)he->h_addr_list + i * sizeof a, sizeof a);
	return a;
}

/* Every address of x is in y. */
static int he_within(const struct hostent *x, const struct hostent *y)
{
	size_t nx = he_count(x), ny = he_count(y), j;

	for (size_t i = 0; i < nx; i++) {
		for (j = 0; j < ny; j++)
			if (x->h_length == y->h_length &&
			    !memcmp(he_addr(x, i), he_addr(y, j), (size_t)x->h_length))
				break;
		if (j == ny)
			return 0;
	}
	return 1;
}

static int hb_same_set(const struct hb_call *c, const struct hostent *a, const struct hostent *b)
{
	if (!a || !b)
		return a == b;
	if (c->addr)
		return a->h_name && b->h_name && !strcmp(a->h_name, b->h_name);
	return he_within(a, b) && he_within(b, a);
}

static void hb_again(struct hb_call *c, FILE *f, const char *lit)
{
	size_t len = c->reent ? c->buflen : 65536;
	char *buf = malloc(len ? len : 1);
	struct hostent he, *result = &he;
	int herr = INT_MIN, rc;

	if (!buf)
		return;
	rc = hb_real_r(c, &he, buf, len, &result, &herr);
	fputs("-again\n", f);
	hb_outcome(f, c, lit, rc, herr, result);
	free(buf);
}

static void hb_record(struct hb_call *c, uint64_t us)
{
	const struct hb_half *g = &c->h[GLIBC];
	const struct hb_half *a = !strcmp(c->h[ARESOLV].path, "libc") ? g : &c->h[ARESOLV];
	char lit[INET6_ADDRSTRLEN];
	struct rec r;

	/* a buffer too small on both sides: the program asks again */
	if (!hb_is_ghbr(c) && g->rc == ERANGE && a->rc == ERANGE)
		return;
	if (!shadow_rec_open(&r, c->fn, c->h[ARESOLV].path, g->us, c->h[ARESOLV].us, us))
		return;
	rec_noreplay(&r, hb_query(r.f, c, lit));
	fputs("-glibc\n", r.f);
	hb_outcome(r.f, c, lit, g->rc, g->herr, g->result);
	fputs("-aresolv\n", r.f);
	hb_outcome(r.f, c, lit, a->rc, a->herr, a->result);
	if (!hb_same_set(c, g->result, a->result))
		hb_again(c, r.f, lit);
	shadow_rec_close(&r);
}

static void hb_run(struct hb_call *c)
{
	uint64_t t0 = ar_now_us();

	c->e0 = errno;
	c->h0 = h_errno;
	shadow_both(hb_aresolv, hb_glibc, c, rstate_changed(&_res));
	hb_record(c, ar_now_us() - t0);
}

int shadow_hostent_r(const char *fn, const char *name, int af, const void *addr, socklen_t len,
                     int type, struct hostent *ret, char *buf, size_t buflen,
                     struct hostent **result, int *herr)
{
	struct hb_call c = { .fn = fn, .reent = 1, .name = name, .af = af, .addr = addr,
	                     .len = len, .type = type, .buflen = buflen };
	int p = shadow_primary();
	char *copy = malloc(buflen ? buflen : 1);

	if (!copy)
		return p == GLIBC ? hb_real_r(&c, ret, buf, buflen, result, herr) : erange(herr);
	for (int i = 0; i < 2; i++) {
		c.h[i].ret = i == p ? ret : &c.h[i].he;
		c.h[i].buf = i == p ? buf : copy;
		c.h[i].result = c.h[i].ret;   /* "set" unless the call says otherwise */
		c.h[i].herr = INT_MIN;
	}
	hb_run(&c);
	free(copy);
	if (p == ARESOLV && !strcmp(c.h[ARESOLV].path, "libc")) {
		/* aresolv hands this one to libc: glibc's answer, in place */
		c.h[p].rc = hb_real_r(&c, ret, buf, buflen, &c.h[p].result, &c.h[p].herr);
		c.h[p].err = errno;
	}
	*result = c.h[p].result;
	if (c.h[p].herr != INT_MIN)
		*herr = c.h[p].herr;
	errno = c.h[p].err;
	return c.h[p].rc;
}

struct hostent *shadow_hostent(const char *fn, const char *name, int af, const void *addr,
                               socklen_t len, int type)
{
	struct hb_call c = { .fn = fn, .name = name, .af = af, .addr = addr, .len = len,
	                     .type = type };
	int p = shadow_primary();
	struct hostent *he;

	hb_run(&c);
	if (p == ARESOLV && strcmp(c.h[ARESOLV].path, "libc")) {
		store_adopt(c.h[ARESOLV].st);   /* the thread's buffer, as ghbn.c's */
		c.h[ARESOLV].st = NULL;
	} else {
		p = GLIBC;
	}
	free(c.h[ARESOLV].st);
	he = c.h[p].result;
	h_errno = c.h[p].herr;
	errno = c.h[p].err;
	return he;
}
