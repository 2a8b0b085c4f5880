"""storage_align: the realize of a stage carries a buffer_dim_align annotation, StorageFlatten
pads the strides so that stride % factor == offset, values are unchanged; misuse is an error."""
import numpy as np
import pytest

import tvm
from tvm import te, tir


def _producer_consumer(shape):
    A = te.placeholder(shape, name="A")
    if len(shape) == 2:
        B = te.compute(shape, lambda i, j: A[i, j] * 2.0, name="B")
        C = te.compute(shape, lambda i, j: B[i, j] + 1.0, name="C")
    else:
        B = te.compute(shape, lambda i, j, l: A[i, j, l] * 2.0, name="B")
        C = te.compute(shape, lambda i, j, l: B[i, j, l] + 1.0, name="C")
    return A, B, C


def _allocations(mod):
    out = {}

    def visit(n):
        if isinstance(n, tir.Allocate):
            out[n.buffer_var.name_hint] = list(n.extents)

    tir.post_order_visit(mod["main"].body, visit)
    return out


def _stores(mod, name):
    out = []

    def visit(n):
        if isinstance(n, tir.BufferStore) and n.buffer.name == name:
            out.append(n.indices[0])

    tir.post_order_visit(mod["main"].body, visit)
    return out


def test_schedule_ops_annotates_the_realize():
    """ScheduleOps wraps B's realize in buffer_dim_align with tvm_tuple(dim, factor, offset)."""
    A, B, C = _producer_consumer((64, 64))
    s = te.create_schedule(C.op)
    s[B].storage_align(B.op.axis[0], 32, 1)
    assert s[B].iter_var_attrs[B.op.axis[0]].dim_align_factor == 32
    stmt = tvm.get_global_func("te.ScheduleOps")(s)
    attrs = []
    tir.post_order_visit(stmt, lambda n: attrs.append(n) if isinstance(n, tir.AttrStmt) else None)
    assert len(attrs) == 1 and attrs[0].attr_key == "buffer_dim_align"
    assert attrs[0].node.op.same_as(B.op)
    assert [int(x) for x in attrs[0].value.args] == [0, 32, 1]
    assert isinstance(attrs[0].body, tir.ProducerRealize)


def test_aligned_rows_are_padded_in_the_allocation():
    """Rows of 64 floats aligned to stride % 32 == 1 get stride 65; the allocation grows."""
    A, B, C = _producer_consumer((64, 64))
    s = te.create_schedule(C.op)
    s[B].storage_align(B.op.axis[0], 32, 1)
    mod = tvm.lower(s, [A, C])
    assert [int(e) for e in _allocations(mod)["B"]] == [63 * 65 + 64]
    text = str(mod)
    assert "i * 65 + j" in text and "buffer_dim_align" not in text


def test_two_aligned_dimensions_with_a_symbolic_extent():
    """Dims 1 and 0 of an (m, 3, 10) tensor get strides 11 (% 8 == 3) and 48 (% 16 == 0)."""
    m = te.var("m")
    A, B, C = _producer_consumer((m, 3, 10))
    s = te.create_schedule(C.op)
    s[B].storage_align(B.op.axis[1], 8, 3)
    s[B].storage_align(B.op.axis[0], 16, 0)
    mod = tvm.lower(s, [A, C])
    (index,) = _stores(mod, "B")
    assert "i * 48 + j * 11 + l" in str(index)
    f = tvm.build(mod, target="llvm")
    for size in [1, 5]:
        a = np.random.rand(size, 3, 10).astype("float32")
        c = tvm.nd.empty((size, 3, 10), "float32")
        f["main"](tvm.nd.array(a), c)
        np.testing.assert_allclose(c.numpy(), a * 2 + 1, rtol=1e-6)


def test_an_already_aligned_stride_is_not_padded():
    """A stride that already satisfies stride % factor == offset stays as it is."""
    A, B, C = _producer_consumer((16, 32))
    s = te.create_schedule(C.op)
    s[B].storage_align(B.op.axis[0], 16, 0)
    mod = tvm.lower(s, [A, C])
    assert [int(e) for e in _allocations(mod)["B"]] == [512]


@pytest.mark.parametrize("factor,offset", [(32, 1), (8, 0), (5, 4)])
def test_aligned_transpose_matches_numpy(factor, offset):
    """A transposed read of an aligned intermediate gives numpy's values."""
    n, m = 37, 29
    A = te.placeholder((n, m), name="A")
    B = te.compute((n, m), lambda i, j: A[i, j] * 2.0, name="B")
    C = te.compute((m, n), lambda i, j: B[j, i] - 1.0, name="C")
    s = te.create_schedule(C.op)
    s[B].storage_align(B.op.axis[0], factor, offset)
    f = tvm.build(tvm.lower(s, [A, C]), target="llvm")
    a = np.random.rand(n, m).astype("float32")
    c = tvm.nd.empty((m, n), "float32")
    f["main"](tvm.nd.array(a), c)
    np.testing.assert_allclose(c.numpy(), (a * 2).T - 1, rtol=1e-6)


