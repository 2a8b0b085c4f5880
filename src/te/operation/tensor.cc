/*!
 * \file tensor.cc
 * \brief Tensors, placeholder and compute operations, reductions.
 */
#include <tvm/runtime/registry.h>
#include <tvm/te/tensor.h>
#include <tvm/tir/stmt_functor.h>

#include <algorithm>
#include <unordered_set>

namespace tvm {
namespace te {

void TensorNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("shape", &shape);
  v->Visit("dtype", &dtype);
  v->Visit("op", &op);
  v->Visit("value_index", &value_index);
}

String TensorNode::GetNameHint() const {
  return op->num_outputs() == 1 ? op->name : String(op->name.str() + ".v" + std::to_string(value_index));
}

Tensor::Tensor(Array<PrimExpr> shape, DataType dtype, Operation op, int value_index) {
  auto n = make_object<TensorNode>();
  n->shape = std::move(shape);
  n->dtype = dtype;
  n->op = std::move(op);
  n->value_index = value_index;
  data_ = std::move(n);
}

PrimExpr Tensor::operator()(Array<PrimExpr> indices) const {
  if (indices.size() != ndim()) {
    TVM_THROW(ValueError) << "tensor " << (*this)->GetNameHint() << " has " << ndim()
                          << " dimensions but is indexed with " << indices.size() << " indices";
  }
  for (const PrimExpr& i : indices) {
    if (!i.defined() || !(i.dtype().is_int() || i.dtype().is_uint())) {
      TVM_THROW(TypeError) << "tensor " << (*this)->GetNameHint()
                           << ": indices must be integers, got "
                           << (i.defined() ? runtime::DLDataType2String(i.dtype()) : "None");
    }
  }
  return ProducerLoad(*this, indices);
}
TVM_REGISTER_NODE_TYPE(TensorNode);

Tensor Operation::output(size_t i) const {
  const OperationNode* n = get();
  if (i >= static_cast<size_t>(n->num_outputs())) {
    TVM_THROW(IndexError) << "operation " << n->name << " has " << n->num_outputs()
                          << " outputs, asked for output " << i;
  }
  return Tensor(n->output_shape(i), n->output_dtype(i), *this, static_cast<int>(i));
}

TVM_REGISTER_OBJECT_TYPE(OperationNode);

void PlaceholderOpNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("name", &name);
  v->Visit("tag", &tag);
  v->Visit("attrs", &attrs);
  v->Visit("shape", &shape);
  v->Visit("dtype", &dtype);
}

PlaceholderOp::PlaceholderOp(std::string name, Array<PrimExpr> shape, DataType dtype) {
  for (const PrimExpr& d : shape) {
    if (!d.defined() || !(d.dtype().is_int() || d.dtype().is_uint())) {
      TVM_THROW(TypeError) << "placeholder " << name << ": shape entries must be integers";
    }
    if (const auto* imm = d.as<IntImmNode>()) {
      if (imm->value < 0) {
        TVM_THROW(ValueError) << "placeholder " << name << ": negative dimension " << imm->value;
      }
    }
  }
  auto n = make_object<PlaceholderOpNode>();
  n->name = std::move(name);
  n->shape = std::move(shape);
  n->dtype = dtype;
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(PlaceholderOpNode);

Tensor placeholder(Array<PrimExpr> shape, DataType dtype, std::string name) {
  return PlaceholderOp(name, shape, dtype).output(0);
}

void ComputeOpNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("name", &name);
  v->Visit("tag", &tag);
  v->Visit("attrs", &attrs);
  v->VisitDef("axis", &axis);
  v->VisitDef("reduce_axis", &reduce_axis);
  v->Visit("body", &body);
}

Array<IterVar> ComputeOpNode::root_iter_vars() const {
  Array<IterVar> ret = axis;
  for (const IterVar& iv : reduce_axis) ret.push_back(iv);
  return ret;
}

Array<PrimExpr> ComputeOpNode::output_shape(size_t i) const {
  Array<PrimExpr> shape;
  for (const IterVar& iv : axis) shape.push_back(iv->dom->extent);
  return shape;
}

Array<Tensor> ComputeOpNode::InputTensors() const {
  Array<Tensor> inputs;
  std::unordered_set<const Object*> seen;
  for (const PrimExpr& e : body) {
    PostOrderVisit(e, [&](const ObjectRef& n) {
      if (const auto* load = n.as<ProducerLoadNode>()) {
        Tensor t = Downcast<Tensor>(load->producer);
        // Two reads of one tensor count once; compare the tensor by (op, index).
        bool dup = false;
        for (const Tensor& x : inputs) {
          dup = dup || (x->op.same_as(t->op) && x->value_index == t->value_index);
        }
        if (!dup) inputs.push_back(t);
      }
    });
  }
  return inputs;
}

