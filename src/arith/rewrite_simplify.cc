/*!
 * \file rewrite_simplify.cc
 * \brief RewriteSimplifier: bottom-up local rules. Rule families (each guarded by its side
 *  condition, proven with ConstIntBound, ModularSet and the constraints in scope):
 *   - constant folding of every operator;
 *   - sums: cancellation of equal atoms ((x + 1) - x -> 1), kept only when the result is
 *     smaller;
 *   - floordiv/floormod by a positive constant c: terms with coefficients divisible by c
 *     leave the division (floordiv(x*8 + y, 8) -> x + floordiv(y, 8)) and a remainder whose
 *     bound lies in one period [k*c, k*c + c) folds (-> x when 0 <= y < 8); nested divisions
 *     combine; / and % of provably non-negative operands follow the same rules;
 *   - min/max decided by the sign of a - b; nested constants combine;
 *   - comparisons decided by the sign of a - b (using linear facts from constraints:
 *     i*4 + j < n*4 when j < 4 and i < n), otherwise normalised (gcd, constants moved right);
 *   - logic: constants, x && x, x && !x, double negation, negated comparisons;
 *   - select / if_then_else with a decided condition or equal branches; each branch is
 *     simplified knowing the condition (true_value under cond, false_value under !cond).
 */
#include <tvm/arith/analyzer.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/expr_functor.h>
#include <tvm/tir/op.h>

#include <unordered_map>
#include <vector>

#include "arith_util.h"

namespace tvm {
namespace arith {

using namespace tir;  // NOLINT(*)

class RewriteSimplifier::Impl : public ExprMutator {
 public:
  explicit Impl(Analyzer* parent) : parent_(parent) {}

  PrimExpr Simplify(const PrimExpr& e) { return VisitExpr(e); }

  void Update(const Var& var, const PrimExpr& value, bool allow_override) {
    auto it = var_map_.find(var.get());
    if (!allow_override && it != var_map_.end() && !ExprDeepEqual(it->second, value)) {
      TVM_THROW(InternalError) << "RewriteSimplifier: variable " << var->name_hint
                               << " is already bound to another expression";
    }
    var_map_[var.get()] = value;
    keep_.push_back(var);
  }

  std::function<void()> EnterConstraint(const PrimExpr& constraint) {
    size_t old_lits = literals_.size(), old_facts = facts_.size();
    std::vector<PrimExpr> lits;
    SplitAnd(VisitExpr(constraint), &lits);
    for (const PrimExpr& lit : lits) {
      if (AsConst(lit)) continue;
      literals_.push_back(lit);
      ComparisonFacts(lit, &facts_);
    }
    return [this, old_lits, old_facts]() {
      literals_.resize(old_lits);
      facts_.resize(old_facts);
    };
  }

  // ---- proofs -------------------------------------------------------------------------------

  /*! \brief Whether s <= 0 for every value in scope. */
  bool ProveLE0(const LinearSum& s) {
    if (s.IsConst()) return s.constant <= 0;
    if (!s.Fits()) return false;
    if (SumBound(parent_, s)->max_value <= 0) return true;
    // s = (s - k * f) + k * f with f <= 0 and k > 0: s - k * f <= 0 suffices.
    for (const LinearSum& f : facts_) {
      for (const auto& ft : f.terms) {
        for (const auto& st : s.terms) {
          if (!ExprDeepEqual(ft.first, st.first)) continue;
          if (st.second % ft.second != 0) continue;
          int64_t k = st.second / ft.second;
          if (k <= 0) continue;
          LinearSum r = s;
          if (!r.AddSum(f, -k) || !r.Fits()) continue;
          if (SumBound(parent_, r)->max_value <= 0) {
            return true;
          }
        }
      }
    }
    return false;
  }
  bool ProveLT0(LinearSum s) { return s.AddConst(1) && ProveLE0(s); }
  bool ProveGE0(const LinearSum& s) {
    LinearSum n;
    n.dtype = s.dtype;
    return n.AddSum(s, -1) && ProveLE0(n);
  }
  bool ProveGT0(const LinearSum& s) {
    LinearSum n;
    n.dtype = s.dtype;
    return n.AddSum(s, -1) && n.AddConst(1) && ProveLE0(n);
  }
  /*! \brief a - b as a LinearSum; false when not of an index type. */
  static bool Diff(const PrimExpr& a, const PrimExpr& b, LinearSum* d) {
    LinearSum sb;
    return LinearSum::FromExpr(a, d) && LinearSum::FromExpr(b, &sb) && d->AddSum(sb, -1) &&
           d->Fits();
  }
  /*! \brief Whether lit, or its negation, is a literal in scope: 1 true, 0 false, -1 unknown. */
  int LookupLiteral(const PrimExpr& lit) {
    for (const PrimExpr& l : literals_) {
      if (ExprDeepEqual(l, lit)) return 1;
      if (const auto* n = l.as<NotNode>()) {
        if (ExprDeepEqual(n->a, lit)) return 0;
      }
      if (const auto* n = lit.as<NotNode>()) {
        if (ExprDeepEqual(n->a, l)) return 0;
      }
    }
    return -1;
  }

