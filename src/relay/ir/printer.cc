/*!
 * \file printer.cc
 * \brief The Relay text printer (see tvm/relay/printer.h for the format).
 */
#include <tvm/ir/module.h>
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/printer.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/expr.h>

#include <cmath>
#include <iomanip>
#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "../../support/deep_recursion.h"

namespace tvm {
namespace relay {
namespace {

std::string DimText(const PrimExpr& d) {
  if (const auto* i = d.as<IntImmNode>()) return std::to_string(i->value);
  if (d.as<AnyNode>()) return "?";
  return AsTIRScript(d);
}

std::string DTypeText(DataType t) { return runtime::DLDataType2String(t); }

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string FloatText(double v) {
  std::ostringstream os;
  os << std::setprecision(9) << v;
  return os.str();
}

/*! \brief The text of an attribute value: 1, 1.5f, "NCHW", [1, 1], True, float32. */
std::string ValueText(const ObjectRef& v) {
  if (!v.defined()) return "None";
  if (const auto* s = v.as<runtime::StringObj>()) return Quote(s->data);
  if (const auto* i = v.as<IntImmNode>()) {
    if (i->dtype.is_bool()) return i->value ? "True" : "False";
    return std::to_string(i->value);
  }
  if (const auto* f = v.as<FloatImmNode>()) return FloatText(f->value) + "f";
  if (const auto* a = v.as<runtime::ArrayNode>()) {
    std::string s = "[";
    for (size_t i = 0; i < a->data.size(); ++i) {
      if (i) s += ", ";
      s += ValueText(a->data[i]);
    }
    return s + "]";
  }
  if (const auto* t = v.as<TypeNode>()) return TypeText(GetRef<Type>(t));
  if (const auto* e = v.as<PrimExprNode>()) return DimText(GetRef<PrimExpr>(e));
  return runtime::ObjectRepr(v);
}

/*! \brief The fields of an attrs node as (name, text) pairs, in declaration order. */
class AttrTextLister : public runtime::AttrVisitor {
 public:
  std::vector<std::pair<std::string, std::string>> fields;
  void Visit(const char* key, double* v) final { Add(key, FloatText(*v) + "f"); }
  void Visit(const char* key, int64_t* v) final { Add(key, std::to_string(*v)); }
  void Visit(const char* key, uint64_t* v) final { Add(key, std::to_string(*v)); }
  void Visit(const char* key, int* v) final { Add(key, std::to_string(*v)); }
  void Visit(const char* key, bool* v) final { Add(key, *v ? "True" : "False"); }
  void Visit(const char* key, std::string* v) final { Add(key, Quote(*v)); }
  void Visit(const char* key, DataType* v) final {
    Add(key, v->is_void() ? "\"\"" : Quote(DTypeText(*v)));
  }
  void Visit(const char* key, ObjectRef* v) final { Add(key, ValueText(*v)); }

 private:
  void Add(const char* key, std::string text) { fields.emplace_back(key, std::move(text)); }
};

/*! \brief "strides=[2, 2], padding=[1, 1, 1, 1]": the fields that differ from the defaults. */
std::string AttrsText(const Attrs& attrs) {
  if (!attrs.defined()) return "";
  std::string out;
  auto append = [&](const std::string& k, const std::string& v) {
    out += (out.empty() ? "" : ", ") + k + "=" + v;
  };
  if (const auto* d = attrs.as<DictAttrsNode>()) {
    for (const auto& kv : d->dict) append(kv.first, ValueText(kv.second));
    return out;
  }
  AttrTextLister now, defaults;
  runtime::ReflectionTable::VisitAttrs(const_cast<BaseAttrsNode*>(attrs.get()), &now);
  try {
    ObjectPtr<Object> d = runtime::ReflectionTable::CreateInitObject(attrs->GetTypeKey());
    runtime::ReflectionTable::VisitAttrs(d.get(), &defaults);
  } catch (const runtime::Error&) {
    defaults.fields.clear();
  }
  for (size_t i = 0; i < now.fields.size(); ++i) {
    bool is_default = i < defaults.fields.size() && defaults.fields[i] == now.fields[i];
    if (!is_default) append(now.fields[i].first, now.fields[i].second);
  }
  return out;
}

class RelayPrinter : private ExprFunctor<std::string(const Expr&)> {
 public:
  RelayPrinter(bool show_types, std::function<std::string(const Expr&)> annotate)
      : show_types_(show_types), annotate_(std::move(annotate)) {}

  std::string Print(const ObjectRef& node) {
    std::ostringstream os;
    if (!node.defined()) return "None";
    if (const auto* m = node.as<IRModuleNode>()) {
      os << "#[version = \"0.0.5\"]\n";
      for (const GlobalVar& gv : m->GetGlobalVars()) {
        BaseFunc f = m->functions.at(gv);
        if (const auto* rf = f.as<FunctionNode>()) {
          os << FunctionText("def @" + std::string(gv->name_hint), rf, 0) << "\n";
        } else {
          os << "@" << gv->name_hint << " = " << AsTIRScript(f) << "\n";
        }
      }
      return os.str();
    }
    if (const auto* t = node.as<TypeNode>()) return TypeText(GetRef<Type>(t));
    if (const auto* f = node.as<FunctionNode>()) return FunctionText("fn ", f, 0);
    if (const auto* e = node.as<RelayExprNode>()) return ScopeText(GetRef<Expr>(e), 0, false);
    if (const auto* a = node.as<BaseAttrsNode>()) return "{" + AttrsText(GetRef<Attrs>(a)) + "}";
    return runtime::ObjectRepr(node);
  }

