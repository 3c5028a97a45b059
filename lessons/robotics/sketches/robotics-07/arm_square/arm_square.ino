// Draw a square - lesson robotics-07, "Build it".
//
// Moves the arm to the four corners of a 30 mm square, 1.5 s at each, again
// and again. The angles below are the notebook's answer for the corners
// (-15, 105), (15, 105), (15, 135) and (-15, 135) mm with the servo
// offsets of lesson robotics-06: paste the pairs your notebook printed.
// Wiring as in robotics-06: shoulder servo on pin 9, elbow servo on pin 10,
// servos powered from a separate 5 V supply with its GND joined to the Arduino's.
//
// The Serial Monitor (115200 baud) shows each corner as it is reached.

#include <Servo.h>

const int SHOULDER_PIN = 9;
const int ELBOW_PIN = 10;
const int CORNERS = 4;
const int ANGLES[CORNERS][2] = {{64, 173}, {48, 173}, {72, 118}, {84, 118}};   // {shoulder, elbow} [°]
const unsigned long SETTLE_MS = 1500;   // time to get there and mark a dot

Servo shoulder;
Servo elbow;

void setup() {
  shoulder.attach(SHOULDER_PIN);
  elbow.attach(ELBOW_PIN);
  Serial.begin(115200);
  Serial.println("t_ms,corner,shoulder_deg,elbow_deg");   // the header line names the columns
}

void loop() {
  for (int i = 0; i < CORNERS; i++) {
    moveTo(ANGLES[i][0], ANGLES[i][1]);
    printCorner(i);
    delay(SETTLE_MS);
  }
}

// Send both servo angles [°].
void moveTo(int shoulderAngle, int elbowAngle) {
  shoulder.write(shoulderAngle);
  elbow.write(elbowAngle);
}

// One line of data: time [ms], corner number (1-4), the two angles sent.
void printCorner(int i) {
  Serial.print(millis());
  Serial.print(",");
  Serial.print(i + 1);
  Serial.print(",");
  Serial.print(ANGLES[i][0]);
  Serial.print(",");
  Serial.println(ANGLES[i][1]);
}
