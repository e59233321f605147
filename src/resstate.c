/* A program's resolver state (_res, or a res_state of its own), read
 * as glibc's resolver reads it.  What res_init would have put there
 * (servers, timeout, tries, ndots, search list) leaves aresolv's own
 * settings in force (ARESOLV_SERVERS, ARESOLV_TIMEOUT_MS, ...); what the
 * program changed takes their place, as it does under glibc.  The
 * options (RES_USEVC, RES_USE_EDNS0, RES_DNSRCH, ...) are always the
 * state's. */
#include <ares.h>
#include <arpa/nameser.h>
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <resolv.h>
#include <string.h>

#include "core.h"

/* The settings of a state that stand in for aresolv's own. */
struct snap {
	int nservers, retrans, retry;
	unsigned long options;
	union ar_sockaddr servers[MAXNS];
	socklen_t lens[MAXNS];
	struct ar_search search;   /* ndots and dnsrch; last: snap_copy */
};

/* What res_init gives: a state the program did not change gives the
 * same snapshot.  Read again when a state no longer matches it, as
 * after resolv.conf changed and glibc reloaded the state. */
static struct snap fresh_last;
static int fresh_read;
/* The last state found to differ from a fresh read: the program's own
 * settings, not a reload of resolv.conf, so not read again for it. */
static struct snap fresh_miss;
static int fresh_missed;
/* Guards the four above. */
static pthread_mutex_t fresh_lock = PTHREAD_MUTEX_INITIALIZER;

socklen_t rstate_server(const struct __res_state *st, int i, union ar_sockaddr *out)
{
	memset(out, 0, sizeof *out);
	if (st->nsaddr_list[i].sin_family == AF_INET) {
		out->in.sin_family = AF_INET;
		out->in.sin_port = st->nsaddr_list[i].sin_port;
		out->in.sin_addr = st->nsaddr_list[i].sin_addr;
		return sizeof out->in;
	}
	if (!st->nsaddr_list[i].sin_family && st->_u._ext.nsaddrs[i] &&
	    st->_u._ext.nsaddrs[i]->sin6_family == AF_INET6) {
		out->in6.sin6_family = AF_INET6;
		out->in6.sin6_port = st->_u._ext.nsaddrs[i]->sin6_port;
		out->in6.sin6_addr = st->_u._ext.nsaddrs[i]->sin6_addr;
		out->in6.sin6_scope_id = st->_u._ext.nsaddrs[i]->sin6_scope_id;
		return sizeof out->in6;
	}
	return 0;
}

static void snap_take(const struct __res_state *st, struct snap *s)
{
	memset(s, 0, offsetof(struct snap, search));
	s->nservers = st->nscount < 0 ? 0 : st->nscount > MAXNS ? MAXNS : st->nscount;
	for (int i = 0; i < s->nservers; i++)
		s->lens[i] = rstate_server(st, i, &s->servers[i]);
	s->retrans = st->retrans;
	s->retry = st->retry;
	s->options = st->options;
	rstate_search_list(st, &s->search);
}

/* *to = *from, its search list as search_copy copies it */
static void snap_copy(struct snap *to, const struct snap *from)
{
	memcpy(to, from, offsetof(struct snap, search));
	search_copy(&to->search, &from->search);
}

static int same_servers(const struct snap *a, const struct snap *b)
{
	return a->nservers == b->nservers &&
	       !memcmp(a->lens, b->lens, sizeof a->lens) &&
	       !memcmp(a->servers, b->servers, sizeof a->servers);
}

static int same_snap(const struct snap *a, const struct snap *b)
{
	return same_servers(a, b) && a->retrans == b->retrans && a->retry == b->retry &&
	       a->search.ndots == b->search.ndots && a->options == b->options &&
	       a->search.n == b->search.n && a->search.used == b->search.used &&
	       !memcmp(a->search.names, b->search.names, a->search.used);
}

/* glibc walks resolv.conf's search list, not the state's dnsrch, while
 * the state still matches resolv.conf (resolv_conf_matches and
 * replicated_configuration_matches): the same servers, options,
 * retrans, retry and ndots, and dnsrch starting at defdname with
 * resolv.conf's names first (a name added after them goes unseen). */
static int conf_list(const struct __res_state *st, const struct snap *now,
                     const struct snap *fresh)
{
	const char *p = fresh->search.names;

	if (!rstate_initialised(st) || !same_servers(now, fresh) || now->options != fresh->options ||
	    now->retrans != fresh->retrans || now->retry != fresh->retry ||
	    now->search.ndots != fresh->search.ndots)
		return 0;
	if (!st->dnsrch[0])
		return !fresh->search.n && !st->defdname[0];
	if (st->dnsrch[0] != st->defdname)
		return 0;
	for (int i = 0; i < fresh->search.n; i++, p += strlen(p) + 1)
		if (!st->dnsrch[i] || strcmp(st->dnsrch[i], p))
			return 0;
	return 1;
}

/* Held around each call of ours into libc's resolv.conf cache
 * (res_init, res_ninit, res_nclose), and across fork() (forklock.c):
 * libc's cache has a lock of its own that its fork() does not reset,
 * so a child forked while one of our threads was inside would find it
 * taken for good (tests/46-gaia.t's fork with getaddrinfo_a requests in
 * flight).  A leaf: nothing else is taken under it. */
static pthread_mutex_t libc_conf_lock = PTHREAD_MUTEX_INITIALIZER;

/* res_ninit(st), or res_init() when st is NULL, errno left as found:
 * glibc's own lookups leave it so. */
int rstate_libc_init(struct __res_state *st)
{
	int err = errno, rc;

	forklock_add(&libc_conf_lock);
	pthread_mutex_lock(&libc_conf_lock);
	rc = st ? res_ninit(st) : res_init();
	pthread_mutex_unlock(&libc_conf_lock);
	errno = err;
	return rc;
}

