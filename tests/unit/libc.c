/* The version seams: glibc's version string as libc.c reads it, and the
 * c-ares releases the trace and make call tested (version.c). */
#include <gnu/libc-version.h>

#include "core.h"
#include "tap.h"

int main(void)
{
	static const struct { const char *s; int v; } cases[] = {
		{ "2.36", 2036 }, { "2.41", 2041 }, { "2.41.9000", 2041 }, { "2.9", 2009 },
		{ "3.0", 3000 }, { "2.100", 2100 }, { "2", -1 }, { "2.", -1 }, { ".41", -1 },
		{ "2.41x", -1 }, { "", -1 }, { "x.y", -1 }, { NULL, -1 },
	};
	static const struct { unsigned v; int ok; } cares[] = {
		{ 0x011200, 0 }, { 0x011201, 1 }, { 0x011301, 1 }, { 0x011b00, 1 },
		{ 0x012208, 1 }, { 0x012209, 1 }, { 0x0122ff, 1 }, { 0x012300, 0 },
		{ 0x020000, 0 }, { 0x010f00, 0 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_int(libc_parse_version(cases[i].s), cases[i].v, "libc_parse_version(\"%s\")",
		       cases[i].s ? cases[i].s : "(null)");
	is_int(libc_version(), libc_parse_version(gnu_get_libc_version()),
	       "libc_version() is the running glibc's (%s)", gnu_get_libc_version());
	is_int(libc_known(), libc_version() >= 2036 && libc_version() <= 2041,
	       "libc_known() for %s", gnu_get_libc_version());
	is_int(libc_hosts_mapped(), libc_version() >= 2038,
	       "v4-mapped hosts lines from glibc 2.38 on (%s)", gnu_get_libc_version());
	is_int(libc_strict_error(0x10000000), libc_version() >= 2041,
	       "strict-error from glibc 2.41 on (%s)", gnu_get_libc_version());
	is_int(libc_strict_error(0), 0, "no strict-error without the option");
	for (size_t i = 0; i < sizeof cares / sizeof cares[0]; i++)
		is_int(ar_cares_tested(cares[i].v), cares[i].ok, "ar_cares_tested(%#x)", cares[i].v);
	ok(ar_cares_tested(0) == 0 || ar_cares_tested(0) == 1, "ar_cares_tested(0) answers");
	return done_testing();
}
