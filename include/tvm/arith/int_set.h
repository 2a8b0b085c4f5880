/*!
 * \file tvm/arith/int_set.h
 * \brief Sets of integers described by symbolic intervals [min, max] (both ends included).
 *  Bound inference evaluates the index expressions of a loop nest over the loop variables'
 *  intervals to find the region of a tensor the nest touches: the set returned always
 *  contains every value the expression can take (it may be larger).
 */
#ifndef TVM_ARITH_INT_SET_H_
#define TVM_ARITH_INT_SET_H_

#include <tvm/arith/analyzer.h>
#include <tvm/tir/expr.h>

#include <unordered_map>

namespace tvm {
namespace arith {

/*! \brief Base of integer sets. */
class IntSetNode : public Object {
 public:
  static constexpr const char* _type_key = "IntSet";
  TVM_DECLARE_BASE_OBJECT_INFO(IntSetNode, Object);
};

/*!
 * \brief [min_value, max_value]. An unbounded end is the symbolic limit pos_inf() / neg_inf();
 *  the empty set has min_value = pos_inf, max_value = neg_inf.
 */
class IntervalSetNode : public IntSetNode {
 public:
  PrimExpr min_value;
  PrimExpr max_value;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("min_value", &min_value);
    v->Visit("max_value", &max_value);
  }
  bool HasLowerBound() const;
  bool HasUpperBound() const;
  bool IsSinglePoint() const;
  bool IsEmpty() const;
  bool IsEverything() const;
  static constexpr const char* _type_key = "arith.IntervalSet";
  TVM_DECLARE_FINAL_OBJECT_INFO(IntervalSetNode, IntSetNode);
};

/*! \brief The symbolic limits standing for +inf and -inf in interval ends. */
const PrimExpr& pos_inf();
const PrimExpr& neg_inf();
bool is_pos_inf(const PrimExpr& e);
bool is_neg_inf(const PrimExpr& e);

class IntSet : public ObjectRef {
 public:
  IntSet() = default;
  explicit IntSet(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  const IntervalSetNode* operator->() const { return static_cast<const IntervalSetNode*>(get()); }
  /*! \brief The lower / upper end (neg_inf / pos_inf when unbounded). */
  PrimExpr min() const;
  PrimExpr max() const;
  bool IsNothing() const;
  bool IsEverything() const;
  bool IsSinglePoint() const;
  bool HasLowerBound() const;
  bool HasUpperBound() const;
  /*! \brief The value of a single-point set. */
  PrimExpr PointValue() const;
  bool CanProveNonNegative() const;
  bool CanProvePositive() const;
  /*! \brief The Range [min, max + 1), or max_range when an end is unbounded. */
  Range CoverRange(Range max_range) const;

  static IntSet Nothing();
  static IntSet Everything();
  static IntSet SinglePoint(PrimExpr point);
  static IntSet Interval(PrimExpr min, PrimExpr max);
  /*! \brief [r.min, r.min + r.extent - 1]. */
  static IntSet FromRange(const Range& r);
  using ContainerType = IntSetNode;
};

/*! \brief The smallest interval containing every set (simplified with a fresh Analyzer). */
IntSet Union(const Array<IntSet>& sets);
/*! \brief The intersection of the intervals. */
IntSet Intersect(const Array<IntSet>& sets);

/*!
 * \brief The set of values of expr when each variable of dom_map ranges over its set
 *  (other variables are fixed symbols).
 */
IntSet EvalSet(PrimExpr expr, const Map<Var, IntSet>& dom_map);
IntSet EvalSet(PrimExpr expr, const Map<tir::IterVar, IntSet>& dom_map);
IntSet EvalSet(PrimExpr expr, const std::unordered_map<const tir::VarNode*, IntSet>& dom_map);
/*! \brief The set covered by [r.min, r.min + r.extent). */
IntSet EvalSet(Range r, const Map<tir::IterVar, IntSet>& dom_map);

/*! \brief The int_set member of Analyzer: EvalSet with the analyzer's bindings. */
class IntSetAnalyzer {
 public:
  explicit IntSetAnalyzer(Analyzer* parent) : parent_(parent) {}
  IntSet operator()(const PrimExpr& expr, const Map<Var, IntSet>& dom_map);
  /*! \brief With the ranges bound through Analyzer::Bind(var, range) as the domain. */
  IntSet operator()(const PrimExpr& expr);
  void Bind(const Var& var, const Range& range);

 private:
  Analyzer* parent_;
  Map<Var, IntSet> dom_;
};

}  // namespace arith
}  // namespace tvm

#endif  // TVM_ARITH_INT_SET_H_
