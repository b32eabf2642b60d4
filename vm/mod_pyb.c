/*
 * mod_pyb.c -- the pyb module: the pyboard's own API for the simulated
 * board (LED, Switch, Servo, Pin, delay and millis), with MicroPython's
 * names, arguments and return values.
 *
 * The objects are thin handles (an LED or servo number); all state lives
 * in the board model (board.c), so two pyb.Servo(1) objects drive the same
 * servo and threads may share them freely.  Servo positions follow the
 * pyboard's arithmetic: angles and speeds are mapped to pulse widths with
 * the servo's calibration and read back as integers truncated toward zero.
 */
#include "board.h"
#include "lib.h"

#include <math.h>
#include <sys/types.h>

typedef struct Handle {
    TlObj ob;
    int n;                     /* LED or servo number; 0 for the switch */
} Handle;

static TlType led_type, switch_type, servo_type;

static int handle_n(TlVal self) { return ((Handle *)tl_obj(self))->n; }

/* LED(n) or Servo(n) for n in 1..count. */
static TlVal handle_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw,
                        int count)
{
    intptr_t n = 0;
    if (tl_args_n(th, t->cname, nargs, kw, 1, 1) < 0 || tl_index(th, args[0], &n) < 0)
        return TL_NULL;
    if (n < 1 || n > count)
        return tl_raise(th, &tl_ValueError, "%s(%zd) doesn't exist", t->cname, (ssize_t)n);
    if (!tl_board(th))
        return TL_NULL;
    Handle *h = tl_alloc(th, t, sizeof(Handle));
    if (!h)
        return TL_NULL;
    h->n = (int)n;
    return tl_val(h);
}

static TlBoard *board_of(TlThread *th) { return tl_board(th); }

/* ------------------------------------------------------------------- LED */

static TlVal led_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    return handle_new(th, t, args, nargs, kw, TL_BOARD_LEDS);
}

static TlVal led_repr(TlThread *th, TlVal self)
{
    return tl_str_fmt(th, "LED(%d)", handle_n(self));
}

static TlVal led_set(TlThread *th, TlVal *args, int nargs, TlVal kw, const char *name,
                     int value)
{
    if (tl_args_n(th, name, nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    TlBoard *b = board_of(th);
    int n = handle_n(args[0]);
    if (value < 0)             /* toggle */
        value = tl_board_led_get(b, n) ? 0 : 255;
    tl_board_led_set(b, n, value);
    return TL_NONE;
}

static TlVal led_on(TlThread *th, TlVal *a, int n, TlVal kw) { return led_set(th, a, n, kw, "on", 255); }
static TlVal led_off(TlThread *th, TlVal *a, int n, TlVal kw) { return led_set(th, a, n, kw, "off", 0); }
static TlVal led_toggle(TlThread *th, TlVal *a, int n, TlVal kw) { return led_set(th, a, n, kw, "toggle", -1); }

static TlVal led_intensity(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    intptr_t v;
    if (tl_args_n(th, "intensity", nargs - 1, kw, 0, 1) < 0)
        return TL_NULL;
    TlBoard *b = board_of(th);
    int n = handle_n(args[0]);
    if (nargs == 1)
        return tl_mksmall(tl_board_led_get(b, n));
    if (tl_index(th, args[1], &v) < 0)
        return TL_NULL;
    tl_board_led_set(b, n, v < 0 ? 0 : v > 255 ? 255 : (int)v);
    return TL_NONE;
}

static const TlMethodDef led_methods[] = {
    {"on", led_on, 0},
    {"off", led_off, 0},
    {"toggle", led_toggle, 0},
    {"intensity", led_intensity, 0},
    {NULL, NULL, 0},
};

static TlType led_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "LED",
    .size = sizeof(Handle),
    .tp_new = led_tp_new,
    .repr = led_repr,
    .methods = led_methods,
};

/* ---------------------------------------------------------------- Switch */

static TlVal switch_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "Switch", nargs, kw, 0, 0) < 0 || !tl_board(th))
        return TL_NULL;
    return tl_val(tl_alloc(th, t, sizeof(Handle)));
}

