/* DNS replies read as Debian 12's glibc 2.36 reads them in nss_dns
 * (getanswer_r, getanswer_ptr, gaih_getanswer_slice) and res_query: the
 * replies are built here, the question by libc's res_mkquery, the
 * records appended with names compressed by dn_comp.  The answers
 * expected are glibc's: these same replies, served to its
 * gethostbyname2_r, gethostbyaddr_r and getaddrinfo, gave them. */
#include <ares.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "dns.h"
#include "tap.h"

/* ---- building replies ---- */

#define MSGMAX 2048
struct msg {
	unsigned char buf[MSGMAX];
	unsigned char *p;                  /* the end so far */
	unsigned char *dnptrs[64];         /* dn_comp's names, buf first */
	int len;
};

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* The reply to the query res_mkquery makes of qname: QR, RA and rcode
 * set, no record yet. */
static void reply_begin(struct msg *m, const char *qname, int qtype, int rcode)
{
	int n = res_mkquery(ns_o_query, qname, ns_c_in, qtype, NULL, 0, NULL, m->buf, MSGMAX);

	if (n < HFIXEDSZ) {
		printf("Bail out! res_mkquery(%s) failed\n", qname);
		exit(1);
	}
	m->buf[2] |= 0x80;                            /* QR */
	m->buf[3] = (unsigned char)(0x80 | rcode);    /* RA, rcode */
	m->p = m->buf + n;
	m->len = n;
	m->dnptrs[0] = m->buf;
	m->dnptrs[1] = m->buf + HFIXEDSZ;   /* the question's name */
	m->dnptrs[2] = NULL;
}

/* name at the end, compressed against the names before it (plain: as
 * it is written, no compression). */
static int put_name(struct msg *m, const char *name, int plain)
{
	int n = dn_comp(name, m->p, (int)(m->buf + MSGMAX - m->p), plain ? NULL : m->dnptrs,
	                plain ? NULL : m->dnptrs + 64);

	if (n < 0) {
		printf("Bail out! dn_comp(%s) failed\n", name);
		exit(1);
	}
	m->p += n;
	return n;
}

/* An answer record: its owner, type, class and RDATA (rdata, rdlen), or
 * a name as its RDATA (target: CNAME, PTR). */
static void rr_any(struct msg *m, const char *owner, int plain, int type, int class,
                   const void *rdata, int rdlen, const char *target)
{
	unsigned char *len;

	put_name(m, owner, plain);
	put16(m->p, (unsigned)type);
	put16(m->p + 2, (unsigned)class);
	memcpy(m->p + 4, "\0\0\1\54", 4);   /* TTL 300 */
	len = m->p + 8;
	m->p += 10;
	if (target) {
		rdlen = put_name(m, target, 0);
	} else {
		memcpy(m->p, rdata, (size_t)rdlen);
		m->p += rdlen;
	}
	put16(len, (unsigned)rdlen);
	put16(m->buf + 6, get16(m->buf + 6) + 1);   /* ANCOUNT */
	m->len = (int)(m->p - m->buf);
}

static void rr_a(struct msg *m, const char *owner, const char *ip)
{
	unsigned char b[4];
	inet_pton(AF_INET, ip, b);
	rr_any(m, owner, 0, ns_t_a, ns_c_in, b, 4, NULL);
}

static void rr_aaaa(struct msg *m, const char *owner, const char *ip)
{
	unsigned char b[16];
	inet_pton(AF_INET6, ip, b);
	rr_any(m, owner, 0, ns_t_aaaa, ns_c_in, b, 16, NULL);
}

static void rr_cname(struct msg *m, const char *owner, const char *target)
{
	rr_any(m, owner, 0, ns_t_cname, ns_c_in, NULL, 0, target);
}

static void rr_ptr(struct msg *m, const char *owner, const char *target)
{
	rr_any(m, owner, 0, ns_t_ptr, ns_c_in, NULL, 0, target);
}

static void rr_txt(struct msg *m, const char *owner)
{
	rr_any(m, owner, 0, ns_t_txt, ns_c_in, "\4text", 5, NULL);
}

