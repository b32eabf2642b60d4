/*
 * exc.c -- the builtin exception hierarchy and raising from C.
 *
 * Every class of TL_EXCEPTIONS is a static type whose instances are TlExc
 * (args, traceback, context, cause, __dict__).  The few exceptions with
 * attributes of their own (StopIteration.value, SystemExit.code, OSError,
 * SyntaxError, ImportError, AttributeError/NameError.name, the Unicode
 * errors) extend TlExc with TlVal fields exposed as member descriptors, so
 * a single mark function covers them all: the TlExc fields, then every
 * TlVal up to the builtin type's size.
 *
 * str()/repr() follow CPython exactly (0 args: '', 1: str(arg), more:
 * str(args); KeyError shows the repr of its key).  A MemoryError instance
 * is allocated at start-up and reused by tl_raise_nomem, which must work
 * when nothing more can be allocated.
 */
#include "tl.h"
#include "frame.h"

#include <stdlib.h>
#include <string.h>

#define tl_object tl_object_type   /* lets TL_EXCEPTIONS name object as a base */
#define DEFINE_EXC(name, parent)                                    \
    TlType tl_##name = {                                            \
        .ob = TL_STATIC_HDR(&tl_type_type),                         \
        .cname = #name,                                             \
        .base = &tl_##parent,                                       \
        .flags = TL_TF_BASETYPE | TL_TF_EXC,                        \
    };
TL_EXCEPTIONS(DEFINE_EXC)
#undef DEFINE_EXC
#undef tl_object

/* Exceptions with fields of their own. */
typedef struct { TlExc e; TlVal value; } StopIter;
typedef struct { TlExc e; TlVal code; } SysExit;
typedef struct { TlExc e; TlVal errno_, strerror, filename, filename2; } OSErr;
typedef struct { TlExc e; TlVal msg, name, path; } ImportErr;
typedef struct { TlExc e; TlVal name, obj; } AttrErr;
typedef struct { TlExc e; TlVal name; } NameErr;
typedef struct {
    TlExc e;
    TlVal msg, filename, lineno, offset, text, end_lineno, end_offset, print_file_and_line;
} SyntaxErr;
typedef struct { TlExc e; TlVal encoding, object, start, end, reason; } UnicodeErr;

#define FIELD(st, f) (*(TlVal *)((char *)tl_obj(self) + offsetof(st, f)))

static void exc_mark(TlGC *gc, TlObj *o)
{
    TlExc *e = (TlExc *)o;
    tl_mark(gc, e->dict);
    tl_mark(gc, e->args);
    tl_mark(gc, e->traceback);
    tl_mark(gc, e->context);
    tl_mark(gc, e->cause);
    size_t end = tl_static_base(o->type)->size;
    tl_mark_array(gc, (TlVal *)(e + 1), (end - sizeof(TlExc)) / sizeof(TlVal));
}

static TlVal args_tuple(TlThread *th, TlVal *args, int nargs)
{
    return tl_tuple_from(th, args, (size_t)nargs);
}

/* OSError(errno, ...) makes the subclass for errno, as CPython does.  The
 * numbers are CPython's on Linux, written out instead of taken from
 * <errno.h>: Python code sees them, and other C libraries number errors
 * differently (Emscripten's ENOENT is 44, its EACCES 2). */
static TlType *oserror_subclass(TlThread *th, TlVal code)
{
    static const struct { int err; TlType *t; } map[] = {
        {11 /* EAGAIN */, &tl_BlockingIOError}, {114 /* EALREADY */, &tl_BlockingIOError},
        {115 /* EINPROGRESS */, &tl_BlockingIOError}, {10 /* ECHILD */, &tl_ChildProcessError},
        {32 /* EPIPE */, &tl_BrokenPipeError}, {108 /* ESHUTDOWN */, &tl_BrokenPipeError},
        {103 /* ECONNABORTED */, &tl_ConnectionAbortedError},
        {111 /* ECONNREFUSED */, &tl_ConnectionRefusedError},
        {104 /* ECONNRESET */, &tl_ConnectionResetError}, {17 /* EEXIST */, &tl_FileExistsError},
        {2 /* ENOENT */, &tl_FileNotFoundError}, {21 /* EISDIR */, &tl_IsADirectoryError},
        {20 /* ENOTDIR */, &tl_NotADirectoryError}, {4 /* EINTR */, &tl_InterruptedError},
        {13 /* EACCES */, &tl_PermissionError}, {1 /* EPERM */, &tl_PermissionError},
        {3 /* ESRCH */, &tl_ProcessLookupError}, {110 /* ETIMEDOUT */, &tl_TimeoutError},
    };
    int64_t n;
    if (!tl_is_int(code))       /* bool and int subclasses count, as keys of CPython's map */
        return NULL;
    if (tl_int_to_i64(th, code, &n) < 0) {   /* too big for an errno */
        tl_exc_clear(th);
        return NULL;
    }
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].err == n)
            return map[i].t;
    return NULL;
}

