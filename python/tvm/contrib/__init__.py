"""Helpers around the compiler: C compiler driver, temporary directories, ..."""
