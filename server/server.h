/*
 * server.h -- what the parts of threadlab-server share: the configuration,
 * the database (db.c), the HTTP side (http.c), the WebSocket side (ws.c),
 * the native runner (runner.c) and the sandbox (sandbox.c).
 *
 * Threading model: libwebsockets runs everything on one service thread,
 * database work included (SQLite calls are short and WAL keeps readers off
 * the writer's back).  Native runs are separate processes forked by a small
 * zygote process; their output comes back through pipes that the service
 * thread adopts into its event loop, so no other thread ever touches lws.
 */
#ifndef TL_SERVER_H
#define TL_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "json.h"

/* Limits of one native run. */
typedef struct TlLimits {
    int wall_ms;          /* wall-clock limit (reason "timeout") */
    int cpu_s;            /* RLIMIT_CPU (reason "cpu limit") */
    size_t heap;          /* VM heap limit: MemoryError beyond it */
    size_t mem;           /* RLIMIT_AS, the backstop (reason "memory limit") */
    size_t output;        /* bytes of stdout+stderr (reason "output limit") */
    int threads;          /* TlConfig.max_threads */
    int max_runs;         /* simultaneous runs in the whole server */
} TlLimits;

typedef struct TlServerCfg {
    const char *host;
    int port;
    const char *db;
    const char *web;
    const char *lessons;
    TlLimits lim;
} TlServerCfg;

extern TlServerCfg tl_cfg;

/* Log line on stderr with a timestamp. */
void tl_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ------------------------------------------------------------ db.c */

typedef struct TlDb TlDb;
TlDb *tl_db_open(const char *path);
void tl_db_close(TlDb *db);
/* All return -1 on a database error (logged). */
int tl_db_progress_put(TlDb *db, const char *token, const char *lesson,
                       const char *status, const char *code, size_t n);
/* Appends {"LESSON":{"status":..,"code":..,"updated":..},...}. */
int tl_db_progress_json(TlDb *db, const char *token, TlOut *out);
/* Stores a snippet under a fresh unguessable id (TL_ID_LEN chars + NUL). */
int tl_db_snippet_put(TlDb *db, const char *code, size_t n, char *id);
/* 1 and {"code":..} appended when found, 0 when not. */
int tl_db_snippet_get(TlDb *db, const char *id, TlOut *out);
/* n random characters from [A-Za-z0-9] (getrandom), NUL-terminated. */
enum { TL_ID_LEN = 16, TL_TOKEN_LEN = 32 };
int tl_random_id(char *out, size_t n);
bool tl_valid_id(const char *s, size_t want);

/* ------------------------------------------------------------ http.c */

struct lws;
struct TlHttpReq;
struct TlWsConn;
/* Per-connection data of the main protocol: an HTTP exchange, or after an
 * upgrade to /ws, a WebSocket connection. */
typedef struct TlSession {
    struct TlHttpReq *http;
    struct TlWsConn *ws;
} TlSession;

/* Lessons from a directory of JSON files (lessons/ID.json), loaded once. */
int tl_lessons_load(const char *dir);
void tl_lessons_free(void);
void tl_http_init(TlDb *db);
/* The main protocol's callback: HTTP here, WebSocket reasons go to ws.c. */
int tl_http_callback(struct lws *wsi, int reason, void *user, void *in, size_t len);

/* ------------------------------------------------------------ ws.c */

/* The service-loop half of runs and the /ws protocol. */
int tl_ws_callback(struct lws *wsi, int reason, void *user, void *in, size_t len);
int tl_pipe_callback(struct lws *wsi, int reason, void *user, void *in, size_t len);
int tl_ws_active_runs(void);

/* ------------------------------------------------------------ runner.c */

/* Records on a run's event pipe.  Each record is written with one write()
 * of at most PIPE_BUF bytes, so records from several threads never
 * interleave and a killed writer never leaves half a record. */
enum { TL_EV_STDOUT = 1, TL_EV_STDERR = 2, TL_EV_MEMORY = 3, TL_EV_RESULT = 4,
       TL_EV_BOARD = 5 };          /* board: one event as a JSON object */
/* A line on a run's input pipe starting with this byte is a board input
 * ("\x1e" WHAT " " VALUE), not a line for input(). */
#define TL_BOARD_INPUT_MARK '\x1e'
typedef struct TlEvHdr {
    uint8_t kind;
    uint8_t pad;
    uint16_t len;         /* payload bytes after the header */
} TlEvHdr;
enum { TL_EV_MAX = 4096 };        /* PIPE_BUF: header + payload */

/* Written by the run's monitor after the program's process ends. */
typedef struct TlRunResult {
    int32_t status;       /* exit status, or -1 when killed by a signal */
    int32_t signal;
    uint32_t cpu_ms;
    uint32_t maxrss_kb;
} TlRunResult;

typedef struct TlRunReq {
    bool gil;
    TlLimits lim;
} TlRunReq;

/* Fork the zygote; call before starting lws or opening the database. */
int tl_zygote_start(void);
void tl_zygote_stop(void);
/* Start a run: its pid (the monitor) and the server's pipe ends: events to
 * read, input to write.  -1 when the zygote failed. */
int tl_zygote_spawn(const TlRunReq *req, const char *code, size_t n,
                    pid_t *pid, int *events_fd, int *input_fd);
void tl_zygote_kill(pid_t pid);

/* Writes one event record (child side; thread-safe). */
void tl_ev_write(int fd, int kind, const void *data, size_t n);

/* ------------------------------------------------------------ exec */

/* Runs the program in the sandboxed process: implemented by vmhost.c with
 * the VM (and by a stub in the tests).  Output goes to events_fd as event
 * records, input() reads lines from input_fd.  Returns the exit status. */
int tl_exec_program(const TlRunReq *req, const char *code, size_t n,
                    int events_fd, int input_fd);

/* ------------------------------------------------------------ sandbox.c */

/* Drops root, then (if try_ns) enters new user/net/ipc/pid/mount
 * namespaces: 1 in namespaces, 0 without (logged), -1 still root. */
int tl_sandbox_enter(bool try_ns);
/* rlimits and the seccomp allow-list for the calling process (after this
 * no file can be opened and no process started).  -1 on failure. */
int tl_sandbox_limits(const TlLimits *lim, bool own_userns);
int tl_sandbox_seccomp(void);

#endif
