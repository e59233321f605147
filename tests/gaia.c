/* getaddrinfo_a, gai_suspend, gai_error and gai_cancel driven the ways
 * tests/46-gaia.t compares with glibc: each command prints what it saw,
 * one fact a line.
 *
 *   gaia wait NAME...               GAI_WAIT, then each request's result
 *   gaia nowait none|signal|thread NAME...
 *                                   GAI_NOWAIT and its notification
 *   gaia suspend SILENT             gai_suspend's timeout, EAI_INTR, the end
 *   gaia cancel SILENT [more]       gai_cancel on 25 requests (20 run, 5
 *                                   wait); more: cancel's notifications
 *   gaia many N NAME...             N requests in one call, WAIT then NOWAIT
 *   gaia fork NAME...               a child forked with requests in flight
 *   gaia forks N NAME...            the names' results, then N rounds of a
 *                                   fork with them in flight: how many hung
 *   gaia cancelsafe SILENT          pthread_cancel of a thread in gai_suspend
 *
 * SILENT is a name whose lookup outlasts the test's waits (a server that
 * never answers).  With GAIA_SETTLE=1 each command ends once every
 * request it made ended and the pool's idle workers left: under valgrind,
 * a worker alive at exit shows the resolv.conf parse its _res holds as
 * lost, once glibc's freeres freed the list that pointed to it.  Every wait here has a deadline of its own, far past
 * what it should take, so a bug shows as a line, not a hang. */

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEADLINE_S 120   /* for lookups that should take milliseconds */
#define SHORT_S 20       /* for what takes no lookup at all (glibc: never) */

static const char *code(int rc)
{
	static char buf[32];

	switch (rc) {
	case 0: return "OK";
	case EAI_AGAIN: return "EAI_AGAIN";
	case EAI_NONAME: return "EAI_NONAME";
	case EAI_NODATA: return "EAI_NODATA";
	case EAI_FAIL: return "EAI_FAIL";
	case EAI_SYSTEM: return "EAI_SYSTEM";
	case EAI_MEMORY: return "EAI_MEMORY";
	case EAI_SERVICE: return "EAI_SERVICE";
	case EAI_FAMILY: return "EAI_FAMILY";
	case EAI_ADDRFAMILY: return "EAI_ADDRFAMILY";
	case EAI_INPROGRESS: return "EAI_INPROGRESS";
	case EAI_CANCELED: return "EAI_CANCELED";
	case EAI_NOTCANCELED: return "EAI_NOTCANCELED";
	case EAI_ALLDONE: return "EAI_ALLDONE";
	case EAI_INTR: return "EAI_INTR";
	}
	snprintf(buf, sizeof buf, "%d", rc);
	return buf;
}

/* With GAIA_SETTLE=1: waits for l's requests to end, then for the idle
 * workers (glibc's and aresolv's linger 1 s) to leave. */
static void settle(struct gaicb **l, int n)
{
	struct timespec ts = { DEADLINE_S, 0 };
	const char *e = getenv("GAIA_SETTLE");

	if (!e || strcmp(e, "1"))
		return;
	while (gai_suspend((const struct gaicb *const *)l, n, &ts) != EAI_ALLDONE)
		;
	usleep(1500 * 1000);
}

static const struct addrinfo hints = {
	.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_CANONNAME,
};

static struct gaicb *make(char **names, int nnames, int n)
{
	struct gaicb *cb = calloc((size_t)n, sizeof *cb);
	int i;

	for (i = 0; cb && i < n; i++) {
		cb[i].ar_name = names[i % nnames];
		cb[i].ar_request = &hints;
	}
	return cb;
}

static struct gaicb **listof(struct gaicb *cb, int n)
{
	struct gaicb **l = calloc((size_t)n, sizeof *l);
	int i;

	for (i = 0; l && i < n; i++)
		l[i] = &cb[i];
	return l;
}

