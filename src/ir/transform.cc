/*!
 * \file transform.cc
 * \brief PassInfo, PassContext (its per-thread stack and the registry of config options),
 *  Pass, ModulePass, Sequential and PrintIR.
 */
#include <tvm/ir/structural_hash.h>
#include <tvm/ir/transform.h>
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <iostream>
#include <limits>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

namespace tvm {
namespace transform {

using runtime::Registry;

namespace {
bool Contains(const Array<String>& names, const String& name) {
  for (const String& n : names) {
    if (n == name) return true;
  }
  return false;
}

/*! \brief "int (3)", "str ("O3")", "None", "runtime.Array ([1, 2])": a value for messages. */
std::string DescribeValue(const ObjectRef& v) {
  if (!v.defined()) return "None";
  std::string kind = v->GetTypeKey();
  if (v->IsInstance<runtime::IntObj>()) kind = "int";
  if (v->IsInstance<runtime::FloatObj>()) kind = "float";
  if (v->IsInstance<runtime::StringObj>()) kind = "str";
  return kind + " (" + runtime::ObjectRepr(v) + ")";
}

/*! \brief Report an error that is dropped because another one is already propagating. */
void ReportSecondaryError(const std::string& what, std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& err) {
    std::cerr << "[tvm.transform] " << what << " also failed: " << err.what() << std::endl;
  } catch (...) {
    std::cerr << "[tvm.transform] " << what << " also failed" << std::endl;
  }
}

/*! \brief A TypeError when an element of `arr` is null or not a T (None passes the FFI). */
template <typename T>
void CheckElements(const Array<ObjectRef>& arr, const char* what, const char* expected) {
  for (size_t i = 0; i < arr.size(); ++i) {
    ObjectRef e = arr[i];
    if (!e.defined() || !e->IsInstance<typename T::ContainerType>()) {
      TVM_THROW(TypeError) << what << "[" << i << "] must be " << expected << ", but is "
                           << DescribeValue(e);
    }
  }
}
}  // namespace

// ---- PassInfo --------------------------------------------------------------------------------

PassInfo::PassInfo(int opt_level, String name, Array<String> required, bool traceable) {
  auto n = make_object<PassInfoNode>();
  n->opt_level = opt_level;
  n->name = std::move(name);
  n->required = std::move(required);
  n->traceable = traceable;
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(PassInfoNode);

// ---- Config options ----------------------------------------------------------------------------

namespace {
struct ConfigOption {
  uint32_t type_index;
  bool is_bool;
};

class ConfigRegistry {
 public:
  static ConfigRegistry* Global() {
    static auto* inst = new ConfigRegistry();
    return inst;
  }

  /*! \return the type key already registered for `key` when it differs, else "". */
  std::string Register(const std::string& key, uint32_t type_index, bool is_bool) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = options_.find(key);
    if (it != options_.end() && it->second.type_index != type_index) {
      return Object::TypeIndex2Key(it->second.type_index);
    }
    options_[key] = ConfigOption{type_index, is_bool};
    return "";
  }

  bool Find(const std::string& key, ConfigOption* out) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = options_.find(key);
    if (it == options_.end()) return false;
    *out = it->second;
    return true;
  }

  std::map<std::string, ConfigOption> Snapshot() {
    std::lock_guard<std::mutex> lock(mutex_);
    return options_;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, ConfigOption> options_;  // sorted: error messages list keys in order
};

/*!
 * \brief A node of type `type_key` with fields from `fields` (a config given as a dict), built
 *  by runtime.MakeNode. Boxed numbers (how Python ints and floats arrive in a dict) are passed
 *  unboxed so that they fill plain int/bool/double fields; other values are passed as they are
 *  (a String fills a String or std::string field).
 */
ObjectRef CreateNodeFromFields(const std::string& type_key, const Map<String, ObjectRef>& fields) {
  const PackedFunc* make_node = Registry::Get("runtime.MakeNode");
  ICHECK(make_node != nullptr) << "runtime.MakeNode is not registered";
  int n = 1 + 2 * static_cast<int>(fields.size());
  std::vector<TVMValue> values(n);
  std::vector<int> codes(n);
  std::vector<std::string> strings;
  strings.reserve(n);  // the arguments point into these strings
  runtime::detail::TVMArgsSetter set(values.data(), codes.data());
  strings.push_back(type_key);
  set(0, strings.back().c_str());
  int i = 1;
  for (const auto& kv : fields) {
    strings.push_back(kv.first.str());
    set(i++, strings.back().c_str());
    const ObjectRef& v = kv.second;
    if (const auto* b = v.as<runtime::IntObj>()) {
      set(i++, b->value);
    } else if (const auto* f = v.as<runtime::FloatObj>()) {
      set(i++, f->value);
    } else {
      set(i++, v);
    }
  }
  TVMRetValue rv;
  make_node->CallPacked(TVMArgs(values.data(), codes.data(), n), &rv);
  return rv.operator ObjectRef();
}

ObjectRef LegalizeConfigValue(const std::string& key, const ObjectRef& value,
                              const ConfigOption& option) {
  uint32_t expected = option.type_index;
  std::string expected_key = Object::TypeIndex2Key(expected);
  ObjectRef v = value;
  if (v.defined()) {
    if (const auto* b = v.as<runtime::IntObj>()) {
      if (expected == IntImmNode::RuntimeTypeIndex()) {
        int64_t x = b->value;
        bool fits32 =
            x >= std::numeric_limits<int32_t>::min() && x <= std::numeric_limits<int32_t>::max();
        v = option.is_bool ? IntImm(DataType::Bool(), x != 0)
                           : IntImm(fits32 ? DataType::Int(32) : DataType::Int(64), x);
      }
    } else if (v->IsInstance<runtime::MapNode>() &&
               expected != runtime::MapNode::RuntimeTypeIndex()) {
      try {
        v = CreateNodeFromFields(expected_key, Downcast<Map<String, ObjectRef>>(v));
      } catch (const runtime::Error& e) {
        TVM_THROW(TypeError) << "PassContext config option '" << key << "' expects a value of type "
                             << expected_key << "; the dict given cannot make one: " << e.what();
      }
    }
  }
  if (!v.defined() ||
      (v->type_index() != expected && !Object::DerivedFrom(v->type_index(), expected))) {
    TVM_THROW(TypeError) << "PassContext config option '" << key << "' expects a value of type "
                         << expected_key << ", but was given " << DescribeValue(value);
  }
  return v;
}
}  // namespace

void PassContext::RegisterConfigOptionImpl(const std::string& key, uint32_t type_index,
                                           bool is_bool) {
  std::string previous = ConfigRegistry::Global()->Register(key, type_index, is_bool);
  if (!previous.empty()) {
    // Called while the library loads: an exception here would terminate the process.
    std::cerr << "[tvm.transform] config option '" << key << "' registered again with type "
              << Object::TypeIndex2Key(type_index) << "; keeping its first type " << previous
              << std::endl;
  }
}

void PassContext::RegisterConfigOption(const std::string& key, const std::string& type_key) {
  if (!Object::TypeKeyExists(type_key)) {
    TVM_THROW(ValueError) << "cannot register PassContext config option '" << key
                          << "': no object type is named '" << type_key << "'";
  }
  uint32_t index = Object::TypeKey2Index(type_key);
  std::string previous = ConfigRegistry::Global()->Register(key, index, false);
  if (!previous.empty()) {
    TVM_THROW(ValueError) << "PassContext config option '" << key
                          << "' is already registered with type " << previous << ", not "
                          << type_key;
  }
}

Map<String, Map<String, String>> PassContext::ListConfigs() {
  Map<String, Map<String, String>> configs;
  for (const auto& kv : ConfigRegistry::Global()->Snapshot()) {
    configs.Set(kv.first,
                Map<String, String>{{"type", Object::TypeIndex2Key(kv.second.type_index)}});
  }
  return configs;
}

void PassContext::LegalizeConfig() {
  PassContextNode* node = get();
  Map<String, ObjectRef> legal;
  for (const auto& kv : node->config) {
    ConfigOption option;
    if (!ConfigRegistry::Global()->Find(kv.first, &option)) {
      std::ostringstream valid;
      int count = 0;
      for (const auto& opt : ConfigRegistry::Global()->Snapshot()) {
        valid << (count++ ? ", " : "") << opt.first;
      }
      TVM_THROW(ValueError) << "invalid PassContext config option '" << kv.first
                            << "'; the valid options are: " << valid.str();
    }
    legal.Set(kv.first, LegalizeConfigValue(kv.first, kv.second, option));
  }
  node->config = legal;
}

// ---- PassContext -------------------------------------------------------------------------------

namespace {
struct PassContextThreadLocalEntry {
  PassContext default_context = PassContext::Create();
  std::vector<PassContext> stack;
};

PassContextThreadLocalEntry* ThreadLocalEntry() {
  thread_local PassContextThreadLocalEntry entry;
  return &entry;
}
}  // namespace

PassContext PassContext::Create() { return PassContext(make_object<PassContextNode>()); }

PassContext PassContext::Current() {
  PassContextThreadLocalEntry* entry = ThreadLocalEntry();
  return entry->stack.empty() ? entry->default_context : entry->stack.back();
}

void PassContext::EnterWithScope() {
  LegalizeConfig();
  InstrumentEnterPassContext();
  ThreadLocalEntry()->stack.push_back(*this);
}

void PassContext::ExitWithScope() {
  std::vector<PassContext>& stack = ThreadLocalEntry()->stack;
  if (stack.empty() || !stack.back().same_as(*this)) {
    TVM_THROW(ValueError) << "exiting a PassContext that is not the innermost entered one "
                             "(contexts must be exited in the reverse order of entering)";
  }
  stack.pop_back();
  InstrumentExitPassContext();
}

bool PassContext::PassEnabled(const PassInfo& info) const {
  if (Contains(get()->disabled_pass, info->name)) return false;
  if (Contains(get()->required_pass, info->name)) return true;
  return get()->opt_level >= info->opt_level;
}

void PassContext::InstrumentEnterPassContext() {
  // A local handle: a hook that replaces this context's instruments cannot pull the array
  // from under the loop.
  Array<instrument::PassInstrument> instruments = get()->instruments;
  std::vector<instrument::PassInstrument> entered;
  try {
    for (const auto& pi : instruments) {
      pi->EnterPassContext();
      entered.push_back(pi);
    }
  } catch (...) {
    std::exception_ptr error = std::current_exception();
    get()->instruments = Array<instrument::PassInstrument>();
    for (const auto& pi : entered) {
      try {
        pi->ExitPassContext();
      } catch (...) {
        ReportSecondaryError("exiting pass instrument " + pi->name.str(), std::current_exception());
      }
    }
    std::rethrow_exception(error);
  }
}

void PassContext::InstrumentExitPassContext() {
  Array<instrument::PassInstrument> instruments = get()->instruments;
  std::exception_ptr error;
  for (const auto& pi : instruments) {
    try {
      pi->ExitPassContext();
    } catch (...) {
      if (error) {
        ReportSecondaryError("exiting pass instrument " + pi->name.str(), std::current_exception());
      } else {
        error = std::current_exception();
      }
    }
  }
  if (error) {
    get()->instruments = Array<instrument::PassInstrument>();
    std::rethrow_exception(error);
  }
}

bool PassContext::InstrumentBeforePass(const IRModule& mod, const PassInfo& info) const {
  Array<instrument::PassInstrument> instruments = get()->instruments;
  if (instruments.empty()) return true;
  bool should_run = true;
  if (!Contains(get()->required_pass, info->name)) {
    for (const auto& pi : instruments) should_run = pi->ShouldRun(mod, info) && should_run;
  }
  if (should_run) {
    for (const auto& pi : instruments) pi->RunBeforePass(mod, info);
  }
  return should_run;
}

void PassContext::InstrumentAfterPass(const IRModule& mod, const PassInfo& info) const {
  Array<instrument::PassInstrument> instruments = get()->instruments;
  for (const auto& pi : instruments) pi->RunAfterPass(mod, info);
}

TVM_REGISTER_NODE_TYPE(PassContextNode);

/*! \brief The FFI's access to the scope functions (Python's `with`). */
class PassContext::Internal {
 public:
  static void EnterScope(PassContext ctx) { ctx.EnterWithScope(); }
  static void ExitScope(PassContext ctx) { ctx.ExitWithScope(); }
};

// ---- Pass --------------------------------------------------------------------------------------

IRModule Pass::operator()(IRModule mod) const {
  return (*this)(std::move(mod), PassContext::Current());
}

/*!
 * \brief With this option set, every pass checks that it leaves its input module unchanged
 *  (a pass must copy before it writes: the caller may still hold the module).
 */
TVM_REGISTER_PASS_CONFIG_OPTION("testing.immutable_module", Bool);

IRModule Pass::operator()(IRModule mod, const PassContext& pass_ctx) const {
  if (!defined()) TVM_THROW(ValueError) << "calling a null Pass";
  PassInfo info = get()->Info();
  if (!pass_ctx.InstrumentBeforePass(mod, info)) return mod;
  IRModule result;
  if (pass_ctx->GetConfig<Bool>("testing.immutable_module", Bool(false)).value()) {
    size_t before = StructuralHash()(mod);
    result = (*get())(mod, pass_ctx);  // `mod` stays referenced here, so writes must copy
    if (StructuralHash()(mod) != before) {
      TVM_THROW(TVMError) << "pass '" << info->name << "' modified its input module in place "
                          << "(checked because testing.immutable_module is set)";
    }
  } else {
    result = (*get())(std::move(mod), pass_ctx);
  }
  pass_ctx.InstrumentAfterPass(result, info);
  return result;
}
TVM_REGISTER_OBJECT_TYPE(PassNode);

// ---- ModulePass --------------------------------------------------------------------------------

/*! \brief A pass given by a function from module to module. */
class ModulePassNode : public PassNode {
 public:
  PassInfo pass_info;
  TypedPackedFunc<IRModule(IRModule, PassContext)> pass_func;

