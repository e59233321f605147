/* Process-life checks run by 27-life.t (the parts 26-process.t leaves out).
 * Built three ways:
 *   life        the program, run with aresolv preloaded (or without, for
 *               glibc's answers to compare with)
 *   life_dl.so  -DLIFE_DL: a plugin that resolves, for the dl mode
 *   life-linked the program linked against libaresolv.so (DT_NEEDED), for
 *               the secure mode: ld.so ignores LD_PRELOAD paths in a
 *               setuid program, but not a library it was linked with
 * Modes:
 *   rlimit             RLIMIT_NOFILE 16: lookups, in 4 threads too, then
 *                      with every descriptor taken (a new thread, this
 *                      one), and after they are freed
 *   rlimit-first       every descriptor taken at the first lookup of the
 *                      process, then freed: the answers
 *   churn TOTAL SLOTS PER
 *                      TOTAL lookups by threads doing PER each, SLOTS at a
 *                      time, each one replaced when it exits; descriptors,
 *                      heap and RSS after a first quarter and at the end
 *   dl SO ROUNDS [deep]
 *                      dlopen SO, resolve through it, dlclose, ROUNDS times;
 *                      then threads that resolved through SO go on and exit
 *                      after it was closed.  With deep, RTLD_DEEPBIND: SO is
 *                      linked with libaresolv.so, which is then loaded (and
 *                      maybe unloaded) with it, not preloaded
 *   secure TRACEFILE   AT_SECURE, ids, where getaddrinfo comes from, three
 *                      lookups, whether TRACEFILE is writable by us
 *   hold THREADS       THREADS threads each resolve every name and wait,
 *                      alive: the descriptors and heap they hold meanwhile
 *                      (one channel each, or ARESOLV_CHANNELS shared)
 *   cancel ROUNDS      a thread cancelled while its lookup waits for a
 *                      server that never answers (a socket of ours, made
 *                      the only server): ROUNDS times, alternating
 *                      getaddrinfo and gethostbyname_r; how each thread
 *                      ended and the descriptors left
 * Every answer is checked against the address set the fixtures give. */

#include <arpa/inet.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* A lookup's addresses as text, sorted and without duplicates:
 * "10.53.0.20 fd53::20", or the error ("EAI_AGAIN", "h_errno=2 rc=11"). */
static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void join_sorted(char addrs[][64], int n, char *out, size_t size)
{
	char *p[64];
	size_t len = 0;

	for (int i = 0; i < n; i++)
		p[i] = addrs[i];
	qsort(p, (size_t)n, sizeof *p, cmpstr);
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (i && !strcmp(p[i], p[i - 1]))
			continue;
		len += (size_t)snprintf(out + len, size - len, "%s%s", len ? " " : "", p[i]);
		if (len >= size)
			break;
	}
}

static const char *eai(int e)
{
	switch (e) {
	case 0: return "OK";
	case EAI_NONAME: return "EAI_NONAME";
	case EAI_AGAIN: return "EAI_AGAIN";
	case EAI_FAIL: return "EAI_FAIL";
	case EAI_MEMORY: return "EAI_MEMORY";
	case EAI_SYSTEM: return "EAI_SYSTEM";
	case EAI_NODATA: return "EAI_NODATA";
	case EAI_ADDRFAMILY: return "EAI_ADDRFAMILY";
	default: return "EAI_other";
	}
}

/* getaddrinfo(name, "80", AF_UNSPEC, SOCK_STREAM): 0 and the address set
 * in out, or the error code with its name (and errno for EAI_SYSTEM). */
