"""TE schedules: primitives reshape the loop nest; misuse is a clear error."""
import pytest

import tvm
from tvm import te, tir


def _loops(mod):
    """(name, extent, kind) of every loop of the lowered function, outermost first."""
    out = []

    def visit(n):
        if isinstance(n, tir.For):
            out.append((n.loop_var.name_hint, n.extent, int(n.kind)))

    tir.post_order_visit(mod["main"].body, visit)
    return list(reversed(out))


def _elementwise(n=100, m=64):
    A = te.placeholder((n, m), name="A")
    B = te.compute((n, m), lambda i, j: A[i, j] * 2.0, name="B")
    return A, B


def test_compute_names_axes_after_the_lambda_parameters():
    """te.compute's axes take the fcompute parameter names."""
    A = te.placeholder((4, 5), name="A")
    B = te.compute((4, 5), lambda row, col: A[row, col], name="B")
    assert [iv.var.name_hint for iv in B.op.axis] == ["row", "col"]
    assert list(B.shape) == [4, 5]
    assert B.dtype == "float32"
    assert B.op.input_tensors == [A]


def test_split_produces_outer_and_inner_loops_with_a_partitioned_tail():
    """split by a non-dividing factor: 100 = 3 full blocks of 32 without a guard, then a tail."""
    A, B = _elementwise(100, 64)
    s = te.create_schedule(B.op)
    xo, xi = s[B].split(B.op.axis[0], factor=32)
    mod = tvm.lower(s, [A, B])
    # Main part: i.outer over 3 blocks; the tail (i.outer = 3) keeps one guarded inner loop.
    assert sorted(int(e) for _, e, _ in _loops(mod)) == [3, 32, 32, 64, 64]
    text = str(mod)
    assert "for i_outer in range(3):" in text
    assert text.count("T.likely(") == 1
    assert text.index("T.likely(") > text.index("for i_outer in range(3):")


def test_dividing_split_has_no_guard():
    """A factor that divides the extent leaves no condition."""
    A, B = _elementwise(128, 64)
    s = te.create_schedule(B.op)
    s[B].split(B.op.axis[0], factor=32)
    assert "likely" not in str(tvm.lower(s, [A, B]))


def test_fuse_reorder_and_annotations():
    """fuse/reorder/parallel/vectorize/unroll give the expected loop order and kinds."""
    A, B = _elementwise(64, 64)
    s = te.create_schedule(B.op)
    i, j = B.op.axis
    s[B].reorder(j, i)
    f = s[B].fuse(j, i)
    fo, fi = s[B].split(f, factor=16)
    s[B].parallel(fo)
    s[B].vectorize(fi)
    mod = tvm.lower(s, [A, B])
    # The vectorized loop becomes 16-lane vector code inside the parallel loop.
    assert [(int(e), k) for _, e, k in _loops(mod)] == [(256, 1)]
    assert "T.Ramp(" in str(mod) and ", 1, 16)" in str(mod)


def test_tile_gives_four_loops():
    """tile(x, y, 8, 16) is split + split + reorder."""
    A, B = _elementwise(64, 64)
    s = te.create_schedule(B.op)
    s[B].tile(*B.op.axis, 8, 16)
    assert [int(e) for _, e, _ in _loops(tvm.lower(s, [A, B]))] == [8, 4, 8, 16]


def test_compute_inline_removes_the_intermediate():
    """An inlined stage gets no allocation and no loops of its own."""
    A, B = _elementwise(16, 16)
    C = te.compute((16, 16), lambda i, j: B[i, j] + 1.0, name="C")
    s = te.create_schedule(C.op)
    s[B].compute_inline()
    text = str(tvm.lower(s, [A, C]))
    assert "allocate" not in text
    assert "A_1[i * 16 + j] * T.float32(2) + T.float32(1)" in text


