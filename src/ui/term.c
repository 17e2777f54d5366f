#include "ui/term.h"

#include <curses.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "app/text.h"
#include "config/color.h"

static int signal_pipe[2] = {-1, -1};
static bool open_now;
static SCREEN *screen;

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char byte = (unsigned char)sig;
    /* A full pipe already holds a wake-up; dropping this one is fine. */
    if (write(signal_pipe[1], &byte, 1) < 0)
        (void)0;
    errno = saved;
}

static int make_pipe(void)
{
    if (pipe(signal_pipe) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(signal_pipe[i], F_SETFL, fcntl(signal_pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(signal_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    return 0;
}

static void close_pipe(void)
{
    for (int i = 0; i < 2; i++) {
        close(signal_pipe[i]);
        signal_pipe[i] = -1;
    }
}

/* Every signal a key or the terminal can send, and the usual ways to end
 * a program. */
static const int handled[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT};

static void set_handlers(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++)
        sigaction(handled[i], &sa, NULL);
}

/* Ctrl-c arrives as a key (app.quit, which a key map may rebind) rather
 * than as SIGINT, as in raw mode; unlike raw mode, Ctrl-z still
 * suspends. Saved as curses' program mode, so a resume after Ctrl-z
 * keeps it, and endwin restores the shell's. */
static void read_ctrl_c_as_a_key(void)
{
    struct termios tio;
    if (tcgetattr(STDOUT_FILENO, &tio) != 0)
        return;
    tio.c_cc[VINTR] = _POSIX_VDISABLE;
    /* Ctrl-s saves a form: flow control would stop the output instead. */
    tio.c_iflag &= ~(tcflag_t)IXON;
    if (tcsetattr(STDOUT_FILENO, TCSANOW, &tio) == 0)
        def_prog_mode();
}

/* Bracketed paste: the terminal marks pasted text, so a newline or an
 * escape sequence in it arrives as text, never as Enter or a key. */
static void bracketed_paste(bool on)
{
    const char *mode = on ? "\033[?2004h" : "\033[?2004l";
    fflush(stdout);
    if (write(STDOUT_FILENO, mode, strlen(mode)) < 0)
        return; /* no terminal to tell: pastes then come as keys */
}

void term_direct_sibling(const char *term, char *buf, size_t n)
{
    static const char *const suffixes[] = {"-256color", "-88color", "-16color", "-color"};
    size_t len = strlen(term);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t s = strlen(suffixes[i]);
        if (len > s && strcmp(term + len - s, suffixes[i]) == 0) {
            len -= s;
            break;
        }
    }
    if (len > 7 && strcmp(term + len - 7, "-direct") == 0)
        len -= 7;
    snprintf(buf, n, "%.*s-direct", (int)len, term);
}

/* The colours terminfo entry name sends, or -1 when there is no such
 * entry. The entry is read and let go again, before curses starts. */
static int entry_colors(const char *name)
{
    int err = 0;
    if (setupterm(name, STDOUT_FILENO, &err) != OK || err != 1)
        return -1;
    int colors = tigetnum("colors");
    del_curterm(cur_term);
    return colors;
}

/* The entry to open: $TERM's, or its direct-colour sibling when COLORTERM
 * says the terminal takes 24-bit colour but $TERM's entry cannot send it
 * (curses sends 24-bit colour only through a direct-colour entry, which
 * ncurses-term installs as xterm-direct, tmux-direct, ...). NULL: $TERM. */
static const char *entry_to_open(char *buf, size_t n)
{
    const char *term = getenv("TERM");
    const char *no_color = getenv("NO_COLOR");
    if (!term || !*term || color_depth_detect(getenv("COLORTERM"), 0, no_color) != COLOR_DEPTH_TRUE)
        return NULL;
    int colors = entry_colors(term);
    if (colors < 0 || colors >= 1 << 24)
        return NULL;
    term_direct_sibling(term, buf, n);
    return entry_colors(buf) >= 1 << 24 ? buf : NULL;
}

int term_open(const char **why)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *why = "needs a terminal: stdin and stdout must be a tty";
        return -1;
    }
    if (make_pipe() != 0) {
        *why = "cannot make the signal pipe";
        return -1;
    }
    /* Before newterm: curses installs its own handlers only where it
     * finds none, and its SIGTSTP handler calls endwin inside the handler,
     * on whichever thread the signal lands, and after `fg` leaves the
     * keypad off and the size as it was before the stop. */
    set_handlers(on_signal);
    char direct[128];
    screen = newterm(entry_to_open(direct, sizeof direct), stdout, stdin);
    if (!screen) {
        set_handlers(SIG_DFL);
        close_pipe();
        *why = "cannot start curses: is TERM set to a terminal this system knows?";
        return -1;
    }
    open_now = true;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    read_ctrl_c_as_a_key();
    /* Every button event, though only left clicks and the wheel do
     * anything: curses skips an event outside the mask by reading on with
     * a blocking read, so a release or a right click would freeze the
     * loop until the next key. No motion reports (REPORT_MOUSE_POSITION):
     * Shift-drag still selects text in most terminals. */
    mousemask(ALL_MOUSE_EVENTS, NULL);
    mouseinterval(0);
    bracketed_paste(true);
    return 0;
}

