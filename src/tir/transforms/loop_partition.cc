/*!
 * \file loop_partition.cc
 * \brief LoopPartition (see tvm/tir/loop_partition.h).
 */
#include <tvm/arith/analyzer.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/loop_partition.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

#include <algorithm>
#include <unordered_set>
#include <utility>
#include <vector>

namespace tvm {
namespace tir {

namespace {

/*! \brief A half-open range [lo, hi) of loop-variable values; empty when lo >= hi. */
struct Interval {
  int64_t lo, hi;
  bool empty() const { return lo >= hi; }
  Interval Intersect(const Interval& o) const { return {std::max(lo, o.lo), std::min(hi, o.hi)}; }
};

/*!
 * \brief A `likely(cond)` call inside the loop body, with the ranges of the loops between the
 *  partitioned loop and it. Arithmetic lets are inlined into cond and the ranges.
 */
struct Guard {
  const CallNode* call;
  PrimExpr cond;
  std::vector<std::pair<Var, Range>> loops;
};

bool IsGuard(const CallNode* op) { return op->op.same_as(builtin::likely()); }

bool UsesVar(const PrimExpr& e, const VarNode* v) {
  bool found = false;
  PostOrderVisit(e, [&](const ObjectRef& n) { found = found || n.get() == v; });
  return found;
}

/*!
 * \brief Whether e is arithmetic on variables only. A let or loop range that reads memory is
 *  not used at the guards: the memory may have changed between the binding and the guard.
 */
bool ReadsNoMemory(const PrimExpr& e) {
  bool reads = false;
  PostOrderVisit(e, [&](const ObjectRef& n) {
    reads = reads || n->IsInstance<BufferLoadNode>() || n->IsInstance<ProducerLoadNode>() ||
            n->IsInstance<CallNode>();
  });
  return !reads;
}

/*!
 * \brief How e varies with v, the other variables fixed: 0 constant, 1 non-decreasing,
 *  -1 non-increasing, 2 unknown (the loop variable under %, a select, a load, a product of two
 *  terms in v, ...).
 */
int Combine(int a, int b) { return a == 0 ? b : (b == 0 || b == a) ? a : 2; }
int Flip(int d) { return d == 2 ? 2 : -d; }

int Direction(const PrimExpr& e, const VarNode* v) {
  if (!UsesVar(e, v)) return 0;
  auto scaled = [&](const PrimExpr& x, const PrimExpr& c) {
    const int64_t* k = as_const_int(c);
    if (k == nullptr) return 2;
    int d = Direction(x, v);
    return *k == 0 ? 0 : *k > 0 ? d : Flip(d);
  };
  if (e.get() == v) return 1;
  if (const auto* n = e.as<AddNode>()) return Combine(Direction(n->a, v), Direction(n->b, v));
  if (const auto* n = e.as<SubNode>()) return Combine(Direction(n->a, v), Flip(Direction(n->b, v)));
  if (const auto* n = e.as<MinNode>()) return Combine(Direction(n->a, v), Direction(n->b, v));
  if (const auto* n = e.as<MaxNode>()) return Combine(Direction(n->a, v), Direction(n->b, v));
  if (const auto* n = e.as<MulNode>()) {
    return UsesVar(n->a, v) ? scaled(n->a, n->b) : scaled(n->b, n->a);
  }
  if (const auto* n = e.as<FloorDivNode>()) {
    const int64_t* k = as_const_int(n->b);
    return k != nullptr && *k > 0 ? Direction(n->a, v) : 2;
  }
  if (const auto* n = e.as<DivNode>()) {
    const int64_t* k = as_const_int(n->b);
    return k != nullptr && *k > 0 ? Direction(n->a, v) : 2;
  }
  if (const auto* n = e.as<CastNode>()) return Direction(n->value, v);
  return 2;
}

/*! \brief Whether the truth of a comparison changes at most once as v grows. */
bool MonotoneComparison(const PrimExpr& cond, const VarNode* v) {
  auto sides = [&](const PrimExpr& a, const PrimExpr& b) {
    return Combine(Direction(a, v), Flip(Direction(b, v))) != 2;
  };
  if (const auto* n = cond.as<LTNode>()) return sides(n->a, n->b);
  if (const auto* n = cond.as<LENode>()) return sides(n->a, n->b);
  if (const auto* n = cond.as<GTNode>()) return sides(n->a, n->b);
  if (const auto* n = cond.as<GENode>()) return sides(n->a, n->b);
  return false;
}

/*! \brief The guards of a loop body that use the loop variable, except those in `skip`. */
class GuardCollector : public StmtExprVisitor {
 public:
  GuardCollector(const VarNode* loop_var, const std::unordered_set<const CallNode*>& skip)
      : loop_var_(loop_var), skip_(skip) {}
  std::vector<Guard> guards;

