/*
 * ws.c -- the /ws WebSocket protocol and the service-loop half of native
 * runs.
 *
 * A connection reassembles each text message (up to 1 MiB, else close
 * 1009), parses it as JSON and dispatches on "type": run, input, stop,
 * board (an input of the simulated board).
 * Everything sent back goes through a per-connection queue drained one
 * lws_write per WRITEABLE callback; a client that lets the queue grow past
 * its limit is too slow and is disconnected.
 *
 * A run is a process started by the zygote (runner.c).  Its event pipe is
 * adopted into the lws loop, so output arrives as RAW_RX_FILE callbacks on
 * the service thread; the run ends when that pipe reaches end of file (the
 * monitor process has exited after writing the result record).  Limits the
 * server enforces itself -- wall clock, output size, stop, disconnect --
 * kill the run and remember the reason; the others (CPU, memory) are read
 * from the result record.  A run outlives its connection only until its
 * pipe closes: it is killed at disconnect and its events are dropped.
 */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <libwebsockets.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
    MSG_MAX = 1 << 20,           /* largest client message */
    QUEUE_MAX = 16 << 20,        /* bytes queued for a client before it is dropped */
    CODE_MAX = 512 << 10,        /* program text in a run request */
    RUN_ID_MAX = 64,
    READ_CHUNK = 64 << 10,
};

typedef struct TlMsg {
    struct TlMsg *next;
    size_t len;
    unsigned char data[];        /* LWS_PRE headroom, then the text */
} TlMsg;

typedef struct TlRun TlRun;

typedef struct TlWsConn {
    struct lws *wsi;
    TlOut rx;                    /* message being reassembled */
    bool rx_binary;
    TlMsg *head, *tail;
    size_t queued;
    bool dropping;               /* too slow: closing */
    TlRun *runs;
} TlWsConn;

struct TlRun {
    TlRun *next;                 /* in conn->runs */
    TlWsConn *conn;              /* NULL once the client has gone */
    char id[RUN_ID_MAX + 1];
    pid_t pid;
    int input_fd;
    struct lws *pipe;
    lws_sorted_usec_list_t timer;
    const char *reason;          /* set when the server ended the run */
    bool have_result, memory;
    TlRunResult res;
    size_t out_bytes;
    unsigned char rec[TL_EV_MAX];/* partial event record */
    size_t reclen;
    char carry[2][4];            /* incomplete UTF-8 tail of stdout/stderr */
    size_t ncarry[2];
};

static int active_runs;

int tl_ws_active_runs(void) { return active_runs; }

/* ------------------------------------------------------------ sending */

static void send_text(TlWsConn *c, const char *s, size_t n)
{
    if (!c || c->dropping)
        return;
    if (c->queued + n > QUEUE_MAX) {
        /* The client does not read: stop queueing and close it. */
        c->dropping = true;
        lws_close_reason(c->wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION,
                         (unsigned char *)"client too slow", 15);
        lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
        return;
    }
    TlMsg *m = malloc(sizeof *m + LWS_PRE + n);
    if (!m)
        return;
    m->next = NULL;
    m->len = n;
    memcpy(m->data + LWS_PRE, s, n);
    if (c->tail)
        c->tail->next = m;
    else
        c->head = m;
    c->tail = m;
    c->queued += n;
    lws_callback_on_writable(c->wsi);
}

static void send_out(TlWsConn *c, TlOut *o)
{
    if (!o->oom && o->p)
        send_text(c, o->p, o->len);
    tl_out_free(o);
}

static void send_error(TlWsConn *c, const char *id, const char *msg)
{
    TlOut o = {0};
    tl_out_adds(&o, "{\"type\":\"error\",");
    if (id) {
        tl_out_adds(&o, "\"id\":");
        tl_out_jstr(&o, id, strlen(id));
        tl_out_adds(&o, ",");
    }
    tl_out_adds(&o, "\"message\":");
    tl_out_jstr(&o, msg, strlen(msg));
    tl_out_adds(&o, "}");
    send_out(c, &o);
}

