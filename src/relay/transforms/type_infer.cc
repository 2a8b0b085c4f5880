/*!
 * \file type_infer.cc
 * \brief relay.transform.InferType: type inference of Relay functions.
 *
 * Every expression gets a type: a declared one (a Var's annotation, a constant's tensor type),
 * one built from its parts (a tuple, a function), or a fresh hole (IncompleteType) for a call's
 * result. A call of an operator is a constraint, the op's type relation over the argument and
 * result types; a call of a function unifies the callee's type with fn(args) -> result.
 * Relations are solved as soon as their inputs are known (the walk goes in dataflow order, so
 * that is usually at once); the rest are retried until no more progress is made. Unification
 * fills holes and checks that two types agree: same dtype and rank, equal static dimensions,
 * and Any (a run-time dimension) agreeing with anything.
 *
 * Errors are the user's (an ill-typed model), so they are DiagnosticErrors: the message names
 * the op, the argument and the types, and prints the function with the offending call marked.
 */
#include <tvm/ir/module.h>
#include <tvm/ir/structural_equal.h>
#include <tvm/ir/transform.h>
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/printer.h>
#include <tvm/relay/transform.h>
#include <tvm/runtime/registry.h>

#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "../../support/deep_recursion.h"

namespace tvm {
namespace relay {
namespace {

/*! \brief Two types that cannot be the same (the message says where they differ). */
struct TypeConflict : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool IsAnyDim(const PrimExpr& d) { return d.as<AnyNode>() != nullptr; }

/*! \brief Holes (IncompleteTypes) and what they are bound to: a union-find over types. */
class TypeSolver {
 public:
  /*! \brief `t` with every bound hole replaced by what it stands for. */
  Type Resolve(const Type& t) {
    if (!t.defined()) return t;
    if (t.as<IncompleteTypeNode>()) {
      auto it = bound_.find(t.get());
      if (it == bound_.end()) return t;
      Type r = Resolve(it->second);
      it->second = r;
      return r;
    }
    if (const auto* tt = t.as<TupleTypeNode>()) {
      bool changed = false;
      Array<Type> fields;
      for (const Type& f : tt->fields) {
        Type r = Resolve(f);
        changed = changed || !r.same_as(f);
        fields.push_back(r);
      }
      return changed ? TupleType(fields) : t;
    }
    if (const auto* ft = t.as<FuncTypeNode>()) {
      bool changed = false;
      Array<Type> args;
      for (const Type& a : ft->arg_types) {
        Type r = Resolve(a);
        changed = changed || !r.same_as(a);
        args.push_back(r);
      }
      Type ret = Resolve(ft->ret_type);
      changed = changed || !ret.same_as(ft->ret_type);
      return changed ? FuncType(args, ret) : t;
    }
    return t;
  }

  /*! \brief Make `a` and `b` the same type and return it; TypeConflict when they differ. */
  Type Unify(const Type& lhs, const Type& rhs) {
    Type a = Resolve(lhs), b = Resolve(rhs);
    if (a.same_as(b)) return a;
    if (a.as<IncompleteTypeNode>()) return Bind(a, b);
    if (b.as<IncompleteTypeNode>()) return Bind(b, a);
    auto conflict = [&](const std::string& why) -> TypeConflict {
      return TypeConflict(TypeText(a) + " vs " + TypeText(b) + (why.empty() ? "" : ": " + why));
    };
    if (const auto* ta = a.as<TensorTypeNode>()) {
      const auto* tb = b.as<TensorTypeNode>();
      if (!tb) throw conflict("");
      if (ta->dtype != tb->dtype) throw conflict("different dtypes");
      if (ta->shape.size() != tb->shape.size()) throw conflict("different ranks");
      Array<PrimExpr> shape;
      for (size_t i = 0; i < ta->shape.size(); ++i) {
        PrimExpr da = ta->shape[i], db = tb->shape[i];
        if (IsAnyDim(da) || IsAnyDim(db)) {
          shape.push_back(IsAnyDim(da) ? da : db);
        } else if (StructuralEqual()(da, db)) {
          shape.push_back(da);
        } else {
          throw conflict("dimension " + std::to_string(i) + " differs");
        }
      }
      return TensorType(shape, ta->dtype);
    }
    if (const auto* ta = a.as<TupleTypeNode>()) {
      const auto* tb = b.as<TupleTypeNode>();
      if (!tb) throw conflict("");
      if (ta->fields.size() != tb->fields.size()) throw conflict("different numbers of fields");
      Array<Type> fields;
      for (size_t i = 0; i < ta->fields.size(); ++i) {
        fields.push_back(Unify(ta->fields[i], tb->fields[i]));
      }
      return TupleType(fields);
    }
    if (const auto* fa = a.as<FuncTypeNode>()) {
      const auto* fb = b.as<FuncTypeNode>();
      if (!fb) throw conflict("");
      if (fa->arg_types.size() != fb->arg_types.size()) {
        throw conflict("different numbers of parameters");
      }
      Array<Type> args;
      for (size_t i = 0; i < fa->arg_types.size(); ++i) {
        args.push_back(Unify(fa->arg_types[i], fb->arg_types[i]));
      }
      return FuncType(args, Unify(fa->ret_type, fb->ret_type));
    }
    if (StructuralEqual()(a, b)) return a;
    throw conflict("");
  }

