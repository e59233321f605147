/* The in-process server of answers mode: the reply a server holding the
 * answers file's records (afile.c) would send to a query, written to the
 * other end of the socket pair c-ares was given in place of a network
 * socket (sockets.c), so that c-ares reads and parses it as any reply.
 * A name the file lacks is NXDOMAIN (NOERROR with no data from a
 * resolv_wrapper file); a name it has without the type asked, NOERROR
 * with no answer; an alias is followed as a server follows its own
 * CNAMEs; the additional section has what an authoritative server (and
 * resolv_wrapper) puts there; a reply too large for the query's UDP size
 * is truncated (TC), for the TCP retry to get whole. */
#include <arpa/nameser.h>
#include <errno.h>
#include <poll.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "dns.h"

#define MAXCHAIN 16   /* CNAMEs followed, as many as c-ares and glibc */
#define MAXEXTRA 32   /* answers whose targets go in the additional section */

struct msg {
	unsigned char *b, *p, *end;
	unsigned char *dnptrs[64];
	unsigned char **last;
	unsigned ancount, arcount;
	int full;   /* a record did not fit */
	const struct ar_rr *extra[MAXEXTRA];   /* SRV, MX, NS or CNAME answered */
	int nextra;
	const struct ar_rr *added[MAXEXTRA];   /* the additional records */
};

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

/* The name at rdata + *off, compressed into the message at *p as a server
 * would (RFC 1035's types; never SRV's, RFC 2782); 0 when it does not fit. */
static int put_name(struct msg *m, const struct ar_rr *r, size_t *off, unsigned char **p)
{
	char name[NS_MAXDNAME];
	int n = dn_expand(r->rdata, r->rdata + r->rdlen, r->rdata + *off, name, sizeof name);
	int k = n < 0 ? -1 : dn_comp(name, *p, (int)(m->end - *p), m->dnptrs, m->last);

	if (k < 0)
		return 0;
	*off += (size_t)n;
	*p += k;
	return 1;
}

/* RDATA at p: its names compressed where RFC 1035 lets a server; the
 * length, or -1 when it does not fit. */
static int put_rdata(struct msg *m, const struct ar_rr *r, unsigned char *p)
{
	unsigned char *start = p;
	size_t off = 0, fixed = r->type == ns_t_mx ? 2 : 0;
	int names = r->type == ns_t_soa ? 2 : r->type == ns_t_mx || r->type == ns_t_cname ||
	            r->type == ns_t_ptr || r->type == ns_t_ns;

	if (m->end - p < (long)fixed)
		return -1;
	memcpy(p, r->rdata, fixed);
	p += fixed, off += fixed;
	for (int i = 0; i < names; i++)
		if (!put_name(m, r, &off, &p))
			return -1;
	if (m->end - p < (long)(r->rdlen - off))
		return -1;
	memcpy(p, r->rdata + off, r->rdlen - off);
	return (int)(p - start) + (int)(r->rdlen - off);
}

/* The record at m->p, up to end; 0, or -1 when it does not fit. */
static int put_rr(struct msg *m, const char *owner, const struct ar_rr *r, unsigned char *end)
{
	int n = dn_comp(owner, m->p, (int)(end - m->p), m->dnptrs, m->last), len;

	if (n < 0 || end - m->p - n < 10 || (len = put_rdata(m, r, m->p + n + 10)) < 0 ||
	    end - m->p - n - 10 < len)
		return -1;
	m->p += n;
	put16(m->p, r->type);
	put16(m->p + 2, ns_c_in);
	put16(m->p + 4, r->ttl >> 16);
	put16(m->p + 6, r->ttl & 0xffff);
	put16(m->p + 8, (unsigned)len);
	m->p += 10 + len;
	return 0;
}

static void add_rr(struct msg *m, const char *owner, const struct ar_rr *r)
{
	if (!m->full && put_rr(m, owner, r, m->end))
		m->full = 1;
	else if (!m->full)
		m->ancount++;
}

/* The records of key of type (all for ANY) into m; NOERROR when it has
 * an entry (a record of another type, or NODATA), else the rcode of a
 * SERVFAIL or REFUSED entry for the type when no record answered, else
 * NXDOMAIN; *missing when it has no entry at all (not even NXDOMAIN). */
