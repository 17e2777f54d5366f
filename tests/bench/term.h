/* A program on a pseudo-terminal, for the benchmark: started with forkpty,
 * its output read as it comes (counted, timed, fed to a vt screen), keys
 * written to it; and what /proc says about its CPU time and memory. */
#ifndef SENDX_BENCH_TERM_H
#define SENDX_BENCH_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct vt;

struct term {
    pid_t pid;
    int fd;         /* the pty's master side */
    struct vt *vt;  /* the screen as the program drew it */
    uint64_t bytes; /* everything the program wrote to the terminal */
    uint64_t last_output_ns;
    bool closed; /* the program closed its side (it exited) */
};

/* The monotonic clock, in nanoseconds. */
uint64_t term_now_ns(void);

/* Set by SIGINT/SIGTERM (term_catch_signals): every wait gives up. */
bool term_interrupted(void);
void term_catch_signals(void);

/* Starts argv[0] (searched in PATH) on a new rows x cols pty with
 * TERM=xterm-256color. 0, or -1 with a message on stderr. */
int term_spawn(struct term *t, char *const argv[], int rows, int cols);

/* Reads what the program wrote within timeout_ms (0: only what is there).
 * 1: something was read; 0: nothing came; -1: the program's side closed,
 * or interrupted. */
int term_pump(struct term *t, int timeout_ms);

/* Pumps until done(t, arg) is true (checked after every read, and first).
 * false on timeout, close or interrupt. */
bool term_wait(struct term *t, bool (*done)(struct term *, void *), void *arg, int timeout_ms);

/* term_wait for text anywhere on the screen. */
bool term_wait_text(struct term *t, const char *text, int timeout_ms);

/* Pumps until nothing has come for quiet_ms; false after timeout_ms. */
bool term_quiet(struct term *t, int quiet_ms, int timeout_ms);

/* Writes keys to the program. 0, or -1. */
int term_send(struct term *t, const char *keys, size_t n);

/* SIGTERM, up to 5 s for the program to end, then SIGKILL; frees the
 * screen and closes the pty. Returns the wait status, or -1. */
int term_stop(struct term *t);

/* The CPU time of every thread of pid so far (the kernel's per-thread run
 * time, in ns, from /proc/PID/task/TID/schedstat), and how many times its
 * threads were put on a CPU (*slices, when not NULL). -1 on error. */
int64_t proc_cpu_ns(pid_t pid, int64_t *slices);

/* utime + stime of pid in clock ticks (/proc/PID/stat), dead threads
 * included; -1 on error. */
int64_t proc_cpu_ticks(pid_t pid);

/* A "Name:   N kB" field of /proc/PID/status (VmRSS, VmHWM), in kB; -1. */
int64_t proc_status_kb(pid_t pid, const char *field);

#endif