static int gai(const char *name, int family, char *out, size_t size)
{
	struct addrinfo h = { .ai_family = family, .ai_socktype = SOCK_STREAM }, *r, *ai;
	char addrs[64][64];
	int n = 0, e;

	errno = 0;
	e = getaddrinfo(name, "80", &h, &r);
	if (e) {
		int err = errno;
		if (e == EAI_SYSTEM)
			snprintf(out, size, "%s/%s", eai(e), strerrorname_np(err) ? strerrorname_np(err) : "?");
		else
			snprintf(out, size, "%s", eai(e));
		return e;
	}
	for (ai = r; ai && n < 64; ai = ai->ai_next, n++) {
		const void *a = ai->ai_family == AF_INET
			? (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr
			: (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
		inet_ntop(ai->ai_family, a, addrs[n], sizeof addrs[n]);
	}
	freeaddrinfo(r);
	join_sorted(addrs, n, out, size);
	return 0;
}

/* gethostbyname_r(name): 0 and the IPv4 address set, or non-zero and
 * "rc=<errno name> h_errno=<n>". */
static int ghbn(const char *name, char *out, size_t size)
{
	struct hostent he, *res = NULL;
	char buf[2048], addrs[64][64];
	int herr = 0, rc, n = 0;

	rc = gethostbyname_r(name, &he, buf, sizeof buf, &res, &herr);
	if (rc || !res) {
		snprintf(out, size, "rc=%s h_errno=%d", rc ? strerrorname_np(rc) : "0", herr);
		return rc ? rc : -1;
	}
	for (char **a = res->h_addr_list; *a && n < 64; a++, n++)
		inet_ntop(res->h_addrtype, *a, addrs[n], sizeof addrs[n]);
	join_sorted(addrs, n, out, size);
	return 0;
}

#ifdef LIFE_DL
/* The plugin: resolves a DNS name with getaddrinfo and a hosts-file name
 * with gethostbyname_r; returns the number of wrong answers.  The TLS
 * variable makes the plugin's unloading free a TLS block in every thread. */
static __thread int calls;

int life_dl_resolve(void)
{
	char got[512];
	int bad = 0;

	calls++;
	bad += gai("www.aresolv.test", AF_UNSPEC, got, sizeof got) || strcmp(got, "10.53.0.10");
	bad += ghbn("hostsonly.test", got, sizeof got) || strcmp(got, "10.53.1.1");
	bad += gai("c1.aresolv.test", AF_INET, got, sizeof got) || strcmp(got, "10.53.0.40");
	return bad + (calls < 1);
}
#else

/* Four hosts-file names and four DNS names, each with the address set
 * getaddrinfo(AF_UNSPEC) and gethostbyname_r give ("multi on"). */
static const struct {
	const char *name, *unspec, *inet;
} names[] = {
	{ "hostsonly.test", "10.53.1.1", "10.53.1.1" },
	{ "www.aresolv.test", "10.53.0.10", "10.53.0.10" },
	{ "hostsalias", "10.53.1.1", "10.53.1.1" },
	{ "dual.aresolv.test", "10.53.0.20 fd53::20", "10.53.0.20" },
	{ "twolines.test", "10.53.1.2 fd53::1:2", "10.53.1.2" },
	{ "multi.aresolv.test", "10.53.0.31 10.53.0.32 10.53.0.33", "10.53.0.31 10.53.0.32 10.53.0.33" },
	{ "localhost", "127.0.0.1 ::1", "127.0.0.1" },
	{ "c1.aresolv.test", "10.53.0.40 fd53::40", "10.53.0.40" },
};
#define NNAMES 8

/* Lookup number i: name i % 8, getaddrinfo for the first 8 of every 16,
 * gethostbyname_r for the next 8.  Returns 0 for the expected answer. */
static int check(long i, char *got, size_t size)
{
	int k = (int)(i % NNAMES);

	if ((i / NNAMES) % 2 == 0)
		return gai(names[k].name, AF_UNSPEC, got, size) || strcmp(got, names[k].unspec) ? 1 : 0;
	return ghbn(names[k].name, got, size) || strcmp(got, names[k].inet) ? 1 : 0;
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;   /* not the directory's own descriptor */
}

static long rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

/* Where the program's getaddrinfo comes from: libaresolv.so or libc. */
static const char *gai_from(void)
{
	Dl_info di;
	void *f = dlsym(RTLD_DEFAULT, "getaddrinfo");
	const char *s;

	if (!f || !dladdr(f, &di) || !di.dli_fname)
		return "?";
	s = strrchr(di.dli_fname, '/');
	return s ? s + 1 : di.dli_fname;
}

static int mapped(const char *suffix)
{
	char line[4096];
	size_t n = strlen(suffix);
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "re");

	while (f && fgets(line, sizeof line, f)) {
		size_t len = strcspn(line, "\n");
		found |= len >= n && !strncmp(line + len - n, suffix, n);
	}
	if (f)
		fclose(f);
	return found;
}

/* ---- rlimit ---- */

static int fill[64], nfill;

static void take_all(void)
{
	int fd;

	nfill = 0;
	while (nfill < 64 && (fd = open("/dev/null", O_RDONLY)) >= 0)
		fill[nfill++] = fd;
}

static void free_all(void)
{
	while (nfill)
		close(fill[--nfill]);
}

/* The three lookups tried with no descriptor free: a DNS name and a
 * hosts-file name through getaddrinfo, a DNS name through
 * gethostbyname_r. */
static void full_lookups(const char *what)
{
	char a[256], b[256], c[256];

	gai("www.aresolv.test", AF_INET, a, sizeof a);
	gai("hostsonly.test", AF_INET, b, sizeof b);
	ghbn("www.aresolv.test", c, sizeof c);
	printf("%s: gai www %s, gai hostsonly %s, ghbn_r www %s\n", what, a, b, c);
}

static int all_names(const char *what);
static pthread_barrier_t freed;

/* A thread whose first lookups find every descriptor taken, then, once
 * they are freed, goes on with the channel it made then: the short name
 * "www" needs resolv.conf's search list. */
static void *full_thread(void *arg)
{
	char got[512];
	int bad;

	full_lookups(arg);
	pthread_barrier_wait(&freed);   /* done with every descriptor taken */
	pthread_barrier_wait(&freed);   /* they are free now */
	bad = all_names("full-thread-after");
	gai("www", AF_INET, got, sizeof got);
	printf("full-thread-after: %d wrong answers of %d, www %s\n", bad, 2 * NNAMES, got);
	return NULL;
}

static int all_names(const char *what)
{
	char got[512];
	int bad = 0;

	for (long i = 0; i < 2 * NNAMES; i++)
		if (check(i, got, sizeof got)) {
			bad++;
			fprintf(stderr, "%s: %s: %s\n", what, names[i % NNAMES].name, got);
		}
	return bad;
}

static void *rl_worker(void *arg)
{
	char got[512];
	long bad = 0;

	(void)arg;
	for (long i = 0; i < 96; i++)
		bad += check(i, got, sizeof got);
	return (void *)bad;
}

static int limit16(void)
{
	struct rlimit rl = { 16, 16 };

	if (setrlimit(RLIMIT_NOFILE, &rl)) {
		perror("setrlimit");
		return -1;
	}
	return 0;
}

/* The limit set before the first lookup; lookups in this thread and in
 * four others; every descriptor taken: a new thread (new channel, hosts
 * file not read yet) and this one (its socket kept); freed again. */
static int rlimit(void)
{
	pthread_t t[4];
	long bad = 0;
	void *v;
	int fds, b, wrong = 0;
	char got[512];

	if (limit16())
		return 1;
	b = all_names("limited");
	printf("limited: %d wrong answers of %d\n", b, 2 * NNAMES);

	fds = count_fds();
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, rl_worker, NULL);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], &v);
		bad += (long)v;
	}
	printf("threads: %ld wrong answers of %d, descriptors after them %+d\n", bad, 4 * 96,
	       count_fds() - fds);

	take_all();
	printf("taken: %s\n", errno == EMFILE ? "every descriptor" : strerror(errno));
	pthread_barrier_init(&freed, NULL, 2);
	pthread_create(&t[0], NULL, full_thread, (void *)"full-thread");
	pthread_barrier_wait(&freed);
	/* glibc fails them all (no socket), aresolv may still answer */
	for (long i = 0; i < 2 * NNAMES; i++) {
		int k = (int)(i % NNAMES), unspec = (i / NNAMES) % 2 == 0;
		int e = unspec ? gai(names[k].name, AF_UNSPEC, got, sizeof got)
		               : ghbn(names[k].name, got, sizeof got);
		wrong += !e && strcmp(got, unspec ? names[k].unspec : names[k].inet);
	}
	printf("full-main: %d wrong answers\n", wrong);
	free_all();
	pthread_barrier_wait(&freed);
	pthread_join(t[0], NULL);
	b = all_names("again");
	gai("www", AF_INET, got, sizeof got);
	printf("again: %d wrong answers of %d, www %s\n", b, 2 * NNAMES, got);
	return 0;
}

