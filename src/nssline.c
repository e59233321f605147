/* The lines of an nss_files database as glibc 2.36's __nss_readline hands
 * them to the parsers (nss_readline.c): read as fgets reads them (a NUL
 * ends the line's text, not the line), empty and '#' lines skipped by the
 * parsers alike, leading spaces dropped with memmove(buf, p, strlen(p)),
 * the NUL left where it was.  So a line whose text does not end with its
 * newline (the file's last, or one holding a NUL) keeps as many of its
 * last bytes again: " 10.1.2.3 foo" at the end of /etc/hosts names
 * "fooo". */
#include <string.h>

#include "core.h"
#include "files.h"

static int space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');   /* isspace, C locale */
}

char *nss_line(char *text, size_t len, size_t *pos)
{
	char *p = text + *pos, *stop = text + len, *end;
	size_t k = 0;
	int nl;

	if (p >= stop)
		return NULL;
	for (end = p; end < stop && *end && *end != '\n'; end++)
		;
	nl = end < stop && *end == '\n';
	if (!nl)   /* a NUL, the line's end further on, or the last line */
		end = end < stop ? memchr(end, '\n', (size_t)(stop - end)) : NULL;
	if (end)
		*end = 0;
	*pos = end ? (size_t)(end + 1 - text) : len;
	while (space(p[k]))
		k++;
	if (k && !nl)
		memmove(p, p + k, strlen(p + k));
	else
		p += k;
	return p;
}