  // ---- leaves -------------------------------------------------------------------------------
  PrimExpr VisitExpr_(const VarNode* op) final {
    auto it = var_map_.find(op);
    return it != var_map_.end() ? it->second : GetRef<PrimExpr>(op);
  }

  // ---- sums ---------------------------------------------------------------------------------
  /*! \brief The affine form of e rebuilt, when it is smaller than e. */
  PrimExpr RebuildIfSmaller(const PrimExpr& e) {
    LinearSum s;
    if (!LinearSum::FromExpr(e, &s)) return e;
    if (s.IsConst()) return make_const(e.dtype(), s.constant);
    PrimExpr cand = s.ToExpr();
    return ExprNodeCount(cand) < ExprNodeCount(e) ? cand : e;
  }
  /*!
   * \brief Lane-wise arithmetic on ramps and broadcasts stays a ramp or a broadcast:
   *  ramp(b, s) + broadcast(x) = ramp(b + x, s), ramp(b, s) * broadcast(x) = ramp(b*x, s*x), ...
   *  so vector indices keep the dense form code generators turn into vector loads.
   */
  Optional<PrimExpr> FoldVector(char kind, const PrimExpr& a, const PrimExpr& b) {
    const auto* ra = a.as<RampNode>();
    const auto* rb = b.as<RampNode>();
    const auto* ba = a.as<BroadcastNode>();
    const auto* bb = b.as<BroadcastNode>();
    if (!(ra || ba) || !(rb || bb)) return Optional<PrimExpr>();
    int lanes = a.dtype().lanes();
    auto f = [&](const PrimExpr& x, const PrimExpr& y) {
      return VisitExpr(kind == '+' ? x + y : kind == '-' ? x - y : x * y);
    };
    if (ba && bb) return Broadcast(f(ba->value, bb->value), lanes);
    if (kind == '+' || kind == '-') {
      if (ra && rb) return Ramp(f(ra->base, rb->base), f(ra->stride, rb->stride), lanes);
      if (ra && bb) return Ramp(f(ra->base, bb->value), ra->stride, lanes);
      if (ba && rb) {
        PrimExpr stride = kind == '+' ? rb->stride : VisitExpr(make_zero(rb->stride.dtype()) - rb->stride);
        return Ramp(f(ba->value, rb->base), stride, lanes);
      }
      return Optional<PrimExpr>();
    }
    if (ra && bb) return Ramp(f(ra->base, bb->value), f(ra->stride, bb->value), lanes);
    if (ba && rb) return Ramp(f(ba->value, rb->base), f(ba->value, rb->stride), lanes);
    return Optional<PrimExpr>();
  }

  PrimExpr VisitExpr_(const AddNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (Optional<PrimExpr> v = FoldVector('+', a, b)) return v.value();
    PrimExpr r = add(a, b);
    return IsIndexType(op->dtype) ? RebuildIfSmaller(r) : r;
  }
  PrimExpr VisitExpr_(const SubNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (IsIndexType(op->dtype) && ExprDeepEqual(a, b)) return make_zero(op->dtype);
    if (Optional<PrimExpr> v = FoldVector('-', a, b)) return v.value();
    PrimExpr r = sub(a, b);
    return IsIndexType(op->dtype) ? RebuildIfSmaller(r) : r;
  }
  PrimExpr VisitExpr_(const MulNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (AsConst(a) && !AsConst(b)) std::swap(a, b);  // constant on the right
    if (Optional<PrimExpr> v = FoldVector('*', a, b)) return v.value();
    PrimExpr r = mul(a, b);
    return IsIndexType(op->dtype) ? RebuildIfSmaller(r) : r;
  }