/* The first lookup of the process with every descriptor taken (nothing
 * read yet: configuration, hosts file, resolv.conf), then freed: the
 * answers, to be compared with glibc's. */
static int rlimit_first(void)
{
	char got[512];

	if (limit16())
		return 1;
	take_all();
	printf("taken: %s\n", errno == EMFILE ? "every descriptor" : strerror(errno));
	full_lookups("full");
	free_all();
	for (int k = 0; k < NNAMES; k++) {
		gai(names[k].name, AF_UNSPEC, got, sizeof got);
		printf("freed: gai %s %s", names[k].name, got);
		ghbn(names[k].name, got, sizeof got);
		printf(", ghbn_r %s\n", got);
	}
	gai("www", AF_INET, got, sizeof got);
	printf("freed: gai www %s\n", got);
	return 0;
}

/* ---- churn ---- */

static long per_thread;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t exited = PTHREAD_COND_INITIALIZER;
static int running;
static long failures, done_lookups;
static char first_bad[600];

static void *churn_worker(void *arg)
{
	long base = (long)arg, bad = 0;
	char got[512];

	for (long i = 0; i < per_thread; i++)
		if (check(base + i, got, sizeof got)) {
			pthread_mutex_lock(&lock);
			if (!first_bad[0])
				snprintf(first_bad, sizeof first_bad, "%s: %s",
				         names[(base + i) % NNAMES].name, got);
			pthread_mutex_unlock(&lock);
			bad++;
		}
	pthread_mutex_lock(&lock);
	failures += bad;
	done_lookups += per_thread;
	running--;
	pthread_cond_signal(&exited);
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* Runs `threads` detached threads, at most `slots` at a time, and waits
 * until all have exited.  Returns how many could not be created. */
static long wave(long threads, int slots, long *next_base)
{
	pthread_attr_t at;
	long failed = 0;

	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&at, 256 * 1024);
	pthread_mutex_lock(&lock);
	for (long t = 0; t < threads; t++) {
		pthread_t id;
		while (running >= slots)
			pthread_cond_wait(&exited, &lock);
		running++;
		if (pthread_create(&id, &at, churn_worker, (void *)*next_base)) {
			running--;
			failed++;
		}
		*next_base += per_thread;
	}
	while (running)
		pthread_cond_wait(&exited, &lock);
	pthread_mutex_unlock(&lock);
	pthread_attr_destroy(&at);
	/* a detached thread has signalled but may not be gone yet: wait until
	 * the kernel has let go of every thread but this one.  Up to 60 s: on
	 * a loaded machine (or under ASan) 64 exiting threads can take far
	 * longer than the usual millisecond, and a thread not gone yet may
	 * still hold its channel's socket when the descriptors are counted */
	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (now = t0; now.tv_sec - t0.tv_sec < 60; clock_gettime(CLOCK_MONOTONIC, &now)) {
		char line[128];
		int n = 0;
		FILE *f = fopen("/proc/self/status", "re");
		while (f && fgets(line, sizeof line, f))
			if (!strncmp(line, "Threads:", 8))
				n = atoi(line + 8);
		if (f)
			fclose(f);
		if (n == 1)
			break;
		usleep(1000);
	}
	return failed;
}

