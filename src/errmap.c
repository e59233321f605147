/* c-ares statuses as the error codes glibc gives for the same outcome. */
#include <ares.h>
#include <errno.h>
#include <netdb.h>

#include "core.h"

int eai_from_ares(int status)
{
	switch (status) {
	case ARES_SUCCESS:
		return 0;
	case ARES_ENOTFOUND:
	case ARES_EBADNAME:
		return EAI_NONAME;
	case ARES_ENODATA:
		return EAI_NODATA;
	case ARES_EFORMERR:    /* the server said FORMERR */
	case ARES_EBADRESP:    /* an answer that does not parse */
	case AR_ENOADDR:
		return EAI_NONAME;
	case ARES_ENOMEM:
		return EAI_MEMORY;
	case ARES_ESERVICE:   /* native mode: c-ares' own service parsing */
		return EAI_SERVICE;
	case AR_ESYSTEM:
		return EAI_SYSTEM;
	case AR_EANSWERS:
		return EAI_FAIL;
	default:   /* timeouts, SERVFAIL, REFUSED, unreachable servers */
		return EAI_AGAIN;
	}
}

int herrno_from_ares(int status)
{
	switch (status) {
	case ARES_SUCCESS:
		return NETDB_SUCCESS;
	case ARES_ENOTFOUND:
	case ARES_EBADNAME:
		return HOST_NOT_FOUND;
	case ARES_ENODATA:
		return NO_DATA;
	case ARES_EFORMERR:
	case ARES_EBADRESP:
	case AR_ENOADDR:
	case AR_EANSWERS:
		return NO_RECOVERY;
	case ARES_ENOMEM:
	case AR_ESYSTEM:
		return NETDB_INTERNAL;
	default:
		return TRY_AGAIN;
	}
}

/* The errno gethostbyname_r returns with herrno_from_ares's h_errno: the
 * one nss_dns leaves (EAGAIN for TRY_AGAIN, dn_expand's EMSGSIZE for an
 * answer that does not parse), or 0 when the module says NOTFOUND. */
int errno_from_ares(int status)
{
	switch (status) {
	case ARES_SUCCESS:
	case ARES_ENOTFOUND:
	case ARES_EBADNAME:
	case ARES_ENODATA:
	case ARES_EFORMERR:
		return 0;
	case ARES_EBADRESP:
		return EMSGSIZE;
	case ARES_ENOMEM:
		return ENOMEM;
	case AR_ESYSTEM:
		return errno;
	default:
		return EAGAIN;
	}
}

const char *eai_name(int code)
{
	switch (code) {
	case 0: return "OK";
	case EAI_BADFLAGS: return "EAI_BADFLAGS";
	case EAI_NONAME: return "EAI_NONAME";
	case EAI_AGAIN: return "EAI_AGAIN";
	case EAI_FAIL: return "EAI_FAIL";
	case EAI_FAMILY: return "EAI_FAMILY";
	case EAI_SOCKTYPE: return "EAI_SOCKTYPE";
	case EAI_SERVICE: return "EAI_SERVICE";
	case EAI_MEMORY: return "EAI_MEMORY";
	case EAI_SYSTEM: return "EAI_SYSTEM";
	case EAI_OVERFLOW: return "EAI_OVERFLOW";
	case EAI_NODATA: return "EAI_NODATA";
	case EAI_ADDRFAMILY: return "EAI_ADDRFAMILY";
	default: return "EAI_UNKNOWN";
	}
}

const char *herrno_name(int code)
{
	switch (code) {
	case NETDB_SUCCESS: return "OK";
	case HOST_NOT_FOUND: return "HOST_NOT_FOUND";
	case TRY_AGAIN: return "TRY_AGAIN";
	case NO_RECOVERY: return "NO_RECOVERY";
	case NO_DATA: return "NO_DATA";
	case NETDB_INTERNAL: return "NETDB_INTERNAL";
	default: return "UNKNOWN";
	}
}
