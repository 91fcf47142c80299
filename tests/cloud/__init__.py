"""Tests of the Tuya cloud clients and the fake cloud."""
