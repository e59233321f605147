/* getaddrinfo_a's requests: a queue and a pool of at most MAXTHREADS
 * detached workers, each running requests through the lookup function
 * the caller handed over, as glibc's resolv/gai_misc.c does.
 *
 * A request belongs to the queue (not started) or to busy (looked up
 * now).  Whoever waits for requests (GAI_WAIT's caller, gai_suspend, a
 * GAI_NOWAIT call's notification) has a struct wait counting the requests
 * still to end, hooked on each of them; the one that ends a request counts
 * the waits down, wakes the sleepers at zero and notifies for GAI_NOWAIT
 * calls.  Sleepers sleep on a futex, not a condition variable, so that a
 * signal handler interrupts gai_suspend (EAI_INTR) as it does glibc's. */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core.h"

#define MAXTHREADS 20   /* glibc's gai_threads */
#define IDLE_S 1        /* glibc's gai_idle_time: an idle worker's linger */

struct wait {
	atomic_uint left;      /* requests still to end: the futex word */
	int async;             /* GAI_NOWAIT's: on the heap, notified at zero */
	pid_t pid;             /* SIGEV_SIGNAL: the process to signal */
	struct sigevent sev;
	struct wait *next;     /* on a list of waits to notify */
	atomic_uint gate;      /* SIGEV_THREAD: 1 till pthread_create returned */
	atomic_int refs;       /* SIGEV_THREAD: notify's and its thread's */
};

/* A request's link to a wait.  gai_suspend's live in its own array: the
 * request's end clears r, else gai_suspend unlinks them on its way out. */
struct hook {
	struct hook *next;
	struct wait *w;
	struct req *r;
};

struct req {
	struct req *next;
	struct gaicb *cb;
	ar_gai_fn fn;
	struct hook *hooks;
	struct hook own;       /* the wait of the call that made it */
};

/* Guard: lock protects all below.  A wait's left is written under it and
 * read without it only by the futex calls.  A gaicb's __return is written
 * under it (release) and read by gai_error without it (acquire). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER;   /* queue grew */
static struct req *queue, **qtail = &queue;   /* oldest first */
static struct req *busy;
static int nqueued, nthreads, idle;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Set in a child after fork() when requests wait for workers that stayed
 * in the parent: the next call starts new ones. */
static atomic_int restaff;

static void set_return(struct gaicb *cb, int rc)
{
	__atomic_store_n(&cb->__return, rc, __ATOMIC_RELEASE);
}

static int futex_wait(atomic_uint *word, unsigned v, const struct timespec *deadline)
{
	int saved = errno, e = 0;

	/* FUTEX_WAIT_BITSET: an absolute deadline on CLOCK_MONOTONIC */
	if (syscall(SYS_futex, word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, v,
	            deadline, NULL, FUTEX_BITSET_MATCH_ANY))
		e = errno;
	errno = saved;
	return e;
}

static void futex_wake(atomic_uint *word)
{
	int saved = errno;

	syscall(SYS_futex, word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, NULL, NULL, 0);
	errno = saved;
}

/* Called locked: sleeps until w->left is zero.  Returns 0, ETIMEDOUT past
 * the deadline, or EINTR when a signal handler ran and intr is set. */
static int sleep_on(struct wait *w, const struct timespec *deadline, int intr)
{
	unsigned v;
	int e = 0;

	while (!e && (v = atomic_load(&w->left))) {
		pthread_mutex_unlock(&lock);
		e = futex_wait(&w->left, v, deadline);
		pthread_mutex_lock(&lock);
		if (e == EAGAIN || (e == EINTR && !intr))
			e = 0;
	}
	return atomic_load(&w->left) ? e : 0;
}

/* 1 when this brought w to zero.  gai_suspend's count of 1 is shared by
 * several requests: it stays at zero. */
static int count_down(struct wait *w)
{
	unsigned v = atomic_load(&w->left);

	if (!v)
		return 0;
	atomic_store(&w->left, v - 1);
	return v == 1;
}

static void *notify_thread(void *arg)
{
	struct wait *w = arg;
	void (*fn)(union sigval) = w->sev.sigev_notify_function;
	union sigval val = w->sev.sigev_value;
	sigset_t none;

	while (atomic_load(&w->gate))
		futex_wait(&w->gate, 1, NULL);
	if (atomic_fetch_sub(&w->refs, 1) == 1)
		free(w);
	sigemptyset(&none);
	pthread_sigmask(SIG_SETMASK, &none, NULL);   /* as glibc's */
	fn(val);
	return NULL;
}

