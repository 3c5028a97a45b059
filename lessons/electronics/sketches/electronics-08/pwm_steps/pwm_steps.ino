// PWM steps - lesson electronics-08, "Build it".
//
// Sets analogWrite(9, value) to 64, 128, 191 and 0 in turn, one second each,
// and reads the filtered voltage on A0 every 2 ms, so you can watch the RC
// filter settle after each step.
// Wiring: pin 9 -> 10 kΩ -> output row -> 10 µF -> GND (stripe to GND),
// and a wire from the output row to A0.
// Each line is "time in ms,analogWrite value,A0 counts".
// Volts on A0 = counts * 5.0 / 1024.
//
// Open the Serial Monitor at 115200 baud, or read it from the notebook.

const int PWM_PIN = 9;          // 490 Hz PWM
const int FILTER_PIN = A0;      // the filter's output
const int VALUES[] = {64, 128, 191, 0};
const int STEPS = 4;
const unsigned long STEP_MS = 1000;   // how long each value stays on
const unsigned long SAMPLE_MS = 2;    // time between two readings

void setup() {
  Serial.begin(115200);
  Serial.println("t_ms,pwm,a0");   // the header line names the columns
}

void loop() {
  for (int i = 0; i < STEPS; i++) {
    analogWrite(PWM_PIN, VALUES[i]);
    logFor(STEP_MS, VALUES[i]);
  }
}

// Print a reading every SAMPLE_MS for `duration` milliseconds.
void logFor(unsigned long duration, int value) {
  unsigned long start = millis();
  while (millis() - start < duration) {
    printReading(value);
    delay(SAMPLE_MS);
  }
}

// One line of data: time [ms], the analogWrite value, A0 counts.
void printReading(int value) {
  unsigned long now = millis();
  int counts = analogRead(FILTER_PIN);
  Serial.print(now);
  Serial.print(",");
  Serial.print(value);
  Serial.print(",");
  Serial.println(counts);
}
