/* service: parse_service against glibc's own service resolution.  The
 * first byte picks the hints (low 4 bits: socktype and protocol from the
 * table below; bit 7: AI_NUMERICSERV), the rest is the service string.
 * glibc answers through getaddrinfo("127.0.0.1", service) with
 * AI_NUMERICHOST, which never looks a host up; its list of (socktype,
 * protocol, port) or its error must be parse_service's. */
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "fuzz.h"

static const struct { int socktype, protocol; } combos[16] = {
	{ 0, 0 },
	{ SOCK_STREAM, 0 },
	{ SOCK_DGRAM, 0 },
	{ SOCK_RAW, 0 },
	{ 0, IPPROTO_TCP },
	{ 0, IPPROTO_UDP },
	{ 0, IPPROTO_SCTP },
	{ SOCK_STREAM, IPPROTO_SCTP },
	{ SOCK_SEQPACKET, 0 },
	{ SOCK_DCCP, 0 },
	{ SOCK_DGRAM, IPPROTO_UDPLITE },
	{ SOCK_RAW, IPPROTO_ICMP },
	{ SOCK_STREAM, IPPROTO_UDP },
	{ 99, 0 },
	{ 0, 99 },
	{ 0, IPPROTO_UDPLITE },
};

static void check(const char *service, int combo, int flags)
{
	struct addrinfo h, *res = NULL, *ai;
	struct ar_servtuple st[AR_MAXSERV];
	int n, e, i;

	memset(&h, 0, sizeof h);
	h.ai_family = AF_INET;
	h.ai_socktype = combos[combo].socktype;
	h.ai_protocol = combos[combo].protocol;
	h.ai_flags = flags;
	n = parse_service(service, &h, st);
	FUZZ_CHECK(n <= AR_MAXSERV, "parse_service returned %d tuples", n);

	h.ai_flags |= AI_NUMERICHOST;
	e = getaddrinfo("127.0.0.1", service, &h, &res);
	if (e || n <= 0) {
		if (e != (n <= 0 ? n : 0)) {
			fuzz_print("service", service);
			FUZZ_CHECK(0, "hints %d/%d/%#x: parse_service %d, glibc getaddrinfo %d (%s)",
			           h.ai_socktype, h.ai_protocol, flags, n, e, gai_strerror(e));
		}
		if (!e)
			freeaddrinfo(res);
		return;
	}
	for (ai = res, i = 0; ai; ai = ai->ai_next, i++) {
		const struct sockaddr_in *sin = (const void *)ai->ai_addr;
		int port = ntohs(sin->sin_port);
		if (i >= n || ai->ai_socktype != st[i].socktype ||
		    ai->ai_protocol != st[i].protocol || port != st[i].port) {
			fuzz_print("service", service);
			FUZZ_CHECK(0, "hints %d/%d/%#x: tuple %d: parse_service %d of %d: %d/%d/%d, "
			           "glibc %d/%d/%d", h.ai_socktype, h.ai_protocol, flags, i, i, n,
			           i < n ? st[i].socktype : -1, i < n ? st[i].protocol : -1,
			           i < n ? st[i].port : -1, ai->ai_socktype, ai->ai_protocol, port);
		}
	}
	freeaddrinfo(res);
	if (i != n) {
		fuzz_print("service", service);
		FUZZ_CHECK(0, "hints %d/%d/%#x: parse_service %d tuples, glibc %d", h.ai_socktype,
		           h.ai_protocol, flags, n, i);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (!size)
		return 0;
	s = fuzz_str(data + 1, size - 1);
	if (!strcmp(s, "*")) {   /* getaddrinfo's "no service"; gai.c's job */
		free(s);
		return 0;
	}
	check(s, data[0] & 15, data[0] & 0x80 ? AI_NUMERICSERV : 0);
	if (data[0] & 15)
		check(s, 0, 0);
	free(s);
	return 0;
}
