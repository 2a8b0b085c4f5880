/*!
 * \file tvm/arith/analyzer.h
 * \brief The arithmetic analyzer: facts about integer expressions and the simplifiers that use
 *  them. It exists so that the index arithmetic produced by split/fuse/tile schedules
 *  (io * 8 + ii, floordiv(i, 8) * 8 + floormod(i, 8), tail conditions i * 8 + j < n) reduces
 *  back to what a person would write, and so that bound inference gets tight regions.
 *
 *  Every analysis is sound for the integers: a fact it reports holds for every value the
 *  variables may take under the bindings and constraints currently in scope. Index arithmetic
 *  is assumed not to overflow its dtype.
 *
 *  - ConstIntBoundAnalyzer: constant [min, max] of an integer expression (+-inf when unknown);
 *  - ModularSetAnalyzer: expr = coeff * k + base for some integer k;
 *  - IntSetAnalyzer (int_set.h): the symbolic interval an expression covers when variables
 *    range over intervals;
 *  - RewriteSimplifier: local rewrite rules whose side conditions are discharged with the
 *    analyses above (floordiv(x * 8 + y, 8) -> x when 0 <= y < 8);
 *  - CanonicalSimplifier: a sum-of-products normal form in which split terms
 *    (floordiv/floormod by constants) merge back, so equal index expressions become
 *    structurally equal.
 *
 *  All sub-analyzers share the Analyzer's context: Bind(var, range) / Bind(var, expr) and the
 *  constraints entered with With<ConstraintContext> (facts true inside an `if` branch).
 */
#ifndef TVM_ARITH_ANALYZER_H_
#define TVM_ARITH_ANALYZER_H_

#include <tvm/ir/expr.h>
#include <tvm/support/with.h>
#include <tvm/tir/expr.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

namespace tvm {
namespace arith {

using tir::Var;

class Analyzer;
class IntSet;

// ---- ConstIntBound ---------------------------------------------------------------------------

/*! \brief The constant bound [min_value, max_value] of an integer expression. */
class ConstIntBoundNode : public Object {
 public:
  int64_t min_value;
  int64_t max_value;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("min_value", &min_value);
    v->Visit("max_value", &max_value);
  }
  /*! \brief +inf and -inf (kNegInf == -kPosInf, so negating a bound is exact). */
  static constexpr int64_t kPosInf = std::numeric_limits<int64_t>::max();
  static constexpr int64_t kNegInf = -kPosInf;
  static constexpr const char* _type_key = "arith.ConstIntBound";
  TVM_DECLARE_FINAL_OBJECT_INFO(ConstIntBoundNode, Object);
};

class ConstIntBound : public ObjectRef {
 public:
  ConstIntBound(int64_t min_value, int64_t max_value);
  static constexpr int64_t kPosInf = ConstIntBoundNode::kPosInf;
  static constexpr int64_t kNegInf = ConstIntBoundNode::kNegInf;
  TVM_DEFINE_OBJECT_REF_METHODS(ConstIntBound, ObjectRef, ConstIntBoundNode);
};

/*!
 * \brief Constant bounds through + - * / % floordiv floormod min max select cast let, variables
 *  bound to ranges, and the comparisons of constraints in scope. A variable without binding
 *  gets the range of its dtype (a SizeVar: [0, max]).
 */
class ConstIntBoundAnalyzer {
 public:
  ConstIntBound operator()(const PrimExpr& expr) const;
  /*! \brief Set the bound of var; a conflicting earlier bound is an error unless override. */
  void Update(const Var& var, const ConstIntBound& info, bool allow_override = false);
  /*! \brief var is in [range.min, range.min + range.extent). */
  void Bind(const Var& var, const Range& range, bool allow_override = false);
  ~ConstIntBoundAnalyzer();

 private:
  friend class Analyzer;
  explicit ConstIntBoundAnalyzer(Analyzer* parent);
  std::function<void()> EnterConstraint(const PrimExpr& constraint);
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- ModularSet ------------------------------------------------------------------------------

/*!
 * \brief expr == coeff * k + base for some integer k. coeff == 0: expr == base exactly;
 *  coeff > 0: 0 <= base < coeff. (1, 0) says nothing.
 */
class ModularSetNode : public Object {
 public:
  int64_t coeff;
  int64_t base;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("coeff", &coeff);
    v->Visit("base", &base);
  }
  static constexpr const char* _type_key = "arith.ModularSet";
  TVM_DECLARE_FINAL_OBJECT_INFO(ModularSetNode, Object);
};

class ModularSet : public ObjectRef {
 public:
  /*! \brief Normalises base into [0, coeff) (coeff is made non-negative). */
  ModularSet(int64_t coeff, int64_t base);
  TVM_DEFINE_OBJECT_REF_METHODS(ModularSet, ObjectRef, ModularSetNode);
};

/*! \brief Modular facts through + - * floordiv floormod (and / % of non-negative values). */
class ModularSetAnalyzer {
 public:
  ModularSet operator()(const PrimExpr& expr);
  void Update(const Var& var, const ModularSet& info, bool allow_override = false);
  ~ModularSetAnalyzer();

