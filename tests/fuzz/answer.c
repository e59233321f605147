/* answer: the input as a DNS reply, taken the way aresolv takes one.
 * Only src/ functions declared in its headers are called, and no c-ares
 * internal, so the harness builds against any c-ares version; no channel
 * is made and nothing is sent.
 *
 * 1. reply.c, as dns.c reads a reply (Debian 12's glibc 2.36 nss_dns:
 *    getanswer_r, getanswer_ptr, gaih_getanswer_slice and
 *    gaih_getanswer).  Each is checked against a model of that glibc
 *    code written here with libresolv's public calls (dn_expand,
 *    ns_samename, res_hnok: names compared and checked as text, where
 *    reply.c and glibc do it in wire form), and against invariants:
 *    - reply_status: res_query's rcode rules (as h_errno);
 *    - reply_hostent, qtype A and AAAA: a documented status; a success
 *      has a name and aliases that res_hnok takes, at least one address,
 *      each of the family asked and found in the reply's bytes; the
 *      name, aliases (in order, repeats kept) and addresses are the
 *      model's, and so is every status;
 *    - reply_pair, one reply of an AF_UNSPEC pair: a success added
 *      addresses, all of the question's type's family; canon is cleared
 *      exactly when an address was added, and then the name is set,
 *      printable and a host name; the pair as dns.c's read_pair reads
 *      it (replicated here) for the input with itself, alone, with its
 *      question's type switched between A and AAAA, in both orders: the
 *      model's gaih_getanswer status, addresses and canonical name;
 *    - reply_ptr into an answer holding the address asked, as
 *      dns_by_addr leaves it: the model's status and name, a host name.
 *    Every success is packed (hostent_pack, ai_pack) and every answer
 *    freed as dns.c frees it (answer_clear), failures included.
 * 2. udpreply.c, as sockets.c screens a datagram: a query with the
 *    input's ID is noted (udpreply_note), for the input's own question, for
 *    it in another case, for another type, for www.example.com, among
 *    other queries, forgotten, or under another ID; then the input goes
 *    through udpreply_accept, in a buffer with room to spare and in one of
 *    its own size.  The verdict must be glibc's send_dg's (see
 *    glibc_match): the ID, then a 12-byte SERVFAIL, NOTIMP or REFUSED
 *    without a question (Debian's fix), else libresolv's own
 *    res_queriesmatch run on the datagram in a zeroed buffer of glibc's
 *    MAXPACKET bytes, as send_dg reads into its buffer -- unless the
 *    query's question does not fit in the buffer.  An accepted datagram
 *    must have become its header (ID and flags kept, a lame reply made
 *    SERVFAIL) with QDCOUNT 1, no records and exactly the query's
 *    question, no longer than the buffer; udpreply_take must give back the
 *    bytes as they came (none for a truncated reply), once.  A dropped
 *    datagram is left as it came.  udpreply_clear frees the rest.  The
 *    input is also noted as a query itself, if it can be one.
 * LeakSanitizer checks that nothing is left behind. */
#include <ares.h>
#include <arpa/nameser.h>
#include <ctype.h>
#include <resolv.h>
#include <strings.h>
#include <sys/uio.h>

#include "fuzz.h"

/* libresolv's res_queriesmatch, res_nameinquery and ns_samename are
 * deprecated, but they are the very code glibc runs */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static int get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

/* ---- 1: reply.c ---- */

/* h_errno as glibc's __res_context_query leaves it for a reply. */
static FUZZ_NOCOV int rcode_herrno(const uint8_t *m, size_t n)
{
	if (n < HFIXEDSZ)
		return NO_RECOVERY;
	switch (m[3] & 0x0f) {
	case ns_r_noerror:
		return get16(m + 6) ? NETDB_SUCCESS : NO_DATA;
	case ns_r_nxdomain:
		return HOST_NOT_FOUND;
	case ns_r_servfail:
		return TRY_AGAIN;
	default:
		return NO_RECOVERY;
	}
}

static void check_status(const uint8_t *m, size_t n)
{
	int st = reply_status(m, (int)n);

	FUZZ_CHECK(st == ARES_SUCCESS || st == ARES_ENODATA || st == ARES_ENOTFOUND ||
	           st == ARES_ESERVFAIL || st == ARES_EFORMERR || st == ARES_EBADRESP,
	           "reply_status: %d", st);
	FUZZ_CHECK(herrno_from_ares(st) == rcode_herrno(m, n),
	           "reply_status: %d is h_errno %d, res_query's is %d", st,
	           herrno_from_ares(st), rcode_herrno(m, n));
}

/* -- the model: glibc 2.36's nss_dns, names as text -- */

#define TXT (MAXDNAME + 1)

struct walk {
	const uint8_t *m, *end, *cur;
	char qname[TXT];
	int qtype, ancount;
};

struct rec {
	char owner[TXT];
	int type, class, len;
	const uint8_t *rdata;
};

