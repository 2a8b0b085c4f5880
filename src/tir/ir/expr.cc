/*!
 * \file expr.cc
 * \brief TIR expression constructors (with operand checks), fields and Python constructors.
 */
#include <tvm/runtime/registry.h>
#include <tvm/tir/buffer.h>
#include <tvm/tir/expr.h>
#include <tvm/tir/op.h>
#include <tvm/tir/var.h>

namespace tvm {
namespace tir {

namespace {
[[noreturn]] void Misuse(const char* node, const std::string& what) {
  TVM_THROW(TypeError) << node << ": " << what;
}

void CheckDefined(const char* node, const ObjectRef& v, const char* name) {
  if (!v.defined()) Misuse(node, std::string(name) + " is undefined (None)");
}

void CheckSameType(const char* node, const PrimExpr& a, const PrimExpr& b) {
  CheckDefined(node, a, "operand a");
  CheckDefined(node, b, "operand b");
  if (a.dtype() != b.dtype()) {
    std::ostringstream os;
    os << "operands have different types, " << a.dtype() << " and " << b.dtype()
       << " (use the arithmetic operators, which insert casts, or cast explicitly)";
    Misuse(node, os.str());
  }
}

void CheckBool(const char* node, const PrimExpr& v, const char* name) {
  CheckDefined(node, v, name);
  if (!v.dtype().is_bool()) {
    std::ostringstream os;
    os << name << " must be bool, got " << v.dtype();
    Misuse(node, os.str());
  }
}
}  // namespace

// ---- variables -------------------------------------------------------------------------------
void VarNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("name_hint", &name_hint);
  v->Visit("dtype", &dtype);
  v->Visit("type_annotation", &type_annotation);
  v->Visit("span", &span);
}

Var::Var(String name_hint, DataType dtype, Span span) {
  auto n = make_object<VarNode>();
  n->name_hint = std::move(name_hint);
  n->dtype = dtype;
  n->type_annotation = PrimType(dtype);
  n->span = std::move(span);
  data_ = std::move(n);
}

Var::Var(String name_hint, Type type_annotation, Span span) {
  auto n = make_object<VarNode>();
  n->name_hint = std::move(name_hint);
  if (const auto* prim = type_annotation.as<PrimTypeNode>()) {
    n->dtype = prim->dtype;
  } else if (type_annotation.as<PointerTypeNode>()) {
    n->dtype = DataType::Handle();
  } else {
    TVM_THROW(TypeError) << "Var " << n->name_hint << ": a type annotation must be a PrimType "
                         << "or a PointerType";
  }
  n->type_annotation = std::move(type_annotation);
  n->span = std::move(span);
  data_ = std::move(n);
}

SizeVar::SizeVar(String name_hint, DataType dtype, Span span) {
  auto n = make_object<SizeVarNode>();
  n->name_hint = std::move(name_hint);
  n->dtype = dtype;
  n->type_annotation = PrimType(dtype);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(VarNode);
TVM_REGISTER_NODE_TYPE(SizeVarNode);

const char* IterVarType2String(IterVarType t) {
  switch (t) {
    case kDataPar:
      return "DataPar";
    case kThreadIndex:
      return "ThreadIndex";
    case kCommReduce:
      return "CommReduce";
    case kOrdered:
      return "Ordered";
    case kOpaque:
      return "Opaque";
    case kUnrolled:
      return "Unrolled";
    case kVectorized:
      return "Vectorized";
    case kParallelized:
      return "Parallelized";
    case kTensorized:
      return "Tensorized";
  }
  return "Unknown";
}

void IterVarNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dom", &dom);
  v->VisitDef("var", &var);
  v->Visit("iter_type", &iter_type);
  v->Visit("thread_tag", &thread_tag);
  v->Visit("span", &span);
}

IterVar::IterVar(Range dom, Var var, IterVarType iter_type, String thread_tag, Span span) {
  CheckDefined("tir.IterVar", var, "var");
  if (dom.defined() && dom->extent.defined() && dom->extent.dtype() != var.dtype()) {
    // Keep the domain in the variable's type so loops built from it agree.
    dom = Range::FromMinExtent(cast(var.dtype(), dom->min), cast(var.dtype(), dom->extent));
  }
  auto n = make_object<IterVarNode>();
  n->dom = std::move(dom);
  n->var = std::move(var);
  n->iter_type = iter_type;
  n->thread_tag = std::move(thread_tag);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(IterVarNode);

// ---- constants and simple nodes --------------------------------------------------------------
void StringImmNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("value", &value);
  v->Visit("span", &span);
}
StringImm::StringImm(String value, Span span) {
  auto n = make_object<StringImmNode>();
  n->dtype = DataType::Handle();
  n->value = std::move(value);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(StringImmNode);

void CastNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("value", &value);
  v->Visit("span", &span);
}
Cast::Cast(DataType dtype, PrimExpr value, Span span) {
  CheckDefined("tir.Cast", value, "value");
  if (dtype.lanes() != value.dtype().lanes()) {
    std::ostringstream os;
    os << "cannot cast " << value.dtype() << " to " << dtype << ": lane counts differ";
    Misuse("tir.Cast", os.str());
  }
  auto n = make_object<CastNode>();
  n->dtype = dtype;
  n->value = std::move(value);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(CastNode);

void BinaryOpNodeBase::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("a", &a);
  v->Visit("b", &b);
  v->Visit("span", &span);
}

#define TVM_TIR_BINARY_CTOR(Name, ResultType, Check)         \
  Name::Name(PrimExpr a, PrimExpr b, Span span) {            \
    CheckSameType(Name##Node::_type_key, a, b);              \
    Check;                                                   \
    auto n = make_object<Name##Node>();                      \
    n->dtype = ResultType;                                   \
    n->a = std::move(a);                                     \
    n->b = std::move(b);                                     \
    n->span = std::move(span);                               \
    data_ = std::move(n);                                    \
  }                                                          \
  TVM_REGISTER_NODE_TYPE(Name##Node);

TVM_TIR_BINARY_CTOR(Add, a.dtype(), )
TVM_TIR_BINARY_CTOR(Sub, a.dtype(), )
TVM_TIR_BINARY_CTOR(Mul, a.dtype(), )
TVM_TIR_BINARY_CTOR(Div, a.dtype(), )
TVM_TIR_BINARY_CTOR(Mod, a.dtype(), )
TVM_TIR_BINARY_CTOR(FloorDiv, a.dtype(), )
TVM_TIR_BINARY_CTOR(FloorMod, a.dtype(), )
TVM_TIR_BINARY_CTOR(Min, a.dtype(), )
TVM_TIR_BINARY_CTOR(Max, a.dtype(), )
TVM_TIR_BINARY_CTOR(EQ, DataType::Bool(a.dtype().lanes()), )
TVM_TIR_BINARY_CTOR(NE, DataType::Bool(a.dtype().lanes()), )
TVM_TIR_BINARY_CTOR(LT, DataType::Bool(a.dtype().lanes()), )
TVM_TIR_BINARY_CTOR(LE, DataType::Bool(a.dtype().lanes()), )
TVM_TIR_BINARY_CTOR(GT, DataType::Bool(a.dtype().lanes()), )
TVM_TIR_BINARY_CTOR(GE, DataType::Bool(a.dtype().lanes()), )
TVM_TIR_BINARY_CTOR(And, a.dtype(), CheckBool("tir.And", a, "a"))
TVM_TIR_BINARY_CTOR(Or, a.dtype(), CheckBool("tir.Or", a, "a"))
#undef TVM_TIR_BINARY_CTOR

void NotNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("a", &a);
  v->Visit("span", &span);
}
Not::Not(PrimExpr a, Span span) {
  CheckBool("tir.Not", a, "a");
  auto n = make_object<NotNode>();
  n->dtype = a.dtype();
  n->a = std::move(a);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(NotNode);

void SelectNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("condition", &condition);
  v->Visit("true_value", &true_value);
  v->Visit("false_value", &false_value);
  v->Visit("span", &span);
}
Select::Select(PrimExpr condition, PrimExpr true_value, PrimExpr false_value, Span span) {
  CheckBool("tir.Select", condition, "condition");
  CheckSameType("tir.Select", true_value, false_value);
  if (condition.dtype().lanes() != 1 && condition.dtype().lanes() != true_value.dtype().lanes()) {
    Misuse("tir.Select", "a vector condition needs as many lanes as the values");
  }
  auto n = make_object<SelectNode>();
  n->dtype = true_value.dtype();
  n->condition = std::move(condition);
  n->true_value = std::move(true_value);
  n->false_value = std::move(false_value);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(SelectNode);

// ---- memory ----------------------------------------------------------------------------------
void BufferLoadNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("buffer", &buffer);
  v->Visit("indices", &indices);
  v->Visit("span", &span);
}
BufferLoad::BufferLoad(Buffer buffer, Array<PrimExpr> indices, Span span) {
  CheckDefined("tir.BufferLoad", buffer, "buffer");
  if (indices.size() != buffer->shape.size()) {
    std::ostringstream os;
    os << "buffer " << buffer->name << " has " << buffer->shape.size()
       << " dimensions but is indexed with " << indices.size() << " indices";
    Misuse("tir.BufferLoad", os.str());
  }
  int lanes = 1;
  for (const PrimExpr& i : indices) {
    CheckDefined("tir.BufferLoad", i, "an index");
    lanes = std::max(lanes, i.dtype().lanes());
  }
  auto n = make_object<BufferLoadNode>();
  n->dtype = buffer->dtype.with_lanes(buffer->dtype.lanes() * lanes);
  n->buffer = std::move(buffer);
  n->indices = std::move(indices);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(BufferLoadNode);

TVM_REGISTER_OBJECT_TYPE(DataProducerNode);

void ProducerLoadNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("producer", &producer);
  v->Visit("indices", &indices);
  v->Visit("span", &span);
}
ProducerLoad::ProducerLoad(DataProducer producer, Array<PrimExpr> indices, Span span) {
  CheckDefined("tir.ProducerLoad", producer, "producer");
  if (indices.size() != producer->GetShape().size()) {
    std::ostringstream os;
    os << "tensor " << producer->GetNameHint() << " has " << producer->GetShape().size()
       << " dimensions but is indexed with " << indices.size() << " indices";
    TVM_THROW(ValueError) << os.str();
  }
  auto n = make_object<ProducerLoadNode>();
  n->dtype = producer->GetDataType();
  n->producer = std::move(producer);
  n->indices = std::move(indices);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(ProducerLoadNode);

// ---- vectors ---------------------------------------------------------------------------------
void RampNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("base", &base);
  v->Visit("stride", &stride);
  v->Visit("lanes", &lanes);
  v->Visit("span", &span);
}
Ramp::Ramp(PrimExpr base, PrimExpr stride, int lanes, Span span) {
  CheckSameType("tir.Ramp", base, stride);
  if (!base.dtype().is_scalar()) Misuse("tir.Ramp", "base must be a scalar");
  if (lanes <= 1) Misuse("tir.Ramp", "needs more than one lane, got " + std::to_string(lanes));
  auto n = make_object<RampNode>();
  n->dtype = base.dtype().with_lanes(lanes);
  n->base = std::move(base);
  n->stride = std::move(stride);
  n->lanes = lanes;
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(RampNode);

void BroadcastNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("value", &value);
  v->Visit("lanes", &lanes);
  v->Visit("span", &span);
}
Broadcast::Broadcast(PrimExpr value, int lanes, Span span) {
  CheckDefined("tir.Broadcast", value, "value");
  if (!value.dtype().is_scalar()) Misuse("tir.Broadcast", "value must be a scalar");
  if (lanes <= 1) {
    Misuse("tir.Broadcast", "needs more than one lane, got " + std::to_string(lanes));
  }
  auto n = make_object<BroadcastNode>();
  n->dtype = value.dtype().with_lanes(lanes);
  n->value = std::move(value);
  n->lanes = lanes;
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(BroadcastNode);

void ShuffleNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("vectors", &vectors);
  v->Visit("indices", &indices);
  v->Visit("span", &span);
}
Shuffle::Shuffle(Array<PrimExpr> vectors, Array<PrimExpr> indices, Span span) {
  if (vectors.empty()) Misuse("tir.Shuffle", "needs at least one vector");
  int total = 0;
  for (const PrimExpr& v : vectors) {
    CheckDefined("tir.Shuffle", v, "a vector");
    if (v.dtype().element_of() != vectors[0].dtype().element_of()) {
      Misuse("tir.Shuffle", "vectors must share one element type");
    }
    total += v.dtype().lanes();
  }
  for (const PrimExpr& i : indices) {
    const auto* imm = i.as<IntImmNode>();
    if (imm == nullptr || imm->value < 0 || imm->value >= total) {
      Misuse("tir.Shuffle", "indices must be constants within the concatenated lanes");
    }
  }
  auto n = make_object<ShuffleNode>();
  n->dtype = vectors[0].dtype().with_lanes(static_cast<int>(indices.size()));
  n->vectors = std::move(vectors);
  n->indices = std::move(indices);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(ShuffleNode);

// ---- binding and calls -----------------------------------------------------------------------
void LetNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->VisitDef("var", &var);
  v->Visit("value", &value);
  v->Visit("body", &body);
  v->Visit("span", &span);
}
Let::Let(Var var, PrimExpr value, PrimExpr body, Span span) {
  CheckDefined("tir.Let", var, "var");
  CheckDefined("tir.Let", value, "value");
  CheckDefined("tir.Let", body, "body");
  if (var.dtype() != value.dtype()) {
    std::ostringstream os;
    os << "variable " << var->name_hint << " has type " << var.dtype() << " but the value has "
       << value.dtype();
    Misuse("tir.Let", os.str());
  }
  auto n = make_object<LetNode>();
  n->dtype = body.dtype();
  n->var = std::move(var);
  n->value = std::move(value);
  n->body = std::move(body);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(LetNode);

void CallNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("op", &op);
  v->Visit("args", &args);
  v->Visit("span", &span);
}
Call::Call(DataType dtype, RelayExpr op, Array<PrimExpr> args, Span span) {
  CheckDefined("tir.Call", op, "op");
  if (!op.as<OpNode>() && !op.as<GlobalVarNode>()) {
    Misuse("tir.Call", "op must be an Op or a GlobalVar, got " + op->GetTypeKey());
  }
  for (const PrimExpr& a : args) CheckDefined("tir.Call", a, "an argument");
  auto n = make_object<CallNode>();
  n->dtype = dtype;
  n->op = std::move(op);
  n->args = std::move(args);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(CallNode);

// ---- reductions ------------------------------------------------------------------------------
void CommReducerNode::VisitAttrs(AttrVisitor* v) {
  v->VisitDef("lhs", &lhs);
  v->VisitDef("rhs", &rhs);
  v->Visit("result", &result);
  v->Visit("identity_element", &identity_element);
  v->Visit("span", &span);
}
CommReducer::CommReducer(Array<Var> lhs, Array<Var> rhs, Array<PrimExpr> result,
                         Array<PrimExpr> identity_element, Span span) {
  if (lhs.size() != rhs.size() || lhs.size() != result.size() ||
      lhs.size() != identity_element.size() || lhs.empty()) {
    TVM_THROW(ValueError) << "tir.CommReducer: lhs, rhs, result and identity_element must be "
                             "non-empty and of one length";
  }
  for (size_t i = 0; i < lhs.size(); ++i) {
    if (result[i].dtype() != identity_element[i].dtype()) {
      std::ostringstream os;
      os << "result " << i << " has type " << result[i].dtype() << " but its identity has "
         << identity_element[i].dtype();
      TVM_THROW(TypeError) << "tir.CommReducer: " << os.str();
    }
  }
  auto n = make_object<CommReducerNode>();
  n->lhs = std::move(lhs);
  n->rhs = std::move(rhs);
  n->result = std::move(result);
  n->identity_element = std::move(identity_element);
  n->span = std::move(span);
  data_ = std::move(n);
}

TVM_REGISTER_NODE_TYPE(CommReducerNode);

void ReduceNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("combiner", &combiner);
  v->Visit("source", &source);
  v->Visit("init", &init);
  v->VisitDef("axis", &axis);
  v->Visit("condition", &condition);
  v->Visit("value_index", &value_index);
  v->Visit("span", &span);
}
Reduce::Reduce(CommReducer combiner, Array<PrimExpr> source, Array<IterVar> axis,
               PrimExpr condition, int value_index, Array<PrimExpr> init, Span span) {
  CheckDefined("tir.Reduce", combiner, "combiner");
  if (source.size() != combiner->result.size()) {
    TVM_THROW(ValueError) << "tir.Reduce: " << source.size() << " sources for a combiner of "
                          << combiner->result.size() << " values";
  }
  if (value_index < 0 || value_index >= static_cast<int>(source.size())) {
    TVM_THROW(ValueError) << "tir.Reduce: value_index " << value_index << " out of range";
  }
  for (const IterVar& iv : axis) {
    if (iv->iter_type != kCommReduce) {
      TVM_THROW(ValueError) << "tir.Reduce: axis " << iv->var->name_hint
                            << " is not a reduction axis (use te.reduce_axis)";
    }
  }
  if (!init.empty() && init.size() != source.size()) {
    TVM_THROW(ValueError) << "tir.Reduce: init must have one value per source";
  }
  if (!condition.defined()) condition = Bool(true);
  auto n = make_object<ReduceNode>();
  n->dtype = source[value_index].dtype();
  n->combiner = std::move(combiner);
  n->source = std::move(source);
  n->init = std::move(init);
  n->axis = std::move(axis);
  n->condition = std::move(condition);
  n->value_index = value_index;
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(ReduceNode);

// ---- Python constructors ---------------------------------------------------------------------
TVM_REGISTER_GLOBAL("tir.Var").set_body([](runtime::TVMArgs args, runtime::TVMRetValue* rv) {
  String name = args[0];
  Span span = args.size() > 2 ? args[2].operator Span() : Span();
  if (args[1].type_code() == kTVMObjectHandle) {
    *rv = Var(name, args[1].operator Type(), span);
  } else {
    *rv = Var(name, args[1].operator DataType(), span);
  }
});
TVM_REGISTER_GLOBAL("tir.SizeVar").set_body_typed([](String name, DataType dtype, Span span) {
  return SizeVar(name, dtype, span);
});
TVM_REGISTER_GLOBAL("tir.IterVar").set_body_typed([](Range dom, Var var, int iter_type,
                                                     String thread_tag, Span span) {
  return IterVar(dom, var, static_cast<IterVarType>(iter_type), thread_tag, span);
});
TVM_REGISTER_GLOBAL("tir.StringImm").set_body_typed([](String value, Span span) {
  return StringImm(value, span);
});
TVM_REGISTER_GLOBAL("tir.Cast").set_body_typed([](DataType dtype, PrimExpr value, Span span) {
  return Cast(dtype, value, span);
});
#define TVM_TIR_REGISTER_BINARY(Name)                                                   \
  TVM_REGISTER_GLOBAL("tir." #Name).set_body_typed([](PrimExpr a, PrimExpr b, Span span) { \
    return Name(a, b, span);                                                            \
  });
TVM_TIR_REGISTER_BINARY(Add)
TVM_TIR_REGISTER_BINARY(Sub)
TVM_TIR_REGISTER_BINARY(Mul)
TVM_TIR_REGISTER_BINARY(Div)
TVM_TIR_REGISTER_BINARY(Mod)
TVM_TIR_REGISTER_BINARY(FloorDiv)
TVM_TIR_REGISTER_BINARY(FloorMod)
TVM_TIR_REGISTER_BINARY(Min)
TVM_TIR_REGISTER_BINARY(Max)
TVM_TIR_REGISTER_BINARY(EQ)
TVM_TIR_REGISTER_BINARY(NE)
TVM_TIR_REGISTER_BINARY(LT)
TVM_TIR_REGISTER_BINARY(LE)
TVM_TIR_REGISTER_BINARY(GT)
TVM_TIR_REGISTER_BINARY(GE)
TVM_TIR_REGISTER_BINARY(And)
TVM_TIR_REGISTER_BINARY(Or)
#undef TVM_TIR_REGISTER_BINARY
TVM_REGISTER_GLOBAL("tir.Not").set_body_typed([](PrimExpr a, Span span) { return Not(a, span); });
TVM_REGISTER_GLOBAL("tir.Select").set_body_typed([](PrimExpr c, PrimExpr t, PrimExpr f, Span span) {
  return Select(c, t, f, span);
});
TVM_REGISTER_GLOBAL("tir.BufferLoad").set_body_typed([](Buffer b, Array<PrimExpr> idx, Span span) {
  return BufferLoad(b, idx, span);
});
TVM_REGISTER_GLOBAL("tir.ProducerLoad")
    .set_body_typed([](DataProducer p, Array<PrimExpr> idx, Span span) {
      return ProducerLoad(p, idx, span);
    });
TVM_REGISTER_GLOBAL("tir.Ramp").set_body_typed([](PrimExpr base, PrimExpr stride, int lanes,
                                                  Span span) {
  return Ramp(base, stride, lanes, span);
});
TVM_REGISTER_GLOBAL("tir.Broadcast").set_body_typed([](PrimExpr value, int lanes, Span span) {
  return Broadcast(value, lanes, span);
});
TVM_REGISTER_GLOBAL("tir.Shuffle").set_body_typed([](Array<PrimExpr> v, Array<PrimExpr> i,
                                                     Span span) { return Shuffle(v, i, span); });
TVM_REGISTER_GLOBAL("tir.Let").set_body_typed([](Var var, PrimExpr value, PrimExpr body,
                                                 Span span) {
  return Let(var, value, body, span);
});
TVM_REGISTER_GLOBAL("tir.Call").set_body_typed([](DataType dtype, RelayExpr op,
                                                  Array<PrimExpr> args, Span span) {
  return Call(dtype, op, args, span);
});
TVM_REGISTER_GLOBAL("tir.CommReducer")
    .set_body_typed([](Array<Var> lhs, Array<Var> rhs, Array<PrimExpr> result,
                       Array<PrimExpr> identity, Span span) {
      return CommReducer(lhs, rhs, result, identity, span);
    });
TVM_REGISTER_GLOBAL("tir.Reduce").set_body_typed([](CommReducer combiner, Array<PrimExpr> source,
                                                    Array<IterVar> axis, PrimExpr cond,
                                                    int value_index, Array<PrimExpr> init,
                                                    Span span) {
  return Reduce(combiner, source, axis, cond, value_index, init, span);
});

}  // namespace tir
}  // namespace tvm
