"""VectorizeLoop, UnrollLoop and RemoveNoOp: IR before and after, by structural equality."""
import tvm
from tvm import tir


def _func(body, *buffers):
    return tvm.IRModule({"main": tir.PrimFunc(list(buffers), body)})


def _buffers(n=16):
    return tir.decl_buffer((n,), "float32", "A"), tir.decl_buffer((n,), "float32", "B")


def test_vectorize_turns_the_loop_into_ramp_loads_and_stores():
    """A vectorized loop of extent 8 becomes one 8-lane store of an 8-lane expression."""
    A, B = _buffers()
    i = tir.Var("i", "int32")
    before = tir.For(i, 0, 8, tir.ForKind.VECTORIZED, tir.BufferStore(B, A[i] * 2.0, [i]))
    ramp = tir.Ramp(tir.const(0), tir.const(1), 8)
    expected = tir.BufferStore(B, tir.BufferLoad(A, [ramp]) * tir.Broadcast(tir.const(2.0), 8), [ramp])
    after = tvm.tir.transform.VectorizeLoop()(_func(before, A, B))
    tvm.ir.assert_structural_equal(after["main"].body, expected)


def test_vectorize_offsets_the_ramp_by_the_loop_min():
    """A loop starting at 4 vectorizes to a Ramp starting at 4."""
    A, B = _buffers()
    i = tir.Var("i", "int32")
    before = tir.For(i, 4, 8, tir.ForKind.VECTORIZED, tir.BufferStore(B, A[i], [i]))
    after = tvm.tir.transform.VectorizeLoop()(_func(before, A, B))
    text = str(after)
    assert "T.Ramp(0 + 4, 1, 8)" in text or "T.Ramp(4, 1, 8)" in text


def test_vectorize_keeps_a_loop_it_cannot_vectorize():
    """A store to one scalar address in a vectorized loop stays a serial loop (never wrong)."""
    A, B = _buffers()
    i = tir.Var("i", "int32")
    before = tir.For(i, 0, 8, tir.ForKind.VECTORIZED, tir.BufferStore(B, A[i], [tir.const(0)]))
    after = tvm.tir.transform.VectorizeLoop()(_func(before, A, B))["main"].body
    assert isinstance(after, tir.For) and after.kind == tir.ForKind.SERIAL


def test_unroll_replaces_the_loop_by_copies():
    """An unrolled loop of extent 3 becomes three stores with the index substituted."""
    A, B = _buffers()
    i = tir.Var("i", "int32")
    before = tir.For(i, 0, 3, tir.ForKind.UNROLLED, tir.BufferStore(B, A[i], [i]))
    expected = tir.SeqStmt([tir.BufferStore(B, A[k], [k]) for k in
                            [tir.const(0), tir.const(1), tir.const(2)]])
    after = tvm.tir.transform.UnrollLoop()(_func(before, A, B))
    tvm.ir.assert_structural_equal(after["main"].body, expected)


def test_unroll_keeps_a_symbolic_loop():
    """A loop with a symbolic extent cannot be copied out and stays a (serial) loop."""
    n = tir.Var("n", "int32")
    A = tir.decl_buffer((n,), "float32", "A")
    i = tir.Var("i", "int32")
    before = tir.For(i, 0, n, tir.ForKind.UNROLLED, tir.BufferStore(A, tir.const(0.0), [i]))
    after = tvm.tir.transform.UnrollLoop()(_func(before, A))["main"].body
    assert isinstance(after, tir.For)


def test_remove_no_op_drops_empty_loops_and_dead_branches():
    """Loops over no-ops, ifs on constants and constant evaluations disappear."""
    A, B = _buffers()
    i = tir.Var("i", "int32")
    store = tir.BufferStore(B, A[i], [i])
    before = tir.SeqStmt([
        tir.For(i, 0, 8, tir.ForKind.SERIAL, tir.Evaluate(0)),
        tir.IfThenElse(tir.const(False), store, None),
        tir.For(i, 0, 8, tir.ForKind.SERIAL, store),
    ])
    expected = tir.For(i, 0, 8, tir.ForKind.SERIAL, store)
    after = tvm.tir.transform.RemoveNoOp()(_func(before, A, B))
    tvm.ir.assert_structural_equal(after["main"].body, expected)
