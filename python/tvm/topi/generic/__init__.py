"""tvm.topi.generic: correct default schedules for every operator, on any target."""