  /*! \brief Whether `t` (resolved) still holds a hole. */
  bool HasHole(const Type& t) {
    if (!t.defined() || t.as<IncompleteTypeNode>()) return true;
    if (const auto* tt = t.as<TupleTypeNode>()) {
      for (const Type& f : tt->fields) {
        if (HasHole(f)) return true;
      }
    }
    if (const auto* ft = t.as<FuncTypeNode>()) {
      for (const Type& a : ft->arg_types) {
        if (HasHole(a)) return true;
      }
      return HasHole(ft->ret_type);
    }
    return false;
  }

 private:
  Type Bind(const Type& hole, const Type& t) {
    bound_[hole.get()] = t;
    return t;
  }
  std::unordered_map<const Object*, Type> bound_;
};

/*! \brief The reporter handed to a relation: Assign unifies, naming the argument on conflict. */
class SolverReporterNode : public TypeReporterNode {
 public:
  TypeSolver* solver{nullptr};
  const OpNode* op{nullptr};
  Array<Type> types;

  void Assign(const Type& dst, const Type& src) final {
    try {
      solver->Unify(dst, src);
    } catch (const TypeConflict&) {
      std::string who = "a type";
      for (size_t i = 0; i < types.size(); ++i) {
        if (!types[i].same_as(dst)) continue;
        who = i + 1 == types.size() ? std::string("the result") : ArgName(static_cast<int>(i));
      }
      TVM_THROW(TypeError) << who << " has type " << TypeText(solver->Resolve(dst)) << " but "
                           << TypeText(src) << " is required";
    }
  }
  std::string ArgName(int index) const final {
    std::string s = "argument " + std::to_string(index);
    if (op != nullptr && index < static_cast<int>(op->arguments.size())) {
      std::string a = op->arguments[index];
      s += " (" + a.substr(0, a.find(" : ")) + ")";
    }
    return s;
  }
  static constexpr const char* _type_key = "relay.SolverReporter";
  TVM_DECLARE_FINAL_OBJECT_INFO(SolverReporterNode, TypeReporterNode);
};

/*! \brief A constraint not solved yet: solve() returns false while its inputs are unknown. */
struct PendingRelation {
  Expr at;
  std::function<bool()> solve;
};

class TypeInferencer : private ExprFunctor<Type(const Expr&)> {
 public:
  TypeInferencer(IRModule mod, Expr root, std::string where)
      : mod_(std::move(mod)), root_(std::move(root)), where_(std::move(where)) {}

  /*! \brief Infer the types of the whole root and record them on its nodes. */
  Type Run() {
    Type t = GetType(root_);
    SolvePending();
    std::vector<std::pair<const RelayExprNode*, Type>> results;
    for (const Expr& e : order_) {
      Type r = solver_.Resolve(types_.at(e.get()));
      if (solver_.HasHole(r)) {
        const auto* var = e.as<VarNode>();
        std::string what =
            var ? "%" + std::string(var->name_hint) : "this " + std::string(e->GetTypeKey());
        Fail(e, "cannot infer the type of " + what + " (it is only known as " + TypeText(r) +
                    "); annotate it");
      }
      results.emplace_back(e.get(), r);
    }
    for (auto& kv : results) kv.first->checked_type_ = kv.second;
    return solver_.Resolve(t);
  }

 private:
  Type GetType(const Expr& e) {
    auto it = types_.find(e.get());
    if (it != types_.end()) return it->second;
    Type t;
    depth_.Descend([&]() {
      t = VisitExpr(e);
      return 0;
    });
    types_[e.get()] = t;
    if (!e.as<OpNode>()) order_.push_back(e);
    return t;
  }

  [[noreturn]] void Fail(const Expr& at, const std::string& msg) {
    std::string program = AsText(root_, false, [&](const Expr& e) {
      return e.same_as(at) ? std::string("<-- type error here") : std::string();
    });
    // A module function prints under its name, as in the module's text.
    if (where_.rfind("@", 0) == 0 && program.rfind("fn ", 0) == 0) {
      program = "def " + where_ + program.substr(3);
    }
    // An imported expression carries the model node it came from (frontends set its span).
    std::string origin;
    if (at.defined() && at->span.defined() && !at->span->source_name.empty()) {
      origin = " (from " + std::string(at->span->source_name) + ")";
    }
    TVM_THROW(DiagnosticError) << msg << origin << "\nin " << where_
                               << ", at the expression marked below:\n" << program;
  }