static int write_one(TlWsConn *c)
{
    TlMsg *m = c->head;
    if (!m)
        return 0;
    c->head = m->next;
    if (!c->head)
        c->tail = NULL;
    c->queued -= m->len;
    int w = lws_write(c->wsi, m->data + LWS_PRE, m->len, LWS_WRITE_TEXT);
    free(m);
    if (w < 0)
        return -1;
    if (c->head)
        lws_callback_on_writable(c->wsi);
    return 0;
}

/* ------------------------------------------------------------ runs */

static void run_kill(TlRun *r, const char *reason)
{
    if (!r->reason)
        r->reason = reason;
    tl_zygote_kill(r->pid);
}

static void on_timeout(lws_sorted_usec_list_t *sul)
{
    TlRun *r = lws_container_of(sul, TlRun, timer);
    run_kill(r, "timeout");
}

/* Sends one stream chunk, keeping a trailing incomplete UTF-8 sequence for
 * the next chunk so that a character split by the pipe stays whole. */
static void send_stream(TlRun *r, int kind, const char *data, size_t n, bool final)
{
    int s = kind == TL_EV_STDERR;
    TlOut buf = {0};
    tl_out_add(&buf, r->carry[s], r->ncarry[s]);
    tl_out_add(&buf, data, n);
    size_t whole = final ? buf.len : tl_utf8_whole(buf.p ? buf.p : "", buf.len);
    r->ncarry[s] = buf.len - whole;
    memcpy(r->carry[s], buf.p + whole, r->ncarry[s]);
    if (whole && r->conn) {
        TlOut o = {0};
        tl_out_adds(&o, s ? "{\"type\":\"stderr\",\"id\":" : "{\"type\":\"stdout\",\"id\":");
        tl_out_jstr(&o, r->id, strlen(r->id));
        tl_out_adds(&o, ",\"data\":");
        tl_out_jstr(&o, buf.p, whole);
        tl_out_adds(&o, "}");
        send_out(r->conn, &o);
    }
    tl_out_free(&buf);
}

static void on_output(TlRun *r, int kind, const char *data, size_t n)
{
    if (r->reason)
        return;                         /* ending: drop the rest */
    size_t room = tl_cfg.lim.output - r->out_bytes;
    bool over = n > room;
    if (over)
        n = room;
    r->out_bytes += n;
    send_stream(r, kind, data, n, false);
    if (over)
        run_kill(r, "output limit");
}

static void on_record(TlRun *r, int kind, const unsigned char *p, size_t n)
{
    switch (kind) {
    case TL_EV_STDOUT:
    case TL_EV_STDERR:
        on_output(r, kind, (const char *)p, n);
        break;
    case TL_EV_MEMORY:
        r->memory = true;
        break;
    case TL_EV_BOARD:                   /* {"t":..,"kind":..} -> a board message */
        if (r->reason || n < 2 || p[0] != '{')
            break;
        r->out_bytes += n;              /* a board flood is an output flood */
        if (r->out_bytes > tl_cfg.lim.output) {
            run_kill(r, "output limit");
            break;
        }
        if (r->conn) {
            TlOut o = {0};
            tl_out_adds(&o, "{\"type\":\"board\",\"id\":");
            tl_out_jstr(&o, r->id, strlen(r->id));
            tl_out_adds(&o, ",");
            tl_out_add(&o, p + 1, n - 1);
            send_out(r->conn, &o);
        }
        break;
    case TL_EV_RESULT:
        if (n == sizeof r->res) {
            memcpy(&r->res, p, n);
            r->have_result = true;
        }
        break;
    default:
        break;
    }
}

/* Splits what was read into records; consecutive output records of the
 * same stream are merged into one message. */