  // ---- division -----------------------------------------------------------------------------
  /*!
   * \brief floordiv(a, c) for c > 0: a = c * Q + R with Q the divisible terms; the result is
   *  Q + floordiv(R, c), and floordiv(R, c) is a constant when R's bound lies in one period.
   */
  PrimExpr FloorDivByConst(const PrimExpr& a, int64_t c, const PrimExpr& orig) {
    DataType t = a.dtype();
    if (c == 1) return a;
    if (const auto* inner = a.as<FloorDivNode>()) {
      const int64_t* c1 = AsConst(inner->b);
      int64_t prod;
      if (c1 && *c1 > 0 && !__builtin_mul_overflow(*c1, c, &prod)) {
        return VisitExpr(FloorDiv(inner->a, make_const(t, prod)));
      }
    }
    LinearSum s;
    if (!LinearSum::FromExpr(a, &s)) return orig;
    LinearSum q, r;
    SplitByDivisor(s, c, &q, &r);
    int64_t quotient;
    if (ConstantQuotient(parent_, r, c, &quotient)) {
      q.AddConst(quotient);
      return q.ToExpr();
    }
    if (q.IsConst() && q.constant == 0) return orig;
    LinearSum res = q;
    res.AddTerm(FloorDiv(r.ToExpr(), make_const(t, c)), 1);
    PrimExpr cand = res.ToExpr();
    return ExprNodeCount(cand) < ExprNodeCount(orig) ? cand : orig;
  }
  /*! \brief floormod(a, c) for c > 0: coefficients reduce modulo c; a remainder in one period
   * folds. */
  PrimExpr FloorModByConst(const PrimExpr& a, int64_t c, const PrimExpr& orig) {
    DataType t = a.dtype();
    if (c == 1) return make_zero(t);
    ModularSet m = parent_->modular_set(a);
    if (m->coeff % c == 0) return make_const(t, FloorModInt(m->base, c));
    if (const auto* inner = a.as<FloorModNode>()) {
      const int64_t* c1 = AsConst(inner->b);
      if (c1 && *c1 > 0 && *c1 % c == 0) return VisitExpr(FloorMod(inner->a, make_const(t, c)));
    }
    LinearSum s;
    if (!LinearSum::FromExpr(a, &s)) return orig;
    LinearSum r = ResidueModulo(s, c);
    if (r.IsConst()) return make_const(t, FloorModInt(r.constant, c));
    int64_t quotient;
    if (ConstantQuotient(parent_, r, c, &quotient)) {
      r.AddConst(-quotient * c);
      return r.ToExpr();
    }
    PrimExpr cand = FloorMod(r.ToExpr(), make_const(t, c));
    return ExprNodeCount(cand) < ExprNodeCount(orig) ? cand : orig;
  }
  /*!
   * \brief floordiv / floormod of ramp(base, s, lanes) by broadcast(c) when every lane falls in
   *  the same period of c (base = c*q + o with o + s*(lanes-1) < c): the quotient is
   *  broadcast(base // c) and the remainder ramp(base % c, s, lanes). Packed layouts index
   *  vectors this way (y // 32, y % 32 over a vectorized y).
   */
  Optional<PrimExpr> DivModRamp(bool is_div, const PrimExpr& a, const PrimExpr& b) {
    const auto* bc = b.as<BroadcastNode>();
    if (bc == nullptr) return Optional<PrimExpr>();
    int lanes = a.dtype().lanes();
    if (const auto* ba = a.as<BroadcastNode>()) {
      PrimExpr v = is_div ? floordiv(ba->value, bc->value) : floormod(ba->value, bc->value);
      return Broadcast(VisitExpr(v), lanes);
    }
    const auto* ramp = a.as<RampNode>();
    const int64_t* c = AsConst(bc->value);
    const int64_t* stride = ramp ? AsConst(ramp->stride) : nullptr;
    if (ramp == nullptr || c == nullptr || *c <= 0 || stride == nullptr || *stride < 0) {
      return Optional<PrimExpr>();
    }
    ModularSet m = parent_->modular_set(ramp->base);
    if (m->coeff % *c != 0) return Optional<PrimExpr>();
    int64_t offset = FloorModInt(m->base, *c);
    if (offset + *stride * (lanes - 1) >= *c) return Optional<PrimExpr>();
    PrimExpr cv = make_const(ramp->base.dtype(), *c);
    if (is_div) return Broadcast(VisitExpr(floordiv(ramp->base, cv)), lanes);
    return Ramp(VisitExpr(floormod(ramp->base, cv)), ramp->stride, lanes);
  }

