/* struct addrinfo lists laid out exactly as glibc lays them out, so that
 * either side's freeaddrinfo frees the other's lists. */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

static struct addrinfo *node_new(const struct ar_addr *a,
                                 const struct ar_servtuple *st, int flags)
{
	socklen_t len = a->family == AF_INET ? sizeof(struct sockaddr_in)
	                                     : sizeof(struct sockaddr_in6);
	struct addrinfo *ai = malloc(sizeof *ai + len);

	if (!ai)
		return NULL;
	/* every field written, no memset: malloc+memset becomes calloc,
	 * which costs more than the numeric lookup itself */
	*ai = (struct addrinfo){
		.ai_flags = flags,
		.ai_family = a->family,
		.ai_socktype = st->socktype,
		.ai_protocol = st->protocol,
		.ai_addrlen = len,
		.ai_addr = (struct sockaddr *)(ai + 1),
	};
	if (a->family == AF_INET) {
		struct sockaddr_in *s = (void *)ai->ai_addr;
		*s = (struct sockaddr_in){ .sin_family = AF_INET,
		                           .sin_port = htons((uint16_t)st->port) };
		memcpy(&s->sin_addr, a->bytes, 4);
	} else {
		struct sockaddr_in6 *s = (void *)ai->ai_addr;
		*s = (struct sockaddr_in6){ .sin6_family = AF_INET6,
		                            .sin6_port = htons((uint16_t)st->port),
		                            .sin6_scope_id = a->scope };
		memcpy(&s->sin6_addr, a->bytes, 16);
	}
	return ai;
}

/* One node per (address, service tuple), addresses outermost, each with
 * the hints' flags as glibc copies them; the canonical name, if any, on
 * the first node. */
struct addrinfo *ai_pack(const struct ar_addr *addrs, size_t naddrs,
                         const struct ar_servtuple *st, size_t nserv,
                         const char *canon, int flags, int *err)
{
	struct addrinfo *head = NULL, **tail = &head;

	for (size_t i = 0; i < naddrs; i++)
		for (size_t j = 0; j < nserv; j++) {
			if (!(*tail = node_new(&addrs[i], &st[j], flags)))
				goto nomem;
			tail = &(*tail)->ai_next;
		}
	if (head && canon && !(head->ai_canonname = strdup(canon)))
		goto nomem;
	*err = head ? 0 : EAI_NONAME;
	return head;
nomem:
	ai_free(head);
	*err = EAI_MEMORY;
	return NULL;
}

void ai_free(struct addrinfo *ai)
{
	while (ai) {
		struct addrinfo *next = ai->ai_next;
		free(ai->ai_canonname);
		free(ai);
		ai = next;
	}
}

size_t ai_count(const struct addrinfo *ai)
{
	size_t n = 0;
	for (; ai; ai = ai->ai_next)
		n++;
	return n;
}
