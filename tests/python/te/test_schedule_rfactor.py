"""rfactor: a reduction split into a data-parallel partial reduction and a final one; the
results match numpy for every shape of reduction, and misuse is a clear ValueError."""
import numpy as np
import pytest

import tvm
from tvm import te, tir


def _run(s, args, inputs, out_shapes=None):
    """Build `s` for llvm, run it on `inputs`, return the outputs (the args after the inputs)."""
    f = tvm.build(tvm.lower(s, args), target="llvm")
    outs = args[len(inputs):]
    nd_outs = [tvm.nd.empty([int(d) for d in (out_shapes or {}).get(i, t.shape)], t.dtype)
               for i, t in enumerate(outs)]
    f["main"](*[tvm.nd.array(x) for x in inputs], *nd_outs)
    return [o.numpy() for o in nd_outs]


def _row_sum(n, m, reducer=te.sum, **kw):
    A = te.placeholder((n, m), name="A")
    k = te.reduce_axis((0, m), "k")
    B = te.compute((n,), lambda i: reducer(A[i, k], axis=k, **kw), name="B")
    return A, k, B


def _has_loop_kind(mod, kind):
    kinds = []
    tir.post_order_visit(mod["main"].body,
                         lambda n: kinds.append(n.kind) if isinstance(n, tir.For) else None)
    return kind in kinds


# ---- structure ------------------------------------------------------------------------------

def test_rfactor_makes_the_factored_axis_a_data_dimension():
    """rfactor on an inner split gives B.rf[ki, i] reducing over ko, and B reducing B.rf."""
    A, k, B = _row_sum(32, 64)
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=16)
    BF = s.rfactor(B, ki)
    assert BF.op.name == "B.rf"
    assert [int(d) for d in BF.shape] == [16, 32]
    assert [iv.var.name_hint for iv in BF.op.reduce_axis] == ["k.outer"]
    assert int(BF.op.reduce_axis[0].dom.extent) == 4
    # A dividing split needs no bound condition.
    assert BF.op.body[0].condition.value == 1
    new_b = s[B].op
    assert len(new_b.reduce_axis) == 1 and int(new_b.reduce_axis[0].dom.extent) == 16
    assert list(s[B].leaf_iter_vars) == [new_b.axis[0], new_b.reduce_axis[0]]
    assert new_b.axis[0].same_as(B.op.axis[0])
    load = new_b.body[0].source[0]
    assert load.producer.op.same_as(BF.op)
    assert s[BF].op.same_as(BF.op)
    assert list(s.stages).index(s[BF]) == list(s.stages).index(s[B]) - 1


def test_factor_axis_places_the_new_dimension():
    """factor_axis=1 (and -1) put the factored dimension after the data dimension."""
    for factor_axis in [1, -1]:
        A, k, B = _row_sum(32, 64)
        s = te.create_schedule(B.op)
        ko, ki = s[B].split(k, factor=16)
        BF = s.rfactor(B, ki, factor_axis=factor_axis)
        assert [int(d) for d in BF.shape] == [32, 16]


def test_non_dividing_split_puts_the_tail_condition_into_the_factored_stage():
    """With 1000 = 62 * 16 + 8, B.rf reduces only where k.outer * 16 + k.inner < 1000."""
    A = te.placeholder((1000,), name="A")
    k = te.reduce_axis((0, 1000), "k")
    B = te.compute((1,), lambda i: te.sum(A[k], axis=k), name="B")
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=16)
    BF = s.rfactor(B, ki)
    cond = BF.op.body[0].condition
    assert isinstance(cond, tir.LT) and int(cond.b) == 1000
    assert int(BF.op.reduce_axis[0].dom.extent) == 63


