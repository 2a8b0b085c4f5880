/*!
 * \file int_set.cc
 * \brief Interval sets and their evaluation over expressions (interval arithmetic with
 *  symbolic ends, simplified by an Analyzer).
 */
#include <tvm/arith/int_set.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/expr_functor.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

#include <unordered_map>

#include "arith_util.h"

namespace tvm {
namespace arith {

using namespace tir;  // NOLINT(*)

TVM_REGISTER_OBJECT_TYPE(IntSetNode);
TVM_REGISTER_NODE_TYPE(IntervalSetNode);

const PrimExpr& pos_inf() {
  static const PrimExpr v = Var("pos_inf", DataType::Handle());
  return v;
}
const PrimExpr& neg_inf() {
  static const PrimExpr v = Var("neg_inf", DataType::Handle());
  return v;
}
bool is_pos_inf(const PrimExpr& e) { return e.same_as(pos_inf()); }
bool is_neg_inf(const PrimExpr& e) { return e.same_as(neg_inf()); }

namespace {
IntSet MakeInterval(PrimExpr min, PrimExpr max) {
  auto n = make_object<IntervalSetNode>();
  n->min_value = std::move(min);
  n->max_value = std::move(max);
  return IntSet(n);
}
bool IsInf(const PrimExpr& e) { return is_pos_inf(e) || is_neg_inf(e); }
}  // namespace

bool IntervalSetNode::HasLowerBound() const { return !is_neg_inf(min_value) && !IsEmpty(); }
bool IntervalSetNode::HasUpperBound() const { return !is_pos_inf(max_value) && !IsEmpty(); }
bool IntervalSetNode::IsEmpty() const { return is_pos_inf(min_value) || is_neg_inf(max_value); }
bool IntervalSetNode::IsEverything() const {
  return is_neg_inf(min_value) && is_pos_inf(max_value);
}
bool IntervalSetNode::IsSinglePoint() const {
  return !IsInf(min_value) && ExprDeepEqual(min_value, max_value);
}

PrimExpr IntSet::min() const { return (*this)->min_value; }
PrimExpr IntSet::max() const { return (*this)->max_value; }
bool IntSet::IsNothing() const { return (*this)->IsEmpty(); }
bool IntSet::IsEverything() const { return (*this)->IsEverything(); }
bool IntSet::IsSinglePoint() const { return (*this)->IsSinglePoint(); }
bool IntSet::HasLowerBound() const { return (*this)->HasLowerBound(); }
bool IntSet::HasUpperBound() const { return (*this)->HasUpperBound(); }
PrimExpr IntSet::PointValue() const {
  ICHECK(IsSinglePoint()) << "PointValue of a set that is not a single point";
  return min();
}
bool IntSet::CanProveNonNegative() const {
  if (!HasLowerBound()) return false;
  Analyzer ana;
  return ana.CanProveGreaterEqual(min(), 0);
}
bool IntSet::CanProvePositive() const {
  if (!HasLowerBound()) return false;
  Analyzer ana;
  return ana.CanProveGreaterEqual(min(), 1);
}
Range IntSet::CoverRange(Range max_range) const {
  if (!HasLowerBound() || !HasUpperBound()) return max_range;
  Analyzer ana;
  return Range::FromMinExtent(min(), ana.Simplify(max() + 1 - min()));
}

IntSet IntSet::Nothing() { return MakeInterval(pos_inf(), neg_inf()); }
IntSet IntSet::Everything() { return MakeInterval(neg_inf(), pos_inf()); }
IntSet IntSet::SinglePoint(PrimExpr point) { return MakeInterval(point, point); }
IntSet IntSet::Interval(PrimExpr min, PrimExpr max) {
  return MakeInterval(std::move(min), std::move(max));
}
IntSet IntSet::FromRange(const Range& r) {
  if (is_one(r->extent)) return SinglePoint(r->min);
  Analyzer ana;
  return MakeInterval(r->min, ana.Simplify(r->min + r->extent - 1));
}

namespace {
/*! \brief Interval arithmetic; ends are simplified with the analyzer. */
class IntervalEvaluator : public ExprFunctor<IntSet(const PrimExpr&)> {
 public:
  IntervalEvaluator(Analyzer* ana, const std::unordered_map<const VarNode*, IntSet>& dom)
      : ana_(ana), dom_(dom) {}

