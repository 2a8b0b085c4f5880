"""compute_at of a stage with several consumers, and through inlined stages: every reader of
the stage is the stage it is attached to or a stage computed at the same loop (or inside it);
bound inference covers all their reads. Loop structure of the lowered code and values against
numpy."""
import numpy as np
import pytest

import tvm
from tvm import te, tir


def _loops(mod):
    """(name, extent, depth) of the loops of the lowered function with an extent above 1
    (loops over one iteration, the attach point's own, are left out), in program order."""
    out = []

    def walk(n, depth):
        if n is None:
            return
        if isinstance(n, tir.SeqStmt):
            for x in n.seq:
                walk(x, depth)
            return
        if isinstance(n, tir.For):
            if isinstance(n.extent, tir.IntImm) and int(n.extent) > 1:
                out.append((n.loop_var.name_hint, int(n.extent), depth))
                depth += 1
        for attr in ("body", "then_case", "else_case"):
            if hasattr(n, attr):
                walk(getattr(n, attr), depth)

    walk(mod["main"].body, 0)
    return out


def _allocs(mod):
    """{buffer name: number of elements} of the allocations of the lowered function."""
    out = {}

    def visit(n):
        if isinstance(n, tir.Allocate):
            size = 1
            for e in n.extents:
                size *= int(e)
            out[n.buffer_var.name_hint] = size

    tir.post_order_visit(mod["main"].body, visit)
    return out


def _run(s, tensors, inputs):
    f = tvm.build(s, tensors, target="llvm")
    args = [tvm.nd.array(x) for x in inputs]
    outs = [tvm.nd.empty([int(d) for d in t.shape], t.dtype) for t in tensors[len(inputs):]]
    f(*args, *outs)
    return [o.numpy() for o in outs]


def _softmax(n, m):
    """The softmax stages: row max, exp, row sum of exp, normalized output."""
    A = te.placeholder((n, m), name="A")
    k1 = te.reduce_axis((0, m), "k1")
    mx = te.compute((n,), lambda i: te.max(A[i, k1], axis=k1), name="mx")
    e = te.compute((n, m), lambda i, j: te.exp(A[i, j] - mx[i]), name="e")
    k2 = te.reduce_axis((0, m), "k2")
    sm = te.compute((n,), lambda i: te.sum(e[i, k2], axis=k2), name="sm")
    out = te.compute((n, m), lambda i, j: e[i, j] / sm[i], name="out")
    return A, mx, e, sm, out