/* "name: CODE canon addr addr..." */
static void render(char *out, size_t size, struct gaicb *cb)
{
	const struct addrinfo *ai;
	char a[INET6_ADDRSTRLEN];
	size_t k;
	int rc = gai_error(cb);

	k = (size_t)snprintf(out, size, "%s: %s", cb->ar_name, code(rc));
	if (rc)
		return;
	if (cb->ar_result && cb->ar_result->ai_canonname && k < size)
		k += (size_t)snprintf(out + k, size - k, " %s", cb->ar_result->ai_canonname);
	for (ai = cb->ar_result; ai && k < size; ai = ai->ai_next) {
		const void *p = ai->ai_family == AF_INET
			? (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr
			: (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
		inet_ntop(ai->ai_family, p, a, sizeof a);
		k += (size_t)snprintf(out + k, size - k, " %s", a);
	}
}

static void show(struct gaicb *cb, int n)
{
	char line[2048];
	int i;

	for (i = 0; i < n; i++) {
		render(line, sizeof line, &cb[i]);
		puts(line);
	}
}

static void release(struct gaicb *cb, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (gai_error(&cb[i]) == 0)
			freeaddrinfo(cb[i].ar_result);
		cb[i].ar_result = NULL;
	}
}

static int pending(struct gaicb *cb, int n)
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		k += gai_error(&cb[i]) == EAI_INPROGRESS;
	return k;
}

static int wait_cmd(char **names, int n)
{
	struct gaicb *cb = make(names, n, n);
	struct gaicb **l = listof(cb, n);
	int rc = getaddrinfo_a(GAI_WAIT, l, n, NULL);

	printf("getaddrinfo_a: %s\n", code(rc));
	printf("pending after GAI_WAIT: %d\n", pending(cb, n));
	show(cb, n);
	release(cb, n);
	settle(l, n);
	free(l);
	free(cb);
	return 0;
}

/* SIGEV_THREAD's side: what the notification thread saw. */
struct note {
	sem_t sem;
	struct gaicb *cb;
	int n;
	int pending;          /* requests not done when it ran */
	size_t stack;         /* its stack size (the attributes given) */
	int usr2_blocked;     /* the main thread blocks SIGUSR2 */
	int other_thread;
	pthread_t main;
};

static void notified(union sigval v)
{
	struct note *no = v.sival_ptr;
	pthread_attr_t a;
	sigset_t set;

	no->pending = pending(no->cb, no->n);
	if (pthread_getattr_np(pthread_self(), &a) == 0) {
		pthread_attr_getstacksize(&a, &no->stack);
		pthread_attr_destroy(&a);
	}
	pthread_sigmask(SIG_SETMASK, NULL, &set);
	no->usr2_blocked = sigismember(&set, SIGUSR2);
	no->other_thread = !pthread_equal(no->main, pthread_self());
	sem_post(&no->sem);
}

static int sem_wait_s(sem_t *s, int secs)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += secs;
	while (sem_timedwait(s, &ts) != 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* Outside the range in which glibc's stack cache hands a notification a
 * worker's stack: a cached stack is reused for a request of a quarter of
 * its size or more, and aresolv's workers have the default stack (8 MB
 * under the usual RLIMIT_STACK), glibc's small ones; a request of 2 to
 * 8 MB may get a larger stack than asked (aresolv(7), Differences). */
#define NOTE_STACK (1u << 20)

