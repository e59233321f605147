/* answer: the input as a DNS reply, taken the way aresolv takes one.
 * Only src/ functions declared in aresolv.h are called, and no c-ares
 * internal, so the harness builds against any c-ares version; no channel
 * is made and nothing is sent.
 *
 * 1. reply.c, as dns.c reads a reply (nss_dns's getanswer_r):
 *    reply_status, checked against res_query's rcode rules (as h_errno);
 *    reply_addrs with qtype A, with AAAA, and both into one answer (as
 *    for AF_UNSPEC); reply_ptr into an answer holding the address asked,
 *    as dns_by_addr leaves it.  A success has a name that res_hnok takes
 *    (the root is "", as dn_expand writes it and glibc's h_name has it),
 *    at least one address, each of the family asked and found in the
 *    reply's bytes; a failure sets no name.  Every success is packed
 *    (hostent_pack, ai_pack) and every answer freed (answer_clear).
 * 2. udpreply.c, as sockets.c screens a datagram: a query with the
 *    input's ID is noted (sent_note), for the input's own question, for
 *    it in another case, for another type, for www.example.com, among
 *    other queries, forgotten, or under another ID; then the input goes
 *    through reply_accept, in a buffer with room to spare and in one of
 *    its own size.  The verdict must be glibc's send_dg's (the ID, and
 *    res_queriesmatch from libresolv: see glibc_match), unless the
 *    query's question does not fit in the buffer.  An accepted datagram
 *    must have become its header (ID and flags kept, a lame reply made
 *    SERVFAIL) with QDCOUNT 1, no records and exactly the query's
 *    question, no longer than the buffer; reply_take must give back the
 *    bytes as they came (none for a truncated reply), once.  A dropped
 *    datagram is left as it came.  sent_clear frees the rest.  The
 *    input is also noted as a query itself, if it can be one.
 * LeakSanitizer checks that nothing is left behind. */
#include <ares.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <strings.h>
#include <sys/uio.h>

#include "fuzz.h"

/* ---- 1: reply.c ---- */

static int get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

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

/* What any answer made from the reply m must look like. */
static void check_answer(const char *what, int st, const struct ar_answer *a,
                         const uint8_t *m, size_t n, int fam4, int fam6)
{
	FUZZ_CHECK(st == ARES_SUCCESS || st == ARES_EBADRESP || st == ARES_ENOMEM,
	           "%s: status %d", what, st);
	FUZZ_CHECK(a->naddrs <= AR_MAXADDRS && a->naddrs <= a->cap, "%s: %zu addresses", what,
	           a->naddrs);
	FUZZ_CHECK(!a->aliases || !a->aliases[a->naliases], "%s: aliases not ended", what);
	for (size_t i = 0; i < a->naliases; i++) {
		FUZZ_CHECK(a->aliases[i] && strlen(a->aliases[i]) < 255 && res_hnok(a->aliases[i]),
		           "%s: alias %zu", what, i);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(strcasecmp(a->aliases[i], a->aliases[j]), "%s: alias %zu repeated",
			           what, i);
	}
	for (size_t i = 0; i < a->naddrs; i++) {
		const struct ar_addr *d = &a->addrs[i];
		size_t alen = d->family == AF_INET ? 4 : 16;
		FUZZ_CHECK((fam4 && d->family == AF_INET) || (fam6 && d->family == AF_INET6),
		           "%s: address %zu of family %d", what, i, d->family);
		FUZZ_CHECK(d->scope == 0, "%s: address %zu has scope %u", what, i, (unsigned)d->scope);
		FUZZ_CHECK(memmem(m, n, d->bytes, alen), "%s: address %zu is not in the reply", what,
		           i);
	}
	if (st != ARES_SUCCESS) {
		FUZZ_CHECK(!a->name && !a->naddrs, "%s: %d with a name or addresses", what, st);
		return;
	}
	FUZZ_CHECK(a->name, "%s: success without a name", what);
	FUZZ_CHECK(strlen(a->name) < 255 && res_hnok(a->name), "%s: name refused by res_hnok",
	           what);
	FUZZ_CHECK(a->naddrs > 0, "%s: success without an address", what);
	FUZZ_CHECK(n >= HFIXEDSZ && get16(m + 4) == 1 && get16(m + 6) > 0,
	           "%s: success from a reply without a question or an answer", what);
}

