/*
 * board.c -- the simulated board: the state of its LEDs, servos, pins and
 * inputs, the events that tell a host how it changes, and the scheduler
 * that runs IRQ handlers and micropython.schedule() callbacks.
 *
 * Model.  The board is pyboard-like (see board.h for the wiring).  Servos
 * are modelled in pulse widths: a move records where it starts, where it
 * goes, when it starts and how long it takes, so the position at any time
 * is a pure function of the clock and one event describes a whole glide (a
 * panel animates it without further messages).  Pins keep their mode, pull,
 * driven level and the level the outside world applies; what a pin reads
 * follows from those, and an IRQ fires when that level changes.
 *
 * Events.  Every change becomes a TlBoardEvent sent to the host's `board`
 * callback and is also written into a TlBoardSnapshot, plain memory that a
 * host may poll instead (the browser reads it in requestAnimationFrame).
 * One lock guards the board; events leave under it, so hosts see them in
 * the order the changes happened.
 *
 * Scheduling.  As in MicroPython, a handler never runs in the middle of a
 * bytecode: an edge (from a host input, on any thread) queues the handler
 * and sets TL_BRK_SCHED, and the first VM thread to reach a safepoint runs
 * the queue (tl_board_run_pending, called by tl_safepoint).  One callback
 * runs at a time, VM-wide.  When every Python thread is blocked (sleeping,
 * joining), nothing would reach a safepoint, so the first registered
 * handler also starts a daemon VM thread "irq" that waits for the queue and
 * runs what nobody else picked up.  A handler's uncaught exception is
 * printed and the program goes on; KeyboardInterrupt and SystemExit reach
 * the thread the handler interrupted.
 *
 * The board lives as long as the process (one VM per process): hosts may
 * keep the snapshot's address for the whole run.
 */
#include "board.h"

#include "lib.h"
#include "thread.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { QMAX = 16 };            /* pending callbacks (MicroPython: 4..8) */

/* What is wired to a pin on the panel. */
typedef enum { W_NONE, W_SERVO, W_BUTTON, W_LED, W_POT, W_SWITCH } Wire;

typedef struct PinInfo {
    const char *name;
    Wire wire;
    int arg;                   /* servo index for W_SERVO */
} PinInfo;

/* The pin table; a pin's number is its index. */
static const PinInfo pin_table[] = {
    {"X1", W_SERVO, 0}, {"X2", W_SERVO, 1}, {"X3", W_SERVO, 2}, {"X4", W_SERVO, 3},
    {"X5", W_NONE, 0},  {"X6", W_NONE, 0},  {"X7", W_NONE, 0},  {"X8", W_NONE, 0},
    {"Y1", W_BUTTON, 0}, {"Y2", W_LED, 0},  {"Y3", W_NONE, 0},  {"Y4", W_NONE, 0},
    {"X19", W_POT, 0},  {"SW", W_SWITCH, 0},
};
enum { NPINS = sizeof pin_table / sizeof pin_table[0] };
enum { PIN_BUTTON = 8, PIN_LED = 9, PIN_POT = 12, PIN_SW = 13 };

typedef struct Servo {
    double from, to;           /* pulse widths (us) */
    double t0, dur;            /* board seconds */
    TlServoCal cal;
} Servo;

typedef struct Pin {
    int mode, pull;
    int out;                   /* driven level */
    double pwm_freq, pwm_duty; /* freq 0: no PWM */
    TlVal handler, arg;        /* IRQ (TL_NULL: none) */
    int trigger;
} Pin;

typedef struct Job {
    TlVal fn, arg;             /* arg TL_NULL: fn() */
} Job;

struct TlBoard {
    pthread_mutex_t mu;
    pthread_cond_t cv;         /* the IRQ thread waits here for jobs */
    TlVM *vm;
    double origin;             /* host monotonic seconds at board time 0 */
    int led[TL_BOARD_LEDS];
    Servo servo[TL_BOARD_SERVOS];
    Pin pin[NPINS];
    bool sw, button;           /* pressed */
    int pot;
    Job q[QMAX];
    unsigned qhead, qlen;
    bool running;              /* a callback is running somewhere */
    bool irq_thread;           /* the IRQ thread was started */
    TlBoardSnapshot snap;
};

static const TlServoCal default_cal = {640, 2420, 1500, 2000, 2000};

/* ------------------------------------------------------------- creation */

static double mono(TlVM *vm)
{
    return vm->host.monotonic ? vm->host.monotonic(vm->host.ctx) : 0.0;
}

