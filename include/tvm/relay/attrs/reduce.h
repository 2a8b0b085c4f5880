/*!
 * \file tvm/relay/attrs/reduce.h
 * \brief Attributes of the reductions.
 */
#ifndef TVM_RELAY_ATTRS_REDUCE_H_
#define TVM_RELAY_ATTRS_REDUCE_H_

#include <tvm/relay/attrs/transform.h>

namespace tvm {
namespace relay {

/*!
 * \brief sum, mean, max, min, prod: the axes reduced (null: all), whether reduced axes stay
 *  as extent 1, and `exclude` (reduce every axis except those listed).
 */
struct ReduceAttrs : public BaseAttrsNode {
  Array<Integer> axis;
  bool keepdims{false};
  bool exclude{false};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("axis", &axis);
    v->Visit("keepdims", &keepdims);
    v->Visit("exclude", &exclude);
  }
  TVM_RELAY_ATTRS(ReduceAttrs);
};

/*! \brief argmax, argmin: as ReduceAttrs, plus which index wins a tie. */
struct ArgReduceAttrs : public BaseAttrsNode {
  Array<Integer> axis;
  bool keepdims{false};
  bool select_last_index{false};
  bool exclude{false};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("axis", &axis);
    v->Visit("keepdims", &keepdims);
    v->Visit("select_last_index", &select_last_index);
    v->Visit("exclude", &exclude);
  }
  TVM_RELAY_ATTRS(ArgReduceAttrs);
};

/*! \brief variance, std: as ReduceAttrs, plus Bessel's correction. */
struct VarianceAttrs : public BaseAttrsNode {
  Array<Integer> axis;
  bool keepdims{false};
  bool exclude{false};
  bool unbiased{false};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("axis", &axis);
    v->Visit("keepdims", &keepdims);
    v->Visit("exclude", &exclude);
    v->Visit("unbiased", &unbiased);
  }
  TVM_RELAY_ATTRS(VarianceAttrs);
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_ATTRS_REDUCE_H_
