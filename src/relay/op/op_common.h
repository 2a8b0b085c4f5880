/*!
 * \file op_common.h
 * \brief What op definition files share: building a call of a registered op, and the
 *  registration of the families of elementwise ops (one line per op).
 */
#ifndef TVM_RELAY_OP_OP_COMMON_H_
#define TVM_RELAY_OP_OP_COMMON_H_

#include <tvm/relay/expr.h>
#include <tvm/relay/op.h>
#include <tvm/runtime/registry.h>

#include <utility>

#include "type_relations.h"

namespace tvm {
namespace relay {

/*! \brief A call of op `name` (which must be registered). */
inline Expr MakeOpCall(const char* name, Array<Expr> args, Attrs attrs = Attrs()) {
  return Call(Op::Get(name), std::move(args), std::move(attrs));
}

/*
 * Integer attributes made from Python ints are int64 IntImms (what the FFI makes of a Python
 * int in an Array<Integer>); makers that take a plain int store it the same way, so a program
 * built in Python and the same program read back from text are structurally equal.
 */

/*! \brief A dtype attribute from Python: "" is unset (void), else a dtype string. */
inline DataType ParseDType(const String& s) {
  return s.empty() ? DataType::Void() : DataType(runtime::String2DLDataType(s));
}

/*! \brief Attrs of type T, to fill and pass to MakeOpCall. */
template <typename T>
ObjectPtr<T> MakeAttrs() {
  return make_object<T>();
}

/*!
 * \brief The type of the count output of an op with data-dependent output shapes (the
 *  "TTruncatedOutputs" convention, see tvm/relay/op.h): int64, shape (1,).
 */
inline TensorType CountType() { return TensorType({Dim(1)}, DataType::Int(64)); }

/*! \brief A binary broadcasting op, its Python constructor relay.op._make.<name>(lhs, rhs). */
#define RELAY_REGISTER_BINARY_OP(OpName, Rel, RelName)                                  \
  TVM_REGISTER_GLOBAL("relay.op._make." OpName).set_body_typed([](Expr lhs, Expr rhs) { \
    return MakeOpCall(OpName, {lhs, rhs});                                              \
  });                                                                                   \
  RELAY_REGISTER_OP(OpName)                                                             \
      .set_num_inputs(2)                                                                \
      .add_argument("lhs", "Tensor", "The left operand.")                               \
      .add_argument("rhs", "Tensor", "The right operand.")                              \
      .add_type_rel(RelName, Rel)                                                       \
      .set_attr<TOpPattern>("TOpPattern", kBroadcast)

/*! \brief A unary elementwise op, its Python constructor relay.op._make.<name>(data). */
#define RELAY_REGISTER_UNARY_OP(OpName)                                        \
  TVM_REGISTER_GLOBAL("relay.op._make." OpName).set_body_typed([](Expr data) { \
    return MakeOpCall(OpName, {data});                                         \
  });                                                                          \
  RELAY_REGISTER_OP(OpName)                                                    \
      .set_num_inputs(1)                                                       \
      .add_argument("data", "Tensor", "The input tensor.")                     \
      .add_type_rel("Identity", IdentityRel)                                   \
      .set_attr<TOpPattern>("TOpPattern", kElemWise)

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_OP_OP_COMMON_H_