static TlBoard *board_new(TlVM *vm)
{
    TlBoard *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, NULL);
    b->vm = vm;
    b->origin = mono(vm);
    for (int i = 0; i < TL_BOARD_SERVOS; i++) {
        b->servo[i].cal = default_cal;
        b->servo[i].from = b->servo[i].to = default_cal.centre;
    }
    b->pot = 32768;
    b->snap.version = 1;
    b->snap.pot = b->pot;
    for (int i = 0; i < TL_BOARD_SERVOS; i++)
        b->snap.servo[i][2] = b->origin;
    return b;
}

/* Created on first use by whoever comes first: a Python thread or a host
 * feeding an input; the loser of a race frees its copy. */
static TlBoard *get_board(TlVM *vm)
{
    TlBoard *b = atomic_load(&vm->board);
    if (b)
        return b;
    TlBoard *nb = board_new(vm);
    if (!nb)
        return NULL;
    void *expected = NULL;
    if (atomic_compare_exchange_strong(&vm->board, &expected, nb))
        return nb;
    pthread_mutex_destroy(&nb->mu);
    pthread_cond_destroy(&nb->cv);
    free(nb);
    return expected;
}

TlBoard *tl_board(TlThread *th)
{
    TlBoard *b = get_board(th->vm);
    if (!b)
        tl_raise_nomem(th);
    return b;
}

double tl_board_now(TlBoard *b) { return mono(b->vm) - b->origin; }

const TlBoardSnapshot *tl_board_snapshot(TlVM *vm)
{
    TlBoard *b = get_board(vm);
    return b ? &b->snap : NULL;
}

void tl_board_mark(TlVM *vm, TlGC *gc)
{
    TlBoard *b = atomic_load(&vm->board);
    if (!b)
        return;
    /* Host threads may be queueing jobs while the world is stopped. */
    pthread_mutex_lock(&b->mu);
    for (int i = 0; i < NPINS; i++) {
        tl_mark(gc, b->pin[i].handler);
        tl_mark(gc, b->pin[i].arg);
    }
    for (unsigned i = 0; i < b->qlen; i++) {
        Job *j = &b->q[(b->qhead + i) % QMAX];
        tl_mark(gc, j->fn);
        tl_mark(gc, j->arg);
    }
    pthread_mutex_unlock(&b->mu);
}

/* --------------------------------------------------------------- events */

/* Snapshot writers hold b->mu, so only readers need the sequence. */
static void snap_begin(TlBoard *b) { atomic_fetch_add(&b->snap.seq, 1); }
static void snap_end(TlBoard *b) { atomic_fetch_add(&b->snap.seq, 1); }

static void emit(TlBoard *b, TlBoardEvent ev)
{
    ev.t = tl_board_now(b);
    if (b->vm->host.board)
        b->vm->host.board(b->vm->host.ctx, &ev);
}

static void add_num(char *buf, size_t n, int *k, const char *key, double v)
{
    char num[40];
    v = fabs(v) < 1e12 ? round(v * 1e3) / 1e3 : v;     /* 3 decimals are plenty */
    if (v == (double)(long long)v && fabs(v) < 1e15) {
        snprintf(num, sizeof num, "%lld", (long long)v);
    } else {
        snprintf(num, sizeof num, "%.3f", v);
        char *e = num + strlen(num) - 1;
        while (*e == '0')
            *e-- = 0;
    }
    int w = snprintf(buf + *k, (size_t)*k < n ? n - (size_t)*k : 0, ",\"%s\":%s", key, num);
    *k += w;
}

int tl_board_event_json(const TlBoardEvent *ev, char *buf, size_t n)
{
    int k = snprintf(buf, n, "{\"t\":%.3f,\"kind\":\"%s\"", ev->t * 1e3, ev->kind);
    if (ev->pin)
        k += snprintf(buf + k, (size_t)k < n ? n - (size_t)k : 0, ",\"dev\":\"%s\"", ev->pin);
    else if (ev->id)
        add_num(buf, n, &k, "dev", ev->id);
    if (!strcmp(ev->kind, "servo")) {
        add_num(buf, n, &k, "from", ev->from);
        add_num(buf, n, &k, "to", ev->value);
        add_num(buf, n, &k, "ms", ev->ms);
    } else if (!strcmp(ev->kind, "pwm")) {
        add_num(buf, n, &k, "freq", ev->freq);
        add_num(buf, n, &k, "duty", ev->value);
    } else {
        add_num(buf, n, &k, "value", ev->value);
    }
    k += snprintf(buf + k, (size_t)k < n ? n - (size_t)k : 0, "}");
    return k;
}

