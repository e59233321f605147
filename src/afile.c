/* The answers file (ARESOLV_ANSWERS, else RESOLV_WRAPPER_HOSTS), read
 * once (a bad line, or a CNAME loop, and no lookup is answered; from
 * RESOLV_WRAPPER_HOSTS, a bad line is skipped, as resolv_wrapper does):
 * resolv_wrapper's "TYPE NAME VALUE..." lines as records with their RDATA
 * in wire form, grouped by owner name for fake.c to answer from.
 * aresolv(7) documents the format, with its two extensions (a TTL before
 * the type, and the negative entries NXDOMAIN and NODATA). */
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <ctype.h>
#include <pthread.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "dns.h"

/* Written once under pthread_once (or by afile_reload, with no other
 * thread), read-only after.  recs: while the file is read, its records
 * in its order; then each owner's together (a group), in the file's
 * order, found through slots, a hash table of group numbers + 1. */
static struct ar_rr *recs;
static size_t nrecs, room;
static size_t *hashes;  /* while the file is read: each record's owner's */
static struct group { const char *name; size_t start, n; } *groups;
static size_t ngroups;
static unsigned *slots;
static size_t nslots;   /* a power of two, over twice ngroups */
static char *arena;     /* the newest block of names and RDATA; each
                           block begins with a pointer to the one before */
static size_t arena_used, arena_size;
static int loaded = -1;   /* -1 unreadable, else 1 */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const struct { const char *name; unsigned short type; } types[] = {
	{ "A", ns_t_a }, { "AAAA", ns_t_aaaa }, { "CNAME", ns_t_cname },
	{ "PTR", ns_t_ptr }, { "NS", ns_t_ns }, { "SRV", ns_t_srv },
	{ "TXT", ns_t_txt }, { "SOA", ns_t_soa }, { "MX", ns_t_mx },
	{ "URI", 256 }, { "NXDOMAIN", AR_T_NXDOMAIN }, { "NODATA", AR_T_NODATA },
	{ "SERVFAIL", AR_T_SERVFAIL }, { "REFUSED", AR_T_REFUSED },
};

/* The type named s (a record type, TYPEnnn for any other, or a negative
 * entry), 0 if none. */
int afile_type(const char *s)
{
	char *end;
	unsigned long t;

	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (!strcasecmp(s, types[i].name))
			return types[i].type;
	if (strncasecmp(s, "TYPE", 4) || !isdigit((unsigned char)s[4]))
		return 0;
	t = strtoul(s + 4, &end, 10);
	return !*end && t && t < AR_T_NXDOMAIN && t != ns_t_opt ? (int)t : 0;
}

/* type's name in the file (buf holds TYPEnnn) */
const char *afile_type_name(int type, char buf[12])
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].type == type)
			return types[i].name;
	snprintf(buf, 12, "TYPE%u", (unsigned)type & 0xffff);
	return buf;
}

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

/* FNV-1a, over a key (key_of hashes as it writes one) */
static size_t hash(const char *key)
{
	size_t h = FNV_BASIS;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * FNV_PRIME;
	return h;
}

/* dn_comp's verdict on a name of n bytes with no escape, at a tenth of
 * its cost (it was a third of a 100,000-record file's load): labels of 1
 * to 63 bytes, NS_MAXCDNAME bytes in all in wire form. */
static int plain_name(const char *s, size_t n)
{
	const char *end = s + n, *dot;

	if (n + 2 > NS_MAXCDNAME)
		return 0;
	for (;; s = dot + 1) {
		dot = memchr(s, '.', (size_t)(end - s));
		if ((size_t)((dot ? dot : end) - s) - 1 > 62)   /* empty, or over 63 */
			return 0;
		if (!dot)
			return 1;
	}
}

/* name as the file's key, and the key's hash in *h; 0 when it is not a
 * domain name. */
static int key_of(const char *name, char *key, size_t size, size_t *h)
{
	size_t n = strlen(name), sum = FNV_BASIS;
	unsigned char wire[NS_MAXCDNAME];

	if (!n || !strcmp(name, ".")) {   /* the root */
		if (size < 2)
			return 0;
		strcpy(key, ".");
		*h = hash(key);
		return 1;
	}
	if (n > 1 && name[n - 1] == '.' && name[n - 2] != '\\')
		n--;
	if (n >= size)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		c = (unsigned)(c - 'A') < 26u ? (unsigned char)(c + 32) : c;
		key[i] = (char)c;
		sum = (sum ^ c) * FNV_PRIME;
	}
	key[n] = 0;
	*h = sum;
	if (memchr(key, '\\', n))
		return dn_comp(key, wire, sizeof wire, NULL, NULL) > 0;
	return plain_name(key, n);
}