static TlVal switch_repr(TlThread *th, TlVal self)
{
    (void)self;
    return tl_str_cstr(th, "Switch()");
}

/* Pressed pulls the switch's pin low. */
static TlVal switch_value(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "value", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_bool(!tl_board_pin_value(board_of(th), tl_board_switch_pin()));
}

static TlVal switch_call(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    (void)self;
    if (tl_args_n(th, "Switch", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    (void)args;
    return tl_bool(!tl_board_pin_value(board_of(th), tl_board_switch_pin()));
}

/* callback(fn): fn() runs after each press; None turns it off. */
static TlVal switch_callback(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "callback", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal fn = args[1] == TL_NONE ? TL_NULL : args[1];
    if (fn && !tl_callable(fn))
        return tl_raise(th, &tl_TypeError, "callback must be None or a callable object");
    if (tl_board_pin_irq(th, board_of(th), tl_board_switch_pin(), fn, TL_NULL,
                         TL_IRQ_FALLING) < 0)
        return TL_NULL;
    return TL_NONE;
}

static const TlMethodDef switch_methods[] = {
    {"value", switch_value, 0},
    {"callback", switch_callback, 0},
    {NULL, NULL, 0},
};

static TlType switch_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "Switch",
    .size = sizeof(Handle),
    .tp_new = switch_tp_new,
    .call = switch_call,
    .repr = switch_repr,
    .methods = switch_methods,
};

/* ----------------------------------------------------------------- Servo */

static TlVal servo_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    return handle_new(th, t, args, nargs, kw, TL_BOARD_SERVOS);
}

static TlVal servo_repr(TlThread *th, TlVal self)
{
    TlBoard *b = board_of(th);
    int n = handle_n(self);
    return tl_str_fmt(th, "<Servo %d at %dus>", n, (int)tl_board_servo_us(b, n));
}

/* The pulse width `value` maps to: centre + (full - centre) * value / scale. */
static double cal_map(double centre, double full, double value, double scale)
{
    return centre + (full - centre) * value / scale;
}

/* Shared by angle() and speed(): get the position as an integer on that
 * scale, or set it with an optional time in ms (angles are limited to
 * -90..90, the travel of the panel's servos). */
static TlVal servo_scaled(TlThread *th, TlVal *args, int nargs, TlVal kw,
                          const char *name, bool is_angle)
{
    if (tl_args_n(th, name, nargs - 1, kw, 0, 2) < 0)
        return TL_NULL;
    TlBoard *b = board_of(th);
    int n = handle_n(args[0]);
    TlServoCal c = tl_board_servo_cal(b, n);
    double full = is_angle ? c.a90 : c.s100, scale = is_angle ? 90 : 100;
    if (nargs == 1) {
        double us = tl_board_servo_us(b, n);
        return tl_mksmall((intptr_t)((us - c.centre) * scale / (full - c.centre)));
    }
    double v, ms = 0;
    if (tl_to_double(th, args[1], &v) < 0 || (nargs > 2 && tl_to_double(th, args[2], &ms) < 0))
        return TL_NULL;
    if (is_angle)
        v = v < -90 ? -90 : v > 90 ? 90 : v;
    tl_board_servo_move(b, n, cal_map(c.centre, full, v, scale), ms);
    return TL_NONE;
}

static TlVal servo_angle(TlThread *th, TlVal *a, int n, TlVal kw) { return servo_scaled(th, a, n, kw, "angle", true); }
static TlVal servo_speed(TlThread *th, TlVal *a, int n, TlVal kw) { return servo_scaled(th, a, n, kw, "speed", false); }

static TlVal servo_pulse_width(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "pulse_width", nargs - 1, kw, 0, 1) < 0)
        return TL_NULL;
    TlBoard *b = board_of(th);
    int n = handle_n(args[0]);
    if (nargs == 1)
        return tl_mksmall((intptr_t)tl_board_servo_us(b, n));
    double us;
    if (tl_to_double(th, args[1], &us) < 0)
        return TL_NULL;
    tl_board_servo_move(b, n, us, 0);
    return TL_NONE;
}

