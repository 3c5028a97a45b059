// Ultrasonic logger - lesson robotics-04, "Build it".
//
// Measures the distance with an HC-SR04 about 15 times a second.
// Wiring: VCC to 5V, GND to GND, Trig to pin 9, Echo to pin 10.
// Each line is "time in ms,echo time in µs,distance in cm".
// A missed echo gives 0 µs and 0 cm: pulseIn() gave up after 30 ms.
//
// Open the Serial Monitor at 115200 baud, or read it from the notebook.

const int TRIG_PIN = 9;
const int ECHO_PIN = 10;
const unsigned long TIMEOUT_US = 30000;   // about 5 m there and back
const unsigned long CYCLE_MS = 60;        // the datasheet's measuring cycle

void setup() {
  pinMode(TRIG_PIN, OUTPUT);
  pinMode(ECHO_PIN, INPUT);
  Serial.begin(115200);
  Serial.println("t_ms,echo_us,distance_cm");   // the header line names the columns
}

void loop() {
  unsigned long echoUs = measureEcho();
  printReading(echoUs);
  delay(CYCLE_MS);
}

// A 10 µs pulse on Trig starts a measurement; Echo then stays HIGH as long
// as the sound takes to go there and back. 0 means no echo came back.
unsigned long measureEcho() {
  Serial.flush();   // finish sending the last line first: sending steals time from pulseIn()
  digitalWrite(TRIG_PIN, LOW);
  delayMicroseconds(2);
  digitalWrite(TRIG_PIN, HIGH);
  delayMicroseconds(10);
  digitalWrite(TRIG_PIN, LOW);
  return pulseIn(ECHO_PIN, HIGH, TIMEOUT_US);
}

// Sound goes 343 m/s at 20 °C: 1 cm there and back takes 58 µs.
float echoToCm(unsigned long echoUs) {
  return echoUs / 58.0;
}

// One line of data: time [ms], echo [µs], distance [cm].
void printReading(unsigned long echoUs) {
  Serial.print(millis());
  Serial.print(",");
  Serial.print(echoUs);
  Serial.print(",");
  Serial.println(echoToCm(echoUs), 1);
}