static TlVal exc_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)kw;
    if (t == &tl_OSError && nargs >= 2) {
        TlType *sub = oserror_subclass(th, args[0]);
        t = sub ? sub : t;
    }
    TlExc *e = tl_alloc(th, t, t->size);
    if (!e)
        return TL_NULL;
    e->args = args_tuple(th, args, nargs);
    if (!e->args)
        return TL_NULL;
    e->traceback = e->context = e->cause = TL_NONE;
    size_t end = tl_static_base(t)->size;
    for (TlVal *p = (TlVal *)(e + 1); (char *)p < (char *)e + end; p++)
        *p = TL_NONE;
    return tl_val(e);
}

static int no_keywords(TlThread *th, TlVal self, TlVal kw)
{
    if (kw && TL_TUPLE(kw)->len) {
        tl_raise(th, &tl_TypeError, "%s() takes no keyword arguments", tl_type_name(self));
        return -1;
    }
    return 0;
}

static int exc_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    if (no_keywords(th, self, kw) < 0)
        return -1;
    TlVal a = args_tuple(th, args, nargs);
    if (!a)
        return -1;
    TL_EXC(self)->args = a;
    return 0;
}

static TlVal exc_str(TlThread *th, TlVal self)
{
    TlTuple *a = TL_TUPLE(TL_EXC(self)->args);
    if (a->len == 0)
        return tl_str_new(th, "", 0);
    if (a->len == 1)
        return tl_str(th, a->items[0]);
    return tl_str(th, tl_val(a));
}

static TlVal exc_repr(TlThread *th, TlVal self)
{
    TlTuple *a = TL_TUPLE(TL_EXC(self)->args);
    if (a->len == 1)
        return tl_str_fmt(th, "%s(%R)", tl_type_name(self), a->items[0]);
    return tl_str_fmt(th, "%s%R", tl_type_name(self), tl_val(a));
}

static TlVal keyerror_str(TlThread *th, TlVal self)
{
    TlTuple *a = TL_TUPLE(TL_EXC(self)->args);
    return a->len == 1 ? tl_repr(th, a->items[0]) : exc_str(th, self);
}

/* ------------------------------------------------ attribute accessors */

static TlVal get_args(TlThread *th, TlVal self)
{
    (void)th;
    return TL_EXC(self)->args;
}

static int set_args(TlThread *th, TlVal self, TlVal v)
{
    if (!v) {
        tl_raise(th, &tl_TypeError, "args may not be deleted");
        return -1;
    }
    TlVal t = tl_to_tuple(th, v);
    if (!t)
        return -1;
    TL_EXC(self)->args = t;
    return 0;
}

static TlVal get_traceback(TlThread *th, TlVal self)
{
    (void)th;
    return TL_EXC(self)->traceback;
}

static int set_traceback(TlThread *th, TlVal self, TlVal v)
{
    if (!v) {
        tl_raise(th, &tl_TypeError, "__traceback__ may not be deleted");
        return -1;
    }
    if (v != TL_NONE && !tl_is_exact(v, &tl_traceback_type)) {
        tl_raise(th, &tl_TypeError, "__traceback__ must be a traceback or None");
        return -1;
    }
    TL_EXC(self)->traceback = v;
    return 0;
}

static int exc_or_none(TlThread *th, TlVal v, const char *what)
{
    if (!v) {
        tl_raise(th, &tl_TypeError, "%s may not be deleted", what);
        return -1;
    }
    if (v != TL_NONE && !tl_is_exc(v)) {
        tl_raise(th, &tl_TypeError, "exception %s must be None or derive from BaseException",
                 what);
        return -1;
    }
    return 0;
}

