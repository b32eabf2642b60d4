/*
 * board.h -- the simulated board's model (board.c) as the modules that
 * expose it to Python see it: pyb (mod_pyb.c), machine (mod_machine.c) and
 * micropython (mod_micropython.c).  Hosts use only what tl.h declares.
 *
 * The board is pyboard-like: four LEDs, the USR switch, four hobby servos
 * on pins X1..X4, a push button on Y1, an LED on Y2, a potentiometer on
 * X19 and a few free GPIO pins.  Every function takes the board's lock
 * itself, so any VM thread may call any of them at any time.
 */
#ifndef TL_BOARD_H
#define TL_BOARD_H

#include "tl.h"

typedef struct TlBoard TlBoard;

/* The VM's board, created on first use; NULL with MemoryError raised. */
TlBoard *tl_board(TlThread *th);

/* Seconds since the board started (the time base of its events). */
double tl_board_now(TlBoard *b);

/* LEDs 1..4: intensity 0..255 (on is 255). */
enum { TL_BOARD_LEDS = 4, TL_BOARD_SERVOS = 4 };
void tl_board_led_set(TlBoard *b, int n, int intensity);
int tl_board_led_get(TlBoard *b, int n);

/* Servos 1..4 work in pulse widths (microseconds); the calibration maps
 * them to angles and speeds as on the pyboard. */
typedef struct TlServoCal {
    double min, max;           /* pulse limits */
    double centre;             /* angle 0 / speed 0 */
    double a90;                /* angle 90 */
    double s100;               /* speed 100 */
} TlServoCal;
/* Glide from the current pulse width to `us` over `ms` milliseconds (0: at
 * once); `us` is clamped to the pulse limits and to the horn's travel of
 * -90..90 degrees. */
void tl_board_servo_move(TlBoard *b, int n, double us, double ms);
double tl_board_servo_us(TlBoard *b, int n);   /* pulse width now */
TlServoCal tl_board_servo_cal(TlBoard *b, int n);
void tl_board_servo_set_cal(TlBoard *b, int n, const TlServoCal *cal);
/* Angle <-> pulse width with a calibration (no clamping). */
double tl_servo_us_of_angle(const TlServoCal *c, double angle);
double tl_servo_angle_of_us(const TlServoCal *c, double us);

/* GPIO pins, by index into the board's pin table. */
enum { TL_PIN_IN = 0, TL_PIN_OUT = 1, TL_PIN_OPEN_DRAIN = 2 };
enum { TL_PULL_NONE = 0, TL_PULL_UP = 1, TL_PULL_DOWN = 2 };
enum { TL_IRQ_FALLING = 4, TL_IRQ_RISING = 8 };
/* Index of a pin named `name` ("X1") or numbered `num` (name NULL); -1:
 * no such pin. */
int tl_board_pin_find(const char *name, intptr_t num);
const char *tl_board_pin_name(int pin);
bool tl_board_pin_is_input_only(int pin);
/* mode/pull < 0: leave as they are. */
void tl_board_pin_config(TlBoard *b, int pin, int mode, int pull);
void tl_board_pin_get_config(TlBoard *b, int pin, int *mode, int *pull);
int tl_board_pin_value(TlBoard *b, int pin);      /* the level it reads */
void tl_board_pin_write(TlBoard *b, int pin, int level);
/* Call handler(arg) -- handler() when arg is TL_NULL -- at the next
 * safepoint after each matching edge; handler TL_NULL: no more calls.
 * -1 with an exception (the IRQ thread could not start). */
int tl_board_pin_irq(TlThread *th, TlBoard *b, int pin, TlVal handler,
                     TlVal arg, int trigger);
/* PWM on a pin: freq 0 stops it.  A servo pin's servo follows 50 Hz pulses. */
void tl_board_pwm(TlBoard *b, int pin, double freq, double duty_u16);
int tl_board_adc(TlBoard *b, int pin);            /* 0..65535 */
/* The USR switch's pin (pyb.Switch). */
int tl_board_switch_pin(void);

/* micropython.schedule: -1 with RuntimeError when the queue is full. */
int tl_board_schedule(TlThread *th, TlVal fn, TlVal arg);

/* machine.Pin, also pyb.Pin. */
extern TlType tl_pin_type;
typedef struct TlPin {
    TlObj ob;
    int pin;
} TlPin;
/* A pin argument: a Pin, a name or a number; -1 with ValueError. */
int tl_pin_arg(TlThread *th, TlVal v);
/* Ready a module's type once and publish it in the module as `name`. */
int tl_board_add_type(TlThread *th, TlVal module, const char *name, TlType *t);
/* machine.Pin's type, readied for pyb (which publishes it as pyb.Pin). */
TlType *tl_machine_pin_type(TlThread *th);

#endif
