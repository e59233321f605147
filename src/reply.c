/* DNS replies turned into answers the way Debian 12's glibc 2.36 reads
 * them in nss_dns (getanswer_r, getanswer_ptr, gaih_getanswer_slice, as
 * rewritten on the 2.36 branch): names compared and checked in wire form,
 * unpacked and printed with libc's own ns_name_unpack and ns_name_ntop,
 * so that every c-ares version's replies give glibc's answer. */
#include <arpa/nameser.h>
#include <ares.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "dns.h"

/* nss_dns prints names into MAXHOSTNAMELEN + 1 bytes, with its own
 * MAXHOSTNAMELEN of 256. */
#define HOSTNAME_MAX 257

struct cursor {
	const unsigned char *begin, *end, *cur;
	const unsigned char *qname;   /* wire form, uncompressed */
	int qtype, ancount;
};

struct rr {
	unsigned char owner[NS_MAXCDNAME];
	int type, class, len;
	const unsigned char *rdata;
};

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* __ns_rr_cursor_init: one question, its name uncompressed. */
static bool cursor_init(struct cursor *c, const unsigned char *msg, size_t len)
{
	const unsigned char *p = msg + HFIXEDSZ;

	if (len < HFIXEDSZ || msg[4] || msg[5] != 1)
		return false;
	c->begin = msg;
	c->end = msg + len;
	c->qname = p;
	for (;;) {
		unsigned b;
		if (p == c->end)
			return false;
		b = *p++;
		if (!b)
			break;
		if (b > 63 || b > (size_t)(c->end - p))
			return false;
		p += b;
	}
	if (p - c->qname > NS_MAXCDNAME || c->end - p < QFIXEDSZ)
		return false;
	c->qtype = (int)get16(p);
	c->cur = p + QFIXEDSZ;
	c->ancount = (int)get16(msg + 6);
	return true;
}

/* __ns_rr_cursor_next */
static bool cursor_next(struct cursor *c, struct rr *rr)
{
	int n = ns_name_unpack(c->begin, c->end, c->cur, rr->owner, sizeof rr->owner);

	if (n < 0 || c->end - (c->cur + n) < 10)
		return false;
	c->cur += n;
	rr->type = (int)get16(c->cur);
	rr->class = (int)get16(c->cur + 2);
	rr->len = (int)get16(c->cur + 8);
	c->cur += 10;
	if (c->end - c->cur < rr->len)
		return false;
	rr->rdata = c->cur;
	c->cur += rr->len;
	return true;
}

static int upper(int ch)
{
	return ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch;
}

/* __ns_samebinaryname: ASCII case aside. */
static bool same_name(const unsigned char *a, const unsigned char *b)
{
	while (*a && *b) {
		int n = *a;
		if (*a != *b)
			return false;
		for (a++, b++; n--; a++, b++)
			if (*a != *b && upper(*a) != upper(*b))
				return false;
	}
	return !*a && !*b;
}

/* __res_binary_hnok: letters, digits, '-' and '_', no leading '-'. */
static bool binary_hnok(const unsigned char *dn)
{
	if (dn[0] && dn[1] == '-')
		return false;
	for (; *dn; ) {
		const unsigned char *end = dn + 1 + *dn;
		for (dn++; dn < end; dn++) {
			unsigned char ch = *dn;
			if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
			      (ch >= 'a' && ch <= 'z') || ch == '-' || ch == '_'))
				return false;
		}
	}
	return true;
}

/* The next answer record of class IN that is no CNAME: 1, with *rr;
 * a CNAME moves *expected to its target (unpacked into target) and
 * calls on_cname; 0 at the end; -1 when a record does not parse
 * (NO_RECOVERY), -2 when on_cname failed (memory). */
static int next_answer(struct cursor *c, struct rr *rr, unsigned char target[NS_MAXCDNAME],
                       const unsigned char **expected,
                       int (*on_cname)(const unsigned char *, struct ar_answer *),
                       struct ar_answer *a)
{
	for (; c->ancount > 0; ) {
		c->ancount--;
		if (!cursor_next(c, rr))
			return -1;
		if (rr->class != ns_c_in)
			continue;
		if (rr->type != ns_t_cname)
			return 1;
		if (ns_name_unpack(c->begin, c->end, rr->rdata, target, NS_MAXCDNAME) < 0)
			return -1;
		if (on_cname && on_cname(target, a) < 0)
			return -2;
		*expected = target;
	}
	return 0;
}

static int rdata_length(int type)
{
	return type == ns_t_a ? 4 : type == ns_t_aaaa ? 16 : -1;
}

/* getanswer_r_store_alias: a host name, printed, joins the names. */
static int store_name(const unsigned char *dn, struct ar_answer *a)
{
	char text[HOSTNAME_MAX];

	if (!binary_hnok(dn) || ns_name_ntop(dn, text, sizeof text) < 0)
		return 0;
	return answer_push_alias(a, text) < 0 ? -1 : 1;
}

/* The reply to an A or AAAA query (qtype) for one family, as
 * gethostbyname2 and getaddrinfo with AF_INET or AF_INET6 read it.  The
 * names are the question's and every CNAME target that is a host name;
 * the last of them is the name, the others are its aliases.  A CNAME of
 * any owner moves the name looked for; addresses count whose owner is
 * it.  ARES_SUCCESS; ARES_ENOTFOUND (NXDOMAIN, or a question that is no
 * host name); ARES_EBADRESP (a record that does not parse: NO_RECOVERY);
 * AR_ENOADDR (no address: NO_RECOVERY, glibc's TRYAGAIN). */
