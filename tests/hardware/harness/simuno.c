/*
 * simuno: run an Arduino Uno firmware (ELF) on a simulated ATmega328P at 16 MHz (libsimavr)
 * and play the world around it: voltages on the analog pins, levels and square waves on the
 * digital pins, an HC-SR04 echo, an RC filter from a PWM pin to an analog pin.
 *
 *   simuno FIRMWARE.elf [options]
 *     -t SECONDS            stop after this much simulated time (default 1)
 *     -a CH=MV[@MS][,MV@MS...]   analog input A<CH> in millivolts, changing at the given times [ms]
 *     -w PIN=LEVEL[:US,US,...]   digital input: starts at LEVEL (0/1), flips at each time [us]
 *     -q PIN=PERIOD:HIGH[:START] square wave on a pin: period and high time [us], first rise [us]
 *     -e TRIG:ECHO=CM[,CM...]    HC-SR04 on two pins: echo 58 us per cm, one distance per trigger
 *                                (the last one repeats); 0 = no echo (the module holds Echo high 38 ms)
 *     -f CH=PIN:TAU_US          first-order RC filter from output pin PIN into analog input A<CH>
 *     -r PIN                    record the pulses on an output pin (stderr: "pulse PIN RISE_US WIDTH_US")
 *     -u                        UART on a pty, paced to real time: prints "pty /dev/pts/N", waits for
 *                               a reader to open it, then runs
 *     -W SECONDS                how long -u waits for a reader (default 10)
 *
 * The UART goes to stdout (or to the pty). stderr gets the records and, at the end,
 * "end SIM_US WALL_S". Pins are Arduino numbers: 0-13 digital, 14-19 = A0-A5.
 * The program ends with _exit: stopping simavr's threads cleanly can hang.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <simavr/avr_adc.h>
#include <simavr/avr_ioport.h>
#include <simavr/avr_uart.h>
#include <simavr/sim_avr.h>
#include <simavr/sim_elf.h>
#include <simavr/sim_irq.h>
#include <simavr/sim_time.h>

#define CLOCK_HZ 16000000UL
#define VCC_MV 5000
#define MAX_ITEMS 16
#define MAX_POINTS 4096

static avr_t *avr;
static FILE *records;

static double now_us(void) { return avr->cycle / (CLOCK_HZ / 1e6); }
static avr_cycle_count_t us_to_cycle(double us) { return (avr_cycle_count_t)llround(us * (CLOCK_HZ / 1e6)); }

static void quiet_logger(avr_t *a, const int level, const char *format, va_list ap)
{
	(void)a;
	if (level <= LOG_ERROR) vfprintf(stderr, format, ap);
}

static void die(const char *msg, const char *detail)
{
	fprintf(stderr, "simuno: %s%s%s\n", msg, detail ? ": " : "", detail ? detail : "");
	_exit(2);
}

/* ---- pins ---------------------------------------------------------------------------- */

static avr_irq_t *pin_irq(int pin)
{
	char port;
	int bit;
	if (pin >= 0 && pin <= 7) { port = 'D'; bit = pin; }
	else if (pin >= 8 && pin <= 13) { port = 'B'; bit = pin - 8; }
	else if (pin >= 14 && pin <= 19) { port = 'C'; bit = pin - 14; }
	else die("no such Uno pin (0-13, 14-19 for A0-A5)", NULL);
	return avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(port), bit);
}

/* ---- inputs that change at given times: analog schedules and digital edge lists -------- */

typedef struct {
	avr_irq_t *irq;
	int count, next;
	double t_us[MAX_POINTS];
	uint32_t value[MAX_POINTS];
} schedule_t;

static schedule_t schedules[MAX_ITEMS];
static int n_schedules;

static avr_cycle_count_t schedule_step(avr_t *a, avr_cycle_count_t when, void *param)
{
	schedule_t *s = param;
	(void)a;
	while (s->next < s->count && us_to_cycle(s->t_us[s->next]) <= when) {
		avr_raise_irq(s->irq, s->value[s->next]);
		s->next++;
	}
	return s->next < s->count ? us_to_cycle(s->t_us[s->next]) : 0;
}

static void schedule_start(schedule_t *s)
{
	avr_cycle_timer_register(avr, us_to_cycle(s->t_us[0]) + 1, schedule_step, s);
}