static void on_bytes(TlRun *r, const unsigned char *p, size_t n)
{
    TlOut merged = {0};
    int mkind = 0;
    while (n) {
        size_t take = sizeof(TlEvHdr) > r->reclen ? sizeof(TlEvHdr) - r->reclen : 0;
        if (!take) {
            TlEvHdr h;
            memcpy(&h, r->rec, sizeof h);
            take = sizeof h + h.len - r->reclen;
        }
        if (take > n)
            take = n;
        memcpy(r->rec + r->reclen, p, take);
        r->reclen += take;
        p += take;
        n -= take;
        if (r->reclen < sizeof(TlEvHdr))
            continue;
        TlEvHdr h;
        memcpy(&h, r->rec, sizeof h);
        if (sizeof h + h.len > TL_EV_MAX) {
            run_kill(r, "internal error");  /* corrupt stream */
            break;
        }
        if (r->reclen < sizeof h + h.len)
            continue;
        const unsigned char *body = r->rec + sizeof h;
        if (mkind && h.kind != mkind) {
            on_output(r, mkind, merged.p, merged.len);
            merged.len = 0;
            mkind = 0;
        }
        if (h.kind == TL_EV_STDOUT || h.kind == TL_EV_STDERR) {
            tl_out_add(&merged, body, h.len);
            mkind = h.kind;
        } else {
            on_record(r, h.kind, body, h.len);
        }
        r->reclen = 0;
    }
    if (mkind)
        on_output(r, mkind, merged.p, merged.len);
    tl_out_free(&merged);
}

/* The final verdict: what the server did to the run wins, then what the
 * kernel did, then how the program exited. */
static void run_exit_message(TlRun *r)
{
    int status = 1;
    const char *reason = r->reason;
    char buf[48];
    if (r->have_result) {
        status = r->res.signal ? 128 + r->res.signal : r->res.status;
        if (!reason && r->res.signal) {
            /* The kernel kills at the CPU limit; rusage, sampled by ticks,
             * may show a little less than the limit. */
            bool cpu = r->res.signal == SIGXCPU ||
                       (r->res.signal == SIGKILL && r->res.cpu_ms >= (uint32_t)tl_cfg.lim.cpu_s * 800);
            if (cpu)
                reason = "cpu limit";
            else if (r->memory || r->res.signal == SIGSEGV || r->res.signal == SIGABRT ||
                     r->res.signal == SIGKILL || r->res.signal == SIGBUS)
                reason = r->memory ? "memory limit" : NULL;
            if (!reason) {
                snprintf(buf, sizeof buf, "killed by signal %d", r->res.signal);
                reason = buf;
            }
        }
        if (!reason)
            reason = r->memory ? "memory limit" : "exited";
    } else if (!reason) {
        reason = "internal error";
    } else {
        status = 128 + SIGKILL;
    }
    send_stream(r, TL_EV_STDOUT, "", 0, true);
    send_stream(r, TL_EV_STDERR, "", 0, true);
    TlOut o = {0};
    tl_out_adds(&o, "{\"type\":\"exit\",\"id\":");
    tl_out_jstr(&o, r->id, strlen(r->id));
    tl_out_printf(&o, ",\"status\":%d,\"reason\":", status);
    tl_out_jstr(&o, reason, strlen(reason));
    if (r->have_result)
        tl_out_printf(&o, ",\"cpu_ms\":%u", (unsigned)r->res.cpu_ms);
    tl_out_adds(&o, "}");
    send_out(r->conn, &o);
}

static void run_unlink(TlRun *r)
{
    if (!r->conn)
        return;
    for (TlRun **pp = &r->conn->runs; *pp; pp = &(*pp)->next)
        if (*pp == r) {
            *pp = r->next;
            break;
        }
    r->conn = NULL;
}

static void run_end(TlRun *r)
{
    lws_sul_cancel(&r->timer);
    run_exit_message(r);
    run_unlink(r);
    close(r->input_fd);
    active_runs--;
    free(r);
}

int tl_pipe_callback(struct lws *wsi, int reason, void *user, void *in, size_t len)
{
    (void)user;
    (void)in;
    (void)len;
    TlRun *r = lws_get_opaque_user_data(wsi);
    switch (reason) {
    case LWS_CALLBACK_RAW_RX_FILE: {
        static unsigned char buf[READ_CHUNK];
        ssize_t n = read(lws_get_socket_fd(wsi), buf, sizeof buf);
        if (n < 0)
            return errno == EAGAIN || errno == EINTR ? 0 : -1;
        if (n == 0)
            return -1;                  /* end of file: the run is over */
        if (r)
            on_bytes(r, buf, (size_t)n);
        return 0;
    }
    case LWS_CALLBACK_RAW_CLOSE_FILE:
        if (r)
            run_end(r);
        lws_set_opaque_user_data(wsi, NULL);
        return 0;
    default:
        return 0;
    }
}

