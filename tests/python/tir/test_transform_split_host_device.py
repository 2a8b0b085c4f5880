"""SplitHostDevice: kernels outlined into device PrimFuncs, host code launching them."""
import tvm
from tvm import te, tir


def _kernel_body(A, B, n_blocks, threads):
    bx = te.thread_axis("blockIdx.x")
    tx = te.thread_axis("threadIdx.x")
    idx = bx.var * threads + tx.var
    store = tir.BufferStore(B, A[idx] * 2.0, [idx])
    return tir.AttrStmt(bx, "thread_extent", n_blocks,
                        tir.AttrStmt(tx, "thread_extent", threads, store))


def _split(body, *params, target="cuda"):
    mod = tvm.IRModule({"main": tir.PrimFunc(list(params), body).with_attr("global_symbol",
                                                                           "main")})
    return tvm.tir.transform.SplitHostDevice(tvm.target.Target(target))(mod)


def test_kernel_region_becomes_a_device_function():
    """The region under the outermost thread_extent is outlined with its buffers as params."""
    A = tir.decl_buffer((128,), "float32", "A")
    B = tir.decl_buffer((128,), "float32", "B")
    body = _kernel_body(A, B, 4, 32)
    out = _split(body, A, B)
    assert sorted(gv.name_hint for gv in out.get_global_vars()) == ["main", "main_kernel0"]
    kernel = out["main_kernel0"]
    tvm.ir.assert_structural_equal(kernel.body, body)
    assert [p.same_as(v) for p, v in zip(kernel.params, [B.data, A.data])] == [True, True]
    assert int(kernel.attrs["calling_conv"]) == 2
    assert list(kernel.attrs["tir.kernel_launch_params"]) == ["blockIdx.x", "threadIdx.x"]
    assert str(kernel.attrs["target"].kind) == "cuda"


def test_host_launches_the_kernel_with_args_then_extents():
    """The host body is one packed call: kernel name, pointers, then grid and block extents."""
    A = tir.decl_buffer((128,), "float32", "A")
    B = tir.decl_buffer((128,), "float32", "B")
    out = _split(_kernel_body(A, B, 4, 32), A, B)
    expected = tir.Evaluate(tir.call_packed("main_kernel0", B.data, A.data, 4, 32))
    tvm.ir.assert_structural_equal(out["main"].body, expected)
    assert int(out["main"].attrs["tir.device_type"]) == 2


def test_scalar_free_variables_are_kernel_parameters():
    """A symbolic size used in the kernel is passed after the pointers; extents may use it."""
    n = te.var("n")
    A = tir.decl_buffer((n,), "float32", "A")
    B = tir.decl_buffer((n,), "float32", "B")
    body = _kernel_body(A, B, (n + 31) // 32, 32)
    out = _split(body, A, B, target="opencl")
    kernel = out["main_kernel0"]
    assert [p.name_hint for p in kernel.params] == ["B", "A"]  # n is only in the launch extent
    host_call = out["main"].body.value
    tvm.ir.assert_structural_equal(host_call.args[3], (n + 31) // 32)
    assert int(out["main"].attrs["tir.device_type"]) == 4


def test_each_outermost_region_is_its_own_kernel():
    """Two kernel regions in sequence give two kernels and two launches, in order."""
    A = tir.decl_buffer((128,), "float32", "A")
    B = tir.decl_buffer((128,), "float32", "B")
    out = _split(tir.SeqStmt([_kernel_body(A, B, 4, 32), _kernel_body(B, A, 2, 64)]), A, B)
    seq = out["main"].body
    assert [c.value.args[0].value for c in seq.seq] == ["main_kernel0", "main_kernel1"]
    assert list(out["main_kernel1"].attrs["tir.kernel_launch_params"]) == \
        ["blockIdx.x", "threadIdx.x"]


def test_function_without_kernels_is_unchanged_but_marked():
    """A PrimFunc without thread bindings keeps its body (VerifyGPULaunch rejects it earlier)."""
    A = tir.decl_buffer((4,), "float32", "A")
    body = tir.BufferStore(A, tir.const(1.0), [0])
    out = _split(body, A)
    assert len(out.get_global_vars()) == 1
    tvm.ir.assert_structural_equal(out["main"].body, body)


def test_packed_host_function_sets_the_device_before_launching():
    """After MakePackedAPI, the host of a GPU function makes its arrays' device current first."""
    A = tir.decl_buffer((128,), "float32", "A")
    B = tir.decl_buffer((128,), "float32", "B")
    out = _split(_kernel_body(A, B, 4, 32), A, B, target="opencl")
    host = tvm.tir.transform.MakePackedAPI()(tvm.IRModule({"main": out["main"]}))["main"]
    text = str(host)
    assert '"__tvm_set_device", 4' in text
    assert text.index("__tvm_set_device") < text.index('"main_kernel0"')
