"""The C source target: its source text, compiling it, saving and exporting it, errors."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tvm
from tvm import tir

from llvm_helpers import elementwise


def build_c(func, name="f"):
    return tvm.build(func, target="c", name=name)


def test_module_kind_and_source_has_the_function():
    """tvm.build(target="c") gives a "c" module whose source defines the packed function."""
    mod = build_c(elementwise(8, ["float32"] * 2, lambda x: x + 1.0), name="add_one")
    assert mod.type_key == "c"
    src = mod.get_source()
    assert "int32_t add_one(void* args, void* arg_type_ids, int32_t num_args" in src
    assert '__tvm_main__[] = "add_one"' in src
    assert "__tvm_module_ctx" in src


def test_source_is_valid_c99_without_include_paths(tmp_path):
    """The source compiles on its own as C99 (pedantic warnings as errors aside from
    extensions we guard), with no -I option."""
    n = tir.SizeVar("n", "int32")
    A = tir.decl_buffer((n,), "float32", "A")
    B = tir.decl_buffer((n,), "float32", "B")
    i = tir.Var("i", "int32")
    body = tir.For(i, 0, n, tir.ForKind.PARALLEL,
                   tir.BufferStore(B, tir.exp(A[i]) + tir.floordiv(i, 3).astype("float32"), [i]))
    src = build_c(tir.PrimFunc([A, B], body)).get_source()
    path = tmp_path / "m.c"
    path.write_text(src)
    proc = subprocess.run(["cc", "-std=c99", "-Wall", "-Werror", "-Wno-unused-function", "-c",
                           str(path), "-o", str(tmp_path / "m.o")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_wrong_shape_is_a_value_error_with_the_message():
    """A packed-API check failing in C code raises ValueError with MakePackedAPI's message."""
    mod = build_c(elementwise(16, ["float32"] * 2, lambda x: x * 2.0))
    good = tvm.nd.empty((16,), "float32")
    with pytest.raises(ValueError, match=r"A.shape\[0\] has an unexpected value: expected 16, "
                                         r"got 3"):
        mod["f"](tvm.nd.array(np.zeros(3, "float32")), good)
    with pytest.raises(TypeError, match="expected 2 arguments, got 1"):
        mod["f"](good)
    with pytest.raises(ValueError, match="A.dtype has an unexpected value: expected float32"):
        mod["f"](tvm.nd.array(np.zeros(16, "int32")), good)


def test_vector_ramp_is_a_lane_loop():
    """16-lane Ramp code is scalarized into a loop over lanes and computes the right values."""
    n = 64
    mod = build_c(elementwise(n, ["float32"] * 3, lambda a, b: a * b + a, lanes=16))
    assert "for (int32_t tvmc_lane = 0; tvmc_lane < 16; ++tvmc_lane)" in mod.get_source()
    a, b = np.random.rand(n).astype("float32"), np.random.rand(n).astype("float32")
    c = tvm.nd.empty((n,), "float32")
    mod["f"](tvm.nd.array(a), tvm.nd.array(b), c)
    np.testing.assert_allclose(c.numpy(), a * b + a, rtol=1e-6)


def test_parallel_loop_is_outlined_and_launched():
    """A PARALLEL loop becomes a static task function run through __TVMBackendParallelLaunch,
    and every row is written once."""
    rows, cols = 64, 33
    A = tir.decl_buffer((rows * cols,), "float32", "A")
    B = tir.decl_buffer((rows,), "float32", "B")
    i, j = tir.Var("i", "int32"), tir.Var("j", "int32")
    body = tir.For(i, 0, rows, tir.ForKind.PARALLEL, tir.SeqStmt([
        tir.BufferStore(B, tir.const(0, "float32"), [i]),
        tir.For(j, 0, cols, tir.ForKind.SERIAL,
                tir.BufferStore(B, B[i] + A[i * cols + j], [i]))]))
    mod = build_c(tir.PrimFunc([A, B], body))
    src = mod.get_source()
    assert "static int f_compute_1(int tvmc_task, tvmc_penv_t* tvmc_penv, void* tvmc_cdata)" in src
    assert "__TVMBackendParallelLaunch(f_compute_1" in src
    a = np.random.rand(rows * cols).astype("float32")
    b = tvm.nd.array(np.full(rows, -1, "float32"))
    mod["f"](tvm.nd.array(a), b)
    np.testing.assert_allclose(b.numpy(), a.reshape(rows, cols).sum(axis=1), rtol=1e-5)


