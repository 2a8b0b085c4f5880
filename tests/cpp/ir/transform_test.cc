/*!
 * \file transform_test.cc
 * \brief The pass infrastructure: Sequential ordering and gating, contexts, config options,
 *  instruments (hook order, skipping, timing) and errors inside passes and instruments.
 *
 * The passes here are trivial: each appends its name to the module attribute "trace" and
 * returns a new module, so the trace records which passes ran, in which order, and that each
 * pass received the previous one's output.
 */
#include <gtest/gtest.h>
#include <tvm/ir/instrument.h>
#include <tvm/ir/transform.h>
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "../runtime/test_util.h"

namespace tvm {
namespace {

using runtime::testing::ThrowsError;
using namespace tvm::transform;  // NOLINT(*)

// ---- fixtures ----------------------------------------------------------------------------------

std::vector<std::string> Trace(const IRModule& mod) {
  std::vector<std::string> out;
  for (const String& s : mod->attrs.GetAttr<Array<String>>("trace").value_or(Array<String>())) {
    out.push_back(s);
  }
  return out;
}

/*! \brief A pass named `name` that appends `name` to the module's trace. */
Pass Marker(const std::string& name, int opt_level = 0, Array<String> required = {}) {
  auto fpass = [name](IRModule mod, PassContext ctx) {
    Array<String> trace = mod->attrs.GetAttr<Array<String>>("trace").value_or(Array<String>());
    trace.push_back(name);
    Map<String, ObjectRef> dict =
        mod->attrs.defined() ? mod->attrs->dict : Map<String, ObjectRef>();
    dict.Set("trace", trace);
    return IRModule(mod->functions, DictAttrs(dict));
  };
  return CreateModulePass(fpass, opt_level, name, required);
}

/*! \brief A pass that throws a ValueError. */
Pass Failing(const std::string& name) {
  auto fpass = [name](IRModule mod, PassContext ctx) -> IRModule {
    throw runtime::Error("ValueError", "pass " + name + " failed on purpose");
  };
  return CreateModulePass(fpass, 0, name, {});
}

// A constructor for the registry through which Sequential resolves `required` names.
TVM_REGISTER_GLOBAL("transform.TestingPassInfraDep").set_body_typed([]() {
  return Marker("TestingPassInfraDep");
});

/*! \brief An attrs-like node used as the value type of a config option. */
class TestConfigNode : public Object {
 public:
  int64_t max_step{4};
  bool verbose{false};
  String mode{"fast"};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("max_step", &max_step);
    v->Visit("verbose", &verbose);
    v->Visit("mode", &mode);
  }
  static constexpr const char* _type_key = "testing.pass_infra.TestConfig";
  TVM_DECLARE_FINAL_OBJECT_INFO(TestConfigNode, Object);
};
class TestConfig : public ObjectRef {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(TestConfig, ObjectRef, TestConfigNode);
};
TVM_REGISTER_NODE_TYPE(TestConfigNode);

TVM_REGISTER_PASS_CONFIG_OPTION("testing.pass_infra.int_option", Integer);
TVM_REGISTER_PASS_CONFIG_OPTION("testing.pass_infra.bool_option", Bool);
TVM_REGISTER_PASS_CONFIG_OPTION("testing.pass_infra.str_option", String);
TVM_REGISTER_PASS_CONFIG_OPTION("testing.pass_infra.node_option", TestConfig);

/*!
 * \brief An instrument recording "<name> <hook> [<pass>]" for every hook into a shared log;
 *  it can skip passes (ShouldRun false) and throw from one hook.
 */
class RecordingInstrumentNode : public instrument::PassInstrumentNode {
 public:
  std::vector<std::string>* log{nullptr};
  std::set<std::string> skip;
  std::string throw_in;  // hook that throws a ValueError

  void EnterPassContext() const final { Record("enter_pass_ctx", ""); }
  void ExitPassContext() const final { Record("exit_pass_ctx", ""); }
  bool ShouldRun(const IRModule& mod, const PassInfo& info) const final {
    Record("should_run", info->name);
    return skip.count(info->name) == 0;
  }
  void RunBeforePass(const IRModule& mod, const PassInfo& info) const final {
    Record("run_before_pass", info->name);
  }
  void RunAfterPass(const IRModule& mod, const PassInfo& info) const final {
    Record("run_after_pass", info->name);
  }

