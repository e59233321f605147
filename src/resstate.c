/* A program's resolver state (_res, or a res_state of its own), read
 * as glibc's resolver reads it.  What res_init would have put there
 * (servers, timeout, tries, ndots, search list) leaves aresolv's own
 * settings in force (ARESOLV_SERVERS, ARESOLV_TIMEOUT_MS, ...); what the
 * program changed takes their place, as it does under glibc.  The
 * options (RES_USEVC, RES_USE_EDNS0, RES_DNSRCH, ...) are always the
 * state's. */
#include <ares.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <resolv.h>
#include <string.h>

#include "aresolv.h"

/* What res_init gives, read once: the state a program did not change
 * compares equal to it.  Written once under pthread_once. */
static struct __res_state fresh;
static pthread_once_t fresh_once = PTHREAD_ONCE_INIT;

static void fresh_init(void)
{
	res_ninit(&fresh);
}

/* Server i as res_send takes it: nsaddr_list's IPv4 address, else the
 * IPv6 one res_init keeps in _u._ext.  Returns its length, 0 if none. */
static socklen_t server(const struct __res_state *st, int i, union ar_sockaddr *out)
{
	memset(out, 0, sizeof *out);
	if (st->nsaddr_list[i].sin_family == AF_INET) {
		out->in.sin_family = AF_INET;
		out->in.sin_port = st->nsaddr_list[i].sin_port;
		out->in.sin_addr = st->nsaddr_list[i].sin_addr;
		return sizeof out->in;
	}
	if (!st->nsaddr_list[i].sin_family && st->_u._ext.nsaddrs[i] &&
	    st->_u._ext.nsaddrs[i]->sin6_family == AF_INET6) {
		out->in6.sin6_family = AF_INET6;
		out->in6.sin6_port = st->_u._ext.nsaddrs[i]->sin6_port;
		out->in6.sin6_addr = st->_u._ext.nsaddrs[i]->sin6_addr;
		out->in6.sin6_scope_id = st->_u._ext.nsaddrs[i]->sin6_scope_id;
		return sizeof out->in6;
	}
	return 0;
}

static int nscount(const struct __res_state *st)
{
	return st->nscount < 0 ? 0 : st->nscount > MAXNS ? MAXNS : st->nscount;
}

static int same_servers(const struct __res_state *a, const struct __res_state *b)
{
	union ar_sockaddr x, y;

	if (nscount(a) != nscount(b))
		return 0;
	for (int i = 0; i < nscount(a); i++)
		if (server(a, i, &x) != server(b, i, &y) || memcmp(&x, &y, sizeof x))
			return 0;
	return 1;
}

static int same_search(const struct __res_state *a, const struct __res_state *b)
{
	if (a->ndots != b->ndots)
		return 0;
	for (int i = 0; i < MAXDNSRCH + 1; i++) {
		const char *x = a->dnsrch[i], *y = b->dnsrch[i];
		if (!x || !y)
			return x == y;
		if (strcmp(x, y))
			return 0;
	}
	return 1;
}

void res_search_list(const struct __res_state *st, struct ar_search *s)
{
	memset(s, 0, sizeof *s);
	s->ndots = st->ndots;
	for (int i = 0; i < MAXDNSRCH && st->dnsrch[i]; i++) {
		size_t len = strlen(st->dnsrch[i]);
		if (s->used + len + 1 > sizeof s->names)
			break;
		memcpy(s->names + s->used, st->dnsrch[i], len + 1);
		s->used += len + 1;
		s->n++;
	}
}

void res_settings(const struct __res_state *st, struct ar_res *rs)
{
	struct ar_net *net = &rs->net;

	pthread_once(&fresh_once, fresh_init);
	memset(net, 0, sizeof *net);
	rs->options = (unsigned)st->options;
	rs->search = NULL;
	if (!same_servers(st, &fresh))
		for (int i = 0; i < nscount(st); i++)
			if (server(st, i, &net->servers[net->nservers]))
				net->nservers++;
	if (st->retrans != fresh.retrans)
		net->timeout_ms = (st->retrans > 0 ? st->retrans : 1) * 1000;
	if (st->retry != fresh.retry)
		net->tries = st->retry > 0 ? st->retry : 1;
	if (st->options & RES_USEVC)
		net->flags |= ARES_FLAG_USEVC;
	if (st->options & RES_IGNTC)
		net->flags |= ARES_FLAG_IGNTC;
	if (!same_search(st, &fresh)) {
		res_search_list(st, &rs->own);
		rs->search = &rs->own;
	}
}

int res_initialised(const struct __res_state *st)
{
	return (st->options & RES_INIT) != 0;
}

/* glibc's lookups initialise the thread's _res when the program has
 * not (a program reading _res.nscount after gethostbyname sees
 * resolv.conf's servers). */
void res_current(struct ar_res *rs)
{
	if (!res_initialised(&_res)) {
		int err = errno;
		res_init();
		errno = err;
	}
	res_settings(&_res, rs);
}
