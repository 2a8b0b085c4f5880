/*!
 * \file const_int_bound.cc
 * \brief ConstIntBoundAnalyzer: interval arithmetic on int64 with saturating infinities.
 */
#include <tvm/arith/analyzer.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/expr_functor.h>
#include <tvm/tir/op.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "arith_util.h"

namespace tvm {
namespace arith {

using namespace tir;  // NOLINT(*)

TVM_REGISTER_NODE_TYPE(ConstIntBoundNode);

ConstIntBound::ConstIntBound(int64_t min_value, int64_t max_value) {
  auto n = make_object<ConstIntBoundNode>();
  n->min_value = min_value;
  n->max_value = max_value;
  data_ = std::move(n);
}

namespace {
constexpr int64_t kPosInf = ConstIntBound::kPosInf;
constexpr int64_t kNegInf = ConstIntBound::kNegInf;

struct Entry {
  int64_t min_value{kNegInf};
  int64_t max_value{kPosInf};
  bool is_const(int64_t v) const { return min_value == v && max_value == v; }
  bool operator==(const Entry& o) const {
    return min_value == o.min_value && max_value == o.max_value;
  }
};

int64_t Clamp(__int128 v) {
  if (v >= kPosInf) return kPosInf;
  if (v <= kNegInf) return kNegInf;
  return static_cast<int64_t>(v);
}
bool IsInf(int64_t v) { return v == kPosInf || v == kNegInf; }

int64_t InfAwareAdd(int64_t a, int64_t b) {
  if (IsInf(a)) return a;
  if (IsInf(b)) return b;
  return Clamp(static_cast<__int128>(a) + b);
}
int64_t InfAwareMul(int64_t a, int64_t b) {
  if (a == 0 || b == 0) return 0;
  if (IsInf(a) || IsInf(b)) return ((a > 0) == (b > 0)) ? kPosInf : kNegInf;
  return Clamp(static_cast<__int128>(a) * b);
}
/*! \brief a / b rounded toward zero (floor when `floor`), b != 0. */
int64_t InfAwareDiv(int64_t a, int64_t b, bool floor) {
  if (IsInf(a)) return ((a > 0) == (b > 0)) ? kPosInf : kNegInf;
  if (IsInf(b)) return (floor && a != 0 && ((a < 0) != (b < 0))) ? -1 : 0;
  return floor ? FloorDivInt(a, b) : a / b;
}

Entry Union(const Entry& a, const Entry& b) {
  return Entry{std::min(a.min_value, b.min_value), std::max(a.max_value, b.max_value)};
}
Entry Intersect(const Entry& a, const Entry& b) {
  return Entry{std::max(a.min_value, b.min_value), std::min(a.max_value, b.max_value)};
}

/*! \brief The bound spanned by the four corner values f(a_i, b_j). */
template <typename F>
Entry Corners(const Entry& a, const Entry& b, F f) {
  int64_t v[4] = {f(a.min_value, b.min_value), f(a.min_value, b.max_value),
                  f(a.max_value, b.min_value), f(a.max_value, b.max_value)};
  return Entry{*std::min_element(v, v + 4), *std::max_element(v, v + 4)};
}

Entry DTypeBound(DataType t) {
  if (t.is_bool()) return Entry{0, 1};
  if (t.is_int()) {
    if (t.bits() >= 64) return Entry{kNegInf, kPosInf};
    return Entry{-(int64_t(1) << (t.bits() - 1)), (int64_t(1) << (t.bits() - 1)) - 1};
  }
  if (t.is_uint()) {
    if (t.bits() >= 63) return Entry{0, kPosInf};
    return Entry{0, (int64_t(1) << t.bits()) - 1};
  }
  return Entry{kNegInf, kPosInf};
}

/*! \brief Division bound over the non-zero part of b's bound. */
Entry DivBound(const Entry& a, const Entry& b, bool floor) {
  auto f = [floor](int64_t x, int64_t y) { return InfAwareDiv(x, y, floor); };
  if (b.min_value > 0 || b.max_value < 0) return Corners(a, b, f);
  Entry res{kPosInf, kNegInf};
  bool any = false;
  if (b.max_value > 0) {
    res = Corners(a, Entry{1, b.max_value}, f);
    any = true;
  }
  if (b.min_value < 0) {
    Entry neg = Corners(a, Entry{b.min_value, -1}, f);
    res = any ? Union(res, neg) : neg;
    any = true;
  }
  return any ? res : Entry{kNegInf, kPosInf};
}
}  // namespace

class ConstIntBoundAnalyzer::Impl : public ExprFunctor<Entry(const PrimExpr&)> {
 public:
  explicit Impl(Analyzer* parent) : parent_(parent) {}

