/* Files followed as they change (the hosts and services files): one parse
 * for all the threads, each holding a reference to the parse it reads.
 * A lookup takes no lock unless its parse is out of date; the thread that
 * reads the file again does so under `build` alone, while the others go
 * on with the parse they hold (the first parse excepted: there is nothing
 * else to read), and `lock` is held only to take a reference to the
 * newest parse or to replace it. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "core.h"
#include "files.h"

void channel_pin(void);   /* channel.c: the key's destructor must stay mapped */

static void unref(struct ar_snap *s)
{
	if (s && atomic_fetch_sub(&s->refs, 1) == 1)
		s->free(s);
}

static void unref_at_exit(void *s)
{
	unref(s);
}

/* Guards the keys' making. */
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;

/* The locks are held across fork() (a fork while another thread held one
 * would leave it held in the child for good): init_lock first, then each
 * file's build before its lock, the order they are taken in. */
static void init(struct ar_follow *f)
{
	if (atomic_load(&f->ready))
		return;
	channel_pin();   /* not under init_lock, which a fork's handlers take */
	forklock_add(&init_lock);
	forklock_add(&f->build);
	forklock_add(&f->lock);
	pthread_mutex_lock(&init_lock);
	if (!atomic_load(&f->ready)) {
		pthread_key_create(&f->key, unref_at_exit);
		atomic_store(&f->ready, 1);
	}
	pthread_mutex_unlock(&init_lock);
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	       a->st_size == b->st_size && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static int current(const struct ar_snap *s, int exists, const struct stat *st)
{
	return s && exists == s->exists && (!exists || same_file(st, &s->st));
}

static struct ar_snap *shared_ref(struct ar_follow *f)
{
	struct ar_snap *s;

	pthread_mutex_lock(&f->lock);
	if ((s = atomic_load(&f->shared)))
		atomic_fetch_add(&s->refs, 1);
	pthread_mutex_unlock(&f->lock);
	return s;
}

static void publish(struct ar_follow *f, struct ar_snap *s)
{
	struct ar_snap *old;

	atomic_fetch_add(&s->refs, 1);   /* shared's own */
	pthread_mutex_lock(&f->lock);
	old = atomic_exchange(&f->shared, s);
	pthread_mutex_unlock(&f->lock);
	unref(old);
}

/* s (a reference to the newest parse, or NULL) is out of date: the file
 * read again, unless another thread is at it, and then s meanwhile. */
static struct ar_snap *refresh(struct ar_follow *f, struct ar_snap *s, int exists,
                               const struct stat *st, int *e)
{
	struct ar_snap *n;

	if (s && pthread_mutex_trylock(&f->build))
		return s;
	if (!s)
		pthread_mutex_lock(&f->build);
	unref(s);
	s = shared_ref(f);   /* another thread may have read it meanwhile */
	if (!current(s, exists, st)) {
		if ((n = f->load(f->path(), exists, st))) {
			publish(f, n);
			unref(s);
			s = n;
		} else {
			*e = errno;   /* s, if any, is kept until it can be made again */
		}
	}
	pthread_mutex_unlock(&f->build);
	return s;
}

static void adopt(struct ar_follow *f, struct ar_seen *t, struct ar_snap *s)
{
	unref(t->snap);
	t->snap = s;
	pthread_setspecific(f->key, s);
}

struct ar_snap *follow_get(struct ar_follow *f, struct ar_seen *t, int *err)
{
	uint64_t now = ar_now_us();
	struct ar_snap *s;
	struct stat st = { 0 };
	int exists, cancel, e = 0;

	if (t->snap && now - t->checked_us < 1000000) {
		/* checked within the second: a newer parse another thread
		 * published is taken, the file is not looked at */
		if (t->snap != atomic_load_explicit(&f->shared, memory_order_relaxed) &&
		    (s = shared_ref(f)))
			adopt(f, t, s);
		return t->snap;
	}
	exists = stat(f->path(), &st) == 0;
	init(f);
	/* reading the file may be cancelled: not with a lock held */
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel);
	s = shared_ref(f);
	if (!current(s, exists, &st))
		s = refresh(f, s, exists, &st, &e);
	pthread_setcancelstate(cancel, NULL);
	if (!s) {
		/* Out of descriptors or memory before the file was ever read:
		 * glibc fails such a lookup too (its other modules can open
		 * nothing either). */
		if (e == EMFILE || e == ENFILE || e == ENOMEM) {
			errno = e;
			*err = 1;
		}
		return NULL;
	}
	adopt(f, t, s);
	t->checked_us = now;
	return s;
}

/* The file's text, NUL-terminated, its length in *len; NULL with errno
 * set. */
char *follow_read(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap, n = 0;
	struct stat st;
	char *buf = NULL, *nb;
	ssize_t r;
	int e;

	if (fd < 0)
		return NULL;
	cap = fstat(fd, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	for (;;) {
		if (n + 1 >= cap || !buf) {
			if (buf)
				cap *= 2;
			if (!(nb = realloc(buf, cap)))
				break;
			buf = nb;
		}
		if ((r = read(fd, buf + n, cap - n - 1)) < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0) {
				close(fd);
				buf[n] = 0;
				*len = n;
				return buf;
			}
			break;
		}
		n += (size_t)r;
	}
	e = errno;
	close(fd);
	free(buf);
	errno = e;
	return NULL;
}

void follow_snap_init(struct ar_snap *s, int exists, const struct stat *st,
                      void (*free_fn)(struct ar_snap *))
{
	s->exists = exists;
	s->st = *st;
	s->free = free_fn;
	atomic_init(&s->refs, 1);
}

struct ar_snap *follow_snap_done(struct ar_snap *s, int e)
{
	if (!e)
		return s;
	s->free(s);
	errno = e;
	return NULL;
}
