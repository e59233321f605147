/* One exported call, taken through what every one of them does: the
 * guard (enter: nested, disabled), shadow mode, aresolv's answer, libc's
 * when aresolv hands the call on or a refusal (ARESOLV_FALLBACK=never),
 * and the trace. */
#include "../src/aresolv.h"
#include "shim.h"

int call_run(struct call *c)
{
	const char *path = "dns";
	uint64_t t0;
	int rc, how = enter();

	if (!how)
		return c->libc(c);
	if (how == SHADOW && c->shadow) {
		rc = c->shadow(c);
		leave();
		return rc;
	}
	t0 = ar_trace_on() ? ar_now_us() : 0;
	rc = c->ours(c, &path);
	if (rc == AR_LIBC && refuse()) {
		path = "refused";
		rc = c->refused(c);
	} else if (rc == AR_LIBC) {
		path = "libc";
		rc = c->libc(c);
	}
	if (ar_trace_on())
		c->trace(c, path, rc, t0);
	leave();
	return rc;
}