  IntSet Eval(const PrimExpr& e) { return VisitExpr(e); }

  IntSet VisitExpr_(const IntImmNode* op) final {
    return IntSet::SinglePoint(GetRef<PrimExpr>(op));
  }
  IntSet VisitExpr_(const VarNode* op) final {
    auto it = dom_.find(op);
    if (it != dom_.end()) return it->second;
    return IntSet::SinglePoint(GetRef<PrimExpr>(op));
  }
  IntSet VisitExpr_(const AddNode* op) final {
    IntSet a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (a.IsNothing() || b.IsNothing()) return IntSet::Nothing();
    return Make(AddEnd(a.min(), b.min()), AddEnd(a.max(), b.max()));
  }
  IntSet VisitExpr_(const SubNode* op) final {
    IntSet a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (a.IsNothing() || b.IsNothing()) return IntSet::Nothing();
    return Make(SubEnd(a.min(), b.max()), SubEnd(a.max(), b.min()));
  }
  IntSet VisitExpr_(const MulNode* op) final {
    IntSet a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (a.IsNothing() || b.IsNothing()) return IntSet::Nothing();
    if (a.IsSinglePoint() && b.IsSinglePoint()) return Point(a.min() * b.min());
    if (a.IsSinglePoint()) std::swap(a, b);
    if (!b.IsSinglePoint()) return Fallback(GetRef<PrimExpr>(op));
    PrimExpr k = b.min();
    if (ana_->CanProveGreaterEqual(k, 0)) return Make(MulEnd(a.min(), k), MulEnd(a.max(), k));
    if (ana_->CanProveLess(k, 0)) return Make(MulEnd(a.max(), k), MulEnd(a.min(), k));
    return Fallback(GetRef<PrimExpr>(op));
  }
  /*! \brief Division by a positive or negative point is monotone in the numerator. */
  IntSet DivLike(const PrimExpr& orig, const PrimExpr& a_expr, const PrimExpr& b_expr, bool floor) {
    IntSet a = VisitExpr(a_expr), b = VisitExpr(b_expr);
    if (a.IsNothing() || b.IsNothing()) return IntSet::Nothing();
    auto f = [floor](PrimExpr x, PrimExpr y) { return floor ? floordiv(x, y) : truncdiv(x, y); };
    if (a.IsSinglePoint() && b.IsSinglePoint()) return Point(f(a.min(), b.min()));
    if (!b.IsSinglePoint()) return Fallback(orig);
    PrimExpr k = b.min();
    auto end = [&](const PrimExpr& x) { return IsInf(x) ? x : f(x, k); };
    auto negend = [&](const PrimExpr& x) {
      return is_pos_inf(x) ? neg_inf() : is_neg_inf(x) ? pos_inf() : f(x, k);
    };
    if (ana_->CanProveGreaterEqual(k, 1)) return Make(end(a.min()), end(a.max()));
    if (ana_->CanProveLess(k, 0)) return Make(negend(a.max()), negend(a.min()));
    return Fallback(orig);
  }
  IntSet VisitExpr_(const FloorDivNode* op) final {
    return DivLike(GetRef<PrimExpr>(op), op->a, op->b, true);
  }
  IntSet VisitExpr_(const DivNode* op) final {
    if (!op->dtype.is_int() && !op->dtype.is_uint()) return Fallback(GetRef<PrimExpr>(op));
    return DivLike(GetRef<PrimExpr>(op), op->a, op->b, false);
  }
  IntSet ModLike(const PrimExpr& orig, const PrimExpr& a_expr, const PrimExpr& b_expr, bool floor) {
    IntSet a = VisitExpr(a_expr), b = VisitExpr(b_expr);
    if (a.IsNothing() || b.IsNothing()) return IntSet::Nothing();
    auto f = [floor](PrimExpr x, PrimExpr y) { return floor ? floormod(x, y) : truncmod(x, y); };
    if (a.IsSinglePoint() && b.IsSinglePoint()) return Point(f(a.min(), b.min()));
    if (!b.IsSinglePoint()) return Fallback(orig);
    PrimExpr k = b.min();
    if (!ana_->CanProveGreaterEqual(k, 1)) return Fallback(orig);
    bool nonneg = a.HasLowerBound() && ana_->CanProveGreaterEqual(a.min(), 0);
    if (!floor && !nonneg) return Fallback(orig);
    if (a.HasLowerBound() && a.HasUpperBound()) {
      // Both ends in one period: the modulo is monotone there.
      PrimExpr same = floordiv(a.min(), k) == floordiv(a.max(), k);
      if (ana_->CanProve(same)) return Make(f(a.min(), k), f(a.max(), k));
    }
    return Make(make_zero(k.dtype()), ana_->Simplify(k - 1));
  }
  IntSet VisitExpr_(const FloorModNode* op) final {
    return ModLike(GetRef<PrimExpr>(op), op->a, op->b, true);
  }
  IntSet VisitExpr_(const ModNode* op) final {
    if (!op->dtype.is_int() && !op->dtype.is_uint()) return Fallback(GetRef<PrimExpr>(op));
    return ModLike(GetRef<PrimExpr>(op), op->a, op->b, false);
  }
  IntSet VisitExpr_(const MinNode* op) final {
    IntSet a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (a.IsNothing() || b.IsNothing()) return IntSet::Nothing();
    return Make(MinEnd(a.min(), b.min()), MinEnd(a.max(), b.max()));
  }
  IntSet VisitExpr_(const MaxNode* op) final {
    IntSet a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (a.IsNothing() || b.IsNothing()) return IntSet::Nothing();
    return Make(MaxEnd(a.min(), b.min()), MaxEnd(a.max(), b.max()));
  }
  IntSet VisitExpr_(const SelectNode* op) final {
    IntSet c = VisitExpr(op->condition);
    if (c.IsSinglePoint() && AsConst(ana_->Simplify(c.min()))) {
      return *AsConst(ana_->Simplify(c.min())) ? VisitExpr(op->true_value)
                                               : VisitExpr(op->false_value);
    }
    return UnionOf(VisitExpr(op->true_value), VisitExpr(op->false_value));
  }
  IntSet VisitExpr_(const CallNode* op) final {
    if (op->op.same_as(builtin::if_then_else())) {
      return UnionOf(VisitExpr(op->args[1]), VisitExpr(op->args[2]));
    }
    return Fallback(GetRef<PrimExpr>(op));
  }
  IntSet VisitExpr_(const CastNode* op) final {
    IntSet v = VisitExpr(op->value);
    if (v.IsSinglePoint()) return Point(cast(op->dtype, v.min()));
    DataType from = op->value.dtype(), to = op->dtype;
    if (from.is_int() && to.is_int() && to.bits() >= from.bits()) {
      auto end = [&](const PrimExpr& x) { return IsInf(x) ? x : cast(to, x); };
      return Make(end(v.min()), end(v.max()));
    }
    return Fallback(GetRef<PrimExpr>(op));
  }
  IntSet VisitExpr_(const LetNode* op) final {
    IntSet v = VisitExpr(op->value);
    auto saved = dom_;
    dom_[op->var.get()] = v;
    IntSet res = VisitExpr(op->body);
    dom_ = saved;
    return res;
  }
  IntSet VisitExprDefault_(const Object* op) final {
    return Fallback(GetRef<PrimExpr>(static_cast<const PrimExprNode*>(op)));
  }

