/* numeric: the input as a host string, through parse_ipv4, parse_ipv6,
 * parse_dots, name_ok and name_has_suffix, each checked against glibc:
 * getaddrinfo with AI_NUMERICHOST (__inet_aton_exact, inet_pton and the
 * %scope rules, never a lookup), res_hnok, and a copy of glibc 2.36's
 * __nss_hostname_digits_dots_context decisions.  Any disagreement aborts. */
#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <strings.h>

#include "fuzz.h"

/* getaddrinfo(s, AI_NUMERICHOST): 1 parsed (out and scope filled), 0 not. */
static int glibc_numeric(const char *s, int family, unsigned char out[16], uint32_t *scope)
{
	struct addrinfo h, *res = NULL;

	memset(&h, 0, sizeof h);
	h.ai_family = family;
	h.ai_flags = AI_NUMERICHOST;
	h.ai_socktype = SOCK_STREAM;
	*scope = 0;
	if (getaddrinfo(s, NULL, &h, &res))
		return 0;
	FUZZ_CHECK(res && !res->ai_next && res->ai_family == family,
	           "getaddrinfo(AI_NUMERICHOST) gave an odd list");
	if (family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)(void *)res->ai_addr)->sin_addr, 4);
	} else {
		const struct sockaddr_in6 *s6 = (const void *)res->ai_addr;
		memcpy(out, &s6->sin6_addr, 16);
		*scope = s6->sin6_scope_id;
	}
	freeaddrinfo(res);
	return 1;
}

/* glibc's __inet_aton_exact: getaddrinfo for AF_INET, less the forms it
 * takes besides (v4-mapped IPv6). */
static int aton_exact(const char *s, unsigned char out[4])
{
	unsigned char b[16];
	uint32_t scope;

	if (strchr(s, ':') || !glibc_numeric(s, AF_INET, b, &scope))
		return 0;
	memcpy(out, b, 4);
	return 1;
}

/* glibc 2.36 nss/digits_dots.c, the decisions only: 1 an address (out
 * filled), -1 HOST_NOT_FOUND without a lookup, 0 a name to look up. */
FUZZ_NOCOV static int ref_dots(const char *name, int af, unsigned char out[16])
{
	const char *cp;

	if (!(isdigit((unsigned char)name[0]) || isxdigit((unsigned char)name[0]) || name[0] == ':'))
		return 0;
	if (isdigit((unsigned char)name[0])) {
		for (cp = name;; ++cp) {
			if (!*cp) {
				if (cp[-1] == '.')
					break;
				if (af == AF_INET)
					return aton_exact(name, out) ? 1 : -1;
				return inet_pton(AF_INET6, name, out) > 0 ? 1 : -1;
			}
			if (!isdigit((unsigned char)*cp) && *cp != '.')
				break;
		}
	}
	if ((isxdigit((unsigned char)name[0]) && strchr(name, ':')) || name[0] == ':') {
		if (af == AF_INET)
			return -1;   /* "cannot represent an IPv6 address" */
		for (cp = name;; ++cp) {
			if (!*cp) {
				if (cp[-1] == '.')
					break;
				return inet_pton(AF_INET6, name, out) > 0 ? 1 : -1;
			}
			if (!isxdigit((unsigned char)*cp) && *cp != ':' && *cp != '.')
				break;
		}
	}
	return 0;
}

FUZZ_NOCOV static int ref_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);

	if (n && name[n - 1] == '.')
		n--;
	if (n < s || strncasecmp(name + n - s, suffix, s))
		return 0;
	return n == s || name[n - s - 1] == '.';
}

static void check_ipv4(const char *s)
{
	unsigned char mine[4] = { 0 }, ref[4] = { 0 };
	int r = parse_ipv4(s, mine), g = aton_exact(s, ref);

	if (r != g || (r && memcmp(mine, ref, 4))) {
		fuzz_print("host", s);
		FUZZ_CHECK(0, "parse_ipv4 %d %u.%u.%u.%u, glibc %d %u.%u.%u.%u", r, mine[0],
		           mine[1], mine[2], mine[3], g, ref[0], ref[1], ref[2], ref[3]);
	}
}

static void check_ipv6(const char *s)
{
	unsigned char mine[16] = { 0 }, ref[16] = { 0 }, b[16];
	uint32_t ms = 0, gs = 0;
	int r = parse_ipv6(s, mine, &ms), g = glibc_numeric(s, AF_INET6, ref, &gs);
	char m[INET6_ADDRSTRLEN], e[INET6_ADDRSTRLEN];

	if ((r == 1) != g || (g && (memcmp(mine, ref, 16) || ms != gs))) {
		inet_ntop(AF_INET6, mine, m, sizeof m);
		inet_ntop(AF_INET6, ref, e, sizeof e);
		fuzz_print("host", s);
		FUZZ_CHECK(0, "parse_ipv6 %d %s%%%u, glibc getaddrinfo %d %s%%%u", r, m,
		           (unsigned)ms, g, e, (unsigned)gs);
	}
	if (r == 0 && !strchr(s, '%')) {
		FUZZ_CHECK(inet_pton(AF_INET6, s, b) != 1, "parse_ipv6 refused an address");
	}
}

static void check_dots(const char *s, int af)
{
	unsigned char mine[16] = { 0 }, ref[16] = { 0 };
	int r = parse_dots(s, af, mine), g = ref_dots(s, af, ref);

	if (r != g || (r == 1 && memcmp(mine, ref, af == AF_INET ? 4 : 16))) {
		fuzz_print("name", s);
		FUZZ_CHECK(0, "parse_dots(%s) %d, glibc's digits_dots %d",
		           af == AF_INET ? "AF_INET" : "AF_INET6", r, g);
	}
}

static void check_hnok(const char *s)
{
	int r = name_ok(s), g = res_hnok(s);

	if (r != g) {
		fuzz_print("name", s);
		FUZZ_CHECK(0, "name_ok %d, res_hnok %d", r, g);
	}
}

static void check_suffix(const char *s)
{
	static const char *const suffixes[] = { "localhost", "onion", "local", "" };
	const char *dot = strrchr(s, '.');

	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
		FUZZ_CHECK(name_has_suffix(s, suffixes[i]) == ref_suffix(s, suffixes[i]),
		           "name_has_suffix(\"%s\")", suffixes[i]);
	if (dot && dot != s)
		FUZZ_CHECK(name_has_suffix(s, dot + 1) == ref_suffix(s, dot + 1),
		           "name_has_suffix(last label)");
}

/* ar_quote into buffers of exactly the size it is given. */
static void check_quote(const char *s)
{
	static const size_t sizes[] = { 1, 7, 8, 9, 16, 64 };

	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		char *d = malloc(sizes[i]);
		ar_quote(d, sizes[i], s);
		FUZZ_CHECK(memchr(d, 0, sizes[i]), "ar_quote left no NUL in %zu bytes", sizes[i]);
		free(d);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);

	if (strcmp(s, "*")) {   /* getaddrinfo takes "*" for no node */
		check_ipv4(s);
		check_ipv6(s);
	}
	check_dots(s, AF_INET);
	check_dots(s, AF_INET6);
	check_hnok(s);
	check_suffix(s);
	check_quote(s);
	free(s);
	return 0;
}