static void nowait_thread(struct gaicb *cb, struct gaicb **l, int n)
{
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD };
	struct note no = { .cb = cb, .n = n, .main = pthread_self() };
	pthread_attr_t a;
	sigset_t usr2;
	int rc;

	sem_init(&no.sem, 0, 0);
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &usr2, NULL);
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, NOTE_STACK);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	sev.sigev_notify_function = notified;
	sev.sigev_notify_attributes = &a;
	sev.sigev_value.sival_ptr = &no;
	rc = getaddrinfo_a(GAI_NOWAIT, l, n, &sev);
	printf("getaddrinfo_a: %s\n", code(rc));
	if (sem_wait_s(&no.sem, DEADLINE_S)) {
		printf("no notification in %d s\n", DEADLINE_S);
		exit(1);
	}
	printf("notified: in another thread %s\n", no.other_thread ? "yes" : "no");
	printf("notified: pending then %d\n", no.pending);
	printf("notified: stack of the attributes given %s\n", no.stack == NOTE_STACK ? "yes" : "no");
	printf("notified: SIGUSR2 blocked there %s\n", no.usr2_blocked ? "yes" : "no");
	/* once notified the attributes are the caller's again: glibc reads
	 * them in pthread_create after the thread started, so aresolv must
	 * not let the notification run before pthread_create returned
	 * (scribbled over, they would make glibc assert) */
	pthread_attr_destroy(&a);
	memset(&a, 0xff, sizeof a);
	sem_destroy(&no.sem);
}

static void nowait_signal(struct gaicb *cb, struct gaicb **l, int n)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	struct timespec ts = { DEADLINE_S, 0 };
	siginfo_t si;
	sigset_t set;
	int rc, sig;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sev.sigev_value.sival_int = 4242;
	rc = getaddrinfo_a(GAI_NOWAIT, l, n, &sev);
	printf("getaddrinfo_a: %s\n", code(rc));
	sig = sigtimedwait(&set, &si, &ts);
	if (sig != SIGUSR1) {
		printf("no signal in %d s\n", DEADLINE_S);
		exit(1);
	}
	printf("signal: pending then %d\n", pending(cb, n));
	printf("signal: si_code %s\n", si.si_code == SI_ASYNCNL ? "SI_ASYNCNL" : "other");
	printf("signal: si_value %d\n", si.si_value.sival_int);
	printf("signal: si_pid ours %s\n", si.si_pid == getpid() ? "yes" : "no");
	printf("signal: si_uid ours %s\n", si.si_uid == getuid() ? "yes" : "no");
	ts.tv_sec = 0;
	ts.tv_nsec = 100 * 1000 * 1000;
	printf("signal: another %s\n", sigtimedwait(&set, &si, &ts) == SIGUSR1 ? "yes" : "no");
}

static void nowait_none(struct gaicb *cb, struct gaicb **l, int n)
{
	struct sigevent sev = { .sigev_notify = SIGEV_NONE };
	struct timespec ts = { DEADLINE_S, 0 };
	int rc, calls = 0;

	rc = getaddrinfo_a(GAI_NOWAIT, l, n, &sev);
	printf("getaddrinfo_a: %s\n", code(rc));
	while ((rc = gai_suspend((const struct gaicb *const *)l, n, &ts)) == 0)
		calls++;
	printf("gai_suspend at the end: %s\n", code(rc));
	printf("gai_suspend returned 0 at most once a request: %s\n", calls <= n ? "yes" : "no");
	printf("pending: %d\n", pending(cb, n));
}

