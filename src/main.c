/* sendx-tui: the command line (cli/), then the browser (ui/) or the
 * export (cli/export.h) on the API client (api/), against SendX itself
 * or the embedded demo server (mock/). Only wiring lives here: what each
 * step does is in cli/. */
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "api/api_error.h"
#include "api/http.h"
#include "app/logger.h"
#include "cli/args.h"
#include "cli/export.h"
#include "cli/inspect.h"
#include "cli/session.h"
#include "cli/setup.h"
#include "mock/mock.h"
#include "ui/ui.h"

/* Exit statuses (sendx-tui.1, EXIT STATUS): something given on the
 * command line is wrong or unusable, or anything else stopped the
 * program (the configuration, the environment, the network, the
 * terminal). */
#define EXIT_USAGE 2
#define EXIT_FATAL 1

/* Says why in one line (err cleared) and gives status back. */
static int fail(int status, const char *what, struct api_error *err)
{
    fprintf(stderr, "sendx-tui: %s%s%s\n", what ? what : "", what && err ? ": " : "",
            err ? api_error_message(err) : "");
    api_error_clear(err);
    return status;
}

/* The user's locale; but where that is plain C/POSIX (LANG unset, as on
 * many fresh machines and ssh sessions) names in other scripts would be
 * drawn as garbage, so characters are taken as UTF-8, which every
 * terminal in use today speaks. */
