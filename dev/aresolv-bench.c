/* aresolv-bench: the benchmark program behind `make bench` (dev/bench).
 * It uses only the libc API, so the same binary measures glibc (run
 * plainly) and aresolv (run with libaresolv.so preloaded).
 *
 *   aresolv-bench CASE N [THREADS]
 *
 * runs N lookups of CASE (spread over THREADS threads, default 1) after a
 * short warm-up (none when N is 1) and prints one line:
 *   case=CASE n=N threads=T seconds=S per_sec=R maxrss_kb=K rss_growth_kb=G
 * CASE is one of
 *   numeric4 numeric6  getaddrinfo("127.0.0.1"/"::1", "80", STREAM)
 *   hosts              getaddrinfo of a hosts-file name
 *   dns4 dnsunspec     getaddrinfo of a DNS name, AF_INET / AF_UNSPEC
 *   nxdomain           getaddrinfo of a name that does not exist
 *   ghbr               gethostbyname_r of a DNS name
 *   gni                getnameinfo with a reverse (PTR) lookup
 *   raw                the floor: one UDP query and answer on a connected
 *                      socket to 127.0.0.1:53, no resolver at all, waiting
 *                      in a blocking recv() as every resolver here waits
 *   rawspin            the same, but waiting by calling a non-blocking
 *                      recv() and sched_yield() until the answer is there:
 *                      the round trip without the cost of being woken up
 *   none               nothing (start-up and baseline measurements)
 *   bighit bigmiss     getaddrinfo, AF_INET, of ads199999.blocklist.example
 *                      (the last line of dev/bench's 200,000-line hosts
 *                      file) and of a name it lacks (nsswitch.conf's hosts:
 *                      files alone, so a miss asks no DNS)
 *   bigbuild           the hosts file's modification time moved on
 *                      (futimens), then one bighit lookup in a new thread,
 *                      which has no parse of its own: aresolv reads the
 *                      file again, glibc reads it as always
 *   serv               getaddrinfo("127.0.0.1", BENCH_SERVICE or "https")
 *                      with AI_NUMERICHOST: a named service
 *
 *   aresolv-bench chanmem THREADS
 *
 * starts THREADS threads that each make one DNS lookup and then wait, and
 * prints what they hold while waiting, per thread:
 *   case=chanmem threads=T heap_per_thread=B rss_per_thread_kb=K
 * (heap: malloc's bytes in use over all arenas and in mmap'd blocks,
 * mallinfo2).  With THREADS 0 it prints what the process's first DNS
 * lookup leaves held (a channel, its socket and the hosts file's parse)
 * the same way.
 *
 *   aresolv-bench duringbuild N
 *
 * N times: the hosts file's modification time moved on, a thread started
 * that looks bighit up (and so reads the file again), and, from 5 ms
 * later until it is done, one new thread after the other each timing
 * one bighit lookup of its own (a new thread looks at the file first):
 *   case=duringbuild n=N lookups=L median_us=M p99_us=P max_us=X failures=F
 * aresolv's lookups meanwhile read the parse there was.  (On a loaded
 * machine the reading thread may not have begun after 5 ms, and the
 * first timed lookup then reads the file itself: the max.)
 *
 *   aresolv-bench hostsheap 1
 *
 * prints what one bighit lookup leaves held (the hosts file's parse):
 *   case=hostsheap heap=B rss_kb=K failures=F
 *
 *   aresolv-bench failover N
 *
 * makes N lookups of a DNS name (www.aresolv.test, AF_INET) one after the
 * other in this one process, with no warm-up, timing each, and prints
 *   case=failover n=N seconds=S ms=T1,T2,...,TN answer=ADDR,... failures=F
 * (ms: each lookup's time in milliseconds; answer: the first lookup's
 * addresses, sorted; a lookup that fails or answers otherwise is a
 * failure).  dev/bench runs it with a resolv.conf whose first server
 * never answers, to see what each lookup pays for it.
 *
 *   aresolv-bench spawn N LIB... -- COMMAND [ARG...]
 *
 * starts COMMAND N times with each LIB preloaded ("-": nothing), the LIBs
 * taking turns, each process started with posix_spawn (stdout to
 * /dev/null) and waited for, and prints a line per LIB:
 *   case=spawn lib=LIB n=N median_us=M failures=F
 * (M: the median time from posix_spawn to the end of waitpid; F: the
 * processes that did not exit 0).  dev/bench times start-up with it,
 * with less of its own cost in each figure than a Python loop adds.
 * The names are those of the test zone (tests/fixtures), so it runs inside
 * dev/aresolv-ns.  Exit status 1 if a lookup fails. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <stdatomic.h>
#include <malloc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *bench_case;
static long per_thread;
static int failures;
static pthread_mutex_t fail_lock = PTHREAD_MUTEX_INITIALIZER;

static int gai(const char *node, int family)
{
	struct addrinfo h = { .ai_family = family, .ai_socktype = SOCK_STREAM }, *r;
	int e = getaddrinfo(node, "80", &h, &r);

	if (!e)
		freeaddrinfo(r);
	return e;
}

static const unsigned char raw_q[] = {
	0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
	3, 'w', 'w', 'w', 7, 'a', 'r', 'e', 's', 'o', 'l', 'v', 4, 't', 'e', 's', 't', 0,
	0, 1, 0, 1,
};

static int raw_query(int fd)
{
	unsigned char a[512];

	if (send(fd, raw_q, sizeof raw_q, 0) != (ssize_t)sizeof raw_q)
		return -1;
	return recv(fd, a, sizeof a, 0) > 12 ? 0 : -1;
}

static int raw_spin(int fd)
{
	unsigned char a[512];
	ssize_t r;

	if (send(fd, raw_q, sizeof raw_q, 0) != (ssize_t)sizeof raw_q)
		return -1;
	while ((r = recv(fd, a, sizeof a, MSG_DONTWAIT)) < 0 && errno == EAGAIN)
		sched_yield();
	return r > 12 ? 0 : -1;
}

static int raw_socket(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(53) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	if (fd < 0 || connect(fd, (void *)&sin, sizeof sin))
		return -1;
	return fd;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int serv(void)
{
	struct addrinfo h = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM,
	                      .ai_flags = AI_NUMERICHOST }, *r;
	const char *name = getenv("BENCH_SERVICE");
	int e = getaddrinfo("127.0.0.1", name && *name ? name : "https", &h, &r);

	if (!e)
		freeaddrinfo(r);
	return e;
}

static void *big_thread(void *arg)
{
	*(int *)arg = gai("ads199999.blocklist.example", AF_INET);
	return NULL;
}

/* The hosts file changed, then a lookup by a thread that has not yet
 * read it. */
