/* Numeric host forms, parsed as glibc parses them. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* inet_aton accepts trailing blanks and junk after a space; glibc's
 * getaddrinfo uses the exact form, which we get by refusing any character
 * inet_aton would stop at. */
static int hexdigit(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* The usual form a.b.c.d: four decimal parts 0..255 without leading
 * zeros (those are octal to inet_aton).  1 parsed, 0 another form. */
static int plain_quad(const char *s, unsigned char out[4])
{
	for (int i = 0; i < 4; i++) {
		unsigned v = 0;
		int n = 0;

		for (; s[n] >= '0' && s[n] <= '9' && n < 4; n++)
			v = v * 10 + (unsigned)(s[n] - '0');
		if (n == 0 || n > 3 || v > 255 || (n > 1 && s[0] == '0'))
			return 0;
		if (s[n] != (i < 3 ? '.' : '\0'))
			return 0;
		out[i] = (unsigned char)v;
		s += n + 1;
	}
	return 1;
}

int parse_ipv4(const char *s, unsigned char out[4])
{
	struct in_addr in;
	const char *p;

	if (*s < '0' || *s > '9')
		return 0;   /* inet_aton wants a digit first */
	if (plain_quad(s, out))
		return 1;
	for (p = s; *p; p++)
		if (!hexdigit(*p) && *p != '.' && *p != 'x' && *p != 'X')
			return 0;
	if (!inet_aton(s, &in))
		return 0;
	memcpy(out, &in, 4);
	return 1;
}

static int parse_scope(const unsigned char addr[16], const char *scope,
                       uint32_t *out)
{
	struct in6_addr a;
	memcpy(&a, addr, 16);
	if (IN6_IS_ADDR_LINKLOCAL(&a) || IN6_IS_ADDR_MC_NODELOCAL(&a) ||
	    IN6_IS_ADDR_MC_LINKLOCAL(&a)) {
		unsigned idx = if_nametoindex(scope);
		if (idx) {
			*out = idx;
			return 0;
		}
	}
	if (isdigit((unsigned char)*scope)) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(scope, &end, 10);
		if (!errno && !*end && v <= UINT32_MAX) {
			*out = (uint32_t)v;
			return 0;
		}
	}
	return -1;
}

int parse_ipv6(const char *s, unsigned char out[16], uint32_t *scope)
{
	char buf[INET6_ADDRSTRLEN + 1];
	const char *pct;
	size_t len;

	*scope = 0;
	if (inet_pton(AF_INET6, s, out) > 0)
		return 1;
	if (!(pct = strchr(s, '%')))
		return 0;
	len = (size_t)(pct - s);
	if (len >= sizeof buf)
		return 0;
	memcpy(buf, s, len);
	buf[len] = 0;
	if (inet_pton(AF_INET6, buf, out) <= 0)
		return 0;
	return parse_scope(out, pct + 1, scope) < 0 ? -1 : 1;
}

int parse_dots(const char *s, int family, unsigned char out[16])
{
	const char *p;
	size_t len = strlen(s);

	if (!len)
		return 0;
	if (isdigit((unsigned char)s[0])) {
		for (p = s; *p && (isdigit((unsigned char)*p) || *p == '.'); p++)
			;
		if (!*p) {
			if (s[len - 1] == '.')
				return 0;
			if (family == AF_INET)
				return parse_ipv4(s, out) ? 1 : -1;
			return inet_pton(AF_INET6, s, out) > 0 ? 1 : -1;
		}
	}
	if ((isxdigit((unsigned char)s[0]) && strchr(s, ':')) || s[0] == ':') {
		/* glibc's digits_dots: for AF_INET such a name is not found */
		if (family == AF_INET)
			return -1;
		for (p = s; *p && (isxdigit((unsigned char)*p) || *p == ':' || *p == '.'); p++)
			;
		if (!*p) {
			if (s[len - 1] == '.')
				return 0;
			if (family == AF_INET)
				return -1;
			return inet_pton(AF_INET6, s, out) > 0 ? 1 : -1;
		}
	}
	return 0;
}
