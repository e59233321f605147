/* The resolver core's shared layer: what src/ files use of each other
 * (answers, parsing, the lookup chain, the program's resolver state,
 * sorting, libc structures).  DNS through c-ares is in dns.h, the local
 * files in files.h. */
#ifndef ARESOLV_CORE_H
#define ARESOLV_CORE_H

#include <netinet/in.h>
#include <stddef.h>
#include <pthread.h>
#include <string.h>

#include "aresolv.h"

/* Addresses an answer holds without allocating; more go to the heap.  A
 * 65535-byte DNS message holds at most 4093 A records: the sanity cap
 * AR_MAXADDRS is far above what two of them can carry. */
#define AR_INLADDRS 16
#define AR_MAXADDRS 65536

/* ---- the running glibc (libc.c) ---- */
/* The glibc releases compat mode knows, as libc_version() gives them. */
#define AR_LIBC_OLDEST 2036
#define AR_LIBC_NEWEST 2041
/* "2.41" (and "2.41.9000") as 2041; -1 when it is no such version. */
int libc_parse_version(const char *);
/* gnu_get_libc_version(), read once, as libc_parse_version gives it. */
int libc_version(void);
const char *libc_version_str(void);
/* 1 for a glibc from AR_LIBC_OLDEST to AR_LIBC_NEWEST. */
int libc_known(void);
/* Behaviours that changed between them, each asked of the running one: */
/* gethostbyaddr of a v4-mapped IPv6 address finds IPv4 hosts lines */
int libc_hosts_mapped(void);
/* the options (_res's) ask for strict-error and this glibc has it */
int libc_strict_error(unsigned long options);

/* ---- locks held across fork() (forklock.c) ---- */
/* Holds a lock across fork() from now on (forklock.c); see there. */
void forklock_add(pthread_mutex_t *);

/* ---- addresses and answers ---- */
struct ar_addr {
	int family;             /* AF_INET or AF_INET6 */
	uint32_t scope;         /* IPv6 scope id */
	unsigned char bytes[16];
};

/* One name lookup's answer, from the hosts file or DNS.  Owns its strings. */
struct ar_answer {
	const char *source;     /* "hosts" or "dns" */
	char *name;             /* canonical name (h_name / ai_canonname) */
	char **aliases;         /* NULL-terminated, may be NULL */
	size_t naliases;
	size_t naddrs, cap;
	struct ar_addr *addrs;  /* inl, or the heap past AR_INLADDRS */
	struct ar_addr inl[AR_INLADDRS];
};

/* An empty answer; the address array is left unwritten (only its first
 * naddrs entries are ever read).  A zeroed answer is empty too. */
static inline void answer_init(struct ar_answer *a)
{
	a->source = NULL;
	a->name = NULL;
	a->aliases = NULL;
	a->naliases = 0;
	a->naddrs = 0;
	a->cap = AR_INLADDRS;
	a->addrs = a->inl;
}
void answer_clear(struct ar_answer *);
int answer_add_alias(struct ar_answer *, const char *);
int answer_push_alias(struct ar_answer *, const char *);
int answer_add_addr(struct ar_answer *, int family, const void *bytes);

/* ---- numeric parsing (numeric.c) ---- */
/* 1 if s is an IPv4 address in any inet_aton form, 0 otherwise. */
int parse_ipv4(const char *s, unsigned char out[4]);
/* 1 if s is an IPv6 literal with optional %scope; -1 if the scope names no
 * interface (out is filled all the same); 0 if not an IPv6 literal. */
int parse_ipv6(const char *s, unsigned char out[16], uint32_t *scope);
/* gethostbyname's digits-and-dots rule (glibc __nss_hostname_digits_dots):
 * 1 numeric (out filled), -1 looks numeric but is invalid, 0 a name. */
int parse_dots(const char *s, int family, unsigned char out[16]);

/* ---- name syntax (hnok.c) ---- */
/* 1 when glibc's res_hnok would let the name go to DNS. */
int name_ok(const char *name);
/* 1 when res_mkquery could make a query of the name (ns_name_pton). */
int name_pton_ok(const char *name);
int name_has_suffix(const char *name, const char *suffix);

/* ---- services (service.c) ---- */
struct ar_servtuple { int socktype, protocol, port; };
#define AR_MAXSERV 8
/* Fills tuples for (service, hints) the way glibc does; returns count or a
 * negative EAI_* code. */
int parse_service(const char *service, const struct addrinfo *hints,
                  struct ar_servtuple out[AR_MAXSERV]);

/* ---- DNS servers and statuses ---- */
union ar_sockaddr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

/* Not a c-ares status: a system call failed (descriptors exhausted) and
 * errno says which; glibc's EAI_SYSTEM, NETDB_INTERNAL. */
#define AR_ESYSTEM 1000
/* Not a c-ares status: an answer with no usable address or PTR
 * (nss_dns: TRYAGAIN with NO_RECOVERY; gethostbyname_r says EAGAIN). */
#define AR_ENOADDR 1001
/* Not a c-ares status: answers mode's file cannot be used (afile.c):
 * EAI_FAIL, NO_RECOVERY, and no server asked. */
#define AR_EANSWERS 1002
/* The settings of one call that can differ from aresolv's own: those a
 * program set in _res or in its own res_state (resstate.c).  All zero:
 * aresolv's own servers, timeout and tries. */
