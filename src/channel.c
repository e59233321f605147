/* One c-ares channel per thread, created on first use, destroyed when the
 * thread exits, rebuilt in a forked child.  Its UDP socket stays open
 * between lookups (ARES_FLAG_STAYOPEN); before each lookup the sockets are
 * checked (sockets.c) and the channel is rebuilt if the program closed or
 * replaced one of them. */
#include <ares.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "aresolv.h"

/* Written once under pthread_once. */
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;
static pthread_key_t chan_key;
static int lib_status = ARES_ENOTINITIALIZED;

/* Bumped in the child after fork(); a channel made in another generation
 * shares its sockets with the parent and must not be used. */
static atomic_uint fork_gen;

struct chan {
	ares_channel ch;
	unsigned gen;
	struct ar_socks socks;
};
static __thread struct chan *chan;

/* Destroys a channel without closing descriptors that are no longer ours. */
static void chan_free(void *p)
{
	struct chan *c = p;

	socks_check(&c->socks);
	ares_destroy(c->ch);
	free(c);
}

static void after_fork_child(void)
{
	atomic_fetch_add(&fork_gen, 1);
}

/* Keeps this library mapped for the life of the process.  It may come in
 * as the dependency of a plugin (dlopen with RTLD_DEEPBIND) and go out with
 * it: a thread that resolved would then run chan_free, unmapped, when it
 * exits, and every thread's channel and socket would leak. */
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
	if (pthread_key_create(&chan_key, chan_free) ||
	    pthread_atfork(NULL, NULL, after_fork_child))
		lib_status = ARES_ENOMEM;
}

static int channel_new(struct chan *c)
{
	const struct ar_config *cf = ar_config();
	struct ares_options o;
	int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS;
	ares_channel *out = &c->ch;
	int st;

	/* c-ares takes an unreadable resolv.conf for a missing one and keeps
	 * its defaults for good; glibc fails the lookup (EMFILE) and reads
	 * the file on the next one.  So does this: no channel is kept. */
	if (!cf->servers) {
		int fd = open(cf->resolv_conf, O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			close(fd);
		else if (errno == EMFILE || errno == ENFILE || errno == ENOMEM)
			return AR_ESYSTEM;
	}
	memset(&o, 0, sizeof o);
	o.flags = ARES_FLAG_STAYOPEN;
	o.timeout = cf->timeout_ms;
	/* compat: one round here, the tries are counted in dns.c */
	o.tries = cf->mode == AR_MODE_COMPAT ? 1 : cf->tries;
	if (cf->mode == AR_MODE_COMPAT) {
		/* the hosts file is ours (glibc semantics); c-ares asks DNS only */
		o.lookups = (char *)"b";
		mask |= ARES_OPT_LOOKUPS;
	}
	if (strcmp(cf->resolv_conf, "/etc/resolv.conf")) {
		o.resolvconf_path = (char *)cf->resolv_conf;
		mask |= ARES_OPT_RESOLVCONF;
	}
	st = ares_init_options(out, &o, mask);
	if (st != ARES_SUCCESS)
		return st;
	ares_set_socket_functions(*out, &ar_sock_funcs, &c->socks);
	/* config.c has checked the list's syntax */
	if (cf->servers)
		ares_set_servers_ports_csv(*out, cf->servers);
	return ARES_SUCCESS;
}

/* A lookup's status, AR_ESYSTEM with errno set when c-ares could not
 * reach a server because socket() failed (c-ares says ECONNREFUSED). */
int channel_status(int status)
{
	if (status == ARES_ECONNREFUSED && chan && chan->socks.err) {
		errno = chan->socks.err;
		return AR_ESYSTEM;
	}
	return status;
}

/* The calling thread's channel, or NULL with *status set. */
struct ares_channeldata *channel_get(int *status)
{
	unsigned gen = atomic_load(&fork_gen);

	if (chan && chan->gen == gen && !(chan->socks.n && socks_check(&chan->socks))) {
		chan->socks.err = 0;
		return chan->ch;
	}
	pthread_once(&lib_once, lib_init);
	if (lib_status != ARES_SUCCESS) {
		*status = lib_status;
		return NULL;
	}
	if (chan) {
		/* inherited across fork, or a socket was taken from us */
		chan_free(chan);
		chan = NULL;
		pthread_setspecific(chan_key, NULL);
	}
	struct chan *c = calloc(1, sizeof *c);
	if (!c) {
		*status = ARES_ENOMEM;
		return NULL;
	}
	*status = channel_new(c);
	if (*status != ARES_SUCCESS) {
		free(c);
		return NULL;
	}
	c->gen = gen;
	chan = c;
	pthread_setspecific(chan_key, chan);
	return chan->ch;
}
