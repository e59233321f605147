/* sort_rfc3484: the destination address sort of glibc 2.36's getaddrinfo
 * (rfc3484_sort with the built-in tables), one rule at a time.
 *
 * The sources the kernel picks decide rules 1, 2, 5 and 9, so the test
 * makes its own world when it may: user, network and mount namespaces
 * with lo up, 127.0.0.1/8 and ::1, 10.9.0.1/24 and 2001:db8:9::1/64 on
 * it, device routes through lo for 169.254/16, 10.9/16, 10.200/16,
 * fd00:77::/48 and 2001:db8:77::/48 (sourced from 10.9.0.1 and
 * 2001:db8:9::1) and nothing else (everything else: no source), and
 * /etc/gai.conf hidden.  Every case names the sources it assumes, asks
 * the kernel for them as glibc does (a connected UDP socket) and is
 * skipped when they differ, as they will outside the namespace. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

#include "core.h"
#include "tap.h"

static int gaiconf_hidden;   /* /etc/gai.conf absent, or hidden in the namespace */
static int tables_default;   /* the tables in force are glibc's built-in ones */

/* ---- the namespace ---- */

static void put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, s, strlen(s)) < 0)
			printf("# %s: %s\n", path, strerror(errno));
		close(fd);
	}
}

static void sin4(struct sockaddr *sa, const char *a)
{
	struct sockaddr_in *s = (struct sockaddr_in *)sa;
	memset(s, 0, sizeof *s);
	s->sin_family = AF_INET;
	inet_pton(AF_INET, a, &s->sin_addr);
}

static void try(int r, const char *what)
{
	if (r)
		printf("# setting up %s: %s\n", what, strerror(errno));
}

static void v4_route(int fd, const char *dst, const char *mask)
{
	struct rtentry rt;
	memset(&rt, 0, sizeof rt);
	sin4(&rt.rt_dst, dst);
	sin4(&rt.rt_genmask, mask);
	rt.rt_flags = RTF_UP;
	rt.rt_dev = (char *)"lo";
	try(ioctl(fd, SIOCADDRT, &rt), dst);
}

static void v6_route(int fd, const char *dst, int len, int lo)
{
	struct in6_rtmsg rt;
	memset(&rt, 0, sizeof rt);
	inet_pton(AF_INET6, dst, &rt.rtmsg_dst);
	rt.rtmsg_dst_len = (unsigned short)len;
	rt.rtmsg_flags = RTF_UP;
	rt.rtmsg_metric = 1;
	rt.rtmsg_ifindex = lo;
	try(ioctl(fd, SIOCADDRT, &rt), dst);
}

/* Up to 2 s for a new IPv6 address to be the kernel's source for dst
 * (just added, it is not always usable at once: then ::1 is chosen). */
static void wait_source6(const char *dst, const char *want)
{
	struct sockaddr_in6 d = { .sin6_family = AF_INET6, .sin6_port = htons(9) }, s;
	struct in6_addr w;

	inet_pton(AF_INET6, dst, &d.sin6_addr);
	inet_pton(AF_INET6, want, &w);
	for (int i = 0; i < 200; i++) {
		int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		socklen_t len = sizeof s;
		int ok_ = fd >= 0 && !connect(fd, (struct sockaddr *)&d, sizeof d) &&
		          !getsockname(fd, (struct sockaddr *)&s, &len) &&
		          !memcmp(&s.sin6_addr, &w, sizeof w);
		if (fd >= 0)
			close(fd);
		if (ok_)
			return;
		usleep(10000);
	}
}