static int churn(long total, int slots, long per)
{
	long threads, first, base = 0, nocreate;
	int fd0, fd1, fd2;
	long rss1, rss2;
	size_t heap1, heap2;

	per_thread = per;
	threads = total / per;
	first = threads / 4 > slots ? threads / 4 : (threads > slots ? slots : threads);
	printf("getaddrinfo from %s\n", gai_from());
	/* this thread's channel and the trace file are open before counting */
	printf("warm-up: %d wrong answers of %d\n", all_names("warm-up"), 2 * NNAMES);
	fd0 = count_fds();
	nocreate = wave(first, slots, &base);
	fd1 = count_fds();
	rss1 = rss_kb();
	heap1 = mallinfo2().uordblks;
	nocreate += wave(threads - first, slots, &base);
	fd2 = count_fds();
	rss2 = rss_kb();
	heap2 = mallinfo2().uordblks;

	printf("churn: %ld lookups by %ld threads (%d at a time), %ld failures\n",
	       done_lookups, threads - nocreate, slots, failures);
	if (first_bad[0])
		printf("first failure: %s\n", first_bad);
	printf("descriptors: %+d after the first threads, %+d after the rest\n", fd1 - fd0, fd2 - fd1);
	/* for the test to judge, and for the log */
	printf("fds %d %d %d heap %zu %zu rss %ld %ld threads %ld %ld\n", fd0, fd1, fd2,
	       heap1, heap2, rss1, rss2, first, threads - first);
	return failures || nocreate;
}

