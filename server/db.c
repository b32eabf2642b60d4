/*
 * db.c -- persistence in SQLite: anonymous learners, their lesson progress,
 * and shared snippets.
 *
 * One connection, used only from the service thread.  It runs in WAL mode
 * with synchronous=FULL, so a transaction that COMMIT reported is on disk
 * before the HTTP answer goes out: killing the server loses nothing that a
 * client was told is saved.  The schema version lives in PRAGMA
 * user_version; each migration step runs in its own transaction.  Every
 * statement is prepared once at open and reset after use.
 */
#include "server.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* Migration i brings the schema from version i to i + 1. */
static const char *const migrations[] = {
    "CREATE TABLE learners ("
    "  id INTEGER PRIMARY KEY,"
    "  token TEXT NOT NULL UNIQUE,"
    "  created INTEGER NOT NULL);"
    "CREATE TABLE progress ("
    "  learner INTEGER NOT NULL REFERENCES learners(id) ON DELETE CASCADE,"
    "  lesson TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  code TEXT NOT NULL,"
    "  updated INTEGER NOT NULL,"
    "  PRIMARY KEY (learner, lesson));"
    "CREATE TABLE snippets ("
    "  id TEXT PRIMARY KEY,"
    "  code TEXT NOT NULL,"
    "  created INTEGER NOT NULL);",
};

enum {
    S_BEGIN, S_COMMIT, S_ROLLBACK,
    S_LEARNER_ADD, S_PROGRESS_PUT, S_PROGRESS_GET,
    S_SNIPPET_PUT, S_SNIPPET_GET,
    S_COUNT
};

static const char *const sql[S_COUNT] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_LEARNER_ADD] = "INSERT OR IGNORE INTO learners(token, created) VALUES (?1, ?2)",
    [S_PROGRESS_PUT] =
        ("INSERT INTO progress(learner, lesson, status, code, updated)"
         " SELECT id, ?2, ?3, ?4, ?5 FROM learners WHERE token = ?1"
         " ON CONFLICT(learner, lesson) DO UPDATE SET"
         " status = excluded.status, code = excluded.code, updated = excluded.updated"),
    [S_PROGRESS_GET] =
        ("SELECT p.lesson, p.status, p.code, p.updated FROM progress p"
         " JOIN learners l ON l.id = p.learner WHERE l.token = ?1 ORDER BY p.lesson"),
    [S_SNIPPET_PUT] = "INSERT OR IGNORE INTO snippets(id, code, created) VALUES (?1, ?2, ?3)",
    [S_SNIPPET_GET] = "SELECT code FROM snippets WHERE id = ?1",
};

struct TlDb {
    sqlite3 *h;
    sqlite3_stmt *st[S_COUNT];
};

static int report(TlDb *db, const char *what)
{
    tl_log("db: %s: %s", what, sqlite3_errmsg(db->h));
    return -1;
}

/* Runs a prepared statement that returns no rows, then resets it. */
static int step_done(TlDb *db, int s)
{
    int rc = sqlite3_step(db->st[s]);
    sqlite3_reset(db->st[s]);
    sqlite3_clear_bindings(db->st[s]);
    return rc == SQLITE_DONE ? 0 : report(db, sql[s]);
}

static int begin(TlDb *db) { return step_done(db, S_BEGIN); }

/* Commits when ok, else rolls back; returns ok ? 0 : -1. */
static int finish(TlDb *db, bool ok)
{
    if (ok && step_done(db, S_COMMIT) == 0)
        return 0;
    if (!sqlite3_get_autocommit(db->h))
        step_done(db, S_ROLLBACK);
    return -1;
}

static int exec(TlDb *db, const char *text)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, text, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    tl_log("db: %s", msg ? msg : sqlite3_errmsg(db->h));
    sqlite3_free(msg);
    return -1;
}

static int user_version(TlDb *db)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int migrate(TlDb *db)
{
    int n = (int)(sizeof migrations / sizeof *migrations);
    if (exec(db, "BEGIN IMMEDIATE") < 0)
        return -1;
    int v = user_version(db);
    if (v > n) {
        tl_log("db: schema version %d is newer than this server (%d)", v, n);
        exec(db, "ROLLBACK");
        return -1;
    }
    for (; v >= 0 && v < n; v++) {
        char bump[48];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
        if (exec(db, migrations[v]) < 0 || exec(db, bump) < 0) {
            exec(db, "ROLLBACK");
            return -1;
        }
        tl_log("db: migrated schema to version %d", v + 1);
    }
    return v < 0 ? (exec(db, "ROLLBACK"), -1) : exec(db, "COMMIT");
}

