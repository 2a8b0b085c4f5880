"""ThreadSync: barriers between the threads of a block around shared memory."""
import tvm
from tvm import te, tir


def _sync():
    return tir.Evaluate(tir.call_intrin("int32", "tir.tvm_storage_sync", tir.StringImm("shared")))


def _kernel(scope="shared"):
    A = tir.decl_buffer((64,), "float32", "A")
    B = tir.decl_buffer((64,), "float32", "B")
    S = tir.decl_buffer((32,), "float32", "S", scope=scope)
    tx = te.thread_axis("threadIdx.x")
    return A, B, S, tx


def _run(A, B, S, tx, inner):
    body = tir.AttrStmt(tx, "thread_extent", 32,
                        tir.Allocate(S.data, "float32", [32], tir.const(True), inner))
    mod = tvm.IRModule({"main": tir.PrimFunc([A, B], body)})
    out = tvm.tir.transform.ThreadSync("shared")(mod)["main"].body
    return out.body.body  # inside the thread_extent and the allocation


def test_barrier_between_write_and_read_by_other_threads():
    """A store to shared memory then a load of another thread's element gets one barrier."""
    A, B, S, tx = _kernel()
    write = tir.BufferStore(S, A[tx.var], [tx.var])
    read = tir.BufferStore(B, S[31 - tx.var], [tx.var])
    got = _run(A, B, S, tx, tir.SeqStmt([write, read]))
    tvm.ir.assert_structural_equal(got, tir.SeqStmt([write, _sync(), read]))


def test_loop_carried_reuse_gets_a_barrier_at_the_end_of_the_body():
    """Refilling the tile in the next iteration waits for this iteration's readers."""
    A, B, S, tx = _kernel()
    k = tir.Var("k", "int32")
    write = tir.BufferStore(S, A[k * 32 + tx.var], [tx.var])
    read = tir.BufferStore(B, B[tx.var] + S[31 - tx.var], [tx.var])
    loop = tir.For(k, 0, 2, tir.ForKind.SERIAL, tir.SeqStmt([write, read]))
    got = _run(A, B, S, tx, loop)
    expected = tir.For(k, 0, 2, tir.ForKind.SERIAL, tir.SeqStmt([write, _sync(), read, _sync()]))
    tvm.ir.assert_structural_equal(got, expected)


def test_local_memory_needs_no_barrier():
    """Memory private to a thread ("local") is never synchronized."""
    A, B, S, tx = _kernel(scope="local")
    inner = tir.SeqStmt([tir.BufferStore(S, A[tx.var], [0]), tir.BufferStore(B, S[0], [tx.var])])
    tvm.ir.assert_structural_equal(_run(A, B, S, tx, inner), inner)


def test_no_barrier_inside_a_condition():
    """A barrier is never placed inside an if (threads that skip it would deadlock)."""
    A, B, S, tx = _kernel()
    write = tir.BufferStore(S, A[tx.var], [tx.var])
    guarded = tir.IfThenElse(tx.var < 16,
                             tir.SeqStmt([write, tir.BufferStore(B, S[31 - tx.var], [tx.var])]),
                             None)
    got = _run(A, B, S, tx, guarded)
    tvm.ir.assert_structural_equal(got, guarded)


def test_independent_statements_are_not_separated():
    """Two writes of shared memory and reads of global memory need no barrier between them."""
    A, B, S, tx = _kernel()
    w1 = tir.BufferStore(S, A[tx.var], [tx.var])
    w2 = tir.BufferStore(B, A[tx.var + 32], [tx.var])
    got = _run(A, B, S, tx, tir.SeqStmt([w1, w2]))
    tvm.ir.assert_structural_equal(got, tir.SeqStmt([w1, w2]))