static int nowait_cmd(const char *how, char **names, int n)
{
	struct gaicb *cb = make(names, n, n);
	struct gaicb **l = listof(cb, n);

	if (!strcmp(how, "thread"))
		nowait_thread(cb, l, n);
	else if (!strcmp(how, "signal"))
		nowait_signal(cb, l, n);
	else
		nowait_none(cb, l, n);
	show(cb, n);
	release(cb, n);
	settle(l, n);
	free(l);
	free(cb);
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A handler without SA_RESTART, run after ms. */
static void alarm_in(int ms)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

static int suspend_cmd(char *silent)
{
	struct gaicb *cb = make(&silent, 1, 1);
	struct gaicb **l = listof(cb, 1);
	const struct gaicb *const *cl = (const struct gaicb *const *)l;
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	int rc;

	printf("getaddrinfo_a: %s\n", code(getaddrinfo_a(GAI_NOWAIT, l, 1, NULL)));
	printf("gai_error: %s\n", code(gai_error(cb)));
	printf("gai_suspend 300 ms: %s\n", code(gai_suspend(cl, 1, &ts)));
	printf("gai_error: %s\n", code(gai_error(cb)));
	alarm_in(200);
	ts.tv_sec = 60;
	printf("gai_suspend 60 s, a signal after 200 ms: %s\n", code(gai_suspend(cl, 1, &ts)));
	alarm_in(200);
	printf("gai_suspend, no timeout, a signal after 200 ms: %s\n", code(gai_suspend(cl, 1, NULL)));
	printf("gai_cancel: %s\n", code(gai_cancel(cb)));
	while ((rc = gai_suspend(cl, 1, NULL)) == EAI_INTR)
		;
	printf("gai_suspend until the end: %s\n", code(rc));
	printf("gai_error: %s\n", code(gai_error(cb)));
	printf("gai_suspend again: %s\n", code(gai_suspend(cl, 1, NULL)));
	printf("gai_cancel: %s\n", code(gai_cancel(cb)));
	release(cb, 1);
	settle(l, 1);
	free(l);
	free(cb);
	return 0;
}

static void *waiter(void *arg)
{
	struct gaicb **l = arg;

	return (void *)(long)getaddrinfo_a(GAI_WAIT, l, 1, NULL);
}

/* What glibc leaves out: a cancel's notification and waiters. */
static void cancel_more(void)
{
	static char *names[] = { "www.aresolv.test", "dual.aresolv.test", "nx.aresolv.test" };
	struct gaicb *cb = make(names, 3, 3), *x = make(names, 1, 1);
	struct gaicb **l = listof(cb, 3), **xl = listof(x, 1);
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD };
	struct note no = { .cb = cb, .n = 3, .main = pthread_self() };
	struct timespec ts;
	pthread_t t;
	void *ret;
	int i, rc;

	sem_init(&no.sem, 0, 0);
	sev.sigev_notify_function = notified;
	sev.sigev_value.sival_ptr = &no;
	printf("more: a batch behind them: %s\n", code(getaddrinfo_a(GAI_NOWAIT, l, 3, &sev)));
	for (i = 0; i < 3; i++)
		printf("more: gai_cancel %s: %s\n", names[i], code(gai_cancel(&cb[i])));
	rc = sem_wait_s(&no.sem, SHORT_S);
	printf("more: the batch's notification came: %s\n", rc ? "no" : "yes");
	for (i = 0; i < 3; i++)
		printf("more: gai_error %s: %s\n", names[i], code(gai_error(&cb[i])));

	x->__return = 0;
	pthread_create(&t, NULL, waiter, xl);
	for (i = 0; i < DEADLINE_S * 100 && gai_error(x) != EAI_INPROGRESS; i++)
		usleep(10000);
	printf("more: GAI_WAIT in another thread, gai_cancel: %s\n", code(gai_cancel(x)));
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += SHORT_S;
	rc = pthread_timedjoin_np(t, &ret, &ts);
	printf("more: the GAI_WAIT returned: %s\n", rc ? "no" : code((int)(long)ret));
	printf("more: gai_cancel(NULL): %s\n", code(gai_cancel(NULL)));
	settle(xl, 1);
	sem_destroy(&no.sem);
	free(l);
	free(xl);
	free(cb);
	free(x);
}

static int cancel_cmd(char *silent, int more)
{
	enum { N = 25 };
	struct gaicb *cb = make(&silent, 1, N);
	struct gaicb **l = listof(cb, N);
	const char *prev = NULL, *c;
	int i, run = 0;

	printf("getaddrinfo_a: %s\n", code(getaddrinfo_a(GAI_NOWAIT, l, N, NULL)));
	for (i = 0; i <= N; i++) {
		c = i < N ? code(gai_cancel(&cb[i])) : NULL;
		if (prev && (!c || strcmp(c, prev))) {
			printf("gai_cancel: %dx %s\n", run, prev);
			run = 0;
		}
		prev = c;
		run++;
	}
	printf("gai_error of the last: %s\n", code(gai_error(&cb[N - 1])));
	printf("gai_cancel of the last again: %s\n", code(gai_cancel(&cb[N - 1])));
	printf("gai_error of the first: %s\n", code(gai_error(&cb[0])));
	if (more)
		cancel_more();
	settle(l, N);
	fflush(stdout);
	/* the 20 silent lookups die with the process */
	_exit(0);
}

