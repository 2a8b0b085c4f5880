"""LoopPartition: loops guarded by likely(cond) split into a guard-free main part and a guarded
rest; the IR shape, the cases left alone, and results against numpy."""
import numpy as np
import pytest

import tvm
from tvm import te, tir


def _partition(mod):
    return tvm.tir.transform.LoopPartition()(mod)


def _loops(node):
    loops = []
    tir.post_order_visit(node, lambda n: loops.append(n) if isinstance(n, tir.For) else None)
    return loops


def _likely_count(node):
    calls = []

    def visit(n):
        if isinstance(n, tir.Call) and n.op.name == "tir.likely":
            calls.append(n)

    tir.post_order_visit(node, visit)
    return len(calls)


def _split_schedule(n, factor, vectorize=False, parallel=False, cols=None):
    shape = (n,) if cols is None else (n, cols)
    A = te.placeholder(shape, name="A")
    if cols is None:
        B = te.compute(shape, lambda i: A[i] * 2.0 + 1.0, name="B")
    else:
        B = te.compute(shape, lambda i, j: A[i, j] * 2.0 + 1.0, name="B")
    s = te.create_schedule(B.op)
    io, ii = s[B].split(B.op.axis[0], factor=factor)
    if vectorize:
        s[B].vectorize(ii)
    if parallel:
        s[B].parallel(io)
    return s, A, B


def _func(body, *buffers):
    func = tir.PrimFunc(list(buffers), body).with_attr("global_symbol", "main")
    return tvm.IRModule({"main": func})


def test_split_by_32_of_100_gives_a_guard_free_main_loop_of_extent_3_and_a_guarded_tail():
    """Splitting 100 rows by 32: io in [0, 3) runs without the guard, the io == 3 tail keeps it."""
    s, A, B = _split_schedule(100, 32, cols=64)
    mod = _partition(tvm.lower(s, [A, B]))
    body = mod["main"].body
    outer = [f for f in _loops(body) if f.loop_var.name_hint == "i.outer"]
    assert len(outer) == 1
    assert outer[0].extent.value == 3 and outer[0].min.value == 0
    assert _likely_count(outer[0]) == 0
    assert _likely_count(body) == 1
    text = str(mod)
    assert "for i_outer in range(3):" in text
    assert text.count("T.likely") == 1
    # The guard sits after the main loop: in the tail.
    assert text.index("T.likely") > text.index("for i_outer in range(3):")


def test_a_dividing_split_has_no_guard_and_stays_unchanged():
    """With 96 = 3 * 32 there is no likely: the pass returns the function as it was."""
    s, A, B = _split_schedule(96, 32, cols=8)
    before = tvm.lower(s, [A, B])
    after = _partition(before)
    assert after["main"].same_as(before["main"])


def test_a_symbolic_extent_without_bound_is_left_unchanged():
    """io * 8 + ii < n with n unknown cannot be decided anywhere: nothing changes."""
    n = te.var("n")
    A = te.placeholder((n,), name="A")
    B = te.compute((n,), lambda i: A[i] * 2.0, name="B")
    s = te.create_schedule(B.op)
    s[B].split(B.op.axis[0], factor=8)
    before = tvm.lower(s, [A, B])
    after = _partition(before)
    tvm.ir.assert_structural_equal(after["main"], before["main"])
    assert _likely_count(after["main"].body) == 1


def test_a_guard_that_is_not_monotone_in_the_loop_is_left_unchanged():
    """likely(i % 2 == 0) is true on no interval of i: the loop stays one guarded loop."""
    A, B = tir.decl_buffer((16,), "float32", "A"), tir.decl_buffer((16,), "float32", "B")
    i = tir.Var("i", "int32")
    body = tir.For(i, 0, 16, tir.ForKind.SERIAL,
                   tir.IfThenElse(tir.likely(tir.EQ(tir.floormod(i, 2), tir.const(0))),
                                  tir.BufferStore(B, A[i], [i]), None))
    before = _func(body, A, B)
    after = _partition(before)
    tvm.ir.assert_structural_equal(after["main"], before["main"])


