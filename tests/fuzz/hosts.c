/* hosts: the input as the hosts file (ARESOLV_HOSTS, a temporary file),
 * looked up by name and by address through hosts_by_name and
 * hosts_by_addr, with host.conf's "multi" off and on, and every answer
 * packed into a hostent and an addrinfo list.  Each answer is checked
 * against a small model of the file with glibc's rules (nss_files), a
 * linear scan where hosts.c has its index: the file is read line by line
 * as __nss_readline reads it (a NUL ends its line's text; leading spaces
 * moved out without the NUL), fields are separated by
 * any isspace character, '#' starts a comment, a line needs an address
 * and a name; the first matching line counts, or with multi every one;
 * for AF_INET, ::1 is 127.0.0.1 and ::ffff:a.b.c.d is a.b.c.d; by
 * address, from glibc 2.38 on, ::ffff:a.b.c.d finds a.b.c.d's line too.
 * Each address is asked as glibc 2.36 and as 2.38 answers it: the harness
 * is linked with --wrap=libc_hosts_mapped and says which.
 *
 * hosts.c re-reads the file when its stat changes, checked at most once a
 * second by ar_now_us.  The harness is linked with --wrap=ar_now_us and
 * moves its clock two seconds on for each input, and gives each input's
 * file a new modification time, so each input is parsed afresh; the
 * lookups after the first within one input use the cached parse. */
#include <arpa/inet.h>
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static char path[PATH_MAX];
static uint64_t now_us = 1000000000;
static time_t generation = 1;

uint64_t __wrap_ar_now_us(void);
uint64_t __wrap_ar_now_us(void)
{
	return now_us;
}

/* ::ffff:0:0/96, the v4-mapped prefix */
static const unsigned char v4mapped[12] = { [10] = 0xff, [11] = 0xff };

/* The glibc hosts.c follows, set by by_addr (the fuzzer's one thread). */
static int mapped_glibc;

int __wrap_libc_hosts_mapped(void);
int __wrap_libc_hosts_mapped(void)
{
	return mapped_glibc;
}

static void cleanup(void)
{
	unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_tempfile(path, sizeof path, "hosts");
	atexit(cleanup);
	setenv("ARESOLV_HOSTS", path, 1);
	FUZZ_CHECK(!strcmp(ar_config()->hosts, path), "ARESOLV_HOSTS not taken");
	return 0;
}

static void put_file(const uint8_t *data, size_t size)
{
	time_t mtime = generation++;

	now_us += 2000000;
	if (!size) {   /* no file at all */
		unlink(path);
		return;
	}
	fuzz_put_file(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), path, data, size,
	              mtime);
}

/* ---- the model ---- */

struct line {
	struct ar_addr addr;
	char **names;
	int nnames;
};

struct model {
	char *text;
	char **names;
	struct line *lines;
	size_t nlines;
};

FUZZ_NOCOV static void model_parse(struct model *m, const uint8_t *data, size_t size)
{
	static const char blanks[] = " \t\r\v\f";   /* isspace, as glibc splits */
	const char *src = (const char *)data, *stop = src + size, *nl;
	char *p, *line;
	size_t nn = 0;

	/* each line as fgets leaves it in glibc's buffer: through its
	 * newline, then a NUL */
	m->text = calloc(2 * size + 2, 1);
	m->names = calloc(size + 1, sizeof *m->names);
	m->lines = calloc(size + 1, sizeof *m->lines);
	m->nlines = 0;
	for (line = m->text; src < stop; src = nl, line = p + 1) {
		struct line *l = &m->lines[m->nlines];
		char *f, *save, *q;
		nl = memchr(src, '\n', (size_t)(stop - src));
		nl = nl ? nl + 1 : stop;
		memcpy(line, src, (size_t)(nl - src));
		p = line + (nl - src);   /* the line's NUL */
		/* __nss_readline: the leading spaces dropped with
		 * memmove(buf, q, strlen(q)), the NUL left where it was */
		for (q = line; *q == ' ' || (*q >= '\t' && *q <= '\r'); q++)
			;
		if (q != line)
			memmove(line, q, strlen(q));
		if ((q = strpbrk(line, "#\n")))
			*q = 0;
		if (!(f = strtok_r(line, blanks, &save)))
			continue;
		memset(&l->addr, 0, sizeof l->addr);
		if (inet_pton(AF_INET, f, l->addr.bytes) == 1)
			l->addr.family = AF_INET;
		else if (inet_pton(AF_INET6, f, l->addr.bytes) == 1)
			l->addr.family = AF_INET6;
		else
			continue;
		l->names = &m->names[nn];
		while ((f = strtok_r(NULL, blanks, &save)))
			m->names[nn++] = f;
		l->nnames = (int)(&m->names[nn] - l->names);
		if (l->nnames)
			m->nlines++;
	}
}

