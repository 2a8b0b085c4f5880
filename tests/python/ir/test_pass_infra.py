"""The pass infrastructure from Python: tvm.transform (passes, Sequential, PassContext,
config options) and tvm.instrument (hooks, timing), including errors raised inside passes
and instruments.

The passes are trivial: each appends its name to the module attribute "trace" and returns a
new module, so the trace records which passes ran, in which order, and that each pass got
the previous one's output.
"""
import re
import threading
import uuid

import pytest

import tvm
from tvm import transform
from tvm.instrument import PassInstrument, PassTimingInstrument, pass_instrument

_object_get_attr = tvm.get_global_func("runtime.ObjectGetAttr")

transform.register_config_option("testing.py_pass_infra.int_opt", int)
transform.register_config_option("testing.py_pass_infra.bool_opt", bool)
transform.register_config_option("testing.py_pass_infra.str_opt", str)


def _trace(mod):
    if mod.attrs is None:
        return []
    attrs = _object_get_attr(mod.attrs, "__dict__")
    return list(attrs["trace"]) if "trace" in attrs else []


def _marker(name, opt_level=0, required=None, events=None):
    """A pass named `name` appending `name` to the module trace (and to `events`)."""

    @transform.module_pass(opt_level=opt_level, name=name, required=required)
    def _pass(mod, ctx):
        if events is not None:
            events.append(name)
        return tvm.IRModule(attrs={"trace": _trace(mod) + [name]})

    return _pass


def _run(passes, **ctx_args):
    """The trace of running Sequential(passes) on an empty module in PassContext(**ctx_args)."""
    with transform.PassContext(**ctx_args):
        return _trace(transform.Sequential(passes)(tvm.IRModule()))


@pytest.fixture
def default_ctx():
    """This thread's default PassContext; each test must leave it current."""
    ctx = transform.PassContext.current()
    yield ctx
    assert transform.PassContext.current().same_as(ctx)


@pass_instrument
class Recorder:
    """Records every hook as "<id> <hook> [<pass>]"; can skip passes and fail in one hook."""

    def __init__(self, ident, events, skip=(), fail_in=None):
        self.ident = ident
        self.events = events
        self.skip = set(skip)
        self.fail_in = fail_in

    def _record(self, hook, info=None):
        self.events.append(f"{self.ident} {hook}" + (f" {info.name}" if info else ""))
        if hook == self.fail_in:
            raise RuntimeError(f"{self.ident} {hook}: just a dummy error")

    def enter_pass_ctx(self):
        self._record("enter_pass_ctx")

    def exit_pass_ctx(self):
        self._record("exit_pass_ctx")

    def should_run(self, mod, info):
        self._record("should_run", info)
        return info.name not in self.skip

    def run_before_pass(self, mod, info):
        self._record("run_before_pass", info)

    def run_after_pass(self, mod, info):
        self._record("run_after_pass", info)


# ---- passes and Sequential ------------------------------------------------------------------


def test_pass_info_fields():
    """PassInfo keeps opt_level, name, required and traceable."""
    info = transform.PassInfo(opt_level=1, name="xyz", required=["A"], traceable=True)
    assert info.opt_level == 1
    assert info.name == "xyz"
    assert list(info.required) == ["A"]
    assert info.traceable


def test_public_names():
    """tvm.transform and tvm.instrument are the same modules' API as tvm.ir.*."""
    assert tvm.transform.PassContext is tvm.ir.transform.PassContext
    assert tvm.transform.module_pass is tvm.ir.transform.module_pass
    assert tvm.instrument.PassTimingInstrument is tvm.ir.instrument.PassTimingInstrument


def test_module_pass_decorator_on_function():
    """@module_pass on a function gives a ModulePass named after it, callable on a module."""

    @transform.module_pass(opt_level=2)
    def add_tag(mod, ctx):
        return tvm.IRModule(attrs={"trace": ["tagged"]})

    assert isinstance(add_tag, transform.ModulePass)
    assert add_tag.info.name == "add_tag"
    assert add_tag.info.opt_level == 2
    assert _trace(add_tag(tvm.IRModule())) == ["tagged"]
    named = transform.module_pass(lambda mod, ctx: mod, opt_level=0, name="renamed")
    assert named.info.name == "renamed"


