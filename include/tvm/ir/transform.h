/*!
 * \file tvm/ir/transform.h
 * \brief The pass infrastructure: a Pass maps an IRModule to an IRModule; a PassContext says
 *  how passes run (optimization level, passes forced on or off, configuration options,
 *  instruments); Sequential runs a list of passes under those rules.
 *
 * Rules, shared by C++ and Python (tvm.transform):
 *  - calling a pass runs it under PassContext::Current(), the innermost entered context
 *    (a per-thread default context, opt_level 2, when none is entered); instruments of that
 *    context are asked ShouldRun and see RunBeforePass/RunAfterPass around it;
 *  - a pass called directly always runs (its opt_level is not checked). Inside a Sequential a
 *    pass runs when it is not in the context's disabled_pass and either its opt_level is at
 *    most the context's opt_level or it is in required_pass (PassContext::PassEnabled);
 *  - a pass's own `required` list (PassInfo::required) names passes that Sequential runs just
 *    before it, unconditionally; each name resolves to a global function returning the pass:
 *    the name itself when it contains a '.', otherwise "transform.<name>",
 *    "relay._transform.<name>" or "tir.transform.<name>", first found;
 *  - configuration options must be registered (TVM_REGISTER_PASS_CONFIG_OPTION) with their
 *    value type; an unknown key is a ValueError listing the known ones, a value of another
 *    type a TypeError naming the key, the expected and the given type.
 *
 * Writing a pass in C++:
 *
 *   Pass AddMarker() {
 *     auto fpass = [](IRModule mod, PassContext ctx) { ...; return mod; };
 *     return CreateModulePass(fpass, 0, "AddMarker", {});
 *   }
 *   TVM_REGISTER_GLOBAL("transform.AddMarker").set_body_typed(AddMarker);
 *
 * and running passes:
 *
 *   PassContext ctx = PassContext::Create();
 *   ctx->opt_level = 3;
 *   {
 *     With<PassContext> scope(ctx);
 *     mod = Sequential({A(), B()})(mod);
 *   }
 */
#ifndef TVM_IR_TRANSFORM_H_
#define TVM_IR_TRANSFORM_H_

#include <tvm/ir/instrument.h>
#include <tvm/ir/module.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/packed_func.h>
#include <tvm/support/with.h>

#include <functional>
#include <string>
#include <type_traits>
#include <utility>

namespace tvm {
namespace transform {

/*! \brief What the pass manager needs to know about a pass. */
class PassInfoNode : public Object {
 public:
  /*! \brief The lowest PassContext::opt_level at which Sequential runs the pass. */
  int opt_level{0};
  String name;
  /*! \brief Whether the pass may be recorded by a tuning trace (kept for API compatibility). */
  bool traceable{false};
  /*! \brief Passes Sequential runs right before this one (see the file comment). */
  Array<String> required;

  void VisitAttrs(AttrVisitor* v) {
    v->Visit("opt_level", &opt_level);
    v->Visit("name", &name);
    v->Visit("required", &required);
    v->Visit("traceable", &traceable);
  }
  static constexpr const char* _type_key = "transform.PassInfo";
  TVM_DECLARE_FINAL_OBJECT_INFO(PassInfoNode, Object);
};

class PassInfo : public ObjectRef {
 public:
  PassInfo(int opt_level, String name, Array<String> required = {}, bool traceable = false);
  TVM_DEFINE_OBJECT_REF_METHODS(PassInfo, ObjectRef, PassInfoNode);
};

/*! \brief The settings passes run under. */
class PassContextNode : public Object {
 public:
  int opt_level{2};
  /*! \brief Passes Sequential runs whatever their opt_level (and instruments cannot skip). */
  Array<String> required_pass;
  /*! \brief Passes Sequential never runs. */
  Array<String> disabled_pass;
  /*! \brief Options for passes, by registered key (see RegisterConfigOption). */
  Map<String, ObjectRef> config;
  Array<instrument::PassInstrument> instruments;

  /*!
   * \brief The value of config option `key` as TObjectRef, or `default_value` when unset.
   *  TypeError when the stored value is not a TObjectRef.
   */
  template <typename TObjectRef>
  Optional<TObjectRef> GetConfig(
      const std::string& key, Optional<TObjectRef> default_value = Optional<TObjectRef>()) const {
    static_assert(std::is_base_of<ObjectRef, TObjectRef>::value, "GetConfig needs an ObjectRef");
    Optional<ObjectRef> v = config.Get(String(key));
    if (!v.defined()) return default_value;
    return Downcast<Optional<TObjectRef>>(v.value());
  }
  template <typename TObjectRef>
  Optional<TObjectRef> GetConfig(const std::string& key, TObjectRef default_value) const {
    return GetConfig<TObjectRef>(key, Optional<TObjectRef>(default_value));
  }

  void VisitAttrs(AttrVisitor* v) {
    v->Visit("opt_level", &opt_level);
    v->Visit("required_pass", &required_pass);
    v->Visit("disabled_pass", &disabled_pass);
    v->Visit("instruments", &instruments);
    v->Visit("config", &config);
  }
  static constexpr const char* _type_key = "transform.PassContext";
  TVM_DECLARE_FINAL_OBJECT_INFO(PassContextNode, Object);
};

class PassContext : public ObjectRef {
 public:
  /*! \brief A new context with default settings. */
  static PassContext Create();
  /*! \brief The innermost entered context of this thread, or this thread's default one. */
  static PassContext Current();

