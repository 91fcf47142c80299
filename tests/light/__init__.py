"""Tests of the light platform's pure conversions."""
