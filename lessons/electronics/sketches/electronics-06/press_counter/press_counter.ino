// Press counter - lesson electronics-06, "Build it" extra.
//
// Counts every time pin 2 goes from HIGH to LOW and prints the count.
// Wiring: a push button from pin 2 to GND, and a 10 kΩ pull-up resistor
// from pin 2 to 5V. Press 20 times, then add a 100 nF capacitor from
// pin 2 to GND and press 20 times again. Without the capacitor one press
// often counts two or more: the contacts bounce.
//
// Open the Serial Monitor at 115200 baud. Each line is "time in ms,count".

const int BUTTON_PIN = 2;

int presses = 0;          // HIGH -> LOW changes seen so far
int lastReading = HIGH;   // the pull-up keeps the pin HIGH while the button is up

void setup() {
  pinMode(BUTTON_PIN, INPUT);       // the 10 kΩ resistor is the pull-up
  Serial.begin(115200);
  Serial.println("t_ms,presses");   // the header line names the columns
}

void loop() {
  int reading = digitalRead(BUTTON_PIN);
  if (justPressed(reading)) {
    presses = presses + 1;
    printCount();
  }
  lastReading = reading;
}

// True at the moment the pin goes from HIGH to LOW: the contacts touched.
bool justPressed(int reading) {
  return lastReading == HIGH && reading == LOW;
}

// One line of data: the time since the start [ms] and the count.
void printCount() {
  Serial.print(millis());
  Serial.print(",");
  Serial.println(presses);
}