def test_module_pass_decorator_on_class():
    """@module_pass on a class gives a class whose instances are passes using transform_module."""

    @transform.module_pass(opt_level=1)
    class AppendTag:
        """Appends a configurable tag."""

        def __init__(self, tag):
            self.tag = tag

        def transform_module(self, mod, ctx):
            return tvm.IRModule(attrs={"trace": _trace(mod) + [self.tag]})

    p = AppendTag("hello")
    assert isinstance(p, transform.ModulePass)
    assert AppendTag.__name__ == "AppendTag" and AppendTag.__doc__ == "Appends a configurable tag."
    assert p.info.name == "AppendTag"
    assert p.tag == "hello"
    assert _trace(p(tvm.IRModule())) == ["hello"]


def test_module_pass_needs_opt_level():
    """module_pass without opt_level is a ValueError, a non-callable a TypeError."""
    with pytest.raises(ValueError, match="opt_level"):
        transform.module_pass(lambda mod, ctx: mod)
    with pytest.raises(TypeError, match="callable"):
        transform.module_pass(opt_level=0)(42)


def test_module_pass_must_return_a_module():
    """A module pass returning None or a non-module is a TypeError naming the pass."""
    returns_none = transform.module_pass(lambda mod, ctx: None, opt_level=0, name="ReturnsNone")
    with pytest.raises(TypeError, match="ReturnsNone.*IRModule"):
        returns_none(tvm.IRModule())
    returns_int = transform.module_pass(lambda mod, ctx: 3, opt_level=0, name="ReturnsInt")
    with pytest.raises(TypeError, match="ReturnsInt.*IRModule.*int"):
        returns_int(tvm.IRModule())


def test_sequential_runs_passes_in_order():
    """Sequential runs its passes in list order, each on the previous one's output."""
    assert _run([_marker("A"), _marker("B"), _marker("C")]) == ["A", "B", "C"]
    assert _run([_marker("C"), _marker("A")]) == ["C", "A"]


def test_sequential_checks_its_arguments():
    """Sequential and PassContext refuse values of the wrong type."""
    with pytest.raises(TypeError, match=r"passes\[1\]"):
        transform.Sequential([_marker("A"), 1])
    with pytest.raises(TypeError):
        transform.Sequential(_marker("A"))
    with pytest.raises(TypeError, match="required_pass"):
        transform.PassContext(required_pass="A")
    with pytest.raises(TypeError, match="instruments"):
        transform.PassContext(instruments=[1])


def test_opt_level_gates_passes_in_sequential():
    """Inside Sequential a pass runs only when its opt_level <= the context's (default 2)."""
    passes = [_marker(f"L{i}", opt_level=i) for i in range(4)]
    assert _run(passes, opt_level=0) == ["L0"]
    assert _run(passes, opt_level=1) == ["L0", "L1"]
    assert _run(passes) == ["L0", "L1", "L2"]
    assert _run(passes, opt_level=3) == ["L0", "L1", "L2", "L3"]


def test_required_pass_runs_above_opt_level():
    """A pass in required_pass runs although its opt_level is above the context's."""
    passes = [_marker("L0", 0), _marker("L3", 3)]
    assert _run(passes, opt_level=1, required_pass=["L3"]) == ["L0", "L3"]


def test_disabled_pass_never_runs():
    """A pass in disabled_pass is skipped, even when also required."""
    passes = [_marker("A"), _marker("B"), _marker("C")]
    assert _run(passes, opt_level=3, disabled_pass=["B"]) == ["A", "C"]
    assert _run(passes, required_pass=["B"], disabled_pass={"B"}) == ["A", "C"]


def test_direct_call_ignores_opt_level():
    """A pass called directly (not through Sequential) runs whatever its opt_level."""
    with transform.PassContext(opt_level=0):
        assert _trace(_marker("L3", 3)(tvm.IRModule())) == ["L3"]


