"""StorageRewrite: unread allocations removed, disjoint ones merged (IR and numerical)."""
import numpy as np

import tvm
from tvm import te, tir


def _alloc(name, n, dtype="float32", scope="global"):
    """A pointer variable and a flat buffer over it, as StorageFlatten makes them."""
    data = tir.Var(name, tvm.ir.PointerType(tvm.ir.PrimType(dtype), scope))
    return data, tir.decl_buffer((n,), dtype, name, data=data)


def _wrap(allocs, body):
    for data, buf in reversed(allocs):
        body = tir.Allocate(data, buf.dtype, [buf.shape[0]], tir.const(True, "bool"), body)
    return body


def _run(body, *params):
    mod = tvm.IRModule({"main": tir.PrimFunc(list(params), body)})
    return tvm.tir.transform.StorageRewrite()(mod)["main"].body


def _allocates(stmt):
    found = []
    tir.post_order_visit(
        stmt, lambda n: found.append(n) if isinstance(n, tir.Allocate) else None)
    return found


def _copy(dst, src, n, i_name):
    i = tir.Var(i_name, "int32")
    value = src[i] + 1.0
    if dst.dtype != value.dtype:
        value = tir.Cast(dst.dtype, value)
    return tir.For(i, 0, n, tir.ForKind.SERIAL, tir.BufferStore(dst, value, [i]))


def _chain(n, sizes, A, B):
    """A -> T0 -> T1 -> ... -> B, one loop per stage, each temporary used by two stages."""
    temps = [_alloc(f"T{k}", s) for k, s in enumerate(sizes)]
    bufs = [A] + [t[1] for t in temps] + [B]
    stages = [_copy(bufs[k + 1], bufs[k], n, f"i{k}") for k in range(len(bufs) - 1)]
    return temps, _wrap(temps, tir.SeqStmt(stages))


def test_two_sequential_temporaries_share_one_allocation():
    """In A -> T0 -> T1 -> T2 -> B, T0 and T2 are never live together and become one."""
    n = 16
    A, B = tir.decl_buffer((n,), "float32", "A"), tir.decl_buffer((n,), "float32", "B")
    temps, before = _chain(n, [n, n, n], A, B)
    after = _run(before, A, B)
    allocs = _allocates(after)
    assert len(allocs) == 2
    kept = {a.buffer_var.name_hint for a in allocs}
    assert kept == {"T0", "T1"}
    # T2's stores and loads now use T0's memory.
    stores = []
    tir.post_order_visit(
        after, lambda s: stores.append(s) if isinstance(s, tir.BufferStore) else None)
    assert [s.buffer.data.name_hint for s in stores] == ["T0", "T1", "T0", "B"]


def test_merged_allocation_has_the_largest_size():
    """Merging a 16- and a 40-element temporary gives one allocation of 40 elements."""
    A, B = tir.decl_buffer((16,), "float32", "A"), tir.decl_buffer((16,), "float32", "B")
    _, before = _chain(16, [16, 16, 40], A, B)
    sizes = sorted(int(a.extents[0]) for a in _allocates(_run(before, A, B)))
    assert sizes == [16, 40]


def test_overlapping_live_ranges_are_not_merged():
    """T0 is read by the last stage too, so it overlaps T1 and T2: nothing is merged."""
    n = 8
    A, B = tir.decl_buffer((n,), "float32", "A"), tir.decl_buffer((n,), "float32", "B")
    temps = [_alloc(f"T{k}", n) for k in range(3)]
    t0, t1, t2 = (t[1] for t in temps)
    i = tir.Var("i", "int32")
    last = tir.For(i, 0, n, tir.ForKind.SERIAL, tir.BufferStore(B, t2[i] + t0[i], [i]))
    before = _wrap(temps, tir.SeqStmt([_copy(t0, A, n, "a"), _copy(t1, t0, n, "b"),
                                       _copy(t2, t1, n, "c"), last]))
    after = _run(before, A, B)
    tvm.ir.assert_structural_equal(after, before)


def test_different_dtype_or_scope_is_not_merged():
    """Disjoint temporaries of another element type or storage scope keep their own memory."""
    n = 8
    A, B = tir.decl_buffer((n,), "float32", "A"), tir.decl_buffer((n,), "float32", "B")
    for t2 in (_alloc("T2", n, "float64"), _alloc("T2", n, scope="local")):
        temps = [_alloc("T0", n), _alloc("T1", n), t2]
        bufs = [A] + [t[1] for t in temps] + [B]
        stages = [_copy(bufs[k + 1], bufs[k], n, f"i{k}") for k in range(4)]
        before = _wrap(temps, tir.SeqStmt(stages))
        assert len(_allocates(_run(before, A, B))) == 3