  /*!
   * \brief Check this context's config against the registered options, converting values
   *  where the registered type asks for it (a Python int or bool becomes an IntImm / Bool, a
   *  dict becomes the registered node type). ValueError for an unknown key, TypeError for a
   *  value of the wrong type. Called by the Python constructor and on entering the context.
   */
  void LegalizeConfig();
  /*! \brief Every registered option: key -> {"type": value type key}. */
  static Map<String, Map<String, String>> ListConfigs();
  /*!
   * \brief Register a config option whose values are `ValueType` (String, Integer, Bool,
   *  Array<String>, an Attrs node type, ...). Use TVM_REGISTER_PASS_CONFIG_OPTION.
   */
  template <typename ValueType>
  static int RegisterConfigOption(const char* key);
  /*! \brief The same for a value type given by its type key (used from Python). */
  static void RegisterConfigOption(const std::string& key, const std::string& type_key);

  /*! \brief Whether Sequential runs a pass with `info` in this context (see the file comment). */
  bool PassEnabled(const PassInfo& info) const;

  /*!
   * \brief Call every instrument's EnterPassContext. If one throws, the instruments already
   *  entered are exited, the context drops all its instruments, and the error propagates.
   */
  void InstrumentEnterPassContext();
  /*!
   * \brief Call every instrument's ExitPassContext, all of them even if one throws; then the
   *  first error propagates and the context drops its instruments.
   */
  void InstrumentExitPassContext();
  /*! \brief Ask the instruments whether to run a pass, and if so call their RunBeforePass. */
  bool InstrumentBeforePass(const IRModule& mod, const PassInfo& info) const;
  void InstrumentAfterPass(const IRModule& mod, const PassInfo& info) const;

  TVM_DEFINE_MUTABLE_OBJECT_REF_METHODS(PassContext, ObjectRef, PassContextNode);

  class Internal;

 private:
  /*! \brief Validate the config, enter the instruments, then push this context. */
  void EnterWithScope();
  /*! \brief Pop this context (it must be the innermost), then exit the instruments. */
  void ExitWithScope();
  friend class With<PassContext>;
  friend class Internal;

  /*!
   * \brief Record option `key` of the type `type_index`. For IntImm options, boxed Python
   *  numbers are converted to IntImm (to Bool when `is_bool`).
   */
  static void RegisterConfigOptionImpl(const std::string& key, uint32_t type_index, bool is_bool);
};

template <typename ValueType>
int PassContext::RegisterConfigOption(const char* key) {
  using Node = typename ValueType::ContainerType;
  RegisterConfigOptionImpl(key, Node::RuntimeTypeIndex(), std::is_same<ValueType, Bool>::value);
  return 0;
}

/*!
 * \brief Register a PassContext config option and its value type, e.g.
 *  TVM_REGISTER_PASS_CONFIG_OPTION("tir.disable_vectorize", Bool);
 */
#define TVM_REGISTER_PASS_CONFIG_OPTION(Key, ValueType)                                 \
  static TVM_ATTRIBUTE_UNUSED int TVM_STR_CONCAT(__tvm_pass_config_reg_, __COUNTER__) = \
      ::tvm::transform::PassContext::RegisterConfigOption<ValueType>(Key)

/*! \brief A transformation of IRModules. */
class PassNode : public Object {
 public:
  virtual PassInfo Info() const = 0;
  /*! \brief Run the transformation itself, without instruments (Pass::operator() adds them). */
  virtual IRModule operator()(IRModule mod, const PassContext& pass_ctx) const = 0;
  static constexpr const char* _type_key = "transform.Pass";
  TVM_DECLARE_BASE_OBJECT_INFO(PassNode, Object);
};

class Pass : public ObjectRef {
 public:
  /*! \brief Run the pass under PassContext::Current(). */
  IRModule operator()(IRModule mod) const;
  /*!
   * \brief Run the pass under `pass_ctx`: skipped (returning `mod`) when an instrument's
   *  ShouldRun says so, otherwise surrounded by the instruments' RunBeforePass/RunAfterPass.
   */
  IRModule operator()(IRModule mod, const PassContext& pass_ctx) const;
  TVM_DEFINE_OBJECT_REF_METHODS(Pass, ObjectRef, PassNode);
};

/*! \brief Runs passes in order, each only when PassContext::PassEnabled allows. */
class SequentialNode : public PassNode {
 public:
  PassInfo pass_info;
  Array<Pass> passes;

  PassInfo Info() const final { return pass_info; }
  IRModule operator()(IRModule mod, const PassContext& pass_ctx) const final;

  void VisitAttrs(AttrVisitor* v) {
    v->Visit("pass_info", &pass_info);
    v->Visit("passes", &passes);
  }
  static constexpr const char* _type_key = "transform.Sequential";
  TVM_DECLARE_FINAL_OBJECT_INFO(SequentialNode, PassNode);
};

class Sequential : public Pass {
 public:
  Sequential(Array<Pass> passes, PassInfo pass_info);
  /*! \brief A Sequential at opt_level 0 (always enabled unless disabled by name). */
  explicit Sequential(Array<Pass> passes, String name = "sequential");
  TVM_DEFINE_OBJECT_REF_METHODS(Sequential, Pass, SequentialNode);
};

/*!
 * \brief A pass that applies `pass_func` to the whole module. `pass_func` must return a
 *  module; returning null (Python None) is a TypeError naming the pass.
 */
Pass CreateModulePass(const TypedPackedFunc<IRModule(IRModule, PassContext)>& pass_func,
                      int opt_level, String name, Array<String> required, bool traceable = false);

/*! \brief The pass `name` from its registered constructor (see the file comment). */
Pass GetPass(const String& name);

/*! \brief A pass that writes "PrintIR(header):" and the module to stderr, and changes nothing. */
Pass PrintIR(String header = "", bool show_meta_data = false);

}  // namespace transform
}  // namespace tvm

#endif  // TVM_IR_TRANSFORM_H_
