/*
 * mod_traceback.c -- the traceback module's everyday subset: print_exc,
 * format_exc, print_exception, format_exception, format_exception_only and
 * clear_frames.  The text comes from the same printer as uncaught
 * exceptions (tl_format_exception), so both always agree with CPython.
 */
#include "lib.h"

#include <string.h>

/* The exception to format: the one argument, or (type, value, tb) where
 * value is what matters, as CPython 3.10+ accepts both forms. */
static TlVal exc_arg(TlThread *th, TlVal *args, int nargs)
{
    if (nargs >= 2)
        return args[1];
    if (nargs == 1)
        return args[0];
    return tl_exc_current(th);
}

static TlVal format_text(TlThread *th, TlVal exc)
{
    if (exc == TL_NONE)
        return tl_str_cstr(th, "NoneType: None\n");
    if (!tl_is_exc(exc))
        return tl_raise(th, &tl_TypeError, "Exception expected for value, %s found",
                        tl_type_name(exc));
    return tl_format_exception(th, exc);
}

/* A list of lines with their newlines, like CPython's format_* functions
 * (which split per frame; joined they give the same text). */
static TlVal split_lines(TlThread *th, TlVal text)
{
    TlVal list = tl_list_new(th, 0);
    if (!list)
        return TL_NULL;
    const char *s = tl_cstr(text), *end = s + TL_STR(text)->len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
        TlVal line = tl_str_new(th, s, n);
        if (!line || tl_list_append(th, list, line) < 0)
            return TL_NULL;
        s += n;
    }
    return list;
}

static TlVal file_arg(TlThread *th, TlVal kw, TlVal *args, int nargs)
{
    if (kw) {
        TlTuple *t = TL_TUPLE(kw);
        for (size_t i = 0; i < t->len; i++)
            if (tl_str_eq(t->items[i], TLN(file)) && args[nargs + (int)i] != TL_NONE)
                return args[nargs + (int)i];
    }
    return tl_sys_stream(th, 2);
}

static TlVal print_text(TlThread *th, TlVal text, TlVal file)
{
    if (!text || !file)
        return TL_NULL;
    return tl_write_to(th, file, text) < 0 ? TL_NULL : TL_NONE;
}

static TlVal tb_print_exc(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return print_text(th, format_text(th, tl_exc_current(th)), file_arg(th, kw, args, nargs));
}

static TlVal tb_format_exc(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args, (void)kw;
    if (nargs > 1)
        return tl_raise(th, &tl_TypeError, "format_exc() takes at most 2 arguments");
    return format_text(th, tl_exc_current(th));
}

static TlVal tb_print_exception(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (nargs < 1)
        return tl_raise(th, &tl_TypeError, "print_exception() missing required argument 'exc'");
    return print_text(th, format_text(th, exc_arg(th, args, nargs)),
                      file_arg(th, kw, args, nargs));
}

static TlVal tb_format_exception(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)kw;
    if (nargs < 1)
        return tl_raise(th, &tl_TypeError, "format_exception() missing required argument 'exc'");
    TlVal text = format_text(th, exc_arg(th, args, nargs));
    return text ? split_lines(th, text) : TL_NULL;
}

/* Only the last part: "ValueError: bad\n", from the same printer. */
static TlVal tb_format_exception_only(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)kw;
    if (nargs < 1)
        return tl_raise(th, &tl_TypeError, "format_exception_only() missing required argument 'exc'");
    TlVal e = exc_arg(th, args, nargs);
    if (!tl_is_exc(e))
        return tl_raise(th, &tl_TypeError, "Exception expected for value, %s found",
                        tl_type_name(e));
    TlVal text = tl_format_exception_only(th, e);
    return text ? split_lines(th, text) : TL_NULL;
}

static TlVal tb_clear_frames(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "clear_frames", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    /* Traceback entries keep only code and line, never frame locals, so
     * there is nothing to clear: the reference cycles the function exists
     * to break cannot form here. */
    return TL_NONE;
}

static const TlMethodDef traceback_fns[] = {
    {"print_exc", tb_print_exc, 0},
    {"format_exc", tb_format_exc, 0},
    {"print_exception", tb_print_exception, 0},
    {"format_exception", tb_format_exception, 0},
    {"format_exception_only", tb_format_exception_only, 0},
    {"clear_frames", tb_clear_frames, 0},
    {NULL, NULL, 0},
};

int tl_mod_traceback_init(TlThread *th, TlVal module)
{
    return tl_module_add_methods(th, module, traceback_fns);
}