/* ---- dl ---- */

typedef int (*resolve_fn)(void);

struct dl_arg {
	resolve_fn fn;
	pthread_barrier_t *resolved, *closed;
	long bad;
};

static void *dl_thread(void *p)
{
	struct dl_arg *a = p;
	char got[512];

	a->bad = a->fn();          /* through the plugin: channel, TLS made */
	pthread_barrier_wait(a->resolved);
	pthread_barrier_wait(a->closed);   /* the plugin is gone now */
	for (long i = 0; i < 2 * NNAMES; i++)
		a->bad += check(i, got, sizeof got);
	return NULL;               /* and the thread exits */
}

static int dl(const char *so, int rounds, int deep)
{
	int bad = 0, unloaded = 0, nthreads = 8, fds;
	int mode = RTLD_NOW | (deep ? RTLD_DEEPBIND : RTLD_LOCAL);
	pthread_barrier_t resolved, closed;
	struct dl_arg args[8];
	pthread_t t[8];

	printf("getaddrinfo from %s\n", gai_from());
	fds = -1;
	for (int r = 0; r < rounds; r++) {
		void *h = dlopen(so, mode);
		resolve_fn fn = h ? (resolve_fn)dlsym(h, "life_dl_resolve") : NULL;
		if (!fn) {
			fprintf(stderr, "dlopen %s: %s\n", so, dlerror());
			return 1;
		}
		bad += fn();
		dlclose(h);
		h = dlopen(so, RTLD_NOW | RTLD_NOLOAD);
		if (h)
			dlclose(h);
		else
			unloaded++;
		if (r == 0)
			fds = count_fds();   /* the first round's channel and trace file stay */
	}
	printf("dl: %d rounds, %d wrong answers, unloaded after %d of them, "
	       "%d descriptors more than after the first, libaresolv.so %s\n",
	       rounds, bad, unloaded, count_fds() - fds, mapped("/libaresolv.so") ? "mapped" : "not mapped");

	/* threads resolve through the plugin, it is closed, they resolve again
	 * and exit */
	void *h = dlopen(so, mode);
	resolve_fn fn = h ? (resolve_fn)dlsym(h, "life_dl_resolve") : NULL;
	if (!fn)
		return 1;
	pthread_barrier_init(&resolved, NULL, nthreads + 1);
	pthread_barrier_init(&closed, NULL, nthreads + 1);
	for (int i = 0; i < nthreads; i++) {
		args[i] = (struct dl_arg){ fn, &resolved, &closed, 0 };
		pthread_create(&t[i], NULL, dl_thread, &args[i]);
	}
	pthread_barrier_wait(&resolved);
	dlclose(h);
	h = dlopen(so, RTLD_NOW | RTLD_NOLOAD);
	pthread_barrier_wait(&closed);
	bad = 0;
	for (int i = 0; i < nthreads; i++) {
		pthread_join(t[i], NULL);
		bad += (int)args[i].bad;
	}
	printf("dl-threads: %d threads, %d wrong answers, plugin %s while they ran on\n",
	       nthreads, bad, h ? "still loaded" : "unloaded");
	bad += all_names("dl-main");
	printf("dl-main: %s\n", bad ? "wrong answers" : "answers right after the threads exited");
	return 0;
}

/* ---- secure ---- */

static int secure(const char *tracefile)
{
	char a[256], b[256], c[256];
	int fd = open(tracefile, O_WRONLY | O_APPEND | O_CLOEXEC);

	printf("AT_SECURE=%lu ruid=%d euid=%d trace %s\n", getauxval(AT_SECURE),
	       (int)getuid(), (int)geteuid(), fd >= 0 ? "writable" : "not writable");
	if (fd >= 0)
		close(fd);
	printf("getaddrinfo from %s\n", gai_from());
	gai("www.aresolv.test", AF_INET, a, sizeof a);
	gai("only.aresolv.test", AF_INET, b, sizeof b);
	gai("hostsonly.test", AF_INET, c, sizeof c);
	printf("www %s, only %s, hostsonly %s\n", a, b, c);
	return 0;
}

/* ---- hold ---- */

static pthread_barrier_t held, release;
static long hold_bad;