static void model_free(struct model *m)
{
	free(m->text);
	free(m->names);
	free(m->lines);
}

/* The line's address as a lookup of family sees it; 0 when it does not. */
FUZZ_NOCOV static int model_addr(const struct ar_addr *in, int family, struct ar_addr *out)
{
	static const unsigned char loop6[16] = { [15] = 1 };

	*out = *in;
	if (family == AF_UNSPEC || family == in->family)
		return 1;
	if (family != AF_INET || in->family != AF_INET6)
		return 0;
	memset(out, 0, sizeof *out);
	out->family = AF_INET;
	if (!memcmp(in->bytes, loop6, 16)) {
		out->bytes[0] = 127;
		out->bytes[3] = 1;
		return 1;
	}
	if (!memcmp(in->bytes, v4mapped, 12)) {
		memcpy(out->bytes, in->bytes + 12, 4);
		return 1;
	}
	return 0;
}

/* The expected answer, built with the library's own answer_* (their
 * de-duplication is not what is tested here). */
FUZZ_NOCOV static void model_take(struct ar_answer *a, const struct line *l)
{
	int i = 0;

	if (!a->name) {
		a->name = strdup(l->names[0]);
		i = 1;
	}
	for (; i < l->nnames; i++)
		answer_add_alias(a, l->names[i]);
}

FUZZ_NOCOV static int model_by_name(const struct model *m, const char *name, int family, int multi,
                         struct ar_answer *a)
{
	struct ar_addr addr;
	int found = 0;

	if (!*name || name[strlen(name) - 1] == '.')
		return 0;
	for (size_t i = 0; i < m->nlines; i++) {
		const struct line *l = &m->lines[i];
		int has = 0;
		for (int j = 0; j < l->nnames && !has; j++)
			has = !strcasecmp(l->names[j], name);
		if (!has || !model_addr(&l->addr, family, &addr))
			continue;
		model_take(a, l);
		answer_add_addr(a, addr.family, addr.bytes);
		found = 1;
		if (!multi)
			break;
	}
	return found;
}

/* Whether the line's address is want, as nss_files reads the line for a
 * lookup of want's family. */
FUZZ_NOCOV static int model_is_addr(const struct line *l, const struct ar_addr *want)
{
	struct ar_addr seen;

	if (model_addr(&l->addr, want->family, &seen))
		return !memcmp(seen.bytes, want->bytes, want->family == AF_INET ? 4 : 16);
	return mapped_glibc && l->addr.family == AF_INET && !memcmp(want->bytes, v4mapped, 12) &&
	       !memcmp(l->addr.bytes, want->bytes + 12, 4);
}

FUZZ_NOCOV static int model_by_addr(const struct model *m, const struct ar_addr *want, struct ar_answer *a)
{
	for (size_t i = 0; i < m->nlines; i++) {
		const struct line *l = &m->lines[i];
		if (!model_is_addr(l, want))
			continue;
		model_take(a, l);
		answer_add_addr(a, want->family, want->bytes);
		return 1;
	}
	return 0;
}

/* ---- the checks ---- */