/* name as the file's key: lower case (ASCII's, as DNS compares names),
 * no trailing dot; 0 when it is not a domain name. */
int afile_key(const char *name, char *key, size_t size)
{
	size_t h;

	return key_of(name, key, size, &h);
}

/* The bytes that end a word; a NUL ends the line too. */
static const unsigned char ends[256] = { [0] = 1, [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1 };

static char *word(char **p)
{
	char *w = *p;

	while (*w && ends[(unsigned char)*w])
		w++;
	if (!*w)
		return NULL;
	for (*p = w; !ends[(unsigned char)**p]; (*p)++)
		;
	if (**p)
		*(*p)++ = 0;
	return w;
}

static int number(const char *s, unsigned long max, unsigned long dflt, unsigned long *out)
{
	char *end;

	if (!s) {
		*out = dflt;
		return 1;
	}
	*out = strtoul(s, &end, 10);
	return *s && !*end && *out <= max && isdigit((unsigned char)*s);
}

static unsigned char *put16(unsigned char *p, unsigned long v)
{
	*p++ = (unsigned char)(v >> 8);
	*p++ = (unsigned char)v;
	return p;
}

static unsigned char *put32(unsigned char *p, unsigned long v)
{
	return put16(put16(p, v >> 16), v & 0xffff);
}

/* name in wire form, uncompressed, at p; NULL when it is none */
static unsigned char *put_name(unsigned char *p, const unsigned char *end, const char *name)
{
	int n = name ? dn_comp(name, p, (int)(end - p), NULL, NULL) : -1;

	return n > 0 ? p + n : NULL;
}

/* TXT: "quoted strings", each a character-string, or the rest of the line
 * as one text, cut in 255-byte strings. */
static unsigned char *put_text(unsigned char *p, const unsigned char *end, char *s)
{
	s += strspn(s, " \t");
	s[strcspn(s, "\r\n")] = 0;
	if (*s != '"') {
		size_t n = strlen(s);
		do {
			size_t k = n > 255 ? 255 : n;
			if (end - p < (long)k + 1)
				return NULL;
			*p++ = (unsigned char)k;
			memcpy(p, s, k);
			p += k, s += k, n -= k;
		} while (n);
		return p;
	}
	while (*s == '"') {
		unsigned char *len = p++;
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && s[1])
				s++;
			if (p >= end || p - len > 255)
				return NULL;
			*p++ = (unsigned char)*s;
		}
		if (*s++ != '"')
			return NULL;
		*len = (unsigned char)(p - len - 1);
		s += strspn(s, " \t");
	}
	return *s ? NULL : p;
}

/* A PTR's name may be written as the address it names. */
static const char *ptr_name(const char *s, char *buf, size_t size)
{
	unsigned char a[16];
	size_t n = 0;

	if (inet_pton(AF_INET, s, a) == 1) {
		snprintf(buf, size, "%u.%u.%u.%u.in-addr.arpa", a[3], a[2], a[1], a[0]);
		return buf;
	}
	if (inet_pton(AF_INET6, s, a) != 1)
		return s;
	for (int i = 15; i >= 0; i--)
		n += (size_t)snprintf(buf + n, size - n, "%x.%x.", a[i] & 15, a[i] >> 4);
	snprintf(buf + n, size - n, "ip6.arpa");
	return buf;
}

/* RFC 3597's form for any type: \# LENGTH HEX... */
static int generic(char *rest, unsigned char *rd, size_t size)
{
	unsigned long n;
	size_t k = 0;
	char *w;

	word(&rest);   /* \# */
	if (!number(word(&rest), size, 0, &n))
		return -1;
	while ((w = word(&rest)))
		for (; *w; w += 2) {
			unsigned hi, lo;
			if (!isxdigit((unsigned char)w[0]) || !isxdigit((unsigned char)w[1]) || k == n)
				return -1;
			hi = (unsigned)(isdigit((unsigned char)w[0]) ? w[0] - '0' : (tolower(w[0]) - 'a' + 10));
			lo = (unsigned)(isdigit((unsigned char)w[1]) ? w[1] - '0' : (tolower(w[1]) - 'a' + 10));
			rd[k++] = (unsigned char)(hi << 4 | lo);
		}
	return k == n ? (int)n : -1;
}