static TlVal get_context(TlThread *th, TlVal self)
{
    (void)th;
    return TL_EXC(self)->context;
}

static int set_context(TlThread *th, TlVal self, TlVal v)
{
    if (exc_or_none(th, v, "context") < 0)
        return -1;
    TL_EXC(self)->context = v;
    return 0;
}

static TlVal get_cause(TlThread *th, TlVal self)
{
    (void)th;
    return TL_EXC(self)->cause;
}

static int set_cause(TlThread *th, TlVal self, TlVal v)
{
    if (exc_or_none(th, v, "cause") < 0)
        return -1;
    TL_EXC(self)->cause = v;
    TL_EXC(self)->suppress_context = true;
    return 0;
}

static TlVal get_suppress(TlThread *th, TlVal self)
{
    (void)th;
    return tl_bool(TL_EXC(self)->suppress_context);
}

static int set_suppress(TlThread *th, TlVal self, TlVal v)
{
    int b = v ? tl_truthy(th, v) : 0;
    if (b < 0)
        return -1;
    TL_EXC(self)->suppress_context = b;
    return 0;
}

static TlVal with_traceback(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "BaseException.with_traceback", n, kw, 2, 2) < 0 ||
        set_traceback(th, a[0], a[1]) < 0)
        return TL_NULL;
    return a[0];
}

/* add_note(s): appended to the __notes__ list in the instance dict, which
 * tracebacks print after the message. */
static TlVal add_note(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "BaseException.add_note", n, kw, 2, 2) < 0)
        return TL_NULL;
    if (!tl_is_str(a[1]))
        return tl_raise(th, &tl_TypeError, "note must be a str, not '%s'", tl_type_name(a[1]));
    TlVal d = tl_instance_dict(th, a[0]);
    if (!d)
        return TL_NULL;
    TlVal key = tl_intern_cstr(th, "__notes__");
    TlVal notes = key ? tl_dict_get_str(d, key) : TL_NULL;
    if (!key)
        return TL_NULL;
    if (!notes) {
        notes = tl_list_new(th, 0);
        if (!notes || tl_dict_set(th, d, key, notes) < 0)
            return TL_NULL;
    } else if (!tl_is_list(notes)) {
        return tl_raise(th, &tl_TypeError, "Cannot add note: __notes__ is not a list");
    }
    return tl_list_append(th, notes, a[1]) < 0 ? TL_NULL : TL_NONE;
}

static const TlMethodDef exc_methods[] = {
    {"with_traceback", with_traceback, TL_METH_INSTANCE},
    {"add_note", add_note, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

static const TlGetSetDef exc_getsets[] = {
    {"args", get_args, set_args},
    {"__traceback__", get_traceback, set_traceback},
    {"__context__", get_context, set_context},
    {"__cause__", get_cause, set_cause},
    {"__suppress_context__", get_suppress, set_suppress},
    {NULL, NULL, NULL},
};

/* ------------------------------------------------ specific exceptions */

static int first_arg_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw,
                          size_t off)
{
    if (exc_init(th, self, args, nargs, kw) < 0)
        return -1;
    *(TlVal *)((char *)tl_obj(self) + off) = nargs > 0 ? args[0] : TL_NONE;
    return 0;
}

static int stopiter_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    return first_arg_init(th, self, args, nargs, kw, offsetof(StopIter, value));
}

static int sysexit_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    if (exc_init(th, self, args, nargs, kw) < 0)
        return -1;
    FIELD(SysExit, code) = nargs == 0 ? TL_NONE : nargs == 1 ? args[0] : TL_EXC(self)->args;
    return 0;
}

static int oserror_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    if (exc_init(th, self, args, nargs, kw) < 0)
        return -1;
    if (nargs >= 2 && nargs <= 5) {
        FIELD(OSErr, errno_) = args[0];
        FIELD(OSErr, strerror) = args[1];
        if (nargs >= 3) {
            FIELD(OSErr, filename) = args[2];
            if (nargs == 5)
                FIELD(OSErr, filename2) = args[4];
            TlVal a = tl_tuple_pack(th, 2, args[0], args[1]);
            if (!a)
                return -1;
            TL_EXC(self)->args = a;
        }
    }
    return 0;
}

