/*
 * repl.c -- the interactive loop every host shares: read lines through the
 * host, gather a statement until it is complete (a blank line ends a block,
 * as in CPython), run it in __main__ and print results, tracebacks and
 * KeyboardInterrupt the way CPython's REPL does.
 *
 * The thread is detached while it waits for a line, so other Python threads
 * keep running and collections are not held up by a learner thinking.
 */
#include "tl.h"

#include <stdlib.h>
#include <string.h>

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* Compiles and runs one interactive statement in __main__.  Returns 1 when
 * the statement is incomplete, 0 otherwise; sets *quit on SystemExit. */
static int run_statement(TlThread *th, const char *src, size_t n, bool *quit)
{
    bool incomplete = false;
    TlVal code = tl_compile(th, src, n, "<stdin>", TL_MODE_SINGLE, &incomplete);
    if (incomplete)
        return 1;
    if (code) {
        TlVal g = ((TlModule *)tl_obj(tl_main_module(th)))->dict;
        if (tl_exec(th, code, g, g))
            return 0;
    }
    TlVal exc = tl_exc_fetch(th);
    if (tl_isinstance(th, exc, tl_val(&tl_SystemExit)) == 1) {
        th->vm->exit_status = tl_exit_status(th, exc);
        *quit = true;
        return 0;
    }
    tl_flush(th);
    tl_print_exception(th, exc);
    return 0;
}

static int read_line(TlThread *th, const char *prompt, char **line, size_t *n)
{
    TlHost *h = &th->vm->host;
    if (!h->readline)
        return -1;
    tl_flush(th);
    tl_detach(th);
    int r = h->readline(h->ctx, prompt, line, n);
    tl_attach(th);
    return r;
}

static void say(TlThread *th, int fd, const char *s)
{
    tl_write(th, fd, s, strlen(s));
}

int tl_repl(TlThread *th, const char *banner)
{
    TlVM *vm = th->vm;
    vm->interactive = true;
    if (banner)
        say(th, 2, banner);
    char *src = NULL;
    size_t len = 0;
    bool quit = false;
    while (!quit) {
        char *line;
        size_t n;
        int r = read_line(th, src ? "... " : ">>> ", &line, &n);
        if (r == -2) {
            atomic_fetch_and(&vm->breaker, ~(uint32_t)TL_BRK_INTERRUPT);
            say(th, 2, "\nKeyboardInterrupt\n");
            free(src);
            src = NULL;
            len = 0;
            continue;
        }
        if (r < 0) {
            say(th, 1, "\n");
            break;
        }
        bool ends_block = src && blank(line, n);
        char *ns = realloc(src, len + n + 2);
        if (!ns) {
            free(line);
            break;
        }
        src = ns;
        memcpy(src + len, line, n);
        len += n;
        src[len++] = '\n';
        src[len] = 0;
        free(line);
        if (run_statement(th, src, len, &quit) == 1 && !ends_block)
            continue;
        free(src);
        src = NULL;
        len = 0;
    }
    free(src);
    tl_flush(th);
    return vm->exit_status;
}