/* ---- the replies ---- */

/* one A */
static void m_one(struct msg *m)
{
	reply_begin(m, "one.r.test", ns_t_a, ns_r_noerror);
	rr_a(m, "one.r.test", "192.0.2.1");
}

/* three A, in this order */
static void m_many(struct msg *m)
{
	reply_begin(m, "many.r.test", ns_t_a, ns_r_noerror);
	rr_a(m, "many.r.test", "192.0.2.1");
	rr_a(m, "many.r.test", "192.0.2.3");
	rr_a(m, "many.r.test", "192.0.2.2");
}

/* a CNAME chain, then the end's addresses */
static void m_chain(struct msg *m)
{
	reply_begin(m, "chain.r.test", ns_t_a, ns_r_noerror);
	rr_cname(m, "chain.r.test", "mid.r.test");
	rr_cname(m, "mid.r.test", "end.r.test");
	rr_a(m, "end.r.test", "192.0.2.9");
	rr_a(m, "end.r.test", "192.0.2.10");
}

/* records nss_dns leaves aside (another type, A of class CH, an A of 16
 * bytes), then the one address */
static void m_mixed(struct msg *m)
{
	unsigned char ch[4] = { 192, 0, 2, 66 }, v6[16] = { 0x20, 1, 0xd, 0xb8, [15] = 1 };

	reply_begin(m, "mixed.r.test", ns_t_a, ns_r_noerror);
	rr_txt(m, "mixed.r.test");
	rr_any(m, "mixed.r.test", 0, ns_t_a, ns_c_chaos, ch, 4, NULL);
	rr_aaaa(m, "mixed.r.test", "2001:db8::1");
	rr_any(m, "mixed.r.test", 0, ns_t_a, ns_c_in, v6, 16, NULL);
	rr_a(m, "mixed.r.test", "192.0.2.4");
}

/* a CNAME of class CH: getanswer_r skips it, gaih_getanswer_slice
 * (no class check) follows it */
static void m_chcname(struct msg *m)
{
	reply_begin(m, "chcname.r.test", ns_t_a, ns_r_noerror);
	rr_any(m, "chcname.r.test", 0, ns_t_cname, ns_c_chaos, NULL, 0, "else.r.test");
	rr_a(m, "chcname.r.test", "192.0.2.20");
	rr_a(m, "else.r.test", "192.0.2.21");
}

/* owners: another name (skipped), the name, the name in capitals
 * written out (the same name, ASCII case aside) */
static void m_owner(struct msg *m)
{
	unsigned char b[4] = { 192, 0, 2, 7 };

	reply_begin(m, "owner.r.test", ns_t_a, ns_r_noerror);
	rr_a(m, "other.r.test", "192.0.2.5");
	rr_a(m, "owner.r.test", "192.0.2.6");
	rr_any(m, "OWNER.R.TEST", 1, ns_t_a, ns_c_in, b, 4, NULL);
}

/* after a CNAME, an address of the old name no longer counts */
static void m_after(struct msg *m)
{
	reply_begin(m, "after.r.test", ns_t_a, ns_r_noerror);
	rr_cname(m, "after.r.test", "tgt.r.test");
	rr_a(m, "after.r.test", "192.0.2.10");
	rr_a(m, "tgt.r.test", "192.0.2.11");
}

/* only another name's address */
static void m_stray(struct msg *m)
{
	reply_begin(m, "stray.r.test", ns_t_a, ns_r_noerror);
	rr_a(m, "other.r.test", "192.0.2.12");
}

/* a CNAME and no address */
static void m_dangling(struct msg *m)
{
	reply_begin(m, "dangling.r.test", ns_t_a, ns_r_noerror);
	rr_cname(m, "dangling.r.test", "gone.r.test");
}

/* a CNAME to a name that is no host name: no alias, but its address
 * counts */
static void m_badcname(struct msg *m)
{
	reply_begin(m, "badcname.r.test", ns_t_a, ns_r_noerror);
	rr_cname(m, "badcname.r.test", "bad!x.r.test");
	rr_a(m, "bad!x.r.test", "192.0.2.13");
}