ComputeOp::ComputeOp(std::string name, std::string tag, Map<String, ObjectRef> attrs,
                     Array<IterVar> axis, Array<PrimExpr> body) {
  if (body.empty()) TVM_THROW(ValueError) << "compute " << name << ": empty body";
  auto n = make_object<ComputeOpNode>();
  n->name = std::move(name);
  n->tag = std::move(tag);
  n->attrs = std::move(attrs);
  n->axis = std::move(axis);
  n->body = std::move(body);
  if (const auto* reduce = n->body[0].as<ReduceNode>()) {
    n->reduce_axis = reduce->axis;
    for (size_t i = 1; i < n->body.size(); ++i) {
      const auto* r = n->body[i].as<ReduceNode>();
      // The same source expressions (not necessarily the same array: te.comm_reducer builds
      // one Reduce per output).
      auto same_source = [&]() {
        return r->source.size() == reduce->source.size() &&
               std::equal(r->source.begin(), r->source.end(), reduce->source.begin(),
                          [](const PrimExpr& a, const PrimExpr& b) { return a.same_as(b); });
      };
      if (r == nullptr || !r->combiner.same_as(reduce->combiner) || !same_source()) {
        TVM_THROW(ValueError) << "compute " << n->name
                              << ": the outputs of a reduction must share one tir.Reduce";
      }
    }
  } else {
    for (const PrimExpr& b : n->body) {
      bool nested = false;
      PostOrderVisit(b, [&](const ObjectRef& x) { nested = nested || x.as<ReduceNode>(); });
      if (nested) {
        TVM_THROW(ValueError) << "compute " << n->name
                              << ": a reduction (te.sum, te.max, ...) must be the whole body, "
                                 "not part of an expression; compute it in its own stage";
      }
    }
  }
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(ComputeOpNode);

IterVar data_axis(Range dom, std::string name) {
  DataType t = dom->extent.dtype();
  return IterVar(dom, Var(name, t), kDataPar);
}

IterVar reduce_axis(Range dom, std::string name) {
  DataType t = dom->extent.dtype();
  return IterVar(dom, Var(name, t), kCommReduce);
}

Tensor compute(Array<PrimExpr> shape, FCompute fcompute, std::string name, std::string tag,
               Map<String, ObjectRef> attrs) {
  static const char* kNames[] = {"i", "j", "k", "l", "m", "n"};
  Array<IterVar> axis;
  Array<Var> args;
  for (size_t i = 0; i < shape.size(); ++i) {
    std::string vname = i < 6 ? kNames[i] : "ax" + std::to_string(i);
    IterVar iv = data_axis(Range::FromMinExtent(make_zero(shape[i].dtype()), shape[i]), vname);
    axis.push_back(iv);
    args.push_back(iv->var);
  }
  return ComputeOp(name, tag, attrs, axis, {fcompute(args)}).output(0);
}

namespace {
PrimExpr MakeReduce(const char* which, PrimExpr source, Array<IterVar> axis, Array<PrimExpr> init,
                    Span span) {
  if (axis.empty()) {
    TVM_THROW(ValueError) << "te." << which << ": needs at least one reduction axis";
  }
  DataType t = source.dtype();
  Var x("x", t), y("y", t);
  PrimExpr result, identity;
  std::string w = which;
  if (w == "sum") {
    result = Add(x, y);
    identity = make_zero(t);
  } else if (w == "prod") {
    result = Mul(x, y);
    identity = make_const(t, 1);
  } else if (w == "max") {
    result = Max(x, y);
    identity = min_value(t);
  } else {
    result = Min(x, y);
    identity = max_value(t);
  }
  CommReducer combiner({x}, {y}, {result}, {identity});
  return Reduce(combiner, {source}, axis, Bool(true), 0, init, span);
}
}  // namespace

PrimExpr sum(PrimExpr source, Array<IterVar> axis, Array<PrimExpr> init, Span span) {
  return MakeReduce("sum", source, axis, init, span);
}
PrimExpr max(PrimExpr source, Array<IterVar> axis, Array<PrimExpr> init, Span span) {
  return MakeReduce("max", source, axis, init, span);
}
PrimExpr min(PrimExpr source, Array<IterVar> axis, Array<PrimExpr> init, Span span) {
  return MakeReduce("min", source, axis, init, span);
}
PrimExpr prod(PrimExpr source, Array<IterVar> axis, Array<PrimExpr> init, Span span) {
  return MakeReduce("prod", source, axis, init, span);
}

TVM_REGISTER_GLOBAL("te.Placeholder").set_body_typed([](Array<PrimExpr> shape, DataType dtype,
                                                        std::string name) {
  return placeholder(shape, dtype, name);
});
TVM_REGISTER_GLOBAL("te.ComputeOp").set_body_typed([](std::string name, std::string tag,
                                                      Optional<Map<String, ObjectRef>> attrs,
                                                      Array<IterVar> axis, Array<PrimExpr> body) {
  return ComputeOp(name, tag, attrs.defined() ? attrs.value() : Map<String, ObjectRef>(), axis,
                   body);
});
TVM_REGISTER_GLOBAL("te.OpGetOutput").set_body_typed([](Operation op, int64_t i) {
  return op.output(static_cast<size_t>(i));
});
TVM_REGISTER_GLOBAL("te.OpNumOutputs").set_body_typed([](Operation op) {
  return op->num_outputs();
});
TVM_REGISTER_GLOBAL("te.OpInputTensors").set_body_typed([](Operation op) {
  return op->InputTensors();
});
TVM_REGISTER_GLOBAL("te.TensorLoad").set_body_typed([](Tensor t, Array<PrimExpr> indices) {
  return t(indices);
});
TVM_REGISTER_GLOBAL("te.TensorEqual").set_body_typed([](Tensor a, Tensor b) {
  return a.same_as(b) || (a->op.same_as(b->op) && a->value_index == b->value_index);
});
TVM_REGISTER_GLOBAL("te.TensorHash").set_body_typed([](Tensor t) {
  return static_cast<int64_t>(std::hash<const Object*>()(t->op.get()) ^ t->value_index);
});
TVM_REGISTER_GLOBAL("te.Reduce").set_body_typed([](String which, PrimExpr source,
                                                   Array<IterVar> axis, Array<PrimExpr> init) {
  return MakeReduce(which.c_str(), source, axis, init, Span());
});

}  // namespace te
}  // namespace tvm