def test_split_data_axes_of_the_reduction_stay_scheduled():
    """Splits and annotations on B's data axes survive rfactor; its reduce loops are replaced."""
    A, k, B = _row_sum(64, 64)
    s = te.create_schedule(B.op)
    io, ii = s[B].split(B.op.axis[0], factor=8)
    s[B].parallel(io)
    ko, ki = s[B].split(k, factor=16)
    s[B].reorder(io, ko, ii, ki)
    BF = s.rfactor(B, ki)
    leaves = list(s[B].leaf_iter_vars)
    assert leaves[:2] == [io, ii] and leaves[2].var.name_hint == "k.inner.v"
    assert s[B].iter_var_attrs[io].iter_type == tvm.tir.IterVar.Parallelized
    assert all(not iv.same_as(ko) and not iv.same_as(ki) for iv in s[B].all_iter_vars)
    text = str(tvm.lower(s, [A, B], simple_mode=True))
    assert "B_rf" in text and "T.parallel(8)" in text


# ---- values ---------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1024, 1000])
def test_vector_sum_with_parallel_factored_axis(n):
    """A 1-D sum with rfactor on the inner split and the partial sums in parallel matches numpy."""
    A = te.placeholder((n,), name="A")
    k = te.reduce_axis((0, n), "k")
    B = te.compute((1,), lambda i: te.sum(A[k], axis=k), name="B")
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=16)
    BF = s.rfactor(B, ki)
    s[BF].parallel(BF.op.axis[0])
    assert _has_loop_kind(tvm.lower(s, [A, B]), tir.ForKind.PARALLEL)
    a = np.random.rand(n).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], [a.sum()], rtol=1e-5)


def test_row_sum_with_vectorized_factored_axis_computed_at_the_row():
    """Row sums with rfactor(factor_axis=1), the factored axis vectorized and B.rf computed per
    row of B, match numpy."""
    n, m = 37, 128
    A, k, B = _row_sum(n, m)
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=8)
    BF = s.rfactor(B, ki, factor_axis=1)
    i_rf, ki_rf = BF.op.axis
    ko_rf = BF.op.reduce_axis[0]
    s[BF].reorder(i_rf, ko_rf, ki_rf)
    s[BF].vectorize(ki_rf)
    s[BF].compute_at(s[B], s[B].op.axis[0])
    mod = tvm.lower(s, [A, B])
    assert "B_rf_1[T.Ramp(0, 1, 8)]" in str(mod)
    a = np.random.rand(n, m).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], a.sum(axis=1), rtol=1e-5)


def test_max_reduction_rfactor_on_the_outer_split():
    """A max reduction factored on the outer part of a non-dividing split matches numpy."""
    n, m = 16, 203
    A, k, B = _row_sum(n, m, te.max)
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=32)
    BF = s.rfactor(B, ko)
    assert [int(d) for d in BF.shape] == [7, n]
    a = np.random.randn(n, m).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], a.max(axis=1))


def test_rfactor_on_an_unsplit_axis_of_two_reduction_axes():
    """Reducing over (k1, k2) factored on k1 keeps k2 in B.rf; values match numpy."""
    n, m1, m2 = 10, 6, 17
    A = te.placeholder((n, m1, m2), name="A")
    k1 = te.reduce_axis((0, m1), "k1")
    k2 = te.reduce_axis((0, m2), "k2")
    B = te.compute((n,), lambda i: te.sum(A[i, k1, k2], axis=[k1, k2]), name="B")
    s = te.create_schedule(B.op)
    BF = s.rfactor(B, k1)
    assert [int(d) for d in BF.shape] == [m1, n]
    assert list(BF.op.reduce_axis) == [k2]
    s[BF].parallel(BF.op.axis[0])
    a = np.random.rand(n, m1, m2).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], a.sum(axis=(1, 2)), rtol=1e-5)


def test_rfactor_keeps_the_split_of_an_unrelated_reduction_axis():
    """A split of k2 moves to B.rf unchanged when factoring on a split part of k1."""
    n, m1, m2 = 8, 20, 30
    A = te.placeholder((n, m1, m2), name="A")
    k1 = te.reduce_axis((0, m1), "k1")
    k2 = te.reduce_axis((0, m2), "k2")
    B = te.compute((n,), lambda i: te.sum(A[i, k1, k2], axis=[k1, k2]), name="B")
    s = te.create_schedule(B.op)
    k2o, k2i = s[B].split(k2, factor=7)
    k1o, k1i = s[B].split(k1, factor=4)
    s[B].unroll(k2i)
    BF = s.rfactor(B, k1i, factor_axis=1)
    leaves = list(s[BF].leaf_iter_vars)
    assert leaves[3:] == [k2o, k2i] and leaves[2].var.name_hint == "k1.outer"
    assert s[BF].iter_var_attrs[k2i].iter_type == tvm.tir.IterVar.Unrolled
    a = np.random.rand(n, m1, m2).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], a.sum(axis=(1, 2)), rtol=1e-5)


