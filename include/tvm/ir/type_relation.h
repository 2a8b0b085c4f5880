/*!
 * \file tvm/ir/type_relation.h
 * \brief Type relations: how an operator's output type follows from its input types.
 *
 * A relation is a function of the types of a call's inputs and output (`types`, the output
 * last), the call's attributes and a TypeReporter. It returns false while an input type is
 * not known yet (type inference calls it again later) and true once it has constrained every
 * type it relates, which it does through the reporter:
 *
 *   bool IdentityRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
 *                    const TypeReporter& reporter) {
 *     if (!types[0].as<TensorTypeNode>()) return false;
 *     reporter->Assign(types[1], types[0]);
 *     return true;
 *   }
 *
 * A relation that finds the inputs ill-typed throws an Error (TypeError) whose message names
 * the argument (reporter->ArgName(i)) and the types involved; type inference adds the op and
 * the program around the call.
 */
#ifndef TVM_IR_TYPE_RELATION_H_
#define TVM_IR_TYPE_RELATION_H_

#include <tvm/ir/attrs.h>
#include <tvm/ir/tensor_type.h>
#include <tvm/ir/type.h>
#include <tvm/runtime/packed_func.h>

#include <string>

namespace tvm {

/*! \brief The channel through which a relation constrains types (implemented by the solver). */
class TypeReporterNode : public Object {
 public:
  /*!
   * \brief Require `dst` and `src` to be the same type, filling the unknown parts of either.
   *  A conflict is a TypeError naming the argument `dst` is the type of.
   */
  virtual void Assign(const Type& dst, const Type& src) = 0;
  /*! \brief "argument 1 (rhs)": how messages name input `index` of the call being checked. */
  virtual std::string ArgName(int index) const = 0;
  static constexpr const char* _type_key = "TypeReporter";
  TVM_DECLARE_BASE_OBJECT_INFO(TypeReporterNode, Object);
};

class TypeReporter : public ObjectRef {
 public:
  TVM_DEFINE_MUTABLE_OBJECT_REF_METHODS(TypeReporter, ObjectRef, TypeReporterNode);
};

using TypeRelationFn = runtime::TypedPackedFunc<bool(
    const Array<Type>& types, int num_inputs, const Attrs& attrs, const TypeReporter& reporter)>;

}  // namespace tvm

#endif  // TVM_IR_TYPE_RELATION_H_