def test_allocations_inside_a_loop_body_are_merged_per_iteration():
    """Temporaries allocated inside a loop body follow the same rule within one iteration."""
    n = 8
    A, B = tir.decl_buffer((n, n), "float32", "A"), tir.decl_buffer((n, n), "float32", "B")
    Af, Bf = (tir.decl_buffer((n * n,), "float32", b.name, data=b.data) for b in (A, B))
    temps = [_alloc(f"T{k}", n) for k in range(3)]
    t0, t1, t2 = (t[1] for t in temps)
    j = tir.Var("j", "int32")

    def row_loop(dst, src, name, src_row=False, dst_row=False):
        i = tir.Var(name, "int32")
        load = src[j * n + i] if src_row else src[i]
        return tir.For(i, 0, n, tir.ForKind.SERIAL,
                       tir.BufferStore(dst, load + 1.0, [j * n + i if dst_row else i]))

    inner = _wrap(temps, tir.SeqStmt([row_loop(t0, Af, "a", src_row=True), row_loop(t1, t0, "b"),
                                      row_loop(t2, t1, "c"), row_loop(Bf, t2, "d", dst_row=True)]))
    before = tir.For(j, 0, n, tir.ForKind.SERIAL, inner)
    after = _run(before, A, B)
    assert isinstance(after, tir.For)
    assert len(_allocates(after)) == 2
    f = tvm.build(tir.PrimFunc([A, B], after), target="llvm", name="f")
    a = np.random.rand(n, n).astype("float32")
    b = tvm.nd.empty((n, n), "float32")
    f["f"](tvm.nd.array(a), b)
    np.testing.assert_allclose(b.numpy(), a + 4, rtol=1e-6)


def test_symbolic_size_is_left_alone():
    """A temporary of symbolic size is not merged even with disjoint live ranges."""
    m = tir.Var("m", "int32")
    A, B = tir.decl_buffer((m,), "float32", "A"), tir.decl_buffer((m,), "float32", "B")
    temps = [_alloc(f"T{k}", m) for k in range(3)]
    bufs = [A] + [t[1] for t in temps] + [B]
    stages = [_copy(bufs[k + 1], bufs[k], m, f"i{k}") for k in range(4)]
    before = _wrap(temps, tir.SeqStmt(stages))
    tvm.ir.assert_structural_equal(_run(before, A, B), before)


def test_unread_allocation_is_removed_with_its_stores():
    """A temporary written but never read disappears, and so does the loop filling it."""
    n = 8
    A, B = tir.decl_buffer((n,), "float32", "A"), tir.decl_buffer((n,), "float32", "B")
    data, T = _alloc("T", n)
    useful = _copy(B, A, n, "i")
    before = _wrap([(data, T)], tir.SeqStmt([_copy(T, A, n, "j"), useful]))
    tvm.ir.assert_structural_equal(_run(before, A, B), useful)


def test_unread_allocation_with_a_side_effect_store_is_kept():
    """A store whose value calls an opaque extern function keeps its (unread) allocation."""
    n = 8
    A = tir.decl_buffer((n,), "float32", "A")
    data, T = _alloc("T", n)
    i = tir.Var("i", "int32")
    store = tir.BufferStore(T, tir.call_extern("float32", "side_effect", A[i]), [i])
    before = _wrap([(data, T)], tir.For(i, 0, n, tir.ForKind.SERIAL, store))
    tvm.ir.assert_structural_equal(_run(before, A), before)


def test_pointer_passed_to_a_call_counts_as_read():
    """An allocation whose pointer escapes into a call is kept even without loads."""
    n = 8
    data, T = _alloc("T", n)
    before = _wrap([(data, T)], tir.Evaluate(tir.call_extern("int32", "fill", data)))
    tvm.ir.assert_structural_equal(_run(before), before)


def _three_stage_chain(n):
    A = te.placeholder((n,), name="A")
    B = te.compute((n,), lambda i: A[i] * 2.0, name="B")
    C = te.compute((n,), lambda i: B[i] + 1.0, name="C")
    D = te.compute((n,), lambda i: te.exp(C[i] * 0.01), name="D")
    E = te.compute((n,), lambda i: D[i] - B[0], name="E")
    F = te.compute((n,), lambda i: E[i] * E[i], name="F")
    s = te.create_schedule(F.op)
    return s, A, F


def test_lowered_chain_has_fewer_allocations_and_same_values():
    """A chain of compute_root temporaries lowers to fewer Allocates and still matches numpy."""
    n = 100
    s, A, F = _three_stage_chain(n)
    lowered = tvm.lower(s, [A, F])["main"].body
    # B is read by the last stage (B[0]), so only C and E can share: 4 temporaries -> 3.
    assert len(_allocates(lowered)) == 3
    for target in ("llvm", "c"):
        f = tvm.build(s, [A, F], target=target, name="chain")
        a = np.random.uniform(-1, 1, n).astype("float32")
        out = tvm.nd.empty((n,), "float32")
        f["chain"](tvm.nd.array(a), out)
        b = a * 2
        e = np.exp((b + 1) * 0.01) - b[0]
        np.testing.assert_allclose(out.numpy(), e * e, rtol=1e-5, atol=1e-6)


def test_pass_without_allocations_returns_the_same_function():
    """A function without temporaries is returned unchanged (same object)."""
    A, B = tir.decl_buffer((4,), "float32", "A"), tir.decl_buffer((4,), "float32", "B")
    mod = tvm.IRModule({"main": tir.PrimFunc([A, B], _copy(B, A, 4, "i"))})
    assert tvm.tir.transform.StorageRewrite()(mod)["main"].same_as(mod["main"])