  static constexpr const char* _type_key = "testing.pass_infra.RecordingInstrument";
  TVM_DECLARE_FINAL_OBJECT_INFO(RecordingInstrumentNode, instrument::PassInstrumentNode);

 private:
  void Record(const std::string& hook, const std::string& pass) const {
    log->push_back(name.str() + " " + hook + (pass.empty() ? "" : " " + pass));
    if (hook == throw_in) TVM_THROW(ValueError) << name << " " << hook << " failed on purpose";
  }
};

instrument::PassInstrument Recorder(const std::string& name, std::vector<std::string>* log,
                                    std::set<std::string> skip = {},
                                    const std::string& throw_in = "") {
  auto n = make_object<RecordingInstrumentNode>();
  n->name = name;
  n->log = log;
  n->skip = std::move(skip);
  n->throw_in = throw_in;
  return instrument::PassInstrument(ObjectPtr<Object>(std::move(n)));
}

PassContext MakeContext(int opt_level, Array<String> required = {}, Array<String> disabled = {},
                        Array<instrument::PassInstrument> instruments = {}) {
  PassContext ctx = PassContext::Create();
  ctx->opt_level = opt_level;
  ctx->required_pass = required;
  ctx->disabled_pass = disabled;
  ctx->instruments = instruments;
  return ctx;
}

using Strings = std::vector<std::string>;

// ---- Sequential, opt_level, required and disabled passes ---------------------------------------

TEST(PassInfra, PassInfoHoldsItsFields) {
  // PassInfo keeps opt_level, name, required and traceable as given.
  PassInfo info(3, "Fold", {"InferType"}, true);
  EXPECT_EQ(info->opt_level, 3);
  EXPECT_EQ(info->name, "Fold");
  ASSERT_EQ(info->required.size(), 1u);
  EXPECT_EQ(info->required[0], "InferType");
  EXPECT_TRUE(info->traceable);
  EXPECT_EQ(Marker("M", 2)->Info()->opt_level, 2);
}

TEST(PassInfra, SequentialRunsPassesInOrderThreadingTheModule) {
  // Each pass sees the module the previous pass returned, in list order.
  IRModule mod = Sequential({Marker("A"), Marker("B"), Marker("C")})(IRModule::Empty());
  EXPECT_EQ(Trace(mod), (Strings{"A", "B", "C"}));
}

TEST(PassInfra, SequentialGatesPassesByOptLevel) {
  // At opt_level 1 only passes of opt_level <= 1 run; the default context runs up to 2.
  Sequential seq({Marker("L0", 0), Marker("L1", 1), Marker("L2", 2), Marker("L3", 3)});
  {
    With<PassContext> scope(MakeContext(1));
    EXPECT_EQ(Trace(seq(IRModule::Empty())), (Strings{"L0", "L1"}));
  }
  EXPECT_EQ(Trace(seq(IRModule::Empty())), (Strings{"L0", "L1", "L2"}));
}

TEST(PassInfra, RequiredPassRunsAboveTheOptLevel) {
  // A pass listed in required_pass runs although its opt_level exceeds the context's.
  With<PassContext> scope(MakeContext(0, {"L3"}));
  EXPECT_EQ(Trace(Sequential({Marker("L0", 0), Marker("L3", 3)})(IRModule::Empty())),
            (Strings{"L0", "L3"}));
}

TEST(PassInfra, DisabledPassNeverRunsInSequential) {
  // disabled_pass wins over the opt_level and over required_pass.
  With<PassContext> scope(MakeContext(3, {"B"}, {"B"}));
  EXPECT_EQ(Trace(Sequential({Marker("A"), Marker("B"), Marker("C")})(IRModule::Empty())),
            (Strings{"A", "C"}));
}

TEST(PassInfra, DirectCallIgnoresOptLevel) {
  // A pass called directly, outside a Sequential, runs whatever its opt_level.
  With<PassContext> scope(MakeContext(0));
  EXPECT_EQ(Trace(Marker("L3", 3)(IRModule::Empty())), (Strings{"L3"}));
}

TEST(PassInfra, NestedSequentialIsGatedLikeAPass) {
  // An inner Sequential is one pass of the outer one; its own passes are gated again.
  With<PassContext> scope(MakeContext(1));
  Sequential inner({Marker("I1", 1), Marker("I2", 2)}, PassInfo(1, "inner"));
  Sequential outer({Marker("A"), inner, Sequential({Marker("X")}, PassInfo(2, "too_high"))});
  EXPECT_EQ(Trace(outer(IRModule::Empty())), (Strings{"A", "I1"}));
}

TEST(PassInfra, RequiredDependencyIsResolvedThroughTheRegistry) {
  // A pass's `required` names run right before it, found as global "transform.<name>".
  IRModule mod =
      Sequential({Marker("A"), Marker("B", 0, {"TestingPassInfraDep"})})(IRModule::Empty());
  EXPECT_EQ(Trace(mod), (Strings{"A", "TestingPassInfraDep", "B"}));
  EXPECT_EQ(GetPass("TestingPassInfraDep")->Info()->name, "TestingPassInfraDep");
}

TEST(PassInfra, UnknownRequiredDependencyIsAValueError) {
  // A `required` name nobody registered is a ValueError naming it and where it was looked up.
  Sequential seq({Marker("B", 0, {"NoSuchPassAnywhere"})});
  EXPECT_TRUE(ThrowsError([&] { seq(IRModule::Empty()); }, "ValueError",
                          {"NoSuchPassAnywhere", "transform.NoSuchPassAnywhere"}));
}

TEST(PassInfra, ModulePassReturningNullIsATypeError) {
  // A module pass must return a module; null is reported with the pass name.
  Pass bad = CreateModulePass([](IRModule mod, PassContext ctx) { return IRModule(); }, 0,
                              "ReturnsNothing", {});
  EXPECT_TRUE(
      ThrowsError([&] { bad(IRModule::Empty()); }, "TypeError", {"ReturnsNothing", "IRModule"}));
}

// ---- contexts ----------------------------------------------------------------------------------

TEST(PassInfra, NestedContextsStackAndRestore) {
  // Current() is the innermost entered context, and the same default context outside all.
  PassContext def = PassContext::Current();
  EXPECT_EQ(def->opt_level, 2);
  EXPECT_TRUE(PassContext::Current().same_as(def));
  PassContext outer = MakeContext(1), inner = MakeContext(3);
  {
    With<PassContext> s1(outer);
    EXPECT_TRUE(PassContext::Current().same_as(outer));
    {
      With<PassContext> s2(inner);
      EXPECT_TRUE(PassContext::Current().same_as(inner));
      EXPECT_EQ(Trace(Sequential({Marker("L3", 3)})(IRModule::Empty())), (Strings{"L3"}));
    }
    EXPECT_TRUE(PassContext::Current().same_as(outer));
  }
  EXPECT_TRUE(PassContext::Current().same_as(def));
}

TEST(PassInfra, ExitingOutOfOrderIsAValueError) {
  // Exiting a context that is not the innermost one is refused and leaves the stack intact.
  const PackedFunc* enter = runtime::Registry::Get("transform.EnterPassContext");
  const PackedFunc* exit = runtime::Registry::Get("transform.ExitPassContext");
  ASSERT_TRUE(enter && exit);
  PassContext a = MakeContext(1), b = MakeContext(2);
  (*enter)(a);
  (*enter)(b);
  EXPECT_TRUE(ThrowsError([&] { (*exit)(a); }, "ValueError", {"innermost"}));
  EXPECT_TRUE(PassContext::Current().same_as(b));
  (*exit)(b);
  (*exit)(a);
  EXPECT_FALSE(PassContext::Current().same_as(a));
}

// ---- config options ----------------------------------------------------------------------------

TEST(PassInfra, ConfigValuesAreReadWithDefaults) {
  // GetConfig returns the stored value, or the default when the key is unset.
  PassContext ctx = MakeContext(2);
  ctx->config = {{"testing.pass_infra.int_option", Integer(7)}};
  ctx.LegalizeConfig();
  EXPECT_EQ(ctx->GetConfig<Integer>("testing.pass_infra.int_option", Integer(1)).value()->value, 7);
  EXPECT_EQ(ctx->GetConfig<Integer>("testing.pass_infra.str_option", Integer(1)).value()->value, 1);
  EXPECT_FALSE(ctx->GetConfig<String>("testing.pass_infra.str_option").defined());
}

TEST(PassInfra, BoxedNumbersBecomeIntImmAndBool) {
  // Numbers arriving boxed (as from a Python dict) are stored as the option's IntImm type.
  PassContext ctx = MakeContext(2);
  ctx->config = {{"testing.pass_infra.int_option", runtime::Int(5)},
                 {"testing.pass_infra.bool_option", runtime::Int(1)}};
  ctx.LegalizeConfig();
  Integer i = ctx->GetConfig<Integer>("testing.pass_infra.int_option").value();
  EXPECT_EQ(i->value, 5);
  EXPECT_EQ(i->dtype, DataType::Int(32));
  Bool b = ctx->GetConfig<Bool>("testing.pass_infra.bool_option", Bool(false)).value();
  EXPECT_TRUE(b);
  EXPECT_EQ(b->dtype, DataType::Bool());
}

TEST(PassInfra, DictConfigBuildsTheRegisteredNodeType) {
  // A Map given for a node-typed option is turned into that node, field by field.
  PassContext ctx = MakeContext(2);
  ctx->config = {
      {"testing.pass_infra.node_option", Map<String, ObjectRef>{{"max_step", runtime::Int(16)},
                                                                {"verbose", runtime::Int(1)},
                                                                {"mode", String("slow")}}}};
  ctx.LegalizeConfig();
  TestConfig cfg = ctx->GetConfig<TestConfig>("testing.pass_infra.node_option").value();
  EXPECT_EQ(cfg->max_step, 16);
  EXPECT_TRUE(cfg->verbose);
  EXPECT_EQ(cfg->mode, "slow");

  ctx->config = {{"testing.pass_infra.node_option",
                  Map<String, ObjectRef>{{"no_such_field", runtime::Int(1)}}}};
  EXPECT_TRUE(ThrowsError([&] { ctx.LegalizeConfig(); }, "TypeError",
                          {"testing.pass_infra.node_option", "testing.pass_infra.TestConfig"}));
}

TEST(PassInfra, UnknownConfigKeyIsAValueErrorListingValidKeys) {
  // An unregistered key is refused, naming it and listing the registered ones.
  PassContext ctx = MakeContext(2);
  ctx->config = {{"testing.pass_infra.no_such_option", Integer(1)}};
  EXPECT_TRUE(ThrowsError([&] { ctx.LegalizeConfig(); }, "ValueError",
                          {"testing.pass_infra.no_such_option", "valid options",
                           "testing.pass_infra.int_option", "testing.immutable_module"}));
  // Entering the context validates too, and leaves nothing entered.
  PassContext before = PassContext::Current();
  EXPECT_TRUE(ThrowsError([&] { With<PassContext> scope(ctx); }, "ValueError",
                          {"testing.pass_infra.no_such_option"}));
  EXPECT_TRUE(PassContext::Current().same_as(before));
}

TEST(PassInfra, WrongConfigValueTypeIsATypeError) {
  // A value of another type is refused, naming the key, the expected and the given type.
  PassContext ctx = MakeContext(2);
  ctx->config = {{"testing.pass_infra.int_option", String("seven")}};
  EXPECT_TRUE(ThrowsError([&] { ctx.LegalizeConfig(); }, "TypeError",
                          {"testing.pass_infra.int_option", "IntImm", "str", "seven"}));
  ctx->config = {{"testing.pass_infra.str_option", runtime::Int(3)}};
  EXPECT_TRUE(ThrowsError([&] { ctx.LegalizeConfig(); }, "TypeError",
                          {"testing.pass_infra.str_option", "runtime.String", "int"}));
}

TEST(PassInfra, ListConfigsReportsValueTypes) {
  // Every registered option is listed with the type key of its values.
  Map<String, Map<String, String>> configs = PassContext::ListConfigs();
  EXPECT_EQ(configs.at("testing.pass_infra.int_option").at("type"), "IntImm");
  EXPECT_EQ(configs.at("testing.pass_infra.bool_option").at("type"), "IntImm");
  EXPECT_EQ(configs.at("testing.pass_infra.str_option").at("type"), "runtime.String");
  EXPECT_EQ(configs.at("testing.pass_infra.node_option").at("type"),
            "testing.pass_infra.TestConfig");
  EXPECT_EQ(configs.at("testing.immutable_module").at("type"), "IntImm");
}

TEST(PassInfra, ImmutableModuleOptionCatchesInPlaceWrites) {
  // With testing.immutable_module set, a pass writing into its input module is an error.
  Pass in_place = CreateModulePass(
      [](IRModule mod, PassContext ctx) {
        const_cast<IRModuleNode*>(mod.get())->attrs = DictAttrs({{"x", Integer(1)}});
        return mod;
      },
      0, "WritesInPlace", {});
  PassContext ctx = MakeContext(2);
  ctx->config = {{"testing.immutable_module", Bool(true)}};
  With<PassContext> scope(ctx);
  EXPECT_EQ(Trace(Marker("Copies")(IRModule::Empty())), (Strings{"Copies"}));
  EXPECT_TRUE(
      ThrowsError([&] { in_place(IRModule::Empty()); }, "TVMError", {"WritesInPlace", "in place"}));
}

// ---- instruments -------------------------------------------------------------------------------

TEST(PassInfra, InstrumentHooksRunInOrder) {
  // Hooks run in instrument order; nested passes' hooks come inside the outer pass's.
  Strings log;
  PassContext ctx = MakeContext(2, {}, {}, {Recorder("I1", &log), Recorder("I2", &log)});
  {
    With<PassContext> scope(ctx);
    Sequential({Marker("A")}, "seq")(IRModule::Empty());
  }
  Strings expected = {
      "I1 enter_pass_ctx",     "I2 enter_pass_ctx",      "I1 should_run seq",
      "I2 should_run seq",     "I1 run_before_pass seq", "I2 run_before_pass seq",
      "I1 should_run A",       "I2 should_run A",        "I1 run_before_pass A",
      "I2 run_before_pass A",  "I1 run_after_pass A",    "I2 run_after_pass A",
      "I1 run_after_pass seq", "I2 run_after_pass seq",  "I1 exit_pass_ctx",
      "I2 exit_pass_ctx",
  };
  EXPECT_EQ(log, expected);
}

TEST(PassInfra, ShouldRunFalseSkipsThePassButNotARequiredOne) {
  // A pass any instrument rejects is skipped (no before/after hooks); required passes are
  // not asked.
  Strings log;
  PassContext ctx =
      MakeContext(2, {"C"}, {}, {Recorder("I", &log, {"B", "C"}), Recorder("J", &log)});
  With<PassContext> scope(ctx);
  log.clear();
  IRModule mod = Sequential({Marker("B"), Marker("C")}, "seq")(IRModule::Empty());
  EXPECT_EQ(Trace(mod), (Strings{"C"}));
  Strings expected = {
      "I should_run seq",   "J should_run seq",   "I run_before_pass seq", "J run_before_pass seq",
      "I should_run B",     "J should_run B",     "I run_before_pass C",   "J run_before_pass C",
      "I run_after_pass C", "J run_after_pass C", "I run_after_pass seq",  "J run_after_pass seq",
  };
  EXPECT_EQ(log, expected);
}

TEST(PassInfra, FunctionInstrumentShouldRunMustReturnBool) {
  // The function-backed instrument reports a should_run that returns a non-bool.
  instrument::BasePassInstrument pi(
      "BadShouldRun", nullptr, nullptr,
      PackedFunc([](TVMArgs args, TVMRetValue* rv) { *rv = std::string("yes"); }), nullptr,
      nullptr);
  With<PassContext> scope(MakeContext(2, {}, {}, {pi}));
  EXPECT_TRUE(
      ThrowsError([&] { Marker("A")(IRModule::Empty()); }, "TypeError", {"BadShouldRun", "bool"}));
}

TEST(PassInfra, TimingInstrumentRendersEveryPassWithNesting) {
  // The timing table lists each pass run, nested passes indented under their Sequential.
  instrument::PassTimingInstrument timing = instrument::PassTimingInstrument::Create();
  {
    With<PassContext> scope(MakeContext(2, {}, {}, {timing}));
    Sequential({Marker("A"), Sequential({Marker("B")}, "inner")}, "outer")(IRModule::Empty());
    Marker("C")(IRModule::Empty());
  }
  std::string table = timing.Render();
  for (const char* row : {"\nouter ", "\n  A ", "\n  inner ", "\n    B ", "\nC ", "\nTotal "}) {
    EXPECT_NE(table.find(row), std::string::npos) << "no row '" << row << "' in\n" << table;
  }
  EXPECT_EQ(table.find("Pass"), 0u);
  EXPECT_NE(table.find("% of total"), std::string::npos);
  ASSERT_EQ(timing->profiles().size(), 2u);
  for (const auto& p : timing->profiles()) EXPECT_GE(p->duration_us(), 0);
  EXPECT_EQ(timing->profiles()[0]->children.size(), 2u);
  // Entering again starts a fresh profile.
  { With<PassContext> scope(MakeContext(2, {}, {}, {timing})); }
  EXPECT_EQ(timing.Render(), "");
}

// ---- errors inside passes and instruments ------------------------------------------------------

TEST(PassInfra, ErrorInPassPropagatesAndContextExits) {
  // The pass's error arrives intact; the instruments are exited and the stack restored.
  Strings log;
  PassContext before = PassContext::Current();
  EXPECT_TRUE(ThrowsError(
      [&] {
        With<PassContext> scope(MakeContext(2, {}, {}, {Recorder("I", &log)}));
        Sequential({Marker("A"), Failing("Boom"), Marker("C")})(IRModule::Empty());
      },
      "ValueError", {"pass Boom failed on purpose"}));
  EXPECT_TRUE(PassContext::Current().same_as(before));
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.back(), "I exit_pass_ctx");
  EXPECT_EQ(std::count(log.begin(), log.end(), "I run_before_pass Boom"), 1);
  EXPECT_EQ(std::count(log.begin(), log.end(), "I run_after_pass Boom"), 0);
  EXPECT_EQ(std::count(log.begin(), log.end(), "I should_run C"), 0);
}

