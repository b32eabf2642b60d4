/*
 * http.c -- the HTTP side of threadlab-server: the static site and the
 * JSON API.
 *
 * Static files are resolved here rather than by an lws mount, because the
 * rules are ours: the path must stay inside the web root after symlinks are
 * resolved (realpath), `/s/ID` share links and `/` serve index.html, and the
 * MIME table knows .wasm and .mjs.  The isolation headers (COOP/COEP/CORP)
 * are vhost headers set in main.c, so they reach every response, errors
 * included.
 *
 * API requests are answered from one buffer per exchange: the handler
 * writes the whole JSON body first, then the headers go out and the body
 * follows in chunks on WRITEABLE callbacks.  Request bodies (POST/PUT) are
 * collected up to a limit before the handler runs.
 */
#include "server.h"
#include "tl.h"

#include <dirent.h>
#include <libwebsockets.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
    BODY_MAX = 512 * 1024,      /* request body: a 64 KiB snippet, escaped */
    CODE_MAX = 64 * 1024,       /* snippet and saved code, decoded */
    CHUNK = 16 * 1024,          /* response bytes per WRITEABLE */
};

typedef struct TlHttpReq {
    int method;                 /* LWSHUMETH_* */
    char path[256];
    TlOut body;                 /* request body */
    bool body_too_big;
    TlOut resp;                 /* response body */
    size_t sent;
} TlHttpReq;

static TlDb *the_db;

/* ------------------------------------------------------------ lessons */

typedef struct Lesson {
    char id[64];
    char *json;                 /* the file, verbatim (validated) */
    size_t len;
    char *title;
} Lesson;

static Lesson *lessons;
static size_t nlessons;

static bool valid_name(const char *s, size_t n)
{
    if (n == 0 || n > 63)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= 'A' && s[i] <= 'Z') &&
            !(s[i] >= '0' && s[i] <= '9') && s[i] != '-' && s[i] != '_')
            return false;
    return true;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    TlOut o = {0};
    char buf[8192];
    size_t r;
    while ((r = fread(buf, 1, sizeof buf, f)) > 0)
        tl_out_add(&o, buf, r);
    fclose(f);
    if (o.oom || !o.p) {
        tl_out_free(&o);
        return NULL;
    }
    *n = o.len;
    return o.p;
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const Lesson *)a)->id, ((const Lesson *)b)->id);
}

/* Adds dir/name if it is a JSON object; logs and skips anything else. */
static void load_lesson(const char *dir, const char *name)
{
    size_t nl = strlen(name);
    if (nl < 6 || strcmp(name + nl - 5, ".json") || !valid_name(name, nl - 5))
        return;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t n;
    char *text = slurp(path, &n);
    const char *err = "cannot read";
    TlJsonDoc *doc = text ? tl_json_parse(text, n, &err) : NULL;
    if (!doc || tl_json_root(doc)->kind != TL_JOBJ) {
        tl_log("lessons: skipping %s: %s", path, doc ? "not a JSON object" : err);
        tl_json_free(doc);
        free(text);
        return;
    }
    Lesson *grown = realloc(lessons, (nlessons + 1) * sizeof *lessons);
    if (!grown) {
        tl_json_free(doc);
        free(text);
        return;
    }
    lessons = grown;
    Lesson *l = &lessons[nlessons++];
    memcpy(l->id, name, nl - 5);
    l->id[nl - 5] = 0;
    l->json = text;
    l->len = n;
    const char *title = tl_json_str(tl_json_root(doc), "title", NULL);
    l->title = strdup(title ? title : l->id);
    tl_json_free(doc);
}

int tl_lessons_load(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        tl_log("lessons: no directory %s, serving an empty list", dir);
        return 0;
    }
    struct dirent *e;
    while ((e = readdir(d)))
        load_lesson(dir, e->d_name);
    closedir(d);
    if (nlessons)
        qsort(lessons, nlessons, sizeof *lessons, by_id);
    tl_log("lessons: %zu loaded from %s", nlessons, dir);
    return 0;
}

void tl_lessons_free(void)
{
    for (size_t i = 0; i < nlessons; i++) {
        free(lessons[i].json);
        free(lessons[i].title);
    }
    free(lessons);
    lessons = NULL;
    nlessons = 0;
}

