/*
 * import.c -- modules: creating them, the table of built-in modules, and
 * the import system (sys.modules, built-in C modules, library modules
 * written in Python and embedded in the binary, then .py files found on
 * sys.path through the host).
 *
 * A module is entered in sys.modules before its code runs, so circular
 * imports see the partly initialised module as in CPython, and removed
 * again if its code fails.  The VM itself never opens files: the host's
 * read_file does, so a host without files simply has no file imports.
 */
#include "lib.h"

#include <stdlib.h>
#include <string.h>

const TlModDef tl_builtin_modules[] = {
    {"builtins", tl_mod_builtins_init},
    {"sys", tl_mod_sys_init},
    {"time", tl_mod_time_init},
    {"gc", tl_mod_gc_init},
    {"math", tl_mod_math_init},
    {"random", tl_mod_random_init},
    {"traceback", tl_mod_traceback_init},
    {"_thread", tl_mod_thread_init},
    {"stackless", tl_mod_stackless_init},
    {"pyb", tl_mod_pyb_init},
    {"machine", tl_mod_machine_init},
    {"micropython", tl_mod_micropython_init},
    {"_board", tl_mod_board_init},
    {NULL, NULL},
};

static TlVal mod_dict(TlVal m) { return ((TlModule *)tl_obj(m))->dict; }

TlVal tl_module_new(TlThread *th, TlVal name)
{
    TlModule *m = tl_alloc(th, &tl_module_type, sizeof(TlModule));
    if (!m)
        return TL_NULL;
    m->name = name;
    m->dict = tl_dict_new(th);
    if (!m->dict || tl_dict_set(th, m->dict, TLN(__name__), name) < 0 ||
        tl_dict_set(th, m->dict, TLN(__doc__), TL_NONE) < 0)
        return TL_NULL;
    return tl_val(m);
}

int tl_module_add_methods(TlThread *th, TlVal module, const TlMethodDef *defs)
{
    TlVal d = mod_dict(module);
    for (; defs->name; defs++) {
        TlVal f = tl_native_new(th, defs->name, defs->fn, TL_NULL);
        if (!f || tl_dict_set_cstr(th, d, defs->name, f) < 0)
            return -1;
    }
    return 0;
}

/* Registers `m` as sys.modules[name] while `init` fills it; unregisters it
 * if that fails. */
static TlVal install(TlThread *th, TlVal name, TlVal m,
                     int (*init)(TlThread *, TlVal, const void *), const void *arg)
{
    if (tl_dict_set(th, th->vm->modules, name, m) < 0)
        return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, m);
    int r = init(th, m, arg);
    tl_roots_reset(th, mark);
    if (r == 0)
        return m;
    TlVal exc = tl_exc_fetch(th);
    if (tl_dict_get(th, th->vm->modules, name))
        tl_dict_del(th, th->vm->modules, name);
    tl_exc_clear(th);
    tl_raise_val(th, exc);
    return TL_NULL;
}

static int init_builtin(TlThread *th, TlVal m, const void *arg)
{
    const TlModDef *def = arg;
    return def->init(th, m);
}

typedef struct Source {
    const char *src;
    size_t len;
    TlVal filename;
} Source;

/* Compiles and runs a module's source in the module's namespace. */
static int init_source(TlThread *th, TlVal m, const void *arg)
{
    const Source *s = arg;
    TlVal d = mod_dict(m);
    if (tl_dict_set(th, d, TLN(__file__), s->filename) < 0 ||
        tl_dict_set(th, d, TLN(__builtins__), th->vm->builtins) < 0)
        return -1;
    TlVal code = tl_compile(th, s->src, s->len, tl_cstr(s->filename),
                            TL_MODE_EXEC, NULL);
    if (!code)
        return -1;
    tl_root(th, code);
    return tl_exec(th, code, d, d) ? 0 : -1;
}

static const TlModDef *find_builtin(TlVal name)
{
    for (const TlModDef *d = tl_builtin_modules; d->name; d++)
        if (!strcmp(d->name, tl_cstr(name)))
            return d;
    return NULL;
}