/* A name as nss_dns prints it (ns_name_ntop): dn_expand's text, but the
 * root is ".". */
static FUZZ_NOCOV const char *printed(const char *t)
{
	return *t ? t : ".";
}

/* __ns_rr_cursor_init: QDCOUNT 1, the question's name uncompressed (no
 * pointer, labels of 63 at most, 255 bytes at most), type and class. */
static FUZZ_NOCOV int walk_init(struct walk *w, const uint8_t *m, size_t n)
{
	const uint8_t *p = m + HFIXEDSZ, *end = m + n;

	if (n < HFIXEDSZ || get16(m + 4) != 1)
		return 0;
	for (;;) {
		if (p >= end)
			return 0;
		if (!*p)
			break;
		if (*p > 63 || end - p <= *p)
			return 0;
		p += 1 + *p;
	}
	p++;
	if (p - (m + HFIXEDSZ) > NS_MAXCDNAME || end - p < QFIXEDSZ)
		return 0;
	FUZZ_CHECK(dn_expand(m, end, m + HFIXEDSZ, w->qname, TXT) == p - (m + HFIXEDSZ),
	           "model: dn_expand refuses an uncompressed question name");
	w->m = m;
	w->end = end;
	w->qtype = get16(p);
	w->cur = p + QFIXEDSZ;
	w->ancount = get16(m + 6);
	return 1;
}

/* __ns_rr_cursor_next: 0 when the record does not parse. */
static FUZZ_NOCOV int walk_next(struct walk *w, struct rec *r)
{
	int k = dn_expand(w->m, w->end, w->cur, r->owner, TXT);

	if (k < 0 || w->end - (w->cur + k) < 10)
		return 0;
	w->cur += k;
	r->type = get16(w->cur);
	r->class = get16(w->cur + 2);
	r->len = get16(w->cur + 8);
	w->cur += 10;
	if (w->end - w->cur < r->len)
		return 0;
	r->rdata = w->cur;
	w->cur += r->len;
	return 1;
}

static FUZZ_NOCOV int addr_len(int type)
{
	return type == ns_t_a ? 4 : type == ns_t_aaaa ? 16 : -1;
}

/* What glibc makes of one reply: an ARES_* status as reply.c says it,
 * the names (getanswer_r's aliases list, h_name last), the canonical
 * name (gaih_getanswer's first tuple's, getanswer_ptr's h_name) and the
 * addresses. */
struct model {
	int st;
	char **names;
	size_t nnames;
	char *name;
	size_t naddrs, cap;
	struct ar_addr *addrs;
};

static FUZZ_NOCOV void model_init(struct model *g, size_t n)
{
	/* a record takes 11 bytes at least */
	g->cap = n / 11 + 2;
	g->names = calloc(g->cap, sizeof *g->names);
	g->addrs = calloc(g->cap, sizeof *g->addrs);
	FUZZ_CHECK(g->names && g->addrs, "model: calloc");
	g->nnames = g->naddrs = 0;
	g->name = NULL;
	g->st = -1;
}

static FUZZ_NOCOV void model_free(struct model *g)
{
	for (size_t i = 0; i < g->nnames; i++)
		free(g->names[i]);
	free(g->names);
	free(g->addrs);
	free(g->name);
}

static FUZZ_NOCOV void model_name(struct model *g, const char *t)
{
	FUZZ_CHECK(g->nnames < g->cap, "model: %zu names", g->nnames);
	g->names[g->nnames++] = strdup(printed(t));
}

static FUZZ_NOCOV void model_addr(struct model *g, int len, const uint8_t *bytes)
{
	FUZZ_CHECK(g->naddrs < g->cap, "model: %zu addresses", g->naddrs);
	g->addrs[g->naddrs] = (struct ar_addr){ .family = len == 4 ? AF_INET : AF_INET6 };
	memcpy(g->addrs[g->naddrs++].bytes, bytes, (size_t)len);
}

/* getanswer_r, for gethostbyname2 and getaddrinfo with one family. */
static FUZZ_NOCOV void glibc_hostent(const uint8_t *m, size_t n, int qtype, struct model *g)
{
	char expected[TXT], t[TXT];
	struct walk w;
	struct rec r;

	if (!walk_init(&w, m, n)) {
		g->st = ARES_EBADRESP;
		return;
	}
	if ((m[3] & 0x0f) == ns_r_nxdomain || !res_hnok(w.qname)) {
		g->st = ARES_ENOTFOUND;
		return;
	}
	model_name(g, w.qname);
	strcpy(expected, w.qname);
	for (; w.ancount > 0; w.ancount--) {
		if (!walk_next(&w, &r)) {
			g->st = ARES_EBADRESP;
			return;
		}
		if (r.class != ns_c_in)
			continue;
		if (r.type == ns_t_cname) {
			if (dn_expand(m, m + n, r.rdata, t, TXT) < 0) {
				g->st = ARES_EBADRESP;
				return;
			}
			if (res_hnok(t))
				model_name(g, t);
			strcpy(expected, t);
		} else if (r.type == qtype && ns_samename(r.owner, expected) == 1 &&
		           r.len == addr_len(qtype)) {
			model_addr(g, r.len, r.rdata);
		}
	}
	g->st = g->naddrs ? ARES_SUCCESS : AR_ENOADDR;
}

