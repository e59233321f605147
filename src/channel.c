/* The c-ares channels.  By default the threads share a pool of at most
 * ARESOLV_CHANNELS (4) idle channels: a lookup takes one (the one its
 * thread used last, if it is free), owns it alone until it is done and
 * gives it back, or destroys it when the pool is full, so channels and
 * their sockets follow the lookups in flight rather than the threads (a
 * c-ares 1.18 channel is 74 KB).  The pool is taken from and filled with
 * atomic operations, never a lock.  With ARESOLV_CHANNELS=0 each thread
 * has its own channel instead, made on its first lookup and destroyed
 * when it exits.
 * A channel's UDP socket stays open between lookups (c-ares 1.18:
 * ARES_FLAG_STAYOPEN; 1.34: parked by sockets.c, see cares.c).
 * When a lookup takes a channel its sockets are checked (sockets.c), and
 * it is rebuilt if the program closed or replaced one of them, if it was
 * made before a fork(), or if resolv.conf has changed since.  A lookup
 * can be cancelled (pthread_cancel) only while it waits in poll(). */
#include <ares.h>
#include <arpa/inet.h>
#include <dlfcn.h>
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core.h"
#include "dns.h"

/* Written once under pthread_once. */
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;
static pthread_key_t chan_key;
static int lib_status = ARES_ENOTINITIALIZED;

/* Bumped in the child after fork(); a channel made in another generation
 * shares its sockets with the parent and must not be used. */
static atomic_uint fork_gen;

/* resolv.conf as last seen (a mix of its device, inode, size and mtime),
 * when it was last looked at, and how many changes were seen: a channel
 * made before the last change asks the old servers with the old search
 * list, so it is rebuilt, as glibc reloads resolv.conf when it changes.
 * The thread whose compare-and-swap moves conf_checked looks. */
static _Atomic uint64_t conf_checked, conf_seen;
static atomic_uint conf_gen;

struct chan {
	ares_channel ch;
	unsigned gen;
	unsigned conf;   /* conf_gen when it was made */
	int cancel;      /* the taker's cancel state, restored on giving back */
	struct ar_socks socks;
	struct ar_search search;   /* resolv.conf's, read when it was made */
	struct ar_net net;         /* the settings it was made with */
};

/* aresolv's own settings */
static const struct ar_net own_net;

/* The thread's own channel (ARESOLV_CHANNELS=0), also held by
 * chan_key for its destructor. */
static __thread struct chan *mine;

/* The idle channels of the pool, shared by every thread: a slot is
 * emptied with an atomic exchange and filled with a compare-and-swap, so
 * a channel is in one thread's hands at a time.  The first N slots are
 * used. */
static _Atomic(struct chan *) idle[AR_MAXCHANNELS];
/* The slot this thread last used: where it looks first. */
static __thread unsigned hint;

const struct ar_search *channel_search(const struct chan *c)
{
	return &c->search;
}

/* Destroys a channel without closing descriptors that are no longer ours. */
static void chan_free(void *p)
{
	struct chan *c = p;

	socks_check(&c->socks);
	ares_destroy(c->ch);
	socks_release(&c->socks);
	udpreply_clear(&c->socks);
	free(c);
}

/* Destroys a channel, which the thread no longer owns if it was its own. */
static void drop(struct chan *c)
{
	if (c == mine) {
		mine = NULL;
		pthread_setspecific(chan_key, NULL);
	}
	chan_free(c);
}

static void after_fork_child(void)
{
	atomic_fetch_add(&fork_gen, 1);
}

/* Keeps this library mapped for the life of the process.  It may come in
 * as the dependency of a plugin (dlopen with RTLD_DEEPBIND) and go out with
 * it, while threads still hold its per-thread caches, whose destructors
 * would then run unmapped. */
