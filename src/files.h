/* The local files, followed as they change: the parse shared by the
 * threads (follow.c), the tables indexing it (table.c), glibc's line
 * reader (nssline.c), the hosts file (hosts.c) and the services file
 * (servfile.c). */
#ifndef ARESOLV_FILES_H
#define ARESOLV_FILES_H

#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>

#include "core.h"

/* ---- files followed as they change (follow.c) ---- */
/* One parse of a file, never changed once made: the first member of each
 * file's own parse, freed by its free() with its last reference. */
struct ar_snap {
	atomic_uint refs;
	int exists;
	struct stat st;
	void (*free)(struct ar_snap *);
};
/* A followed file: the newest parse, shared by the threads; each thread
 * keeps a reference to the parse it reads (its ar_seen, thread-local),
 * checks the file (stat) at most once a second, and adopts a newer parse
 * as soon as one is published.  One thread at a time reads the file
 * again; the others meanwhile go on with the parse they hold. */
struct ar_follow {
	const char *(*path)(void);
	/* a new parse with one reference (exists 0: the file is missing);
	 * NULL with errno set */
	struct ar_snap *(*load)(const char *path, int exists, const struct stat *);
	pthread_mutex_t lock;           /* guards shared; held for a pointer only */
	pthread_mutex_t build;          /* held by the thread reading the file */
	struct ar_snap *_Atomic shared; /* the newest parse, with its own reference */
	atomic_int ready;               /* key made, locks held across fork() */
	pthread_key_t key;              /* the thread's parse, unreferenced at exit */
};
#define AR_FOLLOW(pathfn, loadfn) { .path = pathfn, .load = loadfn, \
	.lock = PTHREAD_MUTEX_INITIALIZER, .build = PTHREAD_MUTEX_INITIALIZER }
struct ar_seen {
	struct ar_snap *snap;
	uint64_t checked_us;
};
/* The parse this thread reads, NULL when there is none; *err set when the
 * file, never read yet, could not be read for want of descriptors or
 * memory (errno says which). */
struct ar_snap *follow_get(struct ar_follow *, struct ar_seen *, int *err);
/* A new parse's common part: one reference, the file's stat, its free. */
void follow_snap_init(struct ar_snap *, int exists, const struct stat *,
                      void (*free_fn)(struct ar_snap *));
/* A load's end: the new parse, or with e (an errno) the parse freed and
 * NULL, errno e. */
struct ar_snap *follow_snap_done(struct ar_snap *, int e);
/* The file's text, NUL-terminated, its length in *len; NULL with errno
 * set (a parse's load reads its file through it). */
char *follow_read(const char *path, size_t *len);


/* ---- open-addressing tables of offsets, the files' indexes (table.c) ---- */
#define AR_NOENT UINT32_MAX
struct ar_table {
	uint32_t *slot;
	uint32_t mask;
};
/* Room for n entries, the table at most half full; -1 when memory ran out. */
int table_init(struct ar_table *, size_t n);
void table_free(struct ar_table *);
void table_add(struct ar_table *, uint32_t hash, uint32_t off);
/* The entries from hash on, one a call, until AR_NOENT: those added with
 * hash, in the order they were added, among others the caller tells
 * apart.  *pos starts as the hash. */
uint32_t table_next(const struct ar_table *, uint32_t *pos);
/* The slot of hash fetched into the cache ahead of a table_add. */
void table_touch(const struct ar_table *, uint32_t hash);
uint32_t table_hash(const void *, size_t);
/* The n bytes of a name; fold: equal for names strcasecmp finds equal,
 * in any locale. */
uint32_t table_name_hash(const char *, size_t n, int fold);

/* The next line of text (len bytes, NUL-terminated) from *pos, as glibc
 * 2.36's __nss_readline hands it to nss_files, NUL-terminated in place;
 * NULL after the last (nssline.c). */
char *nss_line(char *text, size_t len, size_t *pos);

/* The string after s in a parse's run of NUL-ended strings (hosts.c's
 * names, servfile.c's aliases), the run ended by an empty one. */
static inline const char *strs_next(const char *s)
{
	return s + strlen(s) + 1;
}

/* ---- hosts file (hosts.c) ---- */
/* Looks name up; family AF_INET, AF_INET6 or AF_UNSPEC.  Returns 1 found,
 * 0 not found, -1 with errno set when memory ran out or the file, never
 * read yet by any thread, cannot be read for want of descriptors or
 * memory (a file that is missing or unreadable otherwise counts as not
 * found). */
int hosts_by_name(const char *name, int family, struct ar_answer *);
int hosts_by_addr(const struct ar_addr *, struct ar_answer *);

/* ---- services file (servfile.c) ---- */
/* getservbyname_r's answer from the services file, parsed once and
 * shared (servfile.c): 1 found (*port in host order), 0 not found, -1
 * when libc must answer (nsswitch.conf names another source, or the file
 * could not be read).  proto NULL matches any protocol. */
int servfile_port(const char *name, const char *proto, int *port);

#endif
