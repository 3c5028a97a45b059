// Sensor logger - lesson electronics-07, "Build it".
//
// Reads two voltage dividers once a second and prints them as CSV:
//   A0: 5V -> 10 kΩ -> A0 -> NTC thermistor (10k, B = 3950) -> GND
//   A1: 5V -> photoresistor (GL5528) -> A1 -> 10 kΩ -> GND
// analogRead() gives 0-1023: one count is 5 V / 1024 = 4.88 mV.
//
// Open the Serial Monitor at 115200 baud, or read it from the notebook.

const int THERMISTOR_PIN = A0;
const int LIGHT_PIN = A1;
const unsigned long PERIOD_MS = 1000;   // one reading a second

void setup() {
  Serial.begin(115200);
  Serial.println("t_ms,a0,a1");   // the header line names the columns
}

void loop() {
  printReadings();
  delay(PERIOD_MS);
}

// One line of data: time [ms], thermistor counts, light counts.
void printReadings() {
  int thermistor = analogRead(THERMISTOR_PIN);
  int light = analogRead(LIGHT_PIN);
  Serial.print(millis());
  Serial.print(",");
  Serial.print(thermistor);
  Serial.print(",");
  Serial.println(light);
}