 private:
  IntSet Point(const PrimExpr& e) { return IntSet::SinglePoint(ana_->Simplify(e)); }
  IntSet Make(const PrimExpr& lo, const PrimExpr& hi) {
    PrimExpr l = IsInf(lo) ? lo : ana_->Simplify(lo);
    PrimExpr h = IsInf(hi) ? hi : ana_->Simplify(hi);
    return IntSet::Interval(l, h);
  }
  /*!
   * \brief An expression the rules do not cover: a point when it uses no variable of the
   *  domain with a non-point set, else the constant bound over the domain.
   */
  IntSet Fallback(const PrimExpr& e) {
    bool free = true;
    std::unordered_map<const VarNode*, PrimExpr> points;
    PostOrderVisit(e, [&](const ObjectRef& n) {
      if (const auto* v = n.as<VarNode>()) {
        auto it = dom_.find(v);
        if (it == dom_.end()) return;
        if (it->second.IsSinglePoint()) {
          points[v] = it->second.min();
        } else {
          free = false;
        }
      }
    });
    if (free) {
      PrimExpr s = Substitute(e, [&](const Var& v) -> Optional<PrimExpr> {
        auto it = points.find(v.get());
        if (it == points.end()) return Optional<PrimExpr>();
        return it->second;
      });
      return Point(s);
    }
    if (!e.dtype().is_int() && !e.dtype().is_uint() && !e.dtype().is_bool()) {
      return IntSet::Everything();
    }
    // Constant bounds of the domain's variables give a constant interval when finite.
    Analyzer local;
    for (const auto& kv : dom_) {
      const IntSet& s = kv.second;
      ConstIntBound lo =
          ana_->const_int_bound(s.HasLowerBound() ? s.min() : make_zero(DataType::Int(64)));
      ConstIntBound hi =
          ana_->const_int_bound(s.HasUpperBound() ? s.max() : make_zero(DataType::Int(64)));
      int64_t mn = s.HasLowerBound() ? lo->min_value : ConstIntBound::kNegInf;
      int64_t mx = s.HasUpperBound() ? hi->max_value : ConstIntBound::kPosInf;
      local.const_int_bound.Update(GetRef<Var>(kv.first), ConstIntBound(mn, mx), true);
    }
    ConstIntBound b = local.const_int_bound(e);
    PrimExpr lo =
        b->min_value == ConstIntBound::kNegInf ? neg_inf() : make_const(e.dtype(), b->min_value);
    PrimExpr hi =
        b->max_value == ConstIntBound::kPosInf ? pos_inf() : make_const(e.dtype(), b->max_value);
    return IntSet::Interval(lo, hi);
  }
  IntSet UnionOf(const IntSet& a, const IntSet& b) {
    if (a.IsNothing()) return b;
    if (b.IsNothing()) return a;
    return Make(MinEnd(a.min(), b.min()), MaxEnd(a.max(), b.max()));
  }
  static PrimExpr AddEnd(const PrimExpr& a, const PrimExpr& b) {
    if (IsInf(a)) return a;
    if (IsInf(b)) return b;
    return a + b;
  }
  static PrimExpr SubEnd(const PrimExpr& a, const PrimExpr& b) {
    if (IsInf(a)) return a;
    if (is_pos_inf(b)) return neg_inf();
    if (is_neg_inf(b)) return pos_inf();
    return a - b;
  }
  PrimExpr MulEnd(const PrimExpr& a, const PrimExpr& k) {
    if (is_zero(k)) return make_zero(k.dtype());
    if (!IsInf(a)) return a * k;
    bool neg = ana_->CanProveLess(k, 0);
    if (is_pos_inf(a)) return neg ? neg_inf() : pos_inf();
    return neg ? pos_inf() : neg_inf();
  }
  static PrimExpr MinEnd(const PrimExpr& a, const PrimExpr& b) {
    if (is_neg_inf(a) || is_neg_inf(b)) return neg_inf();
    if (is_pos_inf(a)) return b;
    if (is_pos_inf(b)) return a;
    return min(a, b);
  }
  static PrimExpr MaxEnd(const PrimExpr& a, const PrimExpr& b) {
    if (is_pos_inf(a) || is_pos_inf(b)) return pos_inf();
    if (is_neg_inf(a)) return b;
    if (is_neg_inf(b)) return a;
    return max(a, b);
  }

