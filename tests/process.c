/* Process-life checks run by 26-process.t with aresolv preloaded:
 *   threads   8 threads resolving at once, then fork: child and parent go on
 *   highfd    lookups while descriptors 0..1099 are taken (sockets above 1024)
 *   signals   lookups under a 1 ms interval timer whose handler has no
 *             SA_RESTART (poll is interrupted again and again)
 *   closeall  lookups, every fd above 2 closed, a file opened, lookups again
 *   cloexec N N lookups, then exec of ls -l /proc/self/fd: no resolver fd left
 *   forks N   3 threads resolve without pause while the main thread forks N
 *             children, each making one lookup (traced, sorted): a child
 *             that has not exited within 10 s (it takes milliseconds) is
 *             killed and counted as hung, as one forked while another
 *             thread held one of aresolv's locks would be
 * Prints "ok" lines the test compares; exits non-zero on a failure. */

#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *names[] = { "www.aresolv.test", "dual.aresolv.test",
                               "hostsonly.test", "c1.aresolv.test" };

static int resolve(const char *name)
{
	struct addrinfo h = { .ai_socktype = SOCK_STREAM }, *r;
	int e = getaddrinfo(name, "80", &h, &r);
	if (!e)
		freeaddrinfo(r);
	return e;
}

static void *worker(void *arg)
{
	long id = (long)arg, bad = 0;
	for (int i = 0; i < 100; i++)
		bad += resolve(names[(i + id) % 4]) != 0;
	return (void *)bad;
}

static int threads(void)
{
	pthread_t t[8];
	long bad = 0;
	void *v;
	int st;

	for (long i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], &v);
		bad += (long)v;
	}
	printf("threads: %ld failures\n", bad);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(resolve("dual.aresolv.test") || resolve("www.aresolv.test") ? 1 : 0);
	int parent = resolve("c1.aresolv.test");
	waitpid(pid, &st, 0);
	printf("fork: child %s, parent %s\n", WIFEXITED(st) && !WEXITSTATUS(st) ? "ok" : "failed",
	       parent ? "failed" : "ok");
	return bad || parent || !WIFEXITED(st) || WEXITSTATUS(st);
}

static int highfd(void)
{
	struct rlimit rl = { 4096, 4096 };
	int bad = 0;

	setrlimit(RLIMIT_NOFILE, &rl);
	while (open("/dev/null", O_RDONLY) < 1100)
		;
	for (int i = 0; i < 20; i++)
		bad += resolve(names[i % 4]) != 0;
	printf("highfd: %d failures\n", bad);
	return bad != 0;
}

static volatile sig_atomic_t ticks;
static void on_tick(int sig)
{
	(void)sig;
	ticks++;
}

static int signals(void)
{
	struct sigaction sa = { .sa_handler = on_tick };   /* no SA_RESTART */
	struct itimerval it = { { 0, 1000 }, { 0, 1000 } };
	int bad = 0;

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	for (int i = 0; i < 200; i++)
		bad += resolve(names[i % 4]) != 0;
	it.it_value.tv_usec = it.it_interval.tv_usec = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	printf("signals: %d failures, %s\n", bad, ticks ? "ticks seen" : "no ticks");
	return bad != 0;
}

static int cloexec(int n)
{
	for (int i = 0; i < n; i++)
		resolve(names[i % 4]);
	fflush(stdout);
	execlp("ls", "ls", "-l", "/proc/self/fd", (char *)NULL);
	return 1;
}

/* Lookups, close_range(3, ~0U) as daemons do, a file that gets the freed
 * descriptor numbers, lookups again: the file must be left alone. */
static int closeall(void)
{
	char path[] = "/tmp/aresolv-closeall-XXXXXX", buf[64] = "";
	int bad = 0, fd;

	for (int i = 0; i < 4; i++)
		bad += resolve(names[i]) != 0;
	for (int i = 3; i < 64; i++)
		close(i);
	fd = mkstemp(path);
	if (write(fd, "mine", 4) != 4)
		bad++;
	for (int i = 0; i < 8; i++)
		bad += resolve(names[i % 4]) != 0;
	if (pread(fd, buf, sizeof buf - 1, 0) < 0)
		bad++;
	unlink(path);
	printf("closeall: %d failures, file holds \"%s\", fd %s\n", bad, buf,
	       fcntl(fd, F_GETFD) >= 0 ? "still open" : "closed");
	return bad != 0;
}

static atomic_int stop_spin;

static void *spin(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop_spin))
		resolve(names[2]);
	return NULL;
}

static int forks(int n)
{
	pthread_t t[3];
	int hung = 0, failed = 0, st, k;

	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, spin, NULL);
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(resolve(names[2]) ? 1 : 0);
		for (k = 0; k < 1000 && waitpid(pid, &st, WNOHANG) == 0; k++)
			usleep(10000);
		if (k == 1000) {
			hung++;
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
		} else {
			failed += !WIFEXITED(st) || WEXITSTATUS(st);
		}
	}
	atomic_store(&stop_spin, 1);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("forks: %d hung, %d failed\n", hung, failed);
	return hung || failed;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	if (!strcmp(what, "threads"))
		return threads();
	if (!strcmp(what, "highfd"))
		return highfd();
	if (!strcmp(what, "signals"))
		return signals();
	if (!strcmp(what, "closeall"))
		return closeall();
	if (!strcmp(what, "forks"))
		return forks(argc > 2 ? atoi(argv[2]) : 100);
	if (!strcmp(what, "cloexec"))
		return cloexec(argc > 2 ? atoi(argv[2]) : 8);
	fprintf(stderr, "usage: process threads|highfd|signals|closeall|cloexec [N]|forks [N]\n");
	return 2;
}
