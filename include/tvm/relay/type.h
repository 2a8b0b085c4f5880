/*!
 * \file tvm/relay/type.h
 * \brief The types of Relay: the shared IR types under Relay's names. A Relay value is a
 *  tensor (TensorType), a tuple (TupleType) or a function (FuncType); IncompleteType is a
 *  hole that type inference fills.
 */
#ifndef TVM_RELAY_TYPE_H_
#define TVM_RELAY_TYPE_H_

#include <tvm/ir/attrs.h>
#include <tvm/ir/tensor_type.h>
#include <tvm/ir/type.h>
#include <tvm/ir/type_relation.h>

namespace tvm {
namespace relay {

using tvm::Any;
using tvm::AnyNode;
using tvm::Attrs;
using tvm::FuncType;
using tvm::FuncTypeNode;
using tvm::IncompleteType;
using tvm::IncompleteTypeNode;
using tvm::TensorType;
using tvm::TensorTypeNode;
using tvm::TupleType;
using tvm::TupleTypeNode;
using tvm::Type;
using tvm::TypeNode;
using tvm::TypeRelationFn;
using tvm::TypeReporter;
using tvm::TypeReporterNode;
/*! \brief A shape dimension (an integer constant, a symbolic PrimExpr, or Any). */
using IndexExpr = PrimExpr;

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_TYPE_H_
