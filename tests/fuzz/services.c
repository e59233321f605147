/* services: the input as the services file, looked up through
 * servfile_port and through glibc's getservbyname_r, which must agree on
 * every name and alias of the file (and on a few fixed names), with the
 * line's own protocol, tcp, udp and none.  glibc reads only
 * /etc/services: the harness runs in a mount namespace of its own
 * (unshare, as root or in a user namespace) with a temporary file
 * bind-mounted there, which both read.
 *
 * servfile.c re-reads the file when its stat changes, checked at most
 * once a second by ar_now_us: as in the hosts harness, the clock is
 * wrapped and moved two seconds on for each input, whose file gets a new
 * modification time. */
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static char path[PATH_MAX];
static uint64_t now_us = 1000000000;
static time_t generation = 1;

uint64_t __wrap_ar_now_us(void);
uint64_t __wrap_ar_now_us(void)
{
	return now_us;
}

static void cleanup(void)
{
	unlink(path);
}

static void write_file(const char *p, const char *s)
{
	int fd = open(p, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		perror(p);
	if (fd >= 0)
		close(fd);
}

static void private_etc(void)
{
	char map[64];
	uid_t uid = getuid();
	gid_t gid = getgid();

	if (unshare(CLONE_NEWNS) < 0) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) {
			perror("services harness: unshare");
			abort();
		}
		write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
		write_file("/proc/self/uid_map", map);
		snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
		write_file("/proc/self/gid_map", map);
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount(path, "/etc/services", NULL, MS_BIND, NULL) < 0) {
		perror("services harness: bind-mount over /etc/services");
		abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_tempfile(path, sizeof path, "services");
	atexit(cleanup);
	private_etc();
	return 0;
}

static void put_file(const uint8_t *data, size_t size)
{
	now_us += 2000000;
	fuzz_put_file(open("/etc/services", O_WRONLY | O_TRUNC | O_CLOEXEC), "/etc/services", data,
	              size, generation++);
}

/* glibc's answer, with a buffer as large as it asks for */
static int glibc_port(const char *name, const char *proto, int *port)
{
	struct servent se, *res = NULL;
	size_t size = 1024;
	char *buf = NULL;
	int r;

	do {
		size *= 4;
		if (!(buf = realloc(buf, size)))
			abort();
		r = getservbyname_r(name, proto, &se, buf, size, &res);
	} while (r == ERANGE);
	free(buf);
	if (r || !res)
		return 0;
	*port = ntohs((uint16_t)res->s_port);
	return 1;
}

static void check(const char *name, const char *proto)
{
	int p = -1, gp = -1;
	int r = servfile_port(name, proto, &p), g = glibc_port(name, proto, &gp);

	FUZZ_CHECK(r >= 0, "servfile_port sent %s/%s to libc", name, proto ? proto : "(null)");
	if (r != g || (r && p != gp)) {
		fuzz_print("name", name);
		fuzz_print("proto", proto ? proto : "(null)");
		FUZZ_CHECK(0, "servfile_port %d (port %d), glibc %d (port %d)", r, p, g, gp);
	}
}

static void check_all(const char *name, const char *own)
{
	static const char *const protos[] = { "tcp", "udp", NULL };

	if (own)
		check(name, own);
	for (size_t i = 0; i < sizeof protos / sizeof *protos; i++)
		check(name, protos[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fixed[] = { "http", "ssh", "domain", "" };
	static const char sp[] = " \t\n\v\f\r";
	char *text = fuzz_str(data, size), *line, *save, *tok, *tsave;
	int asked = 0;

	put_file(data, size);
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		check_all(fixed[i], NULL);
	/* every word of the first lines, as a name, with the word after
	 * the slash of the line's second word as its protocol */
	for (line = strtok_r(text, "\n", &save); line && asked < 40;
	     line = strtok_r(NULL, "\n", &save)) {
		char *slash = NULL, *own = NULL;
		int w = 0;
		for (tok = strtok_r(line, sp, &tsave); tok && asked < 40;
		     tok = strtok_r(NULL, sp, &tsave), w++, asked++) {
			if (w == 1 && (slash = strchr(tok, '/')))
				own = slash + 1;
			check_all(tok, own);
		}
	}
	free(text);
	return 0;
}
