/*
 * model_test.c -- unit tests of the board model (vm/board.c) on a fake
 * clock: servo motion over time, PWM pulse widths to angles, IRQ edge
 * detection and scheduling, the snapshot and the JSON form of events.
 *
 * The host's monotonic clock is a variable the tests set, so positions are
 * checked exactly rather than "about right after a sleep".  Linked with the
 * VM's objects (board.mk); prints one line per failed check and a summary.
 */
#include "board.h"
#include "lib.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static double fake_now;
static TlBoardEvent events[256];
static int nevents;
static _Atomic int calls;
static TlVal _Atomic last_arg;
static int failures, checks;

static double host_monotonic(void *ctx) { (void)ctx; return fake_now; }

static void host_write(void *ctx, int fd, const char *buf, size_t n)
{
    (void)ctx;
    fwrite(buf, 1, n, fd == 2 ? stderr : stdout);
}

static void host_board(void *ctx, const TlBoardEvent *ev)
{
    (void)ctx;
    if (nevents < (int)(sizeof events / sizeof events[0]))
        events[nevents++] = *ev;
}

#define CHECK(cond) check((cond), #cond, __LINE__)

static void check(bool ok, const char *what, int line)
{
    checks++;
    if (!ok) {
        failures++;
        printf("FAIL line %d: %s\n", line, what);
    }
}

static void near(double got, double want, double tol, int line)
{
    checks++;
    if (fabs(got - want) > tol) {
        failures++;
        printf("FAIL line %d: got %g, want %g\n", line, got, want);
    }
}
#define NEAR(got, want) near((got), (want), 1e-6, __LINE__)

static int count_events(const char *kind)
{
    int n = 0;
    for (int i = 0; i < nevents; i++)
        n += !strcmp(events[i].kind, kind);
    return n;
}

static void test_servo(TlBoard *b)
{
    fake_now = 10;
    tl_board_servo_move(b, 1, 2000, 1000);          /* 0 -> 90 degrees in 1 s */
    fake_now = 10.25;
    NEAR(tl_board_servo_us(b, 1), 1625);
    fake_now = 10.5;
    NEAR(tl_board_servo_us(b, 1), 1750);
    fake_now = 11;
    NEAR(tl_board_servo_us(b, 1), 2000);
    fake_now = 12;
    NEAR(tl_board_servo_us(b, 1), 2000);

    /* A new command starts where the servo is, mid-glide. */
    fake_now = 20;
    tl_board_servo_move(b, 1, 1000, 1000);
    fake_now = 20.5;
    nevents = 0;
    tl_board_servo_move(b, 1, 2000, 500);
    CHECK(nevents == 1 && !strcmp(events[0].kind, "servo"));
    NEAR(events[0].from, 0);                        /* 1500 us */
    NEAR(events[0].value, 90);
    NEAR(events[0].ms, 500);
    NEAR(events[0].t, 20.5);
    fake_now = 20.75;
    NEAR(tl_board_servo_us(b, 1), 1750);

    /* Travel is -90..90 whatever the pulse limits allow. */
    tl_board_servo_move(b, 2, 3000, 0);
    NEAR(tl_board_servo_us(b, 2), 2000);
    tl_board_servo_move(b, 2, 0, 0);
    NEAR(tl_board_servo_us(b, 2), 1000);
    TlServoCal c = tl_board_servo_cal(b, 2);
    NEAR(tl_servo_angle_of_us(&c, 1250), -45);
    NEAR(tl_servo_us_of_angle(&c, 45), 1750);
}

static void test_pwm(TlBoard *b)
{
    int x4 = tl_board_pin_find("X4", 0);
    fake_now = 30;
    tl_board_pwm(b, x4, 50, 2000e-6 * 50 * 65536);  /* 2 ms at 50 Hz */
    NEAR(tl_board_servo_us(b, 4), 2000);
    tl_board_pwm(b, x4, 50, 1500e-6 * 50 * 65536);
    NEAR(tl_board_servo_us(b, 4), 1500);
    tl_board_pwm(b, x4, 1000, 30000);                /* not a servo signal */
    NEAR(tl_board_servo_us(b, 4), 1500);
    tl_board_pwm(b, x4, 50, 0);                      /* no pulses */
    NEAR(tl_board_servo_us(b, 4), 1500);
    tl_board_pwm(b, x4, 50, 1000e-6 * 50 * 65536);
    NEAR(tl_board_servo_us(b, 4), 1000);
}

static TlVal count_fn(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)th, (void)kw;
    atomic_store(&last_arg, nargs ? args[0] : TL_NULL);
    atomic_fetch_add(&calls, 1);
    return TL_NONE;
}

/* Let queued handlers run (here at our safepoints, or on the IRQ thread). */
static void settle(TlThread *th, int want)
{
    for (int i = 0; i < 2000 && atomic_load(&calls) < want; i++) {
        tl_safepoint(th);
        usleep(500);
    }
    usleep(2000);
    tl_safepoint(th);
}

