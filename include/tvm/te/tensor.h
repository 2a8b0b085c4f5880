/*!
 * \file tvm/te/tensor.h
 * \brief Tensor and Operation: the declarative half of tensor expressions. An Operation
 *  (placeholder, compute, extern) produces one or more Tensors; a Tensor indexed with
 *  expressions, A(i, j), is a read of it inside another operation's body.
 */
#ifndef TVM_TE_TENSOR_H_
#define TVM_TE_TENSOR_H_

#include <tvm/tir/buffer.h>
#include <tvm/tir/expr.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt.h>

#include <string>
#include <vector>

namespace tvm {
namespace te {

using namespace tvm::tir;  // NOLINT(*)

class Tensor;
class OperationNode;

/*! \brief Reference to an operation. */
class Operation : public ObjectRef {
 public:
  /*! \brief The i-th output tensor. */
  Tensor output(size_t i) const;
  Operation() = default;
  explicit Operation(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  inline const OperationNode* operator->() const;
  inline const OperationNode* get() const;
  using ContainerType = OperationNode;
};

class TensorNode : public DataProducerNode {
 public:
  Array<PrimExpr> shape;
  DataType dtype;
  /*! \brief The operation producing this tensor. */
  Operation op;
  /*! \brief Which output of op this is. */
  int value_index{0};

  void VisitAttrs(AttrVisitor* v);
  Array<PrimExpr> GetShape() const final { return shape; }
  DataType GetDataType() const final { return dtype; }
  String GetNameHint() const final;
  std::pair<const Object*, int> DataIdentity() const final {
    return {static_cast<const ObjectRef&>(op).get(), value_index};
  }
  static constexpr const char* _type_key = "Tensor";
  TVM_DECLARE_FINAL_OBJECT_INFO(TensorNode, DataProducerNode);
};

class Tensor : public DataProducer {
 public:
  Tensor(Array<PrimExpr> shape, DataType dtype, Operation op, int value_index);
  size_t ndim() const { return (*this)->shape.size(); }
  /*! \brief A read of this tensor at `indices` (checked against ndim). */
  PrimExpr operator()(Array<PrimExpr> indices) const;
  template <typename... Args>
  PrimExpr operator()(Args&&... args) const {
    return operator()(Array<PrimExpr>{PrimExpr(std::forward<Args>(args))...});
  }
  TVM_DEFINE_OBJECT_REF_METHODS(Tensor, DataProducer, TensorNode);
};

/*! \brief Base of operations. */
class OperationNode : public Object {
 public:
  String name;
  String tag;
  Map<String, ObjectRef> attrs;

