/*
 * mod_machine.c -- the machine module: MicroPython's portable hardware API
 * (Pin, PWM, ADC) over the simulated board.
 *
 * Pins are named as on the panel ("X1", "Y1" ...) or numbered by their
 * place in the board's pin table; a Pin, PWM or ADC object only remembers
 * which pin it is, the board keeps the state.  Constants and their values
 * follow MicroPython's rp2 port (IN 0, OUT 1, OPEN_DRAIN 2, PULL_UP 1,
 * PULL_DOWN 2, IRQ_FALLING 4, IRQ_RISING 8); the pyboard's OUT_PP and
 * OUT_OD are aliases, so pyb.Pin code runs too.
 */
#include "board.h"
#include "lib.h"

#include <math.h>
#include <sys/types.h>

static int pin_of(TlVal self) { return ((TlPin *)tl_obj(self))->pin; }

int tl_pin_arg(TlThread *th, TlVal v)
{
    int pin;
    if (tl_is_exact(v, &tl_pin_type)) {
        return pin_of(v);
    } else if (tl_is_str(v)) {
        if ((pin = tl_board_pin_find(tl_cstr(v), 0)) >= 0)
            return pin;
        tl_raise(th, &tl_ValueError, "Pin(%s) doesn't exist", tl_cstr(v));
    } else if (tl_is_int(v)) {
        intptr_t n;
        if (tl_index(th, v, &n) < 0)
            return -1;
        if ((pin = tl_board_pin_find(NULL, n)) >= 0)
            return pin;
        tl_raise(th, &tl_ValueError, "Pin(%R) doesn't exist", v);
    } else {
        tl_raise(th, &tl_TypeError, "invalid pin: %R", v);
    }
    return -1;
}

/* ------------------------------------------------------------------- Pin */

/* mode, pull (None: no pull) and value= of Pin() and Pin.init(); absent
 * ones leave the pin as it is.  Value first, so an output starts at it. */
static int pin_setup(TlThread *th, int pin, TlVal mode, TlVal pull, TlVal value)
{
    intptr_t m = -1, p = -1;
    if (mode && mode != TL_NONE && tl_index(th, mode, &m) < 0)
        return -1;
    if (pull == TL_NONE)
        p = TL_PULL_NONE;
    else if (pull && tl_index(th, pull, &p) < 0)
        return -1;
    if (m > TL_PIN_OPEN_DRAIN || m < -1) {
        tl_raise(th, &tl_ValueError, "invalid pin mode: %zd", (ssize_t)m);
        return -1;
    }
    if (p > TL_PULL_DOWN || p < -1) {
        tl_raise(th, &tl_ValueError, "invalid pull: %zd", (ssize_t)p);
        return -1;
    }
    if (m > TL_PIN_IN && tl_board_pin_is_input_only(pin)) {
        tl_raise(th, &tl_ValueError, "Pin(%s) is input-only", tl_board_pin_name(pin));
        return -1;
    }
    TlBoard *b = tl_board(th);
    if (!b)
        return -1;
    if (value && value != TL_NONE) {
        int lvl = tl_truthy(th, value);
        if (lvl < 0)
            return -1;
        tl_board_pin_write(b, pin, lvl);
    }
    tl_board_pin_config(b, pin, (int)m, (int)p);
    return 0;
}

static TlVal pin_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"id", "mode", "pull", "$value", NULL};
    TlVal a[4];
    if (tl_args(th, "Pin", args, nargs, kw, kwlist, 1, 4, a) < 0)
        return TL_NULL;
    int pin = tl_pin_arg(th, a[0]);
    if (pin < 0 || pin_setup(th, pin, a[1], a[2], a[3]) < 0)
        return TL_NULL;
    TlPin *p = tl_alloc(th, t, sizeof(TlPin));
    if (!p)
        return TL_NULL;
    p->pin = pin;
    return tl_val(p);
}

static TlVal pin_init(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"mode", "pull", "$value", NULL};
    TlVal a[3];
    if (tl_args(th, "init", args + 1, nargs - 1, kw, kwlist, 0, 3, a) < 0 ||
        pin_setup(th, pin_of(args[0]), a[0], a[1], a[2]) < 0)
        return TL_NULL;
    return TL_NONE;
}

