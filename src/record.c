/* Record mode (ARESOLV_RECORD=FILE, set by `aresolv record`): every reply
 * a query ended with, appended to FILE as answers-file lines (afile.c's
 * format, each with its TTL): the records of its answer section, and the
 * negative entry it makes (NXDOMAIN, or NODATA for the name the CNAMEs
 * lead to).  One write() a reply, O_APPEND, so processes and threads
 * recording into one FILE never mix lines; the launcher merges FILE into
 * the answers file when COMMAND ends. */
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <fcntl.h>
#include <resolv.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "dns.h"

struct out {
	char b[16384];
	size_t n;
	int full;
};

static void say(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (o->full)
		return;
	va_start(ap, fmt);
	k = vsnprintf(o->b + o->n, sizeof o->b - o->n, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof o->b - o->n)
		o->full = 1;
	else
		o->n += (size_t)k;
}

static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long get32(const unsigned char *p)
{
	return (unsigned long)get16(p) << 16 | get16(p + 2);
}

/* A reply's record: owner as text, and where its RDATA lies. */
struct rec {
	const unsigned char *msg, *end, *rdata;
	char owner[NS_MAXDNAME];
	unsigned type, cls, len;
	unsigned long ttl;
};

/* the record at *p, *p moved past it; 0 when there is none */
static int rec_next(struct rec *r, const unsigned char **p, int question)
{
	int n = dn_expand(r->msg, r->end, *p, r->owner, sizeof r->owner);

	if (n < 0 || r->end - *p - n < (question ? 4 : 10))
		return 0;
	*p += n;
	r->type = get16(*p);
	r->cls = get16(*p + 2);
	if (question) {
		*p += 4;
		return 1;
	}
	r->ttl = get32(*p + 4);
	r->len = get16(*p + 8);
	r->rdata = *p + 10;
	if ((size_t)(r->end - r->rdata) < r->len)
		return 0;
	*p = r->rdata + r->len;
	return 1;
}

/* a name in RDATA at p, as text; 0 if it is none */
static int name_at(const struct rec *r, const unsigned char *p, char *buf, size_t size)
{
	return dn_expand(r->msg, r->end, p, buf, (int)size) > 0;
}

/* TXT's character-strings, quoted; 0 when one holds a control byte
 * (the caller writes the record in RFC 3597's form then) */
static int txt(struct out *o, const unsigned char *p, const unsigned char *end)
{
	while (p < end) {
		unsigned n = *p++;
		if (n > (unsigned)(end - p))
			return 0;
		for (unsigned i = 0; i < n; i++)
			if (p[i] < 32 || p[i] == 127)
				return 0;
		say(o, " \"");
		for (unsigned i = 0; i < n; i++)
			say(o, p[i] == '"' || p[i] == '\\' ? "\\%c" : "%c", p[i]);
		say(o, "\"");
		p += n;
	}
	return 1;
}

/* RFC 3597's form: \# LENGTH HEX */
static void generic(struct out *o, const unsigned char *d, unsigned len)
{
	say(o, " \\# %u ", len);
	for (unsigned i = 0; i < len; i++)
		say(o, "%02x", d[i]);
}

/* One answer record as a line (a type the file has no form for, as
 * RFC 3597's TYPEnnn \# ...); 0 when it is none. */