def test_large_allocate_uses_workspace_small_one_the_stack():
    """An allocation over 64 KiB comes from __TVMBackendAllocWorkspace (and is freed); a small
    constant one is a stack array."""
    def program(n):
        A = tir.decl_buffer((n,), "float32", "A")
        B = tir.decl_buffer((n,), "float32", "B")
        tmp = tir.Var("tmp", tvm.ir.PointerType(tvm.ir.PrimType("float32")))
        T = tir.decl_buffer((n,), "float32", "T", data=tmp)
        i = tir.Var("i", "int32")
        body = tir.Allocate(tmp, "float32", [n], tir.const(True), tir.SeqStmt([
            tir.For(i, 0, n, tir.ForKind.SERIAL, tir.BufferStore(T, A[i] + 1.0, [i])),
            tir.For(i, 0, n, tir.ForKind.SERIAL, tir.BufferStore(B, T[n - 1 - i], [i]))]))
        return tir.PrimFunc([A, B], body)

    for n, marker in [(100000, "__TVMBackendAllocWorkspace(1, 0"), (100, "tmp_storage[100]")]:
        mod = build_c(program(n))
        src = mod.get_source()
        assert marker in src
        assert ("__TVMBackendFreeWorkspace(1, 0, tmp)" in src) == (n == 100000)
        a = np.random.rand(n).astype("float32")
        b = tvm.nd.empty((n,), "float32")
        mod["f"](tvm.nd.array(a), b)
        np.testing.assert_allclose(b.numpy(), (a + 1)[::-1], rtol=1e-6)


def test_variables_named_like_c_keywords_and_libm():
    """TIR variables called int, exp, y0 or tvmc_lane get C names that compile."""
    A = tir.decl_buffer((8,), "float32", "int")
    B = tir.decl_buffer((8,), "float32", "exp")
    i = tir.Var("y0", "int32")
    x = tir.Var("tvmc_lane", "float32")
    body = tir.For(i, 0, 8, tir.ForKind.SERIAL,
                   tir.LetStmt(x, tir.exp(A[i]), tir.BufferStore(B, x + 1.0, [i])))
    mod = build_c(tir.PrimFunc([A, B], body))
    a = np.random.rand(8).astype("float32")
    b = tvm.nd.empty((8,), "float32")
    mod["f"](tvm.nd.array(a), b)
    np.testing.assert_allclose(b.numpy(), np.exp(a) + 1, rtol=1e-6)


def test_floor_and_truncating_division_and_modulo():
    """FloorDiv/FloorMod follow floor semantics, Div/Mod C truncation, for negative operands."""
    n = 12
    A = tir.decl_buffer((n,), "int32", "A")
    B = tir.decl_buffer((n,), "int32", "B")
    out = [tir.decl_buffer((n,), "int32", name) for name in ("FD", "FM", "TD", "TM")]
    i = tir.Var("i", "int32")
    ops = [tir.floordiv, tir.floormod, tir.truncdiv, tir.truncmod]
    body = tir.For(i, 0, n, tir.ForKind.SERIAL, tir.SeqStmt(
        [tir.BufferStore(o, op(A[i], B[i]), [i]) for o, op in zip(out, ops)]))
    mod = build_c(tir.PrimFunc([A, B] + out, body))
    a = np.array([7, -7, 7, -7, 0, 5, -5, 13, -13, 1, -1, 100], "int32")
    b = np.array([2, 2, -2, -2, 3, 5, 5, -4, 4, 7, 7, -9], "int32")
    nds = [tvm.nd.empty((n,), "int32") for _ in range(4)]
    mod["f"](tvm.nd.array(a), tvm.nd.array(b), *nds)
    np.testing.assert_array_equal(nds[0].numpy(), np.floor_divide(a, b))
    np.testing.assert_array_equal(nds[1].numpy(), np.mod(a, b))
    np.testing.assert_array_equal(nds[2].numpy(), np.trunc(a / b).astype("int32"))
    np.testing.assert_array_equal(nds[3].numpy(), np.fmod(a, b))


def test_save_source_and_object(tmp_path):
    """save() writes the C text (.c) and an ELF object compiled from it (.o)."""
    mod = build_c(elementwise(8, ["float32"] * 2, lambda x: x + 1.0))
    mod.save(str(tmp_path / "x.c"))
    mod.save(str(tmp_path / "x.o"))
    assert (tmp_path / "x.c").read_text() == mod.get_source()
    assert (tmp_path / "x.o").read_bytes()[:4] == b"\x7fELF"
    with pytest.raises(ValueError, match="expected c, o or so"):
        mod.save(str(tmp_path / "x.bin"))


