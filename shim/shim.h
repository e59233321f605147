/* The interposer's own pieces: the real libc functions and the guard that
 * sends nested calls straight to them. */
#ifndef SHIM_H
#define SHIM_H

#include <netdb.h>
#include <resolv.h>
#include <signal.h>
#include <time.h>

#define EXPORT __attribute__((visibility("default")))

struct real_fns {
	int (*getaddrinfo)(const char *, const char *, const struct addrinfo *,
	                   struct addrinfo **);
	int (*getnameinfo)(const struct sockaddr *, socklen_t, char *, socklen_t,
	                   char *, socklen_t, int);
	const char *(*gai_strerror)(int);
	int (*gethostbyname2_r)(const char *, int, struct hostent *, char *,
	                        size_t, struct hostent **, int *);
	int (*gethostbyaddr_r)(const void *, socklen_t, int, struct hostent *,
	                       char *, size_t, struct hostent **, int *);
	struct hostent *(*gethostbyname2)(const char *, int);
	struct hostent *(*gethostbyaddr)(const void *, socklen_t, int);
	/* res_query.c's four, and libresolv's __res_* (GLIBC_2.2.5) ones
	 * when the program has them (else the GLIBC_2.34 ones) */
	int (*res_nquery)(struct __res_state *, const char *, int, int, unsigned char *, int);
	int (*res_nsearch)(struct __res_state *, const char *, int, int, unsigned char *, int);
	int (*res_nquerydomain)(struct __res_state *, const char *, const char *, int, int,
	                        unsigned char *, int);
	int (*res_nsend)(struct __res_state *, const unsigned char *, int, unsigned char *, int);
	int (*res_query)(const char *, int, int, unsigned char *, int);
	int (*res_search)(const char *, int, int, unsigned char *, int);
	int (*res_querydomain)(const char *, const char *, int, int, unsigned char *, int);
	int (*res_send)(const unsigned char *, int, unsigned char *, int);
	int (*getaddrinfo_a)(int, struct gaicb **, int, struct sigevent *);
	int (*gai_suspend)(const struct gaicb *const *, int, const struct timespec *);
	int (*gai_error)(struct gaicb *);
	int (*gai_cancel)(struct gaicb *);
};

const struct real_fns *real(void);

/* enter() returns 1 when aresolv answers this call (then leave() must
 * follow), 0 when it goes to libc: disabled, or nested inside our own
 * work. */
int enter(void);
void leave(void);
/* The answer for calls aresolv does not handle: libc's, or a refusal. */
int refuse(void);
int shim_getaddrinfo(const char *, const char *, const struct addrinfo *, struct addrinfo **);

/* store.c: the non-reentrant forms' per-thread buffer */
struct store {
	struct hostent he;
	size_t len;
	char buf[];
};
struct store *store_get(size_t len);

#endif