  Analyzer* ana_;
  std::unordered_map<const VarNode*, IntSet> dom_;
};
}  // namespace

IntSet Union(const Array<IntSet>& sets) {
  if (sets.empty()) return IntSet::Nothing();
  Analyzer ana;
  PrimExpr lo, hi;
  bool any = false;
  for (const IntSet& s : sets) {
    if (s.IsNothing()) continue;
    if (!any) {
      lo = s.min();
      hi = s.max();
      any = true;
      continue;
    }
    lo = (is_neg_inf(lo) || is_neg_inf(s.min())) ? neg_inf() : min(lo, s.min());
    hi = (is_pos_inf(hi) || is_pos_inf(s.max())) ? pos_inf() : max(hi, s.max());
  }
  if (!any) return IntSet::Nothing();
  return IntSet::Interval(IsInf(lo) ? lo : ana.Simplify(lo), IsInf(hi) ? hi : ana.Simplify(hi));
}

IntSet Intersect(const Array<IntSet>& sets) {
  if (sets.empty()) return IntSet::Everything();
  Analyzer ana;
  PrimExpr lo = neg_inf(), hi = pos_inf();
  for (const IntSet& s : sets) {
    if (s.IsNothing()) return IntSet::Nothing();
    if (!is_neg_inf(s.min())) lo = is_neg_inf(lo) ? s.min() : max(lo, s.min());
    if (!is_pos_inf(s.max())) hi = is_pos_inf(hi) ? s.max() : min(hi, s.max());
  }
  lo = IsInf(lo) ? lo : ana.Simplify(lo);
  hi = IsInf(hi) ? hi : ana.Simplify(hi);
  if (!IsInf(lo) && !IsInf(hi) && ana.CanProve(hi < lo)) return IntSet::Nothing();
  return IntSet::Interval(lo, hi);
}

IntSet EvalSet(PrimExpr expr, const std::unordered_map<const VarNode*, IntSet>& dom_map) {
  Analyzer ana;
  return IntervalEvaluator(&ana, dom_map).Eval(expr);
}

IntSet EvalSet(PrimExpr expr, const Map<Var, IntSet>& dom_map) {
  std::unordered_map<const VarNode*, IntSet> dom;
  for (const auto& kv : dom_map) dom[kv.first.get()] = kv.second;
  return EvalSet(expr, dom);
}

IntSet EvalSet(PrimExpr expr, const Map<IterVar, IntSet>& dom_map) {
  std::unordered_map<const VarNode*, IntSet> dom;
  for (const auto& kv : dom_map) dom[kv.first->var.get()] = kv.second;
  return EvalSet(expr, dom);
}

IntSet EvalSet(Range r, const Map<IterVar, IntSet>& dom_map) {
  Analyzer ana;
  PrimExpr last = ana.Simplify(r->min + r->extent - 1);
  IntSet a = EvalSet(r->min, dom_map), b = EvalSet(last, dom_map);
  return Union({a, b});
}

IntSet IntSetAnalyzer::operator()(const PrimExpr& expr, const Map<Var, IntSet>& dom_map) {
  std::unordered_map<const VarNode*, IntSet> dom;
  for (const auto& kv : dom_) dom[kv.first.get()] = kv.second;
  for (const auto& kv : dom_map) dom[kv.first.get()] = kv.second;
  return IntervalEvaluator(parent_, dom).Eval(expr);
}

IntSet IntSetAnalyzer::operator()(const PrimExpr& expr) {
  return (*this)(expr, Map<Var, IntSet>());
}

void IntSetAnalyzer::Bind(const Var& var, const Range& range) {
  dom_.Set(var, IntSet::FromRange(range));
}

// ---- Python ----------------------------------------------------------------------------------
TVM_REGISTER_GLOBAL("arith.IntervalSet").set_body_typed([](PrimExpr min, PrimExpr max) {
  return IntSet::Interval(min, max);
});
TVM_REGISTER_GLOBAL("arith.IntSetSinglePoint").set_body_typed([](PrimExpr p) {
  return IntSet::SinglePoint(p);
});
TVM_REGISTER_GLOBAL("arith.IntSetEverything").set_body_typed([]() { return IntSet::Everything(); });
TVM_REGISTER_GLOBAL("arith.IntSetNothing").set_body_typed([]() { return IntSet::Nothing(); });
TVM_REGISTER_GLOBAL("arith.IntSetFromRange").set_body_typed([](Range r) {
  return IntSet::FromRange(r);
});
TVM_REGISTER_GLOBAL("arith.IntSetIsNothing").set_body_typed([](IntSet s) { return s.IsNothing(); });
TVM_REGISTER_GLOBAL("arith.IntSetIsEverything").set_body_typed([](IntSet s) {
  return s.IsEverything();
});
TVM_REGISTER_GLOBAL("arith.IntSetIsSinglePoint").set_body_typed([](IntSet s) {
  return s.IsSinglePoint();
});
TVM_REGISTER_GLOBAL("arith.IntSetIsInfinity").set_body_typed([](PrimExpr e) {
  return is_pos_inf(e) ? 1 : is_neg_inf(e) ? -1 : 0;
});
TVM_REGISTER_GLOBAL("arith.Union").set_body_typed([](Array<IntSet> sets) { return Union(sets); });
TVM_REGISTER_GLOBAL("arith.Intersect").set_body_typed([](Array<IntSet> sets) {
  return Intersect(sets);
});
TVM_REGISTER_GLOBAL("arith.EvalSet").set_body_typed([](PrimExpr e, Map<Var, IntSet> dom) {
  return EvalSet(e, dom);
});

}  // namespace arith
}  // namespace tvm
