/* ARESOLV_SHADOW's res_query, res_search, res_querydomain, res_send
 * and their res_n* forms (see shadow.c): glibc's half is the program's
 * own call, on its state (glibc's choice of a search list depends on
 * which state it is given); aresolv's runs on a copy of the state.  Each
 * half writes into a copy of the answer buffer and the primary's is
 * copied back, so bytes neither half wrote stay the program's.  The
 * record is in aresolv-query's forms: the query with the state's
 * settings where they differ from what res_init makes, and the reply
 * printed as scripts/aresolv-query.c prints it (qfmt.c). */
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/aresolv.h"
#include "shim.h"

/* ---- the call ---- */

#define H_UNSET INT_MIN
#define NWORDS 7   /* aresolv-query's state options, in its header's order */
static const char *const word_names[NWORDS] = {
	"servers", "options", "retrans", "retry", "ndots", "search", "dnsrch",
};

struct res_half {
	struct __res_state *st;  /* glibc's: the program's; aresolv's: own */
	struct __res_state own;
	unsigned char *ans;      /* a copy of the program's buffer */
	int rc, herr, err, res_herr;
	const char *path;
	uint64_t us;
};

struct res_call {
	const struct res_req *r;
	int e0, h0;
	size_t size;             /* the buffers' */
	unsigned char *before;   /* the program's buffer before the call */
	char words[NWORDS][300]; /* the state's settings as aresolv-query's options */
	int given[NWORDS];
	int replay;
	struct res_half h[2];
	struct sockaddr_in6 *dup[MAXNS];   /* the copy's own IPv6 servers */
};

/* glibc's resolv-internal.h: _flags' bits for the TCP socket in _vcsock */
#define RES_F_VC 0x1
#define RES_F_CONN 0x2

/* A copy of the program's state that shares none of its sockets, its
 * search list in its own defdname where the program's is in its, and its
 * own copies of the IPv6 servers (dup): glibc's half may free the
 * program's while aresolv's half reads the copy (a resolv.conf change
 * makes glibc re-read it, freeing them). */
static void state_copy(struct __res_state *to, const struct __res_state *from,
                       struct sockaddr_in6 *dup[MAXNS])
{
	*to = *from;
	for (int i = 0; i < MAXDNSRCH + 1; i++)
		if (from->dnsrch[i] >= from->defdname &&
		    from->dnsrch[i] < from->defdname + sizeof from->defdname)
			to->dnsrch[i] = to->defdname + (from->dnsrch[i] - from->defdname);
	to->_vcsock = -1;
	to->_flags &= ~(unsigned)(RES_F_VC | RES_F_CONN);
	for (int i = 0; i < MAXNS; i++) {
		to->_u._ext.nssocks[i] = -1;
		dup[i] = NULL;
		if (from->_u._ext.nsaddrs[i] && (dup[i] = malloc(sizeof *dup[i])))
			memcpy(dup[i], from->_u._ext.nsaddrs[i], sizeof *dup[i]);
		to->_u._ext.nsaddrs[i] = dup[i];
	}
}

/* Closes the sockets opened in a copy and frees its server addresses:
 * dup's, or those glibc put in their place (having freed dup's) when a
 * call handed to libc re-read resolv.conf. */
static void state_drop(struct __res_state *st, struct sockaddr_in6 *dup[MAXNS])
{
	if (st->_vcsock >= 0)
		close(st->_vcsock);
	for (int i = 0; i < MAXNS; i++) {
		if (st->_u._ext.nssocks[i] >= 0)
			close(st->_u._ext.nssocks[i]);
		free(st->_u._ext.nsaddrs[i] == dup[i] ? dup[i] : st->_u._ext.nsaddrs[i]);
	}
}

/* The program's own call: the plain forms on the thread's _res. */
static int glibc_req(const struct res_req *r, struct __res_state *st, unsigned char *ans)
{
	if (!r->own)
		return r->q ? LIBC(res_send, NULL)(r->q, r->qlen, ans, r->anslen)
		       : r->kind == RES_K_QUERY
		       ? LIBC(res_query, NULL)(r->name, r->class, r->type, ans, r->anslen)
		       : r->kind == RES_K_SEARCH
		       ? LIBC(res_search, NULL)(r->name, r->class, r->type, ans, r->anslen)
		       : LIBC(res_querydomain, NULL)(r->name, r->domain, r->class, r->type, ans, r->anslen);
	if (r->q)
		return LIBC(res_nsend, st)(st, r->q, r->qlen, ans, r->anslen);
	switch (r->kind) {
	case RES_K_QUERY:
		return LIBC(res_nquery, st)(st, r->name, r->class, r->type, ans, r->anslen);
	case RES_K_SEARCH:
		return LIBC(res_nsearch, st)(st, r->name, r->class, r->type, ans, r->anslen);
	default:
		return LIBC(res_nquerydomain, st)(st, r->name, r->domain, r->class, r->type, ans,
		                              r->anslen);
	}
}

