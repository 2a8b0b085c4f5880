"""Relay backends: the TE compiler (op lowering) and the executors built on it."""
