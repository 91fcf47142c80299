"""Simulated Tuya devices, Bluetooth link and cloud for tests and the demo."""