def test_nested_sequential():
    """A Sequential is itself a pass: it can be nested and is gated by its own opt_level."""
    inner = transform.Sequential([_marker("I1", 1), _marker("I2", 2)], opt_level=1, name="inner")
    high = transform.Sequential([_marker("X")], opt_level=3, name="high")
    assert _run([_marker("A"), inner, high], opt_level=1) == ["A", "I1"]
    assert _run([_marker("A"), inner, high], opt_level=3) == ["A", "I1", "I2", "X"]


def test_required_dependency_is_resolved_through_the_registry():
    """A pass's `required` names run right before it, found as global "transform.<name>"."""
    name = "PyInfraDep" + uuid.uuid4().hex[:8]
    tvm.register_func("transform." + name, lambda: _marker(name))
    try:
        assert _run([_marker("A"), _marker("B", required=[name])]) == ["A", name, "B"]
    finally:
        tvm._ffi.remove_global_func("transform." + name)


def test_unknown_required_dependency_is_a_value_error():
    """A `required` name nobody registered is a ValueError naming it."""
    with pytest.raises(ValueError, match="NoSuchPassAnywhere"):
        _run([_marker("B", required=["NoSuchPassAnywhere"])])


def test_print_ir_writes_the_module(capfd):
    """PrintIR prints its header and the module to stderr and returns the module unchanged."""
    mod = tvm.IRModule(attrs={"trace": ["x"]})
    out = transform.PrintIR("after x")(mod)
    assert out.same_as(mod)
    assert transform.PrintIR().info.name == "PrintIR"
    err = capfd.readouterr().err
    assert "PrintIR(after x):" in err
    assert "IRModule" in err


# ---- contexts -------------------------------------------------------------------------------


def test_current_is_the_default_outside_any_context(default_ctx):
    """Outside every `with`, current() is one default context with opt_level 2."""
    assert isinstance(default_ctx, transform.PassContext)
    assert default_ctx.opt_level == 2
    assert transform.PassContext.current().same_as(default_ctx)


def test_nested_contexts(default_ctx):
    """current() is the innermost entered context, restored as each `with` exits."""
    outer = transform.PassContext(opt_level=1)
    inner = transform.PassContext(opt_level=3, disabled_pass=["X"])
    with outer as entered:
        assert entered.same_as(outer)
        assert transform.PassContext.current().same_as(outer)
        with inner:
            ctx = transform.PassContext.current()
            assert ctx.same_as(inner)
            assert ctx.opt_level == 3 and list(ctx.disabled_pass) == ["X"]
        assert transform.PassContext.current().same_as(outer)
    assert transform.PassContext.current().same_as(default_ctx)


def test_context_stack_is_per_thread(default_ctx):
    """A context entered in one thread is not current in another."""
    seen = {}

    def other_thread():
        seen["current"] = transform.PassContext.current()

    with transform.PassContext(opt_level=3) as ctx:
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
        assert transform.PassContext.current().same_as(ctx)
    assert not seen["current"].same_as(ctx)
    assert seen["current"].opt_level == 2


def test_pass_receives_the_current_context():
    """A module pass is given the context it runs in."""
    seen = []

    @transform.module_pass(opt_level=0)
    def look(mod, ctx):
        seen.append(ctx)
        return mod

    with transform.PassContext(opt_level=3, config={"testing.py_pass_infra.int_opt": 4}) as ctx:
        look(tvm.IRModule())
    assert seen[0].same_as(ctx)
    assert seen[0].config["testing.py_pass_infra.int_opt"] == 4


# ---- config options -------------------------------------------------------------------------


def test_config_values_are_stored():
    """Registered options accept values of their type and read back."""
    config = {
        "testing.py_pass_infra.int_opt": 7,
        "testing.py_pass_infra.bool_opt": True,
        "testing.py_pass_infra.str_opt": "fast",
    }
    ctx = transform.PassContext(config=config)
    assert ctx.config["testing.py_pass_infra.int_opt"].value == 7
    assert ctx.config["testing.py_pass_infra.bool_opt"].value == 1
    assert ctx.config["testing.py_pass_infra.str_opt"] == "fast"