def test_reduction_initialises_then_accumulates():
    """A sum lowers to an init nest then an update nest."""
    A = te.placeholder((8, 32), name="A")
    k = te.reduce_axis((0, 32), name="k")
    B = te.compute((8,), lambda i: te.sum(A[i, k], axis=k), name="B")
    s = te.create_schedule(B.op)
    text = str(tvm.lower(s, [A, B]))
    assert text.index("B[i_init] = T.float32(0)") < text.index("B[i] = B[i] + A_1[i * 32 + k]")


def test_split_of_an_axis_of_another_stage_is_an_error():
    """Splitting an axis that belongs to another operation names both."""
    A, B = _elementwise()
    C = te.compute(B.shape, lambda i, j: B[i, j] + 1.0, name="C")
    s = te.create_schedule(C.op)
    with pytest.raises(ValueError, match="does not belong to stage C"):
        s[C].split(B.op.axis[0], factor=4)


def test_split_of_an_already_split_axis_is_an_error():
    """An axis replaced by a split cannot be split again."""
    A, B = _elementwise()
    s = te.create_schedule(B.op)
    s[B].split(B.op.axis[0], factor=4)
    with pytest.raises(ValueError, match="already split or fused"):
        s[B].split(B.op.axis[0], factor=2)


def test_vectorizing_a_reduction_axis_is_an_error():
    """vectorize/parallel on a reduction axis are refused with the reason."""
    A = te.placeholder((8, 32), name="A")
    k = te.reduce_axis((0, 32), name="k")
    B = te.compute((8,), lambda i: te.sum(A[i, k], axis=k), name="B")
    s = te.create_schedule(B.op)
    with pytest.raises(ValueError, match="reduction axis"):
        s[B].vectorize(k)
    with pytest.raises(ValueError, match="reduction axis"):
        s[B].parallel(k)


def test_fusing_non_adjacent_loops_is_an_error():
    """fuse needs the first loop directly outside the second."""
    A = te.placeholder((4, 4, 4), name="A")
    B = te.compute((4, 4, 4), lambda i, j, k: A[i, j, k], name="B")
    s = te.create_schedule(B.op)
    i, j, k = B.op.axis
    with pytest.raises(ValueError, match="not adjacent"):
        s[B].fuse(i, k)


def test_inlining_a_reduction_or_an_output_is_an_error():
    """compute_inline refuses reductions and schedule outputs."""
    A = te.placeholder((8, 32), name="A")
    k = te.reduce_axis((0, 32), name="k")
    B = te.compute((8,), lambda i: te.sum(A[i, k], axis=k), name="B")
    C = te.compute((8,), lambda i: B[i] * 2.0, name="C")
    s = te.create_schedule(C.op)
    with pytest.raises(ValueError, match="is a reduction"):
        s[B].compute_inline()
    with pytest.raises(ValueError, match="is an output"):
        s[C].compute_inline()


def test_scheduling_a_placeholder_is_an_error():
    """A placeholder has no loops to schedule."""
    A, B = _elementwise()
    s = te.create_schedule(B.op)
    with pytest.raises(ValueError, match="placeholder"):
        s[A].parallel(B.op.axis[0])


def test_missing_argument_tensor_is_an_error_at_lowering():
    """A tensor read by the schedule but not passed to lower is named in the error."""
    A, B = _elementwise()
    s = te.create_schedule(B.op)
    with pytest.raises(ValueError, match="tensor A is used"):
        tvm.lower(s, [B])


def test_tensor_index_count_is_checked():
    """Indexing a tensor with the wrong number of indices is a ValueError."""
    A = te.placeholder((4, 4), name="A")
    with pytest.raises(ValueError, match="2 dimensions but is indexed with 3"):
        te.compute((4,), lambda i: A(i, i, i))


def _producer_consumer(n=64):
    A = te.placeholder((n, n), name="A")
    B = te.compute((n, n), lambda i, j: A[i, j] * 2.0, name="B")
    C = te.compute((n, n), lambda i, j: B[i, j] + 1.0, name="C")
    return A, B, C