static void addrs(const uint8_t *m, size_t n)
{
	struct ar_answer a, b, c;
	int st4, st6, st, st2;

	/* one family, as gethostbyname2 and getaddrinfo with a family */
	answer_init(&a);
	st4 = reply_addrs(m, (int)n, ns_t_a, &a);
	check_answer("reply_addrs A", st4, &a, m, n, 1, 0);
	answer_init(&b);
	st6 = reply_addrs(m, (int)n, ns_t_aaaa, &b);
	check_answer("reply_addrs AAAA", st6, &b, m, n, 0, 1);

	/* both into one answer, as dns.c's ask_name for AF_UNSPEC: the
	 * name is the first success's, the addresses A's then AAAA's */
	answer_init(&c);
	st = reply_addrs(m, (int)n, ns_t_a, &c);
	FUZZ_CHECK(st == st4 && c.naddrs == a.naddrs, "reply_addrs A: %d then %d", st4, st);
	st2 = reply_addrs(m, (int)n, ns_t_aaaa, &c);
	st = st == ARES_SUCCESS || st2 == ARES_SUCCESS ? ARES_SUCCESS
	     : st == ARES_ENOMEM || st2 == ARES_ENOMEM ? ARES_ENOMEM : ARES_EBADRESP;
	check_answer("reply_addrs A+AAAA", st, &c, m, n, 1, 1);
	if (st4 != ARES_ENOMEM && st6 != ARES_ENOMEM && st != ARES_ENOMEM) {
		FUZZ_CHECK(st2 == st6, "reply_addrs AAAA: %d after A, %d alone", st2, st6);
		FUZZ_CHECK(c.naddrs == a.naddrs + b.naddrs,
		           "reply_addrs A+AAAA: %zu addresses, %zu + %zu", c.naddrs, a.naddrs,
		           b.naddrs);
		for (size_t i = 0; i < c.naddrs; i++) {
			const struct ar_addr *x = i < a.naddrs ? &a.addrs[i] : &b.addrs[i - a.naddrs];
			FUZZ_CHECK(c.addrs[i].family == x->family && !memcmp(c.addrs[i].bytes, x->bytes, 16),
			           "reply_addrs A+AAAA: address %zu", i);
		}
		if (st == ARES_SUCCESS)
			FUZZ_CHECK(!strcmp(c.name, st4 == ARES_SUCCESS ? a.name : b.name),
			           "reply_addrs A+AAAA: name is not the first success's");
	}
	if (st4 == ARES_SUCCESS)
		fuzz_pack(&a, 0);
	if (st6 == ARES_SUCCESS)
		fuzz_pack(&b, 1);
	if (st == ARES_SUCCESS)
		fuzz_pack(&c, 1);
	answer_clear(&a);
	answer_clear(&b);
	answer_clear(&c);
}

