/*
 * mod_sys.c -- the sys module and the standard streams.
 *
 * sys.stdout and sys.stderr are small stream objects that write through the
 * host (tl_write), so output works the same in a terminal, a browser worker
 * and a sandboxed server run.  print() writes one whole line per call, so
 * lines printed by different threads never interleave mid-line.
 */
#include "lib.h"
#include "thread.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- streams */

static void stream_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((TlStream *)o)->name);
}

static TlVal stream_repr(TlThread *th, TlVal self)
{
    TlStream *s = (TlStream *)tl_obj(self);
    return tl_str_fmt(th, "<_io.TextIOWrapper name=%R mode='%s' encoding='utf-8'>",
                      s->name, s->fd == 0 ? "r" : "w");
}

static TlVal stream_write(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "write", nargs, kw, 2, 2) < 0)
        return TL_NULL;
    TlVal s = args[1];
    if (!tl_is_str(s))
        return tl_raise(th, &tl_TypeError, "write() argument must be str, not %T", s);
    TlStream *st = (TlStream *)tl_obj(args[0]);
    tl_write(th, st->fd, TL_STR(s)->data, TL_STR(s)->len);
    return tl_int_from_i64(th, (int64_t)TL_STR(s)->nchars);
}

static TlVal stream_flush(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "flush", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    tl_flush(th);
    return TL_NONE;
}

static TlVal stream_readline(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "readline", nargs, kw, 1, 2) < 0)
        return TL_NULL;
    TlVal line = tl_read_line(th, TL_NULL);
    if (!line) {
        if (!tl_exc_matches(th, &tl_EOFError))
            return TL_NULL;
        tl_exc_clear(th);
        return tl_str_cstr(th, "");
    }
    return tl_str_fmt(th, "%U\n", line);
}

static TlVal stream_isatty(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "isatty", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    return tl_bool(th->vm->interactive);
}

static const TlMethodDef stream_methods[] = {
    {"write", stream_write, 0},
    {"flush", stream_flush, 0},
    {"readline", stream_readline, 0},
    {"isatty", stream_isatty, 0},
    {NULL, NULL, 0},
};

TlType tl_stream_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "TextIOWrapper",
    .size = sizeof(TlStream),
    .mark = stream_mark,
    .repr = stream_repr,
    .methods = stream_methods,
};

static TlVal stream_new(TlThread *th, int fd, const char *name)
{
    TlStream *s = tl_alloc(th, &tl_stream_type, sizeof *s);
    if (!s)
        return TL_NULL;
    s->fd = fd;
    s->name = tl_str_cstr(th, name);
    return s->name ? tl_val(s) : TL_NULL;
}

TlVal tl_sys_stream(TlThread *th, int fd)
{
    TlVal name = fd == 2 ? TLN(stderr) : TLN(stdout);
    TlVal d = ((TlModule *)tl_obj(th->vm->sysmod))->dict;
    TlVal f = tl_dict_get_str(d, name);
    if (!f)
        return tl_raise(th, &tl_RuntimeError, "lost sys.%S", name);
    return f;
}

int tl_write_to(TlThread *th, TlVal file, TlVal s)
{
    if (tl_is_exact(file, &tl_stream_type)) {
        tl_write(th, ((TlStream *)tl_obj(file))->fd, TL_STR(s)->data, TL_STR(s)->len);
        return 0;
    }
    if (file == TL_NONE)
        return 0;
    TlVal r = tl_call_method(th, file, TLN(write), &s, 1);
    return r ? 0 : -1;
}

/* A line from the host with invalid UTF-8 replaced by U+FFFD, so a str
 * always holds valid UTF-8. */
static TlVal decode_line(TlThread *th, const char *p, size_t n)
{
    TlBuilder b;
    tl_sb_init(&b);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)p[i];
        size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
                   : (c & 0xf8) == 0xf0 ? 4 : 0;
        bool ok = len && i + len <= n && !(len == 2 && c < 0xc2);
        for (size_t k = 1; ok && k < len; k++)
            ok = ((unsigned char)p[i + k] & 0xc0) == 0x80;
        if (ok) {
            tl_sb_add(&b, p + i, len);
            i += len;
        } else {
            tl_sb_adds(&b, "\xef\xbf\xbd");
            i++;
        }
    }
    return tl_sb_finish(th, &b);
}