  PrimExpr VisitExpr_(const FloorDivNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (Optional<PrimExpr> v = DivModRamp(true, a, b)) return v.value();
    PrimExpr r = floordiv(a, b);
    const auto* node = r.as<FloorDivNode>();
    if (node == nullptr || !IsIndexType(op->dtype)) return r;
    const int64_t* c = AsConst(b);
    if (c == nullptr || *c <= 0) return r;
    return FloorDivByConst(a, *c, r);
  }
  PrimExpr VisitExpr_(const FloorModNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (Optional<PrimExpr> v = DivModRamp(false, a, b)) return v.value();
    PrimExpr r = floormod(a, b);
    if (r.as<FloorModNode>() == nullptr || !IsIndexType(op->dtype)) return r;
    const int64_t* c = AsConst(b);
    if (c == nullptr || *c <= 0) return r;
    return FloorModByConst(a, *c, r);
  }
  PrimExpr VisitExpr_(const DivNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    PrimExpr r = op->dtype.is_float() ? div(a, b) : truncdiv(a, b);
    if (r.as<DivNode>() == nullptr || !IsIndexType(op->dtype)) return r;
    const int64_t* c = AsConst(b);
    // Truncation equals flooring for a non-negative numerator.
    if (c == nullptr || *c <= 0 || parent_->const_int_bound(a)->min_value < 0) return r;
    PrimExpr f = FloorDivByConst(a, *c, r);
    return f.same_as(r) ? r : f;
  }
  PrimExpr VisitExpr_(const ModNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    PrimExpr r = truncmod(a, b);
    if (r.as<ModNode>() == nullptr || !IsIndexType(op->dtype)) return r;
    const int64_t* c = AsConst(b);
    if (c == nullptr || *c <= 0 || parent_->const_int_bound(a)->min_value < 0) return r;
    PrimExpr f = FloorModByConst(a, *c, r);
    return f.same_as(r) ? r : f;
  }

  // ---- min / max ----------------------------------------------------------------------------
  PrimExpr VisitExpr_(const MinNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    PrimExpr r = min(a, b);
    if (r.as<MinNode>() == nullptr || !IsIndexType(op->dtype)) return r;
    if (ExprDeepEqual(a, b)) return a;
    LinearSum d;
    if (Diff(a, b, &d)) {
      if (ProveLE0(d)) return a;
      if (ProveGE0(d)) return b;
    }
    // min(max(x, y), x) -> x ; min(x, max(x, y)) -> x
    if (const auto* m = a.as<MaxNode>()) {
      if (ExprDeepEqual(m->a, b) || ExprDeepEqual(m->b, b)) return b;
    }
    if (const auto* m = b.as<MaxNode>()) {
      if (ExprDeepEqual(m->a, a) || ExprDeepEqual(m->b, a)) return a;
    }
    // min(min(x, c1), c2) -> min(x, min(c1, c2))
    if (const auto* m = a.as<MinNode>()) {
      if (AsConst(m->b) && AsConst(b)) return Min(m->a, min(m->b, b));
    }
    return r;
  }
  PrimExpr VisitExpr_(const MaxNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    PrimExpr r = max(a, b);
    if (r.as<MaxNode>() == nullptr || !IsIndexType(op->dtype)) return r;
    if (ExprDeepEqual(a, b)) return a;
    LinearSum d;
    if (Diff(a, b, &d)) {
      if (ProveGE0(d)) return a;
      if (ProveLE0(d)) return b;
    }
    if (const auto* m = a.as<MinNode>()) {
      if (ExprDeepEqual(m->a, b) || ExprDeepEqual(m->b, b)) return b;
    }
    if (const auto* m = b.as<MinNode>()) {
      if (ExprDeepEqual(m->a, a) || ExprDeepEqual(m->b, a)) return a;
    }
    if (const auto* m = a.as<MaxNode>()) {
      if (AsConst(m->b) && AsConst(b)) return Max(m->a, max(m->b, b));
    }
    return r;
  }