TEST(PassInfra, ErrorInRunBeforePassPropagatesAndContextExits) {
  // An instrument hook's error stops the pass and propagates; exit hooks still run.
  Strings log;
  Strings ran;
  Pass p = CreateModulePass(
      [&ran](IRModule mod, PassContext ctx) {
        ran.push_back("P");
        return mod;
      },
      0, "P", {});
  EXPECT_TRUE(ThrowsError(
      [&] {
        With<PassContext> scope(
            MakeContext(2, {}, {}, {Recorder("I", &log, {}, "run_before_pass")}));
        p(IRModule::Empty());
      },
      "ValueError", {"I run_before_pass failed on purpose"}));
  EXPECT_TRUE(ran.empty());
  EXPECT_EQ(log, (Strings{"I enter_pass_ctx", "I should_run P", "I run_before_pass P",
                          "I exit_pass_ctx"}));
}

TEST(PassInfra, ErrorInEnterExitsTheEnteredInstrumentsOnly) {
  // If an instrument fails to enter, those entered before it are exited; nothing is pushed.
  Strings log;
  PassContext ctx = MakeContext(
      2, {}, {},
      {Recorder("I1", &log), Recorder("I2", &log, {}, "enter_pass_ctx"), Recorder("I3", &log)});
  PassContext before = PassContext::Current();
  EXPECT_TRUE(ThrowsError([&] { With<PassContext> scope(ctx); }, "ValueError",
                          {"I2 enter_pass_ctx failed on purpose"}));
  EXPECT_EQ(log, (Strings{"I1 enter_pass_ctx", "I2 enter_pass_ctx", "I1 exit_pass_ctx"}));
  EXPECT_TRUE(PassContext::Current().same_as(before));
  EXPECT_TRUE(ctx->instruments.empty());
}