/* ------------------------------------------------------------------ LEDs */

void tl_board_led_set(TlBoard *b, int n, int intensity)
{
    intensity = intensity < 0 ? 0 : intensity > 255 ? 255 : intensity;
    pthread_mutex_lock(&b->mu);
    if (b->led[n - 1] != intensity) {
        b->led[n - 1] = intensity;
        snap_begin(b);
        b->snap.led[n - 1] = intensity;
        snap_end(b);
        emit(b, (TlBoardEvent){.kind = "led", .id = n, .value = intensity});
    }
    pthread_mutex_unlock(&b->mu);
}

int tl_board_led_get(TlBoard *b, int n)
{
    pthread_mutex_lock(&b->mu);
    int v = b->led[n - 1];
    pthread_mutex_unlock(&b->mu);
    return v;
}

/* ---------------------------------------------------------------- servos */

double tl_servo_us_of_angle(const TlServoCal *c, double angle)
{
    return c->centre + (c->a90 - c->centre) * angle / 90.0;
}

double tl_servo_angle_of_us(const TlServoCal *c, double us)
{
    return (us - c->centre) * 90.0 / (c->a90 - c->centre);
}

static double servo_at(const Servo *s, double t)
{
    if (s->dur <= 0 || t >= s->t0 + s->dur)
        return s->to;
    if (t <= s->t0)
        return s->from;
    return s->from + (s->to - s->from) * (t - s->t0) / s->dur;
}

/* The lock is held. */
static void servo_move_locked(TlBoard *b, int n, double us, double ms)
{
    Servo *s = &b->servo[n - 1];
    double now = tl_board_now(b);
    /* the pulse limits, and the horn's travel of -90..90 degrees */
    double lo = tl_servo_us_of_angle(&s->cal, -90), hi = tl_servo_us_of_angle(&s->cal, 90);
    if (lo > hi) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    lo = lo > s->cal.min ? lo : s->cal.min;
    hi = hi < s->cal.max ? hi : s->cal.max;
    us = us < lo ? lo : us > hi ? hi : us;
    s->from = servo_at(s, now);
    s->to = us;
    s->t0 = now;
    s->dur = ms > 0 ? ms / 1e3 : 0;
    double from = tl_servo_angle_of_us(&s->cal, s->from);
    double to = tl_servo_angle_of_us(&s->cal, s->to);
    snap_begin(b);
    b->snap.servo[n - 1][0] = from;
    b->snap.servo[n - 1][1] = to;
    b->snap.servo[n - 1][2] = b->origin + now;
    b->snap.servo[n - 1][3] = s->dur;
    snap_end(b);
    emit(b, (TlBoardEvent){.kind = "servo", .id = n, .from = from, .value = to,
                           .ms = ms > 0 ? ms : 0});
}

void tl_board_servo_move(TlBoard *b, int n, double us, double ms)
{
    pthread_mutex_lock(&b->mu);
    servo_move_locked(b, n, us, ms);
    pthread_mutex_unlock(&b->mu);
}

double tl_board_servo_us(TlBoard *b, int n)
{
    pthread_mutex_lock(&b->mu);
    double us = servo_at(&b->servo[n - 1], tl_board_now(b));
    pthread_mutex_unlock(&b->mu);
    return us;
}

TlServoCal tl_board_servo_cal(TlBoard *b, int n)
{
    pthread_mutex_lock(&b->mu);
    TlServoCal c = b->servo[n - 1].cal;
    pthread_mutex_unlock(&b->mu);
    return c;
}

/* The servo keeps its pulse width; its angle follows the new calibration. */
void tl_board_servo_set_cal(TlBoard *b, int n, const TlServoCal *cal)
{
    pthread_mutex_lock(&b->mu);
    Servo *s = &b->servo[n - 1];
    s->cal = *cal;
    servo_move_locked(b, n, servo_at(s, tl_board_now(b)), 0);
    pthread_mutex_unlock(&b->mu);
}

/* ------------------------------------------------------------------ pins */

int tl_board_pin_find(const char *name, intptr_t num)
{
    if (!name)
        return num >= 0 && num < NPINS ? (int)num : -1;
    for (int i = 0; i < NPINS; i++)
        if (!strcmp(pin_table[i].name, name))
            return i;
    return -1;
}