static int add_type(struct msg *m, const char *key, int type, const struct ar_rr **cname,
                    int *missing)
{
	size_t n;
	const struct ar_rr *r = afile_find(key, &n);
	int known = 0, failed = 0;
	unsigned before = m->ancount;

	*cname = NULL;
	*missing = !n;
	for (size_t i = 0; i < n; i++) {
		if ((r[i].type == AR_T_SERVFAIL || r[i].type == AR_T_REFUSED) && !failed &&
		    (!get16(r[i].rdata) || (int)get16(r[i].rdata) == type))
			failed = r[i].type == AR_T_SERVFAIL ? ns_r_servfail : ns_r_refused;
		known |= r[i].type < AR_T_NXDOMAIN || r[i].type == AR_T_NODATA;
		if (r[i].type == type || (type == ns_t_any && r[i].type < AR_T_NXDOMAIN)) {
			add_rr(m, key, &r[i]);
			if (r[i].type == type && m->nextra < MAXEXTRA &&
			    (type == ns_t_srv || type == ns_t_mx || type == ns_t_ns || type == ns_t_cname))
				m->extra[m->nextra++] = &r[i];
		} else if (r[i].type == ns_t_cname && !*cname)
			*cname = &r[i];
	}
	if (failed && m->ancount == before)
		return *cname = NULL, failed;
	return known || (*missing && ar_config()->answers_nodata) ? ns_r_noerror : ns_r_nxdomain;
}

/* One additional record, once, if the message still holds it within
 * limit: 0, or -1 when it does not (then nothing more is added). */
static int add_ar(struct msg *m, const char *owner, const struct ar_rr *r, unsigned char *limit)
{
	for (unsigned i = 0; i < m->arcount; i++)
		if (m->added[i] == r)
			return 0;
	if (m->arcount == MAXEXTRA || put_rr(m, owner, r, limit))
		return -1;
	m->added[m->arcount++] = r;
	return 0;
}

/* The additional section as an authoritative server fills it: the
 * addresses of the SRV, MX and NS targets answered, and for a CNAME
 * asked, the rest of its chain and the addresses at its end (as
 * resolv_wrapper does).  Only what fits: never a cause of TC. */
static void add_extra(struct msg *m, unsigned char *limit)
{
	char name[NS_MAXDNAME], key[NS_MAXDNAME];

	for (int i = 0; i < m->nextra; i++) {
		const struct ar_rr *r = m->extra[i];
		size_t off = r->type == ns_t_srv ? 6 : r->type == ns_t_mx ? 2 : 0, n;

		if (dn_expand(r->rdata, r->rdata + r->rdlen, r->rdata + off, name, sizeof name) < 0 ||
		    !afile_key(name, key, sizeof key))
			continue;
		for (int hop = 0; hop <= MAXCHAIN; hop++) {
			const struct ar_rr *t = afile_find(key, &n), *next = NULL;
			for (size_t j = 0; j < n; j++) {
				if ((t[j].type == ns_t_a || t[j].type == ns_t_aaaa) &&
				    add_ar(m, key, &t[j], limit))
					return;
				if (t[j].type == ns_t_cname && r->type == ns_t_cname && !next)
					next = &t[j];
			}
			if (!next)
				break;
			if (add_ar(m, key, next, limit))
				return;
			if (dn_expand(next->rdata, next->rdata + next->rdlen, next->rdata, name,
			              sizeof name) < 0 || !afile_key(name, key, sizeof key))
				break;
		}
	}
}

/* The answer section for (key, type); the reply's rcode. */
static int answer(struct msg *m, char *key, size_t size, int type, int *missing)
{
	const struct ar_rr *cname;
	char next[NS_MAXDNAME];

	for (int hop = 0; hop <= MAXCHAIN; hop++) {
		unsigned before = m->ancount;
		int rcode = add_type(m, key, type, &cname, missing);
		if (m->ancount > before || !cname || type == ns_t_cname)
			return rcode;
		add_rr(m, key, cname);
		if (ns_name_uncompress(cname->rdata, cname->rdata + cname->rdlen, cname->rdata,
		                       next, sizeof next) < 0 || !afile_key(next, key, size))
			return ns_r_servfail;
	}
	return ns_r_servfail;   /* a loop, as a server gives up on one */
}

