"""Tests for the xiaomi_living integration."""