void channel_pin(void)
{
	Dl_info di;

	if (dladdr((void *)channel_pin, &di) && di.dli_fname && *di.dli_fname)
		dlopen(di.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
}

static void lib_init(void)
{
	channel_pin();
	lib_status = ares_library_init(ARES_LIB_INIT_ALL);
	if (lib_status != ARES_SUCCESS)
		return;
	if (pthread_key_create(&chan_key, chan_free))
		lib_status = ARES_ENOMEM;
}

/* As the library loads, not racing a fork (forklock.c says why). */
__attribute__((constructor)) static void channel_early(void)
{
	pthread_atfork(NULL, NULL, after_fork_child);
}

/* The servers a program set in its res_state, in place of aresolv's:
 * "192.0.2.1:53,[2001:db8::1]:53", as every c-ares version reads them. */
static int set_servers(ares_channel ch, const struct ar_net *net)
{
	char csv[AR_MAXNS * (INET6_ADDRSTRLEN + 10)], a[INET6_ADDRSTRLEN];
	size_t n = 0;

	for (int i = 0; i < net->nservers; i++) {
		const union ar_sockaddr *sa = &net->servers[i];
		int v6 = sa->sa.sa_family == AF_INET6;
		inet_ntop(sa->sa.sa_family, v6 ? (const void *)&sa->in6.sin6_addr
		                               : (const void *)&sa->in.sin_addr, a, sizeof a);
		n += (size_t)snprintf(csv + n, sizeof csv - n, "%s%s%s%s:%u", i ? "," : "",
		                      v6 ? "[" : "", a, v6 ? "]" : "",
		                      ntohs(v6 ? sa->in6.sin6_port : sa->in.sin_port));
	}
	return ares_set_servers_ports_csv(ch, csv);
}

static int channel_new(struct chan *c)
{
	const struct ar_config *cf = ar_config();
	struct ares_options o;
	int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
	ares_channel *out = &c->ch;
	int st;

	/* as glibc, the lookup fails and no channel is kept (resconf.c);
	 * answers mode needs no server */
	if (!cf->servers && !cf->answers && resconf_unreadable(cf->resolv_conf))
		return AR_ESYSTEM;
	memset(&o, 0, sizeof o);
	c->socks.filter = cf->mode == AR_MODE_COMPAT;
	c->socks.igntc = (c->net.flags & ARES_FLAG_IGNTC) != 0;
	c->socks.answers = cf->answers != NULL;
	o.timeout = c->net.timeout_ms ? c->net.timeout_ms : cf->timeout_ms;
	o.flags = c->net.flags;
	c->socks.try_ms = c->socks.filter ? (unsigned)o.timeout : 0;
	o.sock_state_cb = socks_state;
	o.sock_state_cb_data = &c->socks;
	mask |= ARES_OPT_SOCK_STATE_CB;
	/* compat: one round here, the tries are counted in dns.c */
	o.tries = cf->mode == AR_MODE_COMPAT ? 1 : c->net.tries ? c->net.tries : cf->tries;
	if (cf->mode == AR_MODE_COMPAT) {
		/* the hosts file is ours (glibc semantics); c-ares asks DNS only */
		o.lookups = (char *)"b";
		mask |= ARES_OPT_LOOKUPS;
	}
	if (strcmp(cf->resolv_conf, "/etc/resolv.conf")) {
		o.resolvconf_path = (char *)cf->resolv_conf;
		mask |= ARES_OPT_RESOLVCONF;
	}
	st = cares_init(out, &o, mask, cf->mode == AR_MODE_COMPAT);
	if (st != ARES_SUCCESS)
		return st;
	cares_sockets(*out, &c->socks);
	/* config.c has checked the list's syntax */
	if (c->net.nservers)
		set_servers(*out, &c->net);
	else if (cf->servers)
		ares_set_servers_ports_csv(*out, cf->servers);
	resconf_search(cf->resolv_conf, &c->search);
	return ARES_SUCCESS;
}

static struct chan *pool_take(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned k = (hint + i) % n;
		struct chan *c;

		if (!atomic_load_explicit(&idle[k], memory_order_relaxed))
			continue;
		c = atomic_exchange_explicit(&idle[k], NULL, memory_order_acquire);
		if (c) {
			hint = k;
			return c;
		}
	}
	return NULL;
}

static int pool_give(struct chan *c, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned k = (hint + i) % n;
		struct chan *none = NULL;

		if (atomic_compare_exchange_strong_explicit(&idle[k], &none, c, memory_order_release,
		                                            memory_order_relaxed)) {
			hint = k;
			return 1;
		}
	}
	return 0;
}

static uint64_t conf_stamp(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return 1;
	return ((uint64_t)st.st_dev * 0x9e3779b97f4a7c15u) ^ ((uint64_t)st.st_ino << 20) ^
	       (uint64_t)st.st_size ^ ((uint64_t)st.st_mtim.tv_sec * 1000000000u) ^
	       (uint64_t)st.st_mtim.tv_nsec;
}