int reply_hostent(const unsigned char *msg, int len, int qtype, struct ar_answer *a)
{
	unsigned char target[NS_MAXCDNAME];
	const unsigned char *expected;
	int family = qtype == ns_t_a ? AF_INET : AF_INET6, r;
	struct cursor c;
	struct rr rr;

	if (len < 0 || !cursor_init(&c, msg, (size_t)len))
		return ARES_EBADRESP;
	if ((msg[3] & 0x0f) == ns_r_nxdomain || (r = store_name(c.qname, a)) == 0)
		return ARES_ENOTFOUND;
	if (r < 0)
		return ARES_ENOMEM;
	expected = c.qname;
	while ((r = next_answer(&c, &rr, target, &expected, store_name, a)) > 0)
		if (rr.type == qtype && same_name(rr.owner, expected) &&
		    rr.len == rdata_length(qtype) && answer_add_addr(a, family, rr.rdata) < 0)
			return ARES_ENOMEM;
	if (r < 0)
		return r == -2 ? ARES_ENOMEM : ARES_EBADRESP;
	if (!a->naddrs)
		return AR_ENOADDR;
	/* the last name is h_name */
	a->name = a->aliases[--a->naliases];
	a->aliases[a->naliases] = NULL;
	return ARES_SUCCESS;
}

/* One reply of an A and AAAA pair, as getaddrinfo with AF_UNSPEC reads
 * it (gaih_getanswer_slice): records of the question's type whose owner
 * is the name looked for, whatever their class; with *canon set, the
 * first address's name is the last CNAME target before it that is a host
 * name (else the question's), and *canon is cleared.  ARES_SUCCESS,
 * ARES_ENOTFOUND (no answer, no address, or a question that is no host
 * name: HOST_NOT_FOUND), ARES_EBADRESP (NO_RECOVERY). */
int reply_pair(const unsigned char *msg, int len, struct ar_answer *a, int *canon)
{
	unsigned char target[NS_MAXCDNAME];
	const unsigned char *expected, *alias;
	int have = 0;
	struct cursor c;
	struct rr rr;

	if (len < 0 || !cursor_init(&c, msg, (size_t)len))
		return ARES_EBADRESP;
	expected = alias = c.qname;
	if (!c.ancount || !binary_hnok(c.qname))
		return ARES_ENOTFOUND;
	for (; c.ancount > 0; c.ancount--) {
		if (!cursor_next(&c, &rr))
			return ARES_EBADRESP;
		if (rr.type == ns_t_cname) {
			if (ns_name_unpack(c.begin, c.end, rr.rdata, target, sizeof target) < 0)
				return ARES_EBADRESP;
			expected = target;
			if (*canon && binary_hnok(target))
				alias = rr.rdata;   /* compressed: target is reused */
		} else if (rr.type == c.qtype && same_name(rr.owner, expected) &&
		           rr.len == rdata_length(c.qtype)) {
			if (*canon) {
				unsigned char dn[NS_MAXCDNAME];
				char text[HOSTNAME_MAX];
				free(a->name);
				a->name = NULL;
				if (ns_name_unpack(c.begin, c.end, alias, dn, sizeof dn) >= 0 &&
				    ns_name_ntop(dn, text, sizeof text) >= 0 && !(a->name = strdup(text)))
					return ARES_ENOMEM;
				*canon = 0;
			}
			if (answer_add_addr(a, rr.len == 4 ? AF_INET : AF_INET6, rr.rdata) < 0)
				return ARES_ENOMEM;
			have = 1;
		}
	}
	return have ? ARES_SUCCESS : ARES_ENOTFOUND;
}

/* The reply to a PTR query, as gethostbyaddr reads it (getanswer_ptr):
 * a CNAME moves the owner looked for; the first PTR of that owner is the
 * name if it is a host name, and an error if not.  ARES_SUCCESS,
 * ARES_EBADRESP (NO_RECOVERY), AR_ENOADDR (no PTR: NO_RECOVERY,
 * glibc's TRYAGAIN). */
int reply_ptr(const unsigned char *msg, int len, struct ar_answer *a)
{
	unsigned char target[NS_MAXCDNAME], name[NS_MAXCDNAME];
	const unsigned char *expected;
	struct cursor c;
	struct rr rr;
	int r;

	if (len < 0 || !cursor_init(&c, msg, (size_t)len))
		return ARES_EBADRESP;
	expected = c.qname;
	while ((r = next_answer(&c, &rr, target, &expected, NULL, a)) > 0) {
		char text[HOSTNAME_MAX];
		if (rr.type != ns_t_ptr || !same_name(rr.owner, expected))
			continue;
		if (ns_name_unpack(c.begin, c.end, rr.rdata, name, sizeof name) < 0 ||
		    !binary_hnok(name) || ns_name_ntop(name, text, sizeof text) < 0)
			return ARES_EBADRESP;
		return (a->name = strdup(text)) ? ARES_SUCCESS : ARES_ENOMEM;
	}
	if (r < 0)
		return ARES_EBADRESP;
	return AR_ENOADDR;
}

/* What res_query makes of a reply: ARES_SUCCESS when it has an answer,
 * else the status its rcode stands for. */
int reply_status(const unsigned char *msg, int len)
{
	if (len < HFIXEDSZ)
		return ARES_EBADRESP;
	switch (msg[3] & 0x0f) {
	case ns_r_noerror:
		return get16(msg + 6) ? ARES_SUCCESS : ARES_ENODATA;
	case ns_r_nxdomain:
		return ARES_ENOTFOUND;
	case ns_r_servfail:
		return ARES_ESERVFAIL;
	default:   /* FORMERR, NOTIMP, REFUSED: NO_RECOVERY */
		return ARES_EFORMERR;
	}
}