/* -a CH=MV[@MS][,MV@MS...] */
static void add_analog(const char *spec)
{
	if (n_schedules >= MAX_ITEMS) die("too many inputs", spec);
	schedule_t *s = &schedules[n_schedules++];
	char *end;
	int ch = strtol(spec, &end, 10);
	if (*end != '=' || ch < 0 || ch > 7) die("analog input must look like 0=2500 (A0 at 2500 mV)", spec);
	s->irq = avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0 + ch);
	const char *p = end + 1;
	while (*p && s->count < MAX_POINTS) {
		double mv = strtod(p, &end), ms = 0;
		if (end == p) die("bad millivolts", spec);
		p = end;
		if (*p == '@') { ms = strtod(p + 1, &end); p = end; }
		if (mv < 0) mv = 0;
		s->t_us[s->count] = ms * 1000.0;
		s->value[s->count++] = (uint32_t)lround(mv);
		if (*p == ',') p++;
	}
	/* the first value holds from the start */
	avr_raise_irq(s->irq, s->value[0]);
	s->next = 1;
	if (s->count > 1) avr_cycle_timer_register(avr, us_to_cycle(s->t_us[1]) + 1, schedule_step, s);
}

/* -w PIN=LEVEL[:US,US,...] */
static void add_wave(const char *spec)
{
	if (n_schedules >= MAX_ITEMS) die("too many inputs", spec);
	schedule_t *s = &schedules[n_schedules++];
	char *end;
	int pin = strtol(spec, &end, 10);
	if (*end != '=') die("digital input must look like 2=1:1000,1200", spec);
	int level = strtol(end + 1, &end, 10) ? 1 : 0;
	s->irq = pin_irq(pin);
	avr_raise_irq(s->irq, level);
	const char *p = end;
	if (*p == ':') p++;
	while (*p && s->count < MAX_POINTS) {
		double t = strtod(p, &end);
		if (end == p) die("bad edge time", spec);
		p = *end == ',' ? end + 1 : end;
		level = !level;
		s->t_us[s->count] = t;
		s->value[s->count++] = level;
	}
	if (s->count) schedule_start(s);
}

/* -q PIN=PERIOD:HIGH[:START] */
typedef struct { avr_irq_t *irq; double period, high, start; int level; long n; } square_t;
static square_t squares[MAX_ITEMS];
static int n_squares;

static avr_cycle_count_t square_step(avr_t *a, avr_cycle_count_t when, void *param)
{
	square_t *q = param;
	(void)a; (void)when;
	q->level = !q->level;
	avr_raise_irq(q->irq, q->level);
	if (!q->level) q->n++;
	double t = q->start + q->n * q->period + (q->level ? q->high : 0);
	return us_to_cycle(t);
}

static void add_square(const char *spec)
{
	if (n_squares >= MAX_ITEMS) die("too many square waves", spec);
	square_t *q = &squares[n_squares++];
	int pin;
	q->start = 0;
	if (sscanf(spec, "%d=%lf:%lf:%lf", &pin, &q->period, &q->high, &q->start) < 3 || q->period <= 0 ||
	    q->high <= 0 || q->high >= q->period)
		die("square wave must look like 2=10000:5000[:START_US] (period and high time in us)", spec);
	q->irq = pin_irq(pin);
	q->level = 0;
	avr_raise_irq(q->irq, 0);
	avr_cycle_timer_register(avr, us_to_cycle(q->start) + 1, square_step, q);
}

/* ---- HC-SR04 ---------------------------------------------------------------------------- */

#define US_PER_CM 58.0
#define ECHO_DELAY_US 250.0     /* the burst of eight 40 kHz cycles, then Echo goes high */
#define NO_ECHO_US 38000.0

static struct {
	int on;
	avr_irq_t *echo;
	double rise_us, width_us;
	int count, used, busy, trig_level;
	double cm[MAX_POINTS];
} sonar;

static avr_cycle_count_t echo_fall(avr_t *a, avr_cycle_count_t when, void *param)
{
	(void)a; (void)when; (void)param;
	avr_raise_irq(sonar.echo, 0);
	sonar.busy = 0;
	return 0;
}

static avr_cycle_count_t echo_rise(avr_t *a, avr_cycle_count_t when, void *param)
{
	(void)when; (void)param;
	double cm = sonar.cm[sonar.used < sonar.count ? sonar.used : sonar.count - 1];
	double width = cm > 0 ? cm * US_PER_CM : NO_ECHO_US;
	sonar.used++;
	avr_raise_irq(sonar.echo, 1);
	fprintf(records, "echo %d %.4f %.4f\n", sonar.used, now_us(), cm > 0 ? width : 0.0);
	avr_cycle_timer_register(a, us_to_cycle(width), echo_fall, NULL);
	return 0;
}

