"""Himoya: case management and referral for survivors of gender-based violence."""