void tl_http_init(TlDb *db) { the_db = db; }

/* ------------------------------------------------------------ responses */

static void error_body(TlOut *o, const char *msg)
{
    tl_out_adds(o, "{\"error\":");
    tl_out_jstr(o, msg, strlen(msg));
    tl_out_adds(o, "}");
}

/* Sends status, headers and (on later WRITEABLEs) req->resp as JSON.
 * set_cookie is a fresh learner token or NULL.  Returns -1 to close. */
static int respond(struct lws *wsi, TlHttpReq *req, unsigned status, const char *set_cookie)
{
    if (req->resp.oom) {
        tl_out_free(&req->resp);
        status = HTTP_STATUS_INTERNAL_SERVER_ERROR;
        error_body(&req->resp, "out of memory");
    }
    unsigned char buf[LWS_PRE + 1024], *start = buf + LWS_PRE, *p = start,
                  *end = buf + sizeof buf - 1;
    if (lws_add_http_common_headers(wsi, status, "application/json",
                                    req->resp.len, &p, end) ||
        lws_add_http_header_by_name(wsi, (const unsigned char *)"cache-control:",
                                    (const unsigned char *)"no-store", 8, &p, end))
        return -1;
    if (set_cookie) {
        char cookie[128];
        int n = snprintf(cookie, sizeof cookie,
                         "tl_token=%s; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict",
                         set_cookie);
        if (lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_SET_COOKIE,
                                         (const unsigned char *)cookie, n, &p, end))
            return -1;
    }
    if (lws_finalize_write_http_header(wsi, start, &p, end))
        return -1;
    req->sent = 0;
    lws_callback_on_writable(wsi);
    return 0;
}

static int respond_error(struct lws *wsi, TlHttpReq *req, unsigned status, const char *msg)
{
    tl_out_free(&req->resp);
    error_body(&req->resp, msg);
    return respond(wsi, req, status, NULL);
}

static int write_body(struct lws *wsi, TlHttpReq *req)
{
    size_t left = req->resp.len - req->sent;
    size_t n = left > CHUNK ? CHUNK : left;
    unsigned char *buf = malloc(LWS_PRE + n + 1);
    if (!buf)
        return -1;
    memcpy(buf + LWS_PRE, req->resp.p + req->sent, n);
    bool last = n == left;
    int w = lws_write(wsi, buf + LWS_PRE, n, last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP);
    free(buf);
    if (w < (int)n)
        return -1;
    req->sent += n;
    if (!last) {
        lws_callback_on_writable(wsi);
        return 0;
    }
    tl_out_free(&req->resp);
    return lws_http_transaction_completed(wsi) ? -1 : 0;
}

/* ------------------------------------------------------------ API */

/* The learner token from the Cookie header, or NULL. */
static bool cookie_token(struct lws *wsi, char *token)
{
    char buf[1024];
    if (lws_hdr_copy(wsi, buf, sizeof buf, WSI_TOKEN_HTTP_COOKIE) <= 0)
        return false;
    for (char *s = buf; (s = strstr(s, "tl_token=")); s++) {
        if (s != buf && s[-1] != ' ' && s[-1] != ';')
            continue;
        s += 9;
        size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
        if (n == TL_TOKEN_LEN) {
            memcpy(token, s, n);
            token[n] = 0;
            return true;
        }
    }
    return false;
}

/* Parses the request body as a JSON object: the doc, or NULL after an
 * error response has been started (*rc says how that went). */
static TlJsonDoc *body_object(struct lws *wsi, TlHttpReq *req, int *rc)
{
    const char *err = "request body must be a JSON object";
    TlJsonDoc *doc = req->body.len ? tl_json_parse(req->body.p, req->body.len, &err) : NULL;
    if (doc && tl_json_root(doc)->kind == TL_JOBJ)
        return doc;
    tl_json_free(doc);
    char msg[160];
    snprintf(msg, sizeof msg, "malformed JSON: %s", err);
    *rc = respond_error(wsi, req, HTTP_STATUS_BAD_REQUEST, msg);
    return NULL;
}