/* NXDOMAIN, even with an answer record */
static void m_nx(struct msg *m)
{
	reply_begin(m, "nx.r.test", ns_t_a, ns_r_nxdomain);
	rr_a(m, "nx.r.test", "192.0.2.14");
}

/* no answer at all */
static void m_empty(struct msg *m)
{
	reply_begin(m, "empty.r.test", ns_t_a, ns_r_noerror);
}

/* AAAA: an A in it is of the wrong type */
static void m_v6(struct msg *m)
{
	reply_begin(m, "v6.r.test", ns_t_aaaa, ns_r_noerror);
	rr_a(m, "v6.r.test", "192.0.2.15");
	rr_aaaa(m, "v6.r.test", "2001:db8::15");
}

/* A and AAAA pairs */
static void m_pair_a(struct msg *m)
{
	reply_begin(m, "pair.r.test", ns_t_a, ns_r_noerror);
	rr_a(m, "pair.r.test", "192.0.2.30");
	rr_a(m, "pair.r.test", "192.0.2.31");
}

static void m_pair_a_empty(struct msg *m)
{
	reply_begin(m, "pair.r.test", ns_t_a, ns_r_noerror);
}

static void m_pair_aaaa(struct msg *m)
{
	reply_begin(m, "pair.r.test", ns_t_aaaa, ns_r_noerror);
	rr_a(m, "pair.r.test", "192.0.2.99");   /* wrong type: skipped */
	rr_aaaa(m, "pair.r.test", "2001:db8::30");
}

static void m_pc_a(struct msg *m)
{
	reply_begin(m, "pc.r.test", ns_t_a, ns_r_noerror);
	rr_cname(m, "pc.r.test", "pc2.r.test");
	rr_cname(m, "pc2.r.test", "pc3.r.test");
	rr_a(m, "pc3.r.test", "192.0.2.32");
}

static void m_pc_aaaa(struct msg *m)
{
	reply_begin(m, "pc.r.test", ns_t_aaaa, ns_r_noerror);
	rr_cname(m, "pc.r.test", "pc2.r.test");
	rr_cname(m, "pc2.r.test", "pc3.r.test");
	rr_aaaa(m, "pc3.r.test", "2001:db8::32");
}

/* PTR */
static void m_ptr(struct msg *m)
{
	reply_begin(m, "1.2.0.192.in-addr.arpa", ns_t_ptr, ns_r_noerror);
	rr_ptr(m, "1.2.0.192.in-addr.arpa", "host.r.test");
}

/* RFC 2317's classless delegation: a CNAME, then the PTR of its target */
static void m_ptr_cname(struct msg *m)
{
	reply_begin(m, "2.2.0.192.in-addr.arpa", ns_t_ptr, ns_r_noerror);
	rr_cname(m, "2.2.0.192.in-addr.arpa", "2.0-25.2.0.192.in-addr.arpa");
	rr_ptr(m, "2.0-25.2.0.192.in-addr.arpa", "classless.r.test");
}

/* skipped: another owner's PTR, a PTR of class CH, a TXT; then the
 * first PTR of the name is the name, the second is not (upto: the
 * first upto records only) */
static void ptr_skip_upto(struct msg *m, int upto)
{
	reply_begin(m, "3.2.0.192.in-addr.arpa", ns_t_ptr, ns_r_noerror);
	rr_ptr(m, "9.9.9.9.in-addr.arpa", "wrong.r.test");
	rr_any(m, "3.2.0.192.in-addr.arpa", 0, ns_t_ptr, ns_c_chaos, NULL, 0, "chaos.r.test");
	rr_txt(m, "3.2.0.192.in-addr.arpa");
	rr_ptr(m, "3.2.0.192.in-addr.arpa", "first.r.test");
	if (upto > 4)
		rr_ptr(m, "3.2.0.192.in-addr.arpa", "second.r.test");
}

