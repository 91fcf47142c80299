"""HA-free library for the Tuya Bluetooth LE protocol and cloud APIs."""
