/*!
 * \file type_relations.h
 * \brief Type relations shared by many ops (identity, broadcast, reductions) and the helpers
 *  relations use: reading an input as a tensor, constant dimensions, axis normalization.
 *  A relation's errors are TypeErrors naming the argument; inference adds the op and the
 *  program (see tvm/ir/type_relation.h).
 */
#ifndef TVM_RELAY_OP_TYPE_RELATIONS_H_
#define TVM_RELAY_OP_TYPE_RELATIONS_H_

#include <tvm/relay/expr.h>
#include <tvm/relay/printer.h>
#include <tvm/relay/type.h>

#include <optional>
#include <string>
#include <vector>

namespace tvm {
namespace relay {

/*! \brief types[i] as a tensor type; null while unknown; TypeError when it is not a tensor. */
const TensorTypeNode* TensorArg(const Array<Type>& types, int i, const TypeReporter& reporter);

/*! \brief The value of a constant dimension, or nullopt (symbolic or Any). */
std::optional<int64_t> ConstDim(const PrimExpr& d);
bool IsAny(const PrimExpr& d);
/*! \brief A dimension as text: 3, ? (Any), or the symbolic expression. */
std::string DimString(const PrimExpr& d);
/*! \brief A dimension of value v (int32 when it fits). */
PrimExpr Dim(int64_t v);

/*! \brief `axis` in [0, ndim) (negative counts from the end); TypeError when out of range. */
int NormalizeAxis(int64_t axis, int ndim, const std::string& what);

/*! \brief out = types[0]. */
bool IdentityRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                 const TypeReporter& reporter);
/*! \brief out = broadcast(lhs, rhs), same dtype. */
bool BroadcastRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                  const TypeReporter& reporter);
/*! \brief As BroadcastRel, but the result is bool (comparisons, logical ops). */
bool BroadcastCompRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                      const TypeReporter& reporter);

/*! \brief The broadcast of two shapes (numpy rules; Any agrees with anything). */
Array<PrimExpr> BroadcastShape(const TensorTypeNode* a, const TensorTypeNode* b,
                               const TypeReporter& reporter);

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_OP_TYPE_RELATIONS_H_