static int api_progress(struct lws *wsi, TlHttpReq *req, const char *lesson)
{
    char token[TL_TOKEN_LEN + 1];
    bool known = cookie_token(wsi, token);
    if (!known && tl_random_id(token, TL_TOKEN_LEN) < 0)
        return respond_error(wsi, req, HTTP_STATUS_INTERNAL_SERVER_ERROR, "no randomness");
    const char *set = known ? NULL : token;
    if (!lesson) {
        if (req->method != LWSHUMETH_GET)
            return respond_error(wsi, req, HTTP_STATUS_METHOD_NOT_ALLOWED, "use GET");
        tl_out_adds(&req->resp, "{\"progress\":");
        if (tl_db_progress_json(the_db, token, &req->resp) < 0)
            return respond_error(wsi, req, HTTP_STATUS_INTERNAL_SERVER_ERROR, "database error");
        tl_out_adds(&req->resp, "}");
        return respond(wsi, req, HTTP_STATUS_OK, set);
    }
    if (req->method != LWSHUMETH_PUT)
        return respond_error(wsi, req, HTTP_STATUS_METHOD_NOT_ALLOWED, "use PUT");
    if (!valid_name(lesson, strlen(lesson)))
        return respond_error(wsi, req, HTTP_STATUS_BAD_REQUEST, "bad lesson id");
    int rc = 0;
    TlJsonDoc *doc = body_object(wsi, req, &rc);
    if (!doc)
        return rc;
    size_t slen, clen;
    const char *status = tl_json_str(tl_json_root(doc), "status", &slen);
    const char *code = tl_json_str(tl_json_root(doc), "code", &clen);
    if (!status || !valid_name(status, slen) || !code)
        rc = respond_error(wsi, req, HTTP_STATUS_BAD_REQUEST,
                           "expected {\"status\": \"...\", \"code\": \"...\"}");
    else if (clen > CODE_MAX)
        rc = respond_error(wsi, req, HTTP_STATUS_REQ_ENTITY_TOO_LARGE, "code over 64 KiB");
    else if (tl_db_progress_put(the_db, token, lesson, status, code, clen) < 0)
        rc = respond_error(wsi, req, HTTP_STATUS_INTERNAL_SERVER_ERROR, "database error");
    else {
        tl_out_adds(&req->resp, "{\"ok\":true}");
        rc = respond(wsi, req, HTTP_STATUS_OK, set);
    }
    tl_json_free(doc);
    return rc;
}

static int api_snippets(struct lws *wsi, TlHttpReq *req, const char *id)
{
    if (id) {
        if (req->method != LWSHUMETH_GET)
            return respond_error(wsi, req, HTTP_STATUS_METHOD_NOT_ALLOWED, "use GET");
        int found = tl_valid_id(id, TL_ID_LEN) ? tl_db_snippet_get(the_db, id, &req->resp) : 0;
        if (found < 0)
            return respond_error(wsi, req, HTTP_STATUS_INTERNAL_SERVER_ERROR, "database error");
        if (!found)
            return respond_error(wsi, req, HTTP_STATUS_NOT_FOUND, "no such snippet");
        return respond(wsi, req, HTTP_STATUS_OK, NULL);
    }
    if (req->method != LWSHUMETH_POST)
        return respond_error(wsi, req, HTTP_STATUS_METHOD_NOT_ALLOWED, "use POST");
    int rc = 0;
    TlJsonDoc *doc = body_object(wsi, req, &rc);
    if (!doc)
        return rc;
    size_t n;
    const char *code = tl_json_str(tl_json_root(doc), "code", &n);
    char sid[TL_ID_LEN + 1];
    if (!code)
        rc = respond_error(wsi, req, HTTP_STATUS_BAD_REQUEST, "expected {\"code\": \"...\"}");
    else if (n > CODE_MAX)
        rc = respond_error(wsi, req, HTTP_STATUS_REQ_ENTITY_TOO_LARGE, "snippet over 64 KiB");
    else if (tl_db_snippet_put(the_db, code, n, sid) < 0)
        rc = respond_error(wsi, req, HTTP_STATUS_INTERNAL_SERVER_ERROR, "database error");
    else {
        tl_out_printf(&req->resp, "{\"id\":\"%s\"}", sid);
        rc = respond(wsi, req, 201, NULL);
    }
    tl_json_free(doc);
    return rc;
}