TlDb *tl_db_open(const char *path)
{
    TlDb *db = calloc(1, sizeof *db);
    if (!db)
        return NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        tl_log("db: cannot open %s: %s", path, db->h ? sqlite3_errmsg(db->h) : "out of memory");
        tl_db_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db->h, 5000);
    if (exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                 " PRAGMA foreign_keys = ON;") < 0 || migrate(db) < 0) {
        tl_db_close(db);
        return NULL;
    }
    for (int i = 0; i < S_COUNT; i++)
        if (sqlite3_prepare_v3(db->h, sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                               &db->st[i], NULL) != SQLITE_OK) {
            report(db, sql[i]);
            tl_db_close(db);
            return NULL;
        }
    return db;
}

void tl_db_close(TlDb *db)
{
    if (!db)
        return;
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(db->st[i]);
    sqlite3_close(db->h);
    free(db);
}

int tl_db_progress_put(TlDb *db, const char *token, const char *lesson,
                       const char *status, const char *code, size_t n)
{
    if (begin(db) < 0)
        return -1;
    sqlite3_int64 now = (sqlite3_int64)time(NULL);
    sqlite3_stmt *a = db->st[S_LEARNER_ADD], *p = db->st[S_PROGRESS_PUT];
    sqlite3_bind_text(a, 1, token, -1, SQLITE_STATIC);
    sqlite3_bind_int64(a, 2, now);
    bool ok = step_done(db, S_LEARNER_ADD) == 0;
    if (ok) {
        sqlite3_bind_text(p, 1, token, -1, SQLITE_STATIC);
        sqlite3_bind_text(p, 2, lesson, -1, SQLITE_STATIC);
        sqlite3_bind_text(p, 3, status, -1, SQLITE_STATIC);
        sqlite3_bind_text(p, 4, code, (int)n, SQLITE_STATIC);
        sqlite3_bind_int64(p, 5, now);
        ok = step_done(db, S_PROGRESS_PUT) == 0;
    }
    return finish(db, ok);
}

int tl_db_progress_json(TlDb *db, const char *token, TlOut *out)
{
    sqlite3_stmt *st = db->st[S_PROGRESS_GET];
    sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
    tl_out_add(out, "{", 1);
    int rc, i = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (i++)
            tl_out_add(out, ",", 1);
        tl_out_jstr(out, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
        tl_out_adds(out, ":{\"status\":");
        tl_out_jstr(out, (const char *)sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1));
        tl_out_adds(out, ",\"code\":");
        tl_out_jstr(out, (const char *)sqlite3_column_text(st, 2), (size_t)sqlite3_column_bytes(st, 2));
        tl_out_printf(out, ",\"updated\":%lld}", (long long)sqlite3_column_int64(st, 3));
    }
    tl_out_add(out, "}", 1);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : report(db, sql[S_PROGRESS_GET]);
}

int tl_db_snippet_put(TlDb *db, const char *code, size_t n, char *id)
{
    /* A collision of 95-bit ids is practically impossible; retrying keeps
     * it correct anyway (INSERT OR IGNORE changes nothing on a clash). */
    for (int attempt = 0; attempt < 4; attempt++) {
        if (tl_random_id(id, TL_ID_LEN) < 0 || begin(db) < 0)
            return -1;
        sqlite3_stmt *st = db->st[S_SNIPPET_PUT];
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, code, (int)n, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
        bool ok = step_done(db, S_SNIPPET_PUT) == 0;
        bool stored = ok && sqlite3_changes(db->h) == 1;
        if (finish(db, ok) < 0)
            return -1;
        if (stored)
            return 0;
    }
    return -1;
}

int tl_db_snippet_get(TlDb *db, const char *id, TlOut *out)
{
    sqlite3_stmt *st = db->st[S_SNIPPET_GET];
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        tl_out_adds(out, "{\"code\":");
        tl_out_jstr(out, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
        tl_out_add(out, "}", 1);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE ? 0 : report(db, sql[S_SNIPPET_GET]);
}

/* ------------------------------------------------------------ ids */

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

int tl_random_id(char *out, size_t n)
{
    size_t k = 0;
    while (k < n) {
        unsigned char buf[64];
        ssize_t r = getrandom(buf, sizeof buf, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            tl_log("getrandom: %s", strerror(errno));
            return -1;
        }
        /* Rejection sampling keeps every character equally likely. */
        for (ssize_t i = 0; i < r && k < n; i++)
            if (buf[i] < 248)
                out[k++] = alphabet[buf[i] % 62];
    }
    out[n] = 0;
    return 0;
}

bool tl_valid_id(const char *s, size_t want)
{
    size_t n = strlen(s);
    return n == want && strspn(s, alphabet) == n;
}