static void m_ptr_skip(struct msg *m)
{
	ptr_skip_upto(m, 5);
}

static void m_ptr_none(struct msg *m)
{
	reply_begin(m, "4.2.0.192.in-addr.arpa", ns_t_ptr, ns_r_noerror);
	rr_txt(m, "4.2.0.192.in-addr.arpa");
}

/* a PTR to a name that is no host name */
static void m_ptr_badname(struct msg *m)
{
	reply_begin(m, "5.2.0.192.in-addr.arpa", ns_t_ptr, ns_r_noerror);
	rr_ptr(m, "5.2.0.192.in-addr.arpa", "bad!x.r.test");
}

/* the same, reached through a CNAME */
static void m_ptr_bad(struct msg *m)
{
	reply_begin(m, "6.2.0.192.in-addr.arpa", ns_t_ptr, ns_r_noerror);
	rr_cname(m, "6.2.0.192.in-addr.arpa", "6.sub.2.0.192.in-addr.arpa");
	rr_ptr(m, "6.sub.2.0.192.in-addr.arpa", "bad!y.r.test");
}

/* ---- reading them ---- */

static const char *addr_str(const struct ar_answer *a, size_t i)
{
	static char buf[INET6_ADDRSTRLEN];

	if (i >= a->naddrs)
		return NULL;
	return inet_ntop(a->addrs[i].family, a->addrs[i].bytes, buf, sizeof buf);
}

static const char *alias(const struct ar_answer *a, size_t i)
{
	return i < a->naliases ? a->aliases[i] : NULL;
}

/* the question's type (its name is uncompressed) */
static int qtype_of(const struct msg *m)
{
	const unsigned char *p = m->buf + HFIXEDSZ;

	while (*p)
		p += 1 + *p;
	return (int)get16(p + 1);
}

static int hostent(void (*build)(struct msg *), struct ar_answer *a)
{
	struct msg m;
	build(&m);
	answer_clear(a);
	return reply_hostent(m.buf, m.len, qtype_of(&m), a);
}

static int ptr(void (*build)(struct msg *), struct ar_answer *a)
{
	struct msg m;
	build(&m);
	answer_clear(a);
	return reply_ptr(m.buf, m.len, a);
}

/* the A reply then the AAAA one (NULL: none), as read_pair reads them */
static int pair(void (*a4)(struct msg *), void (*a6)(struct msg *), struct ar_answer *a,
                int *st6)
{
	struct msg m;
	int canon = 1, st;

	answer_clear(a);
	a4(&m);
	st = reply_pair(m.buf, m.len, a, &canon);
	*st6 = -1;
	if (a6) {
		a6(&m);
		*st6 = reply_pair(m.buf, m.len, a, &canon);
	}
	return st;
}

static int status(void (*build)(struct msg *))
{
	struct msg m;
	build(&m);
	return reply_status(m.buf, m.len);
}

static void m_refused(struct msg *m) { reply_begin(m, "refused.r.test", ns_t_a, ns_r_refused); }
static void m_formerr(struct msg *m) { reply_begin(m, "formerr.r.test", ns_t_a, ns_r_formerr); }
static void m_notimpl(struct msg *m) { reply_begin(m, "notimpl.r.test", ns_t_a, ns_r_notimpl); }
static void m_servfail(struct msg *m)
{
	reply_begin(m, "servfail.r.test", ns_t_a, ns_r_servfail);
	rr_a(m, "servfail.r.test", "192.0.2.16");
}

/* every length short of the whole message: the status each gives */
static int truncations(void (*build)(struct msg *), int (*read)(const unsigned char *, int),
                       int want)
{
	struct msg m;
	int bad = 0;

	build(&m);
	for (int n = 0; n < m.len; n++) {
		/* a copy of n bytes on the heap, so that a read past it shows
		 * under ASan and valgrind */
		unsigned char *cut = malloc((size_t)n + 1);
		memcpy(cut, m.buf, (size_t)n);
		if (read(cut, n) != want)
			bad++;
		free(cut);
	}
	return bad;
}

