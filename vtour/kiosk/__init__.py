"""Kiosk mode's parts that need neither Qt nor OpenGL: the idle state machine, the kiosk
configuration (with the operator PIN stored hashed), visit analytics and the watchdog supervisor.
The window side lives in ``vtour.ui``."""
