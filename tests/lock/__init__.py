"""Tests of the lock's pure command builders and state readings."""
