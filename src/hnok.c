/* Host name syntax as glibc's res_hnok checks it before asking DNS. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core.h"

static int label_char_ok(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '_';
}

/* Decodes one presentation-format character (with \X and \DDD escapes);
 * returns its length in s, or 0 when malformed. */
static size_t decode_char(const char *s, unsigned char *out)
{
	if (s[0] != '\\') {
		*out = (unsigned char)s[0];
		return 1;
	}
	if (isdigit((unsigned char)s[1])) {
		if (!isdigit((unsigned char)s[2]) || !isdigit((unsigned char)s[3]))
			return 0;
		int v = (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		if (v > 255)
			return 0;
		*out = (unsigned char)v;
		return 4;
	}
	if (!s[1])
		return 0;
	*out = (unsigned char)s[1];
	return 2;
}

/* Walks name as ns_name_pton does: escapes decoded, no empty label, labels
 * up to 63 octets, 255 in wire form; with hnok, res_hnok's characters. */
static int walk(const char *name, int hnok)
{
	size_t label = 0, wire = 1, n;
	int first = 1;
	const char *p;
	unsigned char c;

	if (!strcmp(name, "."))
		return 1;
	for (p = name; *p; p += n) {
		if (*p == '.') {
			if (!label)
				return 0;   /* empty label */
			wire += label + 1;
			label = 0;
			first = 0;
			n = 1;
			continue;
		}
		if (!(n = decode_char(p, &c)) || ++label > 63)
			return 0;
		if (hnok && (!label_char_ok(c) || (first && label == 1 && c == '-')))
			return 0;
	}
	wire += label ? label + 1 : 0;
	return wire <= 255;
}

int name_ok(const char *name)
{
	for (const char *p = name; *p; p++)
		if (*p < '!' || *p > '~')
			return 0;
	return walk(name, 1);
}

int name_pton_ok(const char *name)
{
	return walk(name, 0);
}

/* Whether name is suffix or ends in ".suffix", case-insensitively, with or
 * without a trailing dot. */
int name_has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);

	if (n && name[n - 1] == '.')
		n--;
	return (n == s || (n > s && name[n - s - 1] == '.')) &&
	       !strncasecmp(name + n - s, suffix, s);
}