static TlVal oserror_str(TlThread *th, TlVal self)
{
    TlVal en = FIELD(OSErr, errno_), se = FIELD(OSErr, strerror), fn = FIELD(OSErr, filename);
    if (fn != TL_NONE)
        return tl_str_fmt(th, "[Errno %S] %S: %R", en, se, fn);
    if (en != TL_NONE && se != TL_NONE)
        return tl_str_fmt(th, "[Errno %S] %S", en, se);
    return exc_str(th, self);
}

/* Keyword-only attributes (name=, path=, obj=) of ImportError and
 * AttributeError/NameError. */
static int kw_fields(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw,
                     const char *const *names, const size_t *offs)
{
    size_t nkw = kw ? TL_TUPLE(kw)->len : 0;
    for (size_t k = 0; k < nkw; k++) {
        const char *n = tl_cstr(TL_TUPLE(kw)->items[k]);
        size_t i = 0;
        while (names[i] && strcmp(names[i], n))
            i++;
        if (!names[i]) {
            tl_raise(th, &tl_TypeError, "'%s' is an invalid keyword argument for %s()", n,
                     tl_type_name(self));
            return -1;
        }
        *(TlVal *)((char *)tl_obj(self) + offs[i]) = args[nargs + k];
    }
    return exc_init(th, self, args, nargs, TL_NULL);
}

static int importerror_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    static const char *const names[] = {"name", "path", NULL};
    static const size_t offs[] = {offsetof(ImportErr, name), offsetof(ImportErr, path)};
    if (kw_fields(th, self, args, nargs, kw, names, offs) < 0)
        return -1;
    FIELD(ImportErr, msg) = nargs == 1 ? args[0] : TL_NONE;
    return 0;
}

static TlVal importerror_str(TlThread *th, TlVal self)
{
    TlVal msg = FIELD(ImportErr, msg);
    return msg != TL_NONE ? tl_str(th, msg) : exc_str(th, self);
}

static int attrerror_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    static const char *const names[] = {"name", "obj", NULL};
    static const size_t offs[] = {offsetof(AttrErr, name), offsetof(AttrErr, obj)};
    return kw_fields(th, self, args, nargs, kw, names, offs);
}

static int nameerror_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    static const char *const names[] = {"name", NULL};
    static const size_t offs[] = {offsetof(NameErr, name)};
    return kw_fields(th, self, args, nargs, kw, names, offs);
}

void tl_exc_set_name(TlVal exc, TlVal name, TlVal obj)
{
    TlVal self = exc;
    if (tl_subtype(tl_type(exc), &tl_AttributeError)) {
        FIELD(AttrErr, name) = name;
        FIELD(AttrErr, obj) = obj;
    } else if (tl_subtype(tl_type(exc), &tl_NameError)) {
        FIELD(NameErr, name) = name;
    }
}

static int syntaxerror_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    if (exc_init(th, self, args, nargs, kw) < 0)
        return -1;
    if (nargs >= 1)
        FIELD(SyntaxErr, msg) = args[0];
    if (nargs == 2) {
        TlVal info = tl_to_tuple(th, args[1]);
        if (!info)
            return -1;
        TlTuple *t = TL_TUPLE(info);
        if (t->len < 4 || t->len > 6) {
            tl_raise(th, &tl_IndexError, "tuple index out of range");
            return -1;
        }
        static const size_t offs[] = {
            offsetof(SyntaxErr, filename), offsetof(SyntaxErr, lineno),
            offsetof(SyntaxErr, offset), offsetof(SyntaxErr, text),
            offsetof(SyntaxErr, end_lineno), offsetof(SyntaxErr, end_offset)};
        for (size_t i = 0; i < t->len; i++)
            *(TlVal *)((char *)tl_obj(self) + offs[i]) = t->items[i];
    }
    return 0;
}

