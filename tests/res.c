/* tests/res.c: one res_* call (or name lookup) described on the command
 * line, and its outcome printed deterministically, for tests/45-res.t
 * (run once with glibc, once with aresolv preloaded: the two outputs
 * must be identical).
 *
 *   res [STATE OPTIONS] [--anslen N] [--hdr] VERB ARGS...
 *
 * State: the thread's _res after res_init() (--noinit: never initialised
 * by the program), or with --state zero (a zeroed res_state the program
 * never initialised) or --state ninit (a res_ninit'd one of its own) the
 * res_n* form of the call.  What the options set is put into that state
 * after its initialisation:
 *   --ns IP:PORT (repeatable: nsaddr_list, nscount), --retrans N,
 *   --retry N, --ndots N, --search D1,D2,... (dnsrch), --set OPT,
 *   --clear OPT (usevc, igntc, dnsrch, defnames, edns0, notldquery)
 * Verbs:
 *   query NAME TYPE | search NAME TYPE | querydomain NAME DOMAIN TYPE
 *   send NAME TYPE [--qd N] [--cut N] [--pad N] [--anssiz N]
 *        (the query from res_mkquery; qdcount set to N; cut to N bytes;
 *        N bytes of EDNS padding in an OPT record)
 *   gai NAME  | ghbn NAME   (AF_INET lookups)
 *   ghbn-nscount NAME       (gethostbyname, then _res.nscount and RES_INIT)
 * NAME "NULL" is a NULL pointer; "LONG:N:SUFFIX" is a name of N
 * characters ending in .SUFFIX.  TYPE: a, aaaa, txt, srv, mx or a number.
 *
 * Output, one line: ret, h_errno, errno by name when ret is -1, then for
 * a reply (ret >= 12, or --hdr with anslen >= 12) the header's rcode, tc
 * and ancount, the bytes up to min(ret, anslen) in hex without the ID
 * (res_send: whether the ID is the query's), and how many bytes past
 * the buffer's size (and past byte 3) were written.  The buffer is zeroed
 * up to anslen, marked past it. */

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../src/qfmt.h"

#define BUFSZ 70000
#define FILL 0xa5

static unsigned char buf[BUFSZ];

static void die(const char *msg)
{
	fprintf(stderr, "res: %s\n", msg);
	exit(2);
}

static const char *herr_name(int h)
{
	static char b[32];

	return herrno_word(h, b, sizeof b);
}

static const char *err_name(int e)
{
	const char *n = strerrorname_np(e);
	static char b[32];

	if (n)
		return n;
	snprintf(b, sizeof b, "errno%d", e);
	return b;
}

static int type_of(const char *s)
{
	static const struct { const char *n; int t; } t[] = {
		{ "a", ns_t_a }, { "aaaa", ns_t_aaaa }, { "txt", ns_t_txt },
		{ "srv", ns_t_srv }, { "mx", ns_t_mx }, { "ptr", ns_t_ptr },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcasecmp(s, t[i].n))
			return t[i].t;
	return atoi(s);
}

static unsigned opt_of(const char *s)
{
	static const struct { const char *n; unsigned o; } t[] = {
		{ "usevc", RES_USEVC }, { "igntc", RES_IGNTC }, { "dnsrch", RES_DNSRCH },
		{ "defnames", RES_DEFNAMES }, { "edns0", RES_USE_EDNS0 },
		{ "notldquery", RES_NOTLDQUERY }, { "recurse", RES_RECURSE },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(s, t[i].n))
			return t[i].o;
	die("unknown option name");
	return 0;
}

/* NULL, LONG:N:SUFFIX, or the argument itself */
static const char *name_of(const char *s)
{
	if (!strcmp(s, "NULL"))
		return NULL;
	if (!strncmp(s, "LONG:", 5)) {
		char *end, *n;
		long len = strtol(s + 5, &end, 10);
		const char *suffix = *end == ':' ? end + 1 : "fault.test";
		long sl = (long)strlen(suffix), rest = len - sl - 1, at = 0;

		if (len <= sl + 1 || !(n = malloc((size_t)len + 1)))
			die("bad LONG: name");
		/* "qlong" then labels of up to 63 'a's, never an empty one
		 * (faultd answers a first label "qlong..." ok) */
		while (rest > 0) {
			long k = rest > 63 ? 63 : rest;
			if (rest - k == 1)
				k--;
			memset(n + at, 'a', (size_t)k);
			at += k;
			rest -= k;
			if (rest > 0) {
				n[at++] = '.';
				rest--;
			}
		}
		n[at++] = '.';
		memcpy(n + at, suffix, (size_t)sl + 1);
		if (len - sl - 1 >= 5)
			memcpy(n, "qlong", 5);
		return n;
	}
	return s;
}