static void ptr(const uint8_t *m, size_t n, int family)
{
	static const unsigned char v4[4] = { 192, 0, 2, 1 };
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	const unsigned char *bytes = family == AF_INET ? v4 : v6;
	struct ar_answer a;
	int st;

	answer_init(&a);
	FUZZ_CHECK(!answer_add_addr(&a, family, bytes), "answer_add_addr");   /* as by_addr */
	st = reply_ptr(m, (int)n, &a);
	FUZZ_CHECK(st == ARES_SUCCESS || st == ARES_EBADRESP || st == ARES_ENOMEM,
	           "reply_ptr: status %d", st);
	FUZZ_CHECK(a.naddrs == 1 && a.addrs[0].family == family &&
	           !memcmp(a.addrs[0].bytes, bytes, family == AF_INET ? 4 : 16),
	           "reply_ptr: the address asked changed");
	FUZZ_CHECK(!a.naliases && !a.aliases, "reply_ptr: %zu aliases", a.naliases);
	if (st == ARES_SUCCESS) {
		FUZZ_CHECK(a.name && strlen(a.name) < 255 && res_hnok(a.name), "reply_ptr: name");
		FUZZ_CHECK(n >= HFIXEDSZ && get16(m + 4) == 1 && get16(m + 6) > 0,
		           "reply_ptr: success from a reply without a question or an answer");
		fuzz_pack(&a, 0);
	} else {
		FUZZ_CHECK(!a.name, "reply_ptr: %d with a name", st);
	}
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

/* glibc's send_dg takes a datagram whose ID is the query's and for which
 * res_queriesmatch (libresolv's, deprecated but the very code) is not 0.
 * Its res_nameinquery says -1 for a datagram's question that does not
 * read (a name that does not expand, type and class cut off), which
 * res_queriesmatch counts as a match.  Returns 0 (dropped), 1 (taken, the
 * question is the query's) or -1 (taken, the question does not read).
 * glibc reads the question up to its buffer's end, whatever the
 * datagram's length; here it ends with the datagram.  A datagram shorter
 * than a header is no reply (glibc's send_dg fails the query). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static FUZZ_NOCOV int glibc_match(const struct query *q, const uint8_t *m, size_t n)
{
	char qname[MAXDNAME + 1];
	int k;

	if (n < HFIXEDSZ || memcmp(q->b, m, 2) || !res_queriesmatch(q->b, q->b + q->len, m, m + n))
		return 0;
	k = dn_expand(q->b, q->b + q->len, q->b + HFIXEDSZ, qname, sizeof qname);
	FUZZ_CHECK(k > 0 && HFIXEDSZ + k + QFIXEDSZ == q->len, "the harness's query");
	k = res_nameinquery(qname, get16(q->b + q->len - 4), get16(q->b + q->len - 2), m, m + n);
	FUZZ_CHECK(k, "res_queriesmatch and res_nameinquery disagree");
	return k < 0 ? -1 : 1;
}
#pragma GCC diagnostic pop

/* FUZZ_ANSWER_DROP_MALFORMED=1: a datagram with the query's ID whose
 * question does not read may be dropped (glibc takes it), to fuzz on
 * past that difference (see tests/fuzz/regress/answer/). */
static int drop_malformed;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *e = getenv("FUZZ_ANSWER_DROP_MALFORMED");

	(void)argc;
	(void)argv;
	drop_malformed = e && *e && strcmp(e, "0");
	return 0;
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
 * reply_accept (twice with again). */
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
		sent_note(&ss, iov, 1);
	}
	split = split % ((size_t)q->len + 1);
	iov[0] = (struct iovec){ (void *)q->b, split };
	iov[1] = (struct iovec){ (void *)(q->b + split), (size_t)q->len - split };
	sent_note(&ss, iov, 2);
	/* the same ID again (c-ares sending to the next server): no change */
	make_query(&other, id, "again.example", ns_t_aaaa, ns_c_in);
	iov[0] = (struct iovec){ other.b, (size_t)other.len };
	sent_note(&ss, iov, 1);
	if (after == FORGOTTEN)
		for (int i = 0; i < AR_MAXSENT; i++) {
			make_query(&other, id + 0x100 + (unsigned)i, "later.example", ns_t_a, ns_c_in);
			iov[0] = (struct iovec){ other.b, (size_t)other.len };
			sent_note(&ss, iov, 1);
		}
	match = after == NOTED ? glibc_match(q, m, n) : 0;
	want = match && (size_t)q->len <= cap;

	for (int round = 0; round <= again; round++) {
		/* exactly cap bytes, so that ASan sees a write past it */
		unsigned char *buf = malloc(cap ? cap : 1);
		FUZZ_CHECK(buf, "malloc");
		memcpy(buf, m, n);
		r = reply_accept(&ss, buf, n, cap);
		FUZZ_CHECK((r >= 0) == want || (drop_malformed && match == -1 && r < 0),
		           "%s: reply_accept %ld, glibc would %s it (question %d; %zu bytes, "
		           "cap %zu, query %d bytes)",
		           what, r, want ? "take" : "drop", match, n, cap, q->len);
		if (r < 0) {
			FUZZ_CHECK(r == -1, "%s: reply_accept %ld", what, r);
			FUZZ_CHECK(!memcmp(buf, m, n), "%s: a dropped datagram was changed", what);
		} else {
			FUZZ_CHECK((size_t)r <= cap && r == q->len,
			           "%s: reply_accept %ld, cap %zu, question ends at %d", what, r, cap, q->len);
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
	unsigned char *kept = reply_take(&ss, id, &len);
	if (r >= 0 && !(m[2] & 0x02)) {
		FUZZ_CHECK(kept, "%s: the accepted reply is not kept", what);
		FUZZ_CHECK(len >= 0 && (size_t)len == n && !memcmp(kept, m, n),
		           "%s: reply_take gave %d bytes, not the %zu that came", what, len, n);
	} else {
		FUZZ_CHECK(!kept, "%s: reply_take gave %d bytes (%s)", what, len,
		           r >= 0 ? "truncated reply" : "dropped datagram");
	}
	free(kept);
	if (r >= 0) {
		kept = reply_take(&ss, id, &len);
		FUZZ_CHECK(!kept, "%s: the reply taken twice", what);
	}
	sent_clear(&ss);
	for (int i = 0; i < AR_MAXSENT; i++)
		FUZZ_CHECK(!ss.sent[i].qlen && !ss.sent[i].reply, "%s: sent_clear left slot %d", what, i);
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
	sent_note(&ss, iov, 3);
	FUZZ_CHECK(noted ? ss.sent[0].qlen == n && ss.sent[0].id == get16(m) && !memcmp(ss.sent[0].q, m, n)
	                 : !ss.sent[0].qlen,
	           "sent_note: %zu bytes %snoted as %u", n, noted ? "not " : "", ss.sent[0].qlen);
	for (int i = 1; i < AR_MAXSENT; i++)
		FUZZ_CHECK(!ss.sent[i].qlen, "sent_note: slot %d taken", i);
	sent_clear(&ss);
}

/* The input's own question as text, type and class (www.example.com A
 * IN when it has none that expands); 1 if it was the input's. */
static FUZZ_NOCOV int own_question(const uint8_t *m, size_t n, char name[MAXDNAME + 1], int *type,
                                   int *class)
{
	int k = n >= HFIXEDSZ ? dn_expand(m, m + n, m + HFIXEDSZ, name, MAXDNAME + 1) : -1;

	*type = ns_t_a;
	*class = ns_c_in;
	if (k < 0) {
		strcpy(name, "www.example.com");
		return 0;
	}
	if ((size_t)HFIXEDSZ + (size_t)k + QFIXEDSZ <= n) {
		*type = get16(m + HFIXEDSZ + k);
		*class = get16(m + HFIXEDSZ + k + 2);
	}
	return 1;
}

static void udp(const uint8_t *m, size_t n)
{
	char name[MAXDNAME + 1];
	struct query q;
	unsigned id = n >= 2 ? (unsigned)get16(m) : 0;
	int type, class, k, own = own_question(m, n, name, &type, &class);
	size_t roomy = n + sizeof q.b, split = n ? m[n - 1] : 0;

	if (make_query(&q, id, name, type, class) < 0) {
		own = 0;
		make_query(&q, id, "www.example.com", ns_t_a, ns_c_in);
	}
	screen("own question", &q, m, n, roomy, 0, NOTED, split, 1);
	/* a check of the harness: glibc finds the query made of the
	 * datagram's question its match, when that question is whole */
	k = own && get16(m + 4) == 1 ? dn_skipname(m + HFIXEDSZ, m + n) : -1;
	if (k >= 0 && (size_t)HFIXEDSZ + (size_t)k + QFIXEDSZ <= n)
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
	addrs(data, size);
	ptr(data, size, AF_INET);
	ptr(data, size, AF_INET6);
	udp(data, size);
	note_input(data, size);
	return 0;
}