def test_a_guard_true_at_both_ends_only_in_the_middle_gives_three_parts():
    """Padding-style guards i >= 1 and i < 9 on i in [0, 10): i == 0, [1, 9) unguarded, i == 9."""
    A, B = tir.decl_buffer((10,), "float32", "A"), tir.decl_buffer((10,), "float32", "B")
    i = tir.Var("i", "int32")
    cond = tir.And(tir.likely(i >= 1), tir.likely(i < 9))
    body = tir.For(i, 0, 10, tir.ForKind.SERIAL,
                   tir.IfThenElse(cond, tir.BufferStore(B, A[i - 1] + A[i + 1], [i]),
                                  tir.BufferStore(B, tir.const(0.0), [i])))
    mod = _partition(_func(body, A, B))
    loops = _loops(mod["main"].body)
    assert len(loops) == 1 and loops[0].min.value == 1 and loops[0].extent.value == 8
    assert _likely_count(loops[0]) == 0
    f = tvm.build(tvm.tir.transform.Simplify()(mod), target="llvm")
    a = np.random.rand(10).astype("float32")
    b = tvm.nd.array(np.full(10, 7.0, "float32"))
    f["main"](tvm.nd.array(a), b)
    expected = np.zeros(10, "float32")
    expected[1:9] = a[0:8] + a[2:10]
    np.testing.assert_allclose(b.numpy(), expected, rtol=1e-6)


def test_the_main_part_of_a_vectorized_inner_loop_vectorizes():
    """Partitioning io leaves the main part's vectorized ii without a guard, so it becomes Ramps."""
    A, B = tir.decl_buffer((30,), "float32", "A"), tir.decl_buffer((30,), "float32", "B")
    io, ii = tir.Var("io", "int32"), tir.Var("ii", "int32")
    idx = io * 8 + ii
    body = tir.For(io, 0, 4, tir.ForKind.SERIAL,
                   tir.For(ii, 0, 8, tir.ForKind.VECTORIZED,
                           tir.IfThenElse(tir.likely(idx < 30),
                                          tir.BufferStore(B, A[idx] * 2.0, [idx]), None)))
    mod = tvm.tir.transform.Simplify()(_partition(_func(body, A, B)))
    mod = tvm.tir.transform.VectorizeLoop()(mod)
    main = [f for f in _loops(mod["main"].body) if f.loop_var.name_hint == "io"]
    assert len(main) == 1 and main[0].extent.value == 3
    assert "T.Ramp" in str(main[0]) and _likely_count(main[0]) == 0
    f = tvm.build(mod, target="llvm")
    a = np.random.rand(30).astype("float32")
    b = tvm.nd.array(np.zeros(30, "float32"))
    f["main"](tvm.nd.array(a), b)
    np.testing.assert_allclose(b.numpy(), a * 2.0, rtol=1e-6)


def test_a_parallel_loop_becomes_parallel_parts_without_empty_ones():
    """A parallel io with a tail gives one parallel main loop of extent 12 and no empty loop."""
    s, A, B = _split_schedule(100, 8, parallel=True)
    mod = _partition(tvm.lower(s, [A, B]))
    outer = [f for f in _loops(mod["main"].body) if f.loop_var.name_hint == "i.outer"]
    assert [(f.extent.value, f.kind) for f in outer] == [(12, tir.ForKind.PARALLEL)]
    assert all(f.extent.value > 0 for f in _loops(mod["main"].body))


