/* sendfail.so, preloaded before aresolv by tests/43-wire.t: sendmmsg()
 * always fails (EPERM, as a seccomp filter might make it), and with
 * SENDFAIL_ALL set sendmsg() too (ENETUNREACH); everything else is
 * libc's. */

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>

int sendmmsg(int fd, struct mmsghdr *v, unsigned int n, int flags)
{
	(void)fd, (void)v, (void)n, (void)flags;
	errno = EPERM;
	return -1;
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	ssize_t (*real)(int, const struct msghdr *, int);

	if (getenv("SENDFAIL_ALL")) {
		errno = ENETUNREACH;
		return -1;
	}
	*(void **)&real = dlsym(RTLD_NEXT, "sendmsg");
	return real(fd, m, flags);
}