static int bigbuild(void)
{
	static time_t t = 1000000000;
	struct timespec ts[2] = { { ++t, 0 }, { t, 0 } };
	pthread_t th;
	int e = -1;

	if (utimensat(AT_FDCWD, "/etc/hosts", ts, 0) || pthread_create(&th, NULL, big_thread, &e))
		return -1;
	pthread_join(th, NULL);
	return e;
}

static atomic_int build_done;

static void *builder(void *arg)
{
	big_thread(arg);
	atomic_store(&build_done, 1);
	return NULL;
}

static void *timed_thread(void *arg)
{
	double t = now();
	int e = gai("ads199999.blocklist.example", AF_INET);

	*(double *)arg = e ? -1 : (now() - t) * 1e6;
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Lookups by new threads while another thread reads the changed file. */
static int duringbuild(long n)
{
	static double us[100000];
	static time_t t = 2000000000;
	size_t k = 0;
	int e = 0;

	for (long i = 0; i < n; i++) {
		struct timespec ts[2] = { { ++t, 0 }, { t, 0 } }, pause = { 0, 5000000 };
		pthread_t b, r;
		atomic_store(&build_done, 0);
		if (utimensat(AT_FDCWD, "/etc/hosts", ts, 0) || pthread_create(&b, NULL, builder, &e))
			return 1;
		nanosleep(&pause, NULL);
		while (!atomic_load(&build_done) && k < sizeof us / sizeof *us) {
			pthread_create(&r, NULL, timed_thread, &us[k]);
			pthread_join(r, NULL);
			failures += us[k++] < 0;
		}
		pthread_join(b, NULL);
		failures += e != 0;
	}
	qsort(us, k, sizeof *us, cmp_double);
	printf("case=duringbuild n=%ld lookups=%zu median_us=%.1f p99_us=%.1f max_us=%.1f failures=%d\n",
	       n, k, k ? us[k / 2] : 0.0, k ? us[k * 99 / 100] : 0.0, k ? us[k - 1] : 0.0, failures);
	return failures ? 1 : 0;
}

/* One lookup of the case; 0 when it gave the expected outcome. */
static int one(const char *c, int fd)
{
	if (!strcmp(c, "numeric4"))
		return gai("127.0.0.1", AF_UNSPEC);
	if (!strcmp(c, "numeric6"))
		return gai("::1", AF_UNSPEC);
	if (!strcmp(c, "hosts"))
		return gai("hostsonly.test", AF_UNSPEC);
	if (!strcmp(c, "dns4"))
		return gai("www.aresolv.test", AF_INET);
	if (!strcmp(c, "dnsunspec"))
		return gai("dual.aresolv.test", AF_UNSPEC);
	if (!strcmp(c, "nxdomain"))
		return gai("nx.aresolv.test", AF_UNSPEC) == EAI_NONAME ? 0 : -1;
	if (!strcmp(c, "ghbr")) {
		struct hostent he, *res;
		char buf[1024];
		int herr;
		return gethostbyname_r("www.aresolv.test", &he, buf, sizeof buf, &res, &herr) || !res;
	}
	if (!strcmp(c, "gni")) {
		struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(80) };
		char host[NI_MAXHOST];
		inet_pton(AF_INET, "10.53.0.40", &sin.sin_addr);
		return getnameinfo((void *)&sin, sizeof sin, host, sizeof host, NULL, 0, NI_NAMEREQD);
	}
	if (!strcmp(c, "bighit"))
		return gai("ads199999.blocklist.example", AF_INET);
	if (!strcmp(c, "bigmiss"))
		return gai("absent.blocklist.example", AF_INET) == EAI_NONAME ? 0 : -1;
	if (!strcmp(c, "bigbuild"))
		return bigbuild();
	if (!strcmp(c, "serv"))
		return serv();
	if (!strcmp(c, "raw"))
		return raw_query(fd);
	if (!strcmp(c, "rawspin"))
		return raw_spin(fd);
	return 0;
}