@pytest.mark.parametrize(
    "n,factor,vectorize,parallel,cols",
    [(100, 32, True, False, None), (100, 8, True, False, None), (96, 32, True, False, None),
     (64, 8, True, False, None), (7, 8, True, False, None), (33, 4, False, True, None),
     (100, 32, False, False, 5), (17, 3, True, True, None), (1, 4, True, False, None)],
)
def test_partitioned_split_schedules_compute_what_numpy_computes(n, factor, vectorize, parallel,
                                                                 cols):
    """Split (+ vectorize / parallel) schedules, partitioned then simplified, match numpy."""
    s, A, B = _split_schedule(n, factor, vectorize=vectorize, parallel=parallel, cols=cols)
    mod = tvm.lower(s, [A, B])
    mod = tvm.tir.transform.LoopPartition()(mod)
    mod = tvm.tir.transform.Simplify()(mod)
    f = tvm.build(mod, target="llvm")
    shape = (n,) if cols is None else (n, cols)
    a = np.random.rand(*shape).astype("float32")
    b = tvm.nd.array(np.zeros(shape, "float32"))
    f["main"](tvm.nd.array(a), b)
    np.testing.assert_allclose(b.numpy(), a * 2.0 + 1.0, rtol=1e-6)


def _tile_2d():
    A = te.placeholder((37, 23), name="A")
    B = te.compute((37, 23), lambda i, j: A[i, j] + 1.0, name="B")
    s = te.create_schedule(B.op)
    s[B].tile(B.op.axis[0], B.op.axis[1], 8, 4)
    return s, [A, B], lambda a: a + 1.0


def _nested_split():
    A = te.placeholder((50,), name="A")
    B = te.compute((50,), lambda i: A[i] * 3.0, name="B")
    s = te.create_schedule(B.op)
    io, ii = s[B].split(B.op.axis[0], factor=16)
    iio, iii = s[B].split(ii, factor=3)
    s[B].vectorize(iii)
    return s, [A, B], lambda a: a * 3.0


def _reduction_split():
    A = te.placeholder((6, 29), name="A")
    k = te.reduce_axis((0, 29), name="k")
    B = te.compute((6,), lambda i: te.sum(A[i, k], axis=k), name="B")
    s = te.create_schedule(B.op)
    s[B].split(k, factor=8)
    return s, [A, B], lambda a: a.sum(axis=1)


@pytest.mark.parametrize("make", [_tile_2d, _nested_split, _reduction_split])
def test_tiled_nested_and_reduction_splits_compute_what_numpy_computes(make):
    """2-D tiles, a split of a split and a split reduction axis, partitioned, match numpy."""
    s, (A, B), reference = make()
    mod = tvm.lower(s, [A, B])
    mod = tvm.tir.transform.LoopPartition()(mod)
    mod = tvm.tir.transform.Simplify()(mod)
    f = tvm.build(mod, target="llvm")
    a = np.random.rand(*[int(d) for d in A.shape]).astype("float32")
    b = tvm.nd.array(np.zeros([int(d) for d in B.shape], "float32"))
    f["main"](tvm.nd.array(a), b)
    np.testing.assert_allclose(b.numpy(), reference(a), rtol=1e-5)


def test_random_splits_compute_what_numpy_computes():
    """30 random (n, factor, vectorize, parallel) splits, partitioned, match numpy."""
    rng = np.random.default_rng(7)
    for _ in range(30):
        n, factor = int(rng.integers(1, 70)), int(rng.integers(1, 17))
        vectorize, parallel = bool(rng.integers(2)), bool(rng.integers(2))
        s, A, B = _split_schedule(n, factor, vectorize=vectorize, parallel=parallel)
        mod = tvm.tir.transform.LoopPartition()(tvm.lower(s, [A, B]))
        f = tvm.build(tvm.tir.transform.Simplify()(mod), target="llvm")
        a = np.random.rand(n).astype("float32")
        b = tvm.nd.array(np.zeros(n, "float32"))
        f["main"](tvm.nd.array(a), b)
        np.testing.assert_allclose(b.numpy(), a * 2.0 + 1.0, rtol=1e-6,
                                   err_msg=f"n={n} factor={factor}")