/* gaih_getanswer_slice: one reply of getaddrinfo's AF_UNSPEC pair. */
static FUZZ_NOCOV int glibc_slice(const uint8_t *m, size_t n, int store_canon, struct model *g)
{
	char expected[TXT], alias[TXT], t[TXT];
	int have = 0;
	struct walk w;
	struct rec r;

	if (!walk_init(&w, m, n))
		return ARES_EBADRESP;
	if (!w.ancount || !res_hnok(w.qname))
		return ARES_ENOTFOUND;
	strcpy(expected, w.qname);
	strcpy(alias, w.qname);
	for (; w.ancount > 0; w.ancount--) {
		if (!walk_next(&w, &r))
			return ARES_EBADRESP;
		if (r.type == ns_t_cname) {
			if (dn_expand(m, m + n, r.rdata, t, TXT) < 0)
				return ARES_EBADRESP;
			strcpy(expected, t);
			if (store_canon && res_hnok(t))
				strcpy(alias, t);
		} else if (r.type == w.qtype && ns_samename(r.owner, expected) == 1 &&
		           r.len == addr_len(w.qtype)) {
			if (store_canon) {
				free(g->name);
				g->name = strdup(printed(alias));
				store_canon = 0;
			}
			model_addr(g, r.len, r.rdata);
			have = 1;
		}
	}
	return have ? ARES_SUCCESS : ARES_ENOTFOUND;
}

/* gaih_getanswer: the A reply, then the AAAA reply (NULL: none). */
static FUZZ_NOCOV void glibc_pair(const uint8_t *m1, size_t n1, const uint8_t *m2, size_t n2,
                                  struct model *g)
{
	int st = ARES_ENOTFOUND, st2;

	if (m1)
		st = glibc_slice(m1, n1, 1, g);
	if ((st == ARES_SUCCESS || st == ARES_ENOTFOUND) && m2) {
		st2 = glibc_slice(m2, n2, st != ARES_SUCCESS, g);
		if (st != ARES_SUCCESS && st2 != ARES_ENOTFOUND)
			st = st2;
	}
	g->st = st;
}

/* getanswer_ptr, for gethostbyaddr and getnameinfo. */
static FUZZ_NOCOV void glibc_ptr(const uint8_t *m, size_t n, struct model *g)
{
	char expected[TXT], t[TXT];
	struct walk w;
	struct rec r;

	if (!walk_init(&w, m, n)) {
		g->st = ARES_EBADRESP;
		return;
	}
	strcpy(expected, w.qname);
	for (; w.ancount > 0; w.ancount--) {
		if (!walk_next(&w, &r)) {
			g->st = ARES_EBADRESP;
			return;
		}
		if (r.class != ns_c_in)
			continue;
		if (r.type == ns_t_cname) {
			if (dn_expand(m, m + n, r.rdata, t, TXT) < 0) {
				g->st = ARES_EBADRESP;
				return;
			}
			strcpy(expected, t);
		} else if (r.type == ns_t_ptr && ns_samename(r.owner, expected) == 1) {
			if (dn_expand(m, m + n, r.rdata, t, TXT) < 0 || !res_hnok(t)) {
				g->st = ARES_EBADRESP;
				return;
			}
			g->name = strdup(printed(t));
			g->st = ARES_SUCCESS;
			return;
		}
	}
	g->st = AR_ENOADDR;
}

/* -- reply.c against the model -- */

/* a printable host name, as res_hnok takes it and nss_dns prints it */
static FUZZ_NOCOV int host_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!s || n > 254)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isprint((unsigned char)s[i]))
			return 0;
	return res_hnok(s);
}

static const char *status_name(int st)
{
	switch (st) {
	case ARES_SUCCESS: return "SUCCESS";
	case ARES_ENOTFOUND: return "ENOTFOUND";
	case ARES_EBADRESP: return "EBADRESP";
	case ARES_ENOMEM: return "ENOMEM";
	case AR_ENOADDR: return "AR_ENOADDR";
	default: return "?";
	}
}

/* Addresses [from, a->naddrs) of the answer: in the reply, each of a
 * family allowed (fam4, fam6), no scope. */
