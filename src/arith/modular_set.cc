/*!
 * \file modular_set.cc
 * \brief ModularSetAnalyzer: expr = coeff * k + base, propagated bottom-up.
 */
#include <tvm/arith/analyzer.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/expr_functor.h>

#include <unordered_map>
#include <vector>

#include "arith_util.h"

namespace tvm {
namespace arith {

using namespace tir;  // NOLINT(*)

TVM_REGISTER_NODE_TYPE(ModularSetNode);

ModularSet::ModularSet(int64_t coeff, int64_t base) {
  auto n = make_object<ModularSetNode>();
  coeff = coeff < 0 ? -coeff : coeff;
  n->coeff = coeff;
  n->base = coeff == 0 ? base : FloorModInt(base, coeff);
  data_ = std::move(n);
}

namespace {
struct Entry {
  int64_t coeff{1};
  int64_t base{0};
  static Entry Make(int64_t coeff, int64_t base) {
    coeff = coeff < 0 ? -coeff : coeff;
    return Entry{coeff, coeff == 0 ? base : FloorModInt(base, coeff)};
  }
  bool is_const() const { return coeff == 0; }
  bool operator==(const Entry& o) const { return coeff == o.coeff && base == o.base; }
};
const Entry kEverything{1, 0};

bool Mul(int64_t a, int64_t b, int64_t* out) { return !__builtin_mul_overflow(a, b, out); }
bool Add(int64_t a, int64_t b, int64_t* out) { return !__builtin_add_overflow(a, b, out); }

/*! \brief The set containing both a and b. */
Entry UnionEntry(const Entry& a, const Entry& b) {
  int64_t diff;
  if (!Add(a.base, -b.base, &diff)) return kEverything;
  int64_t g = GCD(GCD(a.coeff, b.coeff), diff);
  if (g == 0) return a;  // equal constants
  return Entry::Make(g, a.base);
}
}  // namespace

class ModularSetAnalyzer::Impl : public ExprFunctor<Entry(const PrimExpr&)> {
 public:
  explicit Impl(Analyzer* parent) : parent_(parent) {}

  void Update(const Var& var, const Entry& info, bool allow_override) {
    auto it = var_map_.find(var.get());
    if (!allow_override && it != var_map_.end() && !(it->second == info)) {
      TVM_THROW(InternalError) << "ModularSet: variable " << var->name_hint
                               << " is already bound to a different modular set";
    }
    var_map_[var.get()] = info;
    vars_.push_back(var);
  }

