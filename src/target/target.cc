/*!
 * \file target.cc
 * \brief Parsing of target strings and the `with target:` scope stack.
 */
#include <tvm/runtime/registry.h>
#include <tvm/target/target.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>
#include <vector>

namespace tvm {

TVM_REGISTER_NODE_TYPE(TargetNode);

namespace {

enum class OptKind { kString, kArray, kInt, kBool };

struct KindInfo {
  int device_type;
  std::vector<std::string> keys;
  std::map<std::string, OptKind> options;
};

/*! \brief The kinds we parse, their keys and their options. */
const std::map<std::string, KindInfo>& KindTable() {
  static const std::map<std::string, KindInfo> table = [] {
    std::map<std::string, OptKind> common = {
        {"keys", OptKind::kArray}, {"tag", OptKind::kString}, {"device", OptKind::kString},
        {"model", OptKind::kString}, {"libs", OptKind::kArray}, {"host", OptKind::kString}};
    std::map<std::string, OptKind> cpu = common;
    for (const char* s : {"mcpu", "mtriple", "mfloat-abi", "mabi", "opt-level"}) {
      cpu[s] = OptKind::kString;
    }
    cpu["opt-level"] = OptKind::kInt;
    cpu["mattr"] = OptKind::kArray;
    cpu["num-cores"] = OptKind::kInt;
    cpu["link-params"] = OptKind::kBool;
    cpu["system-lib"] = OptKind::kBool;
    cpu["fast-math"] = OptKind::kBool;
    std::map<std::string, OptKind> gpu = common;
    for (const char* s : {"max_num_threads", "thread_warp_size", "max_shared_memory_per_block",
                          "max_threads_per_block", "registers_per_block"}) {
      gpu[s] = OptKind::kInt;
    }
    gpu["arch"] = OptKind::kString;
    gpu["mcpu"] = OptKind::kString;
    gpu["mattr"] = OptKind::kArray;
    std::map<std::string, KindInfo> t;
    t["llvm"] = {kDLCPU, {"cpu"}, cpu};
    t["c"] = {kDLCPU, {"cpu"}, cpu};
    t["cuda"] = {kDLCUDA, {"cuda", "gpu"}, gpu};
    t["opencl"] = {kDLOpenCL, {"opencl", "gpu"}, gpu};
    return t;
  }();
  return table;
}

std::string JoinKeys(const std::vector<std::string>& names) {
  std::ostringstream os;
  for (size_t i = 0; i < names.size(); ++i) os << (i ? ", " : "") << names[i];
  return os.str();
}

std::vector<std::string> SplitBy(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream is(s);
  while (std::getline(is, cur, sep)) {
    if (!cur.empty()) out.push_back(cur);
  }
  return out;
}

std::vector<Target>* ScopeStack() {
  thread_local std::vector<Target> stack;
  return &stack;
}

}  // namespace

Target::Target(const String& target_str) {
  std::vector<std::string> tokens = SplitBy(target_str, ' ');
  if (tokens.empty()) TVM_THROW(ValueError) << "target string is empty";
  const auto& table = KindTable();
  auto it = table.find(tokens[0]);
  if (it == table.end()) {
    std::vector<std::string> kinds;
    for (const auto& kv : table) kinds.push_back(kv.first);
    TVM_THROW(ValueError) << "unknown target kind '" << tokens[0]
                          << "'; valid kinds are: " << JoinKeys(kinds);
  }
  auto n = make_object<TargetNode>();
  n->kind = tokens[0];
  std::vector<std::string> keys = it->second.keys;
  std::ostringstream repr;
  repr << tokens[0];
  for (size_t i = 1; i < tokens.size(); ++i) {
    std::string tok = tokens[i];
    if (tok.size() < 2 || tok[0] != '-') {
      TVM_THROW(ValueError) << "target option '" << tok << "' of '" << target_str
                            << "' does not start with '-' (expected -key=value)";
    }
    tok = tok.substr(tok[1] == '-' ? 2 : 1);
    auto eq = tok.find('=');
    std::string key = tok.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : tok.substr(eq + 1);
    auto opt = it->second.options.find(key);
    if (opt == it->second.options.end()) {
      std::vector<std::string> names;
      for (const auto& kv : it->second.options) names.push_back("-" + kv.first);
      TVM_THROW(ValueError) << "unknown option '-" << key << "' for target kind '" << n->kind
                            << "'; valid options are: " << JoinKeys(names);
    }
    switch (opt->second) {
      case OptKind::kString:
        n->attrs.Set(key, String(value));
        break;
      case OptKind::kArray: {
        Array<String> items;
        for (const auto& s : SplitBy(value, ',')) items.push_back(s);
        n->attrs.Set(key, items);
        if (key == "keys") {
          std::vector<std::string> merged = SplitBy(value, ',');
          for (const auto& k : keys) {
            if (std::find(merged.begin(), merged.end(), k) == merged.end()) merged.push_back(k);
          }
          keys = merged;
        }
        break;
      }
      case OptKind::kInt:
      case OptKind::kBool: {
        int64_t v = 1;
        if (!value.empty() || opt->second == OptKind::kInt) {
          char* end = nullptr;
          v = std::strtoll(value.c_str(), &end, 10);
          if (value.empty() || *end != '\0') {
            if (opt->second == OptKind::kBool && (value == "true" || value == "false")) {
              v = value == "true";
            } else {
              TVM_THROW(ValueError) << "target option -" << key << " expects an integer, got '"
                                    << value << "'";
            }
          }
        }
        n->attrs.Set(key, Integer(static_cast<int>(v)));
        break;
      }
    }
    repr << " -" << key << (eq == std::string::npos ? "" : "=" + value);
  }
  for (const auto& k : keys) n->keys.push_back(k);
  n->str_repr = repr.str();
  data_ = std::move(n);
}

std::string TargetNode::GetStr(const std::string& key, const std::string& default_value) const {
  Optional<ObjectRef> v = attrs.Get(key);
  if (!v) return default_value;
  if (const auto* s = v.value().as<runtime::StringObj>()) return s->data;
  return default_value;
}

std::string TargetNode::GetMAttr() const {
  Optional<ObjectRef> v = attrs.Get("mattr");
  if (!v) return "";
  std::string out;
  for (const String& s : Downcast<Array<String>>(v.value())) {
    out += (out.empty() ? "" : ",") + std::string(s);
  }
  return out;
}

int TargetNode::device_type() const { return KindTable().at(kind).device_type; }

Target Target::Current(bool allow_not_defined) {
  auto* stack = ScopeStack();
  if (!stack->empty()) return stack->back();
  if (!allow_not_defined) TVM_THROW(ValueError) << "no target is set: use `with target:`";
  return Target();
}

Array<String> Target::ListKinds() {
  Array<String> out;
  for (const auto& kv : KindTable()) out.push_back(kv.first);
  return out;
}

void Target::EnterWithScope() { ScopeStack()->push_back(*this); }

void Target::ExitWithScope() {
  auto* stack = ScopeStack();
  ICHECK(!stack->empty() && stack->back().same_as(*this));
  stack->pop_back();
}

TVM_REGISTER_GLOBAL("target.Target").set_body_typed([](String s) { return Target(s); });
TVM_REGISTER_GLOBAL("target.TargetStr").set_body_typed([](Target t) { return t->str_repr; });
TVM_REGISTER_GLOBAL("target.TargetCurrent").set_body_typed([](bool allow_not_defined) {
  return Target::Current(allow_not_defined);
});
TVM_REGISTER_GLOBAL("target.TargetEnterScope").set_body_typed([](Target t) {
  t.EnterWithScope();
});
TVM_REGISTER_GLOBAL("target.TargetExitScope").set_body_typed([](Target t) { t.ExitWithScope(); });
TVM_REGISTER_GLOBAL("target.ListTargetKinds").set_body_typed(Target::ListKinds);
// The kind of the innermost `with target:` scope ("" outside any): lets lower layers (te's
// lowering) adapt to the target without depending on this header.
TVM_REGISTER_GLOBAL("target.CurrentKind").set_body_typed([]() {
  Target t = Target::Current(true);
  return String(t.defined() ? std::string(t->kind) : std::string());
});

}  // namespace tvm