def test_rfactor_on_a_fused_then_split_reduction():
    """Two reduction axes fused and split, factored on the inner part, match numpy."""
    n, m1, m2 = 5, 9, 13
    A = te.placeholder((n, m1, m2), name="A")
    k1 = te.reduce_axis((0, m1), "k1")
    k2 = te.reduce_axis((0, m2), "k2")
    B = te.compute((n,), lambda i: te.sum(A[i, k1, k2], axis=[k1, k2]), name="B")
    s = te.create_schedule(B.op)
    f = s[B].fuse(k1, k2)
    fo, fi = s[B].split(f, factor=10)
    BF = s.rfactor(B, fi)
    assert [int(d) for d in BF.shape] == [10, n]
    a = np.random.rand(n, m1, m2).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], a.sum(axis=(1, 2)), rtol=1e-5)


def test_rfactor_with_a_predicate_and_an_init_value():
    """where= is kept in B.rf (with the tail bound); init= is added once, by the final stage."""
    n, m = 6, 50
    A = te.placeholder((n, m), name="A")
    C = te.placeholder((n,), name="C")
    k = te.reduce_axis((0, m), "k")
    B = te.compute((n,), lambda i: te.sum(A[i, k], axis=k, where=A[i, k] > 0.5, init=C[i]),
                   name="B")
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=8)
    BF = s.rfactor(B, ki)
    assert len(s[B].op.body[0].init) == 1 and len(BF.op.body[0].init) == 0
    a = np.random.rand(n, m).astype("float32")
    c = np.random.rand(n).astype("float32")
    expected = c + np.where(a > 0.5, a, 0).sum(axis=1)
    np.testing.assert_allclose(_run(s, [A, C, B], [a, c])[0], expected, rtol=1e-5)


def test_rfactor_on_the_only_reduction_axis_leaves_an_elementwise_stage():
    """rfactor on the only reduction loop makes B.rf elementwise (where= becomes a select)."""
    n, m = 4, 30
    A = te.placeholder((n, m), name="A")
    k = te.reduce_axis((0, m), "k")
    B = te.compute((n,), lambda i: te.sum(A[i, k], axis=k, where=A[i, k] > 0.5), name="B")
    s = te.create_schedule(B.op)
    BF = s.rfactor(B, k)
    assert len(BF.op.reduce_axis) == 0 and [int(d) for d in BF.shape] == [m, n]
    s[BF].vectorize(BF.op.axis[1])
    a = np.random.rand(n, m).astype("float32")
    expected = np.where(a > 0.5, a, 0).sum(axis=1)
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], expected, rtol=1e-5)


def test_rfactor_on_a_split_fused_back_keeps_the_tail_bound():
    """k split by 8 (30 = 3 * 8 + 6) and fused back to 32 iterations: B.rf skips the last 2."""
    n, m = 3, 30
    A, k, B = _row_sum(n, m, te.max)
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=8)
    f = s[B].fuse(ko, ki)
    BF = s.rfactor(B, f)
    assert [int(d) for d in BF.shape] == [32, n]
    a = np.random.randn(n, m).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], a.max(axis=1))


def test_rfactor_with_a_custom_comm_reducer():
    """A custom reducer (sum of absolute values) factored on a split matches numpy."""
    abs_sum = te.comm_reducer(lambda x, y: x + te.abs(y), lambda t: tvm.tir.const(0, t),
                              name="abs_sum")
    n, m = 4, 77
    A, k, B = _row_sum(n, m, abs_sum)
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, nparts=4)
    BF = s.rfactor(B, ko)
    a = np.random.randn(n, m).astype("float32")
    # The combiner is applied to partial results too, so the reference is |.|-summed partials.
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], np.abs(a).sum(axis=1), rtol=1e-5)