TEST(PassInfra, ErrorInExitStillExitsEveryInstrument) {
  // Every instrument's exit hook runs even when one fails; the first error propagates.
  Strings log;
  PassContext ctx = MakeContext(
      2, {}, {},
      {Recorder("I1", &log), Recorder("I2", &log, {}, "exit_pass_ctx"), Recorder("I3", &log)});
  PassContext before = PassContext::Current();
  EXPECT_TRUE(ThrowsError([&] { With<PassContext> scope(ctx); }, "ValueError",
                          {"I2 exit_pass_ctx failed on purpose"}));
  EXPECT_EQ(log, (Strings{"I1 enter_pass_ctx", "I2 enter_pass_ctx", "I3 enter_pass_ctx",
                          "I1 exit_pass_ctx", "I2 exit_pass_ctx", "I3 exit_pass_ctx"}));
  EXPECT_TRUE(PassContext::Current().same_as(before));
}

TEST(PassInfra, ErrorInExitDuringUnwindingKeepsTheFirstError) {
  // When a pass fails and then an exit hook fails too, the pass's error is the one seen.
  Strings log;
  PassContext before = PassContext::Current();
  EXPECT_TRUE(ThrowsError(
      [&] {
        With<PassContext> scope(MakeContext(2, {}, {}, {Recorder("I", &log, {}, "exit_pass_ctx")}));
        Failing("Boom")(IRModule::Empty());
      },
      "ValueError", {"pass Boom failed on purpose"}));
  EXPECT_EQ(log.back(), "I exit_pass_ctx");
  EXPECT_TRUE(PassContext::Current().same_as(before));
}

}  // namespace
}  // namespace tvm
