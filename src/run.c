/* The blocking wrapper: poll one channel until a query's callback ran,
 * in the manner of asr_run_sync. */
#include <ares.h>
#include <errno.h>
#include <poll.h>

#include "aresolv.h"

static int wait_ms(ares_channel ch)
{
	struct timeval tv, *tvp = ares_timeout(ch, NULL, &tv);

	if (!tvp)
		return -1;
	return (int)(tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000);
}

/* Returns 0 once *done is set.  Timeouts are absolute inside c-ares, so a
 * poll() cut short by a signal resumes with only the time that is left. */
int run_sync(struct chan *c, int *done)
{
	ares_channel ch = channel_ares(c);

	while (!*done) {
		ares_socket_t socks[ARES_GETSOCK_MAXNUM];
		struct pollfd pfd[ARES_GETSOCK_MAXNUM];
		int bits = ares_getsock(ch, socks, ARES_GETSOCK_MAXNUM);
		int n = 0, ms, r;

		for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
			short ev = 0;
			/* c-ares' ARES_GETSOCK_WRITABLE shifts a signed 1 into
			 * the sign bit for the last socket: undefined */
			if ((unsigned)bits & (1u << i))
				ev |= POLLIN;
			if ((unsigned)bits & (1u << (i + ARES_GETSOCK_MAXNUM)))
				ev |= POLLOUT;
			if (ev)
				pfd[n++] = (struct pollfd){ .fd = socks[i], .events = ev };
		}
		ms = wait_ms(ch);
		if (!n && ms < 0) {
			/* nothing to wait for: c-ares has given up */
			ares_cancel(ch);
			break;
		}
		r = channel_poll(c, pfd, (nfds_t)n, ms);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			ares_cancel(ch);
			break;
		}
		if (r == 0) {
			ares_process_fd(ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
			continue;
		}
		for (int i = 0; i < n; i++) {
			short re = pfd[i].revents;
			if (!re)
				continue;
			ares_process_fd(ch,
			                re & (POLLIN | POLLERR | POLLHUP) ? pfd[i].fd : ARES_SOCKET_BAD,
			                re & POLLOUT ? pfd[i].fd : ARES_SOCKET_BAD);
		}
	}
	return *done ? 0 : -1;
}