  void UnifyAt(const Expr& at, const Type& a, const Type& b, const std::string& what) {
    try {
      solver_.Unify(a, b);
    } catch (const TypeConflict& c) {
      Fail(at, what + ": " + c.what());
    }
  }

  Type VisitExpr_(const VarNode* op) final {
    return op->type_annotation.defined() ? op->type_annotation : Type(IncompleteType::New());
  }
  Type VisitExpr_(const GlobalVarNode* op) final {
    if (op->checked_type_.defined()) return op->checked_type_;
    GlobalVar gv = GetRef<GlobalVar>(op);
    if (!mod_.defined() || !mod_->functions.count(gv)) {
      Fail(gv, "@" + std::string(op->name_hint) + " is not a function of the module");
    }
    BaseFunc f = mod_->functions.at(gv);
    if (!f->checked_type_.defined()) {
      const auto* rf = f.as<FunctionNode>();
      if (rf == nullptr) Fail(gv, "@" + std::string(op->name_hint) + " has no Relay type");
      if (!in_progress_.insert(rf).second) {
        Fail(gv, "@" + std::string(op->name_hint) +
                     " is called recursively; recursive functions are not supported yet");
      }
      TypeInferencer(mod_, f, "@" + std::string(op->name_hint)).Run();
      in_progress_.erase(rf);
    }
    return f->checked_type_;
  }
  Type VisitExpr_(const ConstantNode* op) final { return op->tensor_type(); }
  Type VisitExpr_(const OpNode* op) final { return IncompleteType::New(); }
  Type VisitExpr_(const TupleNode* op) final {
    Array<Type> fields;
    for (const Expr& f : op->fields) fields.push_back(GetType(f));
    return TupleType(fields);
  }
  Type VisitExpr_(const TupleGetItemNode* op) final {
    Type tuple_type = GetType(op->tuple);
    Type out = IncompleteType::New();
    Expr at = GetRef<Expr>(op);
    int index = op->index;
    Solve(at, [this, at, tuple_type, out, index]() {
      Type t = solver_.Resolve(tuple_type);
      if (t.as<IncompleteTypeNode>()) return false;
      const auto* tt = t.as<TupleTypeNode>();
      if (tt == nullptr) Fail(at, "field " + std::to_string(index) + " of a " + TypeText(t));
      if (index >= static_cast<int>(tt->fields.size())) {
        Fail(at, "field " + std::to_string(index) + " of a tuple of " +
                     std::to_string(tt->fields.size()) + " fields, " + TypeText(t));
      }
      UnifyAt(at, out, tt->fields[index], "the projected field");
      return true;
    });
    return out;
  }
  Type VisitExpr_(const LetNode* op) final {
    Expr expr = GetRef<Expr>(op);
    // A chain of lets is walked iteratively: let bodies are often thousands deep.
    std::vector<const LetNode*> chain;
    while (const auto* let = expr.as<LetNode>()) {
      if (types_.count(let)) break;
      chain.push_back(let);
      Type vt = GetType(let->value);
      if (let->var->type_annotation.defined()) {
        UnifyAt(let->var, let->var->type_annotation, vt,
                "the let-bound value of %" + std::string(let->var->name_hint) +
                    " does not match its annotation");
        vt = let->var->type_annotation;
      }
      if (!types_.count(let->var.get())) {
        types_[let->var.get()] = vt;
        order_.push_back(let->var);
      }
      expr = let->body;
    }
    Type body_type = GetType(expr);
    for (size_t i = chain.size(); i-- > 1;) {
      types_[chain[i]] = body_type;
      order_.push_back(GetRef<Expr>(chain[i]));
    }
    return body_type;
  }
  Type VisitExpr_(const IfNode* op) final {
    UnifyAt(op->cond, GetType(op->cond), TensorType::Scalar(DataType::Bool()),
            "the condition of an if must be a bool scalar");
    Type t = GetType(op->true_branch);
    Type f = GetType(op->false_branch);
    Type out = IncompleteType::New();
    UnifyAt(GetRef<Expr>(op), t, f, "the branches of the if have different types");
    UnifyAt(GetRef<Expr>(op), out, t, "if");
    return out;
  }
  Type VisitExpr_(const FunctionNode* op) final {
    Array<Type> params;
    for (const Var& p : op->params) params.push_back(GetType(p));
    Type body = GetType(op->body);
    Type ret = body;
    if (op->ret_type.defined()) {
      UnifyAt(op->body, op->ret_type, body,
              "the body's type does not match the declared return type");
      ret = op->ret_type;
    }
    return FuncType(params, ret);
  }
  Type VisitExpr_(const CallNode* call) final {
    Expr at = GetRef<Expr>(call);
    Array<Type> types;
    for (const Expr& a : call->args) types.push_back(GetType(a));
    Type out = IncompleteType::New();
    if (const auto* op = call->op.as<OpNode>()) {
      static auto frel = Op::GetAttrMap<PackedFunc>("FTypeRelation");
      Op opref = GetRef<Op>(op);
      if (!frel.count(opref))
        Fail(at, "operator " + std::string(op->name) + " has no type relation");
      if (op->num_inputs >= 0 && op->num_inputs != static_cast<int>(call->args.size())) {
        Fail(at, std::string(op->name) + " takes " + std::to_string(op->num_inputs) +
                     " arguments, got " + std::to_string(call->args.size()));
      }
      if (!op->attrs_type_key.empty() &&
          (!call->attrs.defined() ||
           call->attrs->GetTypeKey() != std::string(op->attrs_type_key))) {
        Fail(at, std::string(op->name) + " needs attributes of type " +
                     std::string(op->attrs_type_key) + ", got " +
                     (call->attrs.defined() ? call->attrs->GetTypeKey() : std::string("none")) +
                     " (build the call with relay." + std::string(op->name) + "(...))");
      }
      types.push_back(out);
      PackedFunc rel = frel[opref];
      int num_inputs = static_cast<int>(call->args.size());
      Attrs attrs = call->attrs;
      Solve(at, [this, at, op, rel, types, num_inputs, attrs]() {
        auto reporter = make_object<SolverReporterNode>();
        reporter->solver = &solver_;
        reporter->op = op;
        Array<Type> resolved;
        for (const Type& t : types) resolved.push_back(solver_.Resolve(t));
        reporter->types = resolved;
        try {
          return static_cast<bool>(rel(resolved, num_inputs, attrs, TypeReporter(reporter)));
        } catch (const runtime::Error& e) {
          if (e.kind() == "InternalError" || e.kind() == "DiagnosticError") throw;
          Fail(at, std::string(op->name) + ": " + e.what());
        }
      });
      return out;
    }
    Type callee = GetType(call->op);
    UnifyAt(at, callee, FuncType(types, out),
            "the arguments do not match the type of the function called");
    return out;
  }

