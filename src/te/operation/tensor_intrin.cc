/*!
 * \file tensor_intrin.cc
 * \brief TensorIntrin: declaration checks and registration.
 */
#include <tvm/runtime/registry.h>
#include <tvm/te/tensor_intrin.h>

namespace tvm {
namespace te {

void TensorIntrinNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("name", &name);
  v->Visit("op", &op);
  v->Visit("inputs", &inputs);
  v->Visit("buffers", &buffers);
  v->Visit("body", &body);
  v->Visit("reduce_init", &reduce_init);
  v->Visit("reduce_update", &reduce_update);
}

TensorIntrin::TensorIntrin(std::string name, Operation op, Array<Tensor> inputs,
                           Array<Buffer> buffers, Stmt body, Optional<Stmt> reduce_init,
                           Optional<Stmt> reduce_update) {
  const auto* compute = op.as<ComputeOpNode>();
  if (compute == nullptr) {
    TVM_THROW(ValueError) << "decl_tensor_intrin " << name
                          << ": the intrinsic's computation must be a te.compute";
  }
  Array<Tensor> reads = op->InputTensors();
  if (reads.size() != inputs.size()) {
    TVM_THROW(ValueError) << "decl_tensor_intrin " << name << ": the computation reads "
                          << reads.size() << " tensors but " << inputs.size() << " are declared";
  }
  for (const Tensor& t : inputs) {
    if (!t->op.as<PlaceholderOpNode>()) {
      TVM_THROW(ValueError) << "decl_tensor_intrin " << name << ": input " << t->GetNameHint()
                            << " must be a te.placeholder (intrinsics do not compose)";
    }
  }
  size_t expected = inputs.size() + static_cast<size_t>(op->num_outputs());
  if (buffers.size() != expected) {
    TVM_THROW(ValueError) << "decl_tensor_intrin " << name << ": " << expected
                          << " buffers expected (inputs, then outputs), got " << buffers.size();
  }
  for (size_t i = 0; i < buffers.size(); ++i) {
    Tensor t = i < inputs.size() ? inputs[i] : op.output(i - inputs.size());
    if (buffers[i]->dtype != t->dtype || buffers[i]->shape.size() != t->shape.size()) {
      TVM_THROW(ValueError) << "decl_tensor_intrin " << name << ": buffer " << buffers[i]->name
                            << " does not match tensor " << t->GetNameHint() << " (dtype "
                            << runtime::DLDataType2String(t->dtype) << ", " << t->shape.size()
                            << " dimensions)";
    }
  }
  if (!body.defined()) {
    TVM_THROW(ValueError) << "decl_tensor_intrin " << name << ": the body statement is undefined";
  }
  auto n = make_object<TensorIntrinNode>();
  n->name = std::move(name);
  n->op = std::move(op);
  n->inputs = std::move(inputs);
  n->buffers = std::move(buffers);
  n->body = std::move(body);
  n->reduce_init = std::move(reduce_init);
  n->reduce_update = std::move(reduce_update);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(TensorIntrinNode);

TVM_REGISTER_GLOBAL("te.TensorIntrin")
    .set_body_typed([](std::string name, Operation op, Array<Tensor> inputs, Array<Buffer> buffers,
                       Stmt body, Optional<Stmt> reduce_init, Optional<Stmt> reduce_update) {
      return TensorIntrin(name, op, inputs, buffers, body, reduce_init, reduce_update);
    });

}  // namespace te
}  // namespace tvm