  // ---- comparisons --------------------------------------------------------------------------
  enum class Cmp { kLT, kLE, kEQ, kNE };
  /*! \brief Decide or normalise `a cmp b` (GT/GE arrive with operands swapped). */
  PrimExpr Compare(Cmp cmp, const PrimExpr& a, const PrimExpr& b, const PrimExpr& folded) {
    if (!folded.as<LTNode>() && !folded.as<LENode>() && !folded.as<GTNode>() &&
        !folded.as<GENode>() && !folded.as<EQNode>() && !folded.as<NENode>()) {
      return folded;
    }
    DataType bt = folded.dtype();
    if (!IsIndexType(a.dtype())) {
      if (ExprDeepEqual(a, b) && !a.dtype().is_float()) {
        return make_const(bt, cmp == Cmp::kLE || cmp == Cmp::kEQ);
      }
      return folded;
    }
    LinearSum d;
    if (!Diff(a, b, &d)) return folded;
    auto yes = [&]() { return make_const(bt, 1); };
    auto no = [&]() { return make_const(bt, 0); };
    switch (cmp) {
      case Cmp::kLT:
        if (ProveLT0(d)) return yes();
        if (ProveGE0(d)) return no();
        break;
      case Cmp::kLE:
        if (ProveLE0(d)) return yes();
        if (ProveGT0(d)) return no();
        break;
      case Cmp::kEQ:
      case Cmp::kNE: {
        bool eq_known = false, ne_known = false;
        if (d.IsConst()) {
          eq_known = d.constant == 0;
          ne_known = !eq_known;
        } else if (ProveLT0(d) || ProveGT0(d)) {
          ne_known = true;
        } else if (ProveLE0(d) && ProveGE0(d)) {
          eq_known = true;
        } else {
          ModularSet m = parent_->modular_set(d.ToExpr());
          if (m->coeff != 0 && m->base != 0) ne_known = true;
        }
        if (eq_known) return cmp == Cmp::kEQ ? yes() : no();
        if (ne_known) return cmp == Cmp::kEQ ? no() : yes();
        break;
      }
    }
    PrimExpr norm = Normalize(cmp, d, folded);
    int lit = LookupLiteral(norm);
    if (lit >= 0) return make_const(bt, lit);
    if (!norm.same_as(folded)) {
      lit = LookupLiteral(folded);
      if (lit >= 0) return make_const(bt, lit);
    }
    return norm;
  }
  /*!
   * \brief d cmp 0 written as lhs cmp rhs with positive coefficients on each side, the
   *  coefficients divided by their gcd when that is exact; kept when not smaller.
   */
  PrimExpr Normalize(Cmp cmp, LinearSum d, const PrimExpr& folded) {
    int64_t g = d.CoeffGCD();
    if (g > 1) {
      if (cmp == Cmp::kLT) {
        // g*t + k < 0  <=>  g*t + k + 1 <= 0  <=>  t <= floor((-k - 1) / g)
        int64_t bound = FloorDivInt(-d.constant - 1, g);
        for (auto& t : d.terms) t.second /= g;
        d.constant = -bound;
        cmp = Cmp::kLE;
      } else if (cmp == Cmp::kLE) {
        int64_t bound = FloorDivInt(-d.constant, g);
        for (auto& t : d.terms) t.second /= g;
        d.constant = -bound;
      } else if (d.constant % g == 0) {
        for (auto& t : d.terms) t.second /= g;
        d.constant /= g;
      } else {
        return make_const(folded.dtype(), cmp == Cmp::kNE);
      }
    }
    // An integer comparison t <= k is written t < k + 1 (one form for both).
    if (cmp == Cmp::kLE) {
      cmp = Cmp::kLT;
      d.constant -= 1;
    }
    if (!d.Fits()) return folded;
    LinearSum lhs, rhs;
    lhs.dtype = rhs.dtype = d.dtype;
    for (const auto& t : d.terms) {
      if (t.second > 0) {
        lhs.AddTerm(t.first, t.second);
      } else {
        rhs.AddTerm(t.first, -t.second);
      }
    }
    // The constant goes to the side where it is positive... unless that side is otherwise
    // empty, to keep `x < 5` rather than `x + (-5) < 0`.
    bool constant_joins_terms = d.constant != 0 && !lhs.IsConst() && !rhs.IsConst();
    if (lhs.IsConst()) {
      lhs.AddConst(d.constant);
    } else {
      rhs.AddConst(-d.constant);
    }
    if (!lhs.Fits() || !rhs.Fits()) return folded;
    PrimExpr l = lhs.ToExpr(), r = rhs.ToExpr();
    PrimExpr cand;
    switch (cmp) {
      case Cmp::kLT:
        cand = LT(l, r);
        break;
      case Cmp::kEQ:
        cand = EQ(l, r);
        break;
      case Cmp::kNE:
        cand = NE(l, r);
        break;
      default:
        return folded;
    }
    // Moving a constant next to variables (x + c < y -> x < y - c) can create an overflow the
    // input did not have; do it only when the result is strictly smaller.
    int64_t nc = ExprNodeCount(cand), nf = ExprNodeCount(folded);
    if (nc < nf || (nc == nf && !constant_joins_terms)) return cand;
    return folded;
  }
  PrimExpr VisitExpr_(const LTNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    return Compare(Cmp::kLT, a, b, less(a, b));
  }
  PrimExpr VisitExpr_(const LENode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    return Compare(Cmp::kLE, a, b, less_equal(a, b));
  }
  PrimExpr VisitExpr_(const GTNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    return Compare(Cmp::kLT, b, a, greater(a, b));
  }
  PrimExpr VisitExpr_(const GENode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    return Compare(Cmp::kLE, b, a, greater_equal(a, b));
  }
  PrimExpr VisitExpr_(const EQNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    return Compare(Cmp::kEQ, a, b, equal(a, b));
  }
  PrimExpr VisitExpr_(const NENode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    return Compare(Cmp::kNE, a, b, not_equal(a, b));
  }

