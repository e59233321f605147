/* getaddrinfo_a, gai_suspend, gai_error, gai_cancel: src/gaia.c's queue
 * and workers, each request answered by shim_getaddrinfo, so traced and
 * handed to libc when aresolv cannot answer it, like any getaddrinfo. */
#include <inttypes.h>

#include "../src/aresolv.h"
#include "shim.h"

/* 1 when aresolv answers; 0 when libc's own must (ARESOLV_DISABLE=1). */
/* Also in answers mode with ARESOLV_DISABLE=1: glibc's own workers
 * would ask resolv.conf's servers, where ours hand each request to
 * libc's getaddrinfo pointed at the file (LIBC). */
static int ours(void)
{
	if (!enter())
		return ar_config()->disabled && ar_config()->answers;
	leave();
	return 1;
}

static void trace_gaia(int mode, int n, const struct sigevent *sev, int rc, uint64_t t0)
{
	static const char *const how[] = {
		[SIGEV_SIGNAL] = "SIGNAL", [SIGEV_NONE] = "NONE", [SIGEV_THREAD] = "THREAD",
	};
	int k = sev ? sev->sigev_notify : SIGEV_NONE;
	const char *m = mode == GAI_WAIT ? "WAIT" : mode == GAI_NOWAIT ? "NOWAIT" : "BAD";
	const char *s = k >= 0 && k < 3 ? how[k] : "OTHER";

	ar_trace("getaddrinfo_a mode=%s n=%d sigev=%s result=%s us=%" PRIu64,
	         m, n, s, eai_name(rc), ar_now_us() - t0);
}

EXPORT int getaddrinfo_a(int mode, struct gaicb *list[], int n, struct sigevent *sev)
{
	uint64_t t0;
	int rc;

	if (!ours())
		return REAL(getaddrinfo_a)(mode, list, n, sev);
	t0 = ar_trace_on() ? ar_now_us() : 0;
	rc = gaia_submit(mode, list, n, sev, shim_getaddrinfo);
	if (ar_trace_on())
		trace_gaia(mode, n, sev, rc, t0);
	return rc;
}

EXPORT int gai_suspend(const struct gaicb *const list[], int n, const struct timespec *timeout)
{
	if (!ours())
		return REAL(gai_suspend)(list, n, timeout);
	return gaia_suspend(list, n, timeout);
}

EXPORT int gai_error(struct gaicb *req)
{
	if (!ours())
		return REAL(gai_error)(req);
	return gaia_error(req);
}

EXPORT int gai_cancel(struct gaicb *req)
{
	if (!ours())
		return REAL(gai_cancel)(req);
	return gaia_cancel(req);
}