FUZZ_NOCOV static void same(const char *what, const char *key, int family, int r, const struct ar_answer *a,
                 int mr, const struct ar_answer *m)
{
	const char *bad = NULL;
	size_t i;

	if (r != mr)
		bad = "found";
	else if (r && (!a->name || strcmp(a->name, m->name)))
		bad = "name";
	else if (r && a->naliases != m->naliases)
		bad = "number of aliases";
	else if (r && a->naddrs != m->naddrs)
		bad = "number of addresses";
	else if (r && (!a->source || strcmp(a->source, "hosts")))
		bad = "source";
	for (i = 0; r && !bad && i < a->naliases; i++)
		if (strcmp(a->aliases[i], m->aliases[i]))
			bad = "alias";
	for (i = 0; r && !bad && i < a->naddrs; i++)
		if (a->addrs[i].family != m->addrs[i].family ||
		    memcmp(a->addrs[i].bytes, m->addrs[i].bytes, 16))
			bad = "address";
	if (!bad)
		return;
	fuzz_print(what, key);
	fprintf(stderr, "  family %d: hosts.c %d (%s, %zu aliases, %zu addresses), model %d (%s, %zu "
	        "aliases, %zu addresses)\n", family, r, a->name ? a->name : "-", a->naliases,
	        a->naddrs, mr, m->name ? m->name : "-", m->naliases, m->naddrs);
	FUZZ_CHECK(0, "%s: %s differs from the model", what, bad);
}

static void by_name(const struct model *m, const char *name, struct ar_config *cf)
{
	static const int families[] = { AF_INET, AF_INET6, AF_UNSPEC };
	struct ar_answer a, e;

	for (int multi = 0; multi < 2; multi++) {
		cf->multi = multi;
		for (size_t f = 0; f < 3; f++) {
			answer_init(&a);
			answer_init(&e);
			int r = hosts_by_name(name, families[f], &a);
			int mr = model_by_name(m, name, families[f], multi, &e);
			same("hosts_by_name", name, families[f], r, &a, mr, &e);
			if (r > 0 && multi && families[f] == AF_UNSPEC)
				fuzz_pack(&a, 1);
			answer_clear(&a);
			answer_clear(&e);
		}
	}
}

/* want, as glibc 2.36 and as 2.38 look it up; an IPv4 address also in
 * its v4-mapped form */
static void by_addr(const struct model *m, const struct ar_addr *want)
{
	struct ar_answer a, e;
	char text[INET6_ADDRSTRLEN];

	inet_ntop(want->family, want->bytes, text, sizeof text);
	for (mapped_glibc = 0; mapped_glibc < 2; mapped_glibc++) {
		answer_init(&a);
		answer_init(&e);
		int r = hosts_by_addr(want, &a);
		int mr = model_by_addr(m, want, &e);
		same("hosts_by_addr", text, want->family, r, &a, mr, &e);
		if (r > 0)
			fuzz_pack(&a, 0);
		answer_clear(&a);
		answer_clear(&e);
	}
	if (want->family == AF_INET) {
		struct ar_addr v6 = { .family = AF_INET6 };
		memcpy(v6.bytes, v4mapped, 12);
		memcpy(v6.bytes + 12, want->bytes, 4);
		by_addr(m, &v6);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* ar_config's struct is static and not const; multi is set per run */
	struct ar_config *cf = (struct ar_config *)ar_config();
	static const char *const fixed[] = { "LocalHost", "localhost.", "" };
	struct ar_addr v4 = { AF_INET, 0, { 127, 0, 0, 1 } }, v6 = { AF_INET6, 0, { [15] = 1 } };
	struct model m;
	int saved = cf->multi, asked = 0;

	put_file(data, size);
	model_parse(&m, data, size);
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		by_name(&m, fixed[i], cf);
	by_addr(&m, &v4);
	by_addr(&m, &v6);
	for (size_t i = 0; i < m.nlines && asked < 12; i++) {
		const struct line *l = &m.lines[i];
		char upper[256] = "";
		/* the index folds case as strcasecmp does: the first name in
		 * capitals, and a name one byte short (a miss, most often) */
		for (size_t k = 0; k + 1 < sizeof upper && l->names[0][k]; k++) {
			upper[k] = (char)toupper((unsigned char)l->names[0][k]);
			upper[k + 1] = 0;
		}
		if (strlen(upper) > 1)
			by_name(&m, upper + 1, cf);
		by_addr(&m, &l->addr);
		for (int j = 0; j < l->nnames && j < 3; j++, asked++)
			by_name(&m, l->names[j], cf);
		by_name(&m, upper, cf);
	}
	cf->multi = saved;
	model_free(&m);
	return 0;
}