def test_compute_at_computes_only_the_tile_the_consumer_reads():
    """compute_at into a tile loop allocates and computes one 8x8 tile per iteration."""
    A, B, C = _producer_consumer()
    s = te.create_schedule(C.op)
    xo, yo, xi, yi = s[C].tile(*C.op.axis, 8, 8)
    s[B].compute_at(s[C], yo)
    mod = tvm.lower(s, [A, C])
    text = str(mod)
    assert 'B = T.allocate([64], "float32", "global")' in text
    # B's loops sit inside C's two outer loops, each over 8 iterations.
    loops = _loops(mod)
    assert [int(e) for _, e, _ in loops] == [8, 8, 8, 8, 8, 8]


def test_compute_at_a_stage_that_does_not_consume_is_an_error():
    """Attaching to a stage that does not read the producer names both stages."""
    A, B, C = _producer_consumer()
    D = te.compute((64, 64), lambda i, j: A[i, j] - 1.0, name="D")
    s = te.create_schedule([C.op, D.op])
    s[B].compute_at(s[D], D.op.axis[0])  # checked at lowering (stages may still be added)
    with pytest.raises(ValueError, match="D does not read B"):
        tvm.lower(s, [A, C, D])


def test_compute_at_with_two_consumers_is_an_error():
    """A stage read by two stages cannot be attached to one of them unless the other is
    computed at a loop of the same stage (tests/python/te/test_schedule_compute_at_consumers.py)."""
    A, B, C = _producer_consumer()
    D = te.compute((64, 64), lambda i, j: B[i, j] - 1.0, name="D")
    s = te.create_schedule([C.op, D.op])
    s[B].compute_at(s[C], C.op.axis[0])
    with pytest.raises(ValueError, match="B is computed at loop i of C but is also read by D"):
        tvm.lower(s, [A, C, D])


def test_compute_at_an_axis_split_afterwards_is_an_error():
    """Splitting the attach loop after compute_at is reported at lowering."""
    A, B, C = _producer_consumer()
    s = te.create_schedule(C.op)
    s[B].compute_at(s[C], C.op.axis[1])
    s[C].split(C.op.axis[1], factor=4)
    with pytest.raises(ValueError, match="split or fused afterwards"):
        tvm.lower(s, [A, C])


def test_cache_write_keeps_the_axes_of_the_original_stage():
    """After cache_write the tensor's stage copies from the cache and keeps its axes."""
    A = te.placeholder((16, 16), name="A")
    k = te.reduce_axis((0, 16), name="k")
    C = te.compute((16, 16), lambda i, j: te.sum(A[i, k] * A[k, j], axis=k), name="C")
    s = te.create_schedule(C.op)
    CC = s.cache_write(C, "local")
    assert CC.op.name == "C.local"
    xo, yo, xi, yi = s[C].tile(*C.op.axis, 4, 4)  # C.op.axis still valid
    s[CC].compute_at(s[C], yo)
    text = str(tvm.lower(s, [A, C]))
    assert 'C_local = T.allocate([16], "float32", "local")' in text


def test_cache_write_after_scheduling_is_an_error():
    """cache_write on a stage that was already split is refused."""
    A, B = _elementwise()
    s = te.create_schedule(B.op)
    s[B].split(B.op.axis[0], factor=4)
    with pytest.raises(ValueError, match="already scheduled"):
        s.cache_write(B, "local")


def test_cache_read_redirects_the_readers():
    """cache_read inserts a copy stage and the reader reads the copy."""
    A, B = _elementwise(16, 16)
    s = te.create_schedule(B.op)
    AA = s.cache_read(A, "global", [B])
    assert AA.op.name == "A.global"
    text = str(tvm.lower(s, [A, B]))
    assert "A_global_1[i * 16 + j] = A_1[i * 16 + j]" in text
    assert "A_global_1[i_1 * 16 + j_1] * T.float32(2)" in text


def test_cache_read_for_a_stage_that_does_not_read_is_an_error():
    """cache_read names the reader that does not read the tensor."""
    A, B = _elementwise(16, 16)
    C = te.placeholder((16, 16), name="C")
    s = te.create_schedule(B.op)
    with pytest.raises(ValueError, match="B does not read C"):
        s.cache_read(C, "global", [B])
