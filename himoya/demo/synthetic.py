"""Seeded chance for synthetic data, shared by the demo builders and the benchmark."""

import random


def weighted(rng: random.Random, pairs):
    """One value of (value, weight) pairs, drawn by weight."""
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]