static void *hold_worker(void *arg)
{
	int bad = all_names("hold");

	(void)arg;
	pthread_mutex_lock(&lock);
	hold_bad += bad;
	pthread_mutex_unlock(&lock);
	pthread_barrier_wait(&held);
	pthread_barrier_wait(&release);
	return NULL;
}

static int hold(int threads)
{
	pthread_t t[256];
	int fd0, fd1, fd2;
	size_t heap0, heap1;

	if (threads < 1 || threads > 256)
		return 2;
	printf("warm-up: %d wrong answers of %d\n", all_names("warm-up"), 2 * NNAMES);
	pthread_barrier_init(&held, NULL, (unsigned)threads + 1);
	pthread_barrier_init(&release, NULL, (unsigned)threads + 1);
	fd0 = count_fds();
	heap0 = mallinfo2().uordblks;
	for (int i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, hold_worker, NULL))
			return 1;
	pthread_barrier_wait(&held);
	fd1 = count_fds();
	heap1 = mallinfo2().uordblks;
	pthread_barrier_wait(&release);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	fd2 = count_fds();
	printf("hold: %ld wrong answers of %d\n", hold_bad, threads * 2 * NNAMES);
	printf("held: %d descriptors, %ld bytes of heap a thread; after: %d descriptors\n",
	       fd1 - fd0, ((long)heap1 - (long)heap0) / threads, fd2 - fd0);
	return hold_bad != 0;
}

/* ---- cancel ---- */

static void *cancel_worker(void *arg)
{
	char got[512];

	if ((long)arg % 2)
		ghbn("www.aresolv.test", got, sizeof got);
	else
		gai("www.aresolv.test", AF_INET, got, sizeof got);
	return NULL;
}

/* A UDP socket on 127.0.0.1 that takes queries and never answers; the
 * process's only DNS server (ARESOLV_SERVERS, read at the first lookup). */
static int sink(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof sin;
	char v[64];
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	if (fd < 0 || bind(fd, (void *)&sin, sizeof sin) || getsockname(fd, (void *)&sin, &len))
		return -1;
	snprintf(v, sizeof v, "127.0.0.1:%u", ntohs(sin.sin_port));
	setenv("ARESOLV_SERVERS", v, 1);
	setenv("ARESOLV_TIMEOUT_MS", "30000", 1);
	return fd;
}

static int cancel(int rounds)
{
	int fd = sink(), fd0, asked = 0, cancelled = 0;
	char got[512], buf[512];

	if (fd < 0)
		return 1;
	/* the process's configuration is read and a hosts-file name cached */
	gai("hostsonly.test", AF_INET, got, sizeof got);
	printf("hosts: %s\n", got);
	fd0 = count_fds();
	for (long i = 0; i < rounds; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		pthread_t t;
		void *ret;

		if (pthread_create(&t, NULL, cancel_worker, (void *)i))
			return 1;
		/* the query has reached the server: the lookup waits in poll() */
		if (poll(&p, 1, 10000) == 1 && recv(fd, buf, sizeof buf, 0) > 12)
			asked++;
		usleep(1000);
		pthread_cancel(t);
		pthread_join(t, &ret);
		cancelled += ret == PTHREAD_CANCELED;
	}
	printf("cancel: %d of %d lookups asked the server, %d threads ended cancelled\n",
	       asked, rounds, cancelled);
	printf("descriptors: %d more than before\n", count_fds() - fd0);
	gai("hostsonly.test", AF_INET, got, sizeof got);
	printf("after: %s\n", got);
	return 0;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(what, "rlimit"))
		return rlimit();
	if (!strcmp(what, "rlimit-first"))
		return rlimit_first();
	if (!strcmp(what, "churn") && argc > 4)
		return churn(atol(argv[2]), atoi(argv[3]), atol(argv[4]));
	if (!strcmp(what, "dl") && argc > 3)
		return dl(argv[2], atoi(argv[3]), argc > 4 && !strcmp(argv[4], "deep"));
	if (!strcmp(what, "secure") && argc > 2)
		return secure(argv[2]);
	if (!strcmp(what, "hold") && argc > 2)
		return hold(atoi(argv[2]));
	if (!strcmp(what, "cancel") && argc > 2)
		return cancel(atoi(argv[2]));
	fprintf(stderr, "usage: life rlimit | rlimit-first | churn TOTAL SLOTS PER | dl SO ROUNDS [deep] | secure TRACEFILE | hold THREADS | cancel ROUNDS\n");
	return 2;
}
#endif