 private:
  friend class Analyzer;
  explicit ModularSetAnalyzer(Analyzer* parent);
  std::function<void()> EnterConstraint(const PrimExpr& constraint);
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- simplifiers -----------------------------------------------------------------------------

/*!
 * \brief Bottom-up rewriting with local rules: constant folding, cancellation in sums, div/mod
 *  elimination (floordiv(x * c + y, c) -> x when 0 <= y < c), min/max and comparisons decided
 *  by bounds and by the constraints in scope, boolean logic, select. A rule with a side
 *  condition fires only when the condition is proven.
 */
class RewriteSimplifier {
 public:
  PrimExpr operator()(const PrimExpr& expr);
  /*! \brief Replace var by new_expr while simplifying (a let binding). */
  void Update(const Var& var, const PrimExpr& new_expr, bool allow_override = false);
  ~RewriteSimplifier();

 private:
  friend class Analyzer;
  friend class CanonicalSimplifier;
  explicit RewriteSimplifier(Analyzer* parent);
  std::function<void()> EnterConstraint(const PrimExpr& constraint);
  class Impl;
  std::unique_ptr<Impl> impl_;
};

/*!
 * \brief Normal form of integer index expressions: a sum of terms coeff * atom + constant in a
 *  deterministic order, where split atoms floormod(floordiv(x, lower), upper) of one x merge
 *  (floordiv(x, 8) * 8 + floormod(x, 8) -> x) and floordiv/floormod by constants distribute
 *  over the sum. Two expressions equal as affine combinations of the same atoms come out
 *  structurally equal.
 */
class CanonicalSimplifier {
 public:
  PrimExpr operator()(const PrimExpr& expr);
  void Update(const Var& var, const PrimExpr& new_expr, bool allow_override = false);
  ~CanonicalSimplifier();

 private:
  friend class Analyzer;
  explicit CanonicalSimplifier(Analyzer* parent);
  class Impl;
  std::unique_ptr<Impl> impl_;
};

/*!
 * \brief A scope in which `constraint` is known true (the body of `if (constraint)`):
 *
 *   {
 *     With<ConstraintContext> ctx(&analyzer, i < n);
 *     analyzer.CanProve(i < n + 1);  // true
 *   }
 */
class ConstraintContext {
 private:
  ConstraintContext(Analyzer* analyzer, PrimExpr constraint)
      : analyzer_(analyzer), constraint_(std::move(constraint)) {}
  void EnterWithScope();
  void ExitWithScope();
  friend class With<ConstraintContext>;
  Analyzer* analyzer_;
  PrimExpr constraint_;
  std::function<void()> exit_;
};

class IntSetAnalyzer;

/*! \brief The analyzer: the sub-analyzers above sharing one context of bindings. */
class Analyzer {
 public:
  ConstIntBoundAnalyzer const_int_bound;
  ModularSetAnalyzer modular_set;
  RewriteSimplifier rewrite_simplify;
  CanonicalSimplifier canonical_simplify;
  IntSetAnalyzer& int_set;

  Analyzer();
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  /*! \brief var == expr from now on (a let binding); the simplifiers substitute it. */
  void Bind(const Var& var, const PrimExpr& expr, bool allow_override = false);
  /*! \brief var ranges over range (a loop variable). An extent of 1 binds var to range.min. */
  void Bind(const Var& var, const Range& range, bool allow_override = false);
  void Bind(const Map<Var, Range>& variables, bool allow_override = false);

  /*!
   * \brief Make `constraint` known true until the returned callback is called. Callbacks
   *  must be called in reverse order of entry (With<ConstraintContext> does this).
   */
  std::function<void()> EnterConstraint(const PrimExpr& constraint);

  bool CanProveGreaterEqual(const PrimExpr& expr, int64_t lower_bound);
  bool CanProveLess(const PrimExpr& expr, int64_t upper_bound);
  bool CanProveEqual(const PrimExpr& lhs, const PrimExpr& rhs);
  /*! \brief Whether cond (a bool expression) is true for every value in scope. */
  bool CanProve(const PrimExpr& cond);
  /*!
   * \brief Canonical simplification then rewrite simplification, repeated up to `steps` times
   *  or until nothing changes.
   */
  PrimExpr Simplify(const PrimExpr& expr, int steps = 2);

 private:
  std::unique_ptr<IntSetAnalyzer> int_set_impl_;
};

}  // namespace arith
}  // namespace tvm

#endif  // TVM_ARITH_ANALYZER_H_