  virtual int num_outputs() const = 0;
  /*! \brief The loop axes of the operation (data-parallel, then reduction). */
  virtual Array<IterVar> root_iter_vars() const = 0;
  virtual DataType output_dtype(size_t i) const = 0;
  virtual Array<PrimExpr> output_shape(size_t i) const = 0;
  /*! \brief The tensors this operation reads. */
  virtual Array<Tensor> InputTensors() const = 0;
  static constexpr const char* _type_key = "Operation";
  TVM_DECLARE_BASE_OBJECT_INFO(OperationNode, Object);
};

inline const OperationNode* Operation::get() const {
  return static_cast<const OperationNode*>(ObjectRef::get());
}
inline const OperationNode* Operation::operator->() const { return get(); }

/*! \brief An input tensor: data comes from outside. */
class PlaceholderOpNode : public OperationNode {
 public:
  Array<PrimExpr> shape;
  DataType dtype;
  void VisitAttrs(AttrVisitor* v);
  int num_outputs() const final { return 1; }
  Array<IterVar> root_iter_vars() const final { return {}; }
  DataType output_dtype(size_t i) const final { return dtype; }
  Array<PrimExpr> output_shape(size_t i) const final { return shape; }
  Array<Tensor> InputTensors() const final { return {}; }
  static constexpr const char* _type_key = "PlaceholderOp";
  TVM_DECLARE_FINAL_OBJECT_INFO(PlaceholderOpNode, OperationNode);
};

class PlaceholderOp : public Operation {
 public:
  PlaceholderOp(std::string name, Array<PrimExpr> shape, DataType dtype);
  TVM_DEFINE_OBJECT_REF_METHODS(PlaceholderOp, Operation, PlaceholderOpNode);
};

/*! \brief out[axis] = body over axis (and reduction over reduce_axis inside body). */
class ComputeOpNode : public OperationNode {
 public:
  Array<IterVar> axis;
  Array<IterVar> reduce_axis;
  /*! \brief One expression per output; for reductions, tir.Reduce nodes sharing a combiner. */
  Array<PrimExpr> body;
  void VisitAttrs(AttrVisitor* v);
  int num_outputs() const final { return static_cast<int>(body.size()); }
  Array<IterVar> root_iter_vars() const final;
  DataType output_dtype(size_t i) const final { return body[i].dtype(); }
  Array<PrimExpr> output_shape(size_t i) const final;
  Array<Tensor> InputTensors() const final;
  static constexpr const char* _type_key = "ComputeOp";
  TVM_DECLARE_FINAL_OBJECT_INFO(ComputeOpNode, OperationNode);
};

class ComputeOp : public Operation {
 public:
  ComputeOp(std::string name, std::string tag, Map<String, ObjectRef> attrs, Array<IterVar> axis,
            Array<PrimExpr> body);
  TVM_DEFINE_OBJECT_REF_METHODS(ComputeOp, Operation, ComputeOpNode);
};

/*!
 * \brief An operation computed by an opaque statement, typically a call of a packed function
 *  or an external library (te.extern). The body reads `input_placeholders` and writes
 *  `output_placeholders`: buffers that lowering binds to the storage of `inputs` and of this
 *  operation's outputs. It has no loop axes, so schedules cannot split or move it.
 */
class ExternOpNode : public OperationNode {
 public:
  Array<Tensor> inputs;
  Array<Buffer> input_placeholders;
  Array<Buffer> output_placeholders;
  Stmt body;
  void VisitAttrs(AttrVisitor* v);
  int num_outputs() const final { return static_cast<int>(output_placeholders.size()); }
  Array<IterVar> root_iter_vars() const final { return {}; }
  DataType output_dtype(size_t i) const final { return output_placeholders[i]->dtype; }
  Array<PrimExpr> output_shape(size_t i) const final { return output_placeholders[i]->shape; }
  Array<Tensor> InputTensors() const final { return inputs; }
  static constexpr const char* _type_key = "ExternOp";
  TVM_DECLARE_FINAL_OBJECT_INFO(ExternOpNode, OperationNode);
};

class ExternOp : public Operation {
 public:
  /*! \brief Checks that every input has a placeholder of its shape and dtype. */
  ExternOp(std::string name, std::string tag, Map<String, ObjectRef> attrs, Array<Tensor> inputs,
           Array<Buffer> input_placeholders, Array<Buffer> output_placeholders, Stmt body);
  TVM_DEFINE_OBJECT_REF_METHODS(ExternOp, Operation, ExternOpNode);
};

/*! \brief A placeholder tensor. */
Tensor placeholder(Array<PrimExpr> shape, DataType dtype = DataType::Float(32),
                   std::string name = "placeholder");

/*! \brief The compute function: index variables to the value at that index. */
using FCompute = std::function<PrimExpr(const Array<Var>& i)>;
Tensor compute(Array<PrimExpr> shape, FCompute fcompute, std::string name = "T_compute",
               std::string tag = "", Map<String, ObjectRef> attrs = {});

/*! \brief A reduction axis over dom. */
IterVar reduce_axis(Range dom, std::string name = "rv");
/*! \brief A data-parallel axis over dom (used by compute). */
IterVar data_axis(Range dom, std::string name);

/*! \brief Reductions over `axis`: te.sum / te.max / te.min. */
PrimExpr sum(PrimExpr source, Array<IterVar> axis, Array<PrimExpr> init = {}, Span span = Span());
PrimExpr max(PrimExpr source, Array<IterVar> axis, Array<PrimExpr> init = {}, Span span = Span());
PrimExpr min(PrimExpr source, Array<IterVar> axis, Array<PrimExpr> init = {}, Span span = Span());
PrimExpr prod(PrimExpr source, Array<IterVar> axis, Array<PrimExpr> init = {}, Span span = Span());

}  // namespace te
}  // namespace tvm

#endif  // TVM_TE_TENSOR_H_