static const TlFrozen *find_frozen(TlVal name)
{
    for (const TlFrozen *f = tl_frozen_modules; f->name; f++)
        if (!strcmp(f->name, tl_cstr(name)))
            return f;
    return NULL;
}

static TlVal load_source(TlThread *th, TlVal name, const char *src, size_t n,
                         TlVal filename)
{
    TlVal m = tl_module_new(th, name);
    if (!m)
        return TL_NULL;
    Source s = {src, n, filename};
    return install(th, name, m, init_source, &s);
}

/* Looks for NAME.py in each directory of sys.path. */
static TlVal load_file(TlThread *th, TlVal name)
{
    TlVM *vm = th->vm;
    if (!vm->host.read_file || !vm->path || !tl_is_list(vm->path))
        return TL_NULL;
    TlList *path = TL_LIST(vm->path);
    for (size_t i = 0; i < path->len; i++) {
        TlVal dir = path->items[i];
        if (!tl_is_str(dir))
            continue;
        TlVal file = TL_STR(dir)->len
                         ? tl_str_fmt(th, "%U/%U.py", dir, name)
                         : tl_str_fmt(th, "%U.py", name);
        if (!file)
            return TL_NULL;
        size_t n;
        char *src = vm->host.read_file(vm->host.ctx, tl_cstr(file), &n);
        if (!src)
            continue;
        uint32_t mark = tl_roots_mark(th);
        tl_root(th, file);
        TlVal m = load_source(th, name, src, n, file);
        tl_roots_reset(th, mark);
        free(src);
        return m;
    }
    return TL_NULL;
}

TlVal tl_import(TlThread *th, TlVal name)
{
    TlVal m = tl_dict_get(th, th->vm->modules, name);
    if (m || th->exc)
        return m;
    if (memchr(tl_cstr(name), '.', TL_STR(name)->len))
        return tl_raise(th, &tl_ModuleNotFoundError,
                        "No module named %R (packages are not supported)", name);
    const TlModDef *def = find_builtin(name);
    if (def) {
        m = tl_module_new(th, name);
        return m ? install(th, name, m, init_builtin, def) : TL_NULL;
    }
    const TlFrozen *f = find_frozen(name);
    if (f) {
        TlVal file = tl_str_fmt(th, "<frozen %U>", name);
        return file ? load_source(th, name, f->src, f->len, file) : TL_NULL;
    }
    m = load_file(th, name);
    if (m || th->exc)
        return m;
    TlVal e = tl_raise(th, &tl_ModuleNotFoundError, "No module named %R", name);
    if (th->exc) {
        TlVal *d = &TL_EXC(th->exc)->dict;
        if (!*d)
            *d = tl_dict_new(th);
        if (*d)
            tl_dict_set(th, *d, TLN(name), name);
    }
    return e;
}

TlVal tl_main_module(TlThread *th)
{
    TlVal name = TLN(__main__);
    TlVal m = tl_dict_get(th, th->vm->modules, name);
    if (m || th->exc)
        return m;
    m = tl_module_new(th, name);
    if (!m || tl_dict_set(th, mod_dict(m), TLN(__builtins__), th->vm->builtins) < 0 ||
        tl_dict_set(th, th->vm->modules, name, m) < 0)
        return TL_NULL;
    return m;
}

/* Creates sys.modules, builtins and sys: everything else imports lazily. */
void tl_lib_init(TlThread *th)
{
    TlVM *vm = th->vm;
    vm->modules = tl_dict_new(th);
    TlVal b = tl_module_new(th, tl_intern_cstr(th, "builtins"));
    vm->builtins = mod_dict(b);
    if (install(th, ((TlModule *)tl_obj(b))->name, b, init_builtin,
                &tl_builtin_modules[0]) == TL_NULL)
        abort();
    vm->sysmod = tl_import(th, tl_intern_cstr(th, "sys"));
    if (!vm->sysmod)
        abort();
}
