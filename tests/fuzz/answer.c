/* answer: the input as a DNS response, taken the way aresolv takes one.
 * src/dns.c is compiled into this harness so that its own callbacks run:
 *   on_search   A and AAAA answers (ares_parse_a_reply/_aaaa_reply), for
 *               localhost and .onion names, both families into one answer
 *               as for AF_UNSPEC;
 *   on_ptr      PTR answers (ares_parse_ptr_reply), IPv4 and IPv6;
 *   on_addrinfo what ares_getaddrinfo hands over, built here by c-ares'
 *               own parser (ares__parse_into_addrinfo, from libcares.a),
 *               once per family as its A and AAAA queries return.
 * Every answer is checked and packed (hostent_pack, ai_pack) and freed.
 * No channel is made and nothing is sent. */
#include "../../src/dns.c"

#include <arpa/inet.h>

#include "fuzz.h"

/* c-ares 1.18 internals (ares_private.h), exported by libcares.a */
struct ares_addrinfo *ares__malloc_addrinfo(void);
int ares__parse_into_addrinfo(const unsigned char *abuf, int alen, int cname_only_is_enodata,
                              unsigned short port, struct ares_addrinfo *ai);

static void check(const char *what, int status, const struct ar_answer *a, int family)
{
	FUZZ_CHECK(a->naddrs <= AR_MAXADDRS, "%s: %zu addresses", what, a->naddrs);
	if (status != ARES_SUCCESS)
		return;
	FUZZ_CHECK(a->name, "%s: success without a name", what);
	for (size_t i = 0; i < a->naliases; i++)
		FUZZ_CHECK(a->aliases[i], "%s: alias %zu is NULL", what, i);
	FUZZ_CHECK(!a->aliases || !a->aliases[a->naliases], "%s: aliases not ended", what);
	for (size_t i = 0; i < a->naddrs; i++)
		FUZZ_CHECK(family == AF_UNSPEC ? a->addrs[i].family == AF_INET ||
		                                 a->addrs[i].family == AF_INET6
		                               : a->addrs[i].family == family,
		           "%s: address %zu of family %d", what, i, a->addrs[i].family);
}

static void search(const uint8_t *data, size_t size, int unspec)
{
	struct ar_answer a;
	int st = ARES_SUCCESS;

	answer_init(&a);
	for (int f = 0; f < 2; f++) {
		struct search q = { .status = ARES_ENOTFOUND, .family = f ? AF_INET6 : AF_INET, .ans = &a };
		on_search(&q, ARES_SUCCESS, 0, (unsigned char *)data, (int)size);
		FUZZ_CHECK(q.done, "on_search did not finish");
		st = q.status;
		if (!unspec) {
			check("on_search", st, &a, q.family);
			if (st == ARES_SUCCESS)
				fuzz_pack(&a, f);
			answer_clear(&a);
		}
	}
	if (unspec) {
		check("on_search (both)", a.naddrs ? ARES_SUCCESS : st, &a, AF_UNSPEC);
		if (a.naddrs)
			fuzz_pack(&a, 1);
		answer_clear(&a);
	}
}

static void ptr(const uint8_t *data, size_t size, int family)
{
	static const unsigned char v4[4] = { 192, 0, 2, 1 };
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	struct ar_answer a;
	struct search q = { .status = ARES_ENOTFOUND, .family = family, .ans = &a };

	answer_init(&a);
	answer_add_addr(&a, family, family == AF_INET ? v4 : v6);   /* as dns_by_addr */
	on_ptr(&q, ARES_SUCCESS, 0, (unsigned char *)data, (int)size);
	FUZZ_CHECK(q.done, "on_ptr did not finish");
	check("on_ptr", q.status, &a, family);
	if (q.status == ARES_SUCCESS)
		fuzz_pack(&a, 0);
	answer_clear(&a);
}

static void getaddrinfo_answer(const uint8_t *data, size_t size, int cname_only_is_enodata)
{
	struct ares_addrinfo *ai = ares__malloc_addrinfo();
	struct ar_answer a;
	struct query q = { .status = ARES_ENOTFOUND, .ans = &a, .name = "fuzz.example" };
	int st4, st6;

	FUZZ_CHECK(ai, "ares__malloc_addrinfo");
	answer_init(&a);
	st4 = ares__parse_into_addrinfo(data, (int)size, cname_only_is_enodata, 80, ai);
	st6 = ares__parse_into_addrinfo(data, (int)size, cname_only_is_enodata, 80, ai);
	if (st4 == ARES_SUCCESS || st6 == ARES_SUCCESS) {
		on_addrinfo(&q, ARES_SUCCESS, 0, ai);   /* frees ai */
	} else {
		ares_freeaddrinfo(ai);   /* c-ares frees it and reports the status */
		on_addrinfo(&q, st4, 0, NULL);
	}
	FUZZ_CHECK(q.done, "on_addrinfo did not finish");
	check("on_addrinfo", q.status, &a, AF_UNSPEC);
	if (q.status == ARES_SUCCESS) {
		FUZZ_CHECK(a.naddrs, "on_addrinfo: success without an address");
		fuzz_pack(&a, cname_only_is_enodata);
	}
	answer_clear(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65535)
		return 0;
	search(data, size, 0);
	search(data, size, 1);
	ptr(data, size, AF_INET);
	ptr(data, size, AF_INET6);
	getaddrinfo_answer(data, size, 0);
	getaddrinfo_answer(data, size, 1);
	return 0;
}
