/*!
 * \file tvm/te/tensor_intrin.h
 * \brief TensorIntrin: a declared hardware instruction or micro-kernel that computes a small
 *  tensor operation. `tensorize` replaces a loop nest whose body matches the intrinsic's
 *  computation by the intrinsic's statement, with its buffers bound to the regions the loop
 *  nest reads and writes.
 */
#ifndef TVM_TE_TENSOR_INTRIN_H_
#define TVM_TE_TENSOR_INTRIN_H_

#include <tvm/te/tensor.h>

#include <string>

namespace tvm {
namespace te {

class TensorIntrinNode : public Object {
 public:
  String name;
  /*! \brief The computation the intrinsic performs (a ComputeOp over placeholders). */
  Operation op;
  /*! \brief The placeholders op reads, in the order of op->InputTensors(). */
  Array<Tensor> inputs;
  /*! \brief One buffer per input, then one per output of op; the statements use these. */
  Array<Buffer> buffers;
  /*! \brief The whole computation (for a reduction: initialisation included). */
  Stmt body;
  /*! \brief For reductions split across the tensorized loops: reset the output... */
  Optional<Stmt> reduce_init;
  /*! \brief ...and accumulate one step into it. */
  Optional<Stmt> reduce_update;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "TensorIntrin";
  TVM_DECLARE_FINAL_OBJECT_INFO(TensorIntrinNode, Object);
};

class TensorIntrin : public ObjectRef {
 public:
  /*! \brief Checks op is a compute over placeholders and buffers match its tensors. */
  TensorIntrin(std::string name, Operation op, Array<Tensor> inputs, Array<Buffer> buffers,
               Stmt body, Optional<Stmt> reduce_init, Optional<Stmt> reduce_update);
  TVM_DEFINE_OBJECT_REF_METHODS(TensorIntrin, ObjectRef, TensorIntrinNode);
};

}  // namespace te
}  // namespace tvm

#endif  // TVM_TE_TENSOR_INTRIN_H_