/* conf_gen, after looking at resolv.conf if nobody has for a second. */
static unsigned conf_current(void)
{
	uint64_t now = ar_now_us(), last = atomic_load_explicit(&conf_checked, memory_order_relaxed);

	if (now - last >= 1000000 && atomic_compare_exchange_strong(&conf_checked, &last, now)) {
		uint64_t stamp = conf_stamp(ar_config()->resolv_conf);
		if (atomic_exchange(&conf_seen, stamp) != stamp && last)
			atomic_fetch_add(&conf_gen, 1);
	}
	return atomic_load(&conf_gen);
}

static int usable(struct chan *c, unsigned gen, unsigned conf, const struct ar_net *net)
{
	return c->gen == gen && c->conf == conf && !memcmp(&c->net, net, sizeof *net) &&
	       !(c->socks.n && socks_check(&c->socks));
}

/* A channel for one lookup, or NULL with *status set.  Cancellation is
 * off until channel_put, except in run_sync's poll().  One made with
 * other settings is rebuilt. */
struct chan *channel_get(const struct ar_net *net, int *status)
{
	unsigned gen = atomic_load(&fork_gen), conf;
	unsigned n = (unsigned)ar_config()->channels;
	struct chan *c;
	int cancel;

	pthread_once(&lib_once, lib_init);
	if (lib_status != ARES_SUCCESS) {
		*status = lib_status;
		return NULL;
	}
	if (ar_config()->answers && afile_loaded() < 0) {
		*status = AR_EANSWERS;   /* never the network in its place */
		return NULL;
	}
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
	conf = conf_current();
	if (!net)
		net = &own_net;
	while ((c = n ? pool_take(n) : mine) && !usable(c, gen, conf, net))
		/* made before a fork or a change of resolv.conf or with other
		 * settings, or a socket was taken from us */
		drop(c);
	if (!c && (c = calloc(1, sizeof *c))) {
		c->gen = gen;
		c->conf = conf;
		c->net = *net;
		*status = channel_new(c);
		if (*status != ARES_SUCCESS) {
			free(c);
			c = NULL;
		} else if (!n) {
			mine = c;
			pthread_setspecific(chan_key, c);
		}
	} else if (!c) {
		*status = ARES_ENOMEM;
	}
	if (!c) {
		pthread_setcancelstate(cancel, NULL);
		return NULL;
	}
	c->socks.err = 0;
	c->cancel = cancel;
	return c;
}

struct ares_channeldata *channel_ares(struct chan *c)
{
	return c->ch;
}

struct ar_socks *channel_socks(struct chan *c)
{
	return &c->socks;
}

/* Set once the process's first pooled channel was given back, which on
 * c-ares before 1.20 is freed rather than kept (cares_keep_first): a
 * process that resolves once (most short-lived ones, or a daemon at its
 * start) holds no channel after it (1.18's is 74 KB of fixed tables); a
 * second lookup shows it resolves again, and channels are kept from
 * then on.  Set in any thread. */
static atomic_int resolved_once;

/* Ends the lookup: gives the channel back and returns the lookup's
 * status, AR_ESYSTEM with errno set when c-ares could not reach a server
 * because socket() failed (c-ares says ECONNREFUSED). */
int channel_put(struct chan *c, int status)
{
	unsigned n = (unsigned)ar_config()->channels;
	int cancel = c->cancel, err = c->socks.err;

	cares_idle(c->ch);
	if (n && ((!atomic_exchange(&resolved_once, 1) && !cares_keep_first()) || !pool_give(c, n)))
		chan_free(c);
	pthread_setcancelstate(cancel, NULL);
	if (status == ARES_ECONNREFUSED && err) {
		errno = err;
		return AR_ESYSTEM;
	}
	return status;
}

/* A lookup cancelled in poll(): the callbacks' frames are still there
 * (this runs before they are unwound), so destroying the channel, which
 * ends every query with ARES_EDESTRUCTION, is safe; nothing is left in
 * flight to write into them later. */
static void on_cancel(void *arg)
{
	drop(arg);
}

/* poll() for run_sync, the only place where a lookup can be cancelled. */
int channel_poll(struct chan *c, struct pollfd *pfd, unsigned long n, int ms)
{
	int r;

	if (c->cancel != PTHREAD_CANCEL_ENABLE)
		return poll(pfd, n, ms);
	pthread_cleanup_push(on_cancel, c);
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	r = poll(pfd, n, ms);
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	pthread_cleanup_pop(0);
	return r;
}
