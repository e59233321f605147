/* The glibc the process runs on, and which of its releases' behaviours
 * compat mode follows where they differ.  Every such difference asks
 * here; the releases and where each change came in are in
 * docs/glibc-versions.md.
 *
 *   question              glibc   what changed
 *   --------------------  ------  ----------------------------------------
 *   libc_hosts_mapped     2.38    nss_files' gethostbyaddr of a v4-mapped
 *                                 IPv6 address finds the hosts file's IPv4
 *                                 line (bug 25457): getnameinfo of
 *                                 ::ffff:127.0.0.1 gives "localhost"
 *   libc_strict_error     2.41    resolv.conf's "options strict-error"
 *                                 (RES_STRICTERR): an A and AAAA pair
 *                                 fails when either reply is an error
 *
 * Also new in 2.41, and followed without a question here: a "-" before
 * an option clears it (RES_OPTIONS=-no-aaaa), read by glibc's own
 * res_init into the _res options that aresolv takes. */
#include <gnu/libc-version.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "core.h"

#define RES_STRICTERR_ 0x10000000   /* RES_STRICTERR: not in 2.36's resolv.h */

int libc_parse_version(const char *s)
{
	char *end;
	long major, minor;

	if (!s)
		return -1;
	major = strtol(s, &end, 10);
	if (end == s || *end != '.' || major < 1 || major > 99)
		return -1;
	s = end + 1;
	minor = strtol(s, &end, 10);
	if (end == s || (*end && *end != '.') || minor < 0 || minor > 999)
		return -1;
	return (int)(major * 1000 + minor);
}

/* Guard: whichever thread asks first reads gnu_get_libc_version() and
 * stores what it parsed; every thread parses the same string to the same
 * value, so two that race only do the work twice.  0: not read yet. */
static atomic_int version;

int libc_version(void)
{
	int v = atomic_load_explicit(&version, memory_order_relaxed);

	if (!v) {
		v = libc_parse_version(gnu_get_libc_version());
		atomic_store_explicit(&version, v, memory_order_relaxed);
	}
	return v;
}

const char *libc_version_str(void)
{
	return gnu_get_libc_version();
}

int libc_known(void)
{
	int v = libc_version();

	return v >= AR_LIBC_OLDEST && v <= AR_LIBC_NEWEST;
}

int libc_hosts_mapped(void)
{
	return libc_version() >= 2038;
}

int libc_strict_error(unsigned long options)
{
	return (options & RES_STRICTERR_) && libc_version() >= 2041;
}