  /*! \brief Learn from literals `floormod(x, c) == b` (and x == c). */
  std::function<void()> EnterConstraint(const PrimExpr& constraint) {
    std::vector<PrimExpr> lits;
    SplitAnd(constraint, &lits);
    std::vector<std::pair<const VarNode*, std::pair<bool, Entry>>> saved;
    for (const PrimExpr& lit : lits) {
      const auto* eq = lit.as<EQNode>();
      if (eq == nullptr) continue;
      PrimExpr lhs = eq->a, rhs = eq->b;
      if (AsConst(lhs)) std::swap(lhs, rhs);
      const int64_t* b = AsConst(rhs);
      if (b == nullptr) continue;
      const VarNode* v = nullptr;
      Entry fact;
      if (const auto* fm = lhs.as<FloorModNode>()) {
        const int64_t* c = AsConst(fm->b);
        v = fm->a.as<VarNode>();
        if (c == nullptr || *c <= 0 || v == nullptr) continue;
        fact = Entry::Make(*c, *b);
      } else if ((v = lhs.as<VarNode>()) != nullptr) {
        fact = Entry{0, *b};
      } else {
        continue;
      }
      auto it = var_map_.find(v);
      saved.push_back({v, {it != var_map_.end(), it != var_map_.end() ? it->second : Entry()}});
      var_map_[v] = fact;
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

  Entry VisitExpr_(const IntImmNode* op) final { return Entry{0, op->value}; }
  Entry VisitExpr_(const VarNode* op) final {
    auto it = var_map_.find(op);
    return it != var_map_.end() ? it->second : kEverything;
  }
  Entry VisitExpr_(const AddNode* op) final {
    return AddEntry(VisitExpr(op->a), VisitExpr(op->b), 1);
  }
  Entry VisitExpr_(const SubNode* op) final {
    return AddEntry(VisitExpr(op->a), VisitExpr(op->b), -1);
  }
  Entry VisitExpr_(const MulNode* op) final {
    Entry a = VisitExpr(op->a), b = VisitExpr(op->b);
    // (ca*x + ba)(cb*y + bb) = ca*cb*xy + ca*bb*x + cb*ba*y + ba*bb
    int64_t p1, p2, p3, base;
    if (!Mul(a.coeff, b.coeff, &p1) || !Mul(a.coeff, b.base, &p2) || !Mul(b.coeff, a.base, &p3) ||
        !Mul(a.base, b.base, &base)) {
      return kEverything;
    }
    return Entry::Make(GCD(GCD(p1, p2), p3), base);
  }
  Entry VisitExpr_(const FloorDivNode* op) final { return DivEntry(VisitExpr(op->a), op->b); }
  Entry VisitExpr_(const FloorModNode* op) final { return ModEntry(VisitExpr(op->a), op->b); }
  Entry VisitExpr_(const DivNode* op) final {
    if (!NonNegative(op->a)) return kEverything;
    return DivEntry(VisitExpr(op->a), op->b);
  }
  Entry VisitExpr_(const ModNode* op) final {
    if (!NonNegative(op->a)) return kEverything;
    return ModEntry(VisitExpr(op->a), op->b);
  }
  Entry VisitExpr_(const MinNode* op) final {
    return UnionEntry(VisitExpr(op->a), VisitExpr(op->b));
  }
  Entry VisitExpr_(const MaxNode* op) final {
    return UnionEntry(VisitExpr(op->a), VisitExpr(op->b));
  }
  Entry VisitExpr_(const SelectNode* op) final {
    return UnionEntry(VisitExpr(op->true_value), VisitExpr(op->false_value));
  }
  Entry VisitExpr_(const CastNode* op) final {
    // Widening integer casts keep the value.
    DataType from = op->value.dtype(), to = op->dtype;
    if ((from.is_int() || from.is_uint()) && to.is_int() &&
        to.bits() >= from.bits() + (from.is_uint() ? 1 : 0)) {
      return VisitExpr(op->value);
    }
    return kEverything;
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
  Entry VisitExpr_(const CallNode* op) final {
    if (op->op.same_as(builtin::shift_left())) {
      const int64_t* s = AsConst(op->args[1]);
      if (s != nullptr && *s >= 0 && *s < 62) {
        Entry a = VisitExpr(op->args[0]);
        int64_t c, b;
        if (Mul(a.coeff, int64_t(1) << *s, &c) && Mul(a.base, int64_t(1) << *s, &b)) {
          return Entry::Make(c, b);
        }
      }
    }
    return kEverything;
  }
  Entry VisitExprDefault_(const Object* op) final { return kEverything; }

 private:
  bool NonNegative(const PrimExpr& e) { return parent_->const_int_bound(e)->min_value >= 0; }
  static Entry AddEntry(const Entry& a, const Entry& b, int64_t sign) {
    int64_t base;
    if (!Add(a.base, sign * b.base, &base)) return kEverything;
    return Entry::Make(GCD(a.coeff, b.coeff), base);
  }
  static Entry DivEntry(const Entry& a, const PrimExpr& divisor) {
    const int64_t* c = AsConst(divisor);
    if (c == nullptr || *c <= 0) return kEverything;
    if (a.is_const()) return Entry{0, FloorDivInt(a.base, *c)};
    // (k * c * m + base) // c = k * m + base // c
    if (a.coeff % *c == 0) return Entry::Make(a.coeff / *c, FloorDivInt(a.base, *c));
    return kEverything;
  }
  static Entry ModEntry(const Entry& a, const PrimExpr& divisor) {
    const int64_t* c = AsConst(divisor);
    if (c == nullptr || *c <= 0) return kEverything;
    if (a.is_const()) return Entry{0, FloorModInt(a.base, *c)};
    if (a.coeff % *c == 0) return Entry{0, FloorModInt(a.base, *c)};
    int64_t g = GCD(a.coeff, *c);
    return Entry::Make(g, a.base);
  }

  Analyzer* parent_;
  std::unordered_map<const VarNode*, Entry> var_map_;
  std::vector<Var> vars_;
};

ModularSetAnalyzer::ModularSetAnalyzer(Analyzer* parent) : impl_(new Impl(parent)) {}
ModularSetAnalyzer::~ModularSetAnalyzer() = default;

ModularSet ModularSetAnalyzer::operator()(const PrimExpr& expr) {
  Entry e = impl_->VisitExpr(expr);
  return ModularSet(e.coeff, e.base);
}

void ModularSetAnalyzer::Update(const Var& var, const ModularSet& info, bool allow_override) {
  impl_->Update(var, Entry{info->coeff, info->base}, allow_override);
}

std::function<void()> ModularSetAnalyzer::EnterConstraint(const PrimExpr& constraint) {
  return impl_->EnterConstraint(constraint);
}

}  // namespace arith
}  // namespace tvm