  /*! \brief Solve a constraint now if its inputs are known, else later. */
  void Solve(const Expr& at, std::function<bool()> f) {
    if (!f()) pending_.push_back(PendingRelation{at, std::move(f)});
  }
  void SolvePending() {
    bool progress = true;
    while (progress && !pending_.empty()) {
      progress = false;
      std::vector<PendingRelation> rest;
      for (PendingRelation& r : pending_) {
        if (r.solve()) {
          progress = true;
        } else {
          rest.push_back(std::move(r));
        }
      }
      pending_ = std::move(rest);
    }
    if (!pending_.empty()) {
      Fail(pending_.front().at,
           "cannot infer the type of this expression: the types of its inputs are unknown");
    }
  }

  IRModule mod_;
  Expr root_;
  std::string where_;
  TypeSolver solver_;
  std::unordered_map<const Object*, Type> types_;
  std::vector<Expr> order_;
  std::vector<PendingRelation> pending_;
  support::RecursionDepth depth_;
  static thread_local std::unordered_set<const Object*> in_progress_;
};

thread_local std::unordered_set<const Object*> TypeInferencer::in_progress_;

}  // namespace

namespace transform {

Type InferTypeLocal(const Expr& expr, IRModule mod) {
  return TypeInferencer(mod, expr, "the expression").Run();
}

Pass InferType() {
  auto pass_func = [](IRModule mod, tvm::transform::PassContext ctx) {
    IRModule out(mod->functions, mod->attrs);
    for (const GlobalVar& gv : out->GetGlobalVars()) {
      BaseFunc f = out->functions.at(gv);
      if (!f.as<FunctionNode>()) continue;
      f->checked_type_ = Type();  // re-infer: the function may have been rewritten in place
    }
    for (const GlobalVar& gv : out->GetGlobalVars()) gv->checked_type_ = Type();
    for (const GlobalVar& gv : out->GetGlobalVars()) {
      BaseFunc f = out->functions.at(gv);
      if (!f.as<FunctionNode>() || f->checked_type_.defined()) continue;
      TypeInferencer(out, f, "@" + std::string(gv->name_hint)).Run();
      gv->checked_type_ = f->checked_type_;
    }
    return out;
  };
  return tvm::transform::CreateModulePass(pass_func, 0, "InferType", {});
}

TVM_REGISTER_GLOBAL("relay._transform.InferType").set_body_typed([]() { return InferType(); });
TVM_REGISTER_GLOBAL("relay._transform.InferTypeLocal").set_body_typed([](Expr expr) {
  InferTypeLocal(expr);
  return expr;
});

}  // namespace transform
}  // namespace relay
}  // namespace tvm