static TlRun *find_run(TlWsConn *c, const char *id)
{
    for (TlRun *r = c->runs; r; r = r->next)
        if (!strcmp(r->id, id))
            return r;
    return NULL;
}

static void start_run(TlWsConn *c, const TlJson *msg, const char *id)
{
    size_t n;
    const char *code = tl_json_str(msg, "code", &n);
    const char *mode = tl_json_str(msg, "mode", NULL);
    const TlJson *v = tl_json_get(msg, "v");
    if (v && (v->kind != TL_JNUM || v->num != 1))
        return send_error(c, id, "unsupported protocol version (expected \"v\": 1)");
    if (!code)
        return send_error(c, id, "run needs \"code\" (a string)");
    if (n > CODE_MAX)
        return send_error(c, id, "program too large");
    if (mode && strcmp(mode, "free") && strcmp(mode, "gil"))
        return send_error(c, id, "mode must be \"free\" or \"gil\"");
    if (find_run(c, id))
        return send_error(c, id, "a run with this id is still going");
    if (active_runs >= tl_cfg.lim.max_runs)
        return send_error(c, id, "busy, retry");
    TlRun *r = calloc(1, sizeof *r);
    if (!r)
        return send_error(c, id, "out of memory");
    TlRunReq req = {.gil = mode && !strcmp(mode, "gil"), .lim = tl_cfg.lim};
    int events;
    if (tl_zygote_spawn(&req, code, n, &r->pid, &events, &r->input_fd) < 0) {
        free(r);
        return send_error(c, id, "cannot start the run");
    }
    strcpy(r->id, id);
    r->conn = c;
    r->next = c->runs;
    c->runs = r;
    active_runs++;
    lws_adopt_desc_t ad = {
        .vh = lws_get_vhost(c->wsi),
        .type = LWS_ADOPT_RAW_FILE_DESC,
        .fd.filefd = events,
        .vh_prot_name = "threadlab-pipe",
        .opaque = r,
    };
    r->pipe = lws_adopt_descriptor_vhost_via_info(&ad);
    if (!r->pipe) {
        /* lws closed the fd; end the run as if its pipe had closed */
        run_kill(r, "internal error");
        run_end(r);
        return;
    }
    lws_sul_schedule(lws_get_context(c->wsi), 0, &r->timer, on_timeout,
                     (lws_usec_t)tl_cfg.lim.wall_ms * LWS_US_PER_MS);
}

static void send_input(TlWsConn *c, const TlJson *msg, const char *id)
{
    TlRun *r = find_run(c, id);
    size_t n;
    const char *text = tl_json_str(msg, "text", &n);
    if (!r)
        return send_error(c, id, "no such run");
    if (!text)
        return send_error(c, id, "input needs \"text\" (a string)");
    /* One line per message: the program's input() reads up to '\n'. */
    TlOut line = {0};
    tl_out_add(&line, text, n);
    tl_out_add(&line, "\n", 1);
    ssize_t w = line.oom ? -1 : write(r->input_fd, line.p, line.len);
    if (w != (ssize_t)line.len)
        send_error(c, id, w < 0 && errno == EAGAIN ? "input buffer full" : "the run does not read input");
    tl_out_free(&line);
}

/* {"type":"board","id":..,"what":"button"|"switch"|"pot","value":N}: an
 * input of the simulated board, passed to the run on its input pipe. */
static void send_board_input(TlWsConn *c, const TlJson *msg, const char *id)
{
    TlRun *r = find_run(c, id);
    const char *what = tl_json_str(msg, "what", NULL);
    const TlJson *v = tl_json_get(msg, "value");
    if (!r)
        return send_error(c, id, "no such run");
    if (!what || (strcmp(what, "button") && strcmp(what, "switch") && strcmp(what, "pot")) ||
        !v || v->kind != TL_JNUM || v->num < 0 || v->num > 65535)
        return send_error(c, id, "board input needs \"what\" (button, switch or pot) "
                                 "and a \"value\" from 0 to 65535");
    char line[48];
    int n = snprintf(line, sizeof line, "%c%s %d\n", TL_BOARD_INPUT_MARK, what, (int)v->num);
    if (write(r->input_fd, line, (size_t)n) != n)
        send_error(c, id, "the run does not take input");
}

