/* Answers mode's loopback server, for libc's own resolver: a lookup
 * aresolv hands to libc, and aresolv diff's glibc half, ask it on
 * 127.0.0.1 (lsrv_aim, below, points the resolver state at it),
 * and it answers from the file as fake.c answers c-ares.  One thread, a
 * UDP socket and a TCP listener on the same port; started when first
 * needed, again in a forked child (its parent may exit first) and again
 * after the program closed the sockets (a daemon closing every
 * descriptor). */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <resolv.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "aresolv.h"
#include "core.h"
#include "dns.h"

#define LSRV_IDLE_MS 1000   /* how often the thread checks its sockets */
#define LSRV_TCP_MS 2000    /* a TCP client's time to send its query */

struct lsrv {
	int udp, tcp;
	ino_t ino[2];
	pid_t pid;
	int alive;
	struct sockaddr_in addr;
	union ar_sockaddr up;   /* ARESOLV_ANSWERS_MISSING=servers: asked for the rest */
	socklen_t uplen;
};

/* The server of this process; its thread reads its own copy.  Guarded
 * by lock, held across fork(). */
static struct lsrv srv = { .udp = -1, .tcp = -1 };
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static ino_t inode(int fd)
{
	struct stat st;

	return fd >= 0 && !fstat(fd, &st) && S_ISSOCK(st.st_mode) ? st.st_ino : 0;
}

/* Both descriptors still the sockets opened for s. */
static int ours(const struct lsrv *s)
{
	return s->ino[0] && inode(s->udp) == s->ino[0] && inode(s->tcp) == s->ino[1];
}

static void answer_udp(const struct lsrv *s, unsigned char *q, size_t size, unsigned char *work)
{
	struct sockaddr_in from;
	socklen_t fromlen = sizeof from;
	ssize_t n = recvfrom(s->udp, q, size, MSG_DONTWAIT, (struct sockaddr *)&from, &fromlen);
	struct iovec iov = { q, n > 0 ? (size_t)n : 0 };

	if (n > 0)
		fake_send(s->udp, 1, &iov, 1, &s->up.sa, s->uplen, (struct sockaddr *)&from, fromlen,
		          work);
}

static int read_all(int fd, unsigned char *p, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;

	while (len) {
		if (poll(&pfd, 1, LSRV_TCP_MS) != 1 || (n = recv(fd, p, len, 0)) <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One TCP client: each length-prefixed query answered, until it closes
 * or falls silent. */
static void answer_tcp(const struct lsrv *s, unsigned char *q, unsigned char *work)
{
	int fd = accept4(s->tcp, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	struct iovec iov = { q, 0 };

	if (fd < 0)
		return;
	while (!read_all(fd, q, 2) && !read_all(fd, q + 2, (size_t)q[0] << 8 | q[1])) {
		iov.iov_len = 2 + ((size_t)q[0] << 8 | q[1]);
		fake_send(fd, 0, &iov, 1, &s->up.sa, s->uplen, NULL, 0, work);
	}
	close(fd);
}

static void *serve(void *arg)
{
	unsigned char q[65535 + 2], work[FAKE_WORK];
	struct lsrv s = *(struct lsrv *)arg;
	struct pollfd p[2] = { { .fd = s.udp, .events = POLLIN }, { .fd = s.tcp, .events = POLLIN } };

	while (ours(&s)) {
		if (poll(p, 2, LSRV_IDLE_MS) <= 0 || !ours(&s))
			continue;
		if (p[0].revents & POLLIN)
			answer_udp(&s, q, sizeof q, work);
		if (p[1].revents & POLLIN)
			answer_tcp(&s, q, work);
		if ((p[0].revents | p[1].revents) & POLLNVAL)
			break;
	}
	pthread_mutex_lock(&lock);
	if (srv.pid == s.pid && srv.ino[0] == s.ino[0])
		srv.alive = 0;
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* A UDP and a TCP socket on one port of 127.0.0.1. */
static int open_pair(struct lsrv *s)
{
	socklen_t len = sizeof s->addr;

	for (int tries = 0; tries < 8; tries++) {
		s->udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		s->tcp = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		memset(&s->addr, 0, sizeof s->addr);
		s->addr.sin_family = AF_INET;
		s->addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (s->udp >= 0 && s->tcp >= 0 &&
		    !bind(s->udp, (struct sockaddr *)&s->addr, sizeof s->addr) &&
		    !getsockname(s->udp, (struct sockaddr *)&s->addr, &len) &&
		    !bind(s->tcp, (struct sockaddr *)&s->addr, sizeof s->addr) && !listen(s->tcp, 16)) {
			s->ino[0] = inode(s->udp);
			s->ino[1] = inode(s->tcp);
			return 0;
		}
		if (s->udp >= 0)
			close(s->udp);
		if (s->tcp >= 0)
			close(s->tcp);
		s->udp = s->tcp = -1;
		if (errno != EADDRINUSE)
			break;
	}
	return -1;
}

static int start(void)
{
	sigset_t all, old;
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	if (srv.pid == getpid() && srv.alive && ours(&srv))
		return 0;
	/* a forked child's copies, or what is left after the thread ended */
	if (ours(&srv)) {
		close(srv.udp);
		close(srv.tcp);
	}
	srv.alive = 0;
	srv.ino[0] = srv.ino[1] = 0;
	if (open_pair(&srv))
		return -1;
	srv.pid = getpid();
	srv.alive = 1;   /* before the thread copies srv */
	/* the thread takes none of the program's signals */
	sigfillset(&all);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&t, &attr, serve, &srv);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (rc) {
		close(srv.udp);
		close(srv.tcp);
		srv.udp = srv.tcp = -1;
		srv.ino[0] = 0;
		srv.alive = 0;
		return -1;
	}
	return 0;
}

/* The server's address into *out, the server started if it is not
 * running in this process.  up: the server a name the file lacks is
 * asked of (ARESOLV_ANSWERS_MISSING=servers), taken the first time one
 * is given.  0, or -1 when no server could be started. */
int lsrv_addr(struct sockaddr_in *out, const struct sockaddr *up, socklen_t uplen)
{
	int rc;

	forklock_add(&lock);
	pthread_mutex_lock(&lock);
	if (!srv.uplen && up && uplen <= sizeof srv.up &&
	    (uplen != sizeof srv.addr || memcmp(up, &srv.addr, uplen))) {
		memcpy(&srv.up, up, uplen);
		srv.uplen = uplen;
	}
	rc = start();
	*out = srv.addr;
	pthread_mutex_unlock(&lock);
	return rc;
}

void lsrv_aim(struct __res_state *st)
{
	struct __res_state *s = st ? st : &_res;
	union ar_sockaddr up;
	socklen_t uplen = 0;
	struct sockaddr_in a;

	/* glibc initialises _res itself, but fails on a program's own
	 * state that is not (ESRCH), asking no server */
	if (!rstate_initialised(s) && (st || rstate_libc_init(NULL)))
		return;
	if (s->nscount > 0)
		uplen = rstate_server(s, 0, &up);
	if (lsrv_addr(&a, uplen ? &up.sa : NULL, uplen)) {
		ar_trace("answers: libc's resolver: no server on 127.0.0.1 (%s): it fails, asking none",
		         strerror(errno));
		s->nscount = 0;
		return;
	}
	if (uplen == sizeof a && !memcmp(&up.in, &a, sizeof a) && s->nscount == 1)
		return;
	s->nscount = 1;
	s->nsaddr_list[0] = a;
}