#define AR_MAXNS 3   /* MAXNS */
struct ar_net {
	int nservers;                  /* 0: ARESOLV_SERVERS or resolv.conf's */
	union ar_sockaddr servers[AR_MAXNS];
	int timeout_ms, tries;         /* 0: aresolv's own */
	int flags;                     /* ARES_FLAG_USEVC, ARES_FLAG_IGNTC */
};
/* A name or an address looked up in DNS (dns.c): an ARES_* status */
int dns_by_name(const char *name, int family, struct ar_answer *);
int dns_by_addr(const struct ar_addr *, struct ar_answer *);

/* ---- search list (resconf.c) ---- */
/* glibc's lookups walk resolv.conf's whole search list (struct
 * resolv_conf's since 2.26, unbounded); _res holds only its first
 * MAXDNSRCH names in 256 bytes.  aresolv keeps AR_SEARCHBYTES of names,
 * what Kubernetes allows (32 names in 2048 characters) with room to
 * spare, and leaves out the names past them (full).  The struct is
 * copied (up to five copies in a lookup's stack frames, one in each
 * channel, two in resstate.c's statics): a larger bound costs every
 * lookup's stack. */
#define AR_SEARCHBYTES 2304
struct ar_search {
	int ndots, n, full;
	unsigned options;    /* RES_DEFNAMES, RES_DNSRCH, RES_NOTLDQUERY */
	size_t used;
	char names[AR_SEARCHBYTES];   /* n names, each ended by a NUL */
};
/* *dst = *src but for the bytes past src->used: the buffer is mostly
 * unused, and copied whole it cost a DNS lookup 1,100 instructions (9%). */
static inline void search_copy(struct ar_search *dst, const struct ar_search *src)
{
	memcpy(dst, src, offsetof(struct ar_search, names) + src->used);
}
/* resolv.conf (resconf.c, its one reader): the search list and the
 * options aresolv follows, the file's then RES_OPTIONS' */
struct ar_resconf {
	struct ar_search search;
	int timeout_s, attempts;   /* glibc's defaults: 5 and 2 */
};
void resconf_read(const char *path, struct ar_resconf *);
/* The search list alone, the host name's domain when there is none */
void resconf_search(const char *path, struct ar_search *);
/* 1 when path cannot be opened for want of descriptors or memory */
int resconf_unreadable(const char *path);

/* ---- a program's resolver state (resstate.c) ---- */
/* What a call takes from a res_state: servers, timeout and tries where
 * they differ from what res_init reads (else aresolv's own), the
 * options (RES_USEVC, RES_USE_EDNS0, ...) and, where the program changed
 * them, ndots and the search list. */
struct __res_state;
struct ar_res {
	struct ar_net net;
	unsigned options;
	const struct ar_search *search;   /* NULL: the channel's (resconf.c) */
	struct ar_search own;
};
/* The thread's _res, brought up to date as glibc's lookups do
 * (initialised, or reloaded after resolv.conf changed), and read. */
void rstate_current(struct ar_res *);
void rstate_settings(const struct __res_state *, struct ar_res *);
int rstate_initialised(const struct __res_state *);
/* Server i as res_send takes it: nsaddr_list's IPv4 address, else the
 * IPv6 one res_init keeps in _u._ext.  Returns its length, 0 if none. */
socklen_t rstate_server(const struct __res_state *, int i, union ar_sockaddr *out);
/* The state's ndots and search list (dnsrch). */
void rstate_search_list(const struct __res_state *, struct ar_search *);
/* resolv.conf's search list, as res_init read it; ndots left 0. */
void rstate_conf_list(struct ar_search *);

/* native mode: ares_query (search 0) or ares_search (resnative.c) */
int resnative_query(struct __res_state *, const char *name, const char *domain, int class,
                    int type, int search, unsigned char *ans, int anslen);

/* ---- lookup chain (lookup.c) ---- */
/* 1 when nsswitch.conf sends this name to a module other than files/dns. */
int name_for_libc(const char *name);
/* Hosts file then DNS.  Returns an ARES_* status; *source set. */
/* hnok: a name res_hnok refuses is not asked in DNS (not found). */
int lookup_name(const char *name, int family, int hnok, struct ar_answer *);

/* ---- errors (errmap.c) ---- */
int eai_from_ares(int status);
int herrno_from_ares(int status);
int errno_from_ares(int status);

/* ---- /etc/gai.conf (gaiconf.c) ---- */
#define AR_MAXPOLICY 64
struct ar_prefix { unsigned char prefix[16]; int bits, val; };
struct ar_scope { uint32_t addr, mask; int scope; };   /* IPv4, host order */
struct ar_gaiconf {
	struct ar_prefix labels[AR_MAXPOLICY + 1], precedence[AR_MAXPOLICY + 1];
	struct ar_scope scopes[AR_MAXPOLICY + 1];
	size_t nlabels, nprecedence, nscopes;
};
void gaiconf_get(struct ar_gaiconf *);

/* ---- sorting (sort.c) ---- */
void sort_rfc3484(struct ar_addr *, size_t n);

/* ---- libc structures (addrinfo.c, hostent.c) ---- */
struct addrinfo *ai_pack(const struct ar_addr *, size_t naddrs,
                         const struct ar_servtuple *, size_t nserv,
                         const char *canon, int flags, int *err);
/* Packs an answer of one family into buf; returns 0 or ERANGE. */
int hostent_pack(const struct ar_answer *, int family, struct hostent *,
                 char *buf, size_t buflen);
/* glibc's gethostbyname2_r and gethostbyaddr_r leave errno equal to what
 * they return (0 for found and not found alike): ret_errno returns rc so
 * (erange, a buffer too small, is in aresolv.h). */
int ret_errno(int rc);

/* ---- native mode (native.c) ---- */
int native_getaddrinfo(const char *node, const char *service,
                       const struct addrinfo *hints, struct addrinfo **res);

#endif