static int many_check(struct gaicb *cb, int n, int nnames)
{
	char first[2048], line[2048];
	int i, bad = 0;

	for (i = 0; i < nnames && i < n; i++) {
		int j, same = 0, k = 0;
		render(first, sizeof first, &cb[i]);
		for (j = i; j < n; j += nnames, k++) {
			render(line, sizeof line, &cb[j]);
			same += !strcmp(line, first);
		}
		printf("%dx %s%s\n", k, first, same == k ? "" : " (MIXED)");
		bad += same != k;
	}
	return bad;
}

static int nfds(void)
{
	char path[64];
	int fd, n = 0;

	for (fd = 0; fd < 1024; fd++) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		n += access(path, F_OK) == 0;
	}
	return n;
}

/* GAI_WAIT, GAI_NOWAIT, and GAI_WAIT twice more: the descriptors open
 * after the third round are those open after the second. */
static int many_cmd(int n, char **names, int nnames)
{
	struct gaicb *cb = make(names, nnames, n);
	struct gaicb **l = listof(cb, n);
	int bad, fds = 0, round;

	printf("GAI_WAIT: %s\n", code(getaddrinfo_a(GAI_WAIT, l, n, NULL)));
	printf("pending: %d\n", pending(cb, n));
	bad = many_check(cb, n, nnames);
	release(cb, n);
	nowait_thread(cb, l, n);
	bad += many_check(cb, n, nnames);
	release(cb, n);
	for (round = 0; round < 2; round++) {
		fds = nfds();
		bad += getaddrinfo_a(GAI_WAIT, l, n, NULL) != 0 || pending(cb, n);
		release(cb, n);
	}
	printf("descriptors: %s\n", nfds() == fds ? "as many as a round before" : "more");
	settle(l, n);
	free(l);
	free(cb);
	return bad != 0;
}

/* Drains a list with gai_suspend; the number still pending after. */
static int drain(struct gaicb *cb, struct gaicb **l, int n)
{
	struct timespec ts = { DEADLINE_S, 0 };

	while (pending(cb, n) && gai_suspend((const struct gaicb *const *)l, n, &ts) != EAI_AGAIN)
		;
	return pending(cb, n);
}

static int fork_cmd(char **names, int n)
{
	struct gaicb *cb = make(names, n, n), *mine = make(names, n, n);
	struct gaicb **l = listof(cb, n), **ml = listof(mine, n);
	int st = 0, i;
	pid_t pid;

	printf("parent: getaddrinfo_a: %s\n", code(getaddrinfo_a(GAI_NOWAIT, l, n, NULL)));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		printf("child: inherited pending after draining: %d\n", drain(cb, l, n));
		printf("child: GAI_WAIT: %s\n", code(getaddrinfo_a(GAI_WAIT, ml, n, NULL)));
		for (i = 0; i < n; i++)
			printf("child: %s\n", code(gai_error(&mine[i])));
		release(mine, n);
		fflush(stdout);
		_exit(0);
	}
	printf("parent: pending after draining: %d\n", drain(cb, l, n));
	for (i = 0; i < SHORT_S * 30 && waitpid(pid, &st, WNOHANG) == 0; i++)
		usleep(100000);
	if (i == SHORT_S * 30) {   /* 60 s; glibc's child waits for ever */
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	printf("parent: child exited: %s\n", WIFEXITED(st) && !WEXITSTATUS(st) ? "0" : "no");
	show(cb, n);
	release(cb, n);
	free(l);
	free(ml);
	free(cb);
	free(mine);
	return 0;
}

/* A child of forks_cmd: drains what it inherited, then looks the names
 * up itself; exits 0 when each of its own results has want's code, else
 * with C_ bits saying what went wrong. */
