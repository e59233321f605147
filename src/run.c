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
		int ms = wait_ms(ch), r;

		if (!n && ms < 0) {
			/* nothing to wait for: c-ares has given up */
			ares_cancel(ch);
			break;
		}
		r = channel_poll(c, pfd, n, ms);
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
		for (nfds_t i = 0; i < n; i++) {
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
