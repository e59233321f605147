/* config: the settings aresolv reads.  The input is a little text:
 *
 *     ARESOLV_SERVERS=127.0.0.1:5353      environment variables (any of
 *     RES_OPTIONS=timeout:2               the names in vars[] below)
 *     [resolv.conf]                       then files, each up to the next
 *     options timeout:1 attempts:3        [section] line: resolv.conf,
 *     [gai.conf]                          host.conf, nsswitch.conf and
 *     label ::1/128 0                     gai.conf
 *
 * src/config.c, src/resconf.c and src/gaiconf.c are compiled into this
 * harness (their parsers are static), with secure_getenv, fopen and write redirected to
 * the input's variables and files and to nowhere: config_init runs once
 * per input on a cleared struct, then ar_parse_uint, the ARESOLV_SERVERS
 * check, the options reader and gai.conf's load are each checked against
 * what they should give. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *fuzz_getenv(const char *name);
static FILE *fuzz_fopen(const char *path, const char *mode);
static ssize_t fuzz_write(int fd, const void *buf, size_t n);
#define secure_getenv fuzz_getenv
#define fopen fuzz_fopen
#define write fuzz_write
#include "../../src/config.c"
#include "../../src/resconf.c"
#include "../../src/gaiconf.c"
#undef secure_getenv
#undef fopen
#undef write

#include <limits.h>

#include "fuzz.h"

/* ---- the input: variables and files ---- */

static const char *const vars[] = {
	"ARESOLV_SERVERS", "ARESOLV_TIMEOUT_MS", "ARESOLV_TRIES", "ARESOLV_MODE",
	"ARESOLV_FALLBACK", "ARESOLV_DISABLE", "ARESOLV_TRACE", "ARESOLV_HOSTS",
	"ARESOLV_RESOLV_CONF", "RES_OPTIONS", "RESOLV_MULTI", "RESOLV_HOST_CONF",
};
#define NVARS (sizeof vars / sizeof *vars)
static const char *const files[] = { "resolv.conf", "host.conf", "nsswitch.conf", "gai.conf" };
#define NFILES (sizeof files / sizeof *files)

static const char *var_value[NVARS];
static const char *file_text[NFILES];
static int complaints;

static const char *fuzz_getenv(const char *name)
{
	for (size_t i = 0; i < NVARS; i++)
		if (!strcmp(name, vars[i]))
			return var_value[i];
	return NULL;
}

/* Whichever path config.c opens, the input's file of that kind. */
static FILE *fuzz_fopen(const char *path, const char *mode)
{
	const char *base = strrchr(path, '/');
	const char *text = NULL;

	(void)mode;
	base = base ? base + 1 : path;
	if (!strcmp(path, config.resolv_conf ? config.resolv_conf : "/etc/resolv.conf"))
		base = "resolv.conf";
	for (size_t i = 0; i < NFILES; i++)
		if (!strcmp(base, files[i]))
			text = file_text[i];
	if (!text)
		return NULL;
	return *text ? fmemopen((void *)text, strlen(text), "r") : fopen("/dev/null", "r");
}

static ssize_t fuzz_write(int fd, const void *buf, size_t n)
{
	FUZZ_CHECK(fd == 2 && n > 0 && memchr(buf, '\n', n) == (const char *)buf + n - 1,
	           "complaint not one line to stderr");
	complaints++;
	return (ssize_t)n;
}

/* The file a "[name]" line starts, or -1. */
static int header(const char *s)
{
	for (size_t i = 0; i < NFILES; i++) {
		size_t n = strlen(files[i]);
		if (s[0] == '[' && !strncmp(s + 1, files[i], n) && s[1 + n] == ']' &&
		    (s[2 + n] == '\n' || !s[2 + n]))
			return (int)i;
	}
	return -1;
}

/* Splits the input in place into var_value and file_text: variables up
 * to the first section line, then each file's text up to the next. */
static void split(char *s)
{
	int in_files = 0;

	memset(var_value, 0, sizeof var_value);
	memset(file_text, 0, sizeof file_text);
	while (*s) {
		char *nl = strchr(s, '\n'), *next = nl ? nl + 1 : s + strlen(s);
		int h = header(s);
		if (h >= 0) {
			file_text[h] = next;
			in_files = 1;
			*s = 0;   /* ends the previous file */
		} else if (!in_files) {
			char *eq = strchr(s, '=');
			if (nl)
				*nl = 0;
			for (size_t i = 0; eq && i < NVARS; i++)
				if ((size_t)(eq - s) == strlen(vars[i]) && !strncmp(s, vars[i], (size_t)(eq - s)))
					var_value[i] = eq + 1;
		}
		s = next;
	}
}

/* ---- what the parsers should give ---- */