/* SOA NAME MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM */
static int soa_rdata(char *rest, unsigned char *rd, size_t size)
{
	unsigned char *p = put_name(rd, rd + size, word(&rest));
	unsigned long v;

	p = p ? put_name(p, rd + size, word(&rest)) : NULL;
	if (!p || rd + size - p < 20)
		return -1;
	for (int i = 0; i < 5; i++) {
		if (!number(word(&rest), 0xffffffffUL, 0, &v))
			return -1;
		p = put32(p, v);
	}
	return word(&rest) ? -1 : (int)(p - rd);
}

/* The RDATA of a record of type from the rest of its line, in rd; its
 * length, or -1 when the line is not one. */
static int rdata(int type, char *rest, unsigned char *rd, size_t size)
{
	unsigned char *p = rd, *end = rd + size;
	char *v;
	unsigned long a, b, c;

	if (!strncmp(rest + strspn(rest, " \t"), "\\#", 2))
		return generic(rest, rd, size);
	if (type == ns_t_txt) {
		p = put_text(p, end, rest);
		return p && p > rd ? (int)(p - rd) : -1;
	}
	if (type == ns_t_soa)
		return soa_rdata(rest, rd, size);
	v = word(&rest);
	switch (type) {
	case ns_t_a:
		return v && inet_pton(AF_INET, v, rd) == 1 ? 4 : -1;
	case ns_t_aaaa:
		return v && inet_pton(AF_INET6, v, rd) == 1 ? 16 : -1;
	case ns_t_cname: case ns_t_ptr: case ns_t_ns:
		p = put_name(p, end, v);
		break;
	case ns_t_mx:   /* MX NAME EXCHANGE [PREFERENCE] */
		if (!number(word(&rest), 65535, 10, &a))
			return -1;
		p = put_name(put16(p, a), end, v);
		break;
	case ns_t_srv: {   /* SRV NAME TARGET PORT [PRIORITY [WEIGHT]] */
		char *port = word(&rest), *prio = word(&rest), *weight = word(&rest);
		if (!port || !number(port, 65535, 0, &a) || !number(prio, 65535, 1, &b) ||
		    !number(weight, 65535, 100, &c))
			return -1;
		p = put_name(put16(put16(put16(p, b), c), a), end, v);
		break;
	}
	case 256: {   /* URI NAME TARGET [PRIORITY [WEIGHT]] */
		char *prio = word(&rest), *weight = word(&rest);
		size_t n = v ? strlen(v) : 0;
		if (!n || n > size - 4 || !number(prio, 65535, 1, &a) ||
		    !number(weight, 65535, 100, &b))
			return -1;
		p = put16(put16(p, a), b);
		memcpy(p, v, n);
		p += n;
		break;
	}
	default:
		return -1;
	}
	return p && !word(&rest) ? (int)(p - rd) : -1;
}

/* size bytes from the arena, a new block begun when the last is full. */
static char *arena_take(size_t size)
{
	enum { BLOCK = 1 << 16 };
	char *p;

	size = (size + 7) & ~(size_t)7;
	if (!arena || arena_size - arena_used < size) {
		size_t want = size + 8 > BLOCK ? size + 8 : BLOCK;
		char *b = malloc(want);
		if (!b)
			return NULL;
		memcpy(b, &arena, sizeof arena);
		arena = b;
		arena_used = 8;
		arena_size = want;
	}
	p = arena + arena_used;
	arena_used += size;
	return p;
}

/* A record: its owner and RDATA from the arena, the table grown by half
 * again when full. */
static int add(const char *key, size_t h, int type, unsigned ttl, const unsigned char *rd,
               int len)
{
	size_t klen = strlen(key) + 1;
	char *name;

	if (nrecs == room) {
		size_t more = room ? room + room / 2 : 64;
		struct ar_rr *r = realloc(recs, more * sizeof *recs);
		size_t *hs = r ? realloc(hashes, more * sizeof *hashes) : NULL;
		if (r)
			recs = r;
		if (!hs)
			return -1;
		hashes = hs;
		room = more;
	}
	if (!(name = arena_take(klen + (size_t)len)))
		return -1;
	memcpy(name, key, klen);
	memcpy(name + klen, rd, (size_t)len);
	recs[nrecs] = (struct ar_rr){ .name = name, .type = (unsigned short)type,
	                                .ttl = ttl, .rdlen = (unsigned short)len,
	                                .rdata = (unsigned char *)name + klen };
	hashes[nrecs++] = h;
	return 0;
}

