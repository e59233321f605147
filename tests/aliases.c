/* glibc 2.36's resolv/tst-resolv-aliases, its checks redone against
 * tests/faultd.py's aADDRESSES-cCNAMES names, with search example.net
 * example.com in resolv.conf: for gethostbyname, gethostbyname2 AF_INET
 * and AF_INET6, each name asked fully qualified and bare,
 *
 *   aN-cC, C 0..MAX (default 100), N 0 (NO_RECOVERY) and 255 (NXDOMAIN
 *   behind the CNAMEs: HOST_NOT_FOUND);
 *   aN-cC, C 0..10, N 1..10, and a60-c47: the N addresses in order, the
 *   name asked (fully qualified) then each CNAME target but the last as
 *   aliases, the last as h_name.
 *
 * Prints a line per failed check, then "N checks, M failed"; exits 1
 * when one failed.  What the test's server checks (no search-list query
 * after an answer that is not NXDOMAIN) is faultd's log's. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static int checks, failed;

static void verify(int ok, const char *q, int af, const char *what)
{
	checks++;
	if (!ok) {
		failed++;
		printf("FAIL %s af=%d: %s\n", q, af, what);
	}
}

static struct hostent *look(const char *q, int af)
{
	return af == AF_UNSPEC ? gethostbyname(q) : gethostbyname2(q, af);
}

static void qname(char *buf, size_t size, int bare, int cnames, int addresses)
{
	snprintf(buf, size, "a%d-c%d%s", addresses, cnames, bare ? "" : ".example.net");
}

static void check_failure(int af, int bare, int cnames, int addresses)
{
	char q[64], what[64];
	struct hostent *e;
	int want = addresses == 0 ? NO_RECOVERY : HOST_NOT_FOUND;

	qname(q, sizeof q, bare, cnames, addresses);
	e = look(q, af);
	snprintf(what, sizeof what, "h_errno %d, want %d", e ? -1 : h_errno, want);
	verify(!e && h_errno == want, q, af, what);
}

static void check_addrs(const struct hostent *e, const char *q, int af, int addresses)
{
	int i;

	for (i = 0; i < addresses && e->h_addr_list[i]; i++) {
		unsigned char v4[4] = { 192, 0, 2, (unsigned char)(1 + i) };
		unsigned char v6[16] = { 0x20, 1, 0xd, 0xb8, [15] = (unsigned char)(1 + i) };
		if (memcmp(e->h_addr_list[i], e->h_addrtype == AF_INET ? v4 : v6,
		           (size_t)e->h_length))
			break;
	}
	verify(i == addresses && !e->h_addr_list[i], q, af, "the addresses");
}

static void check_names(const struct hostent *e, const char *q, int af, int cnames,
                        const char *fqdn)
{
	char want[32];
	int i;

	if (cnames == 0) {
		verify(!strcmp(e->h_name, fqdn) && !e->h_aliases[0], q, af, "h_name, no alias");
		return;
	}
	verify(e->h_aliases[0] && !strcmp(e->h_aliases[0], fqdn), q, af, "first alias");
	for (i = 1; i < cnames && e->h_aliases[i - 1]; i++) {
		snprintf(want, sizeof want, "%d.alias.example", i - 1);
		verify(e->h_aliases[i] && !strcmp(e->h_aliases[i], want), q, af, want);
	}
	snprintf(want, sizeof want, "%d.alias.example", cnames - 1);
	verify(!strcmp(e->h_name, want), q, af, "h_name");
	verify(i == cnames && !e->h_aliases[cnames], q, af, "no more aliases");
}

static void check(int af, int bare, int cnames, int addresses)
{
	char q[64], fqdn[64];
	int type = af == AF_INET6 ? AF_INET6 : AF_INET;
	struct hostent *e;

	qname(q, sizeof q, bare, cnames, addresses);
	qname(fqdn, sizeof fqdn, 0, cnames, addresses);
	e = look(q, af);
	verify(e != NULL, q, af, "found");
	if (!e)
		return;
	verify(e->h_addrtype == type && e->h_length == (type == AF_INET ? 4 : 16), q, af,
	       "h_addrtype, h_length");
	check_addrs(e, q, af, addresses);
	check_names(e, q, af, cnames, fqdn);
}

int main(int argc, char **argv)
{
	static const int families[] = { AF_UNSPEC, AF_INET, AF_INET6 };
	int max = argc > 1 ? atoi(argv[1]) : 100;

	for (int bare = 0; bare < 2; bare++)
		for (int f = 0; f < 3; f++) {
			for (int c = 0; c <= max; c++) {
				check_failure(families[f], bare, c, 0);
				check_failure(families[f], bare, c, 255);
			}
			for (int c = 0; c <= 10; c++)
				for (int a = 1; a <= 10; a++)
					check(families[f], bare, c, a);
			check(families[f], bare, 47, 60);
		}
	printf("%d checks, %d failed\n", checks, failed);
	return failed != 0;
}