static TlVal syntaxerror_str(TlThread *th, TlVal self)
{
    TlVal msg = FIELD(SyntaxErr, msg), fn = FIELD(SyntaxErr, filename);
    TlVal line = FIELD(SyntaxErr, lineno);
    TlVal m = tl_str(th, msg);
    if (!m)
        return TL_NULL;
    bool have_file = tl_is_str(fn), have_line = tl_is_int(line);
    const char *base = have_file ? tl_cstr(fn) : "";
    const char *slash = strrchr(base, '/');
    if (slash)
        base = slash + 1;
    if (have_file && have_line)
        return tl_str_fmt(th, "%S (%s, line %S)", m, base, line);
    if (have_file)
        return tl_str_fmt(th, "%S (%s)", m, base);
    if (have_line)
        return tl_str_fmt(th, "%S (line %S)", m, line);
    return m;
}

static int unicodeerror_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    if (exc_init(th, self, args, nargs, kw) < 0)
        return -1;
    if (nargs != 5)
        return 0;
    static const size_t offs[] = {
        offsetof(UnicodeErr, encoding), offsetof(UnicodeErr, object),
        offsetof(UnicodeErr, start), offsetof(UnicodeErr, end), offsetof(UnicodeErr, reason)};
    for (int i = 0; i < 5; i++)
        *(TlVal *)((char *)tl_obj(self) + offs[i]) = args[i];
    return 0;
}

static TlVal unicodeerror_str(TlThread *th, TlVal self)
{
    TlVal enc = FIELD(UnicodeErr, encoding), obj = FIELD(UnicodeErr, object);
    TlVal reason = FIELD(UnicodeErr, reason);
    intptr_t start, end;
    if (!tl_is_str(enc) || !tl_is_small(FIELD(UnicodeErr, start)) ||
        !tl_is_small(FIELD(UnicodeErr, end)))
        return exc_str(th, self);
    start = tl_small(FIELD(UnicodeErr, start));
    end = tl_small(FIELD(UnicodeErr, end));
    bool decode = tl_subtype(tl_type(self), &tl_UnicodeDecodeError);
    if (end == start + 1) {
        if (decode && !tl_is_small(obj) && tl_has_flag(obj, TL_TF_BYTES) &&
            (size_t)start < ((TlBytes *)tl_obj(obj))->len) {
            char byte[8];
            snprintf(byte, sizeof byte, "0x%02x", (unsigned)((TlBytes *)tl_obj(obj))->data[start]);
            return tl_str_fmt(th, "'%S' codec can't decode byte %s in position %zd: %S", enc,
                              byte, start, reason);
        }
        if (!decode && tl_is_str(obj)) {
            TlVal ch = tl_getitem(th, obj, tl_mksmall(start));
            TlVal r = ch ? tl_ascii(th, ch) : TL_NULL;
            if (!r)
                return TL_NULL;
            return tl_str_fmt(th, "'%S' codec can't encode character %S in position %zd: %S",
                              enc, r, start, reason);
        }
    }
    return tl_str_fmt(th, "'%S' codec can't %s %s in position %zd-%zd: %S", enc,
                      decode ? "decode" : "encode", decode ? "bytes" : "characters", start,
                      end - 1, reason);
}

/* ---------------------------------------------------------------- init */

typedef struct ExcSpec {
    TlType *type;
    size_t size;
    int (*init)(TlThread *, TlVal, TlVal *, int, TlVal);
    TlVal (*str)(TlThread *, TlVal);
    const char *fields;        /* space-separated member names, in struct order */
} ExcSpec;

static void add_fields(TlThread *th, TlType *t, const char *fields)
{
    char name[32];
    size_t off = sizeof(TlExc);
    while (*fields) {
        size_t n = strcspn(fields, " ");
        memcpy(name, fields, n);
        name[n] = 0;
        tl_type_add_member(th, t, name, off);
        off += sizeof(TlVal);
        fields += n + (fields[n] == ' ');
    }
}

