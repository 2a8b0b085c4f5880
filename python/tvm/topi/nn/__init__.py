"""tvm.topi.nn: neural-network operator computes."""
