"""Debugging helpers: the debug graph executor."""