static int rr_line(struct out *o, const struct rec *r)
{
	const unsigned char *d = r->rdata;
	unsigned len = r->len, type = r->type;
	char a[NS_MAXDNAME], b[NS_MAXDNAME], tn[12];
	size_t mark = o->n;
	int n;

	if (type >= AR_T_NXDOMAIN || type == ns_t_opt)
		return 0;
	say(o, "%lu %s %s", r->ttl, afile_type_name((int)type, tn), *r->owner ? r->owner : ".");
	switch (type) {
	case ns_t_a: case ns_t_aaaa:
		if (len != (type == ns_t_a ? 4u : 16u) ||
		    !inet_ntop(type == ns_t_a ? AF_INET : AF_INET6, d, a, sizeof a))
			goto skip;
		say(o, " %s", a);
		break;
	case ns_t_cname: case ns_t_ptr: case ns_t_ns:
		if (!name_at(r, d, a, sizeof a))
			goto skip;
		say(o, " %s", a);
		break;
	case ns_t_mx:
		if (len < 3 || !name_at(r, d + 2, a, sizeof a))
			goto skip;
		say(o, " %s %u", a, get16(d));
		break;
	case ns_t_srv:
		if (len < 7 || !name_at(r, d + 6, a, sizeof a))
			goto skip;
		say(o, " %s %u %u %u", a, get16(d + 4), get16(d), get16(d + 2));
		break;
	case 256:   /* URI */
		if (len < 5 || memchr(d + 4, ' ', len - 4) || memchr(d + 4, '\n', len - 4))
			goto skip;
		say(o, " %.*s %u %u", (int)(len - 4), (const char *)d + 4, get16(d), get16(d + 2));
		break;
	case ns_t_txt:
		if (!txt(o, d, d + len))
			goto skip;
		break;
	case ns_t_soa:
		n = dn_expand(r->msg, r->end, d, a, sizeof a);
		if (n < 0 || !name_at(r, d + n, b, sizeof b))
			goto skip;
		n += dn_skipname(d + n, d + len);
		if ((unsigned)n + 20 > len)
			goto skip;
		d += n;
		say(o, " %s %s %lu %lu %lu %lu %lu", a, b, get32(d), get32(d + 4), get32(d + 8),
		    get32(d + 12), get32(d + 16));
		break;
	default:
		generic(o, d, len);
	}
	say(o, "\n");
	return 1;
skip:   /* a value the type's form cannot hold */
	o->n = mark;
	say(o, "%lu %s %s", r->ttl, afile_type_name((int)type, tn), *r->owner ? r->owner : ".");
	generic(o, r->rdata, len);
	say(o, "\n");
	return 1;
}

static void record(const char *path, const unsigned char *msg, int len)
{
	char last[NS_MAXDNAME], t[NS_MAXDNAME];
	struct out o = { .n = 0 };
	struct rec r = { .msg = msg, .end = msg + (len > 0 ? len : 0) };
	const unsigned char *p = msg + NS_HFIXEDSZ;
	unsigned rcode, qtype, an;
	int found = 0, fd;

	if (!msg || len < NS_HFIXEDSZ || (msg[2] & 0x02) || get16(msg + 4) != 1 ||
	    !rec_next(&r, &p, 1))
		return;
	if (r.cls != ns_c_in)
		return;   /* the file's records are all of class IN */
	if (!(msg[2] & 0x01) && (msg[3] & 15) != ns_r_noerror && (msg[3] & 15) != ns_r_nxdomain)
		return;   /* a failure to a query without RD: not the name's */
	rcode = msg[3] & 15;
	if (rcode != ns_r_noerror && rcode != ns_r_nxdomain && rcode != ns_r_servfail &&
	    rcode != ns_r_refused)
		return;
	qtype = r.type;
	an = get16(msg + 6);
	snprintf(last, sizeof last, "%s", *r.owner ? r.owner : ".");
	for (unsigned i = 0; i < an && rec_next(&r, &p, 0); i++) {
		rr_line(&o, &r);
		if (strcasecmp(r.owner, last))
			continue;
		if (r.type == ns_t_cname && qtype != ns_t_cname && name_at(&r, r.rdata, t, sizeof t))
			snprintf(last, sizeof last, "%s", t);
		else if (r.type == qtype || qtype == ns_t_any)
			found = 1;
	}
	if (rcode == ns_r_nxdomain)
		say(&o, "0 NXDOMAIN %s\n", last);
	else if (rcode != ns_r_noerror)
		say(&o, "0 %s %s %s\n", rcode == ns_r_servfail ? "SERVFAIL" : "REFUSED", last,
		    afile_type_name((int)qtype, t));
	else if (!found && qtype != ns_t_any && qtype < AR_T_NXDOMAIN)
		say(&o, "0 NODATA %s %s\n", last, afile_type_name((int)qtype, t));
	if (o.full || !o.n)
		return;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0) {
		(void)!write(fd, o.b, o.n);
		close(fd);
	}
}

/* Every reply passes here: without ARESOLV_RECORD it costs one test, not
 * record()'s 17 KB of zeroed frame (16,600 instructions a reply). */
void record_reply(const unsigned char *msg, int len)
{
	const char *path = ar_config()->record;

	if (path)
		record(path, msg, len);
}
