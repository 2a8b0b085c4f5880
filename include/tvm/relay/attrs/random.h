/*!
 * \file tvm/relay/attrs/random.h
 * \brief Attributes of the random-number ops: random.uniform, random.normal and their _like
 *  forms. Each holds the 64-bit Philox key (stored as int64) of which the values are a pure
 *  function, the shape (unused by a _like op, which takes its input's) and the dtype (void in
 *  a _like op: the input's).
 */
#ifndef TVM_RELAY_ATTRS_RANDOM_H_
#define TVM_RELAY_ATTRS_RANDOM_H_

#include <tvm/relay/attrs/transform.h>

namespace tvm {
namespace relay {

/*! \brief random.uniform(_like): values uniform in [low, high). */
struct UniformAttrs : public BaseAttrsNode {
  Array<Integer> shape;
  DataType dtype;
  double low{0.0};
  double high{1.0};
  int64_t key{0};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("shape", &shape);
    v->Visit("dtype", &dtype);
    v->Visit("low", &low);
    v->Visit("high", &high);
    v->Visit("key", &key);
  }
  TVM_RELAY_ATTRS(UniformAttrs);
};

/*! \brief random.normal(_like): values from N(mean, scale^2). */
struct NormalAttrs : public BaseAttrsNode {
  Array<Integer> shape;
  DataType dtype;
  double mean{0.0};
  double scale{1.0};
  int64_t key{0};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("shape", &shape);
    v->Visit("dtype", &dtype);
    v->Visit("mean", &mean);
    v->Visit("scale", &scale);
    v->Visit("key", &key);
  }
  TVM_RELAY_ATTRS(NormalAttrs);
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_ATTRS_RANDOM_H_
