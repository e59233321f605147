/* Service names and socket types, resolved the way glibc's gaih_inet does. */
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "files.h"

struct typeproto {
	int socktype, protocol;
	int bydefault;     /* part of the default expansion */
	int anyproto;     /* accepts any protocol (raw) */
	int noservice;    /* a service is an error (raw) */
	const char *name; /* protocol name for getservbyname */
};

static const struct typeproto typeprotos[] = {
	{ SOCK_STREAM, IPPROTO_TCP, 1, 0, 0, "tcp" },
	{ SOCK_DGRAM, IPPROTO_UDP, 1, 0, 0, "udp" },
	{ SOCK_DCCP, IPPROTO_DCCP, 0, 0, 0, "dccp" },
	{ SOCK_DGRAM, IPPROTO_UDPLITE, 0, 0, 0, "udplite" },
	{ SOCK_STREAM, IPPROTO_SCTP, 0, 0, 0, "sctp" },
	{ SOCK_SEQPACKET, IPPROTO_SCTP, 0, 0, 0, "sctp" },
	{ SOCK_RAW, 0, 1, 1, 1, "raw" },
};
#define NTYPES (sizeof typeprotos / sizeof typeprotos[0])

static int matches(const struct typeproto *tp, const struct addrinfo *h)
{
	if (h->ai_socktype && h->ai_socktype != tp->socktype)
		return 0;
	if (h->ai_protocol && !tp->anyproto && h->ai_protocol != tp->protocol)
		return 0;
	return 1;
}

static int proto_of(const struct typeproto *tp, const struct addrinfo *h)
{
	return tp->anyproto ? h->ai_protocol : tp->protocol;
}

static int serv_port(const char *name, const struct typeproto *tp, int *port)
{
	struct servent se, *res = NULL;
	char buf[1024];
	int r = servfile_port(name, tp->name, port);

	if (r >= 0)
		return r ? 0 : -1;
	if (getservbyname_r(name, tp->name, &se, buf, sizeof buf, &res) || !res)
		return -1;
	*port = ntohs((uint16_t)res->s_port);
	return 0;
}

/* 1 for one to nine decimal digits and nothing else (what strtoul would
 * read whole, without sign, blanks or overflow). */
static int short_decimal(const char *s, int *out)
{
	int v = 0, n;

	for (n = 0; n < 9 && s[n] >= '0' && s[n] <= '9'; n++)
		v = v * 10 + (s[n] - '0');
	if (s[n] || n == 0)
		return 0;
	*out = v;
	return 1;
}

int parse_service(const char *service, const struct addrinfo *h,
                  struct ar_servtuple out[AR_MAXSERV])
{
	const struct typeproto *tp = NULL;
	int num = 0, named = 0, n = 0;
	size_t i;

	if (service && !*service)
		service = NULL;   /* glibc: "" is no service at all */
	if (service && short_decimal(service, &num)) {
		/* the common case, without strtoul's locale work */
	} else if (service) {
		char *end;
		/* glibc keeps strtoul's result in an int: 65536 wraps, "-1"
		 * becomes -1 and is then looked up as a name. */
		num = (int)strtoul(service, &end, 10);
		if (*end) {
			if (h->ai_flags & AI_NUMERICSERV)
				return EAI_NONAME;
			named = 1;
		} else if (num < 0) {
			named = 1;
		}
	}
	if (h->ai_socktype || h->ai_protocol) {
		for (i = 0; i < NTYPES && !matches(&typeprotos[i], h); i++)
			;
		if (i == NTYPES)
			return h->ai_socktype ? EAI_SOCKTYPE : EAI_SERVICE;
		tp = &typeprotos[i];
	}
	if (service && tp && tp->noservice)
		return EAI_SERVICE;
	if (named) {
		for (i = 0; i < NTYPES; i++) {
			const struct typeproto *t = tp ? tp : &typeprotos[i];
			int port;
			if (!tp && (t->noservice || !matches(t, h)))
				continue;
			if (serv_port(service, t, &port) == 0) {
				out[n++] = (struct ar_servtuple){ t->socktype, proto_of(t, h), port };
			} else if (tp) {
				return EAI_SERVICE;
			}
			if (tp)
				break;
		}
		return n ? n : EAI_SERVICE;
	}
	if (tp) {
		out[0] = (struct ar_servtuple){ tp->socktype, proto_of(tp, h), num & 0xffff };
		return 1;
	}
	for (i = 0; i < NTYPES; i++)
		if (typeprotos[i].bydefault)
			out[n++] = (struct ar_servtuple){ typeprotos[i].socktype,
			                                  typeprotos[i].protocol, num & 0xffff };
	return n;
}