const char *tl_board_pin_name(int pin) { return pin_table[pin].name; }
bool tl_board_pin_is_input_only(int pin) { return pin_table[pin].wire == W_SWITCH; }
int tl_board_switch_pin(void) { return PIN_SW; }

/* The level the outside world applies: buttons pull to ground when
 * pressed (the board has pull-ups on them), the potentiometer reads as
 * high past half-way, a free pin follows its pull (floating reads 0). */
static int external_level(TlBoard *b, int pin)
{
    switch (pin_table[pin].wire) {
    case W_BUTTON:
        return !b->button;
    case W_SWITCH:
        return !b->sw;
    case W_POT:
        return b->pot >= 32768;
    default:
        return b->pin[pin].pull == TL_PULL_UP;
    }
}

static int level(TlBoard *b, int pin)
{
    Pin *p = &b->pin[pin];
    if (p->mode == TL_PIN_OUT)
        return p->out;
    if (p->mode == TL_PIN_OPEN_DRAIN)
        return p->out && external_level(b, pin);
    return external_level(b, pin);
}

static bool driven(TlBoard *b, int pin)
{
    return b->pin[pin].mode != TL_PIN_IN && pin_table[pin].wire != W_SWITCH;
}

static void snap_gpio_led(TlBoard *b)
{
    Pin *p = &b->pin[PIN_LED];
    double v = p->pwm_freq > 0 ? p->pwm_duty / 65535.0
               : driven(b, PIN_LED) ? level(b, PIN_LED) : 0;
    snap_begin(b);
    b->snap.gpio_led = v;
    snap_end(b);
}

/* Queue a callback (lock held): false when the queue is full. */
static bool enqueue(TlBoard *b, TlVal fn, TlVal arg)
{
    if (b->qlen == QMAX)
        return false;
    b->q[(b->qhead + b->qlen++) % QMAX] = (Job){fn, arg};
    atomic_fetch_or(&b->vm->breaker, TL_BRK_SCHED);
    pthread_cond_signal(&b->cv);
    return true;
}

/* After anything that may change what `pin` reads (lock held): report a
 * driven level and fire its IRQ on a matching edge.  A full queue loses
 * the edge, as a busy MicroPython scheduler does. */
static void level_changed(TlBoard *b, int pin, int before)
{
    int now = level(b, pin);
    if (now == before)
        return;
    Pin *p = &b->pin[pin];
    if (driven(b, pin))
        emit(b, (TlBoardEvent){.kind = "pin", .pin = pin_table[pin].name, .value = now});
    if (pin == PIN_LED)
        snap_gpio_led(b);
    int edge = now ? TL_IRQ_RISING : TL_IRQ_FALLING;
    if (p->handler && (p->trigger & edge) && enqueue(b, p->handler, p->arg))
        emit(b, (TlBoardEvent){.kind = "irq", .pin = pin_table[pin].name, .value = now});
}

void tl_board_pin_config(TlBoard *b, int pin, int mode, int pull)
{
    pthread_mutex_lock(&b->mu);
    int before = level(b, pin);
    if (mode >= 0)
        b->pin[pin].mode = mode;
    if (pull >= 0)
        b->pin[pin].pull = pull;
    level_changed(b, pin, before);
    pthread_mutex_unlock(&b->mu);
}

void tl_board_pin_get_config(TlBoard *b, int pin, int *mode, int *pull)
{
    pthread_mutex_lock(&b->mu);
    *mode = b->pin[pin].mode;
    *pull = b->pin[pin].pull;
    pthread_mutex_unlock(&b->mu);
}

int tl_board_pin_value(TlBoard *b, int pin)
{
    pthread_mutex_lock(&b->mu);
    int v = level(b, pin);
    pthread_mutex_unlock(&b->mu);
    return v;
}

/* Writing an input pin only records the level it drives once it becomes an
 * output (as MicroPython does). */
void tl_board_pin_write(TlBoard *b, int pin, int lvl)
{
    pthread_mutex_lock(&b->mu);
    int before = level(b, pin);
    b->pin[pin].out = lvl != 0;
    level_changed(b, pin, before);
    pthread_mutex_unlock(&b->mu);
}

static int start_irq_thread(TlThread *th, TlBoard *b);