static TlVal pin_repr(TlThread *th, TlVal self)
{
    static const char *const modes[] = {"IN", "OUT", "OPEN_DRAIN"};
    static const char *const pulls[] = {"", ", pull=PULL_UP", ", pull=PULL_DOWN"};
    int mode, pull, pin = pin_of(self);
    TlBoard *b = tl_board(th);
    if (!b)
        return TL_NULL;
    tl_board_pin_get_config(b, pin, &mode, &pull);
    return tl_str_fmt(th, "Pin(%s, mode=%s%s)", tl_board_pin_name(pin), modes[mode],
                      pulls[pull]);
}

/* value() reads the level; value(x) drives it. */
static TlVal pin_level(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "value", nargs, kw, 0, 1) < 0)
        return TL_NULL;
    TlBoard *b = tl_board(th);
    if (!b)
        return TL_NULL;
    if (nargs == 0)
        return tl_mksmall(tl_board_pin_value(b, pin_of(self)));
    int lvl = tl_truthy(th, args[0]);
    if (lvl < 0)
        return TL_NULL;
    tl_board_pin_write(b, pin_of(self), lvl);
    return TL_NONE;
}

static TlVal pin_value(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return pin_level(th, args[0], args + 1, nargs - 1, kw);
}

static TlVal pin_call(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    return pin_level(th, self, args, nargs, kw);
}

/* on/off/high/low (level 1 or 0) and toggle (-1). */
static TlVal pin_drive(TlThread *th, TlVal *args, int nargs, TlVal kw, const char *name,
                       int lvl)
{
    if (tl_args_n(th, name, nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    TlBoard *b = tl_board(th);
    if (!b)
        return TL_NULL;
    int pin = pin_of(args[0]);
    tl_board_pin_write(b, pin, lvl < 0 ? !tl_board_pin_value(b, pin) : lvl);
    return TL_NONE;
}

static TlVal pin_on(TlThread *th, TlVal *a, int n, TlVal kw) { return pin_drive(th, a, n, kw, "on", 1); }
static TlVal pin_off(TlThread *th, TlVal *a, int n, TlVal kw) { return pin_drive(th, a, n, kw, "off", 0); }
static TlVal pin_high(TlThread *th, TlVal *a, int n, TlVal kw) { return pin_drive(th, a, n, kw, "high", 1); }
static TlVal pin_low(TlThread *th, TlVal *a, int n, TlVal kw) { return pin_drive(th, a, n, kw, "low", 0); }
static TlVal pin_toggle(TlThread *th, TlVal *a, int n, TlVal kw) { return pin_drive(th, a, n, kw, "toggle", -1); }

/* irq(handler=None, trigger=IRQ_FALLING | IRQ_RISING, hard=False): the
 * handler gets the pin; it always runs at a safepoint (hard is accepted
 * for compatibility). */
static TlVal pin_irq(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"handler", "trigger", "hard", NULL};
    TlVal a[3];
    intptr_t trigger = TL_IRQ_FALLING | TL_IRQ_RISING;
    if (tl_args(th, "irq", args + 1, nargs - 1, kw, kwlist, 0, 3, a) < 0 ||
        (a[1] && tl_index(th, a[1], &trigger) < 0))
        return TL_NULL;
    TlVal handler = a[0] && a[0] != TL_NONE ? a[0] : TL_NULL;
    if (handler && !tl_callable(handler))
        return tl_raise(th, &tl_TypeError, "handler must be None or callable");
    TlBoard *b = tl_board(th);
    if (!b || tl_board_pin_irq(th, b, pin_of(args[0]), handler, args[0], (int)trigger) < 0)
        return TL_NULL;
    return TL_NONE;
}

static const TlMethodDef pin_methods[] = {
    {"init", pin_init, 0},
    {"value", pin_value, 0},
    {"on", pin_on, 0},
    {"off", pin_off, 0},
    {"high", pin_high, 0},
    {"low", pin_low, 0},
    {"toggle", pin_toggle, 0},
    {"irq", pin_irq, 0},
    {NULL, NULL, 0},
};

TlType tl_pin_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "Pin",
    .size = sizeof(TlPin),
    .tp_new = pin_tp_new,
    .call = pin_call,
    .repr = pin_repr,
    .methods = pin_methods,
};

