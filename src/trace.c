/* One trace line per call, to stderr or a file (ARESOLV_TRACE). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core.h"

/* Guard: trace_lock protects trace_fd and its identity.  The file is
 * re-opened when the program closed or replaced our descriptor (daemons
 * close every fd), so a trace line never lands in someone else's file. */
static pthread_mutex_t trace_lock = PTHREAD_MUTEX_INITIALIZER;
static int trace_fd = -1;
static dev_t trace_dev;
static ino_t trace_ino;
static int trace_warned;

int ar_trace_on(void)
{
	return ar_config()->trace != NULL;
}

uint64_t ar_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void ar_quote(char *dst, size_t size, const char *s)
{
	size_t n = 0;

	if (!s) {
		snprintf(dst, size, "NULL");
		return;
	}
	if (size < 8) {
		*dst = 0;
		return;
	}
	dst[n++] = '"';
	for (; *s && n + 6 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			dst[n++] = '\\';
			dst[n++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			n += (size_t)snprintf(dst + n, size - n, "\\x%02x", c);
		} else {
			dst[n++] = (char)c;
		}
	}
	dst[n++] = '"';
	dst[n] = 0;
}

/* Called under trace_lock: the trace file's descriptor, opened again if
 * the program closed or replaced ours; made when missing and a failure
 * told once on stderr, unless early (the library loading). */
static int trace_open(const char *path, int early)
{
	struct stat st;

	if (trace_fd >= 0 && fstat(trace_fd, &st) == 0 &&
	    st.st_dev == trace_dev && st.st_ino == trace_ino)
		return trace_fd;
	trace_fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | (early ? 0 : O_CREAT), 0644);
	if (trace_fd < 0 && !trace_warned && !early) {
		char msg[300];
		int n = snprintf(msg, sizeof msg, "aresolv: cannot open ARESOLV_TRACE=\"%.200s\"\n", path);
		trace_warned = 1;
		if (n > 0)
			(void)!write(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
	}
	if (trace_fd >= 0 && fstat(trace_fd, &st) == 0) {
		trace_dev = st.st_dev;
		trace_ino = st.st_ino;
	}
	return trace_fd;
}

static void trace_line(const char *to, char *line, int n)
{
	if (!strcmp(to, "stderr")) {
		(void)!write(2, line, (size_t)n);
		return;
	}
	/* a child forked while another thread wrote a line (a
	 * getaddrinfo_a worker) would find the lock taken for good */
	forklock_add(&trace_lock);
	pthread_mutex_lock(&trace_lock);
	int fd = trace_open(to, 0);
	if (fd >= 0)
		(void)!write(fd, line, (size_t)n);
	pthread_mutex_unlock(&trace_lock);
}

/* A trace file that exists is opened as the library loads, not at the
 * first line: a program that chroots or drops privileges before its
 * first lookup (sshd's privilege separation, glibc's tst-resolv-res_init
 * children) traces on through the descriptor.  One that does not exist
 * is not made here: a wrapper that never resolves (setpriv, sudo) would
 * make it, with its owner.  Failing here says nothing: the first line
 * tries again, and tells. */
__attribute__((constructor)) static void trace_early(void)
{
	const char *to = secure_getenv("ARESOLV_TRACE");

	if (!to || !*to || !strcmp(to, "stderr"))
		return;
	forklock_add(&trace_lock);
	pthread_mutex_lock(&trace_lock);
	trace_open(to, 1);
	pthread_mutex_unlock(&trace_lock);
}

/* The pid the version line was written for: a process's first trace
 * line is preceded by one naming aresolv's and c-ares' versions. */
static atomic_int said_pid;

/* The warnings after the versions' line, for a glibc compat mode does
 * not know and for a c-ares outside the tested range, appended at n;
 * the new length. */
static int warn_versions(char *line, size_t size, int n, int pid)
{
	if (ar_config()->mode == AR_MODE_COMPAT && !libc_known())
		n += snprintf(line + n, size - (size_t)n,
		              "aresolv[%d]: warning: glibc %.32s is not one compat mode knows "
		              "(%d.%d to %d.%d): its answers may differ from aresolv's\n",
		              pid, libc_version_str(), AR_LIBC_OLDEST / 1000,
		              AR_LIBC_OLDEST % 1000, AR_LIBC_NEWEST / 1000, AR_LIBC_NEWEST % 1000);
	if (!ar_cares_tested(0))
		n += snprintf(line + n, size - (size_t)n,
		              "aresolv[%d]: warning: c-ares outside the releases aresolv is "
		              "tested with (1.18.1 to 1.34)\n", pid);
	return n;
}

void ar_trace(const char *fmt, ...)
{
	const char *to = ar_config()->trace;
	char line[2048];
	va_list ap;
	int n, m, saved = errno;   /* the caller's errno is its result too */

	if (!to)
		return;
	int pid = (int)getpid(), old = atomic_load(&said_pid);
	if (old != pid && atomic_compare_exchange_strong(&said_pid, &old, pid)) {
		/* one write: the warnings always follow the versions' line */
		n = snprintf(line, sizeof line, "aresolv[%d]: %s mode=%s\n", pid, ar_version(),
		             ar_config()->mode == AR_MODE_NATIVE ? "native" : "compat");
		n = warn_versions(line, sizeof line, n, pid);
		trace_line(to, line, n);
	}
	n = snprintf(line, sizeof line, "aresolv[%d]: ", pid);
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += m;
	if (n > (int)sizeof line - 2)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	trace_line(to, line, n);
	errno = saved;
}
