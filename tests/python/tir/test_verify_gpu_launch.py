"""VerifyGPULaunch and the GPU build: kernels a GPU cannot run are rejected with the reason."""
import pytest

import tvm
from tvm import te


def _unbound_add():
    A = te.placeholder((64,), name="A")
    B = te.compute((64,), lambda i: A[i] + 1.0, name="B")
    return te.create_schedule(B.op), [A, B]


@pytest.mark.parametrize("target", ["cuda", "opencl"])
def test_kernel_without_binding_is_rejected(target):
    """A stage with no loop bound to a thread axis: 'did you forget to bind?' naming the buffer."""
    s, args = _unbound_add()
    with pytest.raises(ValueError, match="(?s)buffer 'B'.*Did you forget to bind"):
        tvm.build(s, args, target=target)


def test_too_many_threads_per_block_is_rejected():
    """More threads per block than the target's max_num_threads is a ValueError with both counts."""
    A = te.placeholder((4096,), name="A")
    B = te.compute((4096,), lambda i: A[i] * 2.0, name="B")
    s = te.create_schedule(B.op)
    bx, tx = s[B].split(B.op.axis[0], factor=2048)
    s[B].bind(bx, te.thread_axis("blockIdx.x"))
    s[B].bind(tx, te.thread_axis("threadIdx.x"))
    with pytest.raises(ValueError, match="launches 2048 threads per block.*more than the 1024"):
        tvm.build(s, [A, B], target="cuda")
    with pytest.raises(ValueError, match="more than the 512"):
        tvm.build(s, [A, B], target="opencl -max_num_threads=512")


def test_unbound_stage_next_to_a_bound_one_is_rejected():
    """One bound stage does not excuse another that runs on the host."""
    A = te.placeholder((64,), name="A")
    B = te.compute((64,), lambda i: A[i] + 1.0, name="B")
    C = te.compute((64,), lambda i: B[i] * 2.0, name="C")
    s = te.create_schedule(C.op)
    bx, tx = s[C].split(C.op.axis[0], factor=32)
    s[C].bind(bx, te.thread_axis("blockIdx.x"))
    s[C].bind(tx, te.thread_axis("threadIdx.x"))
    with pytest.raises(ValueError, match="buffer 'B'"):
        tvm.build(s, [A, C], target="opencl")


def test_bound_program_passes_and_cpu_targets_still_reject_bindings():
    """A fully bound program builds for a GPU target; the CPU backends refuse thread axes."""
    A = te.placeholder((64,), name="A")
    B = te.compute((64,), lambda i: A[i] + 1.0, name="B")
    s = te.create_schedule(B.op)
    bx, tx = s[B].split(B.op.axis[0], factor=32)
    s[B].bind(bx, te.thread_axis("blockIdx.x"))
    s[B].bind(tx, te.thread_axis("threadIdx.x"))
    tvm.build(s, [A, B], target="opencl")
    with pytest.raises(ValueError, match="thread"):
        tvm.build(s, [A, B], target="llvm")
