/*!
 * \file extern_op.cc
 * \brief ExternOp: an operation whose body is an opaque statement over bound buffers.
 */
#include <tvm/arith/analyzer.h>
#include <tvm/runtime/registry.h>
#include <tvm/te/tensor.h>

#include <sstream>

namespace tvm {
namespace te {

void ExternOpNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("name", &name);
  v->Visit("tag", &tag);
  v->Visit("attrs", &attrs);
  v->Visit("inputs", &inputs);
  v->Visit("input_placeholders", &input_placeholders);
  v->Visit("output_placeholders", &output_placeholders);
  v->Visit("body", &body);
}

namespace {
/*! \brief Shapes agree when each pair of dimensions is provably equal. */
bool SameShape(const Array<PrimExpr>& a, const Array<PrimExpr>& b) {
  if (a.size() != b.size()) return false;
  arith::Analyzer analyzer;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!analyzer.CanProveEqual(a[i], b[i])) return false;
  }
  return true;
}

std::string ShapeStr(const Array<PrimExpr>& shape) {
  std::ostringstream os;
  os << "(";
  for (size_t i = 0; i < shape.size(); ++i) os << (i ? ", " : "") << shape[i];
  os << ")";
  return os.str();
}
}  // namespace

ExternOp::ExternOp(std::string name, std::string tag, Map<String, ObjectRef> attrs,
                   Array<Tensor> inputs, Array<Buffer> input_placeholders,
                   Array<Buffer> output_placeholders, Stmt body) {
  if (inputs.size() != input_placeholders.size()) {
    TVM_THROW(ValueError) << "extern " << name << ": " << inputs.size() << " inputs but "
                          << input_placeholders.size() << " input buffers";
  }
  if (output_placeholders.empty()) {
    TVM_THROW(ValueError) << "extern " << name << ": needs at least one output buffer";
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Tensor& t = inputs[i];
    const Buffer& b = input_placeholders[i];
    if (t->dtype != b->dtype || !SameShape(t->shape, b->shape)) {
      TVM_THROW(ValueError) << "extern " << name << ": input " << i << " ("
                            << t->GetNameHint() << ") is " << runtime::DLDataType2String(t->dtype)
                            << ShapeStr(t->shape) << " but its buffer " << b->name << " is "
                            << runtime::DLDataType2String(b->dtype) << ShapeStr(b->shape);
    }
  }
  if (!body.defined()) TVM_THROW(ValueError) << "extern " << name << ": the body is undefined";
  auto n = make_object<ExternOpNode>();
  n->name = std::move(name);
  n->tag = std::move(tag);
  n->attrs = std::move(attrs);
  n->inputs = std::move(inputs);
  n->input_placeholders = std::move(input_placeholders);
  n->output_placeholders = std::move(output_placeholders);
  n->body = std::move(body);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(ExternOpNode);

TVM_REGISTER_GLOBAL("te.ExternOp")
    .set_body_typed([](std::string name, std::string tag, Optional<Map<String, ObjectRef>> attrs,
                       Array<Tensor> inputs, Array<Buffer> input_placeholders,
                       Array<Buffer> output_placeholders, Stmt body) {
      return ExternOp(name, tag, attrs.defined() ? attrs.value() : Map<String, ObjectRef>(),
                      inputs, input_placeholders, output_placeholders, body);
    });

}  // namespace te
}  // namespace tvm