static void on_message(TlWsConn *c)
{
    const char *err = NULL;
    TlJsonDoc *doc = tl_json_parse(c->rx.p ? c->rx.p : "", c->rx.len, &err);
    if (!doc) {
        char m[128];
        snprintf(m, sizeof m, "malformed JSON: %s", err);
        return send_error(c, NULL, m);
    }
    const TlJson *msg = tl_json_root(doc);
    const char *type = tl_json_str(msg, "type", NULL);
    size_t idlen = 0;
    const char *id = tl_json_str(msg, "id", &idlen);
    if (msg->kind != TL_JOBJ || !type)
        send_error(c, NULL, "messages are JSON objects with a \"type\"");
    else if (!id || idlen == 0 || idlen > RUN_ID_MAX || strlen(id) != idlen)
        send_error(c, NULL, "\"id\" must be a string of 1 to 64 characters");
    else if (!strcmp(type, "run"))
        start_run(c, msg, id);
    else if (!strcmp(type, "input"))
        send_input(c, msg, id);
    else if (!strcmp(type, "board"))
        send_board_input(c, msg, id);
    else if (!strcmp(type, "stop")) {
        TlRun *r = find_run(c, id);
        if (r)
            run_kill(r, "stopped");
        else
            send_error(c, id, "no such run");
    } else {
        char m[96];
        snprintf(m, sizeof m, "unknown message type \"%.40s\"", type);
        send_error(c, id, m);
    }
    tl_json_free(doc);
}

static int on_receive(struct lws *wsi, TlWsConn *c, const void *in, size_t len)
{
    if (c->rx.len == 0 && lws_is_first_fragment(wsi))
        c->rx_binary = lws_frame_is_binary(wsi);
    if (c->rx.len + len > MSG_MAX) {
        lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE,
                         (unsigned char *)"message too big", 15);
        return -1;
    }
    if (!c->rx_binary)
        tl_out_add(&c->rx, in, len);
    if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi))
        return 0;
    if (c->rx_binary)
        send_error(c, NULL, "binary messages are not supported; send JSON text");
    else if (c->rx.oom)
        send_error(c, NULL, "out of memory");
    else
        on_message(c);
    tl_out_free(&c->rx);
    c->rx_binary = false;
    return 0;
}

static void conn_free(TlSession *s)
{
    TlWsConn *c = s ? s->ws : NULL;
    if (!c)
        return;
    while (c->runs) {
        TlRun *r = c->runs;
        run_kill(r, "disconnected");
        run_unlink(r);
    }
    for (TlMsg *m = c->head, *next; m; m = next) {
        next = m->next;
        free(m);
    }
    tl_out_free(&c->rx);
    free(c);
    s->ws = NULL;
}

/* Returns 1 for reasons that are not the WebSocket's (http.c defers them
 * to lws's default handler). */
int tl_ws_callback(struct lws *wsi, int reason, void *user, void *in, size_t len)
{
    TlSession *s = user;
    switch (reason) {
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: {
        char uri[16];
        /* Upgrades are accepted on /ws only. */
        if (lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_GET_URI) <= 0 || strcmp(uri, "/ws"))
            return -1;
        return 0;
    }
    case LWS_CALLBACK_ESTABLISHED:
        if (!s)
            return -1;
        s->ws = calloc(1, sizeof *s->ws);
        if (!s->ws)
            return -1;
        s->ws->wsi = wsi;
        return 0;
    case LWS_CALLBACK_RECEIVE:
        return s && s->ws ? on_receive(wsi, s->ws, in, len) : -1;
    case LWS_CALLBACK_SERVER_WRITEABLE:
        return s && s->ws ? write_one(s->ws) : 0;
    case LWS_CALLBACK_CLOSED:
        conn_free(s);
        return 0;
    default:
        return 1;
    }
}