static void send_signal(const struct wait *w)
{
	siginfo_t si;

	memset(&si, 0, sizeof si);
	si.si_signo = w->sev.sigev_signo;
	si.si_code = SI_ASYNCNL;
	si.si_pid = w->pid;
	si.si_uid = getuid();
	si.si_value = w->sev.sigev_value;
	syscall(SYS_rt_sigqueueinfo, w->pid, si.si_signo, &si);
}

/* A GAI_NOWAIT call's notification, once all its requests ended; frees w,
 * or the thread it starts does, whichever is last.  The thread waits at
 * w->gate until pthread_create has returned: glibc reads the caller's
 * attributes after the thread starts, and the caller may free them once
 * notified. */
static void notify(struct wait *w)
{
	pthread_attr_t def, *a = w->sev.sigev_notify_attributes;
	pthread_t t;
	int saved = errno, e = 1;

	if (w->sev.sigev_notify == SIGEV_SIGNAL)
		send_signal(w);
	if (w->sev.sigev_notify == SIGEV_THREAD) {
		if (!a) {
			pthread_attr_init(&def);
			pthread_attr_setdetachstate(&def, PTHREAD_CREATE_DETACHED);
		}
		atomic_store(&w->gate, 1);
		atomic_store(&w->refs, 2);
		e = pthread_create(&t, a ? a : &def, notify_thread, w);
		if (!e) {
			atomic_store(&w->gate, 0);
			futex_wake(&w->gate);
		}
		if (!a)
			pthread_attr_destroy(&def);
	}
	if (e || atomic_fetch_sub(&w->refs, 1) == 1)
		free(w);
	errno = saved;
}

static void notify_all(struct wait *w)
{
	struct wait *next;

	for (; w; w = next) {
		next = w->next;
		notify(w);
	}
}

/* Called locked: r, off every list, ends with rc; its waits hear of it.
 * GAI_NOWAIT waits that reach zero go on *done, for notify_all once
 * unlocked. */
static void end(struct req *r, int rc, struct wait **done)
{
	struct hook *h;

	set_return(r->cb, rc);
	for (h = r->hooks; h; h = h->next) {
		h->r = NULL;
		if (!count_down(h->w))
			continue;
		if (h->w->async) {
			h->w->next = *done;
			*done = h->w;
		} else {
			futex_wake(&h->w->left);
		}
	}
	free(r);
}

static struct req **find(struct req **pp, const struct gaicb *cb)
{
	while (*pp && (*pp)->cb != cb)
		pp = &(*pp)->next;
	return pp;
}

/* Called locked: takes *pp off the queue. */
static struct req *unqueue(struct req **pp)
{
	struct req *r = *pp;

	*pp = r->next;
	if (!*pp)
		qtail = pp;
	nqueued--;
	return r;
}

/* Called locked: the oldest queued request, now busy, or NULL. */
static struct req *take(void)
{
	struct req *r;

	if (!queue)
		return NULL;
	r = unqueue(&queue);
	r->next = busy;
	busy = r;
	return r;
}

/* Called locked: takes r off busy. */
static void unbusy(struct req *r)
{
	struct req **pp = &busy;

	while (*pp != r)
		pp = &(*pp)->next;
	*pp = r->next;
}

/* Called locked; unlocked during the lookup. */
static void run(struct req *r)
{
	struct gaicb *cb = r->cb;
	struct wait *done = NULL;
	int rc;

	pthread_mutex_unlock(&lock);
	rc = r->fn(cb->ar_name, cb->ar_service, cb->ar_request, &cb->ar_result);
	pthread_mutex_lock(&lock);
	unbusy(r);
	end(r, rc, &done);
	if (done) {
		pthread_mutex_unlock(&lock);
		notify_all(done);
		pthread_mutex_lock(&lock);
	}
}

/* Called locked: 1 when IDLE_S passed with nothing queued. */
static int idle_wait(void)
{
	struct timespec ts;
	int e;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += IDLE_S;
	idle++;
	e = pthread_cond_clockwait(&work, &lock, CLOCK_MONOTONIC, &ts);
	idle--;
	return e == ETIMEDOUT;
}

/* A worker: r first (taken for it by its maker), then the queue, until
 * it found nothing to do for IDLE_S. */