void term_close(void)
{
    if (!open_now)
        return;
    open_now = false;
    mousemask(0, NULL);
    bracketed_paste(false);
    curs_set(1);
    endwin();
    delscreen(screen);
    screen = NULL;
    set_handlers(SIG_DFL);
}

void term_suspend(void)
{
    if (!open_now)
        return;
    mousemask(0, NULL);
    bracketed_paste(false);
    /* Not curs_set(1) as in term_close: endwin shows the cursor itself
     * and remembers that the program hides it, for the way back. */
    endwin();
    struct sigaction stop, ours;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &stop, &ours);
    /* raise, not kill: sent to this thread, the signal stops the process
     * before raise returns. In an orphaned process group, where no shell
     * could ever continue it, the kernel drops it and this goes on. */
    raise(SIGTSTP);
    sigaction(SIGTSTP, &ours, NULL);
    /* Modes the user set with stty while stopped are the ones to leave
     * behind on the way out. */
    def_shell_mode();
    term_resume();
}

void term_pause(void)
{
    if (!open_now)
        return;
    mousemask(0, NULL);
    bracketed_paste(false);
    endwin();
}

void term_resume(void)
{
    if (!open_now)
        return;
    reset_prog_mode();
    /* curses keeps the keypad off after endwin though the window asks
     * for it; without it the arrows come in a form it does not decode. */
    keypad(stdscr, TRUE);
    mousemask(ALL_MOUSE_EVENTS, NULL);
    bracketed_paste(true);
    term_resize();
}

int term_signal_fd(void)
{
    return signal_pipe[0];
}

int term_next_signal(void)
{
    unsigned char byte;
    ssize_t n = read(signal_pipe[0], &byte, 1);
    return n == 1 ? byte : 0;
}

void term_resize(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resize_term(ws.ws_row, ws.ws_col);
}

int term_copy(const char *text)
{
    char *b64 = text_base64(text, strlen(text));
    if (!b64)
        return -1;
    static const char head[] = "\033]52;c;";
    fflush(stdout);
    /* Straight to the tty: curses has flushed its frame, and the sequence
     * moves no cursor and draws nothing. */
    ssize_t rc = write(STDOUT_FILENO, head, sizeof head - 1);
    if (rc >= 0)
        rc = write(STDOUT_FILENO, b64, strlen(b64));
    if (rc >= 0)
        rc = write(STDOUT_FILENO, "\a", 1);
    free(b64);
    return rc < 0 ? -1 : 0;
}

bool term_drop_pause_signals(int *stop_signal)
{
    int sig;
    bool quit = false;
    while ((sig = term_next_signal()) != 0) {
        if (sig == SIGINT || sig == SIGTSTP || sig == SIGCONT || sig == SIGWINCH)
            continue;
        if (!*stop_signal)
            *stop_signal = sig;
        quit = true;
    }
    return quit;
}