/* One line, "[TTL] TYPE NAME VALUE...": 0 when it is a record, blank or
 * a comment. */
static int parse_line(char *line, const char **why)
{
	char *p = line, *t = word(&p), *owner, key[NS_MAXDNAME], rev[80];
	unsigned char rd[4096];
	unsigned long ttl = AR_ANSWERS_TTL;
	size_t h;
	int type, len;

	if (!t || *t == '#' || *t == ';')
		return 0;
	*why = "a TTL over 2147483647";
	if (isdigit((unsigned char)*t) && (!number(t, 0x7fffffffUL, 0, &ttl) || !(t = word(&p))))
		return -1;
	*why = "unknown type";
	if (!(type = afile_type(t)))
		return -1;
	*why = "not a domain name";
	owner = word(&p);
	if (!owner || !key_of(type == ns_t_ptr ? ptr_name(owner, rev, sizeof rev) : owner,
	                      key, sizeof key, &h))
		return -1;
	*why = "a value that is not one of this type";
	if (type == AR_T_NXDOMAIN)
		return word(&p) ? -1 : add(key, h, type, 0, rd, 0);
	if (type >= (int)AR_T_NODATA) {   /* NODATA NAME TYPE, SERVFAIL NAME [TYPE] */
		char *of = word(&p);
		int t2 = of ? afile_type(of) : type == (int)AR_T_NODATA ? -1 : 0;
		if (t2 < 0 || (of && !t2) || t2 >= (int)AR_T_NXDOMAIN || word(&p))
			return -1;
		rd[0] = (unsigned char)(t2 >> 8), rd[1] = (unsigned char)t2;
		return add(key, h, type, 0, rd, 2);
	}
	len = rdata(type, p, rd, sizeof rd);
	return len < 0 ? -1 : add(key, h, type, (unsigned)ttl, rd, len);
}

static int same_rr(const struct ar_rr *a, const struct ar_rr *b)
{
	return a->type == b->type && a->rdlen == b->rdlen && !memcmp(a->rdata, b->rdata, a->rdlen);
}

/* key's slot (h its hash): the one holding its group, else the empty
 * one to take.  A hash table rather than a sort (qsort was a quarter of
 * a 100,000-record load): each owner's records stay in the file's order. */
static unsigned *slot(const char *key, size_t h)
{
	size_t i = h & (nslots - 1);

	while (slots[i] && strcmp(groups[slots[i] - 1].name, key))
		i = (i + 1) & (nslots - 1);
	return &slots[i];
}

/* recs, read in the file's order, grouped by owner; a record written
 * twice (a merged recording's repeats) kept once.  -1 when out of memory. */
static int group(void)
{
	size_t *of = malloc((nrecs ? nrecs : 1) * sizeof *of), kept = 0;
	struct ar_rr *out = malloc((nrecs ? nrecs : 1) * sizeof *out);

	for (nslots = 16; nslots < 2 * nrecs; nslots *= 2)
		;
	slots = calloc(nslots, sizeof *slots);
	groups = malloc((nrecs ? nrecs : 1) * sizeof *groups);
	if (!of || !out || !slots || !groups) {
		free(of);
		free(out);
		return -1;
	}
	for (size_t i = 0; i < nrecs; i++) {
		unsigned *s = slot(recs[i].name, hashes[i]);
		if (!*s) {
			groups[ngroups] = (struct group){ .name = recs[i].name };
			*s = (unsigned)++ngroups;
		}
		of[i] = *s - 1;
		groups[of[i]].n++;
	}
	for (size_t g = 0, at = 0; g < ngroups; g++) {
		groups[g].start = at;
		at += groups[g].n;
		groups[g].n = 0;
	}
	for (size_t i = 0; i < nrecs; i++) {
		struct group *g = &groups[of[i]];
		int seen = 0;
		for (size_t j = 0; j < g->n && !seen; j++)
			seen = same_rr(&out[g->start + j], &recs[i]);
		if (!seen)
			out[g->start + g->n++] = recs[i], kept++;
	}
	free(of);
	free(recs);
	free(hashes);
	hashes = NULL;
	recs = out;
	nrecs = kept;
	return 0;
}