  PassInfo Info() const final { return pass_info; }

  IRModule operator()(IRModule mod, const PassContext& pass_ctx) const final {
    if (!mod.defined()) {
      TVM_THROW(ValueError) << "module pass '" << pass_info->name << "' was given no module";
    }
    TVMRetValue rv = pass_func.packed()(mod, pass_ctx);
    const Object* result = rv.type_code() == kTVMObjectHandle
                               ? static_cast<const Object*>(rv.value().v_handle)
                               : nullptr;
    if (result == nullptr || !result->IsInstance<IRModuleNode>()) {
      TVM_THROW(TypeError) << "module pass '" << pass_info->name
                           << "' must return the transformed IRModule, but returned "
                           << runtime::detail::DescribeValue(rv.value(), rv.type_code());
    }
    return rv.operator IRModule();
  }

  void VisitAttrs(AttrVisitor* v) { v->Visit("pass_info", &pass_info); }
  static constexpr const char* _type_key = "transform.ModulePass";
  TVM_DECLARE_FINAL_OBJECT_INFO(ModulePassNode, PassNode);
};
TVM_REGISTER_NODE_TYPE(ModulePassNode);

Pass CreateModulePass(const TypedPackedFunc<IRModule(IRModule, PassContext)>& pass_func,
                      int opt_level, String name, Array<String> required, bool traceable) {
  if (!pass_func.defined()) TVM_THROW(ValueError) << "module pass '" << name << "' has no function";
  auto n = make_object<ModulePassNode>();
  n->pass_info = PassInfo(opt_level, std::move(name), std::move(required), traceable);
  n->pass_func = pass_func;
  return Pass(ObjectPtr<Object>(std::move(n)));
}

// ---- Sequential --------------------------------------------------------------------------------

Sequential::Sequential(Array<Pass> passes, PassInfo pass_info) {
  CheckElements<Pass>(Array<ObjectRef>(passes), "Sequential: passes", "a Pass");
  auto n = make_object<SequentialNode>();
  n->passes = std::move(passes);
  n->pass_info = std::move(pass_info);
  data_ = std::move(n);
}

Sequential::Sequential(Array<Pass> passes, String name)
    : Sequential(std::move(passes), PassInfo(0, std::move(name))) {}

IRModule SequentialNode::operator()(IRModule mod, const PassContext& pass_ctx) const {
  for (const Pass& pass : passes) {
    PassInfo info = pass->Info();
    if (!pass_ctx.PassEnabled(info)) continue;
    for (const String& dependency : info->required) {
      mod = GetPass(dependency)(std::move(mod), pass_ctx);
    }
    mod = pass(std::move(mod), pass_ctx);
  }
  return mod;
}
TVM_REGISTER_NODE_TYPE(SequentialNode);

Pass GetPass(const String& name) {
  std::vector<std::string> candidates;
  if (name.str().find('.') != std::string::npos) {
    candidates = {name.str()};
  } else {
    candidates = {"transform." + name.str(), "relay._transform." + name.str(),
                  "tir.transform." + name.str()};
  }
  for (const std::string& fname : candidates) {
    const PackedFunc* f = Registry::Get(fname);
    if (f == nullptr) continue;
    TVMRetValue rv = (*f)();
    if (rv.type_code() != kTVMObjectHandle ||
        !static_cast<const Object*>(rv.value().v_handle)->IsInstance<PassNode>()) {
      TVM_THROW(TypeError) << "the constructor of pass '" << name << "', " << fname
                           << "(), must return a Pass, but returned "
                           << runtime::detail::DescribeValue(rv.value(), rv.type_code());
    }
    return rv.operator Pass();
  }
  std::ostringstream os;
  for (size_t i = 0; i < candidates.size(); ++i) os << (i ? ", " : "") << candidates[i];
  TVM_THROW(ValueError) << "cannot create pass '" << name
                        << "': no global function is registered under " << os.str();
}

// ---- PrintIR -----------------------------------------------------------------------------------

Pass PrintIR(String header, bool show_meta_data) {
  auto pass_func = [header](IRModule mod, PassContext ctx) {
    std::cerr << "PrintIR(" << header << "):\n" << runtime::ObjectRepr(mod) << std::endl;
    return mod;
  };
  return CreateModulePass(pass_func, 0, "PrintIR", {});
}

// ---- FFI ---------------------------------------------------------------------------------------

TVM_REGISTER_GLOBAL("transform.PassInfo")
    .set_body_typed([](int opt_level, String name, Array<String> required, bool traceable) {
      CheckElements<String>(Array<ObjectRef>(required), "PassInfo: required", "a str");
      return PassInfo(opt_level, name, required, traceable);
    });

TVM_REGISTER_GLOBAL("transform.PassContext")
    .set_body_typed([](int opt_level, Array<String> required, Array<String> disabled,
                       Array<instrument::PassInstrument> instruments,
                       Optional<Map<String, ObjectRef>> config) {
      CheckElements<String>(Array<ObjectRef>(required), "PassContext: required_pass", "a str");
      CheckElements<String>(Array<ObjectRef>(disabled), "PassContext: disabled_pass", "a str");
      CheckElements<instrument::PassInstrument>(Array<ObjectRef>(instruments),
                                                "PassContext: instruments", "a PassInstrument");
      PassContext ctx = PassContext::Create();
      ctx->opt_level = opt_level;
      ctx->required_pass = required;
      ctx->disabled_pass = disabled;
      ctx->instruments = instruments;
      if (config.defined()) {
        for (const auto& kv : config.value()) {
          ObjectRef key = kv.first;
          if (!key.defined() || !key->IsInstance<runtime::StringObj>()) {
            TVM_THROW(TypeError) << "PassContext: config keys must be str, but one is "
                                 << DescribeValue(key);
          }
        }
        ctx->config = config.value();
      }
      ctx.LegalizeConfig();
      return ctx;
    });

TVM_REGISTER_GLOBAL("transform.GetCurrentPassContext").set_body_typed(PassContext::Current);
TVM_REGISTER_GLOBAL("transform.EnterPassContext").set_body_typed(PassContext::Internal::EnterScope);
TVM_REGISTER_GLOBAL("transform.ExitPassContext").set_body_typed(PassContext::Internal::ExitScope);

TVM_REGISTER_GLOBAL("transform.OverrideInstruments")
    .set_body_typed([](PassContext ctx, Array<instrument::PassInstrument> instruments) {
      CheckElements<instrument::PassInstrument>(Array<ObjectRef>(instruments), "instruments",
                                                "a PassInstrument");
      ctx.InstrumentExitPassContext();
      ctx->instruments = instruments;
      ctx.InstrumentEnterPassContext();
    });

TVM_REGISTER_GLOBAL("transform.ListConfigs").set_body_typed(PassContext::ListConfigs);

TVM_REGISTER_GLOBAL("transform.RegisterConfigOption")
    .set_body_typed([](String key, String type_key) {
      PassContext::RegisterConfigOption(key, type_key);
    });

TVM_REGISTER_GLOBAL("transform.Info").set_body_typed([](Pass pass) {
  if (!pass.defined()) TVM_THROW(ValueError) << "transform.Info: no pass given";
  return pass->Info();
});

TVM_REGISTER_GLOBAL("transform.RunPass").set_body_typed([](Pass pass, IRModule mod) {
  return pass(std::move(mod));
});

TVM_REGISTER_GLOBAL("transform.MakeModulePass")
    .set_body_typed([](TypedPackedFunc<IRModule(IRModule, PassContext)> pass_func, PassInfo info) {
      return CreateModulePass(pass_func, info->opt_level, info->name, info->required,
                              info->traceable);
    });

TVM_REGISTER_GLOBAL("transform.Sequential")
    .set_body_typed([](Array<Pass> passes, int opt_level, String name, Array<String> required,
                       bool traceable) {
      CheckElements<String>(Array<ObjectRef>(required), "Sequential: required", "a str");
      return Sequential(passes, PassInfo(opt_level, name, required, traceable));
    });

TVM_REGISTER_GLOBAL("transform.PrintIR").set_body_typed(PrintIR);

}  // namespace transform
}  // namespace tvm
