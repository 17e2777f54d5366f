/* Throwaway TLS material for tests, made with the openssl program in a
 * directory of the test's own. A name is a file stem there: "ca" is
 * dir/ca.key and dir/ca.pem. Keys are P-256, certificates last two days.
 * Each function returns 0, or -1 if openssl could not run or failed
 * (its output is discarded). */
#ifndef SENDX_TEST_CERTS_H
#define SENDX_TEST_CERTS_H

/* A self-signed CA. */
int certs_make_ca(const char *dir, const char *name);

/* A server certificate for san ("IP:127.0.0.1,DNS:localhost") signed by
 * the CA ca. */
int certs_make_server(const char *dir, const char *name, const char *ca, const char *san);

/* A server certificate for san signed by itself (no CA). */
int certs_make_self_signed(const char *dir, const char *name, const char *san);

/* Removes dir and the files in it (no subdirectories). Returns 0, or -1
 * if anything was left behind. */
int certs_remove_dir(const char *dir);

#endif
