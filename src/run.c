/* The blocking wrapper: poll one channel until a query's callback ran,
 * in the manner of asr_run_sync. */
#include <ares.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>

#include "core.h"
#include "dns.h"

static int wait_ms(ares_channel ch)
{
	struct timeval tv, *tvp = ares_timeout(ch, NULL, &tv);

	if (!tvp)
		return -1;
	return (int)(tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000);
}

/* compat: milliseconds until a try has lasted its full timeout since the
 * last query went out, as each of glibc's does; c-ares 1.2x and later
 * end a try sooner, once a server's latency is known (between 250 ms
 * and the timeout), and are not let do it earlier.  0 once it has. */
static int try_left_ms(const struct ar_socks *ss)
{
	uint64_t now = ar_now_us(), end = ss->last_send_us + (uint64_t)ss->try_ms * 1000;

	return ss->try_ms && end > now ? (int)((end - now + 999) / 1000) : 0;
}

/* The sockets c-ares waits on, as its socket-state callback left them
 * (socks_state). */
static nfds_t wanted(const struct ar_socks *ss, struct pollfd *pfd)
{
	nfds_t n = 0;

	for (int i = 0; i < ss->n; i++)
		if (ss->s[i].events)
			pfd[n++] = (struct pollfd){ .fd = ss->s[i].fd, .events = ss->s[i].events };
	return n;
}

/* Returns 0 once *done is set.  Timeouts are absolute inside c-ares, so a
 * poll() cut short by a signal resumes with only the time that is left. */
int run_sync(struct chan *c, int *done)
{
	ares_channel ch = channel_ares(c);
	struct ar_socks *ss = channel_socks(c);

	while (!*done) {
		struct pollfd pfd[AR_MAXSOCKS];
		nfds_t n = wanted(ss, pfd);
		int ms = wait_ms(ch), left = try_left_ms(ss), r;

		if (!n && ms < 0) {
			/* nothing to wait for: c-ares has given up */
			ares_cancel(ch);
			break;
		}
		if (ms >= 0 && left > ms)
			ms = left;
		r = socks_failed(ss, pfd, n);
		if (!r)
			r = channel_poll(c, pfd, n, ms);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			ares_cancel(ch);
			break;
		}
		cares_process(ch, pfd, r ? n : 0, !try_left_ms(ss));
	}
	return *done ? 0 : -1;
}
