/* Helpers shared by the libFuzzer harnesses in tests/fuzz. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "dns.h"
#include "files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* For the harnesses' own reference code: no coverage feedback (it would
 * only grow the corpus with inputs that differ in the model). */
#define FUZZ_NOCOV __attribute__((no_sanitize("coverage")))

/* The input as a C string (cut at its first NUL); free() it. */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = 0;
	return s;
}

/* Prints s with C escapes, for a failed check's message. */
static inline void fuzz_print(const char *what, const char *s)
{
	fprintf(stderr, "  %s: \"", what);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(stderr, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
	fprintf(stderr, "\"\n");
}

/* A new empty file in $TMPDIR (or /tmp) named after tag, its name in
 * path; the harness unlinks it at exit. */
static inline void fuzz_tempfile(char *path, size_t len, const char *tag)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(path, len, "%s/aresolv-fuzz-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
	if ((fd = mkstemp(path)) < 0) {
		perror(path);
		abort();
	}
	close(fd);
}

/* Writes the input whole to fd, which it closes, with mtime as its
 * modification time (so that a file watcher sees each input as new). */
static inline void fuzz_put_file(int fd, const char *what, const uint8_t *data, size_t size,
                                 time_t mtime)
{
	struct timespec ts[2] = { { mtime, 0 }, { mtime, 0 } };

	if (fd < 0) {
		perror(what);
		abort();
	}
	for (size_t off = 0; off < size;) {
		ssize_t n = write(fd, data + off, size - off);
		if (n <= 0) {
			perror(what);
			abort();
		}
		off += (size_t)n;
	}
	futimens(fd, ts);
	close(fd);
}

/* A failed check aborts, which libFuzzer reports as a crash and saves. */
#define FUZZ_CHECK(cond, ...)                                                  \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "check failed: %s (%s:%d)\n  ", #cond, \
			        __FILE__, __LINE__);                           \
			fprintf(stderr, __VA_ARGS__);                          \
			fprintf(stderr, "\n");                                 \
			abort();                                               \
		}                                                              \
	} while (0)

/* An answer through hostent_pack (buffers of exactly the size given, so
 * that ASan sees any overrun; the contents checked whenever it packed) and
 * ai_pack (the list checked, then freed by ai_free or, as a program would,
 * by glibc's freeaddrinfo). */
static inline void fuzz_hostent(const struct ar_answer *a, int family)
{
	size_t alen = family == AF_INET ? 4 : 16, nf = 0, need, i, j;
	struct hostent he;

	for (i = 0; i < a->naddrs; i++)
		nf += a->addrs[i].family == family;
	need = (nf + 1 + a->naliases + 1) * sizeof(char *) + nf * alen +
	       strlen(a->name ? a->name : "") + 1;
	for (i = 0; i < a->naliases; i++)
		need += strlen(a->aliases[i]) + 1;
	const size_t sizes[] = { 0, need / 2, need - 1, need, need + 15 };
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		char *buf = malloc(sizes[k] ? sizes[k] : 1);
		int r = hostent_pack(a, family, &he, buf, sizes[k]);
		FUZZ_CHECK(r == 0 || r == ERANGE, "hostent_pack returned %d", r);
		FUZZ_CHECK(r == 0 || sizes[k] < need, "hostent_pack: ERANGE with %zu bytes, %zu needed",
		           sizes[k], need);
		if (!r) {
			FUZZ_CHECK(he.h_addrtype == family && he.h_length == (int)alen, "hostent type");
			FUZZ_CHECK(!strcmp(he.h_name, a->name ? a->name : ""), "hostent h_name");
			for (i = 0; i < a->naliases; i++)
				FUZZ_CHECK(he.h_aliases[i] && !strcmp(he.h_aliases[i], a->aliases[i]),
				           "hostent alias %zu", i);
			FUZZ_CHECK(!he.h_aliases[i], "hostent aliases not ended");
			for (i = j = 0; i < a->naddrs; i++) {
				if (a->addrs[i].family != family)
					continue;
				FUZZ_CHECK(he.h_addr_list[j] && !memcmp(he.h_addr_list[j], a->addrs[i].bytes, alen),
				           "hostent address %zu", j);
				j++;
			}
			FUZZ_CHECK(!he.h_addr_list[j], "hostent addresses not ended");
		}
		free(buf);
	}
}

static inline void fuzz_addrinfo(const struct ar_answer *a, int glibc_free)
{
	static const struct ar_servtuple st[2] = {
		{ SOCK_STREAM, IPPROTO_TCP, 80 }, { SOCK_DGRAM, IPPROTO_UDP, 65535 },
	};
	int err = -1;
	struct addrinfo *res = ai_pack(a->addrs, a->naddrs, st, 2, a->name, AI_CANONNAME, &err), *ai;
	size_t i = 0;

	FUZZ_CHECK(a->naddrs ? res && !err : !res && err == EAI_NONAME, "ai_pack: %d", err);
	for (ai = res; ai; ai = ai->ai_next, i++) {
		const struct ar_addr *ad = &a->addrs[i / 2];
		const struct ar_servtuple *t = &st[i % 2];
		FUZZ_CHECK(i < 2 * a->naddrs, "ai_pack: too many nodes");
		FUZZ_CHECK(ai->ai_family == ad->family && ai->ai_socktype == t->socktype &&
		           ai->ai_protocol == t->protocol && ai->ai_flags == AI_CANONNAME,
		           "ai_pack: node %zu", i);
		if (ad->family == AF_INET) {
			const struct sockaddr_in *s = (const void *)ai->ai_addr;
			FUZZ_CHECK(ai->ai_addrlen == sizeof *s && s->sin_family == AF_INET &&
			           ntohs(s->sin_port) == t->port && !memcmp(&s->sin_addr, ad->bytes, 4),
			           "ai_pack: IPv4 node %zu", i);
		} else {
			const struct sockaddr_in6 *s = (const void *)ai->ai_addr;
			FUZZ_CHECK(ai->ai_addrlen == sizeof *s && s->sin6_family == AF_INET6 &&
			           ntohs(s->sin6_port) == t->port && s->sin6_scope_id == ad->scope &&
			           !memcmp(&s->sin6_addr, ad->bytes, 16),
			           "ai_pack: IPv6 node %zu", i);
		}
		if (i == 0 && a->name)
			FUZZ_CHECK(ai->ai_canonname && !strcmp(ai->ai_canonname, a->name), "ai_canonname");
		else
			FUZZ_CHECK(!ai->ai_canonname, "ai_canonname on node %zu", i);
	}
	FUZZ_CHECK(i == 2 * a->naddrs && ai_count(res) == i, "ai_pack: %zu nodes", i);
	if (glibc_free)
		freeaddrinfo(res);
	else
		ai_free(res);
}

static inline void fuzz_pack(const struct ar_answer *a, int glibc_free)
{
	fuzz_hostent(a, AF_INET);
	fuzz_hostent(a, AF_INET6);
	fuzz_addrinfo(a, glibc_free);
}

#endif
