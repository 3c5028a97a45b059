// Line follower with PD control - lesson robotics-05, "Build it".
//
// 1. Calibrate: for the first 3 seconds the motors stay off. Slide the car
//    slowly sideways across the tape and back, so every sensor sees both
//    the floor and the tape. The sketch keeps each sensor's lowest reading
//    (floor) and highest reading (tape).
// 2. Follow: every 10 ms it finds the line position p (in metres, + = left),
//    turns at omega = KP * p + KD * (change of p) / dt, and sets the motors.
//
// Wiring: sensor board outputs to A0-A4 (A0 the leftmost sensor). Motor
// driver (L298N or similar): left motor enable to pin 5, its inputs to 4 and 7;
// right motor enable to pin 6, its inputs to 8 and 12.
// If your sensor board reads LOWER over the tape, swap "floor" and "tape"
// in scale() below.
// Each line is "time in ms,line position in mm,omega in rad/s,left PWM,right PWM".
//
// Open the Serial Monitor at 115200 baud, or read it from the notebook.

const int SENSORS = 5;
const int SENSOR_PINS[SENSORS] = {A0, A1, A2, A3, A4};
const float OFFSETS_M[SENSORS] = {0.030, 0.015, 0.0, -0.015, -0.030};   // + = left of the middle

const int LEFT_PWM = 5, LEFT_IN1 = 4, LEFT_IN2 = 7;
const int RIGHT_PWM = 6, RIGHT_IN1 = 8, RIGHT_IN2 = 12;

const unsigned long CALIBRATE_MS = 3000;
const unsigned long LOOP_MS = 10;
const float DT = LOOP_MS / 1000.0;   // s

// Tune these: KP in lesson robotics-05 (Build it), KD in robotics-09 (section 4 and Build it).
const float KP = 40.0;            // (rad/s) per metre
const float KD = 1.0;             // (rad/s) per (metre per second)
const float BASE_SPEED = 0.25;    // m/s
const float TRACK_WIDTH = 0.13;   // m, between the wheels
const float MAX_SPEED = 0.5;      // m/s at full PWM (measure yours as in lesson robotics-01)

int floorReading[SENSORS];
int tapeReading[SENSORS];
float lastPosition = 0.0;

void setup() {
  Serial.begin(115200);
  setUpMotors();
  calibrate();
  Serial.println("t_ms,line_mm,omega,left_pwm,right_pwm");   // the header line names the columns
}

void loop() {
  float p = linePosition();
  float omega = KP * p + KD * (p - lastPosition) / DT;
  lastPosition = p;
  int leftPwm = speedToPwm(BASE_SPEED - omega * TRACK_WIDTH / 2);
  int rightPwm = speedToPwm(BASE_SPEED + omega * TRACK_WIDTH / 2);
  analogWrite(LEFT_PWM, leftPwm);
  analogWrite(RIGHT_PWM, rightPwm);
  printLine(p, omega, leftPwm, rightPwm);
  delay(LOOP_MS);
}

// Both motors forwards, stopped.
void setUpMotors() {
  int pins[] = {LEFT_PWM, LEFT_IN1, LEFT_IN2, RIGHT_PWM, RIGHT_IN1, RIGHT_IN2};
  for (int i = 0; i < 6; i++) {
    pinMode(pins[i], OUTPUT);
  }
  digitalWrite(LEFT_IN1, HIGH);
  digitalWrite(LEFT_IN2, LOW);
  digitalWrite(RIGHT_IN1, HIGH);
  digitalWrite(RIGHT_IN2, LOW);
  analogWrite(LEFT_PWM, 0);
  analogWrite(RIGHT_PWM, 0);
}

// Keep each sensor's lowest (floor) and highest (tape) reading for CALIBRATE_MS.
void calibrate() {
  for (int i = 0; i < SENSORS; i++) {
    floorReading[i] = 1023;
    tapeReading[i] = 0;
  }
  unsigned long start = millis();
  while (millis() - start < CALIBRATE_MS) {
    for (int i = 0; i < SENSORS; i++) {
      int raw = analogRead(SENSOR_PINS[i]);
      floorReading[i] = min(floorReading[i], raw);
      tapeReading[i] = max(tapeReading[i], raw);
    }
  }
  printCalibration();
}

// A reading scaled to 0 (floor) ... 1 (tape): r = (raw - floor) / (tape - floor).
float scale(int i, int raw) {
  int range = tapeReading[i] - floorReading[i];
  if (range < 20) {
    return 0.0;   // this sensor never saw the tape while calibrating
  }
  float r = float(raw - floorReading[i]) / range;
  return constrain(r, 0.0, 1.0);
}

// The reading-weighted average of the sensor offsets [m]. With no sensor
// on the tape, keep the last position: the car keeps turning the same way.
float linePosition() {
  float sum = 0.0, weighted = 0.0;
  for (int i = 0; i < SENSORS; i++) {
    float r = scale(i, analogRead(SENSOR_PINS[i]));
    sum = sum + r;
    weighted = weighted + r * OFFSETS_M[i];
  }
  if (sum < 0.05) {
    return lastPosition;
  }
  return weighted / sum;
}

// A wheel speed [m/s] as a PWM value 0-255 (forwards only).
int speedToPwm(float speed) {
  int pwm = round(speed / MAX_SPEED * 255);
  return constrain(pwm, 0, 255);
}

// Lines starting with # are notes, not data.
void printCalibration() {
  Serial.print("# floor");
  for (int i = 0; i < SENSORS; i++) {
    Serial.print(" ");
    Serial.print(floorReading[i]);
  }
  Serial.print(", tape");
  for (int i = 0; i < SENSORS; i++) {
    Serial.print(" ");
    Serial.print(tapeReading[i]);
  }
  Serial.println();
}

// One line of data: time [ms], line [mm], omega [rad/s], left and right PWM.
void printLine(float p, float omega, int leftPwm, int rightPwm) {
  Serial.print(millis());
  Serial.print(",");
  Serial.print(p * 1000.0, 1);
  Serial.print(",");
  Serial.print(omega, 2);
  Serial.print(",");
  Serial.print(leftPwm);
  Serial.print(",");
  Serial.println(rightPwm);
}