static void trig_changed(avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq; (void)param;
	int level = value & 1, was = sonar.trig_level;
	sonar.trig_level = level;
	if (level == was) return;
	if (level) { sonar.rise_us = now_us(); return; }
	if (now_us() - sonar.rise_us >= 8.0 && !sonar.busy) {   /* datasheet: a 10 us trigger */
		sonar.busy = 1;
		avr_cycle_timer_register(avr, us_to_cycle(ECHO_DELAY_US), echo_rise, NULL);
	}
}

static void add_sonar(const char *spec)
{
	int trig, echo, used;
	if (sscanf(spec, "%d:%d=%n", &trig, &echo, &used) < 2 || !used)
		die("ultrasonic must look like 9:10=50,50,0 (trig:echo=cm per trigger)", spec);
	const char *p = spec + used;
	char *end;
	while (*p && sonar.count < MAX_POINTS) {
		sonar.cm[sonar.count++] = strtod(p, &end);
		if (end == p) die("bad distance", spec);
		p = *end == ',' ? end + 1 : end;
	}
	if (!sonar.count) die("give at least one distance", spec);
	sonar.on = 1;
	sonar.echo = pin_irq(echo);
	avr_raise_irq(sonar.echo, 0);
	avr_irq_register_notify(pin_irq(trig), trig_changed, NULL);
}

/* ---- RC filter from a pin to an analog input ------------------------------------------- */

typedef struct { avr_irq_t *adc; int level; double v_mv, tau_us, last_us; } rc_t;
static rc_t filters[MAX_ITEMS];
static int n_filters;

static void rc_advance(rc_t *f)
{
	double t = now_us();
	double target = f->level ? VCC_MV : 0.0;
	f->v_mv = target + (f->v_mv - target) * exp(-(t - f->last_us) / f->tau_us);
	f->last_us = t;
}

static void rc_pin_changed(avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq;
	rc_t *f = param;
	rc_advance(f);
	f->level = value & 1;
}

static void adc_started(avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq; (void)value; (void)param;
	for (int i = 0; i < n_filters; i++) {
		rc_advance(&filters[i]);
		avr_raise_irq(filters[i].adc, (uint32_t)lround(filters[i].v_mv));
	}
}

static void add_filter(const char *spec)
{
	int ch, pin;
	double tau;
	if (n_filters >= MAX_ITEMS) die("too many filters", spec);
	if (sscanf(spec, "%d=%d:%lf", &ch, &pin, &tau) != 3 || tau <= 0 || ch < 0 || ch > 7)
		die("RC filter must look like 0=9:100000 (A0 from pin 9, tau in us)", spec);
	rc_t *f = &filters[n_filters++];
	f->adc = avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0 + ch);
	f->tau_us = tau;
	avr_irq_register_notify(pin_irq(pin), rc_pin_changed, f);
	if (n_filters == 1)
		avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_OUT_TRIGGER), adc_started, NULL);
}

/* ---- phase-correct PWM outputs ---------------------------------------------------------
 * analogWrite() on pins 9, 10 (Timer1) and 3, 11 (Timer2) uses phase-correct 8-bit PWM
 * (WGM mode 1). simavr 1.6 does not drive the pins in that mode, so the harness does,
 * from the registers, by the datasheet: TOP = 255, one period is 2 x 255 timer ticks, and
 * with non-inverting output (COMnx = 2) the pin is high for 2 x OCRnx ticks of it.
 */

typedef struct {
	int pin;
	uint16_t tccra, tccrb, ocr;   /* data-space addresses */
	int com_shift, is_timer2;
	avr_irq_t *irq;
	int high;
} pwm_out_t;

static pwm_out_t pwm_outs[4] = {
	{ 9, 0x80, 0x81, 0x88, 6, 0, NULL, 0 },    /* OC1A */
	{ 10, 0x80, 0x81, 0x8A, 4, 0, NULL, 0 },   /* OC1B */
	{ 11, 0xB0, 0xB1, 0xB3, 6, 1, NULL, 0 },   /* OC2A */
	{ 3, 0xB0, 0xB1, 0xB4, 4, 1, NULL, 0 },    /* OC2B */
};

static int prescaler(int cs, int is_timer2)
{
	static const int t1[8] = { 0, 1, 8, 64, 256, 1024, 0, 0 };
	static const int t2[8] = { 0, 1, 8, 32, 64, 128, 256, 1024 };
	return is_timer2 ? t2[cs & 7] : t1[cs & 7];
}

