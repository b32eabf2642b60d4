/*
 * lib.h -- what the library modules (builtins, sys, time, gc, import)
 * share among themselves and nobody else needs.
 */
#ifndef TL_LIB_H
#define TL_LIB_H

#include "tl.h"

/* sys.stdout / sys.stderr: text streams writing through the host. */
typedef struct TlStream {
    TlObj ob;
    int fd;
    TlVal name;
} TlStream;

extern TlType tl_stream_type;

/* Module initialisers listed in tl_builtin_modules (import.c). */
int tl_mod_builtins_init(TlThread *th, TlVal module);
int tl_mod_sys_init(TlThread *th, TlVal module);
int tl_mod_time_init(TlThread *th, TlVal module);
int tl_mod_gc_init(TlThread *th, TlVal module);
int tl_mod_math_init(TlThread *th, TlVal module);
int tl_mod_random_init(TlThread *th, TlVal module);
int tl_mod_traceback_init(TlThread *th, TlVal module);
int tl_mod_thread_init(TlThread *th, TlVal module);
int tl_mod_stackless_init(TlThread *th, TlVal module);
/* The simulated board (board.c): pyb, machine, micropython, and _board
 * (host inputs for tests). */
int tl_mod_pyb_init(TlThread *th, TlVal module);
int tl_mod_machine_init(TlThread *th, TlVal module);
int tl_mod_micropython_init(TlThread *th, TlVal module);
int tl_mod_board_init(TlThread *th, TlVal module);

/* sys.exit([code]): raises SystemExit (also the builtins exit and quit). */
TlVal tl_sys_exit(TlThread *th, TlVal *args, int nargs, TlVal kw);

/* Write a str to a file-like object: sys.stdout and sys.stderr go straight
 * to the host, anything else through its write() method. */
int tl_write_to(TlThread *th, TlVal file, TlVal s);
/* The current sys.stdout (or stderr) object. */
TlVal tl_sys_stream(TlThread *th, int fd);
/* input(): read a line through the host, detached from the VM. */
TlVal tl_read_line(TlThread *th, TlVal prompt);

/* Sleep `secs` seconds detached from the VM, waking early for Ctrl-C;
 * -1 with KeyboardInterrupt raised. */
int tl_sleep(TlThread *th, double secs);
double tl_monotonic(TlThread *th);

#endif