 private:
  void VisitStmt_(const ForNode* op) final {
    VisitExpr(op->min);
    VisitExpr(op->extent);
    bool known = ReadsNoMemory(op->min) && ReadsNoMemory(op->extent);
    // A loop whose range reads memory leaves its variable unknown at the guards.
    if (known) {
      loops_.push_back({op->loop_var, Range::FromMinExtent(Substitute(op->min, lets_),
                                                           Substitute(op->extent, lets_))});
    }
    VisitStmt(op->body);
    if (known) loops_.pop_back();
  }
  void VisitStmt_(const LetStmtNode* op) final {
    VisitExpr(op->value);
    bool known = ReadsNoMemory(op->value);
    if (known) lets_.Set(op->var, Substitute(op->value, lets_));
    VisitStmt(op->body);
    if (known) lets_.erase(op->var);
  }
  void VisitExpr_(const CallNode* op) final {
    if (IsGuard(op) && !skip_.count(op)) {
      PrimExpr cond = Substitute(op->args[0], lets_);
      if (UsesVar(cond, loop_var_)) guards.push_back({op, cond, loops_});
    }
    StmtExprVisitor::VisitExpr_(op);
  }

  const VarNode* loop_var_;
  const std::unordered_set<const CallNode*>& skip_;
  std::vector<std::pair<Var, Range>> loops_;
  Map<Var, PrimExpr> lets_;
};

/*! \brief Replaces the given guards by true and drops the `if`s left with a true condition. */
class GuardEraser : public StmtExprMutator {
 public:
  explicit GuardEraser(const std::unordered_set<const CallNode*>& proven) : proven_(proven) {}

 private:
  PrimExpr VisitExpr_(const CallNode* op) final {
    if (proven_.count(op)) return make_const(op->dtype, 1);
    return StmtExprMutator::VisitExpr_(op);
  }
  Stmt VisitStmt_(const IfThenElseNode* op) final {
    Stmt s = StmtExprMutator::VisitStmt_(op);
    const auto* n = s.as<IfThenElseNode>();
    if (n != nullptr && is_one(n->condition)) return n->then_case;
    return s;
  }
  const std::unordered_set<const CallNode*>& proven_;
};

class LoopPartitioner : public StmtExprMutator {
 private:
  Stmt VisitStmt_(const ForNode* op) final {
    Stmt partitioned = TryPartition(op);
    return partitioned.defined() ? partitioned : StmtExprMutator::VisitStmt_(op);
  }

  /*! \brief Whether `cond` of `guard` holds for every loop variable value in [lo, hi). */
  bool Proven(const Var& loop_var, const Guard& guard, const PrimExpr& cond, int64_t lo,
              int64_t hi) const {
    arith::Analyzer ana;
    DataType t = loop_var.dtype();
    ana.Bind(loop_var, Range::FromMinExtent(make_const(t, lo), make_const(t, hi - lo)));
    for (const auto& loop : guard.loops) {
      ana.Bind(loop.first, loop.second, /*allow_override=*/true);
    }
    return ana.CanProve(cond);
  }

  /*!
   * \brief A range of the loop in [lo, hi) on which `cond` is proven: the whole range, or the
   *  longest proven prefix or suffix (found by bisection, which assumes cond is monotone in
     *  the loop variable, checked syntactically; every answer is itself proven), conjunctions
   *  intersected.
   */
  Interval ProvenInterval(const Var& loop_var, const Guard& guard, const PrimExpr& cond,
                          int64_t lo, int64_t hi) const {
    if (const auto* a = cond.as<AndNode>()) {
      return ProvenInterval(loop_var, guard, a->a, lo, hi)
          .Intersect(ProvenInterval(loop_var, guard, a->b, lo, hi));
    }
    auto proven = [&](int64_t l, int64_t h) { return Proven(loop_var, guard, cond, l, h); };
    if (proven(lo, hi)) return {lo, hi};
    // Only a comparison monotone in the loop variable is true on a prefix or a suffix; others
    // might be provable at isolated points, which is no reason to split the loop.
    if (!MonotoneComparison(cond, loop_var.get())) return {lo, lo};
    Interval prefix{lo, lo}, suffix{hi, hi};
    if (proven(lo, lo + 1)) {
      int64_t good = lo + 1, bad = hi;  // proven on [lo, good), not on [lo, bad)
      while (bad - good > 1) {
        int64_t mid = good + (bad - good) / 2;
        (proven(lo, mid) ? good : bad) = mid;
      }
      prefix.hi = good;
    }
    if (proven(hi - 1, hi)) {
      int64_t good = hi - 1, bad = lo;  // proven on [good, hi), not on [bad, hi)
      while (good - bad > 1) {
        int64_t mid = bad + (good - bad) / 2;
        (proven(mid, hi) ? good : bad) = mid;
      }
      suffix.lo = good;
    }
    return prefix.hi - prefix.lo >= suffix.hi - suffix.lo ? prefix : suffix;
  }