enum { C_PENDING = 1, C_WAIT = 2, C_RESULT = 4 };
static void forks_child(struct gaicb *cb, struct gaicb **l, struct gaicb *mine,
                        struct gaicb **ml, const int *want, int n)
{
	int i, bad = drain(cb, l, n) ? C_PENDING : 0;

	bad |= getaddrinfo_a(GAI_WAIT, ml, n, NULL) ? C_WAIT : 0;
	for (i = 0; i < n; i++)
		if (gai_error(&mine[i]) != want[i]) {
			bad |= C_RESULT;
			fprintf(stderr, "gaia: a forked child's %s: %s, not %s\n",
			        mine[i].ar_name, code(gai_error(&mine[i])), code(want[i]));
		}
	_exit(bad);
}

/* 1 when pid had not exited in secs (then killed); else 0 and its exit
 * status in *status, -1 for a signal. */
static int reap(pid_t pid, int secs, int *status)
{
	int st = 0, i;

	for (i = 0; i < secs * 1000 && waitpid(pid, &st, WNOHANG) == 0; i++)
		usleep(1000);
	if (i == secs * 1000) {
		const char *cmd = getenv("GAIA_ON_HANG");   /* e.g. gdb's backtraces */
		char line[512];
		if (cmd && snprintf(line, sizeof line, "%s %d >&2", cmd, (int)pid) < (int)sizeof line)
			(void)!system(line);
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return 1;
	}
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return 0;
}

/* a round's exit status: R_ bits, and the child's C_ bits shifted by R_C */
enum { R_BAD = 1, R_FAILED = 2, R_HUNG = 4, R_INFLIGHT = 8, R_C = 4 };

/* One round, in a process of its own whose workers all start now (a new
 * thread's first lookup is the one that calls res_init): requests for
 * the names made GAI_NOWAIT, a fork at once, the child and this process
 * each draining them and the child asking again.  Exits with R_ bits. */
static void forks_round(struct gaicb *cb, struct gaicb **l, struct gaicb *mine,
                        struct gaicb **ml, const int *want, int n)
{
	int i, st = 0, r = getaddrinfo_a(GAI_NOWAIT, l, n, NULL) ? R_BAD : 0;
	pid_t pid;

	r |= pending(cb, n) ? R_INFLIGHT : 0;
	if ((pid = fork()) == 0)
		forks_child(cb, l, mine, ml, want, n);
	if (pid < 0)
		_exit(R_BAD);
	r |= drain(cb, l, n) ? R_BAD : 0;
	for (i = 0; i < n; i++)
		r |= gai_error(&cb[i]) != want[i] ? R_BAD : 0;
	if (reap(pid, SHORT_S, &st))   /* after its parent's requests ended */
		r |= R_HUNG;
	else if (st)
		r |= R_FAILED | (st > 0 ? st << R_C : 0);
	_exit(r);
}

/* The names' results, shown and their codes in want, looked up in a
 * child: this process makes no lookup, so each round starts as a program
 * does, libc's resolv.conf not yet read (the window of the hang was
 * widest there). */
static int want_of(struct gaicb *cb, struct gaicb **l, int *want, int n)
{
	int fd[2], st = 0, i;
	pid_t pid;

	fflush(stdout);
	if (pipe(fd) || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		getaddrinfo_a(GAI_WAIT, l, n, NULL);
		for (i = 0; i < n; i++)
			want[i] = gai_error(&cb[i]);
		show(cb, n);
		fflush(stdout);
		_exit(write(fd[1], want, (size_t)n * sizeof *want) != (ssize_t)(n * sizeof *want));
	}
	close(fd[1]);
	i = (int)read(fd[0], want, (size_t)n * sizeof *want);
	close(fd[0]);
	if (reap(pid, DEADLINE_S, &st) || st || i != (int)(n * sizeof *want))
		return -1;
	return 0;
}

/* The names' results, then N rounds of forks_round.  Stops early after
 * 3 hung children (each costs SHORT_S). */