static int make_world(void)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	char map[64];
	struct ifreq r;
	int fd, lo, user = 1;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS)) {
		user = 0;   /* root where user namespaces are refused */
		if (unshare(CLONE_NEWNET | CLONE_NEWNS))
			return -1;
	}
	if (user) {
		put("/proc/self/setgroups", "deny");
		snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
		put("/proc/self/uid_map", map);
		snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
		put("/proc/self/gid_map", map);
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
	    (access("/etc/gai.conf", F_OK) ||
	     mount("/dev/null", "/etc/gai.conf", NULL, MS_BIND, NULL) == 0))
		gaiconf_hidden = 1;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	memset(&r, 0, sizeof r);
	strcpy(r.ifr_name, "lo");
	try(ioctl(fd, SIOCGIFFLAGS, &r), "lo");
	r.ifr_flags |= IFF_UP;
	try(ioctl(fd, SIOCSIFFLAGS, &r), "lo up");
	strcpy(r.ifr_name, "lo:1");
	sin4(&r.ifr_addr, "10.9.0.1");
	try(ioctl(fd, SIOCSIFADDR, &r), "10.9.0.1");
	sin4(&r.ifr_netmask, "255.255.255.0");
	try(ioctl(fd, SIOCSIFNETMASK, &r), "10.9.0.1/24");
	v4_route(fd, "169.254.0.0", "255.255.0.0");
	v4_route(fd, "10.9.0.0", "255.255.0.0");
	v4_route(fd, "10.200.0.0", "255.255.0.0");
	close(fd);

	lo = (int)if_nametoindex("lo");
	if ((fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0)) >= 0) {
		struct { struct in6_addr addr; uint32_t prefixlen; int ifindex; } a6;
		inet_pton(AF_INET6, "2001:db8:9::1", &a6.addr);
		a6.prefixlen = 64;
		a6.ifindex = lo;
		try(ioctl(fd, SIOCSIFADDR, &a6), "2001:db8:9::1/64");
		v6_route(fd, "fd00:77::", 48, lo);
		v6_route(fd, "2001:db8:77::", 48, lo);
		close(fd);
		wait_source6("2001:db8:9::5", "2001:db8:9::1");
	}
	return 0;
}

/* ---- addresses as text ---- */

static void addr_of(const char *s, struct ar_addr *a)
{
	memset(a, 0, sizeof *a);
	a->family = strchr(s, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(a->family, s, a->bytes) != 1)
		printf("# bad address in the test: %s\n", s);
}

static const char *text_of(const struct ar_addr *a, char *buf)
{
	return inet_ntop(a->family, a->bytes, buf, INET6_ADDRSTRLEN);
}

/* The source address the kernel gives for dst, "-" for none. */
static const char *source_of(const char *dst, char *buf)
{
	struct ar_addr a;
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, ok_ = 0;

	addr_of(dst, &a);
	memset(&ss, 0, sizeof ss);
	if (a.family == AF_INET6) {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&ss;
		s->sin6_family = AF_INET6;
		s->sin6_port = htons(53);
		memcpy(&s->sin6_addr, a.bytes, 16);
		len = sizeof *s;
	} else {
		struct sockaddr_in *s = (struct sockaddr_in *)&ss;
		s->sin_family = AF_INET;
		s->sin_port = htons(53);
		memcpy(&s->sin_addr, a.bytes, 4);
		len = sizeof *s;
	}
	fd = socket(a.family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&ss, len) == 0) {
		len = sizeof ss;
		ok_ = getsockname(fd, (struct sockaddr *)&ss, &len) == 0;
	}
	if (fd >= 0)
		close(fd);
	if (!ok_)
		return strcpy(buf, "-");
	if (ss.ss_family == AF_INET6)
		return inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, buf, INET6_ADDRSTRLEN);
	return inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, buf, INET6_ADDRSTRLEN);
}

/* "dst>src ..." holds: each dst has that source ("-": none).  Else
 * *why says which does not. */
static int sources_hold(const char *assume, char *why, size_t size)
{
	char copy[4096], *save, *w;

	snprintf(copy, sizeof copy, "%s", assume);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		char *gt = strchr(w, '>'), got[INET6_ADDRSTRLEN];
		*gt = 0;
		if (strcmp(source_of(w, got), gt + 1)) {
			snprintf(why, size, "%s has source %s here, the case needs %s", w, got, gt + 1);
			return 0;
		}
	}
	return 1;
}

