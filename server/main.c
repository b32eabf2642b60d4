/*
 * main.c -- threadlab-server: flags, start-up order, the service loop and
 * a clean shutdown.
 *
 * Order matters: the zygote is forked first, while the process is still
 * small and has no sockets, database or threads; then the database and the
 * lessons; then the lws context.  SIGINT and SIGTERM end the loop; the
 * context is destroyed (closing every connection, which kills their runs),
 * the zygote is told to stop (it kills whatever is left) and the database
 * is closed.
 */
#include "server.h"

#include <errno.h>
#include <libwebsockets.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

TlServerCfg tl_cfg = {
    .host = "127.0.0.1",
    .port = 8080,
    .db = "data/threadlab.db",
    .web = "build/web",
    .lessons = "build/lessons",
    .lim = {
        .wall_ms = 10000,
        .cpu_s = 5,
        .heap = 128u << 20,
        .mem = 1024u << 20,
        .output = 1u << 20,
        .threads = 32,
        .max_runs = 8,
    },
};

static volatile sig_atomic_t stopping;
static struct lws_context *context;

void tl_log(const char *fmt, ...)
{
    char when[32];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime(&now));
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s threadlab-server: ", when);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void usage(FILE *f)
{
    fputs("usage: threadlab-server [options]\n"
          "Serve the threadlab playground, its API and native runs.\n\n"
          "  --host ADDR      address to listen on (default 127.0.0.1)\n"
          "  --port N         port, 0 picks a free one (default 8080)\n"
          "  --db FILE        SQLite database (default data/threadlab.db)\n"
          "  --web DIR        built web site (default build/web)\n"
          "  --lessons DIR    lesson files built by `make lessons` (default build/lessons)\n"
          "  --max-runs N     simultaneous native runs (default 8)\n"
          "  --timeout SEC    wall-clock limit of a run (default 10)\n"
          "  --cpu SEC        CPU limit of a run (default 5)\n"
          "  --heap SIZE      VM heap of a run, e.g. 128M (default 128M)\n"
          "  --mem SIZE       address-space limit of a run (default 1G)\n"
          "  --output SIZE    output limit of a run (default 1M)\n"
          "  --threads N      threads per run (default 32)\n",
          f);
}

static size_t parse_size(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    return end == s || *end ? 0 : (size_t)v;
}

static int parse_int(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return end == s || *end || v < 0 || v > 1000000 ? -1 : (int)v;
}

static int parse_args(int argc, char **argv)
{
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int n = v ? parse_int(v) : -1;
        size_t z = v ? parse_size(v) : 0;
        bool ok = v != NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--host")) tl_cfg.host = v;
        else if (!strcmp(a, "--port")) ok = (tl_cfg.port = n) >= 0 && n < 65536;
        else if (!strcmp(a, "--db")) tl_cfg.db = v;
        else if (!strcmp(a, "--web")) tl_cfg.web = v;
        else if (!strcmp(a, "--lessons")) tl_cfg.lessons = v;
        else if (!strcmp(a, "--max-runs")) ok = (tl_cfg.lim.max_runs = n) > 0;
        else if (!strcmp(a, "--timeout")) ok = n > 0 && (tl_cfg.lim.wall_ms = n * 1000);
        else if (!strcmp(a, "--cpu")) ok = (tl_cfg.lim.cpu_s = n) > 0;
        else if (!strcmp(a, "--heap")) ok = (tl_cfg.lim.heap = z) >= (1u << 20);
        else if (!strcmp(a, "--mem")) ok = (tl_cfg.lim.mem = z) >= (16u << 20);
        else if (!strcmp(a, "--output")) ok = (tl_cfg.lim.output = z) > 0;
        else if (!strcmp(a, "--threads")) ok = (tl_cfg.lim.threads = n) > 0;
        else {
            fprintf(stderr, "threadlab-server: unknown option '%s'\n", a);
            usage(stderr);
            return -1;
        }
        if (!ok) {
            fprintf(stderr, "threadlab-server: bad value for %s\n", a);
            return -1;
        }
    }
    if (tl_cfg.lim.heap >= tl_cfg.lim.mem) {
        fputs("threadlab-server: --heap must be below --mem (the rlimit is the backstop)\n", stderr);
        return -1;
    }
    return 0;
}

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
    if (context)
        lws_cancel_service(context);
}

static int cb_main(struct lws *wsi, enum lws_callback_reasons reason, void *user,
                   void *in, size_t len)
{
    return tl_http_callback(wsi, (int)reason, user, in, len);
}

static int cb_pipe(struct lws *wsi, enum lws_callback_reasons reason, void *user,
                   void *in, size_t len)
{
    return tl_pipe_callback(wsi, (int)reason, user, in, len);
}

static const struct lws_protocols protocols[] = {
    {"threadlab", cb_main, sizeof(TlSession), 64 * 1024, 0, NULL, 0},
    {"threadlab-pipe", cb_pipe, 0, 0, 0, NULL, 0},
    {NULL, NULL, 0, 0, 0, NULL, 0},
};

/* Sent with every response: cross-origin isolation, which browsers require
 * before they give pages SharedArrayBuffer (threads in wasm). */
static const struct lws_protocol_vhost_options hdr_corp = {
    NULL, NULL, "cross-origin-resource-policy:", "same-origin"};
static const struct lws_protocol_vhost_options hdr_coep = {
    &hdr_corp, NULL, "cross-origin-embedder-policy:", "require-corp"};
static const struct lws_protocol_vhost_options hdr_coop = {
    &hdr_coep, NULL, "cross-origin-opener-policy:", "same-origin"};

static void make_parent_dir(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = 0;
        if (mkdir(dir, 0755) < 0 && errno != EEXIST)
            tl_log("cannot create %s: %s", dir, strerror(errno));
    }
}

int main(int argc, char **argv)
{
    if (parse_args(argc, argv) < 0)
        return 2;
    /* Many idle WebSockets are normal: use every descriptor allowed. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    signal(SIGPIPE, SIG_IGN);
    if (tl_zygote_start() < 0) {
        tl_log("cannot start the runner: %s", strerror(errno));
        return 1;
    }
    make_parent_dir(tl_cfg.db);
    TlDb *db = tl_db_open(tl_cfg.db);
    if (!db) {
        tl_zygote_stop();
        return 1;
    }
    tl_lessons_load(tl_cfg.lessons);
    tl_http_init(db);

    lws_set_log_level(LLL_ERR, NULL);
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.port = tl_cfg.port;
    info.iface = tl_cfg.host;
    info.protocols = protocols;
    info.headers = &hdr_coop;
    info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6;
    info.timeout_secs = 30;
    info.keepalive_timeout = 10;
    context = lws_create_context(&info);
    if (!context) {
        tl_log("cannot listen on %s:%d", tl_cfg.host, tl_cfg.port);
        tl_lessons_free();
        tl_db_close(db);
        tl_zygote_stop();
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;          /* no SA_RESTART: poll() returns */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    int port = lws_get_vhost_listen_port(lws_get_vhost_by_name(context, "default"));
    printf("threadlab-server: serving http://%s:%d/ (web %s, db %s)\n", tl_cfg.host,
           port, tl_cfg.web, tl_cfg.db);
    fflush(stdout);
    while (!stopping && lws_service(context, 0) >= 0)
        ;
    tl_log("shutting down");
    lws_context_destroy(context);
    context = NULL;
    tl_zygote_stop();
    tl_lessons_free();
    tl_db_close(db);
    tl_log("stopped");
    return 0;
}