TlType *tl_machine_pin_type(TlThread *th)
{
    static const struct { const char *name; int value; } consts[] = {
        {"IN", TL_PIN_IN}, {"OUT", TL_PIN_OUT}, {"OPEN_DRAIN", TL_PIN_OPEN_DRAIN},
        {"OUT_PP", TL_PIN_OUT}, {"OUT_OD", TL_PIN_OPEN_DRAIN},
        {"PULL_UP", TL_PULL_UP}, {"PULL_DOWN", TL_PULL_DOWN},
        {"IRQ_FALLING", TL_IRQ_FALLING}, {"IRQ_RISING", TL_IRQ_RISING},
    };
    if (tl_pin_type.mro)
        return &tl_pin_type;
    tl_type_ready(th, &tl_pin_type);
    tl_pin_type.module = tl_intern_cstr(th, "machine");
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++)
        if (tl_dict_set_cstr(th, tl_pin_type.dict, consts[i].name,
                             tl_mksmall(consts[i].value)) < 0)
            return NULL;
    tl_type_modified(&tl_pin_type);
    return &tl_pin_type;
}

/* ------------------------------------------------------------------- PWM */

typedef struct PwmObj {
    TlObj ob;
    int pin;
    double freq, duty;         /* Hz, duty_u16 */
} PwmObj;

static TlType pwm_type;

static PwmObj *pwm(TlVal v) { return (PwmObj *)tl_obj(v); }

static void pwm_apply(TlThread *th, PwmObj *p)
{
    TlBoard *b = tl_board(th);
    if (b)
        tl_board_pwm(b, p->pin, p->freq, p->duty);
}

/* freq=, duty_u16= and duty_ns= of PWM() and init(); duty_ns is turned
 * into duty_u16 at the (new) frequency. */
static int pwm_set(TlThread *th, PwmObj *p, TlVal freq, TlVal u16, TlVal ns)
{
    double f = p->freq, d = p->duty, t;
    if (freq && freq != TL_NONE && tl_to_double(th, freq, &f) < 0)
        return -1;
    if (f <= 0 || f > 1e8) {
        tl_raise(th, &tl_ValueError, "freq out of range");
        return -1;
    }
    if (u16 && u16 != TL_NONE && tl_to_double(th, u16, &d) < 0)
        return -1;
    if (ns && ns != TL_NONE) {
        if (tl_to_double(th, ns, &t) < 0)
            return -1;
        d = t * 1e-9 * f * 65536;
    }
    p->freq = f;
    p->duty = d < 0 ? 0 : d > 65535 ? 65535 : floor(d);
    pwm_apply(th, p);
    return 0;
}

static TlVal pwm_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"dest", "$freq", "$duty_u16", "$duty_ns", NULL};
    TlVal a[4];
    if (tl_args(th, "PWM", args, nargs, kw, kwlist, 1, 4, a) < 0)
        return TL_NULL;
    int pin = tl_pin_arg(th, a[0]);
    if (pin < 0)
        return TL_NULL;
    if (tl_board_pin_is_input_only(pin))
        return tl_raise(th, &tl_ValueError, "Pin(%s) is input-only", tl_board_pin_name(pin));
    PwmObj *p = tl_alloc(th, t, sizeof(PwmObj));
    if (!p)
        return TL_NULL;
    p->pin = pin;
    p->freq = 1000;
    if (pwm_set(th, p, a[1], a[2], a[3]) < 0)
        return TL_NULL;
    return tl_val(p);
}

static TlVal pwm_init(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"$freq", "$duty_u16", "$duty_ns", NULL};
    TlVal a[3];
    if (tl_args(th, "init", args + 1, nargs - 1, kw, kwlist, 0, 3, a) < 0 ||
        pwm_set(th, pwm(args[0]), a[0], a[1], a[2]) < 0)
        return TL_NULL;
    return TL_NONE;
}