/* The records whose owner is key, the table read (load's own use too). */
static const struct ar_rr *find(const char *key, size_t *n)
{
	unsigned g = slots ? *slot(key, hash(key)) : 0;

	*n = g ? groups[g - 1].n : 0;
	return g ? &recs[groups[g - 1].start] : NULL;
}

/* A CNAME chain that comes back to a name it passed: the first such
 * name, or NULL. */
static const char *cname_loop(void)
{
	char key[NS_MAXDNAME], next[NS_MAXDNAME];

	for (size_t g = 0; g < ngroups; g++) {
		const char *name = groups[g].name;
		size_t i, n = groups[g].n;
		const struct ar_rr *own = &recs[groups[g].start];
		for (i = 0; i < n && own[i].type != ns_t_cname; i++)
			;
		if (i == n)
			continue;
		snprintf(key, sizeof key, "%s", name);
		for (int hop = 0; hop < 64; hop++) {
			size_t n, j;
			const struct ar_rr *r = find(key, &n);
			for (j = 0; j < n && r[j].type != ns_t_cname; j++)
				;
			if (j == n)
				break;
			if (dn_expand(r[j].rdata, r[j].rdata + r[j].rdlen, r[j].rdata, next,
			              sizeof next) < 0 || !afile_key(next, key, sizeof key))
				break;
			if (!strcmp(key, name))
				return name;
		}
	}
	return NULL;
}

/* Told once, on stderr and in the trace: the file cannot be used. */
static void refuse(const char *path, size_t lineno, const char *why, int tell)
{
	char line[768];
	int n = lineno ? snprintf(line, sizeof line, "aresolv: answers %s:%zu: %s: every DNS lookup fails\n", path, lineno, why)
	               : snprintf(line, sizeof line, "aresolv: answers %s: %s: every DNS lookup fails\n", path, why);

	if (n > 0 && tell)
		(void)!write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
	if (n > 0 && (size_t)n < sizeof line)
		line[n - 1] = 0;
	ar_trace("%s", line + 9);
}

/* The table from path's lines; loaded set.  lenient: a line that is not
 * a record is skipped (RESOLV_WRAPPER_HOSTS), else it fails the file, as
 * a CNAME loop does.  tell: a failure said on stderr too. */
static void load_path(const char *path, int lenient, int tell)
{
	const char *why = NULL, *loop;
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0, lineno = 0, bad = 0;

	if (!f) {
		refuse(path, 0, "cannot be read", tell);
		return;
	}
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (!parse_line(line, &why))
			continue;
		if (!lenient) {
			bad = lineno;
			break;
		}
		ar_trace("answers %s:%zu: line ignored: %s", path, lineno, why);
	}
	free(line);
	fclose(f);
	if (bad) {
		refuse(path, bad, why, tell);
		return;
	}
	if (group() < 0) {
		refuse(path, 0, "out of memory", tell);
		return;
	}
	if (!lenient && (loop = cname_loop())) {
		char msg[NS_MAXDNAME + 32];
		snprintf(msg, sizeof msg, "a CNAME loop through %s", loop);
		refuse(path, 0, msg, tell);
		return;
	}
	loaded = 1;
	ar_trace("answers %s: %zu records", path, nrecs);
}

static void load(void)
{
	load_path(ar_config()->answers, ar_config()->answers_lenient, 1);
}

/* For the fuzzer (tests/fuzz/afile.c), with no other thread: the table
 * read again, from path, nothing said on stderr.  afile_loaded's. */
int afile_reload(const char *path, int lenient)
{
	pthread_once(&once, load);
	while (arena) {
		char *before;
		memcpy(&before, arena, sizeof before);
		free(arena);
		arena = before;
	}
	free(recs);
	free(hashes);
	free(groups);
	free(slots);
	recs = NULL;
	hashes = NULL;
	groups = NULL;
	slots = NULL;
	nrecs = room = ngroups = nslots = 0;
	loaded = -1;
	load_path(path, lenient, 0);
	return loaded;
}

/* 1 when the file was read, -1 when it could not be. */
int afile_loaded(void)
{
	pthread_once(&once, load);
	return loaded;
}

/* The records whose owner is key (afile_key's form), in the file's
 * order: *n of them from the one returned. */
const struct ar_rr *afile_find(const char *key, size_t *n)
{
	*n = 0;
	return afile_loaded() < 0 ? NULL : find(key, n);
}