static void use_locale(void)
{
    setlocale(LC_ALL, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
}

/* Ends the process as killed by sig, now that the terminal is restored,
 * the log written and the demo stopped: the shell and supervisors see
 * 128+N (130 for SIGINT, 143 for SIGTERM), as they expect of a tool a
 * signal ended. */
static int die_by(int sig)
{
    fflush(NULL);
    /* SIGQUIT (Ctrl-\) would dump core by default: hold_key_in_private
     * has made sure no core is written. */
    signal(sig, SIG_DFL);
    raise(sig);
    return 128 + sig; /* only if the signal could not end the process */
}

/* The API key is in this process's memory from the start to the end, so
 * no copy of that memory may leave it: no core file (a crash, Ctrl-\),
 * nor one handed to a crash reporter, and no other process of the user's
 * reading it (ptrace, /proc/PID/mem, /proc/PID/environ). Not dumpable
 * says all of that; a core size of 0 also holds where the system dumps
 * processes that are not dumpable (fs.suid_dumpable=2) and for the crash
 * reporters that honour it. A debugger started with the program still
 * works. */
static void hold_key_in_private(void)
{
    prctl(PR_SET_DUMPABLE, 0);
    struct rlimit core;
    if (getrlimit(RLIMIT_CORE, &core) == 0) {
        core.rlim_cur = 0;
        setrlimit(RLIMIT_CORE, &core);
    }
}

/* Reads the configuration and the themes; a file with errors stops here,
 * every one of them said at once. Warnings are said too, before the
 * screen covers them. */
static int load(const struct cli_args *args, struct cli_setup *setup)
{
    struct api_error err = {0};
    int rc = cli_setup_load(setup, args->config, &err);
    diags_print(&setup->diags, stderr);
    if (rc == 0)
        return 0;
    if (err.kind != API_OK)
        return fail(EXIT_FATAL, "cannot read the configuration", &err);
    fprintf(stderr, "sendx-tui: %zu error%s in %s\n", setup->diags.errors,
            setup->diags.errors == 1 ? "" : "s", setup->config_path);
    return EXIT_FATAL;
}

/* The browser on the session in opts. Returns an exit status;
 * *stop_signal is the signal that ended it, or 0. */
static int browse(struct ui_options *opts, int *stop_signal)
{
    const char *why = NULL;
    int status = ui_run(opts, &why, stop_signal);
    /* ui_run has restored the terminal: printing is safe again. */
    if (status != 0)
        fprintf(stderr, "sendx-tui: %s\n", why ? why : "stopped by an error");
    return status;
}

/* `sendx-tui export` on the session in opts. Returns an exit status;
 * *stop_signal as for browse. */
static int export(const struct cli_args *args, const struct ui_options *opts, int *stop_signal)
{
    struct api_error err = {0};
    struct cli_export_options eo = {.args = args,
                                    .session = &opts->session,
                                    .http = opts->http,
                                    .log = opts->log,
                                    .diag = stderr};
    if (cli_export_run(&eo, stop_signal, &err) == 0)
        return 0;
    if (*stop_signal) {
        api_error_clear(&err);
        return EXIT_FATAL;
    }
    return fail(EXIT_FATAL, NULL, &err);
}

/* The browser or the export on the session in opts, with the log and
 * the HTTP layer around it. Returns an exit status, or minus the signal
 * that ended it. */
static int run(const struct cli_args *args, struct ui_options *opts)
{
    struct api_error err = {0};
    int stop_signal = 0;
    int status;
    if (args->log_file && !(opts->log = logger_open(args->log_file, &err))) {
        status = fail(EXIT_USAGE, "--log", &err);
    } else if (http_global_init(&err) != 0) {
        status = fail(EXIT_FATAL, "cannot start the HTTP layer", &err);
    } else {
        status = args->export ? export(args, opts, &stop_signal) : browse(opts, &stop_signal);
        http_global_cleanup();
    }
    logger_close(opts->log);
    /* ui_run frees the session it ran (and zeroes it); one it never got
     * is freed here. */
    ui_session_free(&opts->session);
    return stop_signal ? -stop_signal : status;
}

/* The starting session (on the demo server when asked for), then the
 * browser or the export. Returns an exit status, or minus the signal that ended it. */
static int start(const struct cli_args *args, struct cli_setup *setup)
{
    struct api_error err = {0};
    struct cli_sessions sessions = {.config = &setup->config,
                                    .config_path = setup->config_path,
                                    .themes = &setup->themes,
                                    .args = args,
                                    .key_cmd_timeout_ms = CLI_KEY_CMD_TIMEOUT_MS,
                                    .headless = args->export};
    if (cli_session_check_names(&sessions, &err) != 0)
        return fail(EXIT_USAGE, NULL, &err);
    struct mock_server *demo = NULL;
    struct mock_options mo = mock_options_default();
    if (args->demo) {
        mo.contacts = args->demo_contacts;
        if (!(demo = mock_server_start(&mo, &err)))
            return fail(EXIT_FATAL, "cannot start the demo server", &err);
        sessions.demo_url = mock_server_url(demo);
        sessions.demo_key = mo.api_key;
    }
    struct ui_options opts = {.http = http_options_default(),
                              .config = &setup->config,
                              .themes = &setup->themes,
                              .open_session = cli_session_open,
                              .open_ctx = &sessions,
                              .notice = setup->notice[0] ? setup->notice : NULL};
    int started = cli_session_start(&sessions, &opts.session, &err);
    /* Read once and held by the session: no child (the editor, a
     * profile's api_key_cmd on :profile) inherits the key. */
    unsetenv("SENDX_API_KEY");
    int status = started == 0 ? run(args, &opts) : fail(EXIT_FATAL, NULL, &err);
    if (demo && mock_server_stop(demo, &err) != 0)
        status = fail(EXIT_FATAL, "stopping the demo server", &err);
    return status;
}

int main(int argc, char **argv)
{
    hold_key_in_private();
    use_locale();
    struct cli_args args;
    struct api_error err = {0};
    if (cli_args_parse(argc, argv, &args, &err) != 0) {
        fail(EXIT_USAGE, NULL, &err);
        if (args.export)
            cli_export_usage(stderr);
        else
            cli_args_usage(stderr);
        return EXIT_USAGE;
    }
    if (cli_args_check(&args, &err) != 0)
        return fail(EXIT_USAGE, NULL, &err);
    if (args.help || args.version) {
        if (args.version)
            puts("sendx-tui " SENDX_TUI_VERSION);
        else if (args.export)
            cli_export_usage(stdout);
        else
            cli_args_usage(stdout);
        return 0;
    }
    if (args.check_config)
        return cli_inspect_check(args.config, stdout, stderr) == 0 ? 0 : EXIT_FATAL;

    struct cli_setup setup;
    int status = load(&args, &setup);
    if (status == 0 && args.print_config)
        status = cli_inspect_print(&setup, stdout, &err) == 0 ? 0 : fail(EXIT_FATAL, NULL, &err);
    else if (status == 0)
        status = start(&args, &setup);
    cli_setup_free(&setup);
    return status < 0 ? die_by(-status) : status;
}