static int aresolv_req(const struct res_req *r, struct __res_state *st, unsigned char *ans)
{
	if (r->q)
		return resq_send(st, r->q, r->qlen, ans, r->anslen);
	switch (r->kind) {
	case RES_K_QUERY:
		return resq_query(st, r->name, r->class, r->type, ans, r->anslen);
	case RES_K_SEARCH:
		return resq_search(st, r->name, r->class, r->type, ans, r->anslen);
	default:
		return resq_querydomain(st, r->name, r->domain, r->class, r->type, ans, r->anslen);
	}
}

static void half_run(struct res_call *c, enum half i)
{
	struct res_half *h = &c->h[i];
	uint64_t t0 = ar_now_us();

	errno = 0;
	h_errno = H_UNSET;
	h->st->res_h_errno = H_UNSET;
	h->path = "libc";
	h->rc = i == ARESOLV ? aresolv_req(c->r, h->st, h->ans) : glibc_req(c->r, h->st, h->ans);
	h->res_herr = h->st->res_h_errno;
	if (i == ARESOLV && h->rc == AR_LIBC && refuse()) {
		h->path = "refused";
		h->res_herr = h->st->res_h_errno = h_errno = NO_RECOVERY;
		h->rc = -1;
		if (c->r->q)
			errno = EINVAL;
	} else if (i == ARESOLV && h->rc != AR_LIBC) {
		h->path = "dns";
	}
	h->herr = h_errno;
	HALF_END(h, h->path, t0);
}

static void res_glibc(void *p) { half_run(p, GLIBC); }
static void res_aresolv(void *p) { half_run(p, ARESOLV); }

/* ---- the query line ---- */

static int same_server(const struct __res_state *a, const struct __res_state *b, int i)
{
	const struct sockaddr_in6 *x = a->_u._ext.nsaddrs[i], *y = b->_u._ext.nsaddrs[i];

	/* the fields res_send reads: sin_zero may be left unwritten */
	if (a->nsaddr_list[i].sin_family || b->nsaddr_list[i].sin_family)
		return a->nsaddr_list[i].sin_family == b->nsaddr_list[i].sin_family &&
		       a->nsaddr_list[i].sin_port == b->nsaddr_list[i].sin_port &&
		       a->nsaddr_list[i].sin_addr.s_addr == b->nsaddr_list[i].sin_addr.s_addr;
	return x && y && !memcmp(&x->sin6_addr, &y->sin6_addr, 16) && x->sin6_port == y->sin6_port;
}

static void server_word(char *w, size_t size, const struct __res_state *st)
{
	size_t n = 0;

	*w = 0;
	for (int i = 0; i < st->nscount && i < MAXNS && n < size; i++) {
		char a[INET6_ADDRSTRLEN] = "?";
		const struct sockaddr_in *s4 = &st->nsaddr_list[i];
		const struct sockaddr_in6 *s6 = st->_u._ext.nsaddrs[i];
		if (s4->sin_family == AF_INET) {
			inet_ntop(AF_INET, &s4->sin_addr, a, sizeof a);
			n += (size_t)snprintf(w + n, size - n, "%s%s#%u", i ? "," : "", a,
			                      ntohs(s4->sin_port));
		} else if (s6) {
			inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof a);
			n += (size_t)snprintf(w + n, size - n, "%s[%s]#%u", i ? "," : "", a,
			                      ntohs(s6->sin6_port));
		}
	}
}

static void option_word(char *w, size_t size, unsigned long set, unsigned long clear)
{
	size_t n = 0;

	*w = 0;
	for (int pass = 0; pass < 2; pass++) {
		unsigned long bits = pass ? clear : set;
		for (const struct fmt_name *t = fmt_res_opts; t->n && n < size; t++)
			if (bits & (unsigned long)(unsigned)t->v) {
				n += (size_t)snprintf(w + n, size - n, "%s%c%s", n ? "," : "",
				                      pass ? '-' : '+', t->n);
				bits &= ~(unsigned long)(unsigned)t->v;
			}
		if (bits && n < size)
			n += (size_t)snprintf(w + n, size - n, "%s%c%#lx", n ? "," : "",
			                      pass ? '-' : '+', bits);
	}
}

static void search_word(char *w, size_t size, const struct __res_state *st)
{
	size_t n = 0;

	*w = 0;
	for (int i = 0; i < MAXDNSRCH && st->dnsrch[i] && n < size; i++)
		n += (size_t)snprintf(w + n, size - n, "%s%s", i ? "," : "", st->dnsrch[i]);
}

