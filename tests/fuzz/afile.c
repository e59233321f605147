/* afile: the input as an answers file (ARESOLV_ANSWERS, a temporary
 * file), read by afile.c strictly and leniently (as RESOLV_WRAPPER_HOSTS),
 * then every name it holds asked, for its own types and a few others,
 * through fake.c's fake_reply over UDP and TCP.  Each reply must be a
 * DNS message that libresolv's ns_initparse and ns_parserr read whole:
 * the question echoed, every answer record of the class and owner asked
 * or on the CNAME chain from it, an rcode that agrees with the answer
 * count, and over UDP no more than the question's 512 bytes unless TC.
 * A lenient read never fails (a CNAME loop is then answered SERVFAIL). */
#include <arpa/nameser.h>
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <resolv.h>
#include <strings.h>

#include "fuzz.h"

static char path[PATH_MAX];
static time_t generation = 1;

static void cleanup(void)
{
	unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_tempfile(path, sizeof path, "answers");
	atexit(cleanup);
	setenv("ARESOLV_ANSWERS", path, 1);
	FUZZ_CHECK(ar_config()->answers && !strcmp(ar_config()->answers, path),
	           "ARESOLV_ANSWERS not taken");
	return 0;
}

/* The reply to (name, type) checked whole; its answer count. */
static int ask(const char *name, int type, int tcp)
{
	unsigned char q[NS_PACKETSZ], r[65536];
	char qname[NS_MAXDNAME], owner[NS_MAXDNAME];
	int qlen = res_mkquery(ns_o_query, name, ns_c_in, type, NULL, 0, NULL, q, sizeof q);
	int rlen, missing, an, rcode;
	ns_msg msg;
	ns_rr rr;

	if (qlen < 0)
		return 0;
	rlen = fake_reply(q, (size_t)qlen, tcp, r, sizeof r, &missing);
	FUZZ_CHECK(rlen > 0, "no reply to %s type %d\n", name, type);
	FUZZ_CHECK(tcp || rlen <= 512 || (r[2] & 0x02), "%d bytes over UDP\n", rlen);
	FUZZ_CHECK(!memcmp(r, q, 2), "another ID\n");
	FUZZ_CHECK(ns_initparse(r, rlen, &msg) == 0, "reply to %s type %d does not parse\n", name,
	           type);
	FUZZ_CHECK(ns_msg_count(msg, ns_s_qd) == 1, "question count %d\n",
	           ns_msg_count(msg, ns_s_qd));
	FUZZ_CHECK(ns_parserr(&msg, ns_s_qd, 0, &rr) == 0, "question does not parse\n");
	FUZZ_CHECK((int)ns_rr_type(rr) == type && ns_rr_class(rr) == ns_c_in, "another question\n");
	FUZZ_CHECK(rlen >= qlen && !memcmp(r + NS_HFIXEDSZ, q + NS_HFIXEDSZ, (size_t)qlen - NS_HFIXEDSZ),
	           "the question not echoed for %s\n", name);
	snprintf(qname, sizeof qname, "%s", ns_rr_name(rr));
	an = ns_msg_count(msg, ns_s_an);
	rcode = ns_msg_getflag(msg, ns_f_rcode);
	FUZZ_CHECK(rcode == ns_r_noerror || rcode == ns_r_nxdomain || rcode == ns_r_servfail ||
	           rcode == ns_r_refused, "rcode %d\n", rcode);
	FUZZ_CHECK(rcode == ns_r_noerror || rcode == ns_r_nxdomain || !an,
	           "answers beside rcode %d\n", rcode);
	snprintf(owner, sizeof owner, "%s", qname);
	for (int i = 0; i < an; i++) {
		FUZZ_CHECK(ns_parserr(&msg, ns_s_an, i, &rr) == 0, "answer %d does not parse\n", i);
		FUZZ_CHECK(ns_rr_class(rr) == ns_c_in, "answer class %d\n", ns_rr_class(rr));
		FUZZ_CHECK(!strcasecmp(ns_rr_name(rr), owner), "answer %d's owner %s, not %s\n", i,
		           ns_rr_name(rr), owner);
		if (ns_rr_type(rr) == ns_t_cname && type != ns_t_cname) {
			FUZZ_CHECK(ns_name_uncompress(ns_msg_base(msg), ns_msg_end(msg), ns_rr_rdata(rr),
			                              owner, sizeof owner) > 0,
			           "CNAME %d's target does not parse\n", i);
			continue;
		}
		FUZZ_CHECK((int)ns_rr_type(rr) == type, "answer %d of type %d, asked %d\n", i,
		           ns_rr_type(rr), type);
	}
	return an;
}

/* Each line's owner word (after a TTL and a type), asked as written. */
static void ask_all(const uint8_t *data, size_t size)
{
	static const int types[] = { ns_t_a, ns_t_aaaa, ns_t_cname, ns_t_txt, ns_t_srv, ns_t_mx };
	char *text = fuzz_str(data, size), *save = NULL, *line;
	int asked = 0;

	for (line = strtok_r(text, "\n", &save); line && asked < 24;
	     line = strtok_r(NULL, "\n", &save)) {
		char *w[3], *p = line, *s2 = NULL;
		int n = 0, type;
		while (n < 3 && (w[n] = strtok_r(n ? NULL : p, " \t\r\v\f", &s2)))
			n++;
		if (n == 3 && isdigit((unsigned char)w[0][0])) {
			w[0] = w[1];
			w[1] = w[2];
			n = 2;
		}
		if (n < 2 || !(type = afile_type(w[0])) || type > 0xffff)
			continue;
		if (strlen(w[1]) >= NS_MAXDNAME)
			continue;
		asked++;
		for (int tcp = 0; tcp < 2; tcp++) {
			if (type < (int)AR_T_NXDOMAIN)
				ask(w[1], type, tcp);
			for (size_t i = 0; i < sizeof types / sizeof *types; i++)
				ask(w[1], types[i], tcp);
		}
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_put_file(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), path, data, size,
	              generation++);
	for (int lenient = 0; lenient < 2; lenient++) {
		int loaded = afile_reload(path, lenient);
		FUZZ_CHECK(loaded > 0 || !lenient, "a lenient read failed\n");
		if (loaded > 0)
			ask_all(data, size);
		ask("absent.example", ns_t_a, 0);
	}
	return 0;
}