  // ---- logic --------------------------------------------------------------------------------
  /*! \brief The negation of e without a Not on top when a rule allows. */
  PrimExpr Negate(const PrimExpr& e) {
    if (const int64_t* v = AsConst(e)) return make_const(e.dtype(), *v == 0);
    if (const auto* n = e.as<NotNode>()) return n->a;
    if (e.dtype().is_scalar()) {
      bool idx = false;
      if (const auto* bin = dynamic_cast<const BinaryOpNodeBase*>(e.get())) {
        idx = bin->a.dtype().is_int() || bin->a.dtype().is_uint();
      }
      if (idx) {
        if (const auto* c = e.as<LTNode>()) return VisitExpr(LE(c->b, c->a));
        if (const auto* c = e.as<LENode>()) return VisitExpr(LT(c->b, c->a));
        if (const auto* c = e.as<GTNode>()) return VisitExpr(LE(c->a, c->b));
        if (const auto* c = e.as<GENode>()) return VisitExpr(LT(c->a, c->b));
      }
      if (const auto* c = e.as<EQNode>()) return NE(c->a, c->b);
      if (const auto* c = e.as<NENode>()) return EQ(c->a, c->b);
    }
    return Not(e);
  }
  bool IsNegation(const PrimExpr& a, const PrimExpr& b) {
    if (const auto* n = a.as<NotNode>()) {
      if (ExprDeepEqual(n->a, b)) return true;
    }
    if (const auto* n = b.as<NotNode>()) {
      if (ExprDeepEqual(n->a, a)) return true;
    }
    if (a.as<NotNode>() || b.as<NotNode>()) return false;
    return ExprDeepEqual(Negate(a), b);
  }
  PrimExpr VisitExpr_(const NotNode* op) final {
    PrimExpr a = VisitExpr(op->a);
    PrimExpr r = Negate(a);
    if (r.as<NotNode>()) {
      int lit = LookupLiteral(r);
      if (lit >= 0) return make_const(op->dtype, lit);
    }
    return r;
  }
  PrimExpr VisitExpr_(const AndNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    PrimExpr r = logical_and(a, b);
    if (r.as<AndNode>() == nullptr || !op->dtype.is_scalar()) return r;
    if (ExprDeepEqual(a, b)) return a;
    if (IsNegation(a, b)) return make_const(op->dtype, 0);
    return r;
  }
  PrimExpr VisitExpr_(const OrNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    PrimExpr r = logical_or(a, b);
    if (r.as<OrNode>() == nullptr || !op->dtype.is_scalar()) return r;
    if (ExprDeepEqual(a, b)) return a;
    if (IsNegation(a, b)) return make_const(op->dtype, 1);
    return r;
  }