static void check_addrs(const char *what, const struct ar_answer *a, size_t from,
                        const uint8_t *m, size_t n, int fam4, int fam6)
{
	FUZZ_CHECK(a->naddrs <= AR_MAXADDRS && a->naddrs <= a->cap, "%s: %zu addresses", what,
	           a->naddrs);
	for (size_t i = from; i < a->naddrs; i++) {
		const struct ar_addr *d = &a->addrs[i];
		size_t alen = d->family == AF_INET ? 4 : 16;
		FUZZ_CHECK((fam4 && d->family == AF_INET) || (fam6 && d->family == AF_INET6),
		           "%s: address %zu of family %d", what, i, d->family);
		FUZZ_CHECK(d->scope == 0, "%s: address %zu has scope %u", what, i, (unsigned)d->scope);
		FUZZ_CHECK(memmem(m, n, d->bytes, alen), "%s: address %zu is not in the reply", what,
		           i);
	}
}

/* The answer's addresses are the model's. */
static void same_addrs(const char *what, const struct ar_answer *a, const struct model *g)
{
	FUZZ_CHECK(a->naddrs == g->naddrs, "%s: %zu addresses, glibc's %zu", what, a->naddrs,
	           g->naddrs);
	for (size_t i = 0; i < a->naddrs; i++)
		FUZZ_CHECK(a->addrs[i].family == g->addrs[i].family &&
		           !memcmp(a->addrs[i].bytes, g->addrs[i].bytes,
		                   a->addrs[i].family == AF_INET ? 4 : 16),
		           "%s: address %zu is not glibc's", what, i);
}

static void same_status(const char *what, int st, const struct model *g)
{
	FUZZ_CHECK(st == g->st, "%s: %s (%d), glibc's %s (%d)", what, status_name(st), st,
	           status_name(g->st), g->st);
}

/* reply_hostent, as gethostbyname2 (qtype A, AAAA) reads a reply */
static void hostent(const uint8_t *m, size_t n, int qtype)
{
	const char *what = qtype == ns_t_a ? "reply_hostent A" : "reply_hostent AAAA";
	struct ar_answer a;
	struct model g;
	int st;

	answer_init(&a);
	st = reply_hostent(m, (int)n, qtype, &a);
	FUZZ_CHECK(st == ARES_SUCCESS || st == ARES_ENOTFOUND || st == ARES_EBADRESP ||
	           st == AR_ENOADDR || st == ARES_ENOMEM,
	           "%s: status %d", what, st);
	FUZZ_CHECK(!a.aliases || !a.aliases[a.naliases], "%s: aliases not ended", what);
	check_addrs(what, &a, 0, m, n, qtype == ns_t_a, qtype == ns_t_aaaa);
	if (st == ARES_SUCCESS) {
		FUZZ_CHECK(a.name && host_name(a.name), "%s: name refused by res_hnok", what);
		FUZZ_CHECK(a.naddrs > 0, "%s: success without an address", what);
		for (size_t i = 0; i < a.naliases; i++)
			FUZZ_CHECK(a.aliases[i] && host_name(a.aliases[i]),
			           "%s: alias %zu refused by res_hnok", what, i);
		FUZZ_CHECK(n >= HFIXEDSZ && get16(m + 4) == 1 && get16(m + 6) > 0 &&
		           (m[3] & 0x0f) != ns_r_nxdomain,
		           "%s: success from a reply without a question or an answer, or NXDOMAIN", what);
	} else {
		FUZZ_CHECK(!a.name, "%s: %s with a name", what, status_name(st));
		if (st == ARES_ENOTFOUND || st == AR_ENOADDR)
			FUZZ_CHECK(!a.naddrs, "%s: %s with %zu addresses", what, status_name(st), a.naddrs);
	}

	model_init(&g, n);
	glibc_hostent(m, n, qtype, &g);
	if (st != ARES_ENOMEM) {
		same_status(what, st, &g);
		if (st == ARES_SUCCESS) {
			same_addrs(what, &a, &g);
			FUZZ_CHECK(a.naliases + 1 == g.nnames, "%s: %zu aliases, glibc's %zu", what,
			           a.naliases, g.nnames - 1);
			for (size_t i = 0; i < a.naliases; i++)
				FUZZ_CHECK(!strcmp(a.aliases[i], g.names[i]), "%s: alias %zu is not glibc's",
				           what, i);
			if (strcmp(a.name, g.names[g.nnames - 1])) {
				fuzz_print("name", a.name);
				fuzz_print("glibc's", g.names[g.nnames - 1]);
				FUZZ_CHECK(0, "%s: the name is not glibc's", what);
			}
		}
	}
	model_free(&g);
	if (st == ARES_SUCCESS)
		fuzz_pack(&a, qtype == ns_t_aaaa);
	answer_clear(&a);   /* as by_search does, failures included */
}

