/* restrace: an LD_PRELOAD object for tests/47-res-programs.t that
 * watches a program's res_* calls as glibc answers them, so that the test
 * knows what aresolv's trace must say for the same program: one line per
 * call, appended to the file $RESTRACE,
 *
 *   FUNC name="NAME" class=CLASS type=TYPE result=RESULT[ len=N]
 *
 * FUNC as called (res_query, res_nquery, res_search, res_nsearch,
 * res_querydomain, res_nquerydomain, res_send, res_nsend); for the send
 * forms, the name, class and type of the query in the buffer.  RESULT is
 * OK with the answer's length, or the h_errno name (res_h_errno for the
 * n forms), or for the send forms the errno name.  Class and type are
 * named as in aresolv's trace.  Each call goes to the next definition
 * (glibc's); errno and h_errno are kept as glibc left them.
 *
 *   cc -shared -fPIC -o restrace.so tests/restrace.c -ldl
 */

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *class_name(int c, char *buf)
{
	switch (c) {
	case 1: return "IN";
	case 3: return "CH";
	case 4: return "HS";
	case 255: return "ANY";
	}
	sprintf(buf, "%d", c);
	return buf;
}

static const char *type_name(int t, char *buf)
{
	static const struct { int t; const char *n; } names[] = {
		{1, "A"}, {2, "NS"}, {5, "CNAME"}, {6, "SOA"}, {12, "PTR"},
		{15, "MX"}, {16, "TXT"}, {28, "AAAA"}, {33, "SRV"}, {35, "NAPTR"},
		{44, "SSHFP"}, {52, "TLSA"}, {64, "SVCB"}, {65, "HTTPS"},
		{255, "ANY"}, {256, "URI"}, {257, "CAA"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].t == t)
			return names[i].n;
	sprintf(buf, "%d", t);
	return buf;
}

static const char *herr_name(int h)
{
	switch (h) {
	case HOST_NOT_FOUND: return "HOST_NOT_FOUND";
	case TRY_AGAIN: return "TRY_AGAIN";
	case NO_RECOVERY: return "NO_RECOVERY";
	case NO_DATA: return "NO_DATA";
	case NETDB_INTERNAL: return "NETDB_INTERNAL";
	case 0: return "NETDB_SUCCESS";
	}
	return "?";
}

static void out(const char *func, const char *name, int class, int type,
		int n, const char *err)
{
	const char *file = getenv("RESTRACE");
	int saved_errno = errno, saved_h = h_errno, fd, len;
	char line[1400], cb[16], tb[16];

	if (!file)
		return;
	len = snprintf(line, sizeof line, "%s name=\"%s\" class=%s type=%s result=%s",
		       func, name ? name : "(null)", class_name(class, cb),
		       type_name(type, tb), n >= 0 ? "OK" : err);
	if (n >= 0 && len < (int)sizeof line)
		len += snprintf(line + len, sizeof line - len, " len=%d", n);
	if (len >= (int)sizeof line - 1)
		len = sizeof line - 2;
	line[len++] = '\n';
	if ((fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) >= 0) {
		ssize_t w = write(fd, line, len);
		(void)w;
		close(fd);
	}
	errno = saved_errno;
	h_errno = saved_h;
}

/* The question of a query in a buffer, as dn_expand reads it. */
static void question(const unsigned char *msg, int len, char *name, size_t size,
		     int *class, int *type)
{
	int n;

	*class = *type = -1;
	snprintf(name, size, "?");
	if (!msg || len < 12 || (n = dn_expand(msg, msg + len, msg + 12, name, size)) < 0 ||
	    12 + n + 4 > len)
		return;
	*type = msg[12 + n] << 8 | msg[13 + n];
	*class = msg[14 + n] << 8 | msg[15 + n];
}

#define NEXT(f) \
	static __typeof__(f) *next; \
	if (!next) \
		next = (__typeof__(f) *)dlsym(RTLD_NEXT, #f)

int res_query(const char *dname, int class, int type, unsigned char *ans, int anslen)
{
	NEXT(res_query);
	int n = next(dname, class, type, ans, anslen);
	out("res_query", dname, class, type, n, herr_name(h_errno));
	return n;
}

int res_search(const char *dname, int class, int type, unsigned char *ans, int anslen)
{
	NEXT(res_search);
	int n = next(dname, class, type, ans, anslen);
	out("res_search", dname, class, type, n, herr_name(h_errno));
	return n;
}

int res_querydomain(const char *name, const char *domain, int class, int type,
		    unsigned char *ans, int anslen)
{
	NEXT(res_querydomain);
	char full[2 * NS_MAXDNAME + 2];
	int n = next(name, domain, class, type, ans, anslen);
	snprintf(full, sizeof full, "%s%s%s", name ? name : "", domain ? "." : "", domain ? domain : "");
	out("res_querydomain", full, class, type, n, herr_name(h_errno));
	return n;
}

int res_nquery(res_state st, const char *dname, int class, int type,
	       unsigned char *ans, int anslen)
{
	NEXT(res_nquery);
	int n = next(st, dname, class, type, ans, anslen);
	out("res_nquery", dname, class, type, n, herr_name(st->res_h_errno));
	return n;
}

int res_nsearch(res_state st, const char *dname, int class, int type,
		unsigned char *ans, int anslen)
{
	NEXT(res_nsearch);
	int n = next(st, dname, class, type, ans, anslen);
	out("res_nsearch", dname, class, type, n, herr_name(st->res_h_errno));
	return n;
}

int res_nquerydomain(res_state st, const char *name, const char *domain, int class,
		     int type, unsigned char *ans, int anslen)
{
	NEXT(res_nquerydomain);
	char full[2 * NS_MAXDNAME + 2];
	int n = next(st, name, domain, class, type, ans, anslen);
	snprintf(full, sizeof full, "%s%s%s", name ? name : "", domain ? "." : "", domain ? domain : "");
	out("res_nquerydomain", full, class, type, n, herr_name(st->res_h_errno));
	return n;
}

int res_send(const unsigned char *msg, int len, unsigned char *ans, int anslen)
{
	NEXT(res_send);
	char name[NS_MAXDNAME];
	int class, type, n = next(msg, len, ans, anslen);
	const char *err = strerrorname_np(errno);
	question(msg, len, name, sizeof name, &class, &type);
	out("res_send", name, class, type, n, err ? err : "?");
	return n;
}

int res_nsend(res_state st, const unsigned char *msg, int len, unsigned char *ans, int anslen)
{
	NEXT(res_nsend);
	char name[NS_MAXDNAME];
	int class, type, n = next(st, msg, len, ans, anslen);
	const char *err = strerrorname_np(errno);
	question(msg, len, name, sizeof name, &class, &type);
	out("res_nsend", name, class, type, n, err ? err : "?");
	return n;
}