 private:
  // ---- scopes and bindings ------------------------------------------------------------------
  /*! \brief The lines binding the non-atomic parts of `body`, then `body` itself. */
  std::string ScopeText(const Expr& body, int indent, bool braces) {
    scopes_.emplace_back();
    Scope& scope = scopes_.back();
    scope.indent = indent + (braces ? 1 : 0);
    std::string result = RhsOrAtom(body);
    std::string text;
    for (const std::string& l : scopes_.back().lines) text += l;
    text += Indent(scopes_.back().indent) + result + Comment(body, true) + "\n";
    for (const Object* key : scopes_.back().memo_keys) memo_.erase(key);
    scopes_.pop_back();
    if (!braces) return text;
    return "{\n" + text + Indent(indent) + "}";
  }
  std::string FunctionText(const std::string& head, const FunctionNode* f, int indent) {
    std::string s = head + "(";
    for (size_t i = 0; i < f->params.size(); ++i) {
      if (i) s += ", ";
      const Var& p = f->params[i];
      s += VarName(p.get());
      Type t = p->type_annotation.defined() ? p->type_annotation : p->checked_type_;
      if (t.defined()) s += ": " + TypeText(t);
    }
    if (f->attrs.defined() && !f->attrs->dict.empty()) {
      s += (f->params.empty() ? "" : ", ") + AttrsText(f->attrs);
    }
    s += ") ";
    Type ret = f->ret_type;
    if (!ret.defined() && f->checked_type_.defined()) {
      if (const auto* ft = f->checked_type_.as<FuncTypeNode>()) ret = ft->ret_type;
    }
    if (ret.defined()) s += "-> " + TypeText(ret) + " ";
    return s + ScopeText(f->body, indent, true);
  }
  std::string Indent(int n) { return std::string(2 * n, ' '); }
  std::string Comment(const Expr& e, bool is_result) {
    std::string c;
    if (show_types_ && e->checked_type_.defined() && !e.as<OpNode>() &&
        (!is_result || !e.as<VarNode>())) {
      c += " /* ty=" + TypeText(e->checked_type_) + " */";
    }
    if (annotate_) {
      std::string note = annotate_(e);
      if (!note.empty()) c += " /* " + note + " */";
    }
    return c;
  }
  /*! \brief Atoms print inline; other nodes print once, bound to a temporary. */
  std::string Atom(const Expr& e) {
    auto it = memo_.find(e.get());
    if (it != memo_.end()) return it->second;
    std::string rhs;
    depth_.Descend([&]() {
      if (e.as<LetNode>()) {
        // A let that is not in tail position keeps its bindings in parentheses, so they do
        // not leak into the enclosing sequence of bindings.
        int indent = scopes_.back().indent;
        rhs = "(\n" + ScopeText(e, indent + 1, false) + Indent(indent) + ")";
      } else {
        rhs = VisitExpr(e);
      }
      return 0;
    });
    if (IsAtomic(e)) return rhs;
    std::string name = "%" + std::to_string(temp_counter_++);
    Scope& scope = scopes_.back();
    scope.lines.push_back(Indent(scope.indent) + name + " = " + rhs + Comment(e, false) + ";\n");
    Memo(e, name);
    return name;
  }
  std::string RhsOrAtom(const Expr& e) {
    auto it = memo_.find(e.get());
    if (it != memo_.end()) return it->second;
    std::string rhs;
    depth_.Descend([&]() {
      rhs = VisitExpr(e);
      return 0;
    });
    return rhs;
  }
  bool IsAtomic(const Expr& e) {
    return e.as<VarNode>() || e.as<GlobalVarNode>() || e.as<OpNode>() || e.as<ConstantNode>();
  }
  void Memo(const Expr& e, const std::string& text) {
    memo_[e.get()] = text;
    scopes_.back().memo_keys.push_back(e.get());
  }
  std::string VarName(const VarNode* v) {
    auto it = var_names_.find(v);
    if (it != var_names_.end()) return it->second;
    std::string base = v->name_hint.empty() ? std::string("v") : std::string(v->name_hint);
    std::string name = base;
    for (int k = 1; used_names_.count(name); ++k) name = base + "_" + std::to_string(k);
    used_names_.insert(name);
    return var_names_[v] = "%" + name;
  }