  Entry VisitExpr(const PrimExpr& e) final {
    Entry res = ExprFunctor::VisitExpr(e);
    if (e.dtype().is_int() || e.dtype().is_uint() || e.dtype().is_bool()) {
      res = Intersect(res, DTypeBound(e.dtype().element_of()));
    }
    return res;
  }

  void Update(const Var& var, const Entry& info, bool allow_override) {
    auto it = var_map_.find(var.get());
    if (!allow_override && it != var_map_.end() && !(it->second == info)) {
      TVM_THROW(InternalError) << "ConstIntBound: variable " << var->name_hint
                               << " is already bound to [" << it->second.min_value << ", "
                               << it->second.max_value << "], now [" << info.min_value << ", "
                               << info.max_value << "]";
    }
    var_map_[var.get()] = info;
    vars_.push_back(var);
  }

  /*!
   * \brief Tighten variable bounds with the comparisons of `constraint` (a conjunction);
   *  returns the undo action.
   */
  std::function<void()> EnterConstraint(const PrimExpr& constraint) {
    std::vector<std::pair<const VarNode*, std::pair<bool, Entry>>> saved;
    std::vector<PrimExpr> literals;
    SplitAnd(constraint, &literals);
    for (const PrimExpr& lit : literals) {
      std::vector<LinearSum> forms;  // each says: form <= 0
      ComparisonFacts(lit, &forms);
      for (const LinearSum& f : forms) {
        for (size_t i = 0; i < f.terms.size(); ++i) {
          const auto* v = f.terms[i].first.as<VarNode>();
          if (v == nullptr) continue;
          int64_t c = f.terms[i].second;
          // c * v + rest <= 0.
          LinearSum rest = f;
          rest.terms.erase(rest.terms.begin() + i);
          Entry r;
          {
            // Term by term, without clipping the derived sum to its dtype.
            __int128 lo = rest.constant;
            bool lo_inf = false;
            for (const auto& t : rest.terms) {
              Entry b = VisitExpr(t.first);
              int64_t m = t.second > 0 ? b.min_value : b.max_value;
              if (IsInf(m)) {
                lo_inf = true;
              } else {
                lo += static_cast<__int128>(m) * t.second;
              }
            }
            r.min_value = lo_inf ? kNegInf : Clamp(lo);
          }
          Entry cur = Lookup(v);
          Entry next = cur;
          if (c > 0) {
            // v <= floor(-rest / c) <= floor(-min(rest) / c)
            if (r.min_value != kNegInf) {
              next.max_value = std::min(next.max_value, FloorDivInt(-r.min_value, c));
            }
          } else {
            // v >= ceil(rest / -c) >= ceil(min... ) : -c * v >= rest
            if (r.min_value != kNegInf) {
              int64_t d = -c;
              next.min_value = std::max(next.min_value, -FloorDivInt(-r.min_value, d));
            }
          }
          if (next == cur) continue;
          auto it = var_map_.find(v);
          saved.push_back({v, {it != var_map_.end(), it != var_map_.end() ? it->second : Entry()}});
          var_map_[v] = next;
        }
      }
    }
    if (saved.empty()) return nullptr;
    return [this, saved]() {
      for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
        if (it->second.first) {
          var_map_[it->first] = it->second.second;
        } else {
          var_map_.erase(it->first);
        }
      }
    };
  }

  Entry Lookup(const VarNode* v) {
    auto it = var_map_.find(v);
    if (it != var_map_.end()) return it->second;
    if (v->IsInstance<SizeVarNode>()) return Entry{0, kPosInf};
    return DTypeBound(v->dtype);
  }