def test_alignment_of_a_stage_computed_at_a_tile():
    """A stage computed at a tile is realized over the tile with aligned strides; values hold."""
    n = 48
    A = te.placeholder((n, n), name="A")
    B = te.compute((n, n), lambda i, j: A[i, j] + 3.0, name="B")
    C = te.compute((n, n), lambda i, j: B[i, j] * B[i, j], name="C")
    s = te.create_schedule(C.op)
    xo, yo, xi, yi = s[C].tile(*C.op.axis, 8, 8)
    s[B].compute_at(s[C], yo)
    s[B].storage_align(B.op.axis[0], 4, 1)
    mod = tvm.lower(s, [A, C])
    # The 8x8 tile's rows get stride 9 (9 % 4 == 1).
    assert [int(e) for e in _allocations(mod)["B"]] == [7 * 9 + 8]
    f = tvm.build(mod, target="llvm")
    a = np.random.rand(n, n).astype("float32")
    c = tvm.nd.empty((n, n), "float32")
    f["main"](tvm.nd.array(a), c)
    np.testing.assert_allclose(c.numpy(), (a + 3) ** 2, rtol=1e-6)


def test_alignment_of_an_rfactor_stage():
    """storage_align on the factored stage of an rfactor pads it; the sum still matches numpy."""
    n, m = 16, 64
    A = te.placeholder((n, m), name="A")
    k = te.reduce_axis((0, m), "k")
    B = te.compute((n,), lambda i: te.sum(A[i, k], axis=k), name="B")
    s = te.create_schedule(B.op)
    ko, ki = s[B].split(k, factor=8)
    BF = s.rfactor(B, ki)
    s[BF].storage_align(BF.op.axis[0], 8, 4)
    mod = tvm.lower(s, [A, B])
    assert [int(e) for e in _allocations(mod)["B.rf"]] == [7 * 20 + 16]
    f = tvm.build(mod, target="llvm")
    a = np.random.rand(n, m).astype("float32")
    b = tvm.nd.empty((n,), "float32")
    f["main"](tvm.nd.array(a), b)
    np.testing.assert_allclose(b.numpy(), a.sum(axis=1), rtol=1e-5)


def test_storage_align_of_an_axis_of_another_stage_is_an_error():
    """An axis that is not a dimension of the stage's tensor is rejected, naming the stage."""
    A, B, C = _producer_consumer((16, 16))
    s = te.create_schedule(C.op)
    with pytest.raises(ValueError, match=r"axis i is not a dimension of the tensor of stage B"):
        s[B].storage_align(C.op.axis[0], 8, 0)
    xo, xi = s[B].split(B.op.axis[1], factor=4)
    with pytest.raises(ValueError, match=r"axis j.inner is not a dimension.*op.axis"):
        s[B].storage_align(xi, 8, 0)


def test_storage_align_of_a_reduction_axis_is_an_error():
    """A reduction axis is not a dimension of the stored tensor."""
    A = te.placeholder((16, 16), name="A")
    k = te.reduce_axis((0, 16), "k")
    B = te.compute((16,), lambda i: te.sum(A[i, k], axis=k), name="B")
    s = te.create_schedule(B.op)
    with pytest.raises(ValueError, match="axis k is not a dimension"):
        s[B].storage_align(k, 8, 0)


@pytest.mark.parametrize("factor,offset", [(0, 0), (-4, 1), (8, 8), (8, -1)])
def test_storage_align_with_a_bad_factor_or_offset_is_an_error(factor, offset):
    """factor must be positive and offset in [0, factor); the message gives both."""
    A, B, C = _producer_consumer((16, 16))
    s = te.create_schedule(C.op)
    with pytest.raises(ValueError, match=f"factor > 0 and 0 <= offset < factor, got factor "
                                         f"{factor} and offset {offset}"):
        s[B].storage_align(B.op.axis[0], factor, offset)


def test_storage_align_of_a_placeholder_is_an_error():
    """A placeholder's storage belongs to the caller: aligning it is rejected."""
    A, B, C = _producer_consumer((16, 16))
    s = te.create_schedule(C.op)
    with pytest.raises(ValueError, match="stage A is a placeholder"):
        s[A].storage_align(B.op.axis[0], 8, 0)
