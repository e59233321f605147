/* The sockets of a channel, opened and closed by us rather than by c-ares:
 * atomically close-on-exec and non-blocking, and remembered by device and
 * inode, so that a socket the program closed or replaced behind our back
 * (daemons close every fd) is never used or closed again by us. */
#include <ares.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "core.h"
#include "dns.h"

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
			s->err = 0;
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
	int fd, pair[2];

	if (type == SOCK_DGRAM && (s = unpark(ss, af)))
		return s->fd;
	if (ss->n >= AR_MAXSOCKS)
		return ARES_SOCKET_BAD;
	if (ss->answers) {   /* fake.c answers on the pair's other end */
		if (socketpair(AF_UNIX, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, pair)) {
			ss->err = errno;
			return ARES_SOCKET_BAD;
		}
		fd = pair[0];
	} else if ((fd = socket(af, type | SOCK_CLOEXEC | SOCK_NONBLOCK, proto)) < 0) {
		ss->err = errno;
		return ARES_SOCKET_BAD;
	}
	if (fstat(fd, &st)) {
		close(fd);
		if (ss->answers)
			close(pair[1]);
		return ARES_SOCKET_BAD;
	}
	ss->s[ss->n++] = (struct ar_sock){ .fd = fd, .dev = st.st_dev, .ino = st.st_ino,
	                                     .af = af, .udp = type == SOCK_DGRAM,
	                                     .pair = ss->answers ? pair[1] : 0 };
	if (ss->answers && !fstat(pair[1], &st))
		ss->s[ss->n - 1].pair_ino = st.st_ino;
	return fd;
}

/* 1 while the pair's other end is still the one opened (a daemon may
 * have closed every descriptor, and the number be the program's now) */
static int pair_ours(const struct ar_sock *s)
{
	struct stat st;

	return s->pair && !fstat(s->pair, &st) && st.st_ino == s->pair_ino &&
	       S_ISSOCK(st.st_mode);
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
	if (s && pair_ours(s))
		close(s->pair);
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
	if (s && s->pair && len <= sizeof s->peer) {
		memcpy(&s->peer, sa, len);   /* the server fake.c stands in for */
		s->peerlen = len;
		return 0;
	}
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
	if (!s->selflen && s->pair) {   /* the loopback address of the server's family */
		s->self = s->peer;
		if (s->self.sa.sa_family == AF_INET)
			s->self.in.sin_addr.s_addr = htonl(INADDR_LOOPBACK), s->self.in.sin_port = 0;
		else
			s->self.in6.sin6_addr = in6addr_loopback, s->self.in6.sin6_port = 0;
		s->selflen = s->peerlen;
	}
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
		if (ss->s[i].parked && !ss->s[i].stale) {
			close(ss->s[i].fd);
			if (pair_ours(&ss->s[i]))
				close(ss->s[i].pair);
		}
	ss->n = 0;
}

/* A reply on a pair comes from the server fake.c stands in for. */
static void fake_from(const struct ar_sock *s, struct sockaddr *from, socklen_t cap,
                      socklen_t *fromlen)
{
	socklen_t n = s->peerlen < cap ? s->peerlen : cap;

	memcpy(from, &s->peer, n);
	*fromlen = s->peerlen;
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

	if (s && s->err) {
		errno = s->err;
		s->err = 0;
		return -1;
	}
	if (s && s->got) {
		s->got = 0;
		errno = EAGAIN;
		return -1;
	}
	for (;;) {
		socklen_t cap = fromlen ? *fromlen : 0;
		r = recvfrom(fd, buf, len, flags, from, fromlen);
		if (r >= 0 && s && s->pair && from && fromlen)
			fake_from(s, from, cap, fromlen);
		if (r <= 0 || !s || !s->udp || !ss->filter)
			break;
		r = udpreply_accept(ss, buf, (size_t)r, len);
		if (r >= 0)
			break;
	}
	if (s && s->udp)
		s->got = r > 0;
	return r;
}

