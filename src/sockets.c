/* The sockets of a channel, opened and closed by us rather than by c-ares:
 * atomically close-on-exec and non-blocking, and remembered by device and
 * inode, so that a socket the program closed or replaced behind our back
 * (daemons close every fd) is never used or closed again by us. */
#include <ares.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "aresolv.h"

static struct ar_sock *find(struct ar_socks *ss, int fd)
{
	for (int i = 0; i < ss->n; i++)
		if (ss->s[i].fd == fd && !ss->s[i].parked)
			return &ss->s[i];
	return NULL;
}

/* A parked UDP socket of family af, taken back for c-ares. */
static struct ar_sock *unpark(struct ar_socks *ss, int af)
{
	for (int i = 0; i < ss->n; i++) {
		struct ar_sock *s = &ss->s[i];
		if (s->parked && !s->stale && s->af == af) {
			s->parked = 0;
			s->got = 0;
			return s;
		}
	}
	return NULL;
}

ares_socket_t socks_open(int af, int type, int proto, void *arg)
{
	struct ar_socks *ss = arg;
	struct ar_sock *s;
	struct stat st;
	int fd;

	if (type == SOCK_DGRAM && (s = unpark(ss, af)))
		return s->fd;
	if (ss->n >= AR_MAXSOCKS)
		return ARES_SOCKET_BAD;
	fd = socket(af, type | SOCK_CLOEXEC | SOCK_NONBLOCK, proto);
	if (fd < 0) {
		ss->err = errno;
		return ARES_SOCKET_BAD;
	}
	if (fstat(fd, &st)) {
		close(fd);
		return ARES_SOCKET_BAD;
	}
	ss->s[ss->n++] = (struct ar_sock){ .fd = fd, .dev = st.st_dev, .ino = st.st_ino,
	                                     .af = af, .udp = type == SOCK_DGRAM };
	return fd;
}

static int parked(const struct ar_socks *ss)
{
	int n = 0;

	for (int i = 0; i < ss->n; i++)
		n += ss->s[i].parked;
	return n;
}

/* c-ares 1.34 keeps a 128 KB read buffer for each open socket: with
 * ss->park it closes them when idle, and a UDP socket is parked here
 * instead, open and connected, for the next lookup to take back without
 * a system call. */
int socks_close(ares_socket_t fd, void *arg)
{
	struct ar_socks *ss = arg;
	struct ar_sock *s = find(ss, fd);
	int stale = s && s->stale;

	if (s && ss->park && s->udp && !stale && parked(ss) < AR_MAXPARKED) {
		s->parked = 1;
		s->events = 0;
		return 0;
	}
	if (s)
		*s = ss->s[--ss->n];
	return stale ? 0 : close(fd);
}

int socks_connect(ares_socket_t fd, const struct sockaddr *sa, ares_socklen_t len,
                  void *arg)
{
	struct ar_sock *s = find(arg, fd);
	int r;

	if (s && s->peerlen == len && !memcmp(&s->peer, sa, len))
		return 0;   /* a parked socket, connected there already */
	if (s && s->peerlen) {
		/* a parked socket connected elsewhere: dissolving the old
		 * association also unbinds the source address it chose */
		struct sockaddr none = { .sa_family = AF_UNSPEC };
		connect(fd, &none, sizeof none);
		s->peerlen = 0;
	}
	r = connect(fd, sa, len);
	if (s && !r && len <= sizeof s->peer) {
		memcpy(&s->peer, sa, len);
		s->peerlen = len;
		s->selflen = 0;
	}
	return r;
}

int socks_name(struct ar_socks *ss, int fd, struct sockaddr *sa, socklen_t *len)
{
	struct ar_sock *s = find(ss, fd);
	socklen_t n = sizeof s->self;

	if (!s)
		return getsockname(fd, sa, len);
	if (!s->selflen) {
		if (getsockname(fd, &s->self.sa, &n))
			return -1;
		s->selflen = n;
	}
	n = s->selflen < *len ? s->selflen : *len;
	memcpy(sa, &s->self, n);
	*len = s->selflen;
	return 0;
}

/* Closes the parked sockets that are still ours (the channel goes). */
void socks_release(struct ar_socks *ss)
{
	for (int i = 0; i < ss->n; i++)
		if (ss->s[i].parked && !ss->s[i].stale)
			close(ss->s[i].fd);
	ss->n = 0;
}

/* c-ares reads a UDP socket until recvfrom() fails with EAGAIN, which
 * costs every lookup a system call that finds nothing.  The read after a
 * datagram says EAGAIN without asking the kernel: poll() is
 * level-triggered, so a datagram still queued makes the next poll() return
 * at once and is read then. */
ares_ssize_t socks_recvfrom(ares_socket_t fd, void *buf, size_t len, int flags,
                            struct sockaddr *from, ares_socklen_t *fromlen, void *arg)
{
	struct ar_socks *ss = arg;
	struct ar_sock *s = find(ss, fd);
	ares_ssize_t r;

	if (s && s->got) {
		s->got = 0;
		errno = EAGAIN;
		return -1;
	}
	for (;;) {
		r = recvfrom(fd, buf, len, flags, from, fromlen);
		if (r <= 0 || !s || !s->udp || !ss->filter)
			break;
		r = reply_accept(ss, buf, (size_t)r, len);
		if (r >= 0)
			break;
	}
	if (s && s->udp)
		s->got = r > 0;
	return r;
}

ares_ssize_t socks_sendv(ares_socket_t fd, const struct iovec *iov, int n, void *arg)
{
	struct ar_socks *ss = arg;
	struct ar_sock *s = find(ss, fd);
	struct msghdr m = { .msg_iov = (struct iovec *)iov, .msg_iovlen = (size_t)n };

	if (ss->filter)
		ss->last_send_us = ar_now_us();
	if (s && s->udp && ss->filter)
		sent_note(ss, iov, n);
	return sendmsg(fd, &m, MSG_NOSIGNAL);
}

void socks_state(void *arg, int fd, int readable, int writable)
{
	struct ar_sock *s = find(arg, fd);

	if (s)
		s->events = (short)((readable ? POLLIN : 0) | (writable ? POLLOUT : 0));
}

/* Marks the sockets whose descriptor no longer is the socket we opened;
 * returns how many there are. */
int socks_check(struct ar_socks *ss)
{
	struct stat st;
	int stale = 0;

	for (int i = 0; i < ss->n; i++) {
		struct ar_sock *s = &ss->s[i];
		if (!s->stale && (fstat(s->fd, &st) || st.st_dev != s->dev || st.st_ino != s->ino))
			s->stale = 1;
		stale += s->stale;
	}
	return stale;
}