TlVal tl_read_line(TlThread *th, TlVal prompt)
{
    TlVM *vm = th->vm;
    tl_flush(th);
    if (!vm->host.readline)
        return tl_raise(th, &tl_EOFError, "EOF when reading a line");
    /* The prompt is copied to C memory: the VM may collect while we wait. */
    char *p = prompt ? strdup(tl_cstr(prompt)) : NULL;
    char *line = NULL;
    size_t n = 0;
    tl_detach(th);
    int r = vm->host.readline(vm->host.ctx, p ? p : "", &line, &n);
    tl_attach(th);
    free(p);
    if (r < 0) {
        if (tl_safepoint(th) < 0)
            return TL_NULL;
        return tl_raise(th, &tl_EOFError, "EOF when reading a line");
    }
    TlVal s = decode_line(th, line, n);
    free(line);
    return s;
}

/* -------------------------------------------------------------- functions */

TlVal tl_sys_exit(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "exit", nargs, kw, 0, 1) < 0)
        return TL_NULL;
    TlVal e = tl_exc_new(th, &tl_SystemExit, args, nargs);
    return e ? tl_raise_val(th, e) : TL_NULL;
}

static TlVal sys_getrecursionlimit(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "getrecursionlimit", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_mksmall(th->vm->recursion_limit);
}

static TlVal sys_setrecursionlimit(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "setrecursionlimit", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    if (!tl_is_int(args[0]))
        return tl_raise(th, &tl_TypeError, "'%s' object cannot be interpreted as an integer",
                        tl_type_name(args[0]));
    intptr_t n;
    if (tl_index(th, args[0], &n) < 0)
        return TL_NULL;
    if (n < 1)
        return tl_raise(th, &tl_ValueError, "recursion limit must be greater or equal than 1");
    if (n > 1000000)
        n = 1000000;   /* frames live on the heap; this only bounds runaway code */
    th->vm->recursion_limit = (int)n;
    return TL_NONE;
}

static TlVal sys_exc_info(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "exc_info", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    TlVal e = tl_exc_current(th);
    if (!e)
        return TL_NULL;
    if (e == TL_NONE)
        return tl_tuple_pack(th, 3, TL_NONE, TL_NONE, TL_NONE);
    return tl_tuple_pack(th, 3, tl_val(tl_type(e)), e, TL_EXC(e)->traceback);
}

static TlVal sys_exception(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "exception", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_exc_current(th);
}

static TlVal sys_intern(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "intern", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    if (!tl_is_exact_str(args[0]))
        return tl_raise(th, &tl_TypeError, "intern() argument must be str, not %T", args[0]);
    return tl_intern(th, args[0]);
}

/* Threads (gil.c): the mode and the GIL switch interval. */
static TlVal sys_is_gil_enabled(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "_is_gil_enabled", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_bool(th->vm->gil_mode);
}

static TlVal sys_getswitchinterval(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "getswitchinterval", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_float_new(th, tl_gil_interval(th->vm));
}

static TlVal sys_setswitchinterval(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double secs;
    if (tl_args_n(th, "setswitchinterval", nargs, kw, 1, 1) < 0 ||
        tl_to_double(th, args[0], &secs) < 0)
        return TL_NULL;
    if (!(secs > 0))
        return tl_raise(th, &tl_ValueError, "switch interval must be strictly positive");
    tl_gil_set_interval(th->vm, secs);
    return TL_NONE;
}

static const TlMethodDef sys_fns[] = {
    {"_is_gil_enabled", sys_is_gil_enabled, 0},
    {"getswitchinterval", sys_getswitchinterval, 0},
    {"setswitchinterval", sys_setswitchinterval, 0},
    {"exit", tl_sys_exit, 0},
    {"getrecursionlimit", sys_getrecursionlimit, 0},
    {"setrecursionlimit", sys_setrecursionlimit, 0},
    {"exc_info", sys_exc_info, 0},
    {"exception", sys_exception, 0},
    {"intern", sys_intern, 0},
    {NULL, NULL, 0},
};

/* ------------------------------------------------------------------ setup */