static int forks_cmd(int rounds, char **names, int n)
{
	struct gaicb *cb = make(names, n, n), *mine = make(names, n, n);
	struct gaicb **l = listof(cb, n), **ml = listof(mine, n);
	int *want = calloc((size_t)n, sizeof *want);
	int k, st, inflight = 0, hangs = 0, failed = 0, bad = 0, why[3] = { 0 };
	pid_t pid;

	if (want_of(cb, l, want, n) < 0) {
		puts("the first lookups failed");
		return 1;
	}
	for (k = 0; k < rounds && hangs < 3; k++) {
		if ((pid = fork()) == 0)
			forks_round(cb, l, mine, ml, want, n);
		st = 0;
		/* the round's own lookups, then its reap of the child */
		if (pid < 0 || reap(pid, DEADLINE_S + SHORT_S, &st) || st < 0) {
			bad = 1;   /* the round's own process hung or died */
			break;
		}
		inflight += !!(st & R_INFLIGHT);
		hangs += !!(st & R_HUNG);
		failed += !!(st & R_FAILED);
		why[0] += !!(st & C_PENDING << R_C);
		why[1] += !!(st & C_WAIT << R_C);
		why[2] += !!(st & C_RESULT << R_C);
		bad |= st & R_BAD;
	}
	printf("forks: %d\nwith requests in flight: %d\nhung: %d\nfailed: %d\nparent's results: %s\n"
	       "failed children: %d inherited pending, %d GAI_WAIT failed, %d results differed\n",
	       k, inflight, hangs, failed, bad ? "wrong" : "as before", why[0], why[1], why[2]);
	free(want);
	free(l);
	free(ml);
	free(cb);
	free(mine);
	return 0;
}

static sem_t started;
static volatile int suspended = 1;

static void *suspender(void *arg)
{
	struct timespec ts = { 0, 500 * 1000 * 1000 };

	sem_post(&started);
	suspended = gai_suspend(arg, 1, &ts);
	pthread_testcancel();
	return NULL;
}

static int cancelsafe_cmd(char *silent)
{
	struct gaicb *cb = make(&silent, 1, 1);
	struct gaicb **l = listof(cb, 1);
	pthread_t t;
	void *ret;

	printf("getaddrinfo_a: %s\n", code(getaddrinfo_a(GAI_NOWAIT, l, 1, NULL)));
	sem_init(&started, 0, 0);
	pthread_create(&t, NULL, suspender, l);
	sem_wait(&started);
	pthread_cancel(t);
	pthread_join(t, &ret);
	printf("thread cancelled: %s\n", ret == PTHREAD_CANCELED ? "yes" : "no");
	printf("after gai_suspend returned: %s\n", suspended != 1 ? "yes" : "no");
	printf("gai_error: %s\n", code(gai_error(cb)));
	printf("gai_cancel: %s\n", code(gai_cancel(cb)));
	settle(l, 1);
	fflush(stdout);
	_exit(0);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "wait"))
		return wait_cmd(argv + 2, argc - 2);
	if (argc >= 4 && !strcmp(argv[1], "nowait"))
		return nowait_cmd(argv[2], argv + 3, argc - 3);
	if (argc == 3 && !strcmp(argv[1], "suspend"))
		return suspend_cmd(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "cancel"))
		return cancel_cmd(argv[2], argc > 3);
	if (argc >= 4 && !strcmp(argv[1], "many"))
		return many_cmd(atoi(argv[2]), argv + 3, argc - 3);
	if (argc >= 3 && !strcmp(argv[1], "fork"))
		return fork_cmd(argv + 2, argc - 2);
	if (argc >= 4 && !strcmp(argv[1], "forks"))
		return forks_cmd(atoi(argv[2]), argv + 3, argc - 3);
	if (argc == 3 && !strcmp(argv[1], "cancelsafe"))
		return cancelsafe_cmd(argv[2]);
	fprintf(stderr, "usage: see tests/gaia.c\n");
	return 2;
}
