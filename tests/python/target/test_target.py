"""tvm.target.Target: parsing, attributes, scoping and errors."""
import pytest

import tvm
from tvm.target import Target


def test_parse_llvm_with_options():
    """Options keep their types: -mcpu a string, -mattr a list, -num-cores an int."""
    t = Target("llvm -mcpu=skylake-avx512 -mattr=+avx512f,+fma -mtriple=x86_64-linux-gnu "
               "-num-cores=4")
    assert t.kind.name == "llvm"
    assert list(t.keys) == ["cpu"]
    assert t.mcpu == "skylake-avx512"
    assert t.mattr == ["+avx512f", "+fma"]
    assert t.attrs["mtriple"] == "x86_64-linux-gnu"
    assert int(t.attrs["num-cores"]) == 4
    assert str(t) == ("llvm -mcpu=skylake-avx512 -mattr=+avx512f,+fma "
                      "-mtriple=x86_64-linux-gnu -num-cores=4")


def test_gpu_kinds_and_keys():
    """GPU kinds parse their options and carry the "gpu" key."""
    t = Target("cuda -arch=sm_80 -max_num_threads=1024")
    assert t.kind.name == "cuda"
    assert list(t.keys) == ["cuda", "gpu"]
    assert t.attrs["arch"] == "sm_80"
    assert int(t.attrs["max_num_threads"]) == 1024
    cl = Target("opencl -device=mali")
    assert cl.kind.name == "opencl" and cl.attrs["device"] == "mali"
    assert "gpu" in list(cl.keys)


def test_str_roundtrip():
    """str(Target) parses back to an equal target."""
    t = Target("llvm -mcpu=znver3")
    assert Target(str(t)) == t
    assert Target("c").kind.name == "c"


def test_list_kinds():
    """At least the four kinds of the classic flow are known."""
    kinds = Target.list_kinds()
    for k in ["llvm", "c", "cuda", "opencl"]:
        assert k in kinds


def test_unknown_kind_is_value_error():
    """The message names the bad kind and lists the valid ones."""
    with pytest.raises(ValueError) as err:
        Target("llvmx -mcpu=a")
    msg = str(err.value)
    assert "llvmx" in msg and "llvm" in msg and "cuda" in msg


def test_unknown_option_is_value_error():
    """The message names the bad option and lists valid ones."""
    with pytest.raises(ValueError) as err:
        Target("llvm -mfoo=bar")
    msg = str(err.value)
    assert "-mfoo" in msg and "-mcpu" in msg


def test_bad_integer_option():
    """A non-integer value for an integer option is a ValueError naming the option."""
    with pytest.raises(ValueError, match="num-cores"):
        Target("llvm -num-cores=many")


def test_current_scope():
    """`with target:` sets Target.current() and nests."""
    assert Target.current() is None
    outer = Target("llvm")
    inner = Target("cuda")
    with outer:
        assert Target.current() == outer
        with inner:
            assert Target.current() == inner
        assert Target.current() == outer
    assert Target.current() is None


def test_host_cpu_detection():
    """Plain "llvm" compiles for this host: the codegen reports a real CPU name."""
    cpu = tvm.target.codegen.llvm_get_host_cpu()
    assert isinstance(cpu, str) and cpu not in ("", "generic")
    feats = tvm.target.codegen.llvm_get_host_cpu_features()
    assert "+sse2" in feats