static void *worker(void *arg)
{
	int fd = strncmp(bench_case, "raw", 3) ? -1 : raw_socket();
	long bad = 0;

	(void)arg;
	for (long i = 0; i < per_thread; i++)
		bad += one(bench_case, fd) != 0;
	if (fd >= 0)
		close(fd);
	pthread_mutex_lock(&fail_lock);
	failures += (int)bad;
	pthread_mutex_unlock(&fail_lock);
	return NULL;
}

static long rss_kb(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* malloc's bytes in use, over all arenas and in blocks of their own */
static size_t heap_in_use(void)
{
	struct mallinfo2 m = mallinfo2();

	return m.uordblks + m.hblkhd;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The lookup's addresses, sorted and comma-separated, into out. */
static int gai_answer(const char *node, char *out, size_t size)
{
	struct addrinfo h = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *r, *p;
	char addr[16][INET6_ADDRSTRLEN];
	int n = 0, e = getaddrinfo(node, "80", &h, &r);
	size_t len = 0;

	if (e)
		return e;
	for (p = r; p && n < 16; p = p->ai_next)
		if (p->ai_family == AF_INET &&
		    inet_ntop(AF_INET, &((struct sockaddr_in *)p->ai_addr)->sin_addr, addr[n], sizeof addr[n]))
			n++;
	freeaddrinfo(r);
	qsort(addr, (size_t)n, sizeof addr[0], cmp_str);
	out[0] = 0;
	for (int i = 0; i < n && len + strlen(addr[i]) + 2 < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s", i ? "," : "", addr[i]);
	return n ? 0 : EAI_NODATA;
}

/* N lookups one after the other, each timed: what a dead first server
 * costs the first lookup and those after it. */
static int failover(long n)
{
	char first[256] = "", answer[256], ms[16 * 1000] = "";
	double t0 = now(), t;
	size_t len = 0;
	int e;

	if (n < 1 || n > 1000)
		return 2;
	for (long i = 0; i < n; i++) {
		t = now();
		e = gai_answer("www.aresolv.test", answer, sizeof answer);
		t = now() - t;
		len += (size_t)snprintf(ms + len, sizeof ms - len, "%s%.3f", i ? "," : "", t * 1e3);
		if (e)
			failures++;
		else if (!first[0])
			strcpy(first, answer);
		else if (strcmp(first, answer))
			failures++;
	}
	printf("case=failover n=%ld seconds=%.6f ms=%s answer=%s failures=%d\n", n, now() - t0, ms,
	       first[0] ? first : "-", failures);
	return failures ? 1 : 0;
}

static pthread_barrier_t parked, release;

static void *chan_worker(void *arg)
{
	(void)arg;
	if (gai("www.aresolv.test", AF_INET)) {
		pthread_mutex_lock(&fail_lock);
		failures++;
		pthread_mutex_unlock(&fail_lock);
	}
	pthread_barrier_wait(&parked);
	pthread_barrier_wait(&release);
	return NULL;
}

/* Heap and RSS held per thread once each thread has resolved a name: the
 * price of a thread's channel, socket and caches. */
static int chanmem(int threads)
{
	pthread_t t[256];
	size_t heap0, heap1;
	long rss0, rss1;

	if (!threads) {
		heap0 = heap_in_use();
		rss0 = rss_kb();
		failures = gai("www.aresolv.test", AF_INET) != 0;
		printf("case=chanmem threads=0 heap_per_thread=%ld rss_per_thread_kb=%ld failures=%d\n",
		       (long)heap_in_use() - (long)heap0, rss_kb() - rss0, failures);
		return failures;
	}
	gai("www.aresolv.test", AF_INET);
	pthread_barrier_init(&parked, NULL, (unsigned)threads + 1);
	pthread_barrier_init(&release, NULL, (unsigned)threads + 1);
	heap0 = heap_in_use();
	rss0 = rss_kb();
	for (int i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, chan_worker, NULL);
	pthread_barrier_wait(&parked);
	heap1 = heap_in_use();
	rss1 = rss_kb();
	pthread_barrier_wait(&release);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	printf("case=chanmem threads=%d heap_per_thread=%ld rss_per_thread_kb=%.1f failures=%d\n",
	       threads, ((long)heap1 - (long)heap0) / threads, (double)(rss1 - rss0) / threads,
	       failures);
	return failures ? 1 : 0;
}

extern char **environ;

/* The environment with LD_PRELOAD=lib in place of the caller's, or with
 * none for "-". */
static char **env_with(const char *lib)
{
	size_t n = 0, k = 0;
	char **e;

	while (environ[n])
		n++;
	if (!(e = calloc(n + 2, sizeof *e)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "LD_PRELOAD=", 11))
			e[k++] = environ[i];
	if (strcmp(lib, "-")) {
		size_t len = strlen(lib) + 12;
		if (!(e[k] = malloc(len)))
			return NULL;
		snprintf(e[k++], len, "LD_PRELOAD=%s", lib);
	}
	return e;
}

static int spawn_cmd(long n, int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	char **cmd, ***envs;
	double *us;
	int nlib = 0, *failed;

	while (nlib < argc && strcmp(argv[nlib], "--"))
		nlib++;
	if (n < 1 || !nlib || nlib + 1 >= argc)
		return 2;
	cmd = argv + nlib + 1;
	envs = calloc((size_t)nlib, sizeof *envs);
	us = calloc((size_t)(nlib * n), sizeof *us);
	failed = calloc((size_t)nlib, sizeof *failed);
	if (!envs || !us || !failed)
		return 1;
	for (int l = 0; l < nlib; l++)
		if (!(envs[l] = env_with(argv[l])))
			return 1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	for (long i = 0; i < n; i++)
		for (int k = 0; k < nlib; k++) {
			int l = (int)((k + i) % nlib), st;
			double t0 = now();
			pid_t pid;

			if (posix_spawn(&pid, cmd[0], &fa, NULL, cmd, envs[l])) {
				perror(cmd[0]);
				return 1;
			}
			if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
				failed[l]++;
			us[l * n + i] = (now() - t0) * 1e6;
		}
	for (int l = 0; l < nlib; l++) {
		qsort(us + l * n, (size_t)n, sizeof *us, cmp_double);
		printf("case=spawn lib=%s n=%ld median_us=%.1f failures=%d\n", argv[l], n,
		       us[l * n + n / 2], failed[l]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	long n, rss0;
	int threads;
	double t0, t1;

	if (argc < 3) {
		fprintf(stderr, "usage: aresolv-bench CASE N [THREADS] | chanmem THREADS | failover N | spawn N LIB... -- COMMAND...\n");
		return 2;
	}
	bench_case = argv[1];
	n = atol(argv[2]);
	if (!strcmp(bench_case, "spawn"))
		return spawn_cmd(n, argc - 3, argv + 3);
	if (!strcmp(bench_case, "chanmem"))
		return n >= 0 && n <= 256 ? chanmem((int)n) : 2;
	if (!strcmp(bench_case, "failover"))
		return failover(n);
	if (!strcmp(bench_case, "duringbuild"))
		return duringbuild(n);
	if (!strcmp(bench_case, "hostsheap")) {
		size_t heap0 = heap_in_use();
		long rss0 = rss_kb();
		failures = gai("ads199999.blocklist.example", AF_INET) != 0;
		printf("case=hostsheap heap=%ld rss_kb=%ld failures=%d\n",
		       (long)heap_in_use() - (long)heap0, rss_kb() - rss0, failures);
		return failures;
	}
	threads = argc > 3 ? atoi(argv[3]) : 1;
	if (threads < 1 || threads > 256 || n < 0)
		return 2;

	if (n > 1 && strcmp(bench_case, "none")) {
		/* warm-up: the first lookup pays for channels and caches (none
		 * for N = 1: dev/bench's start-up case is a process that
		 * makes one lookup, and it pays them) */
		per_thread = 10;
		worker(NULL);
		failures = 0;
	}
	rss0 = rss_kb();
	per_thread = n / threads;
	pthread_t t[256];
	t0 = now();
	if (threads == 1) {
		worker(NULL);
	} else {
		for (int i = 0; i < threads; i++)
			pthread_create(&t[i], NULL, worker, NULL);
		for (int i = 0; i < threads; i++)
			pthread_join(t[i], NULL);
	}
	t1 = now();
	getrusage(RUSAGE_SELF, &ru);
	long done = per_thread * threads;
	printf("case=%s n=%ld threads=%d seconds=%.6f per_sec=%.0f maxrss_kb=%ld rss_growth_kb=%ld failures=%d\n",
	       bench_case, done, threads, t1 - t0, done && t1 > t0 ? done / (t1 - t0) : 0.0,
	       ru.ru_maxrss, rss_kb() - rss0, failures);
	return failures ? 1 : 0;
}