/* One reply_pair call on a, with the invariants of one slice. */
static int pair_slice(const uint8_t *m, size_t n, struct ar_answer *a, int *canon)
{
	size_t before = a->naddrs;
	const char *name = a->name;
	int was = *canon, st, qtype = -1;

	st = reply_pair(m, (int)n, a, canon);
	FUZZ_CHECK(st == ARES_SUCCESS || st == ARES_ENOTFOUND || st == ARES_EBADRESP ||
	           st == ARES_ENOMEM,
	           "reply_pair: status %d", st);
	FUZZ_CHECK(a->naddrs >= before, "reply_pair: addresses lost");
	FUZZ_CHECK(!a->naliases && !a->aliases, "reply_pair: aliases");
	if (a->naddrs > before) {
		/* the question's type says the family */
		int k = dn_skipname(m + HFIXEDSZ, m + n);
		FUZZ_CHECK(n >= HFIXEDSZ && k > 0 && (size_t)(HFIXEDSZ + k + QFIXEDSZ) <= n,
		           "reply_pair: addresses from a reply without a question");
		qtype = get16(m + HFIXEDSZ + k);
	}
	check_addrs("reply_pair", a, before, m, n, qtype == ns_t_a, qtype == ns_t_aaaa);
	if (st == ARES_SUCCESS)
		FUZZ_CHECK(a->naddrs > before, "reply_pair: success without an address");
	if (st == ARES_ENOTFOUND)
		FUZZ_CHECK(a->naddrs == before, "reply_pair: ENOTFOUND with addresses");
	if (!was) {
		FUZZ_CHECK(!*canon && a->name == name, "reply_pair: canon set, or the name changed");
	} else if (*canon) {
		FUZZ_CHECK(a->naddrs == before && a->name == name,
		           "reply_pair: canon still set, with an address or another name");
	} else {
		FUZZ_CHECK(a->naddrs > before, "reply_pair: canon cleared without an address");
		FUZZ_CHECK(!a->name || host_name(a->name), "reply_pair: the name is no host name");
	}
	return st;
}

/* dns.c's read_pair, replicated: the A reply (m1; NULL: none) first,
 * then the AAAA reply (m2) when the first has an answer or none; its
 * status counts when the first found nothing and it found something,
 * or failed. */
static int read_pair(const uint8_t *m1, size_t n1, const uint8_t *m2, size_t n2,
                     struct ar_answer *a)
{
	int canon = 1, st = ARES_ENOTFOUND, st2;

	if (m1)
		st = pair_slice(m1, n1, a, &canon);
	if (st == ARES_ENOMEM || (st != ARES_SUCCESS && st != ARES_ENOTFOUND) || !m2)
		return st;
	st2 = pair_slice(m2, n2, a, &canon);
	if (st2 == ARES_ENOMEM || (st != ARES_SUCCESS && st2 != ARES_ENOTFOUND))
		st = st2;
	return st;
}

static void pair(const char *what, const uint8_t *m1, size_t n1, const uint8_t *m2, size_t n2)
{
	struct ar_answer a;
	struct model g;
	int st;

	answer_init(&a);
	st = read_pair(m1, n1, m2, n2, &a);
	model_init(&g, n1 + n2);
	glibc_pair(m1, n1, m2, n2, &g);
	if (st != ARES_ENOMEM) {
		same_status(what, st, &g);
		if (st == ARES_SUCCESS) {
			FUZZ_CHECK(a.naddrs > 0, "%s: success without an address", what);
			same_addrs(what, &a, &g);
			FUZZ_CHECK(g.name, "model: %s: no canonical name", what);
			if (!a.name || strcmp(a.name, g.name)) {
				fuzz_print("name", a.name ? a.name : "(null)");
				fuzz_print("glibc's", g.name);
				FUZZ_CHECK(0, "%s: the canonical name is not glibc's", what);
			}
			fuzz_pack(&a, 1);
		}
	}
	model_free(&g);
	answer_clear(&a);   /* as dns.c does, failures included */
}

/* The reply as both of an AF_UNSPEC pair, and beside a copy of it whose
 * question asks the other type (A and AAAA swapped). */
static void pairs(const uint8_t *m, size_t n)
{
	uint8_t *flip = NULL;
	int k = n >= HFIXEDSZ ? dn_skipname(m + HFIXEDSZ, m + n) : -1;

	pair("pair A, AAAA", m, n, m, n);
	pair("pair A alone", m, n, NULL, 0);
	pair("pair AAAA alone", NULL, 0, m, n);
	if (k > 0 && (size_t)(HFIXEDSZ + k + QFIXEDSZ) <= n) {
		size_t at = HFIXEDSZ + (size_t)k;
		int t = get16(m + at);
		if (t == ns_t_a || t == ns_t_aaaa) {
			flip = malloc(n);
			FUZZ_CHECK(flip, "malloc");
			memcpy(flip, m, n);
			flip[at] = 0;
			flip[at + 1] = t == ns_t_a ? ns_t_aaaa : ns_t_a;
			pair("pair, then its other type", m, n, flip, n);
			pair("pair, after its other type", flip, n, m, n);
			free(flip);
		}
	}
}