int tl_board_pin_irq(TlThread *th, TlBoard *b, int pin, TlVal handler, TlVal arg,
                     int trigger)
{
    pthread_mutex_lock(&b->mu);
    b->pin[pin].handler = handler;
    b->pin[pin].arg = handler ? arg : TL_NULL;
    b->pin[pin].trigger = trigger;
    pthread_mutex_unlock(&b->mu);
    return handler ? start_irq_thread(th, b) : 0;
}

/* 50 Hz pulses between 0.5 and 2.5 ms position a servo; anything else
 * (other rates, duty 0) leaves it where it is, as a real one would. */
static void pwm_to_servo(TlBoard *b, int servo, double freq, double duty)
{
    if (freq < 40 || freq > 60)
        return;
    double us = duty / 65536.0 * 1e6 / freq;
    if (us >= 500 && us <= 2500)
        servo_move_locked(b, servo + 1, us, 0);
}

void tl_board_pwm(TlBoard *b, int pin, double freq, double duty)
{
    pthread_mutex_lock(&b->mu);
    Pin *p = &b->pin[pin];
    if (p->pwm_freq != freq || p->pwm_duty != duty) {
        p->pwm_freq = freq;
        p->pwm_duty = freq > 0 ? duty : 0;
        emit(b, (TlBoardEvent){.kind = "pwm", .pin = pin_table[pin].name,
                               .freq = freq, .value = p->pwm_duty});
        if (pin_table[pin].wire == W_SERVO)
            pwm_to_servo(b, pin_table[pin].arg, freq, p->pwm_duty);
        if (pin_table[pin].wire == W_LED)
            snap_gpio_led(b);
    }
    pthread_mutex_unlock(&b->mu);
}

int tl_board_adc(TlBoard *b, int pin)
{
    pthread_mutex_lock(&b->mu);
    int v = pin_table[pin].wire == W_POT ? b->pot : level(b, pin) * 65535;
    pthread_mutex_unlock(&b->mu);
    return v;
}

/* ---------------------------------------------------------------- inputs */

int tl_board_input(TlVM *vm, const char *what, int id, int value)
{
    (void)id;                  /* one switch, one button, one pot */
    TlBoard *b = get_board(vm);
    if (!b)
        return -1;
    int pin;
    if (!strcmp(what, "switch"))
        pin = PIN_SW;
    else if (!strcmp(what, "button"))
        pin = PIN_BUTTON;
    else if (!strcmp(what, "pot"))
        pin = PIN_POT;
    else
        return -1;
    pthread_mutex_lock(&b->mu);
    int before = level(b, pin);
    snap_begin(b);
    if (pin == PIN_SW)
        b->snap.sw = b->sw = value != 0;
    else if (pin == PIN_BUTTON)
        b->snap.button = b->button = value != 0;
    else
        b->snap.pot = b->pot = value < 0 ? 0 : value > 65535 ? 65535 : value;
    snap_end(b);
    double v = pin == PIN_POT ? b->pot : value != 0;
    emit(b, (TlBoardEvent){.kind = what, .value = v});
    level_changed(b, pin, before);
    pthread_mutex_unlock(&b->mu);
    return 0;
}

/* ------------------------------------------------------------ scheduling */

int tl_board_schedule(TlThread *th, TlVal fn, TlVal arg)
{
    TlBoard *b = tl_board(th);
    if (!b)
        return -1;
    pthread_mutex_lock(&b->mu);
    bool ok = enqueue(b, fn, arg);
    pthread_mutex_unlock(&b->mu);
    if (!ok) {
        tl_raise(th, &tl_RuntimeError, "schedule queue full");
        return -1;
    }
    return start_irq_thread(th, b);
}

/* Run one job in th.  Its exception is printed, except KeyboardInterrupt
 * and SystemExit when `propagate`: those stay in th->exc (-1). */
static int run_job(TlThread *th, Job j, bool propagate)
{
    uint32_t mark = tl_roots_mark(th);
    TlVal pending = th->exc;   /* normally none between bytecodes */
    th->exc = TL_NULL;
    tl_root(th, j.fn);
    if (j.arg)
        tl_root(th, j.arg);
    if (pending)
        tl_root(th, pending);
    TlVal r = j.arg ? tl_call1(th, j.fn, j.arg) : tl_call0(th, j.fn);
    tl_roots_reset(th, mark);
    if (r) {
        th->exc = pending;
        return 0;
    }
    TlVal e = tl_exc_fetch(th);
    if (propagate && !tl_subtype(tl_type(e), &tl_Exception)) {
        th->exc = e;
        return -1;
    }
    tl_flush(th);
    static const char msg[] = "Uncaught exception in IRQ callback handler\n";
    tl_write(th, 2, msg, sizeof msg - 1);
    tl_print_exception(th, e);
    th->exc = pending;
    return 0;
}

