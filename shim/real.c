/* The real libc functions, found once with dlsym(RTLD_NEXT, ...). */
#include <dlfcn.h>
#include <pthread.h>

#include "../src/aresolv.h"
#include "shim.h"

/* Written once under pthread_once, read-only afterwards. */
static struct real_fns fns;
static pthread_once_t fns_once = PTHREAD_ONCE_INIT;

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
	*(void **)&fns.gethostbyname2_r = next("gethostbyname2_r");
	*(void **)&fns.gethostbyaddr_r = next("gethostbyaddr_r");
	*(void **)&fns.gethostbyname2 = next("gethostbyname2");
	*(void **)&fns.gethostbyaddr = next("gethostbyaddr");
	depth--;
}

const struct real_fns *real(void)
{
	pthread_once(&fns_once, fns_init);
	return &fns;
}

int enter(void)
{
	if (depth)
		return 0;
	depth++;
	real();
	if (ar_config()->disabled) {
		depth--;
		return 0;
	}
	return 1;
}

void leave(void)
{
	depth--;
}

int refuse(void)
{
	return ar_config()->fallback == AR_FALLBACK_NEVER;
}