def _argmax(n, m):
    def fcombine(x0, x1, y0, y1):
        keep = x1 >= y1
        return tvm.tir.Select(keep, x0, y0), tvm.tir.Select(keep, x1, y1)

    argmax = te.comm_reducer(fcombine, lambda t0, t1: (tvm.tir.const(-1, t0), te.min_value(t1)),
                             name="argmax")
    idx = te.placeholder((n, m), name="idx", dtype="int32")
    val = te.placeholder((n, m), name="val")
    k = te.reduce_axis((0, m), "k")
    T0, T1 = te.compute((n,), lambda i: argmax((idx[i, k], val[i, k]), axis=k), name="T")
    return idx, val, k, T0, T1


@pytest.mark.parametrize("factored", [False, True])
def test_two_output_argmax(factored):
    """An argmax (two-output comm_reducer), as is and factored on a split, gives both outputs."""
    n, m = 8, 100
    idx, val, k, T0, T1 = _argmax(n, m)
    s = te.create_schedule(T0.op)
    if factored:
        ko, ki = s[T0].split(k, factor=16)
        rf = s.rfactor(T0, ki)
        assert isinstance(rf, list) and len(rf) == 2
    iv = np.tile(np.arange(m, dtype="int32"), (n, 1))
    vv = np.random.rand(n, m).astype("float32")
    o0, o1 = _run(s, [idx, val, T0, T1], [iv, vv])
    np.testing.assert_array_equal(o0, vv.argmax(axis=1))
    np.testing.assert_allclose(o1, vv.max(axis=1))


def test_rfactor_on_a_reduction_axis_with_nonzero_start():
    """A reduction over [3, 50) factored on its inner split reads the right elements."""
    n = 4
    A = te.placeholder((n, 50), name="A")
    k = te.reduce_axis((3, 50), "k")
    B = te.compute((n,), lambda i: te.sum(A[i, k], axis=k), name="B")
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=5)
    s.rfactor(B, ki)
    a = np.random.rand(n, 50).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], a[:, 3:].sum(axis=1), rtol=1e-5)


def test_rfactor_with_a_symbolic_extent():
    """A sum over a symbolic n factored on a split runs correctly for several n."""
    n = te.var("n")
    A = te.placeholder((n,), name="A")
    k = te.reduce_axis((0, n), "k")
    B = te.compute((1,), lambda i: te.sum(A[k], axis=k), name="B")
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=16)
    BF = s.rfactor(B, ki)
    s[BF].parallel(BF.op.axis[0])
    f = tvm.build(tvm.lower(s, [A, B]), target="llvm")
    for size in [1, 15, 16, 100, 1000]:
        a = np.random.rand(size).astype("float32")
        b = tvm.nd.empty((1,), "float32")
        f["main"](tvm.nd.array(a), b)
        np.testing.assert_allclose(b.numpy(), [a.sum()], rtol=1e-5)


def test_rfactor_then_cache_and_compute_at_of_the_input():
    """A 2-D reduction with rfactor and a tiled, parallel final stage matches numpy."""
    n, m = 64, 96
    A, k, B = _row_sum(n, m)
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=4)
    BF = s.rfactor(B, ki, factor_axis=1)
    io, ii = s[B].split(s[B].op.axis[0], factor=16)
    s[B].parallel(io)
    s[BF].compute_at(s[B], io)
    a = np.random.rand(n, m).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], a.sum(axis=1), rtol=1e-5)


def test_rfactor_of_a_factored_stage_and_of_the_final_stage():
    """rfactor applied again to B.rf and to B (hierarchical partial sums) keeps the values."""
    n, m = 20, 300
    A, k, B = _row_sum(n, m)
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=16)
    BF = s.rfactor(B, ki)
    ro, ri = s[BF].split(BF.op.reduce_axis[0], factor=4)
    BF2 = s.rfactor(BF, ri)
    assert [int(d) for d in BF2.shape] == [4, 16, n]
    vo, vi = s[B].split(s[B].op.reduce_axis[0], factor=4)
    s.rfactor(B, vo)
    a = np.random.rand(n, m).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], a.sum(axis=1), rtol=1e-5)