static int same_search(const struct __res_state *a, const struct __res_state *b)
{
	int i;

	for (i = 0; i < MAXDNSRCH && a->dnsrch[i] && b->dnsrch[i]; i++)
		if (strcmp(a->dnsrch[i], b->dnsrch[i]))
			return 0;
	return (i == MAXDNSRCH || !a->dnsrch[i]) == (i == MAXDNSRCH || !b->dnsrch[i]);
}

/* The state's settings where they differ from the state aresolv-query
 * starts from (one res_ninit makes; a zeroed one for uninit), as its
 * options set them. */
static void state_words(struct res_call *c, const struct __res_state *st, int uninit)
{
	struct __res_state ref;
	unsigned long set, clear;
	int i;

	memset(&ref, 0, sizeof ref);
	if (!uninit && rstate_libc_init(&ref) < 0)
		return;
	for (i = 0; i < ref.nscount && same_server(st, &ref, i); i++)
		;
	if (st->nscount != ref.nscount || i < ref.nscount)
		server_word(c->words[0], sizeof c->words[0], st), c->given[0] = 1;
	set = st->options & ~ref.options & ~(unsigned long)RES_INIT;
	clear = ref.options & ~st->options & ~(unsigned long)RES_INIT;
	if (set || clear)
		option_word(c->words[1], sizeof c->words[1], set, clear), c->given[1] = 1;
	if (st->retrans != ref.retrans)
		snprintf(c->words[2], sizeof c->words[2], "%d", st->retrans), c->given[2] = 1;
	if (st->retry != ref.retry)
		snprintf(c->words[3], sizeof c->words[3], "%d", st->retry), c->given[3] = 1;
	if (st->ndots != ref.ndots)
		snprintf(c->words[4], sizeof c->words[4], "%u", st->ndots), c->given[4] = 1;
	if (!same_search(st, &ref)) {
		/* glibc walks a list copied into defdname, or the program's own */
		int own = st->dnsrch[0] && (st->dnsrch[0] < st->defdname ||
		                            st->dnsrch[0] >= st->defdname + sizeof st->defdname);
		search_word(c->words[own ? 6 : 5], sizeof c->words[5], st);
		c->given[own ? 6 : 5] = 1;
	}
	if (!uninit)
		rstate_libc_close(&ref);
}

/* "res_query NAME TYPE [--class C] [--anslen N] [--state S] [settings]" */
static void put_query(FILE *f, struct res_call *c, const char *state)
{
	const struct res_req *r = c->r;
	char b[32], verb[64], *line = NULL;
	size_t n;
	FILE *o = open_memstream(&line, &n);
	const char *pos[3];
	int np = 0;

	if (!o)
		return;
	if (!r->q && r->class != C_IN)
		fprintf(o, " --class %s", table_word(fmt_rr_classes, r->class, b, sizeof b));
	if (r->anslen != 65536)
		fprintf(o, " --anslen %d", r->anslen);
	if (r->own && strcmp(state, "init"))
		fprintf(o, " --state %s", state);
	if (r->q) {
		fputs(" --query ", o);
		fmt_hex(o, r->q, (size_t)r->qlen);
	}
	for (int k = 0; k < NWORDS; k++)
		if (c->given[k]) {
			fprintf(o, " --%s ", word_names[k]);
			c->replay &= fmt_word(o, c->words[k]);
		}
	fclose(o);
	if (!r->q) {
		pos[np++] = r->name;
		if (r->kind == RES_K_QUERYDOMAIN)
			pos[np++] = r->domain;
		pos[np++] = table_word(fmt_rr_types, r->type, b, sizeof b);
	}
	snprintf(verb, sizeof verb, "query: %s", r->verb);
	c->replay &= fmt_line(f, verb, pos, np, line ? line : "");
	free(line);
}

static void put_header_line(FILE *f, const struct res_call *c, const char *state)
{
	const struct res_req *r = c->r;
	char b1[32], b2[32];

	fputs(r->verb, f);
	if (r->q) {
		fputs(" query=", f);
		fmt_hex(f, r->q, (size_t)r->qlen);
	} else {
		fputs(" name=", f);
		fmt_str(f, r->name);
		if (r->kind == RES_K_QUERYDOMAIN) {
			fputs(" domain=", f);
			fmt_str(f, r->domain);
		}
		fprintf(f, " class=%s type=%s", table_word(fmt_rr_classes, r->class, b1, sizeof b1),
		        table_word(fmt_rr_types, r->type, b2, sizeof b2));
	}
	fprintf(f, " anslen=%d state=%s", r->anslen, state);
	for (int k = 0; k < NWORDS; k++)
		if (c->given[k]) {
			fprintf(f, " %s=", word_names[k]);
			fmt_str(f, c->words[k]);
		}
	putc('\n', f);
}

