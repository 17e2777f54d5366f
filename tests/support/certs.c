#include "certs.h"

#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PATH_MAX_TEST 256

extern char **environ;

/* Runs openssl with args (NULL-terminated), quietly. */
static int openssl(const char *const *args)
{
    const char *argv[32] = {"openssl"};
    size_t n = 1;
    for (; args[n - 1]; n++) {
        if (n == sizeof argv / sizeof argv[0] - 1)
            return -1;
        argv[n] = args[n - 1];
    }
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, "openssl", &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    if (rc != 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* dir/name.ext into out. */
static const char *file(char out[PATH_MAX_TEST], const char *dir, const char *name, const char *ext)
{
    snprintf(out, PATH_MAX_TEST, "%s/%s.%s", dir, name, ext);
    return out;
}

/* A fresh key and a certificate signed by that key: a CA when ca, else
 * a server certificate for san. */
static int self_signed(const char *dir, const char *name, const char *subject, const char *san,
                       bool ca)
{
    char key[PATH_MAX_TEST], pem[PATH_MAX_TEST], alt[PATH_MAX_TEST];
    snprintf(alt, sizeof alt, "subjectAltName=%s", san ? san : "");
    return openssl((const char *[]){"req",
                                    "-x509",
                                    "-newkey",
                                    "ec",
                                    "-pkeyopt",
                                    "ec_paramgen_curve:prime256v1",
                                    "-nodes",
                                    "-keyout",
                                    file(key, dir, name, "key"),
                                    "-out",
                                    file(pem, dir, name, "pem"),
                                    "-days",
                                    "2",
                                    "-subj",
                                    subject,
                                    "-addext",
                                    ca ? "basicConstraints=critical,CA:TRUE" : alt,
                                    "-addext",
                                    ca ? "keyUsage=critical,keyCertSign,cRLSign"
                                       : "keyUsage=critical,digitalSignature",
                                    NULL});
}

int certs_make_ca(const char *dir, const char *name)
{
    char subject[128];
    snprintf(subject, sizeof subject, "/CN=sendx test CA %s", name);
    return self_signed(dir, name, subject, NULL, true);
}

int certs_make_self_signed(const char *dir, const char *name, const char *san)
{
    return self_signed(dir, name, "/CN=sendx test server", san, false);
}

int certs_make_server(const char *dir, const char *name, const char *ca, const char *san)
{
    char ext[PATH_MAX_TEST], key[PATH_MAX_TEST], csr[PATH_MAX_TEST], pem[PATH_MAX_TEST];
    char ca_pem[PATH_MAX_TEST], ca_key[PATH_MAX_TEST];
    FILE *f = fopen(file(ext, dir, name, "ext"), "w");
    if (!f)
        return -1;
    fprintf(f,
            "subjectAltName=%s\n"
            "basicConstraints=CA:FALSE\n"
            "keyUsage=critical,digitalSignature\n"
            "extendedKeyUsage=serverAuth\n",
            san);
    if (fclose(f) != 0)
        return -1;
    if (openssl((const char *[]){"req", "-new", "-newkey", "ec", "-pkeyopt",
                                 "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                                 file(key, dir, name, "key"), "-out", file(csr, dir, name, "csr"),
                                 "-subj", "/CN=sendx test server", NULL}) != 0)
        return -1;
    return openssl((const char *[]){"x509", "-req", "-in", csr, "-CA", file(ca_pem, dir, ca, "pem"),
                                    "-CAkey", file(ca_key, dir, ca, "key"), "-set_serial", "2",
                                    "-days", "2", "-extfile", ext, "-out",
                                    file(pem, dir, name, "pem"), NULL});
}

int certs_remove_dir(const char *dir)
{
    int rc = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && unlink(path) != 0)
            rc = -1;
    }
    if (d)
        closedir(d);
    return rmdir(dir) == 0 ? rc : -1;
}
