"""Tests for the device clients."""
