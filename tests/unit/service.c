/* Service and socket type handling, as glibc's getaddrinfo does it. */
#include <netinet/in.h>

#include "core.h"
#include "tap.h"

static int svc(const char *s, int socktype, int proto, int flags,
               struct ar_servtuple *out)
{
	struct addrinfo h = { .ai_socktype = socktype, .ai_protocol = proto, .ai_flags = flags };
	return parse_service(s, &h, out);
}

int main(void)
{
	struct ar_servtuple t[AR_MAXSERV];

	is_int(svc("80", 0, 0, 0, t), 3, "numeric service, no hints: stream, dgram, raw");
	is_int(t[0].socktype, SOCK_STREAM, "first stream");
	is_int(t[0].protocol, IPPROTO_TCP, "tcp");
	is_int(t[1].socktype, SOCK_DGRAM, "then dgram");
	is_int(t[2].socktype, SOCK_RAW, "then raw");
	is_int(t[2].protocol, 0, "raw protocol 0");
	is_int(t[2].port, 80, "raw gets the port too");
	is_int(svc(NULL, 0, 0, 0, t), 3, "no service: three types");
	is_int(t[0].port, 0, "port 0");
	is_int(svc("", 0, 0, 0, t), 3, "empty service is port 0");
	is_int(svc(" 65537", SOCK_STREAM, 0, 0, t), 1, "leading blank accepted");
	is_int(t[0].port, 1, "65537 wraps to 1");
	is_int(svc("65536", SOCK_STREAM, 0, 0, t), 1, "65536");
	is_int(t[0].port, 0, "65536 wraps to 0");
	int want = !!getservbyname("domain", "tcp") + !!getservbyname("domain", "udp");
	is_int(svc("domain", 0, 0, 0, t), want, "named service: one entry per protocol /etc/services has");
	is_int(t[0].port, 53, "domain is 53");
	is_int(svc("http", 0, 0, 0, t), !!getservbyname("http", "tcp") + !!getservbyname("http", "udp"), "http entries");
	is_int(svc("http", SOCK_STREAM, 0, 0, t), 1, "named with stream");
	is_int(svc("http", 0, 0, AI_NUMERICSERV, t), EAI_NONAME, "name with NUMERICSERV is EAI_NONAME");
	is_int(svc("-1", 0, 0, 0, t), EAI_SERVICE, "-1 is looked up as a name");
	is_int(svc("80x", 0, 0, 0, t), EAI_SERVICE, "80x is a name");
	is_int(svc("80", SOCK_RAW, 0, 0, t), EAI_SERVICE, "raw with a service");
	is_int(svc(NULL, SOCK_RAW, 99, 0, t), 1, "raw takes any protocol");
	is_int(t[0].protocol, 99, "raw keeps the protocol");
	is_int(svc("80", 12345, 0, 0, t), EAI_SOCKTYPE, "unknown socktype");
	is_int(svc("80", 0, 12345, 0, t), EAI_SERVICE, "unknown protocol without socktype");
	is_int(svc("80", SOCK_STREAM, IPPROTO_UDP, 0, t), EAI_SOCKTYPE, "stream with udp");
	is_int(svc("80", SOCK_DGRAM, IPPROTO_UDPLITE, 0, t), 1, "udplite");
	is_int(t[0].protocol, IPPROTO_UDPLITE, "udplite protocol");
	is_int(svc("nosuchservice", 0, 0, 0, t), EAI_SERVICE, "unknown name");
	return done_testing();
}
