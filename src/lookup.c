/* The lookup chain for names: hosts file, then DNS, as the
 * "files dns" line of nsswitch.conf asks.  In native mode c-ares reads
 * its own hosts file and applies its own rules. */
#include <ares.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core.h"
#include "files.h"

int lookup_name(const char *name, int family, int hnok, struct ar_answer *a)
{
	const struct ar_config *cf = ar_config();
	int r;

	if (cf->mode == AR_MODE_NATIVE)
		return dns_by_name(name, family, a);
	if (cf->nss_files) {
		r = hosts_by_name(name, family, a);
		if (r > 0)
			return ARES_SUCCESS;
		if (r < 0) {
			int e = errno;
			answer_clear(a);
			errno = e;
			return e == ENOMEM ? ARES_ENOMEM : AR_ESYSTEM;
		}
		answer_clear(a);
	}
	if (!cf->nss_dns || !(hnok ? name_ok(name) : name_pton_ok(name)))
		return ARES_ENOTFOUND;
	return dns_by_name(name, family, a);
}

/* Whether nsswitch.conf sends this name to a module other than files/dns
 * before DNS: those names are libc's to answer. */
int name_for_libc(const char *name)
{
	int other = ar_config()->nss_other;
	char host[256];

	if (other & 4)
		return 1;
	if ((other & 1) && name_has_suffix(name, "local"))
		return 1;
	if (other & 2) {
		if (name_has_suffix(name, "localhost") || !strcasecmp(name, "_gateway") ||
		    !strcasecmp(name, "_outbound") || !strcasecmp(name, "_localdnsstub"))
			return 1;
		if (!gethostname(host, sizeof host) && !strcasecmp(name, host))
			return 1;
	}
	return 0;
}