/* The question's end, and its name, type and class; NULL when q holds
 * no question. */
static const unsigned char *question(const unsigned char *q, size_t len, char *name,
                                     size_t size, int *type, int *cls)
{
	int n;

	if (len < NS_HFIXEDSZ || get16(q + 4) != 1 || (q[2] & 0x80))
		return NULL;
	n = dn_expand(q, q + len, q + NS_HFIXEDSZ, name, (int)size);
	if (n < 0 || NS_HFIXEDSZ + (size_t)n + 4 > len)
		return NULL;
	*type = (int)get16(q + NS_HFIXEDSZ + n);
	*cls = (int)get16(q + NS_HFIXEDSZ + n + 2);
	return q + NS_HFIXEDSZ + n + 4;
}

/* The UDP size the query offers: its OPT record's, else 512. */
static size_t udp_size(const unsigned char *q, const unsigned char *qend, size_t len)
{
	const unsigned char *end = q + len;

	if (get16(q + 10) == 1 && end - qend >= 11 && qend[0] == 0 &&
	    get16(qend + 1) == ns_t_opt && get16(qend + 3) > 512)
		return get16(qend + 3);
	return 512;
}

/* A query of no question or of two: REFUSED, with its questions when it
 * has nothing else, as dnsmasq answers it (glibc's res_send takes such
 * a reply; one question that does not parse gets none). */
static int refuse_query(const unsigned char *q, size_t len, unsigned char *out, size_t size)
{
	size_t n = get16(q + 6) || get16(q + 8) || get16(q + 10) ? NS_HFIXEDSZ : len;

	if (n > size)
		return -1;
	memcpy(out, q, n);
	if (n == NS_HFIXEDSZ)
		put16(out + 4, 0);
	out[2] = (unsigned char)(0x80 | (q[2] & 0x79));
	out[3] = (unsigned char)(0x80 | ns_r_refused);
	put16(out + 6, 0);
	put16(out + 8, 0);
	put16(out + 10, 0);
	return (int)n;
}

int fake_reply(const unsigned char *q, size_t len, int tcp, unsigned char *out, size_t size,
               int *missing)
{
	char name[NS_MAXDNAME], key[NS_MAXDNAME];
	int type, cls, rcode;
	const unsigned char *qend = question(q, len, name, sizeof name, &type, &cls);
	struct msg m = { .b = out, .end = out + size };
	size_t limit, qlen, n_any;
	int n;

	*missing = 0;
	if (!qend && len >= NS_HFIXEDSZ && !(q[2] & 0x80) && get16(q + 4) != 1)
		return refuse_query(q, len, out, size);
	if (!qend || size < NS_HFIXEDSZ + 4)
		return -1;
	limit = tcp ? size : udp_size(q, qend, len);
	if (limit > size)
		limit = size;
	/* the question written anew, for the answers' names to point to */
	memcpy(out, q, NS_HFIXEDSZ);
	m.dnptrs[0] = out;
	m.last = &m.dnptrs[sizeof m.dnptrs / sizeof m.dnptrs[0]];
	n = dn_comp(name, out + NS_HFIXEDSZ, (int)size - NS_HFIXEDSZ - 4, m.dnptrs, m.last);
	if (n < 0)
		return -1;
	memcpy(out + NS_HFIXEDSZ + n, qend - 4, 4);
	m.p = out + NS_HFIXEDSZ + n + 4;
	qlen = (size_t)(m.p - out);
	if (afile_loaded() < 0)
		rcode = ns_r_servfail;
	else if (q[2] & 0x78)
		rcode = ns_r_notimpl;   /* an opcode other than QUERY (RFC 1035, dnsmasq 2.90) */
	else if (!afile_key(name, key, sizeof key))
		rcode = ns_r_nxdomain;
	else if (cls != ns_c_in)   /* every record is of class IN */
		rcode = afile_find(key, &n_any) ? ns_r_noerror : ns_r_nxdomain;
	else
		rcode = answer(&m, key, sizeof key, type, missing);
	out[2] = (unsigned char)(0x80 | (q[2] & 0x79) | 0x04);   /* QR, opcode, AA, RD */
	out[3] = (unsigned char)(0x80 | rcode);                  /* RA */
	if (rcode == ns_r_servfail || rcode == ns_r_refused) {   /* as servers: no part of a chain */
		m.p = out + qlen;
		m.ancount = 0;
	}
	if (m.full || (size_t)(m.p - out) > limit) {
		out[2] |= 0x02;   /* TC: the question alone */
		m.p = out + qlen;
		m.ancount = 0;
	} else if (rcode == ns_r_noerror) {
		add_extra(&m, out + limit);
	}
	put16(out + 6, m.ancount);
	put16(out + 8, 0);
	put16(out + 10, m.arcount);
	return (int)(m.p - out);
}