/* sort_rfc3484 over the blank-separated addresses; the result the same way. */
static const char *sorted(const char *list)
{
	static char out[4096];
	struct ar_addr a[128];
	char copy[4096], *save, *w, buf[INET6_ADDRSTRLEN];
	size_t n = 0;

	snprintf(copy, sizeof copy, "%s", list);
	for (w = strtok_r(copy, " ", &save); w && n < 128; w = strtok_r(NULL, " ", &save))
		addr_of(w, &a[n++]);
	sort_rfc3484(a, n);
	out[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, text_of(&a[i], buf));
	}
	return out;
}

static void skip(const char *why)
{
	printf("ok %d # skip %s\n", ++tap_n, why);
}

/* One ordering: in sorts to want, given the sources in assume. */
static void order(const char *in, const char *want, const char *assume, const char *what)
{
	char why[256];

	if (!tables_default)
		skip("/etc/gai.conf changes the tables");
	else if (!sources_hold(assume, why, sizeof why))
		skip(why);
	else
		is_str(sorted(in), want, "%s", what);
}

/* ---- the built-in tables (glibc 2.36 getaddrinfo.c, RFC 3484 2.1 with
 * glibc's fec0::/10, fc00::/7 and Teredo labels; no precedence for
 * them) ---- */

static int same_prefixes(const struct ar_prefix *got, size_t n, const char *want)
{
	char copy[512], *save, *w;
	size_t i = 0;

	snprintf(copy, sizeof copy, "%s", want);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save), i++) {
		unsigned char p[16];
		int bits, val;
		char *slash = strchr(w, '/'), *eq = strchr(w, '=');
		*slash = *eq = 0;
		bits = atoi(slash + 1);
		val = atoi(eq + 1);
		inet_pton(AF_INET6, w, p);
		if (i >= n || got[i].bits != bits || got[i].val != val || memcmp(got[i].prefix, p, 16)) {
			printf("#   entry %zu differs from %s/%d=%d\n", i, w, bits, val);
			return 0;
		}
	}
	return i == n;
}

static void tables(void)
{
	static const char *what[3] = {
		"no gai.conf: glibc's default label table",
		"no gai.conf: glibc's default precedence table (RFC 3484's)",
		"no gai.conf: glibc's scopev4 table (169.254/16 and 127/8 link-local, else global)",
	};
	struct ar_gaiconf c;
	int same[3];

	gaiconf_get(&c);
	same[0] = same_prefixes(c.labels, c.nlabels,
	                        "::1/128=0 2002::/16=2 ::/96=3 ::ffff:0:0/96=4 fec0::/10=5 "
	                        "fc00::/7=6 2001::/32=7 ::/0=1");
	same[1] = same_prefixes(c.precedence, c.nprecedence,
	                        "::1/128=50 2002::/16=30 ::/96=20 ::ffff:0:0/96=10 ::/0=40");
	same[2] = c.nscopes == 3 &&
	          c.scopes[0].addr == 0xa9fe0000u && c.scopes[0].mask == 0xffff0000u &&
	          c.scopes[0].scope == 2 &&
	          c.scopes[1].addr == 0x7f000000u && c.scopes[1].mask == 0xff000000u &&
	          c.scopes[1].scope == 2 &&
	          c.scopes[2].mask == 0 && c.scopes[2].scope == 14;
	for (int i = 0; i < 3; i++)
		if (gaiconf_hidden)
			ok(same[i], "%s", what[i]);
		else
			skip("/etc/gai.conf is there and could not be hidden");
	tables_default = same[0] && same[1] && same[2];
}

