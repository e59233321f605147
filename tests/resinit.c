/* glibc's tst-resolv-res_init special tests 3 to 6, and res_ninit, as a
 * program that prints its resolver state after each step.
 *   resinit CONF HOW [thread]
 * writes CONF (the file /etc/resolv.conf names, or a bind mount of it)
 * with edns0 and one server, sets the state's retrans, makes the call
 * HOW names (res_init, res_ninit, res_mkquery, gethostbyname,
 * getaddrinfo, either of those two of a name in the hosts file
 * (gethostbyname-hosts, getaddrinfo-hosts), gethostbyname of an
 * address (gethostbyname-numeric) or res_query) and prints _res (res_ninit's state for
 * res_ninit); writes CONF again with rotate, two servers, a search
 * list, ndots and timeouts, makes the call twice more, printing the
 * state after each; then writes a plain CONF and makes a res_query,
 * which a trace shows answered.  With "thread" it all runs on a new
 * thread, whose _res starts uninitialised. */
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *conf, *how;

static void put(const char *text)
{
	FILE *f = fopen(conf, "w");

	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(conf);
		exit(2);
	}
}

static void show(const char *step, const struct __res_state *st)
{
	char a[INET6_ADDRSTRLEN];

	printf("%s: options=%#lx nscount=%d retrans=%d retry=%d ndots=%u defdname=%s", step,
	       st->options, st->nscount, st->retrans, st->retry, st->ndots, st->defdname);
	for (int i = 0; i < st->nscount && i < MAXNS; i++) {
		if (st->nsaddr_list[i].sin_family == AF_INET)
			inet_ntop(AF_INET, &st->nsaddr_list[i].sin_addr, a, sizeof a);
		else if (st->_u._ext.nsaddrs[i])
			inet_ntop(AF_INET6, &st->_u._ext.nsaddrs[i]->sin6_addr, a, sizeof a);
		else
			strcpy(a, "?");
		printf(" ns%d=%s:%d", i, a, ntohs(st->nsaddr_list[i].sin_port));
	}
	for (int i = 0; i < MAXDNSRCH && st->dnsrch[i]; i++)
		printf(" dnsrch%d=%s", i, st->dnsrch[i]);
	printf("\n");
	fflush(stdout);
}

static void call(struct __res_state *own)
{
	unsigned char buf[512];
	struct addrinfo *ai = NULL;

	if (!strcmp(how, "res_init"))
		printf("res_init=%d\n", res_init());
	else if (!strcmp(how, "res_ninit"))
		printf("res_ninit=%d\n", res_ninit(own));
	else if (!strcmp(how, "res_mkquery"))
		printf("res_mkquery=%d\n", res_mkquery(QUERY, "www.aresolv.test", C_IN, T_A, NULL,
		                                       0, NULL, buf, sizeof buf) > 0);
	else if (!strcmp(how, "gethostbyname"))
		printf("gethostbyname=%s\n", gethostbyname("www.aresolv.test") ? "found" : "none");
	else if (!strcmp(how, "gethostbyname-numeric"))
		printf("gethostbyname=%s\n", gethostbyname("10.53.0.10") ? "found" : "none");
	else if (!strcmp(how, "gethostbyname-hosts"))
		printf("gethostbyname=%s\n", gethostbyname("hostsonly.test") ? "found" : "none");
	else if (!strcmp(how, "getaddrinfo")) {
		printf("getaddrinfo=%d\n", getaddrinfo("www.aresolv.test", NULL, NULL, &ai));
		if (ai)
			freeaddrinfo(ai);
	} else if (!strcmp(how, "getaddrinfo-hosts")) {
		printf("getaddrinfo=%d\n", getaddrinfo("hostsonly.test", NULL, NULL, &ai));
		if (ai)
			freeaddrinfo(ai);
	} else if (!strcmp(how, "res_query"))
		printf("res_query=%d\n",
		       res_query("www.aresolv.test", C_IN, T_A, buf, sizeof buf) > 0);
	else {
		fprintf(stderr, "resinit: no call %s\n", how);
		exit(2);
	}
}

static void *run(void *arg)
{
	static struct __res_state own;
	struct __res_state *st = strcmp(how, "res_ninit") ? &_res : &own;
	unsigned char buf[512];

	(void)arg;
	show("start", &_res);
	/* set before any initialisation: res_init and res_ninit load
	 * resolv.conf over it, glibc's lookups ignore it */
	st->retrans = 3;
	put("options edns0\nnameserver 127.0.0.1\n");
	call(st);
	show("first", st);
	put("options rotate timeout:2 attempts:3 ndots:2\n"
	    "search one.aresolv.test aresolv.test\n"
	    "nameserver 127.0.0.1\nnameserver 127.0.0.2\n");
	call(st);
	show("second", st);
	call(st);
	show("third", st);
	if (st == &own)
		res_nclose(st);
	put("options timeout:1 attempts:2\nnameserver 127.0.0.1\n");
	printf("lookup=%d\n", res_query("www.aresolv.test", C_IN, T_A, buf, sizeof buf) > 0);
	show("last", &_res);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc < 3) {
		fprintf(stderr, "usage: resinit CONF HOW [thread]\n");
		return 2;
	}
	conf = argv[1];
	how = argv[2];
	if (argc > 3 && !strcmp(argv[3], "thread")) {
		if (pthread_create(&t, NULL, run, NULL) || pthread_join(t, NULL))
			return 2;
	} else
		run(NULL);
	return 0;
}
