/* Lists cross the boundary: aresolv's list freed by glibc's freeaddrinfo,
 * glibc's list freed by aresolv's.  Run under valgrind with the library
 * preloaded; prints one line per step. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

typedef int gai_fn(const char *, const char *, const struct addrinfo *, struct addrinfo **);
typedef void free_fn(struct addrinfo *);

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "c1.aresolv.test";
	void *libc = dlopen("libc.so.6", RTLD_NOLOAD | RTLD_LAZY);
	gai_fn *glibc_gai;
	free_fn *glibc_free;
	struct addrinfo hints = { .ai_flags = AI_CANONNAME }, *res;
	int rc;

	if (!libc)
		return 2;
	*(void **)&glibc_gai = dlsym(libc, "getaddrinfo");
	*(void **)&glibc_free = dlsym(libc, "freeaddrinfo");
	if (!glibc_gai || !glibc_free || glibc_gai == getaddrinfo)
		return printf("glibc's functions not found apart from the preloaded ones\n"), 3;

	rc = getaddrinfo(name, "80", &hints, &res);
	printf("preloaded getaddrinfo: %d, canonname %s\n", rc, rc ? "-" : res->ai_canonname);
	if (!rc)
		glibc_free(res);

	rc = glibc_gai(name, "80", &hints, &res);
	printf("glibc getaddrinfo: %d, canonname %s\n", rc, rc ? "-" : res->ai_canonname);
	if (!rc)
		freeaddrinfo(res);
	freeaddrinfo(NULL);
	dlclose(libc);
	return 0;
}