/* ARESOLV_ANSWERS_MISSING=servers: q asked of the server itself, its
 * reply (over TCP: with its length) in r; the length, or -1 when none
 * came within a try's timeout.  The thread waits here, as c-ares would
 * for the reply. */
static int forward(const struct sockaddr *sa, socklen_t salen, int udp,
                   const unsigned char *q, size_t qlen, unsigned char *r, size_t size)
{
	int fd = socket(sa->sa_family, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
	int ms = ar_config()->timeout_ms, n = -1, got = 0;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (fd < 0)
		return -1;
	if (connect(fd, sa, salen) || send(fd, q, qlen, MSG_NOSIGNAL) != (ssize_t)qlen)
		goto out;
	while (poll(&pfd, 1, ms) == 1 && (n = (int)recv(fd, r + got, size - (size_t)got, 0)) > 0) {
		got += n;
		if (udp || (got >= 2 && (size_t)got >= 2 + get16(r)))
			break;
	}
	n = udp ? n : (got >= 2 && (size_t)got >= 2 + get16(r) ? got : -1);
out:
	close(fd);
	return n;
}

/* The query c-ares sent on a socket of the pair (iov), answered on the
 * other end, peer: one datagram, or over a stream each length-prefixed
 * query in it (c-ares writes them whole).  sa: the server c-ares chose,
 * asked for a name the file lacks when ARESOLV_ANSWERS_MISSING=servers.
 * to: where a datagram's reply goes when peer is not connected
 * (lsrv.c's server), else NULL.  work: FAKE_WORK bytes to work in, or
 * NULL for a buffer of its own (lsrv.c's thread gives its own: one it
 * malloc'd would be lost if the process exits meanwhile). */
ssize_t fake_send(int peer, int udp, const struct iovec *iov, int n,
                  const struct sockaddr *sa, socklen_t salen, const struct sockaddr *to,
                  socklen_t tolen, unsigned char *work)
{
	enum { QMAX = 65535 + 2, RMAX = 65535 + 2 };
	unsigned char *q = work ? work : malloc(QMAX + RMAX), *r = q + QMAX;
	size_t len = 0, off = 0, hdr = udp ? 0 : 2;
	int rlen, missing;

	if (!q)
		return -1;
	for (int i = 0; i < n; i++) {
		if (iov[i].iov_len > QMAX - len) {
			if (!work)
				free(q);
			errno = EMSGSIZE;
			return -1;
		}
		memcpy(q + len, iov[i].iov_base, iov[i].iov_len);
		len += iov[i].iov_len;
	}
	while (len - off > hdr && (udp || len - off - 2 >= get16(q + off))) {
		size_t qlen = udp ? len : get16(q + off);
		rlen = fake_reply(q + off + hdr, qlen, !udp, r + hdr, RMAX - hdr, &missing);
		if (rlen > 0 && !udp)
			put16(r, (unsigned)rlen);
		if (missing && ar_config()->answers_servers && salen)
			rlen = forward(sa, salen, udp, q + off, qlen + hdr, r, RMAX) - (int)hdr;
		if (rlen > 0)
			(void)!sendto(peer, r, (size_t)rlen + hdr, MSG_NOSIGNAL | MSG_DONTWAIT, to,
			              to ? tolen : 0);
		off += hdr + qlen;
	}
	if (!work)
		free(q);
	return (ssize_t)len;
}
