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
const unsigned long DEBOUNCE_US = 1000;   // a real tick comes at most every few ms
const unsigned long PRINT_MS = 100;

// Changed inside the interrupt functions, so they are "volatile".
volatile long leftTicks = 0;
volatile long rightTicks = 0;
volatile unsigned long lastLeftUs = 0;
volatile unsigned long lastRightUs = 0;

// +1 forwards. Set to -1 while your code drives that wheel backwards:
// a single-channel encoder cannot tell the direction by itself.
int leftDirection = 1;
int rightDirection = 1;

void setup() {
  pinMode(LEFT_PIN, INPUT);
  pinMode(RIGHT_PIN, INPUT);
  attachInterrupt(digitalPinToInterrupt(LEFT_PIN), countLeft, RISING);
  attachInterrupt(digitalPinToInterrupt(RIGHT_PIN), countRight, RISING);
  Serial.begin(115200);
  Serial.println("t_ms,left_ticks,right_ticks");   // the header line names the columns
}

void loop() {
  printTicks();
  delay(PRINT_MS);
}

// Runs by itself at every rising edge on pin 2. The sensor's output can
// chatter as a slot edge passes: an edge sooner than DEBOUNCE_US after
// the last tick is not a new slot, so it is ignored.
void countLeft() {
  unsigned long now = micros();
  if (now - lastLeftUs >= DEBOUNCE_US) {
    leftTicks = leftTicks + leftDirection;
    lastLeftUs = now;
  }
}

// The same for the right wheel on pin 3.
void countRight() {
  unsigned long now = micros();
  if (now - lastRightUs >= DEBOUNCE_US) {
    rightTicks = rightTicks + rightDirection;
    lastRightUs = now;
  }
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
