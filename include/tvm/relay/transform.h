/*!
 * \file tvm/relay/transform.h
 * \brief Relay passes.
 */
#ifndef TVM_RELAY_TRANSFORM_H_
#define TVM_RELAY_TRANSFORM_H_

#include <tvm/ir/module.h>
#include <tvm/ir/transform.h>
#include <tvm/relay/expr.h>

namespace tvm {
namespace relay {
namespace transform {

using tvm::transform::Pass;

/*!
 * \brief Type inference: fills in checked_type_ of every expression of every Relay function
 *  of the module (in place: expressions are shared, types are a cache on them), solving the
 *  type relations of the ops called. An ill-typed program raises DiagnosticError naming the
 *  op, the argument and the types, with the function printed and the offending call marked.
 */
Pass InferType();

/*! \brief Infer the types of a standalone expression (its free variables must be annotated
 *  or inferable); returns its type. Calls of GlobalVars are resolved in `mod` if given. */
Type InferTypeLocal(const Expr& expr, IRModule mod = IRModule());

}  // namespace transform
}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_TRANSFORM_H_