/* Take and run jobs until the queue is empty or another thread is running
 * one (it takes the rest). */
static int run_pending(TlThread *th, bool propagate)
{
    TlVM *vm = th->vm;
    TlBoard *b = atomic_load(&vm->board);
    if (!b) {
        atomic_fetch_and(&vm->breaker, ~(uint32_t)TL_BRK_SCHED);
        return 0;
    }
    for (;;) {
        pthread_mutex_lock(&b->mu);
        if (b->running || !b->qlen) {
            /* the running thread sets the bit again if jobs remain */
            atomic_fetch_and(&vm->breaker, ~(uint32_t)TL_BRK_SCHED);
            pthread_mutex_unlock(&b->mu);
            return 0;
        }
        Job j = b->q[b->qhead];
        b->qhead = (b->qhead + 1) % QMAX;
        b->qlen--;
        b->running = true;
        atomic_fetch_and(&vm->breaker, ~(uint32_t)TL_BRK_SCHED);
        pthread_mutex_unlock(&b->mu);
        int r = run_job(th, j, propagate);
        pthread_mutex_lock(&b->mu);
        b->running = false;
        if (b->qlen) {
            atomic_fetch_or(&vm->breaker, TL_BRK_SCHED);
            pthread_cond_signal(&b->cv);
        }
        pthread_mutex_unlock(&b->mu);
        if (r < 0)
            return -1;
    }
}

int tl_board_run_pending(TlThread *th) { return run_pending(th, true); }

/* The IRQ thread: sleeps (detached) until a job is queued and nobody runs
 * one, then takes the jobs no attached thread has taken meanwhile. */
static TlVal irq_loop(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args, (void)nargs, (void)kw;
    TlBoard *b = atomic_load(&th->vm->board);
    for (;;) {
        tl_detach(th);
        pthread_mutex_lock(&b->mu);
        while (!b->qlen || b->running)
            pthread_cond_wait(&b->cv, &b->mu);
        pthread_mutex_unlock(&b->mu);
        tl_attach(th);
        if (run_pending(th, false) < 0)    /* never: it prints what it catches */
            return TL_NULL;
    }
}

static int start_irq_thread(TlThread *th, TlBoard *b)
{
    pthread_mutex_lock(&b->mu);
    bool start = !b->irq_thread;
    b->irq_thread = true;
    pthread_mutex_unlock(&b->mu);
    if (!start)
        return 0;
    TlVal fn = tl_native_new(th, "irq", irq_loop, TL_NULL);
    TlVal args = fn ? tl_tuple_new(th, 0) : TL_NULL;
    if (!args || !tl_thread_start(th, fn, args, TL_NULL, "irq", true, TL_NULL, NULL)) {
        pthread_mutex_lock(&b->mu);
        b->irq_thread = false;
        pthread_mutex_unlock(&b->mu);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------ shared by the modules */

int tl_board_add_type(TlThread *th, TlVal module, const char *name, TlType *t)
{
    if (!t->mro)
        tl_type_ready(th, t);
    TlVal d = ((TlModule *)tl_obj(module))->dict;
    t->module = ((TlModule *)tl_obj(module))->name;
    return tl_dict_set_cstr(th, d, name, tl_val(t));
}

/* _board: the host's side of the board for tests and demos --
 * _board.input("button", 1) presses the button exactly as a panel does. */
static TlVal b_input(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    intptr_t v;
    if (tl_args_n(th, "input", nargs, kw, 2, 2) < 0 || tl_index(th, args[1], &v) < 0)
        return TL_NULL;
    if (!tl_is_str(args[0]))
        return tl_raise(th, &tl_TypeError, "input() argument 1 must be str, not %T", args[0]);
    if (tl_board_input(th->vm, tl_cstr(args[0]), 0, (int)(v < 0 ? 0 : v > 65535 ? 65535 : v)) < 0)
        return tl_raise(th, &tl_ValueError, "unknown board input %R", args[0]);
    return TL_NONE;
}

static const TlMethodDef board_fns[] = {
    {"input", b_input, 0},
    {NULL, NULL, 0},
};

int tl_mod_board_init(TlThread *th, TlVal module)
{
    return tl_board(th) ? tl_module_add_methods(th, module, board_fns) : -1;
}
