/* Result building: hostent packing at every buffer size, addrinfo layout,
 * error mapping. */
#include <ares.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>

#include "core.h"
#include "tap.h"

static size_t needed(const struct ar_answer *a, int family)
{
	char buf[4096];
	struct hostent he;
	for (size_t n = 0; n < sizeof buf; n++)
		if (!hostent_pack(a, family, &he, buf, n))
			return n;
	return 0;
}

int main(void)
{
	struct ar_answer a = { 0 };
	unsigned char v4[4] = { 10, 0, 0, 1 }, v6[16] = { 0xfd, [15] = 2 };
	char buf[4096];
	struct hostent he;
	size_t need, n;
	int bad = 0;

	a.name = strdup("www.example.test");
	answer_add_alias(&a, "alias.example.test");
	answer_add_alias(&a, "ALIAS.example.test");
	answer_add_alias(&a, "www.example.test");
	is_int(a.naliases, 1, "aliases are not repeated, nor the name");
	answer_add_addr(&a, AF_INET, v4);
	answer_add_addr(&a, AF_INET6, v6);
	v4[3] = 2;
	answer_add_addr(&a, AF_INET, v4);

	need = needed(&a, AF_INET);
	ok(need > 0, "some buffer size fits (%zu)", need);
	for (n = 0; n < need; n++)
		bad += hostent_pack(&a, AF_INET, &he, buf, n) != ERANGE;
	is_int(bad, 0, "every size below %zu is ERANGE", need);
	is_int(hostent_pack(&a, AF_INET, &he, buf, need), 0, "exact size fits");
	is_str(he.h_name, "www.example.test", "h_name");
	is_str(he.h_aliases[0], "alias.example.test", "alias");
	ok(he.h_aliases[1] == NULL, "one alias");
	is_int(he.h_addrtype, AF_INET, "AF_INET");
	is_int(he.h_length, 4, "length 4");
	ok(he.h_addr_list[0] && he.h_addr_list[1] && !he.h_addr_list[2], "two IPv4 addresses only");
	is_int((unsigned char)he.h_addr_list[1][3], 2, "second address");
	ok((char *)he.h_aliases >= buf && he.h_name < buf + need, "everything inside the buffer");
	is_int(hostent_pack(&a, AF_INET6, &he, buf, sizeof buf), 0, "AF_INET6 pack");
	ok(he.h_addr_list[0] && !he.h_addr_list[1], "one IPv6 address");
	is_int(he.h_length, 16, "length 16");

	/* addrinfo: one block per node with the sockaddr inside it */
	struct ar_servtuple st[2] = { { SOCK_STREAM, IPPROTO_TCP, 80 }, { SOCK_DGRAM, IPPROTO_UDP, 80 } };
	int err;
	struct addrinfo *ai = ai_pack(a.addrs, a.naddrs, st, 2, "canon.test", AI_CANONNAME, &err);
	is_int(err, 0, "ai_pack ok");
	is_int(ai_count(ai), 6, "3 addresses x 2 tuples");
	ok(ai && (void *)ai->ai_addr == (void *)(ai + 1), "ai_addr inside the node");
	is_str(ai ? ai->ai_canonname : NULL, "canon.test", "canonname on the first node");
	ok(ai && ai->ai_next && !ai->ai_next->ai_canonname, "and only there");
	is_int(ai->ai_next->ai_socktype, SOCK_DGRAM, "tuples innermost");
	is_int(ai->ai_next->ai_flags, AI_CANONNAME, "hints' flags on every node");
	is_int(ntohs(((struct sockaddr_in *)ai->ai_addr)->sin_port), 80, "port");
	is_int(ai->ai_next->ai_next->ai_family, AF_INET6, "address order kept");
	ai_free(ai);
	ai = ai_pack(a.addrs, 0, st, 2, NULL, 0, &err);
	ok(!ai && err == EAI_NONAME, "no address: EAI_NONAME");
	answer_clear(&a);
	ok(a.name == NULL && a.naddrs == 0, "answer_clear");

	is_int(eai_from_ares(ARES_ENOTFOUND), EAI_NONAME, "NXDOMAIN is EAI_NONAME");
	is_int(eai_from_ares(ARES_ENODATA), EAI_NODATA, "no data is EAI_NODATA");
	is_int(eai_from_ares(ARES_ETIMEOUT), EAI_AGAIN, "timeout is EAI_AGAIN");
	is_int(eai_from_ares(ARES_ECONNREFUSED), EAI_AGAIN, "refused is EAI_AGAIN");
	is_int(eai_from_ares(ARES_ESERVFAIL), EAI_AGAIN, "SERVFAIL is EAI_AGAIN");
	is_int(eai_from_ares(ARES_ENOMEM), EAI_MEMORY, "ENOMEM");
	is_int(herrno_from_ares(ARES_ENOTFOUND), HOST_NOT_FOUND, "HOST_NOT_FOUND");
	is_int(herrno_from_ares(ARES_ENODATA), NO_DATA, "NO_DATA");
	is_int(herrno_from_ares(ARES_ETIMEOUT), TRY_AGAIN, "TRY_AGAIN");
	is_str(eai_name(EAI_NONAME), "EAI_NONAME", "eai_name");
	return done_testing();
}
