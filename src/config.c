/* Process-wide configuration, read once from the environment.
 *
 * Guard: the single struct below is written only inside pthread_once and is
 * read-only afterwards. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core.h"

/* Written once by config_init under pthread_once; config_ready is set
 * (release) after it, so readers that see it skip pthread_once. */
static struct ar_config config;
static pthread_once_t config_once = PTHREAD_ONCE_INIT;
static atomic_int config_ready;

int ar_parse_uint(const char *s, int min, int max, int *out)
{
	char *end;
	long v;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static void complain(const char *var, const char *value, const char *want)
{
	char line[512];
	int n = snprintf(line, sizeof line,
	                 "aresolv: ignoring %s=\"%.200s\": expected %s\n",
	                 var, value, want);
	if (n > 0)
		(void)!write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static const char *env(const char *name)
{
	const char *v = secure_getenv(name);
	return v && *v ? v : NULL;
}

static int server_ok(const char *s, size_t len)
{
	char host[INET6_ADDRSTRLEN + 1], port[8] = "";
	unsigned char b[16];
	const char *colon;
	size_t hl;
	int v;

	if (len && *s == '[') {
		const char *close = memchr(s, ']', len);
		if (!close)
			return 0;
		hl = (size_t)(close - s - 1);
		if (hl >= sizeof host)
			return 0;
		memcpy(host, s + 1, hl);
		host[hl] = 0;
		if (inet_pton(AF_INET6, host, b) != 1)
			return 0;
		colon = close + 1 < s + len ? close + 1 : NULL;
		if (colon && *colon != ':')
			return 0;
	} else {
		if (len >= sizeof host)
			return 0;
		memcpy(host, s, len);
		host[len] = 0;
		if (inet_pton(AF_INET6, host, b) == 1)
			return 1;   /* a bare IPv6 address, no port */
		colon = memchr(s, ':', len);
		host[colon ? (size_t)(colon - s) : len] = 0;
		if (inet_pton(AF_INET, host, b) != 1)
			return 0;
	}
	if (!colon)
		return 1;
	hl = len - (size_t)(colon + 1 - s);
	if (hl >= sizeof port)
		return 0;
	memcpy(port, colon + 1, hl);
	return ar_parse_uint(port, 1, 65535, &v) == 0;
}

/* ARESOLV_SERVERS: "addr[:port]" or "[addr6][:port]", comma separated. */
static int servers_ok(const char *s)
{
	const char *end;

	for (;; s = end + 1) {
		end = strchr(s, ',');
		if (!server_ok(s, end ? (size_t)(end - s) : strlen(s)))
			return 0;
		if (!end)
			return 1;
	}
}

static void read_int(const char *var, int min, int max, int *out)
{
	const char *v = env(var);
	if (v && ar_parse_uint(v, min, max, out) < 0) {
		char want[64];
		snprintf(want, sizeof want, "an integer from %d to %d", min, max);
		complain(var, v, want);
	}
}

/* host.conf's "multi on|off" (glibc's res_hconf; default off), then the
 * RESOLV_MULTI variable, as glibc reads them. */
static void read_host_conf(void)
{
	const char *path = secure_getenv("RESOLV_HOST_CONF"), *v;
	char line[256];
	FILE *f = fopen(path ? path : "/etc/host.conf", "re");

	while (f && fgets(line, sizeof line, f)) {
		char *save, *key = strtok_r(line, " \t\r\n,", &save);
		char *val = key ? strtok_r(NULL, " \t\r\n,", &save) : NULL;
		if (key && val && !strcasecmp(key, "multi"))
			config.multi = !strcasecmp(val, "on");
	}
	if (f)
		fclose(f);
	if ((v = secure_getenv("RESOLV_MULTI")))
		config.multi = !strcasecmp(v, "on") ? 1 : !strcasecmp(v, "off") ? 0 : config.multi;
}

/* nsswitch.conf's hosts line: which sources glibc would ask for a host
 * name (no line: glibc's default, dns then files). */
static void read_hosts_line(char *p)
{
	char *tok, *save;

	config.nss_files = config.nss_dns = 0;
	for (tok = strtok_r(p, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		if (*tok == '[') {      /* action items: skip to ']' */
			while (tok && !strchr(tok, ']'))
				tok = strtok_r(NULL, " \t\n", &save);
			if (!tok)
				break;
			continue;
		}
		if (!strcmp(tok, "files"))
			config.nss_files = 1;
		else if (!strcmp(tok, "dns") || !strcmp(tok, "resolve"))
			config.nss_dns = 1;
		else if (!strncmp(tok, "mdns", 4))
			config.nss_other |= 1;   /* .local names go to libc */
		else if (!strcmp(tok, "myhostname"))
			config.nss_other |= 2;   /* local host names go to libc */
		else
			config.nss_other |= 4;   /* unknown module: all to libc */
	}
}

/* nsswitch.conf's services line: files, or db before it when there is no
 * db file (nss_db then answers UNAVAIL and files is asked), is the file
 * servfile.c reads; any other source, or an action, is libc's to ask.
 * No line: glibc's default, files. */
static void read_services_line(char *p)
{
	char *tok, *save;

	for (tok = strtok_r(p, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save))
		if (strcmp(tok, "files") &&
		    (strcmp(tok, "db") || access("/var/lib/misc/services.db", F_OK) == 0))
			config.services_libc = 1;
}

/* nsswitch.conf, the one place aresolv reads it: the first hosts and
 * services lines, as glibc's nss takes them. */
static void read_nsswitch(void)
{
	char line[1024];
	FILE *f = fopen("/etc/nsswitch.conf", "re");
	int hosts = 0, services = 0;

	config.nss_files = config.nss_dns = 1;   /* glibc's default: dns files */
	while (f && fgets(line, sizeof line, f)) {
		char *p = line + strspn(line, " \t");
		if (!hosts && !strncmp(p, "hosts:", 6)) {
			hosts = 1;
			read_hosts_line(p + 6);
		} else if (!services && !strncmp(p, "services:", 9)) {
			services = 1;
			read_services_line(p + 9);
		}
	}
	if (f)
		fclose(f);
}

static void config_init(void)
{
	const char *v;
	struct ar_resconf rc;

	config.resolv_conf = env("ARESOLV_RESOLV_CONF");
	if (!config.resolv_conf)
		config.resolv_conf = "/etc/resolv.conf";
	config.hosts = env("ARESOLV_HOSTS");
	if (!config.hosts)
		config.hosts = "/etc/hosts";
	config.servers = env("ARESOLV_SERVERS");
	if (config.servers && !servers_ok(config.servers)) {
		complain("ARESOLV_SERVERS", config.servers,
		         "a list like 127.0.0.1:5353,[::1]:53");
		config.servers = NULL;
	}
	config.trace = env("ARESOLV_TRACE");
	config.shadow = env("ARESOLV_SHADOW");
	if (config.shadow && strncmp(config.shadow, "glibc:/", 7) &&
	    strncmp(config.shadow, "aresolv:/", 9)) {
		complain("ARESOLV_SHADOW", config.shadow, "glibc:/FILE or aresolv:/FILE");
		config.shadow = NULL;
	}

	config.record = env("ARESOLV_RECORD");
	config.answers = env("ARESOLV_ANSWERS");
	if (!config.answers && (config.answers = env("RESOLV_WRAPPER_HOSTS")))
		config.answers_lenient = config.answers_nodata = 1;
	if ((v = env("ARESOLV_ANSWERS_MISSING"))) {
		if (!strcmp(v, "servers"))
			config.answers_servers = 1;
		else if (!strcmp(v, "nodata"))
			config.answers_nodata = 1;
		else if (!strcmp(v, "nxdomain"))
			config.answers_nodata = 0;
		else
			complain("ARESOLV_ANSWERS_MISSING", v, "nxdomain, nodata or servers");
	}

	if ((v = env("ARESOLV_DISABLE"))) {
		if (!strcmp(v, "1"))
			config.disabled = 1;
		else if (strcmp(v, "0"))
			complain("ARESOLV_DISABLE", v, "0 or 1");
	}
	if ((v = env("ARESOLV_MODE"))) {
		if (!strcmp(v, "native"))
			config.mode = AR_MODE_NATIVE;
		else if (strcmp(v, "compat"))
			complain("ARESOLV_MODE", v, "compat or native");
	}
	if ((v = env("ARESOLV_FALLBACK"))) {
		if (!strcmp(v, "never"))
			config.fallback = AR_FALLBACK_NEVER;
		else if (strcmp(v, "auto"))
			complain("ARESOLV_FALLBACK", v, "auto or never");
	}
	resconf_read(config.resolv_conf, &rc);
	config.timeout_ms = (rc.timeout_s > 0 ? rc.timeout_s : 1) * 1000;
	config.tries = rc.attempts > 0 ? rc.attempts : 1;
	read_int("ARESOLV_TIMEOUT_MS", 1, 600000, &config.timeout_ms);
	read_int("ARESOLV_TRIES", 1, 100, &config.tries);
	config.channels = AR_DEFCHANNELS;
	read_int("ARESOLV_CHANNELS", 0, AR_MAXCHANNELS, &config.channels);
	read_nsswitch();
	read_host_conf();
	atomic_store_explicit(&config_ready, 1, memory_order_release);
}

const struct ar_config *ar_config(void)
{
	if (atomic_load_explicit(&config_ready, memory_order_acquire))
		return &config;
	pthread_once(&config_once, config_init);
	return &config;
}