static void test_irq(TlThread *th, TlBoard *b)
{
    TlVM *vm = th->vm;
    int y1 = tl_board_pin_find("Y1", 0);
    TlVal fn = tl_native_new(th, "count", count_fn, TL_NULL);
    TlVal arg = tl_str_cstr(th, "pin");
    tl_board_pin_config(b, y1, TL_PIN_IN, TL_PULL_NONE);
    CHECK(tl_board_pin_value(b, y1) == 1);          /* released: pulled up */
    CHECK(tl_board_pin_irq(th, b, y1, fn, arg, TL_IRQ_FALLING) == 0);
    nevents = 0;
    tl_board_input(vm, "button", 0, 1);              /* press: falling */
    settle(th, 1);
    CHECK(atomic_load(&calls) == 1);
    CHECK(atomic_load(&last_arg) == arg);
    CHECK(tl_board_pin_value(b, y1) == 0);
    tl_board_input(vm, "button", 0, 1);              /* same level: no edge */
    tl_board_input(vm, "button", 0, 0);              /* rising: not asked for */
    settle(th, 1);
    CHECK(atomic_load(&calls) == 1);
    CHECK(count_events("irq") == 1 && count_events("button") == 3);

    tl_board_pin_irq(th, b, y1, fn, arg, TL_IRQ_FALLING | TL_IRQ_RISING);
    tl_board_input(vm, "button", 0, 1);
    tl_board_input(vm, "button", 0, 0);
    settle(th, 3);
    CHECK(atomic_load(&calls) == 3);

    /* The switch calls its handler without arguments. */
    int sw = tl_board_switch_pin();
    tl_board_pin_irq(th, b, sw, fn, TL_NULL, TL_IRQ_FALLING);
    tl_board_input(vm, "switch", 0, 1);
    settle(th, 4);
    CHECK(atomic_load(&calls) == 4 && atomic_load(&last_arg) == TL_NULL);
    tl_board_input(vm, "switch", 0, 0);

    /* An output pin fires on the levels it drives. */
    int y2 = tl_board_pin_find("Y2", 0);
    tl_board_pin_config(b, y2, TL_PIN_OUT, -1);
    tl_board_pin_irq(th, b, y2, fn, arg, TL_IRQ_RISING);
    tl_board_pin_write(b, y2, 1);
    tl_board_pin_write(b, y2, 1);
    tl_board_pin_write(b, y2, 0);
    settle(th, 5);
    CHECK(atomic_load(&calls) == 5);
    CHECK(tl_board_pin_irq(th, b, y2, TL_NULL, TL_NULL, 0) == 0);
    CHECK(tl_board_input(vm, "nothing", 0, 1) == -1);
}

static void test_snapshot(TlVM *vm, TlBoard *b)
{
    fake_now = 40;
    tl_board_led_set(b, 3, 128);
    tl_board_servo_move(b, 3, 1000, 250);
    tl_board_pwm(b, tl_board_pin_find("Y2", 0), 1000, 65535);
    tl_board_input(vm, "pot", 0, 70000);
    const TlBoardSnapshot *s = tl_board_snapshot(vm);
    CHECK(s && (atomic_load(&s->seq) & 1) == 0 && s->version == 1);
    NEAR(s->led[2], 128);
    NEAR(s->servo[2][1], -90);
    NEAR(s->servo[2][3], 0.25);
    NEAR(s->gpio_led, 1);
    NEAR(s->pot, 65535);
}

static void test_json(void)
{
    char buf[256];
    TlBoardEvent ev = {.kind = "servo", .id = 2, .t = 1.5, .from = -12.5, .value = 45, .ms = 300};
    tl_board_event_json(&ev, buf, sizeof buf);
    CHECK(!strcmp(buf, "{\"t\":1500.000,\"kind\":\"servo\",\"dev\":2,\"from\":-12.5,\"to\":45,\"ms\":300}"));
    ev = (TlBoardEvent){.kind = "pwm", .pin = "X1", .t = 0, .freq = 50, .value = 4915};
    tl_board_event_json(&ev, buf, sizeof buf);
    CHECK(!strcmp(buf, "{\"t\":0.000,\"kind\":\"pwm\",\"dev\":\"X1\",\"freq\":50,\"duty\":4915}"));
    int n = tl_board_event_json(&ev, buf, 10);        /* truncates safely */
    CHECK(n > 10 && strlen(buf) == 9);
}

int main(void)
{
    TlHost host = {.write = host_write, .monotonic = host_monotonic, .board = host_board};
    TlVM *vm = tl_vm_new(&host, NULL);
    if (!vm)
        return 2;
    TlThread *th = tl_main_thread(vm);
    TlBoard *b = tl_board(th);
    test_servo(b);
    test_pwm(b);
    test_irq(th, b);
    test_snapshot(vm, b);
    test_json();
    printf("board model: %d checks, %d failed\n", checks, failures);
    return failures != 0;
}
