/* aresolv-query's text forms, shared by the tool (scripts/aresolv-query.c)
 * and by shadow mode (shim/shadowfmt.c, shim/shadowres.c): the two must
 * print the same bytes, which tests/51-diff-command.t holds them to.
 * Every printer writes to f; the *_word functions return a name, or the
 * number written into buf. */
#ifndef ARESOLV_QFMT_H
#define ARESOLV_QFMT_H

#include <netdb.h>
#include <stddef.h>
#include <stdio.h>

/* a table of names, ended by a NULL n */
struct fmt_name { const char *n; int v; };

/* --flags' names for gai and gni; TYPE and --class names; --options'
 * RES_* names, each alias after its name (a printer takes the first) */
extern const struct fmt_name fmt_ai_flags[], fmt_ni_flags[];
extern const struct fmt_name fmt_rr_types[], fmt_rr_classes[], fmt_res_opts[];

void fmt_str(FILE *f, const char *s);
void fmt_nstr(FILE *f, const char *s, size_t n);
void fmt_hex(FILE *f, const void *data, size_t len);

const char *errno_word(int e, char *buf, size_t len);
const char *family_word(int af, char *buf, size_t len);
const char *socktype_word(int st, char *buf, size_t len);
const char *eai_word(int rc, char *buf, size_t len);
const char *herrno_word(int h, char *buf, size_t len);
const char *table_word(const struct fmt_name *t, int v, char *buf, size_t len);

void fmt_eai_error(FILE *f, int rc, int err, const char *msg);
void fmt_hints(FILE *f, const struct addrinfo *hints);
void fmt_gai_header(FILE *f, const char *node, const char *service,
                    const struct addrinfo *hints);
void fmt_ai_list(FILE *f, const struct addrinfo *res);
void fmt_gni_names(FILE *f, const char *host, socklen_t hostlen, const char *serv,
                   socklen_t servlen);

void fmt_hostent(FILE *f, const struct hostent *h);
int fmt_hostent_result(FILE *f, const struct hostent *h, int herr);
void fmt_ghbr_result(FILE *f, int rc, int herr, const struct hostent *result);

void fmt_res_ret(FILE *f, int ret, int herr, int err, int nform, int res_herr);
void fmt_reply(FILE *f, const unsigned char *buf, const unsigned char *before, long ret,
               long anslen, const unsigned char *query);

#endif