/* calibration() -> (min, max, centre, angle_90, speed_100);
 * calibration(min, max, centre[, angle_90, speed_100]). */
static TlVal servo_calibration(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "calibration", nargs - 1, kw, 0, 5) < 0)
        return TL_NULL;
    TlBoard *b = board_of(th);
    int n = handle_n(args[0]);
    TlServoCal c = tl_board_servo_cal(b, n);
    double *f[] = {&c.min, &c.max, &c.centre, &c.a90, &c.s100};
    if (nargs == 1) {
        TlVal t = tl_tuple_new(th, 5);
        for (int i = 0; t && i < 5; i++)
            TL_TUPLE(t)->items[i] = tl_mksmall((intptr_t)*f[i]);
        return t;
    }
    if (nargs != 4 && nargs != 6)
        return tl_raise(th, &tl_TypeError, "calibration takes 0, 3 or 5 arguments");
    for (int i = 0; i < nargs - 1; i++)
        if (tl_to_double(th, args[i + 1], f[i]) < 0)
            return TL_NULL;
    if (c.a90 == c.centre || c.s100 == c.centre || c.min > c.max)
        return tl_raise(th, &tl_ValueError, "invalid calibration");
    tl_board_servo_set_cal(b, n, &c);
    return TL_NONE;
}

static const TlMethodDef servo_methods[] = {
    {"angle", servo_angle, 0},
    {"speed", servo_speed, 0},
    {"pulse_width", servo_pulse_width, 0},
    {"calibration", servo_calibration, 0},
    {NULL, NULL, 0},
};

static TlType servo_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "Servo",
    .size = sizeof(Handle),
    .tp_new = servo_tp_new,
    .repr = servo_repr,
    .methods = servo_methods,
};

/* ------------------------------------------------------------- functions */

static TlVal sleep_for(TlThread *th, TlVal *args, int nargs, TlVal kw,
                       const char *name, double scale)
{
    double v;
    if (tl_args_n(th, name, nargs, kw, 1, 1) < 0 || tl_to_double(th, args[0], &v) < 0)
        return TL_NULL;
    if (tl_sleep(th, v > 0 ? v * scale : 0) < 0)
        return TL_NULL;
    return TL_NONE;
}

static TlVal p_delay(TlThread *th, TlVal *a, int n, TlVal kw) { return sleep_for(th, a, n, kw, "delay", 1e-3); }
static TlVal p_udelay(TlThread *th, TlVal *a, int n, TlVal kw) { return sleep_for(th, a, n, kw, "udelay", 1e-6); }

/* Milliseconds since the board started (pyb.millis counts from boot). */
static intptr_t millis(TlThread *th) { return (intptr_t)floor(tl_board_now(board_of(th)) * 1e3); }

static TlVal p_millis(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "millis", nargs, kw, 0, 0) < 0 || !tl_board(th))
        return TL_NULL;
    return tl_mksmall(millis(th));
}

static TlVal p_elapsed_millis(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    intptr_t start;
    if (tl_args_n(th, "elapsed_millis", nargs, kw, 1, 1) < 0 ||
        tl_index(th, args[0], &start) < 0 || !tl_board(th))
        return TL_NULL;
    return tl_mksmall(millis(th) - start);
}

static const TlMethodDef pyb_fns[] = {
    {"delay", p_delay, 0},
    {"udelay", p_udelay, 0},
    {"millis", p_millis, 0},
    {"elapsed_millis", p_elapsed_millis, 0},
    {NULL, NULL, 0},
};

int tl_mod_pyb_init(TlThread *th, TlVal module)
{
    TlType *pin = tl_machine_pin_type(th);
    if (!pin || tl_module_add_methods(th, module, pyb_fns) < 0 ||
        tl_board_add_type(th, module, "LED", &led_type) < 0 ||
        tl_board_add_type(th, module, "Switch", &switch_type) < 0 ||
        tl_board_add_type(th, module, "Servo", &servo_type) < 0)
        return -1;
    TlVal d = ((TlModule *)tl_obj(module))->dict;
    return tl_dict_set_cstr(th, d, "Pin", tl_val(pin));
}