/* glibc's lookups and res_query begin with __resolv_context_get: it
 * initialises the thread's _res from resolv.conf when nothing has, and
 * reloads it (in place, every field) when resolv.conf changed and _res
 * still holds what was read from it.  res_send with no room for an
 * answer goes through that and stops before any socket: ESRCH or
 * EINVAL. */
void rstate_sync(void)
{
	typedef int send_fn(const unsigned char *, int, unsigned char *, int);
	static send_fn *_Atomic libc_send;
	unsigned char q[HFIXEDSZ] = { 0 }, ans[1];
	int err = errno, herr = h_errno;

	if (!libc_send)
		libc_send = (send_fn *)dlsym(RTLD_NEXT, "res_send");
	if (!libc_send)
		return;
	forklock_add(&libc_conf_lock);
	pthread_mutex_lock(&libc_conf_lock);
	libc_send(q, 0, ans, 0);
	pthread_mutex_unlock(&libc_conf_lock);
	errno = err;
	h_errno = herr;
}

void rstate_libc_close(struct __res_state *st)
{
	forklock_add(&libc_conf_lock);
	pthread_mutex_lock(&libc_conf_lock);
	res_nclose(st);
	pthread_mutex_unlock(&libc_conf_lock);
}

/* res_ninit's state is closed at once: it would hold a reference to
 * libc's parse of resolv.conf for good. */
static int fresh_take(struct snap *s)
{
	struct __res_state st;

	memset(&st, 0, sizeof st);
	if (rstate_libc_init(&st))
		return -1;
	snap_take(&st, s);
	rstate_libc_close(&st);
	return 0;
}

/* What res_init gives into *out, read again when now (if not NULL)
 * differs from what was read last and from the state last found to
 * differ after a read: a state the program changed costs one res_ninit,
 * not one a lookup.  fresh_lock is a leaf: the reading is done outside
 * it. */
static void fresh_get(const struct snap *now, struct snap *out)
{
	struct snap s;
	int skip;

	forklock_add(&fresh_lock);
	pthread_mutex_lock(&fresh_lock);
	snap_copy(out, &fresh_last);
	skip = fresh_read && (!now || same_snap(now, out) ||
	                      (fresh_missed && same_snap(now, &fresh_miss)));
	pthread_mutex_unlock(&fresh_lock);
	if (skip || fresh_take(&s))
		return;
	pthread_mutex_lock(&fresh_lock);
	fresh_last = s;
	fresh_read = 1;
	if (now && !same_snap(now, &s)) {
		fresh_miss = *now;
		fresh_missed = 1;
	}
	pthread_mutex_unlock(&fresh_lock);
	*out = s;
}

void rstate_search_list(const struct __res_state *st, struct ar_search *s)
{
	memset(s, 0, offsetof(struct ar_search, names));
	s->ndots = st->ndots;
	for (int i = 0; i < MAXDNSRCH && st->dnsrch[i]; i++) {
		size_t len = strlen(st->dnsrch[i]);
		if (s->used + len + 1 > sizeof s->names)
			break;
		memcpy(s->names + s->used, st->dnsrch[i], len + 1);
		s->used += len + 1;
		s->n++;
	}
}

void rstate_settings(const struct __res_state *st, struct ar_res *rs)
{
	struct ar_net *net = &rs->net;
	struct snap now, fresh;

	snap_take(st, &now);
	fresh_get(rstate_initialised(st) ? &now : NULL, &fresh);
	memset(net, 0, sizeof *net);
	rs->options = (unsigned)st->options;
	rs->search = NULL;
	if (!same_servers(&now, &fresh))
		for (int i = 0; i < now.nservers; i++)
			if (now.lens[i])
				net->servers[net->nservers++] = now.servers[i];
	if (now.retrans != fresh.retrans)
		net->timeout_ms = (now.retrans > 0 ? now.retrans : 1) * 1000;
	if (now.retry != fresh.retry)
		net->tries = now.retry > 0 ? now.retry : 1;
	if (st->options & RES_USEVC)
		net->flags |= ARES_FLAG_USEVC;
	if (st->options & RES_IGNTC)
		net->flags |= ARES_FLAG_IGNTC;
	if (!conf_list(st, &now, &fresh)) {
		rstate_search_list(st, &rs->own);
		rs->search = &rs->own;
	}
}

/* resolv.conf's search list as res_init read it (with the state's
 * ndots: the caller sets them). */
void rstate_conf_list(struct ar_search *s)
{
	struct snap fresh;

	fresh_get(NULL, &fresh);
	search_copy(s, &fresh.search);
	s->ndots = 0;
}

int rstate_initialised(const struct __res_state *st)
{
	return (st->options & RES_INIT) != 0;
}

/* 1 when the program changed st from what res_init gives (its servers,
 * options, timeouts, ndots or search list). */
int rstate_changed(const struct __res_state *st)
{
	struct snap now, fresh;

	if (!rstate_initialised(st))
		return 0;
	snap_take(st, &now);
	fresh_get(&now, &fresh);
	return !conf_list(st, &now, &fresh);
}

/* The thread's _res, read.  The lookups' entry points (gai.c, ghbn.c,
 * ghba.c, shim/res.c) have brought it up to date with rstate_sync,
 * once a lookup; a path without one (native mode) initialises it here
 * when nothing has (a program reading _res.nscount after gethostbyname
 * sees resolv.conf's servers). */
void rstate_current(struct ar_res *rs)
{
	if (!rstate_initialised(&_res))
		rstate_sync();
	rstate_settings(&_res, rs);
}
