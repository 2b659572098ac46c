"""Xiaomi Living: local control of Xiaomi air conditioners and TVs over miIO."""
