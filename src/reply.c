/* DNS replies turned into answers the way glibc 2.36's nss_dns reads
 * them (getanswer_r): names checked with libc's own res_hnok/res_dnok and
 * expanded with its dn_expand, so that every c-ares version's reply bytes
 * give the same answer. */
#include <arpa/nameser.h>
#include <ares.h>
#include <netinet/in.h>
#include <resolv.h>
#include <string.h>
#include <strings.h>

#include "aresolv.h"

/* glibc's nss_dns limits: 48 alias slots, one for the terminator; a
 * name of 256 characters or more is refused. */
#define MAX_ALIASES 47
#define MAXHOSTNAME 256

struct rr {
	char owner[MAXDNAME];
	int type, class;
	int len;                 /* rdata length */
	const unsigned char *rdata;
};

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* The header and question: the reply's end, its first record and the
 * expanded question name in qname; -1 when malformed. */
static int question(const unsigned char *msg, int len, int (*ok)(const char *),
                    char qname[MAXDNAME], const unsigned char **cp)
{
	int n;

	if (len < HFIXEDSZ || get16(msg + 4) != 1)
		return -1;
	n = dn_expand(msg, msg + len, msg + HFIXEDSZ, qname, MAXDNAME);
	if (n < 0 || !ok(qname))
		return -1;
	*cp = msg + HFIXEDSZ + n + QFIXEDSZ;
	return 0;
}

/* The next record at *cp: 1 read (and *cp past its rdata), 0 when the
 * owner does not expand or fails ok, or the record runs past the end. */
static int next_rr(const unsigned char *msg, const unsigned char *end,
                   const unsigned char **cp, int (*ok)(const char *), struct rr *rr)
{
	const unsigned char *p = *cp;
	int n = dn_expand(msg, end, p, rr->owner, sizeof rr->owner);

	if (n < 0 || !ok(rr->owner))
		return 0;
	p += n;
	if (end - p < 10)
		return 0;
	rr->type = (int)get16(p);
	rr->class = (int)get16(p + 2);
	rr->len = (int)get16(p + 8);
	p += 10;
	if (end - p < rr->len)
		return 0;
	rr->rdata = p;
	*cp = p;   /* the caller steps over the rdata: glibc sometimes does not */
	return 1;
}

static int rdata_length(int type)
{
	return type == ns_t_a ? 4 : type == ns_t_aaaa ? 16 : -1;
}

/* The reply to an A or AAAA query (qtype) for one family, as
 * gethostbyname2 and getaddrinfo with AF_INET or AF_INET6 read it: a
 * CNAME of any owner makes its owner an alias and its target the name;
 * addresses count whose owner is that name.  Adds to a and returns
 * ARES_SUCCESS, or ARES_EBADRESP (glibc's NO_RECOVERY) when nothing
 * usable is in it; a->name is set only on success. */
int reply_addrs(const unsigned char *msg, int len, int qtype, struct ar_answer *a)
{
	const unsigned char *end = msg + len, *cp;
	char name[MAXDNAME], target[MAXDNAME];
	int ancount, have = 0, error = 0, naliases = 0, family = qtype == ns_t_a ? AF_INET : AF_INET6;
	struct rr rr;

	if (question(msg, len, res_hnok, name, &cp) < 0 || strlen(name) + 1 >= MAXHOSTNAME)
		return ARES_EBADRESP;
	ancount = (int)get16(msg + 6);
	while (ancount-- > 0 && cp < end && !error) {
		if (!next_rr(msg, end, &cp, res_hnok, &rr)) {
			error = 1;
			continue;
		}
		if (rr.class != ns_c_in) {
			cp += rr.len;
			continue;
		}
		if (rr.type == ns_t_cname) {
			int n;
			if (naliases >= MAX_ALIASES)
				continue;   /* glibc leaves cp on the rdata here */
			n = dn_expand(msg, end, cp, target, sizeof target);
			if (n < 0 || !res_hnok(target) || strlen(rr.owner) + 1 >= MAXHOSTNAME ||
			    strlen(target) + 1 >= MAXHOSTNAME) {
				error = 1;
				continue;
			}
			cp += n;
			if (answer_add_alias(a, rr.owner) < 0)
				return ARES_ENOMEM;
			naliases++;
			strcpy(name, target);
			continue;
		}
		if (rr.type != qtype || strcasecmp(name, rr.owner)) {
			cp += rr.len;
			continue;
		}
		if (rr.len != rdata_length(rr.type)) {
			error = 1;
			continue;
		}
		if (!have)
			strcpy(name, rr.owner);
		if (answer_add_addr(a, family, cp) < 0)
			return ARES_ENOMEM;
		cp += rr.len;
		have++;
	}
	if (!have)
		return ARES_EBADRESP;
	if (!a->name && !(a->name = strdup(name)))
		return ARES_ENOMEM;
	/* the name may have been an alias of an earlier answer (AF_UNSPEC) */
	return ARES_SUCCESS;
}

/* The reply to a PTR query, as gethostbyaddr reads it: a CNAME moves the
 * owner looked for; the first PTR of that owner whose target is a host
 * name is the name, and no alias is kept.  ARES_SUCCESS, or
 * ARES_EBADRESP (NO_RECOVERY). */
int reply_ptr(const unsigned char *msg, int len, struct ar_answer *a)
{
	const unsigned char *end = msg + len, *cp;
	char tname[MAXDNAME], target[MAXDNAME];
	int ancount;
	struct rr rr;

	if (question(msg, len, res_dnok, tname, &cp) < 0)
		return ARES_EBADRESP;
	ancount = (int)get16(msg + 6);
	while (ancount-- > 0 && cp < end) {
		int n;
		if (!next_rr(msg, end, &cp, res_dnok, &rr))
			break;
		if (rr.class != ns_c_in) {
			cp += rr.len;
			continue;
		}
		if (rr.type == ns_t_cname) {
			n = dn_expand(msg, end, cp, target, sizeof target);
			if (n < 0 || !res_dnok(target) || strlen(target) + 1 >= MAXHOSTNAME)
				break;
			cp += n;
			strcpy(tname, target);
			continue;
		}
		if (rr.type != ns_t_ptr || strcasecmp(tname, rr.owner)) {
			cp += rr.len;
			continue;
		}
		n = dn_expand(msg, end, cp, target, sizeof target);
		if (n < 0 || !res_hnok(target))
			break;
		return (a->name = strdup(target)) ? ARES_SUCCESS : ARES_ENOMEM;
	}
	return ARES_EBADRESP;
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
	case ns_r_formerr:
	case ns_r_notimpl:
	case ns_r_refused:
	default:
		return ARES_EFORMERR;   /* NO_RECOVERY */
	}
}
