/* One c-ares channel per thread, created on first use, destroyed when the
 * thread exits, rebuilt in a forked child. */
#include <ares.h>
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

static __thread ares_channel chan;
static __thread unsigned chan_gen;

static void on_thread_exit(void *c)
{
	ares_destroy(c);
}

static void after_fork_child(void)
{
	atomic_fetch_add(&fork_gen, 1);
}

static void lib_init(void)
{
	lib_status = ares_library_init(ARES_LIB_INIT_ALL);
	if (lib_status != ARES_SUCCESS)
		return;
	if (pthread_key_create(&chan_key, on_thread_exit) ||
	    pthread_atfork(NULL, NULL, after_fork_child))
		lib_status = ARES_ENOMEM;
}

static int channel_new(ares_channel *out)
{
	const struct ar_config *cf = ar_config();
	struct ares_options o;
	int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
	int st;

	memset(&o, 0, sizeof o);
	o.timeout = cf->timeout_ms;
	o.tries = cf->tries;
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
	/* config.c has checked the list's syntax */
	if (cf->servers)
		ares_set_servers_ports_csv(*out, cf->servers);
	return ARES_SUCCESS;
}

/* The calling thread's channel, or NULL with *status set. */
struct ares_channeldata *channel_get(int *status)
{
	unsigned gen = atomic_load(&fork_gen);

	if (chan && chan_gen == gen)
		return chan;
	pthread_once(&lib_once, lib_init);
	if (lib_status != ARES_SUCCESS) {
		*status = lib_status;
		return NULL;
	}
	if (chan) {
		/* inherited across fork: close our copies of its sockets */
		ares_destroy(chan);
		chan = NULL;
	}
	*status = channel_new(&chan);
	if (*status != ARES_SUCCESS) {
		chan = NULL;
		return NULL;
	}
	chan_gen = gen;
	pthread_setspecific(chan_key, chan);
	return chan;
}
