/*!
 * \file random.cc
 * \brief random.uniform, random.normal, random.uniform_like and random.normal_like: tensors of
 *  pseudo-random values that are a pure function of the key attribute (counter-based Philox,
 *  computed by python/tvm/topi/random.py). They carry "TOpNoFold": folding one would replace
 *  a kernel by a constant as large as its output.
 */
#include <tvm/relay/attrs/random.h>

#include "../op_common.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(UniformAttrs);
TVM_REGISTER_NODE_TYPE(NormalAttrs);

namespace {

/*! \brief The output of a random op: the attrs' shape and dtype, or (with an input, the _like
 *  forms) the input's shape and the attrs' dtype, the input's when unset. */
template <typename T>
bool RandomRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  const auto* a = attrs.as<T>();
  Array<PrimExpr> shape;
  DataType dtype = a->dtype;
  if (num_inputs == 1) {
    const TensorTypeNode* like = TensorArg(types, 0, reporter);
    if (like == nullptr) return false;
    shape = like->shape;
    if (dtype.is_void()) dtype = like->dtype;
  } else {
    for (const Integer& d : a->shape) {
      if (d->value < 0) {
        TVM_THROW(TypeError) << "random values: negative dimension " << d->value
                             << " in the shape";
      }
      shape.push_back(Dim(d->value));
    }
  }
  if (!dtype.is_float() || (dtype.bits() != 16 && dtype.bits() != 32 && dtype.bits() != 64)) {
    TVM_THROW(TypeError) << "random values must be float16, float32 or float64, not " << dtype;
  }
  reporter->Assign(types[num_inputs], TensorType(shape, dtype));
  return true;
}

template <typename T>
ObjectPtr<T> MakeRandomAttrs(Array<Integer> shape, String dtype, double p0, double p1,
                             int64_t key);

template <>
ObjectPtr<UniformAttrs> MakeRandomAttrs(Array<Integer> shape, String dtype, double low,
                                        double high, int64_t key) {
  auto attrs = MakeAttrs<UniformAttrs>();
  attrs->shape = shape;
  attrs->dtype = ParseDType(dtype);
  attrs->low = low;
  attrs->high = high;
  attrs->key = key;
  return attrs;
}

template <>
ObjectPtr<NormalAttrs> MakeRandomAttrs(Array<Integer> shape, String dtype, double mean,
                                       double scale, int64_t key) {
  auto attrs = MakeAttrs<NormalAttrs>();
  attrs->shape = shape;
  attrs->dtype = ParseDType(dtype);
  attrs->mean = mean;
  attrs->scale = scale;
  attrs->key = key;
  return attrs;
}

}  // namespace

#define RELAY_REGISTER_RANDOM_OP(OpName, AttrsT, Description)                                  \
  TVM_REGISTER_GLOBAL("relay.op.random._make." OpName)                                        \
      .set_body_typed([](Array<Integer> shape, String dtype, double p0, double p1,            \
                         int64_t key) {                                                       \
        return MakeOpCall("random." OpName, {},                                               \
                          Attrs(MakeRandomAttrs<AttrsT>(shape, dtype, p0, p1, key)));         \
      });                                                                                     \
  RELAY_REGISTER_OP("random." OpName)                                                         \
      .describe(Description)                                                                  \
      .set_num_inputs(0)                                                                      \
      .set_attrs_type<AttrsT>()                                                               \
      .add_type_rel("Random", RandomRel<AttrsT>)                                              \
      .set_attr<TOpPattern>("TOpPattern", kInjective)                                         \
      .set_attr<TOpNoFold>("TOpNoFold", true);                                                \
  TVM_REGISTER_GLOBAL("relay.op.random._make." OpName "_like")                                \
      .set_body_typed([](Expr data, String dtype, double p0, double p1, int64_t key) {        \
        return MakeOpCall("random." OpName "_like", {data},                                   \
                          Attrs(MakeRandomAttrs<AttrsT>({}, dtype, p0, p1, key)));            \
      });                                                                                     \
  RELAY_REGISTER_OP("random." OpName "_like")                                                 \
      .describe(Description " (the shape of the input)")                                      \
      .set_num_inputs(1)                                                                      \
      .add_argument("data", "Tensor", "The tensor whose shape (and dtype, by default) to take.") \
      .set_attrs_type<AttrsT>()                                                               \
      .add_type_rel("RandomLike", RandomRel<AttrsT>)                                          \
      .set_attr<TOpPattern>("TOpPattern", kInjective)                                         \
      .set_attr<TOpNoFold>("TOpNoFold", true)

RELAY_REGISTER_RANDOM_OP("uniform", UniformAttrs, "values uniform in [low, high)");
RELAY_REGISTER_RANDOM_OP("normal", NormalAttrs, "values from N(mean, scale^2)");

}  // namespace relay
}  // namespace tvm
