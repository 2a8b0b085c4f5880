/*!
 * \file unary.cc
 * \brief Elementwise unary ops (the result has the input's type), clip and cast.
 */
#include <tvm/relay/attrs/transform.h>

#include "../op_common.h"

namespace tvm {
namespace relay {

RELAY_REGISTER_UNARY_OP("negative").describe("-x");
RELAY_REGISTER_UNARY_OP("abs").describe("|x|");
RELAY_REGISTER_UNARY_OP("exp").describe("e^x");
RELAY_REGISTER_UNARY_OP("log").describe("ln x");
RELAY_REGISTER_UNARY_OP("sqrt").describe("x^(1/2)");
RELAY_REGISTER_UNARY_OP("rsqrt").describe("1 / x^(1/2)");
RELAY_REGISTER_UNARY_OP("tanh").describe("tanh x");
RELAY_REGISTER_UNARY_OP("sigmoid").describe("1 / (1 + e^-x)");
RELAY_REGISTER_UNARY_OP("erf").describe("the Gauss error function");
RELAY_REGISTER_UNARY_OP("floor").describe("round down");
RELAY_REGISTER_UNARY_OP("ceil").describe("round up");
RELAY_REGISTER_UNARY_OP("round").describe("round to nearest");
RELAY_REGISTER_UNARY_OP("sign").describe("-1, 0 or 1");
RELAY_REGISTER_UNARY_OP("sin").describe("sin x");
RELAY_REGISTER_UNARY_OP("cos").describe("cos x");
RELAY_REGISTER_UNARY_OP("tan").describe("tan x");
RELAY_REGISTER_UNARY_OP("sinh").describe("sinh x");
RELAY_REGISTER_UNARY_OP("cosh").describe("cosh x");
RELAY_REGISTER_UNARY_OP("asin").describe("arcsin x");
RELAY_REGISTER_UNARY_OP("acos").describe("arccos x");
RELAY_REGISTER_UNARY_OP("atan").describe("arctan x");
RELAY_REGISTER_UNARY_OP("trunc").describe("round toward zero");
RELAY_REGISTER_UNARY_OP("bitwise_not").describe("~x (integers)");
RELAY_REGISTER_UNARY_OP("logical_not").describe("!x");
RELAY_REGISTER_UNARY_OP("copy").describe("a copy of x");
RELAY_REGISTER_UNARY_OP("zeros_like").describe("zeros of x's type");
RELAY_REGISTER_UNARY_OP("ones_like").describe("ones of x's type");

/*! \brief The bool tensor of the input's shape (isnan, isinf, isfinite). */
bool UnaryPredicateRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                       const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  reporter->Assign(types[1], TensorType(data->shape, DataType::Bool()));
  return true;
}
#define RELAY_REGISTER_UNARY_PREDICATE(OpName)                                  \
  TVM_REGISTER_GLOBAL("relay.op._make." OpName).set_body_typed([](Expr data) { \
    return MakeOpCall(OpName, {data});                                         \
  });                                                                          \
  RELAY_REGISTER_OP(OpName)                                                    \
      .set_num_inputs(1)                                                       \
      .add_argument("data", "Tensor", "The input tensor.")                     \
      .add_type_rel("UnaryPredicate", UnaryPredicateRel)                       \
      .set_attr<TOpPattern>("TOpPattern", kElemWise)
RELAY_REGISTER_UNARY_PREDICATE("isnan").describe("x is NaN (bool)");
RELAY_REGISTER_UNARY_PREDICATE("isinf").describe("x is +inf or -inf (bool)");
RELAY_REGISTER_UNARY_PREDICATE("isfinite").describe("x is neither NaN nor infinite (bool)");

TVM_REGISTER_NODE_TYPE(ClipAttrs);
TVM_REGISTER_GLOBAL("relay.op._make.clip")
    .set_body_typed([](Expr data, double a_min, double a_max) {
      auto attrs = MakeAttrs<ClipAttrs>();
      attrs->a_min = a_min;
      attrs->a_max = a_max;
      return MakeOpCall("clip", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("clip")
    .describe("min(max(x, a_min), a_max)")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<ClipAttrs>()
    .add_type_rel("Identity", IdentityRel)
    .set_attr<TOpPattern>("TOpPattern", kElemWise);

TVM_REGISTER_NODE_TYPE(CastAttrs);
bool CastRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
             const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  reporter->Assign(types[1], TensorType(data->shape, attrs.as<CastAttrs>()->dtype));
  return true;
}
TVM_REGISTER_GLOBAL("relay.op._make.cast").set_body_typed([](Expr data, DataType dtype) {
  auto attrs = MakeAttrs<CastAttrs>();
  attrs->dtype = dtype;
  return MakeOpCall("cast", {data}, Attrs(attrs));
});
RELAY_REGISTER_OP("cast")
    .describe("x converted to dtype")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<CastAttrs>()
    .add_type_rel("Cast", CastRel)
    .set_attr<TOpPattern>("TOpPattern", kElemWise);

}  // namespace relay
}  // namespace tvm