static size_t iov_len(const struct iovec *iov, int n)
{
	size_t len = 0;

	for (int i = 0; i < n; i++)
		len += iov[i].iov_len;
	return len;
}

/* Corked, a UDP datagram is copied and held, to go out with the next
 * one on the same socket (dns.c's A and AAAA pair) in one sendmmsg, as
 * glibc's send_dg sends its pair; c-ares is told it went out. */
static int cork(struct ar_socks *ss, const struct ar_sock *s, const struct iovec *iov, int n)
{
	struct ar_cork *k = &ss->cork[ss->ncork];
	size_t len = iov_len(iov, n);

	if (!ss->corked || !s || !s->udp || len > sizeof k->q ||
	    ss->ncork == sizeof ss->cork / sizeof ss->cork[0] ||
	    (ss->ncork && ss->cork[0].fd != s->fd))
		return 0;
	k->fd = s->fd;
	k->len = (unsigned short)len;
	for (int i = 0, off = 0; i < n; off += (int)iov[i].iov_len, i++)
		memcpy(k->q + off, iov[i].iov_base, iov[i].iov_len);
	ss->ncork++;
	return 1;
}

ares_ssize_t socks_sendv(ares_socket_t fd, const struct iovec *iov, int n, void *arg)
{
	struct ar_socks *ss = arg;
	struct ar_sock *s = find(ss, fd);
	struct msghdr m = { .msg_iov = (struct iovec *)iov, .msg_iovlen = (size_t)n };

	if (ss->filter)
		ss->last_send_us = ar_now_us();
	if (s && s->udp && ss->filter)
		udpreply_note(ss, iov, n);
	if (s && s->pair) {
		if (!pair_ours(s)) {
			errno = EBADF;
			return -1;
		}
		return fake_send(s->pair, s->udp, iov, n, &s->peer.sa, s->peerlen, NULL, 0, NULL);
	}
	if (cork(ss, s, iov, n))
		return (ares_ssize_t)iov_len(iov, n);
	socks_uncork(ss);   /* held ones first: the order they were sent in */
	return sendmsg(fd, &m, MSG_NOSIGNAL);
}

void socks_cork(struct ar_socks *ss)
{
	ss->corked = 1;
}

/* Sends what cork held.  A datagram that does not go out fails its
 * socket's next read (socks_failed), as a refused one would, so that
 * c-ares tries the next server at once rather than after a timeout. */
void socks_uncork(struct ar_socks *ss)
{
	struct iovec iov[2];
	struct mmsghdr mm[2];
	int n = ss->ncork, sent, saved = errno;
	struct ar_sock *s;

	ss->corked = 0;
	ss->ncork = 0;
	if (!n)
		return;
	for (int i = 0; i < n; i++) {
		iov[i] = (struct iovec){ ss->cork[i].q, ss->cork[i].len };
		mm[i] = (struct mmsghdr){ .msg_hdr = { .msg_iov = &iov[i], .msg_iovlen = 1 } };
	}
	sent = n > 1 ? sendmmsg(ss->cork[0].fd, mm, (unsigned)n, MSG_NOSIGNAL) : 0;
	for (int i = sent < 0 ? 0 : sent; i < n; i++)
		if (sendmsg(ss->cork[0].fd, &mm[i].msg_hdr, MSG_NOSIGNAL) < 0 &&
		    (s = find(ss, ss->cork[0].fd)))
			s->err = errno;
	errno = saved;
}

/* Sockets whose corked send failed: their pollfd says POLLERR, the others
 * nothing; returns how many, and poll() is not asked when there are. */
int socks_failed(struct ar_socks *ss, struct pollfd *pfd, unsigned long n)
{
	int k = 0;

	for (unsigned long i = 0; i < n; i++) {
		struct ar_sock *s = find(ss, pfd[i].fd);
		pfd[i].revents = s && s->err ? POLLERR : 0;
		k += pfd[i].revents != 0;
	}
	return k;
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