  // ---- others -------------------------------------------------------------------------------
  /*! \brief e simplified where cond is known true (the taken branch of a select). */
  PrimExpr VisitUnder(const PrimExpr& cond, const PrimExpr& e) {
    auto exit = parent_->EnterConstraint(cond);
    PrimExpr r;
    try {
      r = VisitExpr(e);
    } catch (...) {
      exit();
      throw;
    }
    exit();
    return r;
  }
  PrimExpr VisitExpr_(const SelectNode* op) final {
    PrimExpr c = VisitExpr(op->condition);
    if (const int64_t* v = AsConst(c)) return VisitExpr(*v ? op->true_value : op->false_value);
    // Each branch's value matters only when it is selected.
    PrimExpr t = VisitUnder(c, op->true_value), f = VisitUnder(Negate(c), op->false_value);
    if (ExprDeepEqual(t, f)) return t;
    if (c.same_as(op->condition) && t.same_as(op->true_value) && f.same_as(op->false_value)) {
      return GetRef<PrimExpr>(op);
    }
    return Select(c, t, f);
  }
  PrimExpr VisitExpr_(const CallNode* op) final {
    if (op->op.same_as(builtin::if_then_else())) {
      PrimExpr c = VisitExpr(op->args[0]);
      if (const int64_t* v = AsConst(c)) return VisitExpr(*v ? op->args[1] : op->args[2]);
      PrimExpr t = VisitUnder(c, op->args[1]), f = VisitUnder(Negate(c), op->args[2]);
      if (ExprDeepEqual(t, f)) return t;
      if (c.same_as(op->args[0]) && t.same_as(op->args[1]) && f.same_as(op->args[2])) {
        return GetRef<PrimExpr>(op);
      }
      return Call(op->dtype, op->op, {c, t, f});
    }
    PrimExpr r = ExprMutator::VisitExpr_(op);
    const auto* call = r.as<CallNode>();
    if (call == nullptr) return r;
    if (call->op.same_as(builtin::likely()) && AsConst(call->args[0])) return call->args[0];
    return r;
  }
  PrimExpr VisitExpr_(const CastNode* op) final {
    PrimExpr v = VisitExpr(op->value);
    return cast(op->dtype, v);
  }
  PrimExpr VisitExpr_(const LetNode* op) final {
    PrimExpr value = VisitExpr(op->value);
    if (AsConst(value) || value.as<VarNode>()) {
      // Inline a trivial binding.
      auto it = var_map_.find(op->var.get());
      bool had = it != var_map_.end();
      PrimExpr old = had ? it->second : PrimExpr();
      var_map_[op->var.get()] = value;
      PrimExpr body = VisitExpr(op->body);
      if (had) {
        var_map_[op->var.get()] = old;
      } else {
        var_map_.erase(op->var.get());
      }
      return body;
    }
    PrimExpr body = VisitExpr(op->body);
    if (value.same_as(op->value) && body.same_as(op->body)) return GetRef<PrimExpr>(op);
    return Let(op->var, value, body);
  }

 private:
  Analyzer* parent_;
  std::unordered_map<const VarNode*, PrimExpr> var_map_;
  std::vector<Var> keep_;
  std::vector<PrimExpr> literals_;
  std::vector<LinearSum> facts_;
};

RewriteSimplifier::RewriteSimplifier(Analyzer* parent) : impl_(new Impl(parent)) {}
RewriteSimplifier::~RewriteSimplifier() = default;
PrimExpr RewriteSimplifier::operator()(const PrimExpr& expr) { return impl_->Simplify(expr); }
void RewriteSimplifier::Update(const Var& var, const PrimExpr& new_expr, bool allow_override) {
  impl_->Update(var, new_expr, allow_override);
}
std::function<void()> RewriteSimplifier::EnterConstraint(const PrimExpr& constraint) {
  return impl_->EnterConstraint(constraint);
}

}  // namespace arith
}  // namespace tvm