static void ptr(const uint8_t *m, size_t n, int family)
{
	static const unsigned char v4[4] = { 192, 0, 2, 1 };
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	const unsigned char *bytes = family == AF_INET ? v4 : v6;
	struct ar_answer a;
	struct model g;
	int st;

	answer_init(&a);
	FUZZ_CHECK(!answer_add_addr(&a, family, bytes), "answer_add_addr");   /* as by_addr */
	st = reply_ptr(m, (int)n, &a);
	FUZZ_CHECK(st == ARES_SUCCESS || st == ARES_EBADRESP || st == AR_ENOADDR ||
	           st == ARES_ENOMEM,
	           "reply_ptr: status %d", st);
	FUZZ_CHECK(a.naddrs == 1 && a.addrs[0].family == family &&
	           !memcmp(a.addrs[0].bytes, bytes, family == AF_INET ? 4 : 16),
	           "reply_ptr: the address asked changed");
	FUZZ_CHECK(!a.naliases && !a.aliases, "reply_ptr: %zu aliases", a.naliases);
	if (st == ARES_SUCCESS) {
		FUZZ_CHECK(a.name && host_name(a.name), "reply_ptr: name refused by res_hnok");
		FUZZ_CHECK(n >= HFIXEDSZ && get16(m + 4) == 1 && get16(m + 6) > 0,
		           "reply_ptr: success from a reply without a question or an answer");
	} else {
		FUZZ_CHECK(!a.name, "reply_ptr: %s with a name", status_name(st));
	}
	model_init(&g, n);
	glibc_ptr(m, n, &g);
	if (st != ARES_ENOMEM) {
		same_status("reply_ptr", st, &g);
		if (st == ARES_SUCCESS && strcmp(a.name, g.name)) {
			fuzz_print("name", a.name);
			fuzz_print("glibc's", g.name);
			FUZZ_CHECK(0, "reply_ptr: the name is not glibc's");
		}
	}
	model_free(&g);
	if (st == ARES_SUCCESS)
		fuzz_pack(&a, 0);
	answer_clear(&a);
}

/* ---- 2: udpreply.c ---- */

struct query {
	unsigned char b[HFIXEDSZ + MAXCDNAME + QFIXEDSZ];
	int len;
};

/* A query as dns.c's make_query makes it (RD, one question, no
 * compression), or -1 when name cannot be one. */
static FUZZ_NOCOV int make_query(struct query *q, unsigned id, const char *name, int type,
                                 int class)
{
	static const unsigned char header[HFIXEDSZ] = { 0, 0, 0x01, 0, 0, 1 };
	int n;

	memcpy(q->b, header, HFIXEDSZ);
	q->b[0] = (unsigned char)(id >> 8);
	q->b[1] = (unsigned char)id;
	n = dn_comp(name, q->b + HFIXEDSZ, MAXCDNAME, NULL, NULL);
	if (n < 0)
		return q->len = -1;
	n += HFIXEDSZ;
	q->b[n++] = (unsigned char)(type >> 8);
	q->b[n++] = (unsigned char)type;
	q->b[n++] = (unsigned char)(class >> 8);
	q->b[n++] = (unsigned char)class;
	return q->len = n;
}

/* The datagram as send_dg has it: read into a buffer of MAXPACKET bytes
 * (glibc's, whenever a reply may not fit the caller's), the rest of
 * which is taken as zeros here.  res_queriesmatch reads the question up
 * to the buffer's end, not the datagram's. */
enum { MAXPACKET = 65536 };
static uint8_t padded[MAXPACKET];

/* glibc's send_dg takes a datagram whose ID is the query's, when it is a
 * 12-byte SERVFAIL, NOTIMP or REFUSED without a question (Debian 12's
 * fix) or when res_queriesmatch (libresolv's) is not 0 on it, read as it
 * is in send_dg's buffer (padded).  Its res_nameinquery says -1 for a
 * question that does not read there (a name that does not expand, type
 * and class past the buffer), which res_queriesmatch counts as a match.
 * Returns 0 (dropped), 1 (taken, the question is the query's), -1
 * (taken, the question does not read) or 2 (taken, the 12-byte rule).
 * A datagram shorter than a header is no reply (glibc's send_dg fails
 * the query). */
static FUZZ_NOCOV int glibc_match(const struct query *q, const uint8_t *m, size_t n)
{
	char qname[MAXDNAME + 1];
	int k, rcode = n >= HFIXEDSZ ? m[3] & 0x0f : -1;

	if (n < HFIXEDSZ || memcmp(q->b, m, 2))
		return 0;
	if (n == HFIXEDSZ && !get16(m + 4) &&
	    (rcode == ns_r_servfail || rcode == ns_r_notimpl || rcode == ns_r_refused))
		return 2;
	FUZZ_CHECK(!memcmp(padded, m, n), "the harness's padded copy");
	k = res_queriesmatch(q->b, q->b + q->len, padded, padded + MAXPACKET);
	FUZZ_CHECK(k == 0 || k == 1, "res_queriesmatch: %d on the harness's query", k);
	if (!k)
		return 0;
	k = dn_expand(q->b, q->b + q->len, q->b + HFIXEDSZ, qname, sizeof qname);
	FUZZ_CHECK(k > 0 && HFIXEDSZ + k + QFIXEDSZ == q->len, "the harness's query");
	k = res_nameinquery(qname, get16(q->b + q->len - 4), get16(q->b + q->len - 2), padded,
	                    padded + MAXPACKET);
	FUZZ_CHECK(k, "res_queriesmatch and res_nameinquery disagree");
	return k < 0 ? -1 : 1;
}

