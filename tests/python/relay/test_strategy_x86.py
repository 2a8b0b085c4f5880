"""Implementation choices of the x86 strategies, seen in what relay.build compiles: the
buffer names a schedule creates survive as LLVM alias metadata."""
import numpy as np
import pytest

import tvm
import tvm.contrib.graph_executor  # noqa: F401
from tvm import relay


@pytest.mark.parametrize("rows,packed", [(1, False), (15, False), (16, True), (32, True)])
def test_dense_packs_the_weight_only_for_16_rows_or_more(rows, packed):
    """dense with fewer than 16 rows runs the no-pack schedule (packing a constant weight at
    every run costs more than the product there); from 16 rows the packed GEMM. Both equal
    numpy."""
    rng = np.random.RandomState(rows)
    x = relay.var("x", shape=(rows, 64))
    w = rng.rand(48, 64).astype("float32")
    mod = tvm.IRModule.from_expr(relay.Function([x], relay.nn.dense(x, relay.const(w))))
    with tvm.transform.PassContext(opt_level=3):
        lib = relay.build(mod, target="llvm")
    src = lib.get_lib().get_source("ll")
    assert ('"T_dense_pack"' in src) == packed
    m = tvm.contrib.graph_executor.GraphModule(lib["default"](tvm.cpu()))
    a = rng.rand(rows, 64).astype("float32")
    m.run(x=a)
    np.testing.assert_allclose(m.get_output(0).numpy(), a @ w.T, rtol=1e-5, atol=1e-5)