def test_unknown_config_key_is_a_value_error_listing_valid_keys():
    """An unregistered key is a ValueError naming it and listing the registered keys."""
    with pytest.raises(ValueError) as err:
        transform.PassContext(config={"testing.py_pass_infra.no_such_opt": 1})
    msg = str(err.value)
    assert "testing.py_pass_infra.no_such_opt" in msg
    for key in transform.PassContext.list_configs().keys():
        assert key in msg


def test_wrong_config_type_is_a_type_error():
    """A value of the wrong type is a TypeError naming the key, expected and given types."""
    with pytest.raises(TypeError) as err:
        transform.PassContext(config={"testing.py_pass_infra.int_opt": "seven"})
    msg = str(err.value)
    assert "testing.py_pass_infra.int_opt" in msg and "IntImm" in msg and "str" in msg
    with pytest.raises(TypeError, match="testing.py_pass_infra.str_opt.*runtime.String.*int"):
        transform.PassContext(config={"testing.py_pass_infra.str_opt": 3})
    with pytest.raises(TypeError, match="config"):
        transform.PassContext(config=[("testing.py_pass_infra.int_opt", 1)])


def test_list_configs():
    """list_configs maps every registered key to {"type": value type key}."""
    configs = transform.PassContext.list_configs()
    assert configs["testing.py_pass_infra.int_opt"]["type"] == "IntImm"
    assert configs["testing.py_pass_infra.str_opt"]["type"] == "runtime.String"
    assert configs["testing.immutable_module"]["type"] == "IntImm"


def test_register_config_option_conflict():
    """Registering a key again with the same type is fine; with another type a ValueError."""
    transform.register_config_option("testing.py_pass_infra.int_opt", int)
    with pytest.raises(ValueError, match="already registered"):
        transform.register_config_option("testing.py_pass_infra.int_opt", str)
    with pytest.raises(ValueError, match="no object type"):
        transform.register_config_option("testing.py_pass_infra.x", "no.such.Type")


def test_immutable_module_option_accepts_copying_passes():
    """With testing.immutable_module set, passes that build new modules run normally."""
    with transform.PassContext(config={"testing.immutable_module": True}):
        assert _trace(transform.Sequential([_marker("A"), _marker("B")])(tvm.IRModule())) == [
            "A",
            "B",
        ]


# ---- instruments ----------------------------------------------------------------------------


def test_instrument_hooks_run_in_order(default_ctx):
    """Hooks run in instrument order, and nested passes' hooks inside the outer pass's."""
    events = []
    seq = transform.Sequential([_marker("A", events=events), _marker("B", events=events)])
    with transform.PassContext(instruments=[Recorder("%1", events), Recorder("%2", events)]):
        seq(tvm.IRModule())
    expected = ["%1 enter_pass_ctx", "%2 enter_pass_ctx"]
    expected += ["%1 should_run sequential", "%2 should_run sequential"]
    expected += ["%1 run_before_pass sequential", "%2 run_before_pass sequential"]
    for name in ["A", "B"]:
        expected += [f"%1 should_run {name}", f"%2 should_run {name}"]
        expected += [f"%1 run_before_pass {name}", f"%2 run_before_pass {name}"]
        expected += [name]
        expected += [f"%1 run_after_pass {name}", f"%2 run_after_pass {name}"]
    expected += ["%1 run_after_pass sequential", "%2 run_after_pass sequential"]
    expected += ["%1 exit_pass_ctx", "%2 exit_pass_ctx"]
    assert events == expected


def test_should_run_false_skips_the_pass():
    """A pass any instrument rejects is skipped; a required pass is not even asked."""
    events = []
    seq = transform.Sequential([_marker("A"), _marker("B"), _marker("C")], name="seq")
    instruments = [Recorder("I", events, skip=["A", "C"]), Recorder("J", events)]
    with transform.PassContext(required_pass=["C"], instruments=instruments):
        mod = seq(tvm.IRModule())
    assert _trace(mod) == ["B", "C"]
    assert "I should_run A" in events and "J should_run A" in events
    assert not any(e.endswith("run_before_pass A") for e in events)
    assert not any(e.endswith("should_run C") for e in events)
    assert "I run_before_pass C" in events and "J run_after_pass C" in events


