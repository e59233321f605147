/* The storage behind gethostbyname and gethostbyaddr: one growing buffer
 * per thread (glibc has one per process), freed at thread exit through
 * store_key's destructor. */
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdlib.h>

#include "shim.h"

static pthread_key_t store_key;
static pthread_once_t store_once = PTHREAD_ONCE_INIT;
static __thread struct store *store;

static void store_init(void)
{
	pthread_key_create(&store_key, free);
}

void store_adopt(struct store *s)
{
	pthread_once(&store_once, store_init);
	free(store);
	store = s;
	pthread_setspecific(store_key, store);
}

/* The thread's buffer, grown to at least len bytes; NULL without memory. */
struct store *store_get(size_t len)
{
	pthread_once(&store_once, store_init);
	if (!store || store->len < len) {
		struct store *s = realloc(store, sizeof *s + len);
		if (!s)
			return NULL;
		store = s;
		store->len = len;
		pthread_setspecific(store_key, store);
	}
	return store;
}

int hcall_refused(struct call *c)
{
	*((struct hcall *)c)->herr = NO_RECOVERY;
	return 0;
}

struct hostent *hcall_store(struct hcall *h)
{
	struct hostent *result = NULL;
	struct store *st;
	size_t len = 1024;
	int herr = 0, rc;

	h->result = &result;
	h->herr = &herr;
	for (;; len *= 2) {
		if (!(st = store_get(len))) {
			h_errno = NETDB_INTERNAL;
			errno = ENOMEM;
			return NULL;
		}
		len = st->len;
		h->ret = &st->he;
		h->buf = st->buf;
		h->buflen = st->len;
		rc = call_run(&h->c);
		if (rc != ERANGE || len >= (1u << 20))
			break;
	}
	/* glibc's wrapper copies a non-zero h_errno out, found or not */
	if (herr)
		h_errno = herr;
	return result;
}