  Entry VisitExpr_(const VarNode* op) final { return Lookup(op); }
  Entry VisitExpr_(const SizeVarNode* op) final { return Lookup(op); }
  Entry VisitExpr_(const IntImmNode* op) final { return Entry{op->value, op->value}; }
  Entry VisitExpr_(const FloatImmNode* op) final { return Entry{kNegInf, kPosInf}; }
  Entry VisitExpr_(const AddNode* op) final {
    Entry a = VisitExpr(op->a), b = VisitExpr(op->b);
    return Entry{InfAwareAdd(a.min_value, b.min_value), InfAwareAdd(a.max_value, b.max_value)};
  }
  Entry VisitExpr_(const SubNode* op) final {
    Entry a = VisitExpr(op->a), b = VisitExpr(op->b);
    return Entry{InfAwareAdd(a.min_value, InfAwareMul(b.max_value, -1)),
                 InfAwareAdd(a.max_value, InfAwareMul(b.min_value, -1))};
  }
  Entry VisitExpr_(const MulNode* op) final {
    return Corners(VisitExpr(op->a), VisitExpr(op->b), InfAwareMul);
  }
  Entry VisitExpr_(const DivNode* op) final {
    if (!op->dtype.is_int() && !op->dtype.is_uint()) return Entry{};
    return DivBound(VisitExpr(op->a), VisitExpr(op->b), false);
  }
  Entry VisitExpr_(const FloorDivNode* op) final {
    if (!op->dtype.is_int() && !op->dtype.is_uint()) return Entry{};
    return DivBound(VisitExpr(op->a), VisitExpr(op->b), true);
  }
  Entry VisitExpr_(const ModNode* op) final {
    if (!op->dtype.is_int() && !op->dtype.is_uint()) return Entry{};
    Entry a = VisitExpr(op->a), b = VisitExpr(op->b);
    // |result| < |b| and result has a's sign.
    int64_t m = std::max(b.max_value == kPosInf ? kPosInf : std::abs(b.max_value),
                         b.min_value == kNegInf ? kPosInf : std::abs(b.min_value));
    if (m != kPosInf) m -= 1;
    if (a.min_value >= 0) return Entry{0, std::min(a.max_value, m)};
    if (a.max_value <= 0) return Entry{std::max(a.min_value, -m), 0};
    return Entry{std::max(a.min_value, -m), std::min(a.max_value, m)};
  }
  Entry VisitExpr_(const FloorModNode* op) final {
    if (!op->dtype.is_int() && !op->dtype.is_uint()) return Entry{};
    Entry a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (b.min_value > 0) {
      int64_t m = b.max_value == kPosInf ? kPosInf : b.max_value - 1;
      if (a.min_value >= 0) {
        // a < b.min: the result is a itself.
        if (a.max_value < b.min_value) return a;
        return Entry{0, std::min(a.max_value, m)};
      }
      return Entry{0, m};
    }
    if (b.max_value < 0) {
      int64_t m = b.min_value == kNegInf ? kNegInf : b.min_value + 1;
      if (a.max_value <= 0 && a.min_value > b.max_value) return a;
      return Entry{a.max_value <= 0 ? std::max(a.min_value, m) : m, 0};
    }
    int64_t m = std::max(b.max_value == kPosInf ? kPosInf : std::abs(b.max_value),
                         b.min_value == kNegInf ? kPosInf : std::abs(b.min_value));
    if (m != kPosInf) m -= 1;
    return Entry{-m, m};
  }
  Entry VisitExpr_(const MinNode* op) final {
    Entry a = VisitExpr(op->a), b = VisitExpr(op->b);
    return Entry{std::min(a.min_value, b.min_value), std::min(a.max_value, b.max_value)};
  }
  Entry VisitExpr_(const MaxNode* op) final {
    Entry a = VisitExpr(op->a), b = VisitExpr(op->b);
    return Entry{std::max(a.min_value, b.min_value), std::max(a.max_value, b.max_value)};
  }
  Entry VisitExpr_(const SelectNode* op) final {
    return Union(VisitExpr(op->true_value), VisitExpr(op->false_value));
  }
  Entry VisitExpr_(const CastNode* op) final {
    DataType from = op->value.dtype();
    if (from.is_int() || from.is_uint() || from.is_bool()) {
      Entry v = VisitExpr(op->value);
      Entry target = DTypeBound(op->dtype.element_of());
      // A value that fits the target type is unchanged by the cast.
      if (v.min_value >= target.min_value && v.max_value <= target.max_value) return v;
      return target;
    }
    return DTypeBound(op->dtype.element_of());
  }
  Entry VisitExpr_(const LetNode* op) final {
    Entry v = VisitExpr(op->value);
    auto it = var_map_.find(op->var.get());
    bool had = it != var_map_.end();
    Entry old = had ? it->second : Entry();
    var_map_[op->var.get()] = v;
    Entry res = VisitExpr(op->body);
    if (had) {
      var_map_[op->var.get()] = old;
    } else {
      var_map_.erase(op->var.get());
    }
    return res;
  }
  Entry VisitExpr_(const BroadcastNode* op) final { return VisitExpr(op->value); }
  Entry VisitExpr_(const RampNode* op) final {
    Entry base = VisitExpr(op->base), stride = VisitExpr(op->stride);
    Entry span = Corners(stride, Entry{0, op->lanes - 1}, InfAwareMul);
    return Entry{InfAwareAdd(base.min_value, span.min_value),
                 InfAwareAdd(base.max_value, span.max_value)};
  }
  Entry VisitExpr_(const CallNode* op) final {
    if (op->op.same_as(builtin::if_then_else())) {
      return Union(VisitExpr(op->args[1]), VisitExpr(op->args[2]));
    }
    if (op->op.same_as(builtin::likely())) return VisitExpr(op->args[0]);
    if (op->op.same_as(builtin::bitwise_and())) {
      Entry a = VisitExpr(op->args[0]), b = VisitExpr(op->args[1]);
      if (a.min_value >= 0 && b.min_value >= 0) {
        return Entry{0, std::min(a.max_value, b.max_value)};
      }
      if (b.min_value >= 0) return Entry{0, b.max_value};
      if (a.min_value >= 0) return Entry{0, a.max_value};
    }
    if (op->op.same_as(builtin::shift_right())) {
      Entry a = VisitExpr(op->args[0]), b = VisitExpr(op->args[1]);
      if (a.min_value >= 0 && b.min_value >= 0) return Entry{0, a.max_value};
    }
    return DTypeBound(op->dtype.element_of());
  }
  Entry VisitExprDefault_(const Object* op) final {
    const auto* e = static_cast<const PrimExprNode*>(op);
    return DTypeBound(e->dtype.element_of());
  }

