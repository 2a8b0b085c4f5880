/*!
 * \file tvm/relay/attrs/algorithm.h
 * \brief Attributes of the sorting ops and unique.
 */
#ifndef TVM_RELAY_ATTRS_ALGORITHM_H_
#define TVM_RELAY_ATTRS_ALGORITHM_H_

#include <tvm/relay/attrs/transform.h>

namespace tvm {
namespace relay {

/*! \brief argsort: the axis sorted, the order, and the dtype of the indices. */
struct ArgsortAttrs : public BaseAttrsNode {
  int axis{-1};
  bool is_ascend{true};
  DataType dtype{DataType::Int(32)};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("axis", &axis);
    v->Visit("is_ascend", &is_ascend);
    v->Visit("dtype", &dtype);
  }
  TVM_RELAY_ATTRS(ArgsortAttrs);
};

/*!
 * \brief topk: the k largest (smallest when is_ascend) along `axis` (k < 1: all);
 *  ret_type "both" (a tuple of values and indices), "values" or "indices".
 */
struct TopKAttrs : public BaseAttrsNode {
  Integer k{Int64Attr(1)};
  int axis{-1};
  String ret_type{"both"};
  bool is_ascend{false};
  DataType dtype{DataType::Int(32)};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("k", &k);
    v->Visit("axis", &axis);
    v->Visit("ret_type", &ret_type);
    v->Visit("is_ascend", &is_ascend);
    v->Visit("dtype", &dtype);
  }
  TVM_RELAY_ATTRS(TopKAttrs);
};

/*! \brief unique: whether the distinct values come sorted or in order of first occurrence. */
struct UniqueAttrs : public BaseAttrsNode {
  bool is_sorted{true};
  void VisitAttrs(AttrVisitor* v) { v->Visit("is_sorted", &is_sorted); }
  TVM_RELAY_ATTRS(UniqueAttrs);
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_ATTRS_ALGORITHM_H_