static int phase_correct(const pwm_out_t *o)
{
	uint8_t a = avr->data[o->tccra], b = avr->data[o->tccrb];
	int wgm = (a & 3) | (o->is_timer2 ? ((b >> 3) & 1) << 2 : ((b >> 3) & 3) << 2);
	return wgm == 1 && ((a >> o->com_shift) & 3) == 2 && prescaler(b, o->is_timer2);
}

static avr_cycle_count_t pwm_fall(avr_t *a, avr_cycle_count_t when, void *param)
{
	(void)a; (void)when;
	pwm_out_t *o = param;
	o->high = 0;
	avr_raise_irq(o->irq, 0);
	return 0;
}

static avr_cycle_count_t pwm_period(avr_t *a, avr_cycle_count_t when, void *param)
{
	pwm_out_t *o = param;
	if (!phase_correct(o)) {
		if (o->high) pwm_fall(a, when, o);
		return when + us_to_cycle(100);   /* look again soon */
	}
	int ticks = prescaler(avr->data[o->tccrb], o->is_timer2);
	int ocr = o->is_timer2 ? avr->data[o->ocr] : (avr->data[o->ocr] | avr->data[o->ocr + 1] << 8);
	if (ocr > 255) ocr = 255;
	if (ocr > 0) {
		if (!o->high) { o->high = 1; avr_raise_irq(o->irq, 1); }
		if (ocr < 255) avr_cycle_timer_register(a, (avr_cycle_count_t)2 * ocr * ticks, pwm_fall, o);
	} else if (o->high) {
		pwm_fall(a, when, o);
	}
	return when + (avr_cycle_count_t)2 * 255 * ticks;
}

static void start_pwm_outputs(void)
{
	for (int i = 0; i < 4; i++) {
		pwm_outs[i].irq = pin_irq(pwm_outs[i].pin);
		avr_cycle_timer_register(avr, us_to_cycle(100), pwm_period, &pwm_outs[i]);
	}
}

/* ---- pulse recorder --------------------------------------------------------------------- */

typedef struct { int pin, level; double rise_us; } recorder_t;
static recorder_t recorders[MAX_ITEMS];
static int n_recorders;

static void recorded_pin_changed(avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq;
	recorder_t *r = param;
	int level = value & 1;
	if (level == r->level) return;
	r->level = level;
	if (level) r->rise_us = now_us();
	else if (r->rise_us >= 0) fprintf(records, "pulse %d %.4f %.4f\n", r->pin, r->rise_us, now_us() - r->rise_us);
}

static void add_recorder(const char *spec)
{
	if (n_recorders >= MAX_ITEMS) die("too many recorded pins", spec);
	recorder_t *r = &recorders[n_recorders++];
	r->pin = atoi(spec);
	r->level = 0;
	r->rise_us = -1;
	avr_irq_register_notify(pin_irq(r->pin), recorded_pin_changed, r);
}

/* ---- UART: stdout or a pty paced to real time -------------------------------------------- */

static int uart_fd = STDOUT_FILENO;
static int paced;
static char pty_name[128];
static struct timespec wall_start;

static double wall_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - wall_start.tv_sec) + (t.tv_nsec - wall_start.tv_nsec) * 1e-9;
}

static unsigned char out_buf[4096];
static size_t out_len;

static void out_flush(void)
{
	size_t done = 0;
	while (done < out_len) {
		ssize_t n = write(uart_fd, out_buf + done, out_len - done);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN) continue;
			_exit(0);   /* the reader went away: nothing more to say */
		}
		done += (size_t)n;
	}
	out_len = 0;
}

static void uart_byte(avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq; (void)param;
	out_buf[out_len++] = (unsigned char)value;
	if (out_len == sizeof out_buf || (paced && value == '\n')) out_flush();
}

static avr_cycle_count_t pace(avr_t *a, avr_cycle_count_t when, void *param)
{
	(void)a; (void)param;
	double ahead = now_us() * 1e-6 - wall_s();
	if (ahead > 0.0005) usleep((useconds_t)(ahead * 1e6));
	return when + us_to_cycle(1000);
}

