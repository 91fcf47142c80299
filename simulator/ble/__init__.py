"""A virtual BLE link to simulated peripherals, written as a bleak backend."""