  /*! \brief The loop over [lo, hi) of `op` with `body`; undefined when empty. */
  static Stmt MakePart(const ForNode* op, const Var& var, int64_t lo, int64_t hi, Stmt body) {
    if (lo >= hi) return Stmt();
    DataType t = var.dtype();
    if (hi - lo == 1) return Substitute(body, Map<Var, PrimExpr>{{var, make_const(t, lo)}});
    return For(var, make_const(t, lo), make_const(t, hi - lo), op->kind, body, op->thread_binding,
               op->annotations);
  }

  Stmt TryPartition(const ForNode* op) {
    if (op->thread_binding.defined() || op->kind == ForKind::kThreadBinding) return Stmt();
    const int64_t* min = as_const_int(op->min);
    const int64_t* extent = as_const_int(op->extent);
    if (min == nullptr || extent == nullptr || *extent < 1) return Stmt();
    const Interval whole{*min, *min + *extent};

    GuardCollector collector(op->loop_var.get(), handled_);
    collector(op->body);
    if (collector.guards.empty()) return Stmt();

    // The main range: where the guards taken in are all proven (greedy, in program order).
    Interval main = whole;
    bool any = false;
    for (const Guard& g : collector.guards) {
      Interval iv = ProvenInterval(op->loop_var, g, g.cond, whole.lo, whole.hi);
      if (iv.empty() || iv.Intersect(main).empty()) continue;
      main = iv.Intersect(main);
      any = true;
    }
    if (!any) return Stmt();
    // A call node shared by several places of the body is erased only if proven at each.
    std::unordered_set<const CallNode*> proven, unproven;
    for (const Guard& g : collector.guards) {
      (Proven(op->loop_var, g, g.cond, main.lo, main.hi) ? proven : unproven).insert(g.call);
    }
    for (const CallNode* c : unproven) proven.erase(c);
    if (proven.empty()) return Stmt();

    // The guards proven here are decided at this loop: inner loops of the parts before and
    // after the main range keep them.
    for (const CallNode* c : proven) handled_.insert(c);
    Stmt main_body = VisitStmt(GuardEraser(proven)(op->body));
    Stmt rest_body;
    if (main.lo > whole.lo || main.hi < whole.hi) rest_body = VisitStmt(op->body);
    for (const CallNode* c : proven) handled_.erase(c);

    // The parts outside the main range get their own copy of the loop variable.
    auto rest = [&](int64_t lo, int64_t hi) -> Stmt {
      if (lo >= hi) return Stmt();
      // Variables defined inside are renewed too: no variable may be bound twice.
      Var v(op->loop_var->name_hint, op->loop_var.dtype());
      return MakePart(op, v, lo, hi,
                      RenewDefs(Substitute(rest_body, Map<Var, PrimExpr>{{op->loop_var, v}})));
    };
    std::vector<Stmt> parts;
    for (Stmt s : {rest(whole.lo, main.lo), MakePart(op, op->loop_var, main.lo, main.hi, main_body),
                   rest(main.hi, whole.hi)}) {
      if (s.defined()) parts.push_back(s);
    }
    return SeqStmt::Flatten(parts);
  }

  std::unordered_set<const CallNode*> handled_;
};

}  // namespace

Stmt LoopPartition(Stmt stmt) { return LoopPartitioner()(std::move(stmt)); }

namespace transform {

Pass LoopPartition() {
  return CreatePrimFuncPass(
      [](PrimFunc func, IRModule, PassContext) {
        Stmt body = tir::LoopPartition(func->body);
        if (body.same_as(func->body)) return func;
        auto n = make_object<PrimFuncNode>(*func.get());
        n->body = body;
        return PrimFunc(ObjectPtr<Object>(std::move(n)));
      },
      0, "tir.LoopPartition");
}

TVM_REGISTER_GLOBAL("tir.transform.LoopPartition").set_body_typed(LoopPartition);

}  // namespace transform
}  // namespace tir
}  // namespace tvm
