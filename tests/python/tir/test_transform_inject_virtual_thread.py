"""InjectVirtualThread: virtual thread bindings become serial loops; real threads stay."""
import tvm
from tvm import te, tir


def _func(body, *buffers):
    return tvm.IRModule({"main": tir.PrimFunc(list(buffers), body)})


def test_vthread_binding_becomes_a_serial_loop():
    """A "vthread" thread_extent of 2 is replaced by `for vthread in range(2)` over its body."""
    A = tir.decl_buffer((64,), "float32", "A")
    vt = te.thread_axis("vthread")
    tx = te.thread_axis("threadIdx.x")
    idx = vt.var * 32 + tx.var
    inner = tir.AttrStmt(tx, "thread_extent", 32, tir.BufferStore(A, A[idx] + 1.0, [idx]))
    before = tir.AttrStmt(vt, "thread_extent", 2, inner)
    after = tvm.tir.transform.InjectVirtualThread()(_func(before, A))["main"].body
    expected = tir.For(vt.var, 0, 2, tir.ForKind.SERIAL, inner)
    tvm.ir.assert_structural_equal(after, expected)


def test_real_thread_bindings_are_kept():
    """blockIdx/threadIdx bindings are not virtual and stay thread_extent attributes."""
    A = tir.decl_buffer((64,), "float32", "A")
    tx = te.thread_axis("threadIdx.x")
    before = tir.AttrStmt(tx, "thread_extent", 64, tir.BufferStore(A, A[tx.var] * 2.0, [tx.var]))
    after = tvm.tir.transform.InjectVirtualThread()(_func(before, A))["main"].body
    tvm.ir.assert_structural_equal(after, before)
