/* Numeric host parsing, checked against libc's own parsers. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "tap.h"

static void v4(const char *s, const char *want)
{
	unsigned char b[4];
	char out[INET_ADDRSTRLEN] = "";
	int r = parse_ipv4(s, b);

	if (r)
		inet_ntop(AF_INET, b, out, sizeof out);
	if (want)
		is_str(r ? out : NULL, want, "parse_ipv4(\"%s\") = %s", s, want);
	else
		is_int(r, 0, "parse_ipv4(\"%s\") is a name", s);
}

/* The a.b.c.d fast path against inet_aton over parts with leading
 * zeros, three and four digits, and values around 255. */
static void v4_against_libc(void)
{
	static const char *parts[] = { "0", "00", "01", "1", "9", "10", "99", "100",
	                               "199", "255", "256", "0255", "999", "1000", "" };
	size_t np = sizeof parts / sizeof *parts, bad = 0, n = 0;

	for (size_t a = 0; a < np; a++)
		for (size_t b = 0; b < np; b++)
			for (size_t c = 0; c < np; c++) {
				char s[64];
				unsigned char got[4];
				struct in_addr in;
				snprintf(s, sizeof s, "%s.%s.%s.%s", parts[a], parts[b], parts[c],
				         parts[(a + b + c) % np]);
				int want = inet_aton(s, &in), r = parse_ipv4(s, got);
				n++;
				if (r != want || (r && memcmp(got, &in, 4))) {
					bad++;
					printf("# differs from inet_aton: \"%s\"\n", s);
				}
			}
	is_int((int)bad, 0, "parse_ipv4 agrees with inet_aton on %zu dotted forms", n);
}

int main(void)
{
	v4_against_libc();
	unsigned char b[16];
	uint32_t scope;

	v4("127.0.0.1", "127.0.0.1");
	v4("127.1", "127.0.0.1");
	v4("0x7f.1", "127.0.0.1");
	v4("2130706433", "127.0.0.1");
	v4("0177.0.0.1", "127.0.0.1");
	v4("1.2.3", "1.2.0.3");
	v4("256.1.1.1", NULL);
	v4("1.2.3.4.", NULL);
	v4("1.2.3.4 ", NULL);
	v4("1.2.3.4 junk", NULL);
	v4("", NULL);
	v4("example.com", NULL);
	v4("08.1.1.1", NULL);

	is_int(parse_ipv6("::1", b, &scope), 1, "::1 is IPv6");
	is_int(scope, 0, "::1 has no scope");
	is_int(parse_ipv6("fe80::1%lo", b, &scope), 1, "fe80::1%%lo parses");
	is_int(scope, if_nametoindex("lo"), "%%lo is lo's index");
	is_int(parse_ipv6("fe80::1%7", b, &scope), 1, "numeric scope");
	is_int(scope, 7, "scope 7");
	is_int(parse_ipv6("fe80::1%nosuchif0", b, &scope), -1, "unknown interface is an error");
	is_int(parse_ipv6("fe80::1%4294967296", b, &scope), -1, "scope over 32 bits is an error");
	is_int(parse_ipv6("2001:db8::1%lo", b, &scope), -1, "global address: names are not scopes");
	is_int(parse_ipv6("1.2.3.4", b, &scope), 0, "IPv4 is not IPv6");
	is_int(parse_ipv6("::ffff:1.2.3.4", b, &scope), 1, "v4-mapped parses");
	is_int(parse_ipv6("www.example", b, &scope), 0, "a name");

	is_int(parse_dots("1.2.3.4", AF_INET, b), 1, "digits-dots numeric");
	is_int(parse_dots("256.1.1.1", AF_INET, b), -1, "256.1.1.1 invalid, no query");
	is_int(parse_dots("1.2.3.4.", AF_INET, b), 0, "trailing dot is a name");
	is_int(parse_dots("0x7f.1", AF_INET, b), 0, "hex form is a name for gethostbyname");
	is_int(parse_dots("::1", AF_INET, b), -1, "::1 for AF_INET is not found");
	is_int(parse_dots("::1", AF_INET6, b), 1, "::1 for AF_INET6");
	is_int(parse_dots("1.2.3.4", AF_INET6, b), -1, "IPv4 for AF_INET6 is not found");
	is_int(parse_dots("abc.example", AF_INET, b), 0, "a name");
	return done_testing();
}