/* ar_parse_uint: one or more decimal digits, nothing else, in range. */
FUZZ_NOCOV static int ref_uint(const char *s, int min, int max, int *out)
{
	long long v = 0;

	if (!s || !*s)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		if (v <= INT_MAX)
			v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

/* ARESOLV_SERVERS: comma separated a.b.c.d[:port], [v6][:port] or a bare
 * v6 address; ports 1..65535 written in at most 7 characters. */
FUZZ_NOCOV static int ref_server(const char *s, size_t len)
{
	char host[64], port[16];
	const char *colon = NULL;
	unsigned char b[16];
	int v;

	if (len && s[0] == '[') {
		const char *close = memchr(s, ']', len);
		if (!close || (size_t)(close - s - 1) >= sizeof host)
			return 0;
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = 0;
		if (inet_pton(AF_INET6, host, b) != 1)
			return 0;
		if (close + 1 == s + len)
			return 1;
		if (close[1] != ':')
			return 0;
		colon = close + 1;
	} else {
		if (len >= sizeof host)
			return 0;
		memcpy(host, s, len);
		host[len] = 0;
		if (inet_pton(AF_INET6, host, b) == 1)
			return 1;
		if ((colon = memchr(s, ':', len)))
			host[colon - s] = 0;
		if (inet_pton(AF_INET, host, b) != 1)
			return 0;
		if (!colon)
			return 1;
	}
	len -= (size_t)(colon + 1 - s);
	if (len > 7)
		return 0;
	memcpy(port, colon + 1, len);
	port[len] = 0;
	return ref_uint(port, 1, 65535, &v) == 0;
}

FUZZ_NOCOV static int ref_servers(const char *s)
{
	for (;;) {
		const char *comma = strchr(s, ',');
		if (!ref_server(s, comma ? (size_t)(comma - s) : strlen(s)))
			return 0;
		if (!comma)
			return 1;
		s = comma + 1;
	}
}

static void check_uint(const char *s)
{
	static const int ranges[][2] = { { 0, INT_MAX }, { 1, 65535 }, { 1, 600000 }, { 1, 100 } };

	for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++) {
		int mine = -7, ref = -7;
		int r = ar_parse_uint(s, ranges[i][0], ranges[i][1], &mine);
		int g = ref_uint(s, ranges[i][0], ranges[i][1], &ref);
		if (r != g || (!r && mine != ref)) {
			fuzz_print("value", s);
			FUZZ_CHECK(0, "ar_parse_uint(%d..%d) %d (%d), expected %d (%d)", ranges[i][0],
			           ranges[i][1], r, mine, g, ref);
		}
	}
}

static void check_config(void)
{
	const char *v;
	int n;

	memset(&config, 0, sizeof config);
	complaints = 0;
	config_init();

	v = fuzz_getenv("ARESOLV_SERVERS");
	if (v && *v) {
		int ok = ref_servers(v);
		if (ok != (config.servers != NULL)) {
			fuzz_print("ARESOLV_SERVERS", v);
			FUZZ_CHECK(0, "taken %d, expected %d", config.servers != NULL, ok);
		}
		FUZZ_CHECK(!config.servers || config.servers == v, "servers copied");
		FUZZ_CHECK(ok || complaints, "no complaint about ARESOLV_SERVERS");
	} else {
		FUZZ_CHECK(!config.servers, "servers without ARESOLV_SERVERS");
	}
	v = fuzz_getenv("ARESOLV_TIMEOUT_MS");
	if (v && *v && !ref_uint(v, 1, 600000, &n))
		FUZZ_CHECK(config.timeout_ms == n, "timeout_ms %d, ARESOLV_TIMEOUT_MS %d", config.timeout_ms, n);
	else
		FUZZ_CHECK(config.timeout_ms >= 1000 && config.timeout_ms <= 30000 &&
		           config.timeout_ms % 1000 == 0, "timeout_ms %d from the options", config.timeout_ms);
	v = fuzz_getenv("ARESOLV_TRIES");
	if (v && *v && !ref_uint(v, 1, 100, &n))
		FUZZ_CHECK(config.tries == n, "tries %d, ARESOLV_TRIES %d", config.tries, n);
	else
		FUZZ_CHECK(config.tries >= 1 && config.tries <= 5, "tries %d from the options", config.tries);
	v = fuzz_getenv("ARESOLV_DISABLE");
	FUZZ_CHECK(config.disabled == (v && !strcmp(v, "1")), "disabled %d", config.disabled);
	v = fuzz_getenv("ARESOLV_MODE");
	FUZZ_CHECK((config.mode == AR_MODE_NATIVE) == (v && !strcmp(v, "native")), "mode");
	v = fuzz_getenv("ARESOLV_FALLBACK");
	FUZZ_CHECK((config.fallback == AR_FALLBACK_NEVER) == (v && !strcmp(v, "never")), "fallback");
	v = fuzz_getenv("ARESOLV_HOSTS");
	FUZZ_CHECK(!strcmp(config.hosts, v && *v ? v : "/etc/hosts"), "hosts");
	v = fuzz_getenv("RESOLV_MULTI");
	if (v && (!strcasecmp(v, "on") || !strcasecmp(v, "off")))
		FUZZ_CHECK(config.multi == !strcasecmp(v, "on"), "RESOLV_MULTI=%s, multi %d", v, config.multi);
	FUZZ_CHECK(config.multi == 0 || config.multi == 1, "multi %d", config.multi);
	FUZZ_CHECK(config.nss_files == 0 || config.nss_files == 1, "nss_files %d", config.nss_files);
	FUZZ_CHECK(config.nss_dns == 0 || config.nss_dns == 1, "nss_dns %d", config.nss_dns);
	FUZZ_CHECK(config.nss_other >= 0 && config.nss_other <= 7, "nss_other %d", config.nss_other);
	if (!file_text[2])
		FUZZ_CHECK(config.nss_files && config.nss_dns && !config.nss_other,
		           "no nsswitch.conf: glibc's default is dns files");
}

