/* The hosts file, read with glibc's semantics: the first matching line
 * counts, or with host.conf's "multi on" every matching line for a name;
 * for an address always the first. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aresolv.h"

#define MAXNAMES 64

struct hostline {
	struct ar_addr addr;
	char *names[MAXNAMES];
	int nnames;
};

/* Splits one line in place; 0 when it holds an address and a name. */
static int parse_line(char *line, struct hostline *hl)
{
	char *save, *tok;
	char *hash = strchr(line, '#');

	if (hash)
		*hash = 0;
	tok = strtok_r(line, " \t\r\n", &save);
	if (!tok)
		return -1;
	memset(&hl->addr, 0, sizeof hl->addr);
	if (inet_pton(AF_INET, tok, hl->addr.bytes) == 1)
		hl->addr.family = AF_INET;
	else if (inet_pton(AF_INET6, tok, hl->addr.bytes) == 1)
		hl->addr.family = AF_INET6;
	else
		return -1;
	hl->nnames = 0;
	while (hl->nnames < MAXNAMES && (tok = strtok_r(NULL, " \t\r\n", &save)))
		hl->names[hl->nnames++] = tok;
	return hl->nnames ? 0 : -1;
}

/* The address as seen by a lookup of `family`; 0 when the line does not
 * serve that family.  For AF_INET glibc maps ::1 to 127.0.0.1 and
 * v4-mapped addresses to IPv4. */
static int addr_for(const struct ar_addr *in, int family, struct ar_addr *out)
{
	static const unsigned char loop6[16] = { [15] = 1 };
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const unsigned char loop4[4] = { 127, 0, 0, 1 };

	*out = *in;
	if (family == AF_UNSPEC || family == in->family)
		return 1;
	if (family == AF_INET && in->family == AF_INET6) {
		out->family = AF_INET;
		memset(out->bytes, 0, sizeof out->bytes);
		if (!memcmp(in->bytes, loop6, 16))
			memcpy(out->bytes, loop4, 4);
		else if (!memcmp(in->bytes, mapped, 12))
			memcpy(out->bytes, in->bytes + 12, 4);
		else
			return 0;
		return 1;
	}
	return 0;
}

static int has_name(const struct hostline *hl, const char *name)
{
	for (int i = 0; i < hl->nnames; i++)
		if (!strcasecmp(hl->names[i], name))
			return 1;
	return 0;
}

static int take_line(struct ar_answer *a, const struct hostline *hl)
{
	int i = 0;

	if (!a->name) {
		if (!(a->name = strdup(hl->names[0])))
			return -1;
		i = 1;
	}
	for (; i < hl->nnames; i++)
		if (answer_add_alias(a, hl->names[i]) < 0)
			return -1;
	return 0;
}

int hosts_by_name(const char *name, int family, struct ar_answer *a)
{
	char line[4096];
	struct hostline hl;
	struct ar_addr addr;
	FILE *f;
	int found = 0;

	/* glibc: a name with a trailing dot never matches a hosts line */
	if (!*name || name[strlen(name) - 1] == '.')
		return 0;
	if (!(f = fopen(ar_config()->hosts, "re")))
		return 0;
	while (fgets(line, sizeof line, f)) {
		if (parse_line(line, &hl) || !has_name(&hl, name) ||
		    !addr_for(&hl.addr, family, &addr))
			continue;
		if (take_line(a, &hl) < 0) {
			found = -1;
			break;
		}
		answer_add_addr(a, addr.family, addr.bytes);
		found = 1;
		if (!ar_config()->multi)
			break;
	}
	fclose(f);
	if (found == 1)
		a->source = "hosts";
	return found;
}

int hosts_by_addr(const struct ar_addr *want, struct ar_answer *a)
{
	char line[4096];
	struct hostline hl;
	FILE *f;
	int found = 0;
	size_t len = want->family == AF_INET ? 4 : 16;

	if (!(f = fopen(ar_config()->hosts, "re")))
		return 0;
	while (fgets(line, sizeof line, f)) {
		if (parse_line(line, &hl) || hl.addr.family != want->family ||
		    memcmp(hl.addr.bytes, want->bytes, len))
			continue;
		found = take_line(a, &hl) < 0 ? -1 : 1;
		if (found == 1) {
			answer_add_addr(a, want->family, want->bytes);
			a->source = "hosts";
		}
		break;
	}
	fclose(f);
	return found;
}
