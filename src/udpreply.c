/* Which UDP datagrams are replies, decided as glibc's send_dg decides,
 * whatever the c-ares version: a datagram is the reply to a query sent on
 * the channel when its ID and question match (res_queriesmatch); others
 * are dropped unread, as glibc drops them.  A reply is kept as it came
 * (for reply.c to read, as nss_dns reads it) and c-ares is handed only
 * its header and the query's own question: c-ares 1.2x and later parse
 * every reply whole and refuse some that glibc reads, 1.18 takes them as
 * they are.  SERVFAIL, NOTIMP and REFUSED go on to c-ares, which moves
 * to the next server as glibc does; so does a lame reply (NOERROR, no
 * answer, no AA, RA or additional records), which c-ares would take.
 * Only compat mode filters (ar_socks.filter). */
#include <arpa/nameser.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/uio.h>

#include "core.h"
#include "dns.h"

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static struct ar_sent *by_id(struct ar_socks *ss, unsigned id)
{
	for (int i = 0; i < AR_MAXSENT; i++)
		if (ss->sent[i].qlen && ss->sent[i].id == id)
			return &ss->sent[i];
	return NULL;
}

static void drop_reply(struct ar_sent *s)
{
	free(s->reply);
	s->reply = NULL;
	s->rlen = 0;
}

/* A query c-ares sends: remembered (the oldest forgotten) until its
 * reply is taken. */
void udpreply_note(struct ar_socks *ss, const struct iovec *iov, int n)
{
	unsigned char q[sizeof ss->sent[0].q];
	struct ar_sent *s;
	size_t len = 0;

	for (int i = 0; i < n; i++) {
		if (iov[i].iov_len > sizeof q - len)
			return;
		memcpy(q + len, iov[i].iov_base, iov[i].iov_len);
		len += iov[i].iov_len;
	}
	if (len < HFIXEDSZ + QFIXEDSZ + 1 || get16(q + 4) != 1)
		return;
	if (by_id(ss, get16(q)))
		return;   /* the same query again, to the next server */
	s = &ss->sent[ss->next++ % AR_MAXSENT];
	drop_reply(s);
	memcpy(s->q, q, len);
	s->qlen = (unsigned short)len;
	s->id = (unsigned short)get16(q);
}

/* The reply's question against the query's: 1 same name (ASCII case
 * aside), type and class, 0 not, -1 unreadable (res_nameinquery). */
static int same_question(const char *qname, const unsigned char *qtc,
                         const unsigned char *m, const unsigned char *end)
{
	char rname[MAXDNAME + 1];
	int rn = dn_expand(m, end, m + HFIXEDSZ, rname, sizeof rname);

	if (rn < 0 || end - (m + HFIXEDSZ + rn) < QFIXEDSZ)
		return -1;
	return !memcmp(qtc, m + HFIXEDSZ + rn, QFIXEDSZ) && !strcasecmp(qname, rname);
}

/* glibc's test in send_dg for our one-question query: a 12-byte
 * SERVFAIL, NOTIMP or REFUSED without a question (a Debian 2.36 fix);
 * else res_queriesmatch: the same question and nothing else -- or one
 * that does not read at all, which res_nameinquery's -1 lets through.
 * glibc reads it up to the end of its buffer, not of the datagram: the
 * bytes past the datagram are taken here as zeros (a fresh buffer). */
static int queries_match(const struct ar_sent *s, const unsigned char *m, size_t n)
{
	enum { PAST = 16384 + MAXDNAME };   /* as far as a name can point */
	char qname[MAXDNAME + 1];
	const unsigned char *qp = s->q + HFIXEDSZ;
	unsigned char *z;
	int rcode = m[3] & 0x0f, qn, r;

	if (n == HFIXEDSZ && !get16(m + 4) &&
	    (rcode == ns_r_servfail || rcode == ns_r_notimpl || rcode == ns_r_refused))
		return 1;
	if (get16(m + 4) != 1 ||
	    (qn = dn_expand(s->q, s->q + s->qlen, qp, qname, sizeof qname)) < 0)
		return 0;
	if ((r = same_question(qname, qp + qn, m, m + n)) >= 0)
		return r;
	if (n >= PAST || !(z = calloc(1, PAST)))
		return 1;
	memcpy(z, m, n);
	r = same_question(qname, qp + qn, z, z + PAST);
	free(z);
	return r != 0;
}

/* The question section's end in a query we built: one name, type, class. */
static size_t question_end(const struct ar_sent *s)
{
	int n = dn_skipname(s->q + HFIXEDSZ, s->q + s->qlen);

	return n < 0 ? 0 : HFIXEDSZ + (size_t)n + QFIXEDSZ;
}

static int lame(const unsigned char *m)
{
	return (m[3] & 0x0f) == ns_r_noerror && !get16(m + 6) && !(m[2] & 0x04) &&
	       !(m[3] & 0x80) && !get16(m + 10);
}

/* A datagram of n bytes in buf (cap bytes long) read from a UDP socket:
 * returns the length of what c-ares is to see in its place, or -1 when
 * it is no reply and is dropped. */
long udpreply_accept(struct ar_socks *ss, unsigned char *buf, size_t n, size_t cap)
{
	struct ar_sent *s;
	size_t qend;

	if (n < HFIXEDSZ || !(s = by_id(ss, get16(buf))) ||
	    !queries_match(s, buf, n) ||
	    !(qend = question_end(s)) || qend > cap)
		return -1;
	drop_reply(s);
	/* a truncated reply sends c-ares (and glibc) to TCP, whose answer
	 * c-ares hands over itself */
	if ((!(buf[2] & 0x02) || ss->igntc) && (s->reply = malloc(n))) {
		memcpy(s->reply, buf, n);
		s->rlen = (int)n;
	}
	if (lame(buf))
		buf[3] = (unsigned char)((buf[3] & 0xf0) | ns_r_servfail);
	memset(buf + 4, 0, 8);
	buf[5] = 1;   /* QDCOUNT 1, no records */
	memcpy(buf + HFIXEDSZ, s->q + HFIXEDSZ, qend - HFIXEDSZ);
	return (long)qend;
}

/* The last reply kept for query id, handed over (free it), or NULL. */
unsigned char *udpreply_take(struct ar_socks *ss, unsigned id, int *len)
{
	struct ar_sent *s = by_id(ss, id);
	unsigned char *r;

	if (!s)
		return NULL;
	r = s->reply;
	*len = s->rlen;
	s->reply = NULL;
	s->qlen = 0;
	return r;
}

void udpreply_clear(struct ar_socks *ss)
{
	for (int i = 0; i < AR_MAXSENT; i++) {
		drop_reply(&ss->sent[i]);
		ss->sent[i].qlen = 0;
	}
}