/* The options reader on its own, with glibc's clamps. */
static void check_options(const char *s)
{
	struct ar_resconf rc = { .search.ndots = -100, .timeout_s = -100, .attempts = -100 };

	read_options(&rc, s);
	FUZZ_CHECK(rc.timeout_s == -100 || rc.timeout_s <= 30, "timeout:%d", rc.timeout_s);
	FUZZ_CHECK(rc.attempts == -100 || rc.attempts <= 5, "attempts:%d", rc.attempts);
	FUZZ_CHECK(rc.search.ndots == -100 || rc.search.ndots <= 15, "ndots:%d", rc.search.ndots);
}

static int is_prefix_mask(uint32_t m)
{
	return !(~m & (~m + 1));   /* ones, then zeros */
}

/* Whether prefix a/abits takes in every address of b/bbits. */
FUZZ_NOCOV static int covers(const unsigned char *a, int abits, const unsigned char *b, int bbits)
{
	int bytes = abits / 8, bits = abits % 8;

	if (abits > bbits || memcmp(a, b, (size_t)bytes))
		return 0;
	return !bits || !((a[bytes] ^ b[bytes]) & (0xff << (8 - bits)));
}

/* The tables are searched first match first: no entry may hide a more
 * specific one after it, and the last must take every address. */
static void check_gaiconf(const char *text)
{
	struct ar_gaiconf c;
	FILE *f = text ? (*text ? fmemopen((void *)text, strlen(text), "r") : fopen("/dev/null", "r"))
	               : NULL;

	load(&c, f);
	if (f)
		fclose(f);
	const struct ar_prefix *lists[2] = { c.labels, c.precedence };
	size_t counts[2] = { c.nlabels, c.nprecedence };
	for (int l = 0; l < 2; l++) {
		const struct ar_prefix *t = lists[l];
		FUZZ_CHECK(counts[l] >= 1 && counts[l] <= AR_MAXPOLICY + 1, "%zu entries", counts[l]);
		for (size_t i = 0; i < counts[l]; i++) {
			FUZZ_CHECK(t[i].bits >= 0 && t[i].bits <= 128, "bits %d", t[i].bits);
			FUZZ_CHECK(t[i].val >= 0, "value %d", t[i].val);
			for (size_t j = 0; j < i; j++)
				FUZZ_CHECK(!covers(t[j].prefix, t[j].bits, t[i].prefix, t[i].bits) ||
				           t[j].bits == t[i].bits,
				           "%s entry %zu (/%d) hides entry %zu (/%d)",
				           l ? "precedence" : "label", j, t[j].bits, i, t[i].bits);
		}
		FUZZ_CHECK(t[counts[l] - 1].bits == 0, "no catch-all entry");
	}
	FUZZ_CHECK(c.nscopes >= 1 && c.nscopes <= AR_MAXPOLICY + 1, "%zu scopes", c.nscopes);
	for (size_t i = 0; i < c.nscopes; i++) {
		FUZZ_CHECK(is_prefix_mask(c.scopes[i].mask), "scope mask %#x", c.scopes[i].mask);
		FUZZ_CHECK((c.scopes[i].addr & ~c.scopes[i].mask) == 0, "scope address beyond its mask");
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK((c.scopes[i].addr & c.scopes[j].mask) != c.scopes[j].addr ||
			           c.scopes[j].mask >= c.scopes[i].mask,
			           "scope %zu hides scope %zu", j, i);
	}
	FUZZ_CHECK(c.scopes[c.nscopes - 1].mask == 0, "no catch-all scope");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);

	split(s);
	check_config();
	for (size_t i = 0; i < NVARS; i++)
		if (var_value[i]) {
			check_uint(var_value[i]);
			check_options(var_value[i]);
		}
	check_gaiconf(file_text[3]);
	free(s);
	return 0;
}