static void *worker(void *arg)
{
	struct req *r = arg;
	int timedout = 0;

	pthread_mutex_lock(&lock);
	while (r || (r = take()) || !timedout) {
		if (r) {
			run(r);
			r = NULL;
			timedout = 0;
		} else {
			timedout = idle_wait();
		}
	}
	nthreads--;
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* Called locked: a worker for r, with every signal blocked (the program's
 * handlers run in its own threads, as with glibc's helpers). */
static int spawn(struct req *r)
{
	pthread_attr_t a;
	pthread_t t;
	sigset_t all, old;
	int e;

	sigfillset(&all);
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	e = pthread_create(&t, &a, worker, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&a);
	if (!e)
		nthreads++;
	return e;
}

/* Called locked: wakes the idle workers and starts new ones, each with
 * the oldest queued request, until every queued request has a worker or
 * the pool is full.  Returns pthread_create's error when no worker is
 * left at all. */
static int staff(void)
{
	struct req *r;
	int e = 0;

	if (idle)
		pthread_cond_broadcast(&work);
	while (nqueued > idle && nthreads < MAXTHREADS && (r = take())) {
		if ((e = spawn(r))) {
			busy = r->next;   /* back to the queue's head */
			r->next = queue;
			queue = r;
			if (!r->next)
				qtail = &r->next;
			nqueued++;
			break;
		}
	}
	return nthreads ? 0 : e;
}

static void fork_prepare(void)
{
	pthread_mutex_lock(&lock);
}

static void fork_parent(void)
{
	pthread_mutex_unlock(&lock);
}

/* Called locked: drops the hooks of waits made by threads other than the
 * forking one, which a child has none of (GAI_WAIT, gai_suspend); the
 * GAI_NOWAIT calls' notifications now go to the child. */
static void forget_sleepers(struct req *r)
{
	struct hook **pp = &r->hooks, *h;

	while ((h = *pp)) {
		if (h->w->async) {
			if (h->w->sev.sigev_notify == SIGEV_SIGNAL)
				h->w->pid = getpid();
			pp = &h->next;
		} else {
			*pp = h->next;
		}
	}
}

/* The child has none of the workers: the requests they ran go back to
 * the queue, started again by the next call. */
static void fork_child(void)
{
	struct req *r;

	while ((r = busy)) {
		busy = r->next;
		r->next = queue;
		queue = r;
		if (!r->next)
			qtail = &r->next;
		nqueued++;
	}
	for (r = queue; r; r = r->next)
		forget_sleepers(r);
	nthreads = idle = 0;
	pthread_cond_init(&work, NULL);
	atomic_store(&restaff, queue != NULL);
	pthread_mutex_unlock(&lock);
}

static void setup(void)
{
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

/* As the library loads: a first call registering them while another
 * thread forks would miss that fork (forklock.c says more). */
__attribute__((constructor)) static void setup_early(void)
{
	pthread_once(&once, setup);
}

/* Called locked: starts workers for what a fork left queued; when none
 * starts, the queue ends with EAI_SYSTEM.  Returns pthread_create's
 * error or 0. */
static int staff_or_fail(struct wait **done)
{
	int e;

	atomic_store(&restaff, 0);
	if (!queue || !(e = staff()))
		return 0;
	while (queue)
		end(unqueue(&queue), EAI_SYSTEM, done);
	return e;
}

static void after_fork(void)
{
	struct wait *done = NULL;

	if (!atomic_load(&restaff))
		return;
	pthread_mutex_lock(&lock);
	staff_or_fail(&done);
	pthread_mutex_unlock(&lock);
	notify_all(done);
}

/* Called locked: queues list's requests for w; returns how many. */
static int enqueue(struct gaicb *list[], int n, ar_gai_fn fn, struct wait *w, int *rc)
{
	struct req *r;
	int i, made = 0;

	for (i = 0; i < n; i++) {
		if (!list[i])
			continue;
		if (!(r = malloc(sizeof *r))) {
			errno = EAGAIN;
			*rc = EAI_SYSTEM;
			continue;
		}
		r->next = NULL;
		r->cb = list[i];
		r->fn = fn;
		r->own.next = NULL;
		r->own.w = w;
		r->own.r = r;
		r->hooks = &r->own;
		set_return(r->cb, EAI_INPROGRESS);
		*qtail = r;
		qtail = &r->next;
		nqueued++;
		made++;
	}
	return made;
}

static struct wait *async_wait(const struct sigevent *sev)
{
	struct wait *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	w->async = 1;
	w->sev = *sev;
	w->pid = sev->sigev_notify == SIGEV_SIGNAL ? getpid() : 0;
	return w;
}

int gaia_submit(int mode, struct gaicb *list[], int n, const struct sigevent *sev,
                ar_gai_fn fn)
{
	const struct sigevent none = { .sigev_notify = SIGEV_NONE };
	struct wait sync = { .left = 0 }, *w = &sync, *done = NULL;
	int rc = 0, made, e, old;

	if (mode != GAI_WAIT && mode != GAI_NOWAIT) {
		errno = EINVAL;
		return EAI_SYSTEM;
	}
	if (mode == GAI_NOWAIT && !(w = async_wait(sev ? sev : &none)))
		return EAI_AGAIN;
	pthread_once(&once, setup);
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	pthread_mutex_lock(&lock);
	made = enqueue(list, n, fn, w, &rc);
	atomic_store(&w->left, (unsigned)made);
	if ((e = staff_or_fail(&done))) {
		errno = e;
		rc = EAI_SYSTEM;
	}
	if (w->async && !made) {
		w->next = done;   /* nothing to do: glibc notifies at once */
		done = w;
	} else if (!w->async) {
		sleep_on(w, NULL, 0);
	}
	pthread_mutex_unlock(&lock);
	pthread_setcancelstate(old, NULL);
	notify_all(done);
	return rc;
}

/* Called locked: hooks h on the request of cb if cb is in progress. */
static int hook_on(const struct gaicb *cb, struct hook *h, struct wait *w)
{
	struct req *r;

	if (!cb || __atomic_load_n(&cb->__return, __ATOMIC_ACQUIRE) != EAI_INPROGRESS)
		return 0;
	if (!(r = *find(&queue, cb)) && !(r = *find(&busy, cb)))
		return 0;
	h->w = w;
	h->r = r;
	h->next = r->hooks;
	r->hooks = h;
	return 1;
}

/* Called locked: takes h off the list of its request, if not ended. */
static void unhook(struct hook *h)
{
	struct hook **pp;

	if (!h->r)
		return;
	for (pp = &h->r->hooks; *pp != h; pp = &(*pp)->next)
		;
	*pp = h->next;
}

static void deadline(struct timespec *ts, const struct timespec *in)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += in->tv_sec;
	ts->tv_nsec += in->tv_nsec;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_nsec -= 1000000000;
		ts->tv_sec++;
	}
}

/* glibc's: waits for the requests of list in progress now (not returning
 * at once for one that already ended), EAI_ALLDONE when there are none. */
int gaia_suspend(const struct gaicb *const list[], int n, const struct timespec *timeout)
{
	struct wait w = { .left = 1 };
	struct timespec ts;
	struct hook *hooks = NULL;
	int i, nh = 0, e = 0, old;

	after_fork();
	if (timeout)
		deadline(&ts, timeout);
	if (n > 0 && !(hooks = calloc((size_t)n, sizeof *hooks))) {
		errno = ENOMEM;
		return EAI_SYSTEM;
	}
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	pthread_mutex_lock(&lock);
	for (i = 0; i < n; i++)
		nh += hook_on(list[i], &hooks[nh], &w);
	if (nh)
		e = sleep_on(&w, timeout ? &ts : NULL, 1);
	for (i = 0; i < nh; i++)
		unhook(&hooks[i]);
	pthread_mutex_unlock(&lock);
	pthread_setcancelstate(old, NULL);
	free(hooks);
	if (!nh)
		return EAI_ALLDONE;
	return e == ETIMEDOUT ? EAI_AGAIN : e == EINTR ? EAI_INTR : e ? EAI_SYSTEM : 0;
}

int gaia_error(struct gaicb *cb)
{
	after_fork();
	return __atomic_load_n(&cb->__return, __ATOMIC_ACQUIRE);
}

/* Called locked: the man page's gai_cancel(NULL), every queued request. */
static int cancel_all(struct wait **done)
{
	int any = queue != NULL;

	while (queue)
		end(unqueue(&queue), EAI_CANCELED, done);
	return busy ? EAI_NOTCANCELED : any ? EAI_CANCELED : EAI_ALLDONE;
}

/* A queued request ends with EAI_CANCELED and its waits hear of it as of
 * any end (glibc leaves it EAI_INPROGRESS and its waiters waiting). */
int gaia_cancel(struct gaicb *cb)
{
	struct wait *done = NULL;
	struct req **pp;
	int rc, old;

	after_fork();
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	pthread_mutex_lock(&lock);
	if (!cb)
		rc = cancel_all(&done);
	else if (*(pp = find(&queue, cb))) {
		end(unqueue(pp), EAI_CANCELED, &done);
		rc = EAI_CANCELED;
	} else {
		rc = *find(&busy, cb) ? EAI_NOTCANCELED : EAI_ALLDONE;
	}
	pthread_mutex_unlock(&lock);
	pthread_setcancelstate(old, NULL);
	notify_all(done);
	return rc;
}