static TlVal pwm_deinit(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "deinit", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    TlBoard *b = tl_board(th);
    if (b)
        tl_board_pwm(b, pwm(args[0])->pin, 0, 0);
    return TL_NONE;
}

/* freq([value]), duty_u16([value]), duty_ns([value]). */
static TlVal pwm_prop(TlThread *th, TlVal *args, int nargs, TlVal kw, const char *name)
{
    if (tl_args_n(th, name, nargs - 1, kw, 0, 1) < 0)
        return TL_NULL;
    PwmObj *p = pwm(args[0]);
    if (nargs == 1) {
        double v = name[0] == 'f' ? p->freq
                 : name[5] == 'u' ? p->duty
                                  : p->duty / 65536.0 / p->freq * 1e9;
        return tl_int_from_i64(th, (int64_t)llround(v));
    }
    int r = name[0] == 'f'   ? pwm_set(th, p, args[1], TL_NULL, TL_NULL)
          : name[5] == 'u'   ? pwm_set(th, p, TL_NULL, args[1], TL_NULL)
                             : pwm_set(th, p, TL_NULL, TL_NULL, args[1]);
    return r < 0 ? TL_NULL : TL_NONE;
}

static TlVal pwm_freq(TlThread *th, TlVal *a, int n, TlVal kw) { return pwm_prop(th, a, n, kw, "freq"); }
static TlVal pwm_duty_u16(TlThread *th, TlVal *a, int n, TlVal kw) { return pwm_prop(th, a, n, kw, "duty_u16"); }
static TlVal pwm_duty_ns(TlThread *th, TlVal *a, int n, TlVal kw) { return pwm_prop(th, a, n, kw, "duty_ns"); }

static TlVal pwm_repr(TlThread *th, TlVal self)
{
    PwmObj *p = pwm(self);
    return tl_str_fmt(th, "PWM(Pin(%s), freq=%lld, duty_u16=%lld)", tl_board_pin_name(p->pin),
                      (long long)llround(p->freq), (long long)p->duty);
}

static const TlMethodDef pwm_methods[] = {
    {"init", pwm_init, 0},
    {"deinit", pwm_deinit, 0},
    {"freq", pwm_freq, 0},
    {"duty_u16", pwm_duty_u16, 0},
    {"duty_ns", pwm_duty_ns, 0},
    {NULL, NULL, 0},
};

static TlType pwm_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "PWM",
    .size = sizeof(PwmObj),
    .tp_new = pwm_tp_new,
    .repr = pwm_repr,
    .methods = pwm_methods,
};

/* ------------------------------------------------------------------- ADC */

static TlType adc_type;

static TlVal adc_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "ADC", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    int pin = tl_pin_arg(th, args[0]);
    if (pin < 0 || !tl_board(th))
        return TL_NULL;
    TlPin *p = tl_alloc(th, t, sizeof(TlPin));
    if (!p)
        return TL_NULL;
    p->pin = pin;
    return tl_val(p);
}

static TlVal adc_read_u16(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "read_u16", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    TlBoard *b = tl_board(th);
    return b ? tl_mksmall(tl_board_adc(b, pin_of(args[0]))) : TL_NULL;
}

static TlVal adc_repr(TlThread *th, TlVal self)
{
    return tl_str_fmt(th, "ADC(Pin(%s))", tl_board_pin_name(pin_of(self)));
}

static const TlMethodDef adc_methods[] = {
    {"read_u16", adc_read_u16, 0},
    {NULL, NULL, 0},
};

static TlType adc_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "ADC",
    .size = sizeof(TlPin),
    .tp_new = adc_tp_new,
    .repr = adc_repr,
    .methods = adc_methods,
};

int tl_mod_machine_init(TlThread *th, TlVal module)
{
    TlType *pin = tl_machine_pin_type(th);
    TlVal d = ((TlModule *)tl_obj(module))->dict;
    if (!pin || tl_dict_set_cstr(th, d, "Pin", tl_val(pin)) < 0 ||
        tl_board_add_type(th, module, "PWM", &pwm_type) < 0 ||
        tl_board_add_type(th, module, "ADC", &adc_type) < 0)
        return -1;
    return 0;
}