static int read_hostent(const unsigned char *msg, int len)
{
	struct ar_answer a = { 0 };
	int st = reply_hostent(msg, len, ns_t_a, &a);
	answer_clear(&a);
	return st;
}

static int read_pair(const unsigned char *msg, int len)
{
	struct ar_answer a = { 0 };
	int canon = 1, st = reply_pair(msg, len, &a, &canon);
	answer_clear(&a);
	return st;
}

static int read_ptr(const unsigned char *msg, int len)
{
	struct ar_answer a = { 0 };
	int st = reply_ptr(msg, len, &a);
	answer_clear(&a);
	return st;
}

int main(void)
{
	struct ar_answer a = { 0 };
	struct msg m;
	int st, st6;

	/* ---- reply_hostent: gethostbyname2's getanswer_r ---- */
	is_int(hostent(m_one, &a), ARES_SUCCESS, "one A: success");
	is_str(a.name, "one.r.test", "one A: the name is the question's");
	is_int(a.naliases, 0, "one A: no alias");
	is_int(a.naddrs, 1, "one A: one address");
	is_int(a.addrs[0].family, AF_INET, "one A: AF_INET");
	is_str(addr_str(&a, 0), "192.0.2.1", "one A: its address");

	is_int(hostent(m_many, &a), ARES_SUCCESS, "three A: success");
	is_int(a.naddrs, 3, "three A: three addresses");
	is_str(addr_str(&a, 0), "192.0.2.1", "three A: in the reply's order (1)");
	is_str(addr_str(&a, 1), "192.0.2.3", "three A: in the reply's order (2)");
	is_str(addr_str(&a, 2), "192.0.2.2", "three A: in the reply's order (3)");

	is_int(hostent(m_chain, &a), ARES_SUCCESS, "CNAME chain: success");
	is_str(a.name, "end.r.test", "CNAME chain: h_name is the chain's end");
	is_int(a.naliases, 2, "CNAME chain: two aliases");
	is_str(alias(&a, 0), "chain.r.test", "CNAME chain: the question's name is the first alias");
	is_str(alias(&a, 1), "mid.r.test", "CNAME chain: then the middle of the chain");
	ok(a.aliases && !a.aliases[2], "CNAME chain: aliases NULL-terminated");
	is_int(a.naddrs, 2, "CNAME chain: the end's two addresses");
	is_str(addr_str(&a, 1), "192.0.2.10", "CNAME chain: second address");

	is_int(hostent(m_mixed, &a), ARES_SUCCESS, "other types and classes: success");
	is_int(a.naddrs, 1, "TXT, A of class CH, AAAA and a 16-byte A are skipped");
	is_str(addr_str(&a, 0), "192.0.2.4", "the IN A of 4 bytes is the address");
	is_str(a.name, "mixed.r.test", "other types and classes: the question's name");

	is_int(hostent(m_chcname, &a), ARES_SUCCESS, "CNAME of class CH: success");
	is_int(a.naddrs, 1, "CNAME of class CH: skipped, the name stays the question's");
	is_str(addr_str(&a, 0), "192.0.2.20", "CNAME of class CH: the question's address");
	is_int(a.naliases, 0, "CNAME of class CH: no alias from it");

	is_int(hostent(m_owner, &a), ARES_SUCCESS, "owners: success");
	is_int(a.naddrs, 2, "owners: another name's A is skipped");
	is_str(addr_str(&a, 0), "192.0.2.6", "owners: the name's A");
	is_str(addr_str(&a, 1), "192.0.2.7", "owners: the name in capitals is the same owner");

	is_int(hostent(m_after, &a), ARES_SUCCESS, "A of the old name after a CNAME: success");
	is_int(a.naddrs, 1, "A of the old name after a CNAME: skipped");
	is_str(addr_str(&a, 0), "192.0.2.11", "A of the old name after a CNAME: the target's only");
	is_str(a.name, "tgt.r.test", "A of the old name after a CNAME: name is the target");

	is_int(hostent(m_stray, &a), AR_ENOADDR, "only another name's A: no address");
	is_int(herrno_from_ares(AR_ENOADDR), NO_RECOVERY, "no address: NO_RECOVERY, as getanswer_r");
	is_int(hostent(m_dangling, &a), AR_ENOADDR, "a CNAME with no address: no address");
	is_int(hostent(m_empty, &a), AR_ENOADDR, "no answer record: no address");

	is_int(hostent(m_badcname, &a), ARES_SUCCESS, "CNAME to no host name: success");
	is_str(a.name, "badcname.r.test", "CNAME to no host name: not a name, h_name the question's");
	is_int(a.naliases, 0, "CNAME to no host name: no alias");
	is_str(addr_str(&a, 0), "192.0.2.13", "CNAME to no host name: its address counts");

	is_int(hostent(m_nx, &a), ARES_ENOTFOUND, "NXDOMAIN with a record: not found");
	is_int(a.naddrs, 0, "NXDOMAIN: no address taken");

	is_int(hostent(m_v6, &a), ARES_SUCCESS, "AAAA: success");
	is_int(a.naddrs, 1, "AAAA: the A record is skipped");
	is_int(a.addrs[0].family, AF_INET6, "AAAA: AF_INET6");
	is_str(addr_str(&a, 0), "2001:db8::15", "AAAA: its address");

	/* a question that is no host name */
	reply_begin(&m, "no_host!.r.test", ns_t_a, ns_r_noerror);
	rr_a(&m, "no_host!.r.test", "192.0.2.17");
	answer_clear(&a);
	is_int(reply_hostent(m.buf, m.len, ns_t_a, &a), ARES_ENOTFOUND,
	       "question not a host name: HOST_NOT_FOUND");

	/* ---- broken messages ---- */
	is_int(truncations(m_chain, read_hostent, ARES_EBADRESP), 0,
	       "reply_hostent: every truncation of the chain is NO_RECOVERY");
	is_int(truncations(m_pc_a, read_pair, ARES_EBADRESP), 0,
	       "reply_pair: every truncation is NO_RECOVERY");
	is_int(reply_hostent(m.buf, -1, ns_t_a, &a), ARES_EBADRESP, "negative length");

	m_one(&m);
	put16(m.buf + 4, 0);
	is_int(reply_hostent(m.buf, m.len, ns_t_a, &a), ARES_EBADRESP, "no question: NO_RECOVERY");
	put16(m.buf + 4, 2);
	is_int(reply_hostent(m.buf, m.len, ns_t_a, &a), ARES_EBADRESP, "two questions: NO_RECOVERY");

	/* the answer's owner a compression pointer to itself */
	m_one(&m);
	{
		int q = HFIXEDSZ + (int)strlen("one.r.test") + 2 + QFIXEDSZ;
		m.buf[q] = 0xc0;
		m.buf[q + 1] = (unsigned char)q;
	}
	is_int(reply_hostent(m.buf, m.len, ns_t_a, &a), ARES_EBADRESP, "compression loop: NO_RECOVERY");
	is_int(reply_ptr(m.buf, m.len, &a), ARES_EBADRESP, "compression loop, PTR: NO_RECOVERY");

	/* a record whose RDLENGTH runs past the end */
	m_one(&m);
	put16(m.buf + m.len - 6, 5);
	is_int(reply_hostent(m.buf, m.len, ns_t_a, &a), ARES_EBADRESP, "RDLENGTH past the end");
	/* ANCOUNT above the records there are */
	m_one(&m);
	put16(m.buf + 6, 2);
	is_int(reply_hostent(m.buf, m.len, ns_t_a, &a), ARES_EBADRESP, "ANCOUNT past the records");

	/* random bytes after a good header and question: no crash, and only
	 * the statuses the contract names */
	{
		unsigned seed = 12345;
		int odd = 0;
		for (int i = 0; i < 2000; i++) {
			m_chain(&m);
			for (int j = HFIXEDSZ + 16; j < m.len; j++) {
				seed = seed * 1103515245u + 12345u;
				if ((seed >> 16) % 5 == 0)
					m.buf[j] = (unsigned char)(seed >> 8);
			}
			answer_clear(&a);
			st = reply_hostent(m.buf, m.len, ns_t_a, &a);
			odd += st != ARES_SUCCESS && st != ARES_EBADRESP && st != AR_ENOADDR &&
			       st != ARES_ENOTFOUND;
			answer_clear(&a);
			st = reply_ptr(m.buf, m.len, &a);
			odd += st != ARES_SUCCESS && st != ARES_EBADRESP && st != AR_ENOADDR;
			answer_clear(&a);
			st = read_pair(m.buf, m.len);
			odd += st != ARES_SUCCESS && st != ARES_EBADRESP && st != ARES_ENOTFOUND;
		}
		is_int(odd, 0, "2000 damaged replies: no crash, only the documented statuses");
	}

	/* ---- reply_status: what res_query makes of the rcode ----
	 * (__res_context_query's switch; res_send itself moves on from a
	 * SERVFAIL, NOTIMP or REFUSED to the next server, which is dns.c's
	 * part, not reply_status's) */
	is_int(status(m_one), ARES_SUCCESS, "NOERROR with an answer: success");
	is_int(status(m_empty), ARES_ENODATA, "NOERROR, no answer: no data");
	is_int(herrno_from_ares(status(m_empty)), NO_DATA, "NOERROR, no answer: NO_DATA");
	is_int(status(m_nx), ARES_ENOTFOUND, "NXDOMAIN (an answer record aside): not found");
	is_int(herrno_from_ares(status(m_nx)), HOST_NOT_FOUND, "NXDOMAIN: HOST_NOT_FOUND");
	is_int(status(m_servfail), ARES_ESERVFAIL, "SERVFAIL (an answer record aside): servfail");
	is_int(herrno_from_ares(status(m_servfail)), TRY_AGAIN, "SERVFAIL: TRY_AGAIN");
	is_int(herrno_from_ares(status(m_refused)), NO_RECOVERY, "REFUSED: NO_RECOVERY");
	is_int(herrno_from_ares(status(m_formerr)), NO_RECOVERY, "FORMERR: NO_RECOVERY");
	is_int(herrno_from_ares(status(m_notimpl)), NO_RECOVERY, "NOTIMP: NO_RECOVERY");
	is_int(reply_status(m.buf, HFIXEDSZ - 1), ARES_EBADRESP, "11 bytes: no header");

	/* ---- reply_ptr: gethostbyaddr's getanswer_ptr ---- */
	is_int(ptr(m_ptr, &a), ARES_SUCCESS, "PTR: success");
	is_str(a.name, "host.r.test", "PTR: the name");
	is_int(ptr(m_ptr_cname, &a), ARES_SUCCESS, "PTR through a CNAME (RFC 2317): success");
	is_str(a.name, "classless.r.test", "PTR through a CNAME: the target's PTR");
	is_int(ptr(m_ptr_skip, &a), ARES_SUCCESS, "PTR among others: success");
	is_str(a.name, "first.r.test",
	       "another owner's PTR, a CH PTR and a TXT skipped, the first PTR taken");
	is_int(ptr(m_ptr_none, &a), AR_ENOADDR, "no PTR: no address (NO_RECOVERY)");
	is_int(ptr(m_ptr_badname, &a), ARES_EBADRESP, "PTR to no host name: NO_RECOVERY");
	is_int(ptr(m_ptr_bad, &a), ARES_EBADRESP, "PTR through a CNAME to no host name: NO_RECOVERY");
	ok(a.name == NULL, "no name left behind");
	{
		struct msg full, upto;
		int bad = 0;
		ptr_skip_upto(&full, 5);
		ptr_skip_upto(&upto, 4);
		/* cut before the end of first.r.test's record: an error; after
		 * it: that name, the records after it unread */
		for (int n = 0; n < full.len; n++)
			bad += read_ptr(full.buf, n) != (n < upto.len ? ARES_EBADRESP : ARES_SUCCESS);
		is_int(bad, 0, "reply_ptr: cut before the PTR NO_RECOVERY, after it the name");
	}

	/* ---- reply_pair: getaddrinfo's gaih_getanswer_slice ---- */
	is_int(pair(m_pair_a, m_pair_aaaa, &a, &st6), ARES_SUCCESS, "pair: A reply success");
	is_int(st6, ARES_SUCCESS, "pair: AAAA reply success");
	is_str(a.name, "pair.r.test", "pair: canonical name the question's");
	is_int(a.naddrs, 3, "pair: two A and one AAAA (the A in the AAAA reply skipped)");
	is_int(a.addrs[0].family, AF_INET, "pair: A first");
	is_str(addr_str(&a, 1), "192.0.2.31", "pair: second A");
	is_int(a.addrs[2].family, AF_INET6, "pair: then AAAA");
	is_str(addr_str(&a, 2), "2001:db8::30", "pair: the AAAA");

	is_int(pair(m_pc_a, m_pc_aaaa, &a, &st6), ARES_SUCCESS, "pair through CNAMEs: success");
	is_str(a.name, "pc3.r.test", "pair through CNAMEs: canonical name the chain's end");
	is_int(a.naddrs, 2, "pair through CNAMEs: one A, one AAAA");
	is_int(a.naliases, 0, "pair: getaddrinfo keeps no aliases");
	{
		struct msg x;
		int canon = 0;
		answer_clear(&a);
		m_pc_a(&x);
		is_int(reply_pair(x.buf, x.len, &a, &canon), ARES_SUCCESS, "canon 0: success");
		ok(a.name == NULL, "canon 0: no canonical name taken");
		canon = 1;
		answer_clear(&a);
		reply_pair(x.buf, x.len, &a, &canon);
		is_int(canon, 0, "canon taken: *canon cleared");
	}

	is_int(pair(m_mixed, NULL, &a, &st6), ARES_SUCCESS, "pair, other types and classes: success");
	is_int(a.naddrs, 2, "pair: an A of class CH counts (no class check), the rest skipped");
	is_str(addr_str(&a, 0), "192.0.2.66", "pair: the CH A first");
	is_str(addr_str(&a, 1), "192.0.2.4", "pair: then the IN A");

	is_int(pair(m_chcname, NULL, &a, &st6), ARES_SUCCESS, "pair, CNAME of class CH: success");
	is_int(a.naddrs, 1, "pair, CNAME of class CH: followed");
	is_str(addr_str(&a, 0), "192.0.2.21", "pair, CNAME of class CH: the target's address");
	is_str(a.name, "else.r.test", "pair, CNAME of class CH: canonical name its target");

	is_int(pair(m_badcname, NULL, &a, &st6), ARES_SUCCESS, "pair, CNAME to no host name: success");
	is_str(a.name, "badcname.r.test", "pair, CNAME to no host name: canonical name the question's");
	is_str(addr_str(&a, 0), "192.0.2.13", "pair, CNAME to no host name: its address counts");

	is_int(pair(m_owner, NULL, &a, &st6), ARES_SUCCESS, "pair, owners: success");
	is_int(a.naddrs, 2, "pair, owners: another name's A skipped, capitals kept");

	is_int(pair(m_empty, NULL, &a, &st6), ARES_ENOTFOUND, "pair, no answer: HOST_NOT_FOUND");
	is_int(pair(m_dangling, NULL, &a, &st6), ARES_ENOTFOUND, "pair, CNAME only: HOST_NOT_FOUND");
	is_int(pair(m_stray, NULL, &a, &st6), ARES_ENOTFOUND, "pair, another name's A: HOST_NOT_FOUND");
	is_int(pair(m_pair_a_empty, m_pair_aaaa, &a, &st6), ARES_ENOTFOUND, "pair: A reply empty");
	is_int(st6, ARES_SUCCESS, "pair: the AAAA reply's address all the same");
	is_str(a.name, "pair.r.test", "pair: canonical name from the AAAA reply when the A had none");

	answer_clear(&a);
	return done_testing();
}
