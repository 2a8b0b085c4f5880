/*!
 * \file arith_util.cc
 * \brief Expression order, node count and LinearSum.
 */
#include "arith_util.h"

#include <tvm/tir/builtin.h>
#include <tvm/tir/stmt_functor.h>

#include <algorithm>
#include <string>

namespace tvm {
namespace arith {

using namespace tir;  // NOLINT(*)

namespace {
template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CompareArray(const Array<PrimExpr>& a, const Array<PrimExpr>& b) {
  if (int c = Cmp(a.size(), b.size())) return c;
  for (size_t i = 0; i < a.size(); ++i) {
    if (int c = CompareExpr(a[i], b[i])) return c;
  }
  return 0;
}
}  // namespace

int CompareExpr(const PrimExpr& a, const PrimExpr& b) {
  if (a.same_as(b)) return 0;
  if (!a.defined() || !b.defined()) return Cmp(a.defined(), b.defined());
  if (int c = Cmp(a->type_index(), b->type_index())) return c;
  if (int c = Cmp(a.dtype().code(), b.dtype().code())) return c;
  if (int c = Cmp(a.dtype().bits(), b.dtype().bits())) return c;
  if (int c = Cmp(a.dtype().lanes(), b.dtype().lanes())) return c;
  if (const auto* x = a.as<IntImmNode>()) return Cmp(x->value, b.as<IntImmNode>()->value);
  if (const auto* x = a.as<FloatImmNode>()) return Cmp(x->value, b.as<FloatImmNode>()->value);
  if (const auto* x = a.as<StringImmNode>()) {
    return Cmp(std::string(x->value), std::string(b.as<StringImmNode>()->value));
  }
  if (const auto* x = a.as<VarNode>()) {
    const auto* y = b.as<VarNode>();
    if (int c = Cmp(std::string(x->name_hint), std::string(y->name_hint))) return c;
    return Cmp(static_cast<const void*>(x), static_cast<const void*>(y));
  }
  if (const auto* x = dynamic_cast<const BinaryOpNodeBase*>(a.get())) {
    const auto* y = static_cast<const BinaryOpNodeBase*>(b.get());
    if (int c = CompareExpr(x->a, y->a)) return c;
    return CompareExpr(x->b, y->b);
  }
  if (const auto* x = a.as<NotNode>()) return CompareExpr(x->a, b.as<NotNode>()->a);
  if (const auto* x = a.as<CastNode>()) return CompareExpr(x->value, b.as<CastNode>()->value);
  if (const auto* x = a.as<SelectNode>()) {
    const auto* y = b.as<SelectNode>();
    if (int c = CompareExpr(x->condition, y->condition)) return c;
    if (int c = CompareExpr(x->true_value, y->true_value)) return c;
    return CompareExpr(x->false_value, y->false_value);
  }
  if (const auto* x = a.as<CallNode>()) {
    const auto* y = b.as<CallNode>();
    if (!x->op.same_as(y->op)) return Cmp(x->op.get(), y->op.get());
    return CompareArray(x->args, y->args);
  }
  if (const auto* x = a.as<BufferLoadNode>()) {
    const auto* y = b.as<BufferLoadNode>();
    if (!x->buffer.same_as(y->buffer)) return Cmp(x->buffer.get(), y->buffer.get());
    return CompareArray(x->indices, y->indices);
  }
  if (const auto* x = a.as<ProducerLoadNode>()) {
    const auto* y = b.as<ProducerLoadNode>();
    if (!x->producer.same_as(y->producer)) return Cmp(x->producer.get(), y->producer.get());
    return CompareArray(x->indices, y->indices);
  }
  if (const auto* x = a.as<RampNode>()) {
    const auto* y = b.as<RampNode>();
    if (int c = CompareExpr(x->base, y->base)) return c;
    return CompareExpr(x->stride, y->stride);
  }
  if (const auto* x = a.as<BroadcastNode>())
    return CompareExpr(x->value, b.as<BroadcastNode>()->value);
  if (const auto* x = a.as<LetNode>()) {
    const auto* y = b.as<LetNode>();
    if (!x->var.same_as(y->var)) return Cmp(x->var.get(), y->var.get());
    if (int c = CompareExpr(x->value, y->value)) return c;
    return CompareExpr(x->body, y->body);
  }
  // Anything else (Reduce, Shuffle): identity.
  return Cmp(a.get(), b.get());
}

int64_t ExprNodeCount(const PrimExpr& e) {
  int64_t n = 0;
  PostOrderVisit(e, [&n](const ObjectRef& node) {
    if (node.as<PrimExprNode>()) ++n;
  });
  return n;
}

PrimExpr MulConst(const PrimExpr& e, int64_t coeff) {
  if (coeff == 1) return e;
  if (const int64_t* v = AsConst(e)) return make_const(e.dtype(), *v * coeff);
  return Mul(e, make_const(e.dtype(), coeff));
}

namespace {
bool MulOverflow(int64_t a, int64_t b, int64_t* out) { return __builtin_mul_overflow(a, b, out); }
bool AddOverflow(int64_t a, int64_t b, int64_t* out) { return __builtin_add_overflow(a, b, out); }

bool Decompose(const PrimExpr& e, int64_t scale, LinearSum* out) {
  if (const int64_t* v = AsConst(e)) {
    int64_t p;
    return !MulOverflow(*v, scale, &p) && out->AddConst(p);
  }
  if (const auto* op = e.as<AddNode>()) {
    return Decompose(op->a, scale, out) && Decompose(op->b, scale, out);
  }
  if (const auto* op = e.as<SubNode>()) {
    int64_t neg;
    return !MulOverflow(scale, -1, &neg) && Decompose(op->a, scale, out) &&
           Decompose(op->b, neg, out);
  }
  if (const auto* op = e.as<MulNode>()) {
    int64_t p;
    if (const int64_t* v = AsConst(op->b)) {
      return !MulOverflow(*v, scale, &p) && Decompose(op->a, p, out);
    }
    if (const int64_t* v = AsConst(op->a)) {
      return !MulOverflow(*v, scale, &p) && Decompose(op->b, p, out);
    }
  }
  return out->AddTerm(e, scale);
}
}  // namespace

bool LinearSum::FromExpr(const PrimExpr& e, LinearSum* out) {
  if (!IsIndexType(e.dtype())) return false;
  out->dtype = e.dtype();
  out->terms.clear();
  out->constant = 0;
  return Decompose(e, 1, out) && out->Fits();
}

bool LinearSum::Fits() const {
  if (dtype.bits() >= 64) return true;
  int64_t hi = (int64_t(1) << (dtype.bits() - 1)) - 1, lo = -hi - 1;
  if (constant < lo || constant > hi) return false;
  for (const auto& t : terms) {
    if (t.second < lo || t.second > hi) return false;
  }
  return true;
}

bool LinearSum::AddConst(int64_t c) { return !AddOverflow(constant, c, &constant); }

bool LinearSum::AddTerm(const PrimExpr& atom, int64_t scale) {
  if (scale == 0) return true;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (ExprDeepEqual(terms[i].first, atom)) {
      if (AddOverflow(terms[i].second, scale, &terms[i].second)) return false;
      if (terms[i].second == 0) terms.erase(terms.begin() + i);
      return true;
    }
  }
  terms.emplace_back(atom, scale);
  return true;
}

bool LinearSum::AddSum(const LinearSum& other, int64_t scale) {
  for (const auto& t : other.terms) {
    int64_t p;
    if (MulOverflow(t.second, scale, &p) || !AddTerm(t.first, p)) return false;
  }
  int64_t p;
  return !MulOverflow(other.constant, scale, &p) && AddConst(p);
}

void LinearSum::Sort() {
  // Larger scales first (io * 8 + ii), then by atom.
  std::stable_sort(terms.begin(), terms.end(), [](const auto& x, const auto& y) {
    uint64_t ax = x.second < 0 ? 0 - static_cast<uint64_t>(x.second) : x.second;
    uint64_t ay = y.second < 0 ? 0 - static_cast<uint64_t>(y.second) : y.second;
    if (ax != ay) return ax > ay;
    return CompareExpr(x.first, y.first) < 0;
  });
}

int64_t LinearSum::CoeffGCD() const {
  int64_t g = 0;
  for (const auto& t : terms) g = GCD(g, t.second);
  return g;
}

PrimExpr LinearSum::ToExpr() const {
  PrimExpr res;
  bool any_positive = false;
  for (const auto& t : terms) any_positive = any_positive || t.second > 0;
  if (!any_positive && !terms.empty() && constant != 0) {
    // c - t1 - t2 rather than t1 * -1 - t2 + c.
    res = make_const(dtype, constant);
    for (const auto& t : terms) res = Sub(res, MulConst(t.first, -t.second));
    return res;
  }
  for (const auto& t : terms) {
    if (t.second <= 0) continue;
    PrimExpr term = MulConst(t.first, t.second);
    res = res.defined() ? PrimExpr(Add(res, term)) : term;
  }
  for (const auto& t : terms) {
    if (t.second >= 0) continue;
    if (!res.defined()) {
      res = MulConst(t.first, t.second);
    } else {
      res = Sub(res, MulConst(t.first, -t.second));
    }
  }
  if (!res.defined()) return make_const(dtype, constant);
  if (constant > 0) return Add(res, make_const(dtype, constant));
  if (constant < 0 && constant != std::numeric_limits<int64_t>::min()) {
    return Sub(res, make_const(dtype, -constant));
  }
  if (constant < 0) return Add(res, make_const(dtype, constant));
  return res;
}

void SplitByDivisor(const LinearSum& s, int64_t c, LinearSum* q, LinearSum* r) {
  q->dtype = r->dtype = s.dtype;
  for (const auto& term : s.terms) {
    if (term.second % c == 0) {
      q->AddTerm(term.first, term.second / c);
    } else {
      r->AddTerm(term.first, term.second);
    }
  }
  q->AddConst(FloorDivInt(s.constant, c));
  r->AddConst(FloorModInt(s.constant, c));
}

LinearSum ResidueModulo(const LinearSum& s, int64_t c) {
  LinearSum r;
  r.dtype = s.dtype;
  for (const auto& term : s.terms) {
    int64_t k = FloorModInt(term.second, c);
    if (term.second < 0 && k - c >= term.second) k -= c;
    r.AddTerm(term.first, k);
  }
  r.AddConst(FloorModInt(s.constant, c));
  return r;
}

bool ConstantQuotient(Analyzer* ana, const LinearSum& r, int64_t c, int64_t* quotient) {
  ConstIntBound rb = SumBound(ana, r);
  if (rb->min_value == ConstIntBound::kNegInf || rb->max_value == ConstIntBound::kPosInf) {
    return false;
  }
  if (FloorDivInt(rb->min_value, c) != FloorDivInt(rb->max_value, c)) return false;
  *quotient = FloorDivInt(rb->min_value, c);
  return true;
}

ConstIntBound SumBound(Analyzer* ana, const LinearSum& s) {
  const int64_t kPos = ConstIntBound::kPosInf, kNeg = ConstIntBound::kNegInf;
  __int128 lo = s.constant, hi = s.constant;
  bool lo_inf = false, hi_inf = false;
  for (const auto& t : s.terms) {
    ConstIntBound b = ana->const_int_bound(t.first);
    int64_t bmin = t.second > 0 ? b->min_value : b->max_value;
    int64_t bmax = t.second > 0 ? b->max_value : b->min_value;
    // The lower end gains coeff * bmin, the upper coeff * bmax (an infinite end stays so).
    if (bmin == kNeg || bmin == kPos) {
      lo_inf = true;
    } else {
      lo += static_cast<__int128>(bmin) * t.second;
    }
    if (bmax == kNeg || bmax == kPos) {
      hi_inf = true;
    } else {
      hi += static_cast<__int128>(bmax) * t.second;
    }
  }
  auto clamp = [&](__int128 v) -> int64_t {
    if (v >= kPos) return kPos;
    if (v <= kNeg) return kNeg;
    return static_cast<int64_t>(v);
  };
  return ConstIntBound(lo_inf ? kNeg : clamp(lo), hi_inf ? kPos : clamp(hi));
}

void SplitAnd(const PrimExpr& e, std::vector<PrimExpr>* out) {
  if (const auto* call = e.as<CallNode>()) {
    // likely(c) is c with a hint.
    if (call->op.same_as(builtin::likely())) return SplitAnd(call->args[0], out);
  }
  if (const auto* op = e.as<AndNode>()) {
    SplitAnd(op->a, out);
    SplitAnd(op->b, out);
  } else {
    out->push_back(e);
  }
}

void ComparisonFacts(PrimExpr lit, std::vector<LinearSum>* out) {
  bool negate = false;
  if (const auto* n = lit.as<NotNode>()) {
    lit = n->a;
    negate = true;
  }
  const auto* bin = dynamic_cast<const BinaryOpNodeBase*>(lit.get());
  if (bin == nullptr || !IsIndexType(bin->a.dtype())) return;
  bool lt = lit.as<LTNode>(), le = lit.as<LENode>(), gt = lit.as<GTNode>(), ge = lit.as<GENode>(),
       eq = lit.as<EQNode>(), ne = lit.as<NENode>();
  if (!(lt || le || gt || ge || eq || ne)) return;
  LinearSum a, b;
  if (!LinearSum::FromExpr(bin->a, &a) || !LinearSum::FromExpr(bin->b, &b)) return;
  LinearSum d = a;  // a - b
  if (!d.AddSum(b, -1)) return;
  LinearSum nd;  // b - a
  nd.dtype = d.dtype;
  if (!nd.AddSum(d, -1)) return;
  auto push_plus = [out](LinearSum s, int64_t c) {
    if (s.AddConst(c)) out->push_back(s);
  };
  if (negate) {
    std::swap(lt, ge);
    std::swap(le, gt);
    std::swap(eq, ne);
  }
  if (lt) push_plus(d, 1);
  if (le) push_plus(d, 0);
  if (gt) push_plus(nd, 1);
  if (ge) push_plus(nd, 0);
  if (eq) {
    push_plus(d, 0);
    push_plus(nd, 0);
  }
}

}  // namespace arith
}  // namespace tvm