static int lame(const uint8_t *m)
{
	return (m[3] & 0x0f) == ns_r_noerror && !get16(m + 6) && !(m[2] & 0x04) &&
	       !(m[3] & 0x80) && !get16(m + 10);
}

enum { NOTED, FORGOTTEN };

/* Notes q on a fresh ar_socks, with others around it (decoys: how many
 * other IDs before it; after: FORGOTTEN pushes it out), split in two
 * iovecs at split; then the input, in a buffer of cap bytes, goes through
 * udpreply_accept (twice with again). */
static void screen(const char *what, const struct query *q, const uint8_t *m, size_t n,
                   size_t cap, int decoys, int after, size_t split, int again)
{
	struct ar_socks ss;
	struct query other;
	unsigned id = (unsigned)get16(q->b);
	struct iovec iov[2];
	int match, want, len = -1;
	long r = -1;

	memset(&ss, 0, sizeof ss);
	for (int i = 0; i < decoys; i++) {
		make_query(&other, id + 1 + (unsigned)i, "decoy.example", ns_t_a, ns_c_in);
		iov[0] = (struct iovec){ other.b, (size_t)other.len };
		udpreply_note(&ss, iov, 1);
	}
	split = split % ((size_t)q->len + 1);
	iov[0] = (struct iovec){ (void *)q->b, split };
	iov[1] = (struct iovec){ (void *)(q->b + split), (size_t)q->len - split };
	udpreply_note(&ss, iov, 2);
	/* the same ID again (c-ares sending to the next server): no change */
	make_query(&other, id, "again.example", ns_t_aaaa, ns_c_in);
	iov[0] = (struct iovec){ other.b, (size_t)other.len };
	udpreply_note(&ss, iov, 1);
	if (after == FORGOTTEN)
		for (int i = 0; i < AR_MAXSENT; i++) {
			make_query(&other, id + 0x100 + (unsigned)i, "later.example", ns_t_a, ns_c_in);
			iov[0] = (struct iovec){ other.b, (size_t)other.len };
			udpreply_note(&ss, iov, 1);
		}
	match = after == NOTED ? glibc_match(q, m, n) : 0;
	want = match && (size_t)q->len <= cap;

	for (int round = 0; round <= again; round++) {
		/* exactly cap bytes, so that ASan sees a write past it */
		unsigned char *buf = malloc(cap ? cap : 1);
		FUZZ_CHECK(buf, "malloc");
		memcpy(buf, m, n);
		r = udpreply_accept(&ss, buf, n, cap);
		FUZZ_CHECK((r >= 0) == want,
		           "%s: udpreply_accept %ld, glibc would %s it (match %d; %zu bytes, "
		           "cap %zu, query %d bytes)",
		           what, r, want ? "take" : "drop", match, n, cap, q->len);
		if (r < 0) {
			FUZZ_CHECK(r == -1, "%s: udpreply_accept %ld", what, r);
			FUZZ_CHECK(!memcmp(buf, m, n), "%s: a dropped datagram was changed", what);
		} else {
			FUZZ_CHECK((size_t)r <= cap && r == q->len,
			           "%s: udpreply_accept %ld, cap %zu, question ends at %d", what, r, cap, q->len);
			FUZZ_CHECK(buf[0] == m[0] && buf[1] == m[1] && buf[2] == m[2],
			           "%s: ID or flags changed", what);
			FUZZ_CHECK(buf[3] == (lame(m) ? (m[3] & 0xf0) | ns_r_servfail : m[3]),
			           "%s: rcode byte %#x from %#x", what, buf[3], m[3]);
			FUZZ_CHECK(!memcmp(buf + 4, "\0\1\0\0\0\0\0\0", 8), "%s: counts not 1, 0, 0, 0",
			           what);
			FUZZ_CHECK(!memcmp(buf + HFIXEDSZ, q->b + HFIXEDSZ, (size_t)q->len - HFIXEDSZ),
			           "%s: not the query's question", what);
		}
		free(buf);
	}

	/* the query's ID: the datagram's, if it was accepted */
	unsigned char *kept = udpreply_take(&ss, id, &len);
	if (r >= 0 && !(m[2] & 0x02)) {
		FUZZ_CHECK(kept, "%s: the accepted reply is not kept", what);
		FUZZ_CHECK(len >= 0 && (size_t)len == n && !memcmp(kept, m, n),
		           "%s: udpreply_take gave %d bytes, not the %zu that came", what, len, n);
	} else {
		FUZZ_CHECK(!kept, "%s: udpreply_take gave %d bytes (%s)", what, len,
		           r >= 0 ? "truncated reply" : "dropped datagram");
	}
	free(kept);
	if (r >= 0) {
		kept = udpreply_take(&ss, id, &len);
		FUZZ_CHECK(!kept, "%s: the reply taken twice", what);
	}
	udpreply_clear(&ss);
	for (int i = 0; i < AR_MAXSENT; i++)
		FUZZ_CHECK(!ss.sent[i].qlen && !ss.sent[i].reply, "%s: udpreply_clear left slot %d", what, i);
}

