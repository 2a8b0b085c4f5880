"""GPU schedules in TE: bound inference for shared/local stages under thread bindings, the
thread-bound loop offset, and double_buffer's preconditions."""
import sys
import os

import pytest

import tvm
from tvm import te

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "codegen"))
import gpu_programs  # noqa: E402  pylint: disable=wrong-import-position




def test_shared_stage_covers_all_threads_of_the_block():
    """A shared tile computed inside threadIdx loops is the whole block's tile (8 x 8), a local
    accumulator stays one element per thread."""
    s, args, _, _ = gpu_programs.matmul_shared(n=64, tile=8)
    text = str(tvm.lower(s, args))
    assert 'T.allocate([64], "float32", "shared")' in text
    assert 'T.allocate([1], "float32", "local")' in text


def test_shared_fetch_reads_the_tile_of_its_block():
    """The cooperative fetch indexes A by block, thread and reduction step (not thread 0's row)."""
    s, args, _, _ = gpu_programs.matmul_shared(n=64, tile=8)
    text = str(tvm.lower(s, args))
    assert "A_1[blockIdx_y * 512 + threadIdx_y_1 * 64 + k_outer * 8 + threadIdx_x_1]" in text


def test_thread_bound_loop_with_offset_runs_from_its_min():
    """A bound loop over [min, min + extent) uses thread index + min (B_shared row offset)."""
    s, args, _, _ = gpu_programs.matmul_shared(n=64, tile=8)
    text = str(tvm.lower(s, args))
    assert "B_1[k_outer * 512 + threadIdx_y_2 * 64 + blockIdx_x * 8 + threadIdx_x_2]" in text


def test_double_buffer_needs_compute_at():
    """double_buffer on a stage computed at the root is a ValueError naming the stage."""
    A = te.placeholder((16,), name="A")
    B = te.compute((16,), lambda i: A[i] + 1.0, name="B")
    s = te.create_schedule(B.op)
    AA = s.cache_read(A, "shared", [B])
    with pytest.raises(ValueError, match="double_buffer: stage A.shared must be computed at"):
        s[AA].double_buffer()


def test_double_buffer_marks_the_realize():
    """A double-buffered stage's storage carries the double_buffer_scope annotation."""
    s, args, _, _ = gpu_programs.matmul_shared(double_buffer=True)
    assert "double_buffer_scope" in str(tvm.lower(s, args))


def test_cross_thread_reduction_uses_a_shared_tree():
    """A reduce axis bound to threadIdx: per-thread partial sums in a register, a tree in
    shared memory sized by the block, and one store by thread 0."""
    s, args, _, _ = gpu_programs.row_sum_cross_thread(threads=24)
    text = str(tvm.lower(s, args))
    assert 'T.allocate([1], "float32", "local")' in text
    assert 'T.allocate([24], "float32", "shared")' in text
    assert "if threadIdx_x == 0:" in text
    assert text.count("B_red_shared_1[threadIdx_x] = B_red_shared_1[threadIdx_x] + ") == 5


def test_rfactor_stage_at_the_thread_loop_is_a_register():
    """A stage without a scope computed inside threadIdx loops is stored per thread ("local")."""
    s, args, _, _ = gpu_programs.row_max_rfactor()
    text = str(tvm.lower(s, args))
    assert 'B_rf = T.allocate([1], "float32", "local")' in text


def test_cross_thread_reduction_needs_bound_data_loops():
    """A cross-thread reduction whose data loop runs serially is a ValueError saying so."""
    A = te.placeholder((4, 64), name="A")
    k = te.reduce_axis((0, 64), name="k")
    B = te.compute((4,), lambda i: te.sum(A[i, k], axis=k), name="B")
    s = te.create_schedule(B.op)
    s[B].bind(k, te.thread_axis("threadIdx.x"))
    with pytest.raises(ValueError, match="data loop i is not bound to a thread axis"):
        tvm.lower(s, [A, B])