def test_subclassing_pass_instrument():
    """A direct subclass of PassInstrument works like a decorated class; unset hooks are
    never called."""

    class CountRuns(PassInstrument):
        def __init__(self):
            super().__init__()
            self.names = []

        def run_after_pass(self, mod, info):
            self.names.append(info.name)

    counter = CountRuns()
    assert isinstance(counter, PassInstrument)
    assert counter.name == "CountRuns"
    with transform.PassContext(instruments=[counter]) as ctx:
        transform.Sequential([_marker("A"), _marker("B")], name="s")(tvm.IRModule())
        assert isinstance(ctx.instruments[0], PassInstrument)
    assert counter.names == ["A", "B", "s"]


def test_override_instruments_on_the_default_context(default_ctx):
    """override_instruments exits the old instruments and enters the new ones."""
    events = []
    default_ctx.override_instruments([Recorder("I", events)])
    try:
        _marker("A")(tvm.IRModule())
    finally:
        default_ctx.override_instruments([])
    assert events == [
        "I enter_pass_ctx",
        "I should_run A",
        "I run_before_pass A",
        "I run_after_pass A",
        "I exit_pass_ctx",
    ]
    assert len(default_ctx.instruments) == 0


_TIME = re.compile(r"(-?\d+(?:\.\d+)?) (us|ms|s)\b")


def test_timing_table_lists_every_pass_with_nesting():
    """The timing table has a row per pass run, nested rows indented, times >= 0."""
    timing = PassTimingInstrument()
    inner = transform.Sequential([_marker("B"), _marker("C")], name="inner")
    with transform.PassContext(instruments=[timing]):
        transform.Sequential([_marker("A"), inner], name="outer")(tvm.IRModule())
        _marker("D")(tvm.IRModule())
        inside = timing.render()
    table = timing.render()
    assert table == inside  # still readable after the context exits
    lines = table.splitlines()
    assert lines[0].split() == ["Pass", "Time", "Self", "%", "of", "total"]
    rows = {line.strip().split()[0]: line for line in lines[2:] if not line.startswith("-")}
    indent = {name: len(row) - len(row.lstrip()) for name, row in rows.items()}
    assert indent == {"outer": 0, "A": 2, "inner": 2, "B": 4, "C": 4, "D": 0, "Total": 0}
    for name, row in rows.items():
        times = _TIME.findall(row)
        assert times, f"no time in row {row!r}"
        assert all(float(value) >= 0 for value, _ in times)
        share = float(row.split()[-1].rstrip("%"))
        assert 0 <= share <= 100
    assert rows["Total"].split()[-1] == "100.0%"


def test_timing_table_is_empty_without_passes():
    """A timing instrument whose context ran no pass renders an empty string."""
    timing = PassTimingInstrument()
    with transform.PassContext(instruments=[timing]):
        pass
    assert timing.render() == ""


# ---- errors inside passes and instruments ---------------------------------------------------


def test_error_in_pass_propagates_and_context_exits(default_ctx):
    """The pass's exception arrives as the same object; exit hooks run; the stack is restored."""
    events = []
    error = RuntimeError("Just a dummy error")

    @transform.module_pass(opt_level=2)
    def broken(mod, ctx):
        events.append("transform pass")
        raise error

    with pytest.raises(RuntimeError, match="Just a dummy error") as info:
        with transform.PassContext(instruments=[Recorder("I", events)]):
            transform.Sequential([broken, _marker("after", events=events)])(tvm.IRModule())
    assert info.value is error
    assert events == [
        "I enter_pass_ctx",
        "I should_run sequential",
        "I run_before_pass sequential",
        "I should_run broken",
        "I run_before_pass broken",
        "transform pass",
        "I exit_pass_ctx",
    ]


