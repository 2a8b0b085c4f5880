/*!
 * \file canonical_simplify.cc
 * \brief CanonicalSimplifier: index expressions as sorted sums of coeff * atom + constant.
 *
 *  A split atom floormod(floordiv(x, lower), upper) (floordiv(x, lower) when upper is
 *  unbounded, floormod(x, upper) when lower is 1) is the piece of x that a loop split
 *  produces. Two splits of one x merge when they are adjacent digits with matching scale:
 *
 *    s(x, l, u) * k + s(x, l * u, v) * (k * u)  ->  s(x, l, u * v) * k
 *
 *  and s(x, 1, inf) is x itself, so floordiv(i, 8) * 8 + floormod(i, 8) -> i and the three-
 *  level split of a fused loop collapses the same way. floordiv/floormod by a positive
 *  constant distribute over the sum (the divisible terms leave the division) and compose
 *  with splits (floordiv(floordiv(x, 4), 2) is s(x, 8, inf)).
 */
#include <tvm/arith/analyzer.h>
#include <tvm/tir/expr_functor.h>
#include <tvm/tir/op.h>

#include <unordered_map>
#include <vector>

#include "arith_util.h"

namespace tvm {
namespace arith {

using namespace tir;  // NOLINT(*)

namespace {
/*! \brief floormod(floordiv(index, lower), upper); upper == 0 means unbounded. */
struct Split {
  PrimExpr index;
  int64_t lower{1};
  int64_t upper{0};
};

Split ParseSplit(const PrimExpr& e) {
  if (const auto* m = e.as<FloorModNode>()) {
    const int64_t* u = AsConst(m->b);
    if (u && *u > 0) {
      if (const auto* d = m->a.as<FloorDivNode>()) {
        const int64_t* l = AsConst(d->b);
        if (l && *l > 0) return Split{d->a, *l, *u};
      }
      return Split{m->a, 1, *u};
    }
  }
  if (const auto* d = e.as<FloorDivNode>()) {
    const int64_t* l = AsConst(d->b);
    if (l && *l > 0) return Split{d->a, *l, 0};
  }
  return Split{e, 1, 0};
}
}  // namespace

class CanonicalSimplifier::Impl : public ExprMutator {
 public:
  explicit Impl(Analyzer* parent) : parent_(parent) {}

  void Update(const Var& var, const PrimExpr& value, bool allow_override) {
    auto it = var_map_.find(var.get());
    if (!allow_override && it != var_map_.end() && !ExprDeepEqual(it->second, value)) {
      TVM_THROW(InternalError) << "CanonicalSimplifier: variable " << var->name_hint
                               << " is already bound to another expression";
    }
    var_map_[var.get()] = value;
    keep_.push_back(var);
  }

  PrimExpr VisitExpr_(const VarNode* op) final {
    auto it = var_map_.find(op);
    return it != var_map_.end() ? it->second : GetRef<PrimExpr>(op);
  }

  PrimExpr VisitExpr_(const AddNode* op) final { return Linear(ExprMutator::VisitExpr_(op)); }
  PrimExpr VisitExpr_(const SubNode* op) final { return Linear(ExprMutator::VisitExpr_(op)); }
  PrimExpr VisitExpr_(const MulNode* op) final {
    PrimExpr r = ExprMutator::VisitExpr_(op);
    if (!IsIndexType(op->dtype)) return r;
    if (const auto* m = r.as<MulNode>()) {
      // Fold constants and order the operands of a product of two non-constants.
      r = mul(m->a, m->b);
      if (const auto* m2 = r.as<MulNode>()) {
        if (!AsConst(m2->a) && !AsConst(m2->b) && CompareExpr(m2->b, m2->a) < 0) {
          r = Mul(m2->b, m2->a);
        }
      }
    }
    return Linear(r);
  }
  PrimExpr VisitExpr_(const FloorDivNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    const int64_t* c = AsConst(b);
    if (!IsIndexType(op->dtype) || c == nullptr || *c <= 0) return floordiv(a, b);
    return Linear(DivByConst(a, *c));
  }
  PrimExpr VisitExpr_(const FloorModNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    const int64_t* c = AsConst(b);
    if (!IsIndexType(op->dtype) || c == nullptr || *c <= 0) return floormod(a, b);
    return Linear(ModByConst(a, *c));
  }
  PrimExpr VisitExpr_(const DivNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    const int64_t* c = AsConst(b);
    // Truncation equals flooring for a non-negative numerator.
    if (!IsIndexType(op->dtype) || c == nullptr || *c <= 0 ||
        parent_->const_int_bound(a)->min_value < 0) {
      return op->dtype.is_float() ? div(a, b) : truncdiv(a, b);
    }
    return Linear(DivByConst(a, *c));
  }
  PrimExpr VisitExpr_(const ModNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    const int64_t* c = AsConst(b);
    if (!IsIndexType(op->dtype) || c == nullptr || *c <= 0 ||
        parent_->const_int_bound(a)->min_value < 0) {
      return truncmod(a, b);
    }
    return Linear(ModByConst(a, *c));
  }

 private:
  /*! \brief The canonical sum of e (whose operands are canonical already). */
  PrimExpr Linear(const PrimExpr& e) {
    LinearSum s;
    if (!LinearSum::FromExpr(e, &s)) return e;
    if (!MergeSplits(&s) || !s.Fits()) return e;
    s.Sort();
    return s.ToExpr();
  }

