/* free_across: lists made by one getaddrinfo are freed by the other
 * freeaddrinfo.  Run with libaresolv.so preloaded (and under valgrind):
 * the program's own getaddrinfo/freeaddrinfo bind to aresolv, and glibc's
 * are taken from the already loaded libc.so.6 with dlsym on its handle.
 *
 *   free_across NAME...     prints one line per name and direction
 *
 * Prints "interposed=1" when getaddrinfo is not glibc's.  Exit status 0
 * when every lookup succeeded. */

#include <dlfcn.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef int gai_fn(const char *, const char *, const struct addrinfo *, struct addrinfo **);
typedef void fai_fn(struct addrinfo *);

static int count(const struct addrinfo *ai, int *canon)
{
	int n = 0;
	*canon = 0;
	for (; ai; ai = ai->ai_next, n++)
		if (ai->ai_canonname)
			*canon += (int)strlen(ai->ai_canonname) > 0;
	return n;
}

int main(int argc, char **argv)
{
	void *libc = dlopen("libc.so.6", RTLD_NOLOAD | RTLD_LAZY);
	if (!libc) {
		fprintf(stderr, "dlopen libc.so.6: %s\n", dlerror());
		return 2;
	}
	gai_fn *libc_gai = (gai_fn *)dlsym(libc, "getaddrinfo");
	fai_fn *libc_free = (fai_fn *)dlsym(libc, "freeaddrinfo");
	if (!libc_gai || !libc_free) {
		fprintf(stderr, "dlsym: %s\n", dlerror());
		return 2;
	}
	printf("interposed=%d\n", libc_gai != getaddrinfo && libc_free != freeaddrinfo);

	int bad = 0;
	for (int round = 0; round < 3; round++) {
		for (int i = 1; i < argc; i++) {
			struct addrinfo hints = { .ai_flags = AI_CANONNAME };
			struct addrinfo *res = NULL;
			int canon, n, rc;

			/* aresolv's list, glibc's free */
			rc = getaddrinfo(argv[i], "80", &hints, &res);
			if (rc) {
				printf("%s ours rc=%d %s\n", argv[i], rc, gai_strerror(rc));
				bad = 1;
			} else {
				n = count(res, &canon);
				if (round == 0)
					printf("%s ours n=%d canon=%d freed-by=glibc\n", argv[i], n, canon);
				libc_free(res);
			}

			/* glibc's list, aresolv's free */
			res = NULL;
			rc = libc_gai(argv[i], "80", &hints, &res);
			if (rc) {
				printf("%s glibc rc=%d %s\n", argv[i], rc, gai_strerror(rc));
				bad = 1;
			} else {
				n = count(res, &canon);
				if (round == 0)
					printf("%s glibc n=%d canon=%d freed-by=aresolv\n", argv[i], n, canon);
				freeaddrinfo(res);
			}
		}
	}
	freeaddrinfo(NULL);
	return bad;
}