void tl_exc_init(TlThread *th)
{
    static const ExcSpec specs[] = {
        {&tl_StopIteration, sizeof(StopIter), stopiter_init, NULL, "value"},
        {&tl_SystemExit, sizeof(SysExit), sysexit_init, NULL, "code"},
        {&tl_KeyError, 0, NULL, keyerror_str, ""},
        {&tl_OSError, sizeof(OSErr), oserror_init, oserror_str,
         "errno strerror filename filename2"},
        {&tl_ImportError, sizeof(ImportErr), importerror_init, importerror_str,
         "msg name path"},
        {&tl_AttributeError, sizeof(AttrErr), attrerror_init, NULL, "name obj"},
        {&tl_NameError, sizeof(NameErr), nameerror_init, NULL, "name"},
        {&tl_SyntaxError, sizeof(SyntaxErr), syntaxerror_init, syntaxerror_str,
         "msg filename lineno offset text end_lineno end_offset print_file_and_line"},
        {&tl_UnicodeDecodeError, sizeof(UnicodeErr), unicodeerror_init, unicodeerror_str,
         "encoding object start end reason"},
        {&tl_UnicodeEncodeError, sizeof(UnicodeErr), unicodeerror_init, unicodeerror_str,
         "encoding object start end reason"},
    };
    TlType *be = &tl_BaseException;
    be->size = sizeof(TlExc);
    be->dictoffset = offsetof(TlExc, dict);
    be->tp_new = exc_new;
    be->tp_init = exc_init;
    be->repr = exc_repr;
    be->str = exc_str;
    be->methods = exc_methods;
    be->getsets = exc_getsets;
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        const ExcSpec *s = &specs[i];
        if (s->size)
            s->type->size = s->size;
        s->type->tp_init = s->init;
        s->type->str = s->str;
    }
#define READY_EXC(name, parent)            \
    tl_##name.mark = exc_mark;              \
    tl_type_ready(th, &tl_##name);
    TL_EXCEPTIONS(READY_EXC)
#undef READY_EXC
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
        add_fields(th, specs[i].type, specs[i].fields);
    tl_MemoryError.spare = exc_new(th, &tl_MemoryError, NULL, 0, TL_NULL);
}

/* ------------------------------------------------------------- raising */

TlVal tl_exc_new(TlThread *th, TlType *t, TlVal *args, int nargs)
{
    if (t->flags & TL_TF_HEAP) {
        TlVal e = tl_type_call(th, t, args, nargs, TL_NULL);
        if (e && !tl_is_exc(e))
            return tl_raise(th, &tl_TypeError,
                            "calling %R should have returned an instance of BaseException, not %s",
                            tl_val(t), tl_type_name(e));
        return e;
    }
    TlVal e = exc_new(th, t, args, nargs, TL_NULL);
    if (e && t->tp_init(th, e, args, nargs, TL_NULL) < 0)
        return TL_NULL;
    return e;
}

TlVal tl_raise(TlThread *th, TlType *t, const char *fmt, ...)
{
    TlVal msg = TL_NULL;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        msg = tl_str_vfmt(th, fmt, ap);
        va_end(ap);
        if (!msg)
            return TL_NULL;
    }
    TlVal e = tl_exc_new(th, t, &msg, msg ? 1 : 0);
    if (e)
        th->exc = e;
    return TL_NULL;
}

TlVal tl_raise_val(TlThread *th, TlVal v)
{
    if (tl_is_type(v) && tl_subtype(TL_TYPE(v), &tl_BaseException)) {
        TlVal e = tl_exc_new(th, TL_TYPE(v), NULL, 0);
        if (e)
            th->exc = e;
        return TL_NULL;
    }
    if (tl_is_exc(v)) {
        th->exc = v;
        return TL_NULL;
    }
    return tl_raise(th, &tl_TypeError, "exceptions must derive from BaseException");
}

TlVal tl_raise_nomem(TlThread *th)
{
    TlVal e = tl_MemoryError.spare;
    if (!e)
        abort();      /* out of memory while the VM is still starting */
    TlExc *x = TL_EXC(e);
    x->traceback = x->context = x->cause = TL_NONE;
    x->suppress_context = false;
    th->exc = e;
    return TL_NULL;
}

TlVal tl_raise_key(TlThread *th, TlVal key)
{
    TlVal e = tl_exc_new(th, &tl_KeyError, &key, 1);
    if (e)
        th->exc = e;
    return TL_NULL;
}

bool tl_exc_matches(TlThread *th, TlType *t)
{
    return th->exc && tl_subtype(tl_type(th->exc), t);
}

TlVal tl_exc_fetch(TlThread *th)
{
    TlVal e = th->exc;
    th->exc = TL_NULL;
    return e;
}

void tl_exc_clear(TlThread *th)
{
    th->exc = TL_NULL;
}
