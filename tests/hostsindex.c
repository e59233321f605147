/* hostsindex: a hosts file replaced (rename over it) again and again while
 * 16 threads resolve from it (tests/48-hosts-index.t).
 *
 *   hostsindex FILE SECONDS
 *
 * FILE is written in two versions, A and B, each with FILLER lines and
 * then its own lines:
 *   A: 10.0.0.1 alpha a-alias / 10.0.0.3 alpha / 10.0.0.2 beta
 *   B: 10.0.1.1 alpha b-alias / 10.0.1.3 alpha / 10.0.1.2 gamma
 * Threads, 16 at a time and each new (so each reads the file's state
 * afresh), look up alpha, beta and gamma with getaddrinfo and
 * gethostbyname_r and 10.0.0.1 and 10.0.1.1 with gethostbyaddr_r, and
 * check each answer against A and B: every answer must be one of A's
 * or one of B's, never a mix (a torn answer) or anything else.  Prints
 *   lookups=N a=NA b=NB bad=0
 * and exits 1 when an answer was bad. */
#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define THREADS 16
#define FILLER 20000

static const char *path;
static atomic_int stop, lookups, from_a, from_b, bad;

static void write_version(int v)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.new", path);
	if (!(f = fopen(tmp, "w"))) {
		perror(tmp);
		exit(2);
	}
	fputs("127.0.0.1 localhost\n", f);
	for (int i = 0; i < FILLER; i++)
		fprintf(f, "0.0.0.0 filler%05d.%c.index.test\n", i, v ? 'b' : 'a');
	fprintf(f, "10.0.%d.1 alpha %c-alias\n10.0.%d.3 alpha\n10.0.%d.2 %s\n", v, v ? 'b' : 'a',
	        v, v, v ? "gamma" : "beta");
	if (fclose(f) || rename(tmp, path)) {
		perror(path);
		exit(2);
	}
}

static void verdict(int v, const char *what)
{
	if (v == 0)
		atomic_fetch_add(&from_a, 1);
	else if (v == 1)
		atomic_fetch_add(&from_b, 1);
	else if (atomic_fetch_add(&bad, 1) < 10)
		fprintf(stderr, "bad answer: %s\n", what);
	atomic_fetch_add(&lookups, 1);
}

/* The version alpha's addresses come from: 0, 1, or -1 for a mix. */
static int version_of(const unsigned char *a, int *v)
{
	if (a[0] != 10 || a[1] != 0 || a[2] > 1 || (a[3] != 1 && a[3] != 3))
		return -1;
	if (*v < 0)
		*v = a[2];
	return *v == a[2] ? 0 : -1;
}

static void by_gai(void)
{
	struct addrinfo h = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *r, *p;
	int v = -1, n = 0, e = getaddrinfo("alpha", NULL, &h, &r);

	if (e) {
		verdict(-1, "getaddrinfo alpha failed");
		return;
	}
	for (p = r; p; p = p->ai_next, n++)
		if (version_of((unsigned char *)&((struct sockaddr_in *)p->ai_addr)->sin_addr, &v) < 0)
			v = 2;
	freeaddrinfo(r);
	verdict(n == 2 ? v : -1, "getaddrinfo alpha: a mix or not two addresses");
}

static void by_ghbn(const char *name)
{
	struct hostent he, *r;
	char buf[1024];
	int herr, v = -1, n = 0;

	if (gethostbyname_r(name, &he, buf, sizeof buf, &r, &herr) || !r) {
		/* beta is A's alone, gamma B's alone */
		verdict(strcmp(name, "alpha") ? !strcmp(name, "beta") : -1, "gethostbyname_r alpha failed");
		return;
	}
	if (strcmp(name, "alpha")) {
		unsigned char *a = (unsigned char *)r->h_addr_list[0];
		int want = !strcmp(name, "gamma");
		verdict(a[2] == want && a[3] == 2 && !r->h_addr_list[1] ? want : -1, name);
		return;
	}
	for (; r->h_addr_list[n]; n++)
		if (version_of((unsigned char *)r->h_addr_list[n], &v) < 0)
			v = 2;
	if (n != 2 || !r->h_aliases[0] || r->h_aliases[1] ||
	    strcmp(r->h_aliases[0], v == 1 ? "b-alias" : "a-alias"))
		v = -1;
	verdict(v, "gethostbyname_r alpha: a mix, or its alias from the other file");
}

static void by_ghba(int which)
{
	struct hostent he, *r;
	unsigned char a[4] = { 10, 0, (unsigned char)which, 1 };
	char buf[1024];
	int herr;

	if (gethostbyaddr_r(a, 4, AF_INET, &he, buf, sizeof buf, &r, &herr) || !r) {
		verdict(!which, "gethostbyaddr_r");   /* the other file's address */
		return;
	}
	verdict(!strcmp(r->h_name, "alpha") && r->h_aliases[0] &&
	        !strcmp(r->h_aliases[0], which ? "b-alias" : "a-alias") ? which : -1,
	        "gethostbyaddr_r: wrong name or alias");
}

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20; i++) {
		by_gai();
		by_ghbn("alpha");
		by_ghbn(i % 2 ? "beta" : "gamma");
		by_ghba(i % 2);
	}
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	for (int v = 1; !atomic_load(&stop); v ^= 1)
		write_version(v);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[THREADS], w;
	time_t end;

	if (argc != 3)
		return 2;
	path = argv[1];
	end = time(NULL) + atoi(argv[2]);
	write_version(0);
	pthread_create(&w, NULL, writer, NULL);
	/* at least one round: under valgrind writing the first version
	 * alone may take longer than SECONDS */
	do {
		for (int i = 0; i < THREADS; i++)
			pthread_create(&t[i], NULL, worker, NULL);
		for (int i = 0; i < THREADS; i++)
			pthread_join(t[i], NULL);
	} while (time(NULL) < end);
	atomic_store(&stop, 1);
	pthread_join(w, NULL);
	printf("lookups=%d a=%d b=%d bad=%d\n", lookups, from_a, from_b, bad);
	return bad ? 1 : 0;
}