def _softmax_ref(a):
    z = np.exp(a - a.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("n,m", [(8, 64), (5, 37)])
def test_three_stages_with_two_consumers_each_computed_per_row(n, m):
    """mx (read by e), e (read by sm and out) and sm all at the row loop of out: one row loop
    holding a max loop, an exp loop, a sum loop and the output loop, with a row-sized buffer."""
    A, mx, e, sm, out = _softmax(n, m)
    s = te.create_schedule(out.op)
    i, j = s[out].op.axis
    for t in (mx, e, sm):
        s[t].compute_at(s[out], i)
    mod = tvm.lower(s, [A, out])
    # One row loop holding max, exp, sum and normalize, each over one row.
    assert [(ext, depth) for _, ext, depth in _loops(mod)] == [(n, 0)] + [(m, 1)] * 4
    allocs = _allocs(mod)
    assert allocs["e"] == m and allocs["mx"] == 1 and allocs["sm"] == 1, allocs
    a = np.random.uniform(-3, 3, (n, m)).astype("float32")
    (got,) = _run(s, [A, out], [a])
    np.testing.assert_allclose(got, _softmax_ref(a), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("n,m", [(8, 64), (3, 13)])
def test_reads_through_an_inlined_stage(n, m):
    """e inlined: mx is read by sm and out only through e; both are covered."""
    A, mx, e, sm, out = _softmax(n, m)
    s = te.create_schedule(out.op)
    s[e].compute_inline()
    i, _ = s[out].op.axis
    s[mx].compute_at(s[out], i)
    s[sm].compute_at(s[out], i)
    mod = tvm.lower(s, [A, out])
    assert [(ext, depth) for _, ext, depth in _loops(mod)] == [(n, 0)] + [(m, 1)] * 3
    assert "e" not in _allocs(mod)
    a = np.random.uniform(-3, 3, (n, m)).astype("float32")
    (got,) = _run(s, [A, out], [a])
    np.testing.assert_allclose(got, _softmax_ref(a), rtol=1e-5, atol=1e-6)


def test_compute_at_order_independent_of_call_order():
    """Attaching the consumers first and the producers later gives the same nest (stages at one
    loop run producers first)."""
    A, mx, e, sm, out = _softmax(6, 20)
    s = te.create_schedule(out.op)
    i, _ = s[out].op.axis
    for t in (sm, e, mx):
        s[t].compute_at(s[out], i)
    a = np.random.uniform(-3, 3, (6, 20)).astype("float32")
    (got,) = _run(s, [A, out], [a])
    np.testing.assert_allclose(got, _softmax_ref(a), rtol=1e-5, atol=1e-6)


def test_tile_of_rows_covers_every_consumer_read():
    """Attached at the outer loop of a split row axis (4 rows per tile, 10 rows: a tail), the
    stages cover the 4 rows of the tile, vectorized, parallel over tiles."""
    n, m = 10, 32
    A, mx, e, sm, out = _softmax(n, m)
    s = te.create_schedule(out.op)
    i, j = s[out].op.axis
    io, ii = s[out].split(i, factor=4)
    s[out].parallel(io)
    s[out].vectorize(s[out].split(j, factor=8)[1])
    for t in (mx, e, sm):
        s[t].compute_at(s[out], io)
    s[e].vectorize(s[e].split(s[e].op.axis[1], factor=8)[1])
    mod = tvm.lower(s, [A, out])
    allocs = _allocs(mod)
    assert allocs["e"] == 4 * m and allocs["mx"] == 4 and allocs["sm"] == 4, allocs
    a = np.random.uniform(-3, 3, (n, m)).astype("float32")
    (got,) = _run(s, [A, out], [a])
    np.testing.assert_allclose(got, _softmax_ref(a), rtol=1e-5, atol=1e-6)


def test_consumer_at_an_inner_loop_of_the_parent():
    """B at C's outer tile loop, read by C and by D computed at C's inner row loop: B covers
    the tile, D one row of it, with a shifted read (B[i, j + 1])."""
    n = 16
    A = te.placeholder((n, n + 1), name="A")
    B = te.compute((n, n + 1), lambda i, j: A[i, j] * 2.0, name="B")
    D = te.compute((n, n), lambda i, j: B[i, j + 1] - B[i, j], name="D")
    C = te.compute((n, n), lambda i, j: D[i, j] + B[i, j], name="C")
    s = te.create_schedule(C.op)
    i, j = s[C].op.axis
    io, ii = s[C].split(i, factor=4)
    s[B].compute_at(s[C], io)
    s[D].compute_at(s[C], ii)
    mod = tvm.lower(s, [A, C])
    allocs = _allocs(mod)
    assert allocs["B"] == 4 * (n + 1) and allocs["D"] == n, allocs
    a = np.random.rand(n, n + 1).astype("float32")
    (got,) = _run(s, [A, C], [a])
    b = a * 2
    np.testing.assert_allclose(got, (b[:, 1:] - b[:, :-1]) + b[:, :-1], rtol=1e-6)


def test_two_statistics_and_normalize_per_row():
    """layer_norm's stages: the mean (read by the variance and the output) and the variance
    both at the output's row loop."""
    n, m = 7, 45
    A = te.placeholder((n, m), name="A")
    k1 = te.reduce_axis((0, m), "k1")
    total = te.compute((n,), lambda i: te.sum(A[i, k1], axis=k1), name="total")
    mean = te.compute((n,), lambda i: total[i] / m, name="mean")
    k2 = te.reduce_axis((0, m), "k2")
    var = te.compute((n,), lambda i: te.sum((A[i, k2] - mean[i]) * (A[i, k2] - mean[i]),
                                           axis=k2), name="var")
    out = te.compute((n, m), lambda i, j: (A[i, j] - mean[i]) / te.sqrt(var[i] / m + 1e-5),
                     name="out")
    s = te.create_schedule(out.op)
    i, _ = s[out].op.axis
    s[out].parallel(i)
    s[mean].compute_inline()
    s[total].compute_at(s[out], i)
    s[var].compute_at(s[out], i)
    loops = _loops(tvm.lower(s, [A, out]))
    assert [(ext, depth) for _, ext, depth in loops] == [(n, 0)] + [(m, 1)] * 3
    a = np.random.uniform(-2, 2, (n, m)).astype("float32")
    (got,) = _run(s, [A, out], [a])
    mu = a.mean(axis=1, keepdims=True)
    ref = (a - mu) / np.sqrt(a.var(axis=1, keepdims=True) + 1e-5)
    np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-5)


def test_rfactor_partial_at_the_same_loop_as_its_consumer():
    """A vectorized row sum (rfactor by 8) and its combine stage both at the output's row
    loop; the partial's only reader is the combine stage, a sibling."""
    n, m = 5, 64
    A = te.placeholder((n, m), name="A")
    k = te.reduce_axis((0, m), "k")
    sm = te.compute((n,), lambda i: te.sum(A[i, k], axis=k), name="sm")
    out = te.compute((n, m), lambda i, j: A[i, j] / sm[i], name="out")
    s = te.create_schedule(out.op)
    _, ki = s[sm].split(k, factor=8)
    rf = s.rfactor(sm, ki, factor_axis=1)
    i, _ = s[out].op.axis
    s[sm].compute_at(s[out], i)
    s[rf].compute_at(s[out], i)
    s[rf].reorder(*(list(s[rf].op.reduce_axis) + [s[rf].op.axis[1]]))
    s[rf].vectorize(s[rf].op.axis[1])
    mod = tvm.lower(s, [A, out])
    assert _allocs(mod)["sm.rf"] == 8
    a = np.random.rand(n, m).astype("float32")
    (got,) = _run(s, [A, out], [a])
    np.testing.assert_allclose(got, a / a.sum(axis=1, keepdims=True), rtol=1e-5)


def test_reader_outside_the_attach_loop_is_an_error():
    """mx at out's row loop but sm (which reads mx through e) at the root: a ValueError
    naming both stages."""
    A, mx, e, sm, out = _softmax(4, 16)
    s = te.create_schedule(out.op)
    s[e].compute_inline()
    s[mx].compute_at(s[out], s[out].op.axis[0])
    with pytest.raises(ValueError, match="mx is computed at loop i of out but is also read by sm"):
        tvm.lower(s, [A, out])


def test_reader_at_an_outer_loop_is_an_error():
    """B at C's inner loop, D (reading B) at C's outer loop: D would run before B exists."""
    n = 8
    A = te.placeholder((n, n), name="A")
    B = te.compute((n, n), lambda i, j: A[i, j] * 2.0, name="B")
    D = te.compute((n, n), lambda i, j: B[i, j] + 1.0, name="D")
    C = te.compute((n, n), lambda i, j: D[i, j] + B[i, j], name="C")
    s = te.create_schedule(C.op)
    i, j = s[C].op.axis
    s[B].compute_at(s[C], j)
    s[D].compute_at(s[C], i)
    with pytest.raises(ValueError, match="read by D, computed at the outer loop i"):
        tvm.lower(s, [A, C])


def test_attach_to_a_stage_that_does_not_read_it_at_all_is_an_error():
    """The parent must read the stage directly or through other stages; an unrelated stage
    is refused at lowering, naming both."""
    A, mx, e, sm, out = _softmax(4, 16)
    other = te.compute((4,), lambda i: A[i, 0] * 2.0, name="other")
    s = te.create_schedule([out.op, other.op])
    s[mx].compute_at(s[other], s[other].op.axis[0])
    with pytest.raises(ValueError, match="other does not read mx"):
        tvm.lower(s, [A, out, other])


def test_reader_inside_a_stage_computed_at_the_loop():
    """B at C's row loop is read by E (at the same loop) and by D, which is computed at E's
    column tile: D's reads are covered through E's loops. B is one row, D one tile."""
    n = 12
    A = te.placeholder((n, n + 1), name="A")
    B = te.compute((n, n + 1), lambda i, j: A[i, j] * 2.0, name="B")
    D = te.compute((n, n), lambda i, j: B[i, j + 1] - B[i, j], name="D")
    E = te.compute((n, n), lambda i, j: D[i, j] * B[i, j], name="E")
    C = te.compute((n, n), lambda i, j: E[i, j] + 1.0, name="C")
    s = te.create_schedule(C.op)
    i, _ = s[C].op.axis
    s[B].compute_at(s[C], i)
    s[E].compute_at(s[C], i)
    ej = s[E].op.axis[1]
    ejo, _ = s[E].split(ej, factor=4)
    s[D].compute_at(s[E], ejo)
    mod = tvm.lower(s, [A, C])
    allocs = _allocs(mod)
    assert allocs["B"] == n + 1 and allocs["D"] == 4 and allocs["E"] == n, allocs
    a = np.random.rand(n, n + 1).astype("float32")
    (got,) = _run(s, [A, C], [a])
    b = a * 2
    np.testing.assert_allclose(got, (b[:, 1:] - b[:, :-1]) * b[:, :-1] + 1, rtol=1e-5)


def test_nested_reader_outside_the_attach_loop_is_an_error():
    """B at C's inner loop j, read by D computed within E, which sits at C's outer loop i."""
    n = 8
    A = te.placeholder((n, n), name="A")
    B = te.compute((n, n), lambda i, j: A[i, j] * 2.0, name="B")
    D = te.compute((n, n), lambda i, j: B[i, j] + 1.0, name="D")
    E = te.compute((n, n), lambda i, j: D[i, j] * 3.0, name="E")
    C = te.compute((n, n), lambda i, j: E[i, j] + B[i, j], name="C")
    s = te.create_schedule(C.op)
    i, j = s[C].op.axis
    s[B].compute_at(s[C], j)
    s[E].compute_at(s[C], i)
    s[D].compute_at(s[E], s[E].op.axis[0])
    with pytest.raises(ValueError, match="read by D, computed within E at the outer loop i"):
        tvm.lower(s, [A, C])
