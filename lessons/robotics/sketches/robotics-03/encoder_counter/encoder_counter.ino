// Encoder counter - lesson robotics-03, "Build it".
//
// Counts the ticks of the two wheel encoders (slotted discs with LM393
// speed-sensor boards) and prints both counts ten times a second.
// Wiring: each sensor board's VCC to 5V, GND to GND; the left D0 to pin 2
// and the right D0 to pin 3 (the Uno's two interrupt pins).
// Each line is "time in ms,left ticks,right ticks".
//
// Open the Serial Monitor at 115200 baud, or read it from the notebook.

const int LEFT_PIN = 2;
const int RIGHT_PIN = 3;
const unsigned long DEBOUNCE_US = 1000;   // a real slot edge comes at most every few ms
const unsigned long PRINT_MS = 100;

// Changed inside the interrupt functions, so they are "volatile".
volatile long leftTicks = 0;
volatile long rightTicks = 0;
volatile int leftLevel = LOW;             // the pin's last real level
volatile int rightLevel = LOW;
volatile unsigned long lastLeftUs = 0;    // time of its last real change [µs]
volatile unsigned long lastRightUs = 0;

// +1 forwards. Set to -1 while your code drives that wheel backwards:
// a single-channel encoder cannot tell the direction by itself.
int leftDirection = 1;
int rightDirection = 1;

void setup() {
  pinMode(LEFT_PIN, INPUT);
  pinMode(RIGHT_PIN, INPUT);
  leftLevel = digitalRead(LEFT_PIN);
  rightLevel = digitalRead(RIGHT_PIN);
  // CHANGE: called at every edge, up and down. Watching both edges is what
  // lets the debounce below ignore the chatter after a falling edge too.
  attachInterrupt(digitalPinToInterrupt(LEFT_PIN), leftChanged, CHANGE);
  attachInterrupt(digitalPinToInterrupt(RIGHT_PIN), rightChanged, CHANGE);
  Serial.begin(115200);
  Serial.println("t_ms,left_ticks,right_ticks");   // the header line names the columns
}

void loop() {
  printTicks();
  delay(PRINT_MS);
}

// Runs by itself at every edge on pin 2, up or down.
void leftChanged() {
  if (slotBegins(LEFT_PIN, leftLevel, lastLeftUs)) {
    leftTicks = leftTicks + leftDirection;
  }
}

// The same for the right wheel on pin 3.
void rightChanged() {
  if (slotBegins(RIGHT_PIN, rightLevel, lastRightUs)) {
    rightTicks = rightTicks + rightDirection;
  }
}

// The debounce. The sensor's output chatters (flips a few times in a fraction
// of a millisecond) as a slot edge passes. A real change is a new level that
// comes at least DEBOUNCE_US after the last real change; anything else is
// chatter. True when the pin has really gone HIGH: a slot begins, one tick.
bool slotBegins(int pin, volatile int &level, volatile unsigned long &lastUs) {
  int now = digitalRead(pin);
  unsigned long time = micros();
  if (now == level || time - lastUs < DEBOUNCE_US) {
    return false;
  }
  level = now;
  lastUs = time;
  return now == HIGH;
}

// One line of data. The counts are copied with interrupts off, so a tick
// cannot change them half-way through the copy.
void printTicks() {
  noInterrupts();
  long left = leftTicks;
  long right = rightTicks;
  interrupts();
  Serial.print(millis());
  Serial.print(",");
  Serial.print(left);
  Serial.print(",");
  Serial.println(right);
}