static void open_pty(double wait_s)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master)) die("cannot make a pty", strerror(errno));
	const char *name = ptsname(master);
	snprintf(pty_name, sizeof pty_name, "%s", name);
	/* raw mode from the start, so no byte is changed before the reader sets its own mode */
	int slave = open(name, O_RDWR | O_NOCTTY);
	struct termios tio;
	if (slave < 0 || tcgetattr(slave, &tio)) die("cannot open the pty", strerror(errno));
	cfmakeraw(&tio);
	tcsetattr(slave, TCSANOW, &tio);
	close(slave);
	printf("pty %s\n", name);
	fflush(stdout);
	/* wait until a reader opens the other end (the master stops reporting a hang-up) */
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd pfd = { .fd = master, .events = POLLIN };
		poll(&pfd, 1, 10);
		if (!(pfd.revents & POLLHUP)) break;
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - start.tv_sec) + (t.tv_nsec - start.tv_nsec) * 1e-9 > wait_s)
			die("nobody opened the pty", name);
	}
	/* pyserial empties its input just after it opened the port; on a busy machine that
	   can take a while. An Uno's bootloader also waits about half a second after a reset. */
	usleep(500000);
	uart_fd = master;
	paced = 1;
}

/* Closing the pty drops what the reader has not read yet: wait (up to 3 s) until nothing
 * has been waiting for 0.2 s (bytes can still be on their way into the queue after it
 * first looks empty). */
static void drain_pty(void)
{
	int reader = open(pty_name, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (reader < 0) return;
	int quiet = 0;
	for (int i = 0; i < 300 && quiet < 20; i++) {
		int waiting = 0;
		if (ioctl(reader, FIONREAD, &waiting)) break;
		quiet = waiting ? 0 : quiet + 1;
		usleep(10000);
	}
	close(reader);
}

/* ---- main ----------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: simuno FIRMWARE.elf [-t s] [-a CH=MV] [-w PIN=L:US,...] [-q PIN=P:H] "
		                "[-e TRIG:ECHO=CM,...] [-f CH=PIN:TAU] [-r PIN] [-u] [-W s]\n");
		return 2;
	}
	elf_firmware_t fw;
	avr_global_logger_set(quiet_logger);
	memset(&fw, 0, sizeof fw);
	if (elf_read_firmware(argv[1], &fw)) die("cannot read the firmware", argv[1]);
	strcpy(fw.mmcu, "atmega328p");
	fw.frequency = CLOCK_HZ;
	avr = avr_make_mcu_by_name(fw.mmcu);
	if (!avr) die("simavr has no atmega328p", NULL);
	avr_init(avr);
	avr->log = LOG_ERROR;
	avr_load_firmware(avr, &fw);
	avr->frequency = CLOCK_HZ;
	avr->vcc = avr->avcc = avr->aref = VCC_MV;
	records = stderr;
	setvbuf(stderr, NULL, _IOFBF, 1 << 16);

	uint32_t flags = 0;   /* no console echo, and no sleeping when the firmware polls the UART */
	avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), uart_byte, NULL);

	double stop_s = 1.0, wait_s = 10.0;
	int use_pty = 0;
	for (int i = 2; i < argc; i++) {
		const char *opt = argv[i];
		if (opt[0] != '-' || !opt[1] || opt[2]) die("unknown option", opt);
		if (opt[1] == 'u') { use_pty = 1; continue; }
		if (i + 1 >= argc) die("option needs a value", opt);
		const char *val = argv[++i];
		switch (opt[1]) {
		case 't': stop_s = atof(val); break;
		case 'W': wait_s = atof(val); break;
		case 'a': add_analog(val); break;
		case 'w': add_wave(val); break;
		case 'q': add_square(val); break;
		case 'e': add_sonar(val); break;
		case 'f': add_filter(val); break;
		case 'r': add_recorder(val); break;
		default: die("unknown option", opt);
		}
	}
	start_pwm_outputs();
	if (use_pty) open_pty(wait_s);
	clock_gettime(CLOCK_MONOTONIC, &wall_start);
	if (paced) avr_cycle_timer_register(avr, us_to_cycle(1000), pace, NULL);

	avr_cycle_count_t stop = us_to_cycle(stop_s * 1e6);
	int state = cpu_Running;
	while (avr->cycle < stop && state != cpu_Done && state != cpu_Crashed)
		state = avr_run(avr);
	double wall = wall_s();
	out_flush();
	if (paced) drain_pty();
	if (state == cpu_Crashed) fprintf(records, "crashed %.4f\n", now_us());
	fprintf(records, "end %.1f %.4f\n", now_us(), wall);
	fflush(records);
	fflush(stdout);
	_exit(state == cpu_Crashed ? 3 : 0);
}
