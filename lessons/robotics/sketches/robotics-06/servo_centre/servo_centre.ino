// Servo centring - lesson robotics-06, "Build it".
//
// Turns both servos of the arm to 90°, the middle of their 0-180° range.
// Centre every servo with this sketch BEFORE you screw on the horns and
// links, so the arm starts from a known pose.
// For the table of poses, change the two angles below and upload again.
// Wiring: shoulder servo signal (orange) to pin 9, elbow servo to pin 10;
// servo red wires to a separate 5 V supply, brown wires to its GND, and
// that GND to the Arduino's GND.
//
// The Serial Monitor (115200 baud) shows the angles each servo was sent.

#include <Servo.h>

const int SHOULDER_PIN = 9;
const int ELBOW_PIN = 10;
const int SHOULDER_ANGLE = 90;   // degrees, 0-180
const int ELBOW_ANGLE = 90;      // 90 = elbow straight

Servo shoulder;
Servo elbow;

void setup() {
  shoulder.attach(SHOULDER_PIN);
  elbow.attach(ELBOW_PIN);
  shoulder.write(SHOULDER_ANGLE);
  elbow.write(ELBOW_ANGLE);
  Serial.begin(115200);
  Serial.println("shoulder_deg,elbow_deg");   // the header line names the columns
  printAngles();
}

void loop() {
  // Nothing to do: a servo holds its angle by itself.
}

// The angles the servos are holding, read back from the Servo library.
void printAngles() {
  Serial.print(shoulder.read());
  Serial.print(",");
  Serial.println(elbow.read());
}