  // ---- nodes --------------------------------------------------------------------------------
  std::string VisitExpr_(const VarNode* op) final { return VarName(op); }
  std::string VisitExpr_(const GlobalVarNode* op) final { return "@" + std::string(op->name_hint); }
  std::string VisitExpr_(const OpNode* op) final { return op->name; }
  std::string VisitExpr_(const ConstantNode* op) final {
    if (op->is_scalar() && op->data->device.device_type == kDLCPU) {
      DataType t = op->data.DataType();
      const void* p = op->data->data;
      if (t == DataType::Float(32)) return FloatText(*static_cast<const float*>(p)) + "f";
      if (t == DataType::Float(64)) return FloatText(*static_cast<const double*>(p)) + "f64";
      if (t == DataType::Int(32)) return std::to_string(*static_cast<const int32_t*>(p));
      if (t == DataType::Int(64)) return std::to_string(*static_cast<const int64_t*>(p)) + "i64";
      if (t.is_bool()) return *static_cast<const uint8_t*>(p) ? "True" : "False";
    }
    auto it = const_index_.find(op);
    if (it == const_index_.end()) it = const_index_.emplace(op, const_index_.size()).first;
    return "meta[relay.Constant][" + std::to_string(it->second) + "]";
  }
  std::string VisitExpr_(const TupleNode* op) final {
    std::string s = "(";
    for (size_t i = 0; i < op->fields.size(); ++i) s += (i ? ", " : "") + Atom(op->fields[i]);
    return s + (op->fields.size() == 1 ? ",)" : ")");
  }
  std::string VisitExpr_(const TupleGetItemNode* op) final {
    return Atom(op->tuple) + "." + std::to_string(op->index);
  }
  std::string VisitExpr_(const CallNode* op) final {
    std::string callee = Atom(op->op);
    std::string s = callee + "(";
    for (size_t i = 0; i < op->args.size(); ++i) s += (i ? ", " : "") + Atom(op->args[i]);
    std::string attrs = AttrsText(op->attrs);
    if (!attrs.empty()) s += (op->args.empty() ? "" : ", ") + attrs;
    return s + ")";
  }
  std::string VisitExpr_(const LetNode* op) final {
    // Walk a let chain iteratively: the bodies are often thousands deep.
    Expr e = GetRef<Expr>(op);
    while (const auto* let = e.as<LetNode>()) {
      std::string value = RhsOrAtom(let->value);
      std::string var = VarName(let->var.get());
      if (let->var->type_annotation.defined()) var += ": " + TypeText(let->var->type_annotation);
      Scope& scope = scopes_.back();
      scope.lines.push_back(Indent(scope.indent) + "let " + var + " = " + value +
                            Comment(let->value, false) + ";\n");
      e = let->body;
    }
    return RhsOrAtom(e);
  }
  std::string VisitExpr_(const IfNode* op) final {
    std::string cond = Atom(op->cond);
    int indent = scopes_.back().indent;
    return "if (" + cond + ") " + ScopeText(op->true_branch, indent, true) + " else " +
           ScopeText(op->false_branch, indent, true);
  }
  std::string VisitExpr_(const FunctionNode* op) final {
    return FunctionText("fn ", op, scopes_.back().indent);
  }

  struct Scope {
    int indent{0};
    std::vector<std::string> lines;
    std::vector<const Object*> memo_keys;
  };
  bool show_types_;
  std::function<std::string(const Expr&)> annotate_;
  std::vector<Scope> scopes_;
  std::unordered_map<const Object*, std::string> memo_;
  std::unordered_map<const Object*, std::string> var_names_;
  std::unordered_set<std::string> used_names_;
  std::unordered_map<const Object*, size_t> const_index_;
  int temp_counter_{0};
  support::RecursionDepth depth_;
};

}  // namespace

std::string TypeText(const Type& type) {
  if (!type.defined()) return "None";
  if (const auto* t = type.as<TensorTypeNode>()) {
    if (t->shape.empty()) return DTypeText(t->dtype);
    std::string s = "Tensor[(";
    for (size_t i = 0; i < t->shape.size(); ++i) s += (i ? ", " : "") + DimText(t->shape[i]);
    return s + "), " + DTypeText(t->dtype) + "]";
  }
  if (const auto* t = type.as<TupleTypeNode>()) {
    std::string s = "(";
    for (size_t i = 0; i < t->fields.size(); ++i) s += (i ? ", " : "") + TypeText(t->fields[i]);
    return s + (t->fields.size() == 1 ? ",)" : ")");
  }
  if (const auto* t = type.as<FuncTypeNode>()) {
    std::string s = "fn (";
    for (size_t i = 0; i < t->arg_types.size(); ++i) {
      s += (i ? ", " : "") + TypeText(t->arg_types[i]);
    }
    return s + ") -> " + TypeText(t->ret_type);
  }
  if (type.as<IncompleteTypeNode>()) return "?";
  if (const auto* t = type.as<PrimTypeNode>()) return DTypeText(t->dtype);
  return runtime::ObjectRepr(type);
}

std::string AsText(const ObjectRef& node, bool show_types,
                   std::function<std::string(const Expr&)> annotate) {
  return RelayPrinter(show_types, std::move(annotate)).Print(node);
}

TVM_REGISTER_GLOBAL("relay.ir.AsText").set_body_typed([](ObjectRef node, bool show_types) {
  return AsText(node, show_types, nullptr);
});

}  // namespace relay
}  // namespace tvm
