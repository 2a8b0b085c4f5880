"""InjectDoubleBuffer: a double-buffered allocation in a loop becomes two alternating slots,
the first fetch moves before the loop and each iteration fetches the next one's data."""
import tvm
from tvm import te, tir


def _program(in_loop=True):
    A = tir.decl_buffer((128,), "float32", "A")
    B = tir.decl_buffer((32,), "float32", "B")
    S = tir.decl_buffer((32,), "float32", "S", scope="shared")
    tx = te.thread_axis("threadIdx.x")
    k = tir.Var("k", "int32")
    kk = k if in_loop else tir.const(0, "int32")
    fetch = tir.BufferStore(S, A[kk * 32 + tx.var], [tx.var])
    compute = tir.BufferStore(B, B[tx.var] + S[31 - tx.var], [tx.var])
    marked = tir.AttrStmt(S.data, "double_buffer_scope", 1, tir.SeqStmt([fetch, compute]))
    body = tir.Allocate(S.data, "float32", [32], tir.const(True), marked)
    if in_loop:
        body = tir.For(k, 0, 4, tir.ForKind.SERIAL, body)
    func = tir.PrimFunc([A, B], tir.AttrStmt(tx, "thread_extent", 32, body))
    return tvm.IRModule({"main": func}), S, k


def _passes(mod):
    mod = tvm.tir.transform.InjectDoubleBuffer()(mod)
    return mod, tvm.tir.transform.ThreadSync("shared")(mod)


def test_allocation_doubles_and_moves_out_of_the_loop():
    """The buffer gets 2 x 32 elements, allocated once outside the loop."""
    mod, S, _ = _program()
    out, _ = _passes(mod)
    alloc = out["main"].body.body
    assert isinstance(alloc, tir.Allocate) and alloc.buffer_var.same_as(S.data)
    assert int(alloc.extents[0]) == 64
    prologue, loop = alloc.body.seq
    assert isinstance(loop, tir.For)
    assert isinstance(prologue, tir.BufferStore)  # fetch of iteration 0, into slot 0


def test_loop_fetches_the_next_iteration_into_the_other_slot():
    """Inside the loop: a guarded double_buffer_write fetch of k + 1, then the compute of k."""
    mod, _, k = _program()
    out, _ = _passes(mod)
    loop = out["main"].body.body.body.seq[1]
    guarded, compute = loop.body.seq
    assert isinstance(guarded, tir.IfThenElse)
    tvm.ir.assert_structural_equal(guarded.condition, k + 1 < 0 + 4)
    assert guarded.then_case.attr_key == "double_buffer_write"
    text = str(out)
    assert "S_2[threadIdx_x + (k + 1) % 2 * 32] = A[(k + 1) * 32 + threadIdx_x]" in text
    assert "S_3[31 - threadIdx_x + k % 2 * 32]" in text


def test_one_barrier_per_iteration_after_thread_sync():
    """ThreadSync places one barrier before the loop and one at the end of each iteration."""
    mod, _, _ = _program()
    _, synced = _passes(mod)
    text = str(synced)
    assert text.count("tvm_storage_sync") == 2
    loop = synced["main"].body.body.body.seq[-1]
    last = loop.body.seq[-1]
    assert last.value.op.name == "tir.tvm_storage_sync"


def test_without_an_enclosing_loop_the_single_buffer_is_kept():
    """Outside any loop there is nothing to alternate: the annotation is dropped, values kept."""
    mod, _, _ = _program(in_loop=False)
    out, _ = _passes(mod)
    alloc = out["main"].body.body
    assert int(alloc.extents[0]) == 32
    assert "double_buffer" not in str(out)