/* The input itself sent as a query, in three pieces: noted when it could
 * be one (a header with QDCOUNT 1 and something after the question's
 * fixed part, no longer than a slot), else not. */
static void note_input(const uint8_t *m, size_t n)
{
	struct ar_socks ss;
	size_t a = n / 3, b = n / 2;
	struct iovec iov[3] = { { (void *)m, a }, { (void *)(m + a), b - a }, { (void *)(m + b), n - b } };
	int noted = n >= HFIXEDSZ + QFIXEDSZ + 1 && n <= sizeof ss.sent[0].q && get16(m + 4) == 1;

	memset(&ss, 0, sizeof ss);
	udpreply_note(&ss, iov, 3);
	FUZZ_CHECK(noted ? ss.sent[0].qlen == n && ss.sent[0].id == get16(m) && !memcmp(ss.sent[0].q, m, n)
	                 : !ss.sent[0].qlen,
	           "udpreply_note: %zu bytes %snoted as %u", n, noted ? "not " : "", ss.sent[0].qlen);
	for (int i = 1; i < AR_MAXSENT; i++)
		FUZZ_CHECK(!ss.sent[i].qlen, "udpreply_note: slot %d taken", i);
	udpreply_clear(&ss);
}

/* The input's own question as text, type and class, read as glibc reads
 * it in send_dg's buffer (padded; www.example.com A IN when it has none
 * that expands there); 1 if it was the input's. */
static FUZZ_NOCOV int own_question(size_t n, char name[MAXDNAME + 1], int *type, int *class)
{
	int k = n >= HFIXEDSZ ? dn_expand(padded, padded + MAXPACKET, padded + HFIXEDSZ, name,
	                                  MAXDNAME + 1)
	                      : -1;

	if (k < 0) {
		strcpy(name, "www.example.com");
		*type = ns_t_a;
		*class = ns_c_in;
		return 0;
	}
	*type = get16(padded + HFIXEDSZ + k);
	*class = get16(padded + HFIXEDSZ + k + 2);
	return 1;
}

static void udp(const uint8_t *m, size_t n)
{
	char name[MAXDNAME + 1];
	struct query q;
	unsigned id = n >= 2 ? (unsigned)get16(m) : 0;
	int type, class, own = own_question(n, name, &type, &class);
	size_t roomy = n + sizeof q.b, split = n ? m[n - 1] : 0;

	if (make_query(&q, id, name, type, class) < 0) {
		own = 0;
		make_query(&q, id, "www.example.com", ns_t_a, ns_c_in);
	}
	screen("own question", &q, m, n, roomy, 0, NOTED, split, 1);
	/* a check of the harness: glibc finds the query made of the
	 * datagram's question its match */
	if (own && get16(m + 4) == 1)
		FUZZ_CHECK(glibc_match(&q, m, n) == 1, "res_queriesmatch refuses the reply's own question");
	screen("own question, buffer of the datagram's size", &q, m, n, n, 0, NOTED, split + 5, 0);
	screen("own question, among others", &q, m, n, roomy, AR_MAXSENT - 1, NOTED, 0, 0);
	screen("own question, forgotten", &q, m, n, roomy, 1, FORGOTTEN, split, 0);

	/* the name in the other case: still the reply (res_queriesmatch) */
	for (char *p = name; *p; p++)
		if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
			*p ^= 0x20;
	if (make_query(&q, id, name, type, class) >= 0)
		screen("own question, other case", &q, m, n, roomy, 1, NOTED, split + 1, 0);
	if (make_query(&q, id, name, type ^ 1, class) >= 0)
		screen("own question, other type", &q, m, n, roomy, 0, NOTED, 0, 0);
	if (make_query(&q, id ^ 0x8000, name, type, class) >= 0)
		screen("own question, other ID", &q, m, n, roomy, 0, NOTED, 0, 0);
	make_query(&q, id, "www.example.com", ns_t_a, ns_c_in);
	screen("www.example.com A", &q, m, n, roomy, 2, NOTED, split, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65535)
		return 0;
	check_status(data, size);
	hostent(data, size, ns_t_a);
	hostent(data, size, ns_t_aaaa);
	pairs(data, size);
	ptr(data, size, AF_INET);
	ptr(data, size, AF_INET6);
	memcpy(padded, data, size);
	udp(data, size);
	memset(padded, 0, size);
	note_input(data, size);
	return 0;
}
