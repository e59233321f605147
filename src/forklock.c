/* Locks held across fork(): a child forked while another thread held one
 * of them would find it taken for good.  One set of pthread_atfork
 * handlers takes every lock added here, in the order they were added,
 * before fork() and gives them back after it, in the parent and the
 * child. */
#include <pthread.h>
#include <stdatomic.h>

#include "core.h"

#define AR_MAXFORKLOCKS 16   /* 10 in use: resstate 2, lsrv, trace, gaiconf, follow 1 + 2 a file */

/* Written under add_lock, read without it by forklock_add's look-up (an
 * entry is written before nheld counts it) and under it by the fork
 * handlers. */
static pthread_mutex_t *_Atomic held[AR_MAXFORKLOCKS];
static atomic_int nheld;
static pthread_mutex_t add_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;

static void take(void)
{
	int n;

	pthread_mutex_lock(&add_lock);
	n = atomic_load(&nheld);
	for (int i = 0; i < n; i++)
		pthread_mutex_lock(atomic_load(&held[i]));
}

static void give(void)
{
	for (int i = atomic_load(&nheld) - 1; i >= 0; i--)
		pthread_mutex_unlock(atomic_load(&held[i]));
	pthread_mutex_unlock(&add_lock);
}

static void handlers(void)
{
	pthread_atfork(take, give, give);
}

/* The handlers are registered as the library loads, before a thread can
 * take a lock: registered by a thread's first forklock_add while another
 * thread forks, they missed that fork, whose child then found the lock
 * held for good (issue 23's fork loop, c-ares 1.19.1: gdb showed every
 * worker of the hung child waiting for resstate.c's libc_conf_lock). */
__attribute__((constructor)) static void forklock_early(void)
{
	pthread_once(&handlers_once, handlers);
}

static int added(pthread_mutex_t *m)
{
	int n = atomic_load(&nheld);

	for (int i = 0; i < n; i++)
		if (atomic_load(&held[i]) == m)
			return 1;
	return 0;
}

/* Holds m across every fork() from now on, taken after the locks added
 * before it: a lock taken while another is held must be added after
 * that one.  Call it before m is first taken, never with a lock added
 * here held (the handlers take add_lock first).  Adding m again does
 * nothing, cheaply. */
void forklock_add(pthread_mutex_t *m)
{
	if (added(m))
		return;
	pthread_once(&handlers_once, handlers);
	pthread_mutex_lock(&add_lock);
	if (!added(m) && atomic_load(&nheld) < AR_MAXFORKLOCKS) {
		atomic_store(&held[atomic_load(&nheld)], m);
		atomic_fetch_add(&nheld, 1);
	}
	pthread_mutex_unlock(&add_lock);
}
