/* The real libc functions, found once with dlsym(RTLD_NEXT, ...). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>

#include "../src/aresolv.h"
#include "shim.h"

/* Written once under pthread_once, read-only afterwards; fns_ready is set
 * (release) once they are written, so later calls skip pthread_once. */
static struct real_fns fns;
static pthread_once_t fns_once = PTHREAD_ONCE_INIT;
static atomic_int fns_ready;

/* Whether this thread is inside aresolv (our init or a lookup): nested
 * resolver calls made by c-ares or libc go straight to libc. */
static __thread int depth;

static void *next(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

static void fns_init(void)
{
	depth++;
	*(void **)&fns.getaddrinfo = next("getaddrinfo");
	*(void **)&fns.getnameinfo = next("getnameinfo");
	*(void **)&fns.gai_strerror = next("gai_strerror");
	*(void **)&fns.gethostbyname_r = next("gethostbyname_r");
	*(void **)&fns.gethostbyname2_r = next("gethostbyname2_r");
	*(void **)&fns.gethostbyaddr_r = next("gethostbyaddr_r");
	*(void **)&fns.gethostbyname = next("gethostbyname");
	*(void **)&fns.gethostbyname2 = next("gethostbyname2");
	*(void **)&fns.gethostbyaddr = next("gethostbyaddr");
	*(void **)&fns.res_nquery = next("res_nquery");
	*(void **)&fns.res_nsearch = next("res_nsearch");
	*(void **)&fns.res_nquerydomain = next("res_nquerydomain");
	*(void **)&fns.res_nsend = next("res_nsend");
	*(void **)&fns.res_query = next("res_query");
	*(void **)&fns.res_search = next("res_search");
	*(void **)&fns.res_querydomain = next("res_querydomain");
	*(void **)&fns.res_send = next("res_send");
	*(void **)&fns.getaddrinfo_a = next("getaddrinfo_a");
	*(void **)&fns.gai_suspend = next("gai_suspend");
	*(void **)&fns.gai_error = next("gai_error");
	*(void **)&fns.gai_cancel = next("gai_cancel");
	atomic_store_explicit(&fns_ready, 1, memory_order_release);
	depth--;
}

const struct real_fns *real(void)
{
	if (atomic_load_explicit(&fns_ready, memory_order_acquire))
		return &fns;
	pthread_once(&fns_once, fns_init);
	return &fns;
}

int enter(void)
{
	const struct ar_config *c;

	if (depth)
		return 0;
	depth++;
	real();
	c = ar_config();
	if (c->disabled) {
		depth--;
		return 0;
	}
	return c->shadow ? SHADOW : 1;
}

void leave(void)
{
	depth--;
}

int refuse(void)
{
	return ar_config()->fallback == AR_FALLBACK_NEVER;
}