  PrimExpr MakeSplit(const Split& sp, DataType t) {
    // Drop a modulo (or the whole split) the index's bound makes redundant.
    ConstIntBound b = parent_->const_int_bound(sp.index);
    if (b->min_value >= 0) {
      int64_t lu;
      if (b->max_value < sp.lower) return make_zero(t);
      if (sp.upper != 0 && !__builtin_mul_overflow(sp.lower, sp.upper, &lu) && b->max_value < lu) {
        return MakeSplit(Split{sp.index, sp.lower, 0}, t);
      }
    }
    PrimExpr r = sp.index;
    if (sp.lower != 1) r = FloorDiv(r, make_const(t, sp.lower));
    if (sp.upper != 0) r = FloorMod(r, make_const(t, sp.upper));
    return r;
  }

  /*!
   * \brief Merge adjacent splits of one index; a split covering the whole index is replaced
   *  by the index's own terms. False on overflow.
   */
  bool MergeSplits(LinearSum* s) {
    // Each merge removes a split atom; the bound only guards against a pathological input.
    for (int round = 0; round < 64; ++round) {
      bool merged = false;
      for (size_t i = 0; i < s->terms.size() && !merged; ++i) {
        Split a = ParseSplit(s->terms[i].first);
        if (a.upper == 0) continue;
        for (size_t j = 0; j < s->terms.size() && !merged; ++j) {
          if (i == j) continue;
          Split b = ParseSplit(s->terms[j].first);
          // Mergeable: b is the next digit (b.lower == a.lower * a.upper) with the scale of a
          // times a.upper.
          int64_t lu, scale, upper = 0;
          if (__builtin_mul_overflow(a.lower, a.upper, &lu) || b.lower != lu) continue;
          if (__builtin_mul_overflow(s->terms[i].second, a.upper, &scale)) continue;
          if (s->terms[j].second != scale || !ExprDeepEqual(a.index, b.index)) continue;
          if (b.upper != 0 && __builtin_mul_overflow(a.upper, b.upper, &upper)) continue;
          int64_t ka = s->terms[i].second;
          PrimExpr ai = s->terms[i].first, bj = s->terms[j].first;
          if (!s->AddTerm(ai, -ka)) return false;
          if (!s->AddTerm(bj, -scale)) return false;
          // The merged split; when it covers the whole index it is the index's own sum.
          PrimExpr atom = MakeSplit(Split{a.index, a.lower, upper}, s->dtype);
          LinearSum inner;
          if (!LinearSum::FromExpr(atom, &inner) || !s->AddSum(inner, ka)) return false;
          merged = true;
        }
      }
      if (!merged) return true;
    }
    return true;
  }

  /*! \brief floordiv(a, c), c > 0: the divisible terms leave the division. */
  PrimExpr DivByConst(const PrimExpr& a, int64_t c) {
    DataType t = a.dtype();
    if (c == 1) return a;
    LinearSum s;
    if (!LinearSum::FromExpr(a, &s)) return FloorDiv(a, make_const(t, c));
    LinearSum q, r;
    SplitByDivisor(s, c, &q, &r);
    int64_t quotient;
    if (ConstantQuotient(parent_, r, c, &quotient)) {
      q.AddConst(quotient);
      return q.ToExpr();
    }
    PrimExpr rest;
    if (r.terms.size() == 1 && r.terms[0].second == 1 && r.constant == 0) {
      Split sp = ParseSplit(r.terms[0].first);
      int64_t lc;
      if ((sp.upper == 0 || sp.upper % c == 0) && !__builtin_mul_overflow(sp.lower, c, &lc)) {
        rest = MakeSplit(Split{sp.index, lc, sp.upper == 0 ? 0 : sp.upper / c}, t);
      }
    }
    if (!rest.defined()) rest = FloorDiv(r.ToExpr(), make_const(t, c));
    q.AddTerm(rest, 1);
    return q.ToExpr();
  }

  /*! \brief floormod(a, c), c > 0: coefficients reduce modulo c. */
  PrimExpr ModByConst(const PrimExpr& a, int64_t c) {
    DataType t = a.dtype();
    if (c == 1) return make_zero(t);
    LinearSum s;
    if (!LinearSum::FromExpr(a, &s)) return FloorMod(a, make_const(t, c));
    LinearSum r = ResidueModulo(s, c);
    if (r.IsConst()) return make_const(t, FloorModInt(r.constant, c));
    int64_t quotient;
    if (ConstantQuotient(parent_, r, c, &quotient)) {
      r.AddConst(-quotient * c);
      return r.ToExpr();
    }
    if (r.terms.size() == 1 && r.terms[0].second == 1 && r.constant == 0) {
      Split sp = ParseSplit(r.terms[0].first);
      if (sp.upper == 0 || sp.upper % c == 0) return MakeSplit(Split{sp.index, sp.lower, c}, t);
    }
    r.Sort();
    return FloorMod(r.ToExpr(), make_const(t, c));
  }

  Analyzer* parent_;
  std::unordered_map<const VarNode*, PrimExpr> var_map_;
  std::vector<Var> keep_;
};

CanonicalSimplifier::CanonicalSimplifier(Analyzer* parent) : impl_(new Impl(parent)) {}
CanonicalSimplifier::~CanonicalSimplifier() = default;
PrimExpr CanonicalSimplifier::operator()(const PrimExpr& expr) { return impl_->VisitExpr(expr); }
void CanonicalSimplifier::Update(const Var& var, const PrimExpr& new_expr, bool allow_override) {
  impl_->Update(var, new_expr, allow_override);
}

}  // namespace arith
}  // namespace tvm