def test_gpu_thread_binding_is_an_error():
    """A loop bound to a GPU thread axis cannot be built for the CPU C target."""
    A = tir.decl_buffer((8,), "float32", "A")
    i = tir.Var("i", "int32")
    body = tir.For(i, 0, 8, tir.ForKind.THREAD_BINDING, tir.BufferStore(A, 1.0, [i]),
                   thread_binding=tir.IterVar(None, tir.Var("tx", "int32"), 1, "threadIdx.x"))
    with pytest.raises(ValueError, match="GPU thread axis"):
        build_c(tir.PrimFunc([A], body))


def test_export_library_and_load_in_another_process(tmp_path):
    """export_library compiles the C source into a .so that load_module runs in a fresh
    process."""
    n = 33
    lib = str(tmp_path / "addmul.so")
    build_c(elementwise(n, ["float32"] * 3, lambda a, b: a * b + 2.0), name="addmul") \
        .export_library(lib)
    script = textwrap.dedent(f"""
        import numpy as np, tvm
        m = tvm.runtime.load_module({lib!r})
        a = np.arange({n}, dtype="float32"); b = np.full({n}, 3, "float32")
        c = tvm.nd.empty(({n},), "float32")
        m["addmul"](tvm.nd.array(a), tvm.nd.array(b), c)
        np.testing.assert_allclose(c.numpy(), a * b + 2.0)
        m["__tvm_main__"](tvm.nd.array(a), tvm.nd.array(b), c)
        print("ok")
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=dict(os.environ), check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_te_matmul_with_cache_write_compute_at_parallel():
    """A tiled TE matmul (cache_write, compute_at, parallel, vectorize) built directly for "c"
    matches numpy, for a size the tiles do not divide."""
    if tvm.get_global_func("driver.lower_schedule", allow_missing=True) is None:
        pytest.skip("TE lowering is not in this build")
    from tvm import te  # pylint: disable=import-outside-toplevel

    n = 50
    A = te.placeholder((n, n), name="A")
    B = te.placeholder((n, n), name="B")
    k = te.reduce_axis((0, n), "k")
    C = te.compute((n, n), lambda i, j: te.sum(A[i, k] * B[k, j], axis=k), name="C")
    s = te.create_schedule(C.op)
    CC = s.cache_write(C, "global")
    io, jo, _, _ = s[C].tile(C.op.axis[0], C.op.axis[1], 16, 16)
    s[CC].compute_at(s[C], jo)
    s[C].parallel(io)
    s[CC].vectorize(s[CC].op.axis[1])
    mod = tvm.build(s, [A, B, C], target="c", name="mm")
    assert "__TVMBackendParallelLaunch(mm_compute_1" in mod.get_source()
    a = np.random.rand(n, n).astype("float32")
    b = np.random.rand(n, n).astype("float32")
    c = tvm.nd.empty((n, n), "float32")
    mod["mm"](tvm.nd.array(a), tvm.nd.array(b), c)
    np.testing.assert_allclose(c.numpy(), a @ b, rtol=1e-4)


def test_compiler_failure_is_reported_on_first_use(monkeypatch):
    """When the C compiler fails, the first lookup raises an error carrying the command;
    building itself does not compile."""
    mod = build_c(elementwise(8, ["float32"] * 2, lambda x: x + 1.0))
    monkeypatch.setenv("CC", "false")
    with pytest.raises(tvm.error.InternalError, match="compiling the generated C source failed"):
        mod["f"]  # pylint: disable=pointless-statement


def test_shuffle_reverses_and_concatenates_vectors():
    """Shuffle lanes (a reversal of one vector, a pick from two concatenated ones and a
    single-lane extract) come out in the order of the indices."""
    A = tir.decl_buffer((8,), "float32", "A")
    B = tir.decl_buffer((8,), "float32", "B")
    C = tir.decl_buffer((1,), "float32", "C")
    lo, hi = A[tir.Ramp(0, 1, 4)], A[tir.Ramp(4, 1, 4)]
    body = tir.SeqStmt([
        tir.BufferStore(B, tir.Shuffle([lo], [3, 2, 1, 0]), [tir.Ramp(0, 1, 4)]),
        tir.BufferStore(B, tir.Shuffle([lo, hi], [7, 0, 5, 2]), [tir.Ramp(4, 1, 4)]),
        tir.BufferStore(C, tir.Shuffle([hi], [2]), [0])])
    mod = build_c(tir.PrimFunc([A, B, C], body))
    a = np.arange(8, dtype="float32") * 10
    b, c = tvm.nd.empty((8,), "float32"), tvm.nd.empty((1,), "float32")
    mod["f"](tvm.nd.array(a), b, c)
    np.testing.assert_array_equal(b.numpy(), a[[3, 2, 1, 0, 7, 0, 5, 2]])
    assert c.numpy()[0] == a[6]