 private:
  Analyzer* parent_;
  std::unordered_map<const VarNode*, Entry> var_map_;
  std::vector<Var> vars_;  // keeps bound variables alive while their keys are in var_map_
};

ConstIntBoundAnalyzer::ConstIntBoundAnalyzer(Analyzer* parent) : impl_(new Impl(parent)) {}
ConstIntBoundAnalyzer::~ConstIntBoundAnalyzer() = default;

ConstIntBound ConstIntBoundAnalyzer::operator()(const PrimExpr& expr) const {
  Entry e = impl_->VisitExpr(expr);
  return ConstIntBound(e.min_value, e.max_value);
}

void ConstIntBoundAnalyzer::Update(const Var& var, const ConstIntBound& info, bool allow_override) {
  impl_->Update(var, Entry{info->min_value, info->max_value}, allow_override);
}

void ConstIntBoundAnalyzer::Bind(const Var& var, const Range& range, bool allow_override) {
  Entry mn = impl_->VisitExpr(range->min);
  Entry ext = impl_->VisitExpr(range->extent);
  // [min.min, min.max + extent.max - 1]
  Entry b{mn.min_value, InfAwareAdd(InfAwareAdd(mn.max_value, ext.max_value), -1)};
  impl_->Update(var, b, allow_override);
}

std::function<void()> ConstIntBoundAnalyzer::EnterConstraint(const PrimExpr& constraint) {
  return impl_->EnterConstraint(constraint);
}

}  // namespace arith
}  // namespace tvm
