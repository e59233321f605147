/* The real libc functions, each found with dlsym(RTLD_NEXT, ...) when it
 * is first needed. */
#include <dlfcn.h>
#include <resolv.h>
#include <stdatomic.h>

#include "../src/aresolv.h"
#include "shim.h"

#define NSLOTS (sizeof(struct real_fns) / sizeof(void (*)(void)))

/* What dlsym found, by slot of struct real_fns.  Two threads may look
 * the same name up at once: both find the same address, so the slot is
 * just written twice. */
static _Atomic(void *) slots[NSLOTS];

/* Whether this thread is inside aresolv (our init or a lookup): nested
 * resolver calls made by c-ares or libc go straight to libc. */
static __thread int depth;

void *real_sym(size_t slot, const char *name)
{
	void *p = atomic_load_explicit(&slots[slot], memory_order_acquire);

	if (!p) {
		depth++;
		p = dlsym(RTLD_NEXT, name);
		depth--;
		atomic_store_explicit(&slots[slot], p, memory_order_release);
	}
	return p;
}

int enter(void)
{
	const struct ar_config *c;

	if (depth)
		return 0;
	depth++;
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

void libc_aim(struct __res_state *st)
{
	if (!ar_config()->answers)
		return;
	depth++;
	lsrv_aim(st);
	depth--;
}