int tl_sys_set_argv(TlThread *th, int argc, char **argv, const char *script_dir)
{
    TlVM *vm = th->vm;
    TlVal list = tl_list_new(th, 0);
    if (!list)
        return -1;
    for (int i = 0; i < argc; i++) {
        TlVal a = tl_str_cstr(th, argv[i]);
        if (!a || tl_list_append(th, list, a) < 0)
            return -1;
    }
    vm->argv = list;
    TlVal dir = tl_str_cstr(th, script_dir);
    if (!dir)
        return -1;
    if (TL_LIST(vm->path)->len)
        TL_LIST(vm->path)->items[0] = dir;
    else if (tl_list_append(th, vm->path, dir) < 0)
        return -1;
    return tl_dict_set(th, ((TlModule *)tl_obj(vm->sysmod))->dict, tl_intern_cstr(th, "argv"), list);
}

static int set(TlThread *th, TlVal d, const char *name, TlVal v)
{
    return v ? tl_dict_set_cstr(th, d, name, v) : -1;
}

/* sys.version_info (a tuple with named fields) and sys.implementation are
 * simplest to state in Python; the snippet runs once in the sys namespace. */
static const char sys_py[] =
    "class version_info(tuple):\n"
    "    __slots__ = ()\n"
    "    major = property(lambda self: self[0])\n"
    "    minor = property(lambda self: self[1])\n"
    "    micro = property(lambda self: self[2])\n"
    "    releaselevel = property(lambda self: self[3])\n"
    "    serial = property(lambda self: self[4])\n"
    "    def __repr__(self):\n"
    "        return ('sys.version_info(major=%r, minor=%r, micro=%r, '\n"
    "                'releaselevel=%r, serial=%r)' % self)\n"
    "version_info = version_info((3, 11, 0, 'final', 0))\n"
    "class _Namespace:\n"
    "    def __init__(self, **kw):\n"
    "        self.__dict__.update(kw)\n"
    "    def __repr__(self):\n"
    "        return 'namespace(%s)' % ', '.join(\n"
    "            '%s=%r' % kv for kv in self.__dict__.items())\n"
    "implementation = _Namespace(name='threadlab', cache_tag=None,\n"
    "                            version=version_info)\n"
    "del _Namespace\n";

static int run_sys_py(TlThread *th, TlVal d)
{
    if (tl_dict_set(th, d, TLN(__builtins__), th->vm->builtins) < 0)
        return -1;
    TlVal code = tl_compile(th, sys_py, sizeof sys_py - 1, "<sys>", TL_MODE_EXEC, NULL);
    return code && tl_exec(th, code, d, d) ? 0 : -1;
}

int tl_mod_sys_init(TlThread *th, TlVal module)
{
    TlVM *vm = th->vm;
    TlVal d = ((TlModule *)tl_obj(module))->dict;
    vm->sysmod = module;
    tl_type_ready(th, &tl_stream_type);
    vm->path = tl_list_new(th, 0);
    if (!vm->path || tl_module_add_methods(th, module, sys_fns) < 0)
        return -1;
    if (set(th, d, "stdout", stream_new(th, 1, "<stdout>")) < 0 ||
        set(th, d, "stderr", stream_new(th, 2, "<stderr>")) < 0 ||
        set(th, d, "stdin", stream_new(th, 0, "<stdin>")) < 0 ||
        set(th, d, "__stdout__", tl_dict_get_cstr(th, d, "stdout")) < 0 ||
        set(th, d, "__stderr__", tl_dict_get_cstr(th, d, "stderr")) < 0 ||
        set(th, d, "path", vm->path) < 0 ||
        set(th, d, "argv", tl_list_new(th, 0)) < 0 ||
        set(th, d, "modules", vm->modules) < 0 ||
        set(th, d, "version", tl_str_cstr(th, "3.11.0 (threadlab " TL_VERSION ")")) < 0 ||
        set(th, d, "platform", tl_str_cstr(th, "threadlab")) < 0 ||
        set(th, d, "byteorder", tl_str_cstr(th, "little")) < 0 ||
        set(th, d, "maxsize", tl_int_from_i64(th, (int64_t)(SIZE_MAX >> 1))) < 0 ||
        set(th, d, "executable", tl_str_cstr(th, "threadlab")) < 0)
        return -1;
    return run_sys_py(th, d);
}