def test_rfactor_of_a_reduction_computed_at_its_consumer():
    """A reduction computed at its consumer's loop, factored, with B.rf computed at B's row."""
    n, m = 20, 300
    A, k, B = _row_sum(n, m)
    C = te.compute((n,), lambda i: B[i] * 2.0, name="C")
    s = te.create_schedule(C.op)
    ko, ki = s[B].split(k, factor=16)
    BF = s.rfactor(B, ki)
    s[B].compute_at(s[C], C.op.axis[0])
    s[BF].compute_at(s[B], s[B].op.axis[0])
    a = np.random.rand(n, m).astype("float32")
    np.testing.assert_allclose(_run(s, [A, C], [a])[0], a.sum(axis=1) * 2, rtol=1e-5)


def test_rfactor_of_a_cache_write_stage():
    """rfactor on the local accumulator made by cache_write matches numpy."""
    n, m = 20, 300
    A, k, B = _row_sum(n, m)
    s = te.create_schedule(B.op)
    BC = s.cache_write(B, "local")
    ko, ki = s[BC].split(s[BC].op.reduce_axis[0], factor=8)
    s.rfactor(BC, ki)
    a = np.random.rand(n, m).astype("float32")
    np.testing.assert_allclose(_run(s, [A, B], [a])[0], a.sum(axis=1), rtol=1e-5)


# ---- misuse ---------------------------------------------------------------------------------

def test_rfactor_of_a_non_reduction_is_an_error():
    """rfactor on an elementwise stage says a reduction was expected."""
    A = te.placeholder((16,), name="A")
    B = te.compute((16,), lambda i: A[i] + 1.0, name="B")
    k = te.reduce_axis((0, 16), "k")
    s = te.create_schedule(B.op)
    with pytest.raises(ValueError, match="stage B is not a reduction; expected a compute"):
        s.rfactor(B, k)
    with pytest.raises(ValueError, match="stage A is not a reduction"):
        s.rfactor(A, k)


def test_rfactor_on_a_data_axis_is_an_error():
    """rfactor on a data-parallel axis names it and lists the reduction loops expected."""
    A, k, B = _row_sum(8, 8)
    s = te.create_schedule(B.op)
    with pytest.raises(ValueError, match=r"axis i of stage B is a data-parallel axis.*\(k\)"):
        s.rfactor(B, B.op.axis[0])


def test_rfactor_on_an_axis_of_another_stage_is_an_error():
    """rfactor with a reduction axis of another operation says it does not belong to the stage."""
    A, k, B = _row_sum(8, 8)
    k2 = te.reduce_axis((0, 8), "k2")
    C = te.compute((8,), lambda i: te.sum(A[k2, i], axis=k2), name="C")
    s = te.create_schedule([B.op, C.op])
    with pytest.raises(ValueError, match="axis k2 does not belong to stage B"):
        s.rfactor(B, k2)


def test_rfactor_on_an_axis_already_split_is_an_error():
    """rfactor with the parent of a split says to use the axes that replaced it."""
    A, k, B = _row_sum(8, 32)
    s = te.create_schedule(B.op)
    s[B].split(k, factor=8)
    with pytest.raises(ValueError, match=r"axis k of stage B was already split.*k.outer, k.inner"):
        s.rfactor(B, k)


def test_rfactor_with_factor_axis_out_of_range_is_an_error():
    """factor_axis beyond the number of dimensions is rejected with the valid range."""
    A, k, B = _row_sum(8, 32)
    s = te.create_schedule(B.op)
    with pytest.raises(ValueError, match=r"factor_axis 2 is out of range.*\[-2, 1\]"):
        s.rfactor(B, k, factor_axis=2)


def test_the_factored_stage_still_cannot_vectorize_its_reduction():
    """B.rf's remaining reduction loop is still a reduction: vectorizing it is an error."""
    A, k, B = _row_sum(8, 32)
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=8)
    BF = s.rfactor(B, ki)
    with pytest.raises(ValueError, match="is a reduction axis"):
        s[BF].vectorize(BF.op.reduce_axis[0])
