// Timer1 runs in normal mode with prescaler 8: one tick is 0.5 us at 16 MHz. At the start
// of a frame the counter is set to 0; each compare-match A interrupt ends the pulse of one
// servo and starts the next one's, then waits for the end of the 20 ms frame.
#include "Servo.h"

static const uint16_t TICKS_PER_US = F_CPU / 8 / 1000000UL;
static const uint16_t FRAME_TICKS = REFRESH_INTERVAL * TICKS_PER_US;
// From the compare match to the pin going low takes the interrupt's entry; from reading the
// counter to the pin going high takes a few instructions: together about this many ticks.
static const uint16_t TRIM_TICKS = 6;

static Servo *servos[MAX_SERVOS];
static uint8_t servoCount = 0;
static volatile int8_t current = -1;   // the servo whose pulse is on; -1 between frames

ISR(TIMER1_COMPA_vect) {
  if (current < 0) {
    TCNT1 = 0;                                   // a new frame starts
  } else if (servos[current]->port) {
    *servos[current]->port &= ~servos[current]->mask;   // end this servo's pulse
  }
  current++;
  if (current < servoCount) {
    Servo *s = servos[current];
    OCR1A = TCNT1 + s->ticks;
    if (s->port) *s->port |= s->mask;            // start the next pulse
  } else {
    uint16_t now = TCNT1;
    OCR1A = (now + 8 < FRAME_TICKS) ? FRAME_TICKS : now + 8;   // the rest of the frame
    current = -1;
  }
}

static void startTimer1() {
  TCCR1A = 0;              // normal mode
  TCCR1B = _BV(CS11);      // prescaler 8
  TCNT1 = 0;
  OCR1A = 100;             // the first frame starts at once
  TIFR1 = _BV(OCF1A);
  TIMSK1 |= _BV(OCIE1A);
}

static uint16_t usToTicks(int us) { return (uint16_t)us * TICKS_PER_US - TRIM_TICKS; }

Servo::Servo() : port(0), mask(0), ticks(usToTicks(DEFAULT_PULSE_WIDTH)), channel(-1),
                 minUs(MIN_PULSE_WIDTH), maxUs(MAX_PULSE_WIDTH) {
  if (servoCount < MAX_SERVOS) {
    channel = servoCount;
    servos[servoCount++] = this;
  }
}

uint8_t Servo::attach(int pin) { return attach(pin, MIN_PULSE_WIDTH, MAX_PULSE_WIDTH); }

uint8_t Servo::attach(int pin, int min, int max) {
  if (channel < 0) return 0;
  minUs = min;
  maxUs = max;
  pinMode(pin, OUTPUT);
  digitalWrite(pin, LOW);
  uint8_t oldSREG = SREG;
  cli();
  port = portOutputRegister(digitalPinToPort(pin));
  mask = digitalPinToBitMask(pin);
  if (!(TIMSK1 & _BV(OCIE1A))) startTimer1();
  SREG = oldSREG;
  return channel + 1;
}

void Servo::detach() {
  uint8_t oldSREG = SREG;
  cli();
  if (port) *port &= ~mask;
  port = 0;
  SREG = oldSREG;
}

void Servo::write(int value) {
  if (value < MIN_PULSE_WIDTH) {   // an angle, as in the real library
    value = constrain(value, 0, 180);
    value = map(value, 0, 180, minUs, maxUs);
  }
  writeMicroseconds(value);
}

void Servo::writeMicroseconds(int value) {
  value = constrain(value, minUs, maxUs);
  uint8_t oldSREG = SREG;
  cli();   // the interrupt reads the 16-bit value
  ticks = usToTicks(value);
  SREG = oldSREG;
}

int Servo::readMicroseconds() { return (ticks + TRIM_TICKS) / TICKS_PER_US; }

int Servo::read() { return map(readMicroseconds() + 1, minUs, maxUs, 0, 180); }

bool Servo::attached() { return port != 0; }