static void put_outcome(FILE *f, const struct res_call *c, const struct res_half *h,
                        const char *state)
{
	put_header_line(f, c, state);
	fmt_res_ret(f, h->rc, h->herr, h->err, c->r->own, h->res_herr);
	if (c->r->ans)
		fmt_reply(f, h->ans, c->before, h->rc, c->r->anslen,
		          c->r->q && c->r->qlen >= 2 ? c->r->q : NULL);
}

static char *outcome_text(const struct res_call *c, const struct res_half *h, const char *state)
{
	char *text = NULL;
	size_t n;
	FILE *f = open_memstream(&text, &n);

	if (!f)
		return NULL;
	put_outcome(f, c, h, state);
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

/* glibc asked again, on its own, where the answers differ: a server that
 * answered two asks at once otherwise, or whose answer changed. */
static char *res_again(struct res_call *c, const char *state)
{
	struct res_half h = { .st = c->r->st, .ans = c->size ? malloc(c->size) : NULL };
	int saved = c->r->st->res_h_errno;
	char *text;

	if (c->size && !h.ans)
		return NULL;
	if (c->size)
		memcpy(h.ans, c->before, c->size);
	errno = 0;
	h_errno = c->r->st->res_h_errno = H_UNSET;
	h.rc = glibc_req(c->r, h.st, h.ans);
	h.err = errno;
	h.herr = h_errno;
	h.res_herr = c->r->st->res_h_errno;
	c->r->st->res_h_errno = saved;
	text = outcome_text(c, &h, state);
	free(h.ans);
	return text;
}

static void res_record(struct res_call *c, uint64_t us)
{
	const struct res_half *g = &c->h[0];
	const struct res_half *a = !strcmp(c->h[1].path, "libc") ? g : &c->h[1];
	const char *state = !c->r->own || c->r->st == &_res ? "res"
	                    : c->r->st->options & RES_INIT ? "init" : "uninit";
	char *gt, *at, *again = NULL;
	struct rec r;

	state_words(c, c->r->st, !strcmp(state, "uninit"));
	gt = outcome_text(c, g, state);
	at = outcome_text(c, a, state);
	if (gt && at && strcmp(gt, at))
		again = res_again(c, state);
	if (gt && at && shadow_rec_open(&r, c->r->fn, c->h[1].path, g->us, c->h[1].us, us)) {
		put_query(r.f, c, state);
		if (!c->replay)
			fputs("-noreplay\n", r.f);
		fprintf(r.f, "-glibc\n%s-aresolv\n%s", gt, at);
		if (again)
			fprintf(r.f, "-again\n%s", again);
		shadow_rec_close(&r);
	}
	free(gt);
	free(at);
	free(again);
}

/* Both halves of a res_* call; the primary's state, buffer, errno and
 * h_errno become the program's. */
int shadow_res(const struct res_req *r)
{
	struct res_call c = { .r = r, .e0 = errno, .h0 = h_errno, .replay = 1 };
	/* the program's buffer: anslen bytes; ours at least a header's, as
	 * glibc writes the rcode before it checks the length */
	size_t len = r->ans && r->anslen > 0 ? (size_t)r->anslen : 0;
	int p = shadow_primary(), res_herr0 = r->st->res_h_errno;
	uint64_t t0 = ar_now_us();

	c.size = !r->ans ? 0 : len > HFIXEDSZ ? len : HFIXEDSZ;
	c.before = c.size ? calloc(3, c.size) : NULL;
	if (c.size && !c.before) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(c.before, r->ans, len);
	state_copy(&c.h[1].own, r->st, c.dup);
	c.h[0].st = r->st;
	c.h[1].st = &c.h[1].own;
	for (int i = 0; i < 2; i++) {
		c.h[i].ans = c.size ? c.before + (size_t)(i + 1) * c.size : NULL;
		if (c.size)
			memcpy(c.h[i].ans, c.before, c.size);
	}
	/* glibc closes descriptor 0 through a never initialised state (its
	 * _vcsock is 0), which may be aresolv's socket by then: in turn */
	shadow_both(res_aresolv, res_glibc, &c, r->own && !(r->st->options & RES_INIT));
	res_record(&c, ar_now_us() - t0);
	if (!strcmp(c.h[1].path, "libc"))
		p = 0;   /* aresolv hands this one to libc: glibc's answer */
	memcpy(r->ans, c.h[p].ans, len);
	state_drop(&c.h[1].own, c.dup);
	r->st->res_h_errno = c.h[p].res_herr == H_UNSET ? res_herr0 : c.h[p].res_herr;
	free(c.before);
	h_errno = c.h[p].herr == H_UNSET ? c.h0 : c.h[p].herr;
	errno = c.h[p].err ? c.h[p].err : c.e0;
	return c.h[p].rc;
}