static int api_lessons(struct lws *wsi, TlHttpReq *req, const char *id)
{
    if (req->method != LWSHUMETH_GET)
        return respond_error(wsi, req, HTTP_STATUS_METHOD_NOT_ALLOWED, "use GET");
    if (id) {
        for (size_t i = 0; i < nlessons; i++)
            if (!strcmp(lessons[i].id, id)) {
                tl_out_add(&req->resp, lessons[i].json, lessons[i].len);
                return respond(wsi, req, HTTP_STATUS_OK, NULL);
            }
        return respond_error(wsi, req, HTTP_STATUS_NOT_FOUND, "no such lesson");
    }
    tl_out_adds(&req->resp, "{\"lessons\":[");
    for (size_t i = 0; i < nlessons; i++) {
        tl_out_adds(&req->resp, i ? ",{\"id\":" : "{\"id\":");
        tl_out_jstr(&req->resp, lessons[i].id, strlen(lessons[i].id));
        tl_out_adds(&req->resp, ",\"title\":");
        tl_out_jstr(&req->resp, lessons[i].title, strlen(lessons[i].title));
        tl_out_adds(&req->resp, "}");
    }
    tl_out_adds(&req->resp, "]}");
    return respond(wsi, req, HTTP_STATUS_OK, NULL);
}

/* "/api/NAME" or "/api/NAME/ARG": the handler for NAME gets ARG or NULL. */
static int api(struct lws *wsi, TlHttpReq *req)
{
    static const struct {
        const char *name;
        int (*fn)(struct lws *, TlHttpReq *, const char *);
    } routes[] = {
        {"lessons", api_lessons},
        {"progress", api_progress},
        {"snippets", api_snippets},
    };
    if (req->body_too_big)
        return respond_error(wsi, req, HTTP_STATUS_REQ_ENTITY_TOO_LARGE, "request body too large");
    const char *rest = req->path + 5;
    if (!strcmp(rest, "health")) {
        tl_out_printf(&req->resp, "{\"ok\":true,\"version\":\"%s\",\"runs\":%d,\"max_runs\":%d}",
                      TL_VERSION, tl_ws_active_runs(), tl_cfg.lim.max_runs);
        return respond(wsi, req, HTTP_STATUS_OK, NULL);
    }
    const char *slash = strchr(rest, '/');
    size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        if (strlen(routes[i].name) == n && !memcmp(routes[i].name, rest, n)) {
            const char *arg = slash && slash[1] ? slash + 1 : NULL;
            if (arg && strchr(arg, '/'))
                break;
            return routes[i].fn(wsi, req, arg);
        }
    return respond_error(wsi, req, HTTP_STATUS_NOT_FOUND, "no such API");
}

/* ------------------------------------------------------------ static files */

static const char *mime_type(const char *path)
{
    static const char *const table[][2] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript"},
        {".mjs", "text/javascript"}, {".css", "text/css"},
        {".wasm", "application/wasm"}, {".json", "application/json"},
        {".svg", "image/svg+xml"}, {".png", "image/png"},
        {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json"}, {".woff2", "font/woff2"},
    };
    const char *dot = strrchr(path, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t i = 0; i < sizeof table / sizeof *table; i++)
            if (!strcmp(dot, table[i][0]))
                return table[i][1];
    return "application/octet-stream";
}

/* The real path of the file a URL names inside the web root, or false.
 * ".." segments are refused outright; symlinks may point anywhere inside
 * the root but not outside it. */
static bool resolve(const char *url, char *out)
{
    static char root[PATH_MAX];
    if (!root[0] && !realpath(tl_cfg.web, root))
        return false;
    if (url[0] != '/' || strstr(url, "/..") || strchr(url, '\\'))
        return false;
    const char *rel = url;
    if (!strcmp(url, "/") || !strncmp(url, "/s/", 3))
        rel = "/index.html";                /* the app and its share links */
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s%s", root, rel) >= (int)sizeof path ||
        !realpath(path, out))
        return false;
    size_t n = strlen(root);
    struct stat st;
    return !strncmp(out, root, n) && out[n] == '/' && stat(out, &st) == 0 &&
           S_ISREG(st.st_mode);
}