static void print_reply(int ret, int anslen, int hdr, const unsigned char *q)
{
	int n = ret < anslen ? ret : anslen;
	int over = 0, from = anslen > 4 ? anslen : 4;

	if ((ret >= HFIXEDSZ && anslen >= HFIXEDSZ) || (hdr && anslen >= HFIXEDSZ))
		printf(" rcode=%d tc=%d ancount=%d", buf[3] & 0x0f, (buf[2] >> 1) & 1,
		       buf[6] << 8 | buf[7]);
	if (q && ret >= 2 && anslen >= 2)
		printf(" id=%s", !memcmp(buf, q, 2) ? "same" : "diff");
	if (n > 2) {
		printf(" hex=");
		for (int i = 2; i < n; i++)
			printf("%02x", buf[i]);
	}
	for (int i = from < 0 ? 4 : from; i < BUFSZ; i++)
		over += buf[i] != FILL;
	printf(" over=%d\n", over);
}

static void print_ret(int ret, int herr, int err)
{
	printf("ret=%d h_errno=%s", ret, herr_name(herr));
	if (ret == -1)
		printf(" errno=%s", err_name(err));
}

int main(int argc, char **argv)
{
	struct sockaddr_in ns[MAXNS];
	int nns = 0, retrans = -1, retry = -1, ndots = -1, noinit = 0, hdr = 0;
	int anslen = 4096;
	unsigned set = 0, clear = 0;
	const char *search = NULL, *state = "global";
	static struct __res_state own;
	res_state st = &_res;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(o, "--noinit")) { noinit = 1; continue; }
		if (!strcmp(o, "--hdr")) { hdr = 1; continue; }
		if (!v)
			die("option without a value");
		i++;
		if (!strcmp(o, "--ns")) {
			char ip[64];
			const char *colon = strrchr(v, ':');
			if (!colon || colon - v >= (long)sizeof ip || nns == MAXNS)
				die("--ns IP:PORT");
			memcpy(ip, v, (size_t)(colon - v));
			ip[colon - v] = 0;
			memset(&ns[nns], 0, sizeof ns[nns]);
			ns[nns].sin_family = AF_INET;
			ns[nns].sin_port = htons((unsigned short)atoi(colon + 1));
			if (inet_pton(AF_INET, ip, &ns[nns].sin_addr) != 1)
				die("--ns: not an IPv4 address");
			nns++;
		} else if (!strcmp(o, "--retrans")) retrans = atoi(v);
		else if (!strcmp(o, "--retry")) retry = atoi(v);
		else if (!strcmp(o, "--ndots")) ndots = atoi(v);
		else if (!strcmp(o, "--search")) search = v;
		else if (!strcmp(o, "--set")) set |= opt_of(v);
		else if (!strcmp(o, "--clear")) clear |= opt_of(v);
		else if (!strcmp(o, "--state")) state = v;
		else if (!strcmp(o, "--anslen")) anslen = atoi(v);
		else die("unknown option");
	}
	if (i >= argc)
		die("no verb");

	if (!strcmp(state, "zero")) {
		memset(&own, 0, sizeof own);
		st = &own;
	} else if (!strcmp(state, "ninit")) {
		memset(&own, 0, sizeof own);
		if (res_ninit(&own) != 0)
			die("res_ninit failed");
		st = &own;
	} else if (!strcmp(state, "global")) {
		if (!noinit && res_init() != 0)
			die("res_init failed");
	} else
		die("--state global|zero|ninit");
	if (nns) {
		for (int k = 0; k < nns; k++)
			st->nsaddr_list[k] = ns[k];
		st->nscount = nns;
	}
	if (retrans >= 0) st->retrans = retrans;
	if (retry >= 0) st->retry = retry;
	if (ndots >= 0) st->ndots = (unsigned)ndots;
	st->options |= set;
	st->options &= ~(unsigned long)clear;
	if (search) {
		/* the program's own strings, as a program may set them */
		static char names[MAXDNSRCH][256];
		int k = 0;
		char *copy = strdup(search), *save, *tok;
		for (tok = strtok_r(copy, ",", &save); tok && k < MAXDNSRCH;
		     tok = strtok_r(NULL, ",", &save), k++) {
			snprintf(names[k], sizeof names[k], "%s", tok);
			st->dnsrch[k] = names[k];
		}
		st->dnsrch[k] = NULL;
	}

	const char *verb = argv[i++];
	int nargs = argc - i, ret, herr, err;
	char **a = argv + i;
	int global = st == &_res;

	/* the buffer zeroed as a fresh one (glibc's send_dg reads the reply's
	 * question up to the end of the buffer, not of the datagram: what it
	 * holds decides), the bytes past its size marked */
	memset(buf, FILL, sizeof buf);
	if (anslen > 0)
		memset(buf, 0, (size_t)(anslen < BUFSZ ? anslen : BUFSZ));
	h_errno = 0;
	errno = 0;
	if (!strcmp(verb, "query") && nargs == 2) {
		const char *name = name_of(a[0]);
		int t = type_of(a[1]);
		ret = global ? res_query(name, ns_c_in, t, buf, anslen)
		             : res_nquery(st, name, ns_c_in, t, buf, anslen);
	} else if (!strcmp(verb, "search") && nargs == 2) {
		const char *name = name_of(a[0]);
		int t = type_of(a[1]);
		ret = global ? res_search(name, ns_c_in, t, buf, anslen)
		             : res_nsearch(st, name, ns_c_in, t, buf, anslen);
	} else if (!strcmp(verb, "querydomain") && nargs == 3) {
		const char *name = name_of(a[0]), *dom = name_of(a[1]);
		int t = type_of(a[2]);
		ret = global ? res_querydomain(name, dom, ns_c_in, t, buf, anslen)
		             : res_nquerydomain(st, name, dom, ns_c_in, t, buf, anslen);
	} else if (!strcmp(verb, "send") && nargs >= 2) {
		unsigned char q[2048];
		int qlen, qd = -1, cut = -1, pad = 0;
		const char *name = name_of(a[0]);
		for (int k = 2; k + 1 < nargs; k += 2) {
			if (!strcmp(a[k], "--qd")) qd = atoi(a[k + 1]);
			else if (!strcmp(a[k], "--cut")) cut = atoi(a[k + 1]);
			else if (!strcmp(a[k], "--pad")) pad = atoi(a[k + 1]);
			else die("send: --qd N, --cut N, --pad N");
		}
		/* a never initialised state is queried as it is: the query is
		 * made on a state of its own */
		{
			struct __res_state mk;
			memset(&mk, 0, sizeof mk);
			if (res_ninit(&mk) != 0)
				die("res_ninit failed");
			qlen = res_nmkquery(&mk, ns_o_query, name, ns_c_in, type_of(a[1]), NULL, 0,
			                    NULL, q, sizeof q);
			res_nclose(&mk);
		}
		if (qlen < 0)
			die("res_mkquery failed");
		if (pad > 0) {
			/* an OPT record with an EDNS padding option of pad bytes */
			if (qlen + 11 + 4 + pad > (int)sizeof q)
				die("--pad too large");
			unsigned char *p = q + qlen;
			int rdlen = 4 + pad;
			*p++ = 0;
			*p++ = 0; *p++ = 41;                /* OPT */
			*p++ = 0x04; *p++ = 0xd0;           /* 1232 bytes */
			*p++ = 0; *p++ = 0; *p++ = 0; *p++ = 0;
			*p++ = (unsigned char)(rdlen >> 8); *p++ = (unsigned char)rdlen;
			*p++ = 0; *p++ = 12;                /* padding */
			*p++ = (unsigned char)(pad >> 8); *p++ = (unsigned char)pad;
			memset(p, 0, (size_t)pad);
			qlen += 11 + rdlen;
			q[11] = 1;                          /* arcount */
		}
		if (qd >= 0) {
			q[4] = (unsigned char)(qd >> 8);
			q[5] = (unsigned char)qd;
		}
		if (cut >= 0 && cut < qlen)
			qlen = cut;
		errno = 0;
		ret = global ? res_send(q, qlen, buf, anslen) : res_nsend(st, q, qlen, buf, anslen);
		herr = h_errno;
		err = errno;
		print_ret(ret, herr, err);
		printf(" qlen=%d", qlen);
		print_reply(ret, anslen, hdr, q);
		return 0;
	} else if (!strcmp(verb, "gai") && nargs == 1) {
		struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
		int rc = getaddrinfo(name_of(a[0]), NULL, &hints, &res);
		if (rc) {
			printf("gai=%d\n", rc);
			return 0;
		}
		printf("gai=ok");
		for (struct addrinfo *p = res; p; p = p->ai_next) {
			char s[64];
			inet_ntop(AF_INET, &((struct sockaddr_in *)p->ai_addr)->sin_addr, s, sizeof s);
			printf(" %s", s);
		}
		printf("\n");
		freeaddrinfo(res);
		return 0;
	} else if ((!strcmp(verb, "ghbn") || !strcmp(verb, "ghbn-nscount")) && nargs == 1) {
		struct hostent *h = gethostbyname(name_of(a[0]));
		if (!h)
			printf("ghbn h_errno=%s", herr_name(h_errno));
		else {
			printf("ghbn=%s", h->h_name);
			for (char **p = h->h_addr_list; *p; p++) {
				char s[64];
				inet_ntop(AF_INET, *p, s, sizeof s);
				printf(" %s", s);
			}
		}
		if (!strcmp(verb, "ghbn-nscount"))
			printf(" nscount=%d init=%d", _res.nscount, !!(_res.options & RES_INIT));
		printf("\n");
		return 0;
	} else
		die("unknown verb or wrong arguments");
	herr = h_errno;
	err = errno;
	print_ret(ret, herr, err);
	if (st->res_h_errno != herr)
		printf(" res_h_errno=%s", herr_name(st->res_h_errno));
	print_reply(ret, anslen, hdr, NULL);
	return 0;
}
