/* Every name entry point on each name given, one line a call, for
 * tests/34-noaaaa.t to compare glibc with aresolv under RES_NOAAAA:
 *
 *   noaaaa [-r] [-v] NAME...
 *
 * -r sets RES_NOAAAA in _res after res_init, as a program does; -v sets
 * RES_USEVC there too.  getaddrinfo_a runs its request on a thread of
 * its own, whose _res is not the program's. */

#include <arpa/inet.h>
#include <netdb.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *herr(int e)
{
	static char buf[16];

	switch (e) {
	case HOST_NOT_FOUND: return "HOST_NOT_FOUND";
	case TRY_AGAIN: return "TRY_AGAIN";
	case NO_RECOVERY: return "NO_RECOVERY";
	case NO_DATA: return "NO_DATA";
	case NETDB_INTERNAL: return "NETDB_INTERNAL";
	}
	snprintf(buf, sizeof buf, "#%d", e);
	return buf;
}

static void hostent(const char *what, const struct hostent *h, int e)
{
	char text[INET6_ADDRSTRLEN];

	printf("%s:", what);
	if (!h) {
		printf(" %s\n", herr(e));
		return;
	}
	printf(" %s", h->h_name);
	for (char **a = h->h_aliases; *a; a++)
		printf(" alias=%s", *a);
	for (char **a = h->h_addr_list; *a; a++)
		printf(" %s", inet_ntop(h->h_addrtype, *a, text, sizeof text));
	printf("\n");
}

static void addrinfo(const char *what, int rc, const struct addrinfo *ai)
{
	char text[INET6_ADDRSTRLEN];

	printf("%s:", what);
	if (rc) {
		printf(" %s\n", gai_strerror(rc));
		return;
	}
	for (; ai; ai = ai->ai_next) {
		const void *p = ai->ai_family == AF_INET
		                    ? (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr
		                    : (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
		printf(" %s", inet_ntop(ai->ai_family, p, text, sizeof text));
		if (ai->ai_canonname)
			printf(" canon=%s", ai->ai_canonname);
	}
	printf("\n");
}

static void gai(const char *name, int family, int flags, const char *what)
{
	struct addrinfo h = { .ai_family = family, .ai_flags = flags,
	                      .ai_socktype = SOCK_STREAM }, *ai = NULL;
	int rc = getaddrinfo(name, NULL, &h, &ai);

	addrinfo(what, rc, ai);
	if (!rc)
		freeaddrinfo(ai);
}

static void gaia(const char *name, int family, const char *what)
{
	struct addrinfo h = { .ai_family = family, .ai_socktype = SOCK_STREAM };
	struct gaicb cb = { .ar_name = name, .ar_request = &h }, *list[] = { &cb };
	int rc = getaddrinfo_a(GAI_WAIT, list, 1, NULL);

	if (!rc)
		rc = gai_error(&cb);
	addrinfo(what, rc, cb.ar_result);
	if (!rc)
		freeaddrinfo(cb.ar_result);
}

static void ghbn_r(const char *name, int family, const char *what)
{
	struct hostent h, *res = NULL;
	char buf[8192];
	int e = 0, rc = family ? gethostbyname2_r(name, family, &h, buf, sizeof buf, &res, &e)
	                       : gethostbyname_r(name, &h, buf, sizeof buf, &res, &e);

	if (rc)
		printf("%s: ret=%d\n", what, rc);
	else
		hostent(what, res, e);
}

static void ghbn(const char *name, int family, const char *what)
{
	struct hostent *h = family ? gethostbyname2(name, family) : gethostbyname(name);

	hostent(what, h, h_errno);
}

/* res_query's or res_send's AAAA: its return, h_errno and answer count */
static void res_aaaa(const char *name, int send, const char *what)
{
	unsigned char q[512], ans[4096];
	int n;

	if (send) {
		n = res_mkquery(QUERY, name, C_IN, T_AAAA, NULL, 0, NULL, q, sizeof q);
		n = n < 0 ? n : res_send(q, n, ans, sizeof ans);
	} else {
		n = res_query(name, C_IN, T_AAAA, ans, sizeof ans);
	}
	printf("%s: %d %s ancount=%d\n", what, n, n < 0 ? herr(h_errno) : "-",
	       n >= HFIXEDSZ ? ans[6] << 8 | ans[7] : -1);
}

static void all(const char *n)
{
	printf("== %s\n", n);
	ghbn(n, 0, "gethostbyname");
	ghbn(n, AF_INET, "gethostbyname2 AF_INET");
	ghbn(n, AF_INET6, "gethostbyname2 AF_INET6");
	ghbn_r(n, 0, "gethostbyname_r");
	ghbn_r(n, AF_INET, "gethostbyname2_r AF_INET");
	ghbn_r(n, AF_INET6, "gethostbyname2_r AF_INET6");
	gai(n, AF_UNSPEC, 0, "getaddrinfo AF_UNSPEC");
	gai(n, AF_UNSPEC, AI_CANONNAME, "getaddrinfo AF_UNSPEC CANONNAME");
	gai(n, AF_INET, 0, "getaddrinfo AF_INET");
	gai(n, AF_INET6, 0, "getaddrinfo AF_INET6");
	gai(n, AF_INET6, AI_CANONNAME, "getaddrinfo AF_INET6 CANONNAME");
	gai(n, AF_INET6, AI_V4MAPPED, "getaddrinfo AF_INET6 V4MAPPED");
	gai(n, AF_INET6, AI_V4MAPPED | AI_ALL, "getaddrinfo AF_INET6 V4MAPPED|ALL");
	gaia(n, AF_UNSPEC, "getaddrinfo_a AF_UNSPEC");
	gaia(n, AF_INET6, "getaddrinfo_a AF_INET6");
	res_aaaa(n, 0, "res_query AAAA");
	res_aaaa(n, 1, "res_send AAAA");
}

int main(int argc, char **argv)
{
	int opt;
	unsigned long set = 0;

	while ((opt = getopt(argc, argv, "rv")) != -1)
		set |= opt == 'r' ? RES_NOAAAA : opt == 'v' ? RES_USEVC : 0;
	if (set) {
		res_init();
		_res.options |= set;
	}
	for (int i = optind; i < argc; i++)
		all(argv[i]);
	return 0;
}