static int serve_static(struct lws *wsi, TlHttpReq *req)
{
    char path[PATH_MAX];
    if (req->method != LWSHUMETH_GET)
        return respond_error(wsi, req, HTTP_STATUS_METHOD_NOT_ALLOWED, "use GET");
    if (!resolve(req->path, path))
        return respond_error(wsi, req, HTTP_STATUS_NOT_FOUND, "not found");
    const char *mime = mime_type(path);
    /* HTML names the other files, which are rebuilt in place: revalidate
     * it always, cache the rest for a short while. */
    const char *cache = !strncmp(mime, "text/html", 9) ? "no-cache" : "public, max-age=300";
    unsigned char hdr[256], *p = hdr, *end = hdr + sizeof hdr;
    if (lws_add_http_header_by_name(wsi, (const unsigned char *)"cache-control:",
                                    (const unsigned char *)cache, (int)strlen(cache), &p, end) ||
        lws_add_http_header_by_name(wsi, (const unsigned char *)"x-content-type-options:",
                                    (const unsigned char *)"nosniff", 7, &p, end))
        return -1;
    int rc = lws_serve_http_file(wsi, path, mime, (const char *)hdr, (int)(p - hdr));
    if (rc < 0)
        return -1;
    if (rc > 0 && lws_http_transaction_completed(wsi))
        return -1;
    return 0;
}

/* ------------------------------------------------------------ callback */

static void req_free(TlSession *s)
{
    if (!s || !s->http)
        return;
    tl_out_free(&s->http->body);
    tl_out_free(&s->http->resp);
    free(s->http);
    s->http = NULL;
}

static int on_request(struct lws *wsi, TlSession *s)
{
    req_free(s);                        /* a new exchange on a kept-alive connection */
    TlHttpReq *req = calloc(1, sizeof *req);
    if (!req)
        return -1;
    s->http = req;
    char *uri;
    int len;
    req->method = lws_http_get_uri_and_method(wsi, &uri, &len);
    if (req->method < 0 || len <= 0 || (size_t)len >= sizeof req->path)
        return respond_error(wsi, req, HTTP_STATUS_BAD_REQUEST, "bad request line");
    memcpy(req->path, uri, (size_t)len);
    req->path[len] = 0;
    if (memchr(uri, 0, (size_t)len))
        return respond_error(wsi, req, HTTP_STATUS_BAD_REQUEST, "bad path");
    if (strncmp(req->path, "/api/", 5))
        return serve_static(wsi, req);
    char cl[32];
    bool has_body = (req->method == LWSHUMETH_POST || req->method == LWSHUMETH_PUT) &&
                    lws_hdr_copy(wsi, cl, sizeof cl, WSI_TOKEN_HTTP_CONTENT_LENGTH) > 0 &&
                    atol(cl) > 0;
    if (has_body)
        return 0;                       /* answered at BODY_COMPLETION */
    return api(wsi, req);
}

int tl_http_callback(struct lws *wsi, int reason, void *user, void *in, size_t len)
{
    TlSession *s = user;        /* NULL in some connection-level callbacks */
    switch (reason) {
    case LWS_CALLBACK_HTTP:
        return s ? on_request(wsi, s) : -1;
    case LWS_CALLBACK_HTTP_BODY:
        if (!s || !s->http)
            return -1;
        if (s->http->body.len + len > BODY_MAX) {
            s->http->body_too_big = true;
            tl_out_free(&s->http->body);
        } else if (!s->http->body_too_big) {
            tl_out_add(&s->http->body, in, len);
        }
        return 0;
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
        return s && s->http ? api(wsi, s->http) : -1;
    case LWS_CALLBACK_HTTP_WRITEABLE:
        if (!s || !s->http || !s->http->resp.p)
            return 0;                   /* spurious, or a file being served */
        return write_body(wsi, s->http);
    case LWS_CALLBACK_HTTP_FILE_COMPLETION:
        return lws_http_transaction_completed(wsi) ? -1 : 0;
    case LWS_CALLBACK_CLOSED_HTTP:
        req_free(s);
        return 0;
    default:
        break;
    }
    if (reason == LWS_CALLBACK_HTTP_DROP_PROTOCOL)
        req_free(s);
    int rc = tl_ws_callback(wsi, reason, user, in, len);
    if (rc == 1)
        return lws_callback_http_dummy(wsi, (enum lws_callback_reasons)reason, user, in, len);
    return rc;
}
