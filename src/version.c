/* The version of aresolv and of the c-ares compiled in, as a what(1)
 * string in the library file: the launcher's --version reads it from the
 * library it would preload, and the trace's first line says it. */
#include <ares.h>

#include "aresolv.h"

static const char ident[] __attribute__((used)) =
	"@(#)aresolv " ARESOLV_VERSION " (c-ares " ARES_VERSION_STR ")";

const char *ar_version(void)
{
	return ident + 4;
}
