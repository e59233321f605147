/* The version of aresolv and of the c-ares compiled in, as a what(1)
 * string in the library file: the launcher's --version reads it from the
 * library it would preload, and the trace's first line says it. */
#include <ares.h>

#include "core.h"

static const char ident[] __attribute__((used)) =
	"@(#)aresolv " ARESOLV_VERSION " (c-ares " ARES_VERSION_STR ")";

const char *ar_version(void)
{
	return ident + 4;
}

/* The range make check runs the suite against (the Makefile's
 * CARES_TESTED: 1.18.1, 1.19.1, 1.27.0, 1.34.8 and 1.34.9), taken as
 * 1.18.1 up to any 1.34 release; a build against one outside it is
 * warned of by make and by the trace. */
int ar_cares_tested(unsigned version)
{
	if (!version)
		version = ARES_VERSION;
	return version >= 0x011201 && version < 0x012300;
}
