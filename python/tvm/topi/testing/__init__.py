"""tvm.topi.testing: numpy reference implementations, written independently of the computes."""