int main(void)
{
	if (make_world())
		printf("# no namespace (%s): cases that need its sources are skipped\n", strerror(errno));
	else
		printf("# in a private network namespace\n");
	if (access("/etc/gai.conf", F_OK))
		gaiconf_hidden = 1;
	tables();

	/* Fewer than two: nothing to sort, nothing written. */
	struct ar_addr one[2];
	addr_of("198.51.100.1", &one[0]);
	addr_of("10.9.0.5", &one[1]);
	sort_rfc3484(one, 0);
	ok(one[0].family == AF_INET && one[0].bytes[3] == 1 && one[1].bytes[3] == 5,
	   "empty list: the array is left alone");
	sort_rfc3484(one, 1);
	ok(one[0].family == AF_INET && one[0].bytes[3] == 1 && one[1].bytes[3] == 5,
	   "one address: left alone (not compared with what follows it)");

	/* Rule 1: a destination with a source before one without, even
	 * against rule 6 (IPv6 precedence 40 over IPv4's 10). */
	order("198.51.100.1 10.9.0.5", "10.9.0.5 198.51.100.1",
	      "198.51.100.1>- 10.9.0.5>10.9.0.1", "rule 1: reachable first");
	order("2001:db8:abcd::1 127.0.0.1", "127.0.0.1 2001:db8:abcd::1",
	      "2001:db8:abcd::1>- 127.0.0.1>127.0.0.1", "rule 1 before rule 6");

	/* Rule 2: 169.254/16 is link scope (scopev4), its source 10.9.0.1
	 * global: mismatch.  Rule 8 alone would put it first. */
	order("169.254.1.1 10.9.0.5", "10.9.0.5 169.254.1.1",
	      "169.254.1.1>10.9.0.1 10.9.0.5>10.9.0.1", "rule 2: matching scope first");

	/* Rule 5: ULA fd00::/8 is label 6, its source 2001:db8:9::1 label 1;
	 * IPv4 and its source both label 4.  Rule 6 alone: ULA first. */
	order("fd00:77::5 10.9.0.5", "10.9.0.5 fd00:77::5",
	      "fd00:77::5>2001:db8:9::1 10.9.0.5>10.9.0.1", "rule 5: matching label first");

	/* Rule 6: precedence ::1 50, ::/0 40, 2002::/16 30, ::/96 20,
	 * ::ffff:0:0/96 10; scopes and labels matching their sources. */
	order("127.0.0.1 ::1", "::1 127.0.0.1", "127.0.0.1>127.0.0.1 ::1>::1",
	      "rule 6: ::1 (50) before 127.0.0.1 (10), both loopback");
	order("10.9.0.5 2001:db8:9::5", "2001:db8:9::5 10.9.0.5",
	      "10.9.0.5>10.9.0.1 2001:db8:9::5>2001:db8:9::1",
	      "rule 6: global IPv6 (40) before IPv4 (10)");
	order("198.51.100.1 ::192.0.2.1 2002:c000:201::1 2001:db8:abcd::1",
	      "2001:db8:abcd::1 2002:c000:201::1 ::192.0.2.1 198.51.100.1",
	      "198.51.100.1>- ::192.0.2.1>- 2002:c000:201::1>- 2001:db8:abcd::1>-",
	      "rule 6 without sources: global 40, 6to4 30, v4-compatible 20, IPv4 10");
	/* glibc's table has no RFC 6724 rows for ULA (3) or Teredo (5): they
	 * are ::/0's 40, as global; all scope 14, no source: rule 10. */
	order("fd12::1 2001:0:5ef5:79fd::1 2001:db8:abcd::1",
	      "fd12::1 2001:0:5ef5:79fd::1 2001:db8:abcd::1",
	      "fd12::1>- 2001:0:5ef5:79fd::1>- 2001:db8:abcd::1>-",
	      "rule 6: ULA and Teredo rank as global (glibc's table, not RFC 6724's)");
	order("2001:db8:abcd::1 2001:0:5ef5:79fd::1 fd12::1",
	      "2001:db8:abcd::1 2001:0:5ef5:79fd::1 fd12::1",
	      "fd12::1>- 2001:0:5ef5:79fd::1>- 2001:db8:abcd::1>-",
	      "rule 6: and the other way round too");

	/* Rule 8: smaller scope first; link-local fe80::/10 2, site-local
	 * fec0::/10 5, global 14; multicast its scope nibble; all 40. */
	order("2001:db8:abcd::1 fec0::1 fe80::1", "fe80::1 fec0::1 2001:db8:abcd::1",
	      "2001:db8:abcd::1>- fec0::1>- fe80::1>-", "rule 8: link, site, global");
	order("ff0e::1 ff05::1 ff02::1", "ff02::1 ff05::1 ff0e::1",
	      "ff0e::1>- ff05::1>- ff02::1>-", "rule 8: multicast scopes 2, 5, 14");
	order("10.9.0.5 127.0.0.1", "127.0.0.1 10.9.0.5",
	      "10.9.0.5>10.9.0.1 127.0.0.1>127.0.0.1",
	      "rule 8: 127/8 (link scope, scopev4) before a global IPv4 address");

	/* Rule 9, IPv6: longest prefix shared with the source 2001:db8:9::1:
	 * 2001:db8:9::5 126 bits, 2001:db8:77::5 41. */
	order("2001:db8:77::5 2001:db8:9::5", "2001:db8:9::5 2001:db8:77::5",
	      "2001:db8:77::5>2001:db8:9::1 2001:db8:9::5>2001:db8:9::1",
	      "rule 9: IPv6 longest matching prefix first");
	/* IPv4, inside the source's /24: .5^.1 shares 29 bits, .200^.1 24 */
	order("10.9.0.200 10.9.0.5", "10.9.0.5 10.9.0.200",
	      "10.9.0.200>10.9.0.1 10.9.0.5>10.9.0.1",
	      "rule 9: IPv4 in the source's subnet, longest prefix first");
	/* IPv4 outside the subnet: no prefix counts (0 for both), so rule
	 * 10, though 10.9.1.5 shares 22 bits with 10.9.0.1, 10.200.0.5 8 */
	order("10.200.0.5 10.9.1.5", "10.200.0.5 10.9.1.5",
	      "10.200.0.5>10.9.0.1 10.9.1.5>10.9.0.1",
	      "rule 9: IPv4 outside the source's subnet, prefixes do not count");
	/* glibc: outside the subnet is 0, the least shared prefix, so one in
	 * the subnet goes first */
	order("10.200.0.5 10.9.0.200", "10.9.0.200 10.200.0.5",
	      "10.200.0.5>10.9.0.1 10.9.0.200>10.9.0.1",
	      "rule 9: IPv4 in the subnet before one outside it");
	/* V4MAPPED answers are AF_INET6: glibc's get_scope gives them 14 (no
	 * scopev4), so rule 8 ties and rule 9 (IPv6, source ::ffff:10.9.0.1
	 * and ::ffff:127.0.0.1) puts the exact match first */
	order("::ffff:127.0.0.2 ::ffff:10.9.0.1", "::ffff:10.9.0.1 ::ffff:127.0.0.2",
	      "::ffff:127.0.0.2>::ffff:127.0.0.1 ::ffff:10.9.0.1>::ffff:10.9.0.1",
	      "v4-mapped destinations are scope 14, as glibc's AF_INET6 ones");

	/* Rule 10: equals keep their order, either way round. */
	order("10.9.0.3 10.9.0.2", "10.9.0.3 10.9.0.2", "10.9.0.3>10.9.0.1 10.9.0.2>10.9.0.1",
	      "rule 10: .3 and .2 share 30 bits with .1: kept");
	order("10.9.0.2 10.9.0.3", "10.9.0.2 10.9.0.3", "10.9.0.3>10.9.0.1 10.9.0.2>10.9.0.1",
	      "rule 10: and kept the other way round");
	order("198.51.100.2 198.51.100.1", "198.51.100.2 198.51.100.1",
	      "198.51.100.2>- 198.51.100.1>-", "rule 10: no source, no rule 9: kept");

	/* More than 64 (sort.c's stack array): 70 without a source, then
	 * one with: that one first, the rest in their order. */
	char in[2048] = "", want[2048] = "10.9.0.5", assume[2048] = "10.9.0.5>10.9.0.1";
	for (int i = 1; i <= 70; i++) {
		char w[32];
		snprintf(w, sizeof w, "%s198.51.100.%d", i > 1 ? " " : "", i);
		strcat(in, w);
		snprintf(w, sizeof w, " 198.51.100.%d", i);
		strcat(want, w);
		snprintf(w, sizeof w, " 198.51.100.%d>-", i);
		strcat(assume, w);
	}
	strcat(in, " 10.9.0.5");
	order(in, want, assume, "71 addresses: rule 1 and rule 10 past the stack array");
	return done_testing();
}
