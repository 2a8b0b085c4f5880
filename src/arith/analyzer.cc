/*!
 * \file analyzer.cc
 * \brief Analyzer: the shared context (bindings, constraints) of the sub-analyzers, the
 *  proving entry points, Simplify, and the Python interface (arith.CreateAnalyzer).
 */
#include <tvm/arith/analyzer.h>
#include <tvm/arith/int_set.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/op.h>

#include <memory>
#include <string>
#include <vector>

#include "arith_util.h"

namespace tvm {
namespace arith {

using namespace tir;  // NOLINT(*)

Analyzer::Analyzer()
    : const_int_bound(this),
      modular_set(this),
      rewrite_simplify(this),
      canonical_simplify(this),
      int_set(*new IntSetAnalyzer(this)),
      int_set_impl_(&int_set) {}

Analyzer::~Analyzer() = default;

void Analyzer::Bind(const Var& var, const PrimExpr& expr, bool allow_override) {
  PrimExpr value = Simplify(expr);
  const_int_bound.Update(var, const_int_bound(value), allow_override);
  modular_set.Update(var, modular_set(value), allow_override);
  rewrite_simplify.Update(var, value, allow_override);
  canonical_simplify.Update(var, value, allow_override);
}

void Analyzer::Bind(const Var& var, const Range& range, bool allow_override) {
  if (is_one(range->extent)) {
    Bind(var, range->min, allow_override);
    return;
  }
  const_int_bound.Bind(var, range, allow_override);
  int_set.Bind(var, range);
}

void Analyzer::Bind(const Map<Var, Range>& variables, bool allow_override) {
  for (const auto& kv : variables) Bind(kv.first, kv.second, allow_override);
}

std::function<void()> Analyzer::EnterConstraint(const PrimExpr& constraint) {
  std::vector<std::function<void()>> exits;
  // The simplifier records the literals first (simplified with the facts already known), then
  // the bound and modular analyses tighten variables.
  if (auto f = rewrite_simplify.EnterConstraint(constraint)) exits.push_back(f);
  if (auto f = const_int_bound.EnterConstraint(constraint)) exits.push_back(f);
  if (auto f = modular_set.EnterConstraint(constraint)) exits.push_back(f);
  return [exits]() {
    for (auto it = exits.rbegin(); it != exits.rend(); ++it) (*it)();
  };
}

void ConstraintContext::EnterWithScope() { exit_ = analyzer_->EnterConstraint(constraint_); }
void ConstraintContext::ExitWithScope() {
  if (exit_) exit_();
  exit_ = nullptr;
}

bool Analyzer::CanProveGreaterEqual(const PrimExpr& expr, int64_t lower_bound) {
  if (const int64_t* v = AsConst(expr)) return *v >= lower_bound;
  if (const_int_bound(expr)->min_value >= lower_bound) return true;
  return CanProve(expr >= make_const(expr.dtype(), lower_bound));
}

bool Analyzer::CanProveLess(const PrimExpr& expr, int64_t upper_bound) {
  if (const int64_t* v = AsConst(expr)) return *v < upper_bound;
  if (const_int_bound(expr)->max_value < upper_bound) return true;
  return CanProve(expr < make_const(expr.dtype(), upper_bound));
}

bool Analyzer::CanProveEqual(const PrimExpr& lhs, const PrimExpr& rhs) {
  if (const int64_t* a = AsConst(lhs)) {
    if (const int64_t* b = AsConst(rhs)) return *a == *b;
  }
  return CanProve(lhs - rhs == 0);
}

bool Analyzer::CanProve(const PrimExpr& cond) {
  if (const int64_t* v = AsConst(cond)) return *v != 0;
  PrimExpr s = Simplify(cond);
  if (const int64_t* v = AsConst(s)) return *v != 0;
  return false;
}

PrimExpr Analyzer::Simplify(const PrimExpr& expr, int steps) {
  PrimExpr res = expr;
  for (int i = 0; i < steps; ++i) {
    PrimExpr next = rewrite_simplify(canonical_simplify(res));
    if (ExprDeepEqual(next, res)) {
      res = next;
      break;
    }
    res = next;
  }
  return res;
}

// ---- Python ----------------------------------------------------------------------------------
TVM_REGISTER_GLOBAL("arith.ConstIntBound").set_body_typed([](int64_t min, int64_t max) {
  return ConstIntBound(min, max);
});
TVM_REGISTER_GLOBAL("arith.ModularSet").set_body_typed([](int64_t coeff, int64_t base) {
  return ModularSet(coeff, base);
});

/*!
 * \brief An Analyzer for Python: a function from a method name to the bound method (the
 *  closure keeps the Analyzer alive). Constraint scopes are entered with "enter_constraint",
 *  which returns the exit function.
 */
TVM_REGISTER_GLOBAL("arith.CreateAnalyzer")
    .set_body([](runtime::TVMArgs, runtime::TVMRetValue* rv) {
      auto self = std::make_shared<Analyzer>();
      auto f = [self](std::string name) -> PackedFunc {
        if (name == "const_int_bound") {
          return TypedPackedFunc<ConstIntBound(PrimExpr)>(
              [self](PrimExpr e) { return self->const_int_bound(e); });
        } else if (name == "const_int_bound_update") {
          return TypedPackedFunc<void(Var, ConstIntBound, bool)>(
              [self](Var v, ConstIntBound b, bool allow_override) {
                self->const_int_bound.Update(v, b, allow_override);
              });
        } else if (name == "modular_set") {
          return TypedPackedFunc<ModularSet(PrimExpr)>(
              [self](PrimExpr e) { return self->modular_set(e); });
        } else if (name == "rewrite_simplify") {
          return TypedPackedFunc<PrimExpr(PrimExpr)>(
              [self](PrimExpr e) { return self->rewrite_simplify(e); });
        } else if (name == "canonical_simplify") {
          return TypedPackedFunc<PrimExpr(PrimExpr)>(
              [self](PrimExpr e) { return self->canonical_simplify(e); });
        } else if (name == "Simplify") {
          return TypedPackedFunc<PrimExpr(PrimExpr, int)>(
              [self](PrimExpr e, int steps) { return self->Simplify(e, steps); });
        } else if (name == "int_set") {
          return TypedPackedFunc<IntSet(PrimExpr, Map<Var, IntSet>)>(
              [self](PrimExpr e, Map<Var, IntSet> dom) { return self->int_set(e, dom); });
        } else if (name == "bind") {
          return TypedPackedFunc<void(Var, ObjectRef, bool)>(
              [self](Var v, ObjectRef what, bool allow_override) {
                if (const auto* range = what.as<RangeNode>()) {
                  self->Bind(v, GetRef<Range>(range), allow_override);
                } else {
                  self->Bind(v, runtime::detail::PrimExprFromObject(what), allow_override);
                }
              });
        } else if (name == "can_prove") {
          return TypedPackedFunc<bool(PrimExpr)>([self](PrimExpr e) { return self->CanProve(e); });
        } else if (name == "can_prove_equal") {
          return TypedPackedFunc<bool(PrimExpr, PrimExpr)>(
              [self](PrimExpr a, PrimExpr b) { return self->CanProveEqual(a, b); });
        } else if (name == "enter_constraint") {
          return TypedPackedFunc<PackedFunc(PrimExpr)>([self](PrimExpr c) {
            auto exit = self->EnterConstraint(c);
            return TypedPackedFunc<void()>([exit]() {
              if (exit) exit();
            });
          });
        }
        TVM_THROW(ValueError) << "arith.Analyzer has no method " << name;
      };
      *rv = TypedPackedFunc<PackedFunc(std::string)>(f).packed();
    });

}  // namespace arith
}  // namespace tvm