def test_error_in_cpp_side_of_pass_keeps_its_class(default_ctx):
    """An error raised by C++ inside a pass (here a missing dependency) keeps class and text."""
    with pytest.raises(ValueError, match="cannot create pass 'Missing'"):
        with transform.PassContext():
            transform.Sequential([_marker("A", required=["Missing"])])(tvm.IRModule())


@pytest.mark.parametrize(
    "hook, expected",
    [
        ("should_run", ["I enter_pass_ctx", "I should_run P", "I exit_pass_ctx"]),
        (
            "run_before_pass",
            ["I enter_pass_ctx", "I should_run P", "I run_before_pass P", "I exit_pass_ctx"],
        ),
        (
            "run_after_pass",
            [
                "I enter_pass_ctx",
                "I should_run P",
                "I run_before_pass P",
                "P",
                "I run_after_pass P",
                "I exit_pass_ctx",
            ],
        ),
    ],
)
def test_error_in_pass_hook_propagates(default_ctx, hook, expected):
    """An error in a per-pass hook propagates with its message; exit hooks still run."""
    events = []
    with pytest.raises(RuntimeError, match=f"I {hook}: just a dummy error"):
        with transform.PassContext(instruments=[Recorder("I", events, fail_in=hook)]):
            _marker("P", events=events)(tvm.IRModule())
    assert events == expected


def test_error_in_enter_pass_ctx(default_ctx):
    """If an instrument fails to enter, the ones entered before it exit; nothing is entered."""
    events = []
    ctx = transform.PassContext(
        instruments=[
            Recorder("%1", events),
            Recorder("%2", events, fail_in="enter_pass_ctx"),
            Recorder("%3", events),
        ]
    )
    with pytest.raises(RuntimeError, match="%2 enter_pass_ctx: just a dummy error"):
        with ctx:
            events.append("body")
    assert events == ["%1 enter_pass_ctx", "%2 enter_pass_ctx", "%1 exit_pass_ctx"]
    assert len(ctx.instruments) == 0


def test_error_in_exit_pass_ctx(default_ctx):
    """Every instrument's exit hook runs even if one fails; the first error propagates."""
    events = []
    ctx = transform.PassContext(
        instruments=[
            Recorder("%1", events),
            Recorder("%2", events, fail_in="exit_pass_ctx"),
            Recorder("%3", events, fail_in="exit_pass_ctx"),
        ]
    )
    with pytest.raises(RuntimeError, match="%2 exit_pass_ctx: just a dummy error"):
        with ctx:
            pass
    assert events == [
        "%1 enter_pass_ctx",
        "%2 enter_pass_ctx",
        "%3 enter_pass_ctx",
        "%1 exit_pass_ctx",
        "%2 exit_pass_ctx",
        "%3 exit_pass_ctx",
    ]


def test_error_in_override_instruments_on_default_context(default_ctx):
    """A failing enter during override_instruments leaves the default context uninstrumented."""
    events = []
    with pytest.raises(RuntimeError, match="just a dummy error"):
        default_ctx.override_instruments([Recorder("I", events, fail_in="enter_pass_ctx")])
    assert len(default_ctx.instruments) == 0
    assert events == ["I enter_pass_ctx"]


def test_should_run_must_return_bool():
    """should_run returning something other than a bool is a TypeError naming the instrument."""

    @pass_instrument
    class ForgetsToReturn:
        def should_run(self, mod, info):
            pass

    with pytest.raises(TypeError, match="ForgetsToReturn.*bool"):
        with transform.PassContext(instruments=[ForgetsToReturn()]):
            _marker("A")(tvm.IRModule())


def test_exiting_out_of_order_is_a_value_error(default_ctx):
    """__exit__ of a context that is not the innermost one is refused."""
    a, b = transform.PassContext(), transform.PassContext()
    a.__enter__()
    b.__enter__()
    with pytest.raises(ValueError, match="innermost"):
        a.__exit__(None, None, None)
    b.__exit__(None, None, None)
    a.__exit__(None, None, None)
