// A stand-in for the Arduino Servo library, for compiling and simulating the lessons'
// sketches in CI only (Debian ships no Servo library). Students use the real one from
// the Arduino IDE. Same API: attach, write, writeMicroseconds, read, readMicroseconds,
// attached, detach. Like the real library it drives Timer1: every 20 ms frame, the
// compare-match interrupt gives each attached servo its pulse, one after the other.
#ifndef STEMKIT_CI_SERVO_H
#define STEMKIT_CI_SERVO_H

#include <Arduino.h>

#define MIN_PULSE_WIDTH 544       // the real library's limits [us]
#define MAX_PULSE_WIDTH 2400
#define DEFAULT_PULSE_WIDTH 1500
#define REFRESH_INTERVAL 20000    // one frame [us]
#define MAX_SERVOS 8

class Servo {
public:
  Servo();
  uint8_t attach(int pin);                  // returns the servo's channel (1-8), 0 if none is free
  uint8_t attach(int pin, int min, int max);
  void detach();
  void write(int value);                    // below 544: an angle 0-180; else microseconds
  void writeMicroseconds(int value);
  int read();                               // the angle last sent, 0-180
  int readMicroseconds();
  bool attached();

  // used by the timer interrupt
  volatile uint8_t *port;
  uint8_t mask;
  volatile uint16_t ticks;

private:
  int8_t channel;
  int minUs, maxUs;
};

#endif
