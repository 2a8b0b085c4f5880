"""tvm.topi.x86: schedules tuned for x86 CPUs (AVX2 / AVX-512)."""
