/*!
 * \file stmt.cc
 * \brief TIR statement constructors, fields and Python constructors.
 */
#include <tvm/runtime/registry.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt.h>

namespace tvm {
namespace tir {

namespace {
void Need(const char* node, const ObjectRef& v, const char* name) {
  if (!v.defined()) TVM_THROW(TypeError) << node << ": " << name << " is undefined (None)";
}
void NeedBool(const char* node, const PrimExpr& v, const char* name) {
  Need(node, v, name);
  if (!v.dtype().is_bool() || !v.dtype().is_scalar()) {
    TVM_THROW(TypeError) << node << ": " << name << " must be a scalar bool, got " << v.dtype();
  }
}
}  // namespace

TVM_REGISTER_OBJECT_TYPE(StmtNode);

void LetStmtNode::VisitAttrs(AttrVisitor* v) {
  v->VisitDef("var", &var);
  v->Visit("value", &value);
  v->Visit("body", &body);
  v->Visit("span", &span);
}
LetStmt::LetStmt(Var var, PrimExpr value, Stmt body, Span span) {
  Need("tir.LetStmt", var, "var");
  Need("tir.LetStmt", value, "value");
  Need("tir.LetStmt", body, "body");
  if (var.dtype() != value.dtype()) {
    TVM_THROW(TypeError) << "tir.LetStmt: variable " << var->name_hint << " has type "
                         << var.dtype() << " but the value has " << value.dtype();
  }
  auto n = make_object<LetStmtNode>();
  n->var = std::move(var);
  n->value = std::move(value);
  n->body = std::move(body);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(LetStmtNode);

void AttrStmtNode::VisitAttrs(AttrVisitor* v) {
  // A thread or virtual-thread axis is introduced by its AttrStmt.
  if (node.as<IterVarNode>()) {
    v->VisitDef("node", &node);
  } else {
    v->Visit("node", &node);
  }
  v->Visit("attr_key", &attr_key);
  v->Visit("value", &value);
  v->Visit("body", &body);
  v->Visit("span", &span);
}
AttrStmt::AttrStmt(ObjectRef node, String attr_key, PrimExpr value, Stmt body, Span span) {
  Need("tir.AttrStmt", value, "value");
  Need("tir.AttrStmt", body, "body");
  auto n = make_object<AttrStmtNode>();
  n->node = std::move(node);
  n->attr_key = std::move(attr_key);
  n->value = std::move(value);
  n->body = std::move(body);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(AttrStmtNode);

void AssertStmtNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("condition", &condition);
  v->Visit("message", &message);
  v->Visit("body", &body);
  v->Visit("span", &span);
}
AssertStmt::AssertStmt(PrimExpr condition, PrimExpr message, Stmt body, Span span) {
  NeedBool("tir.AssertStmt", condition, "condition");
  Need("tir.AssertStmt", message, "message");
  if (!message.as<StringImmNode>()) {
    TVM_THROW(TypeError) << "tir.AssertStmt: message must be a StringImm";
  }
  Need("tir.AssertStmt", body, "body");
  auto n = make_object<AssertStmtNode>();
  n->condition = std::move(condition);
  n->message = std::move(message);
  n->body = std::move(body);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(AssertStmtNode);

void BufferStoreNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("buffer", &buffer);
  v->Visit("value", &value);
  v->Visit("indices", &indices);
  v->Visit("span", &span);
}
BufferStore::BufferStore(Buffer buffer, PrimExpr value, Array<PrimExpr> indices, Span span) {
  Need("tir.BufferStore", buffer, "buffer");
  Need("tir.BufferStore", value, "value");
  if (indices.size() != buffer->shape.size()) {
    TVM_THROW(TypeError) << "tir.BufferStore: buffer " << buffer->name << " has "
                         << buffer->shape.size() << " dimensions but is indexed with "
                         << indices.size() << " indices";
  }
  int lanes = 1;
  for (const PrimExpr& i : indices) {
    Need("tir.BufferStore", i, "an index");
    lanes = std::max(lanes, i.dtype().lanes());
  }
  DataType expected = buffer->dtype.with_lanes(buffer->dtype.lanes() * lanes);
  if (value.dtype() != expected) {
    TVM_THROW(TypeError) << "tir.BufferStore: buffer " << buffer->name << " stores "
                         << expected << " at these indices but the value has type "
                         << value.dtype();
  }
  auto n = make_object<BufferStoreNode>();
  n->buffer = std::move(buffer);
  n->value = std::move(value);
  n->indices = std::move(indices);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(BufferStoreNode);

void BufferRealizeNode::VisitAttrs(AttrVisitor* v) {
  v->VisitDef("buffer", &buffer);
  v->Visit("bounds", &bounds);
  v->Visit("condition", &condition);
  v->Visit("body", &body);
  v->Visit("span", &span);
}
BufferRealize::BufferRealize(Buffer buffer, Array<Range> bounds, PrimExpr condition, Stmt body,
                             Span span) {
  Need("tir.BufferRealize", buffer, "buffer");
  Need("tir.BufferRealize", body, "body");
  if (!condition.defined()) condition = Bool(true);
  auto n = make_object<BufferRealizeNode>();
  n->buffer = std::move(buffer);
  n->bounds = std::move(bounds);
  n->condition = std::move(condition);
  n->body = std::move(body);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(BufferRealizeNode);

void ProducerStoreNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("producer", &producer);
  v->Visit("value", &value);
  v->Visit("indices", &indices);
  v->Visit("span", &span);
}
ProducerStore::ProducerStore(DataProducer producer, PrimExpr value, Array<PrimExpr> indices,
                             Span span) {
  Need("tir.ProducerStore", producer, "producer");
  Need("tir.ProducerStore", value, "value");
  auto n = make_object<ProducerStoreNode>();
  n->producer = std::move(producer);
  n->value = std::move(value);
  n->indices = std::move(indices);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(ProducerStoreNode);

void ProducerRealizeNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("producer", &producer);
  v->Visit("bounds", &bounds);
  v->Visit("condition", &condition);
  v->Visit("body", &body);
  v->Visit("storage_scope", &storage_scope);
  v->Visit("span", &span);
}
ProducerRealize::ProducerRealize(DataProducer producer, Array<Range> bounds, PrimExpr condition,
                                 Stmt body, String storage_scope, Span span) {
  Need("tir.ProducerRealize", producer, "producer");
  Need("tir.ProducerRealize", body, "body");
  if (!condition.defined()) condition = Bool(true);
  auto n = make_object<ProducerRealizeNode>();
  n->producer = std::move(producer);
  n->bounds = std::move(bounds);
  n->condition = std::move(condition);
  n->body = std::move(body);
  n->storage_scope = std::move(storage_scope);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(ProducerRealizeNode);

void AllocateNode::VisitAttrs(AttrVisitor* v) {
  v->VisitDef("buffer_var", &buffer_var);
  v->Visit("dtype", &dtype);
  v->Visit("extents", &extents);
  v->Visit("condition", &condition);
  v->Visit("body", &body);
  v->Visit("annotations", &annotations);
  v->Visit("span", &span);
}
int64_t AllocateNode::ConstantAllocationSize() const {
  int64_t size = 1;
  for (const PrimExpr& e : extents) {
    const auto* imm = e.as<IntImmNode>();
    if (imm == nullptr) return 0;
    size *= imm->value;
  }
  return size;
}
Allocate::Allocate(Var buffer_var, DataType dtype, Array<PrimExpr> extents, PrimExpr condition,
                   Stmt body, Map<String, ObjectRef> annotations, Span span) {
  Need("tir.Allocate", buffer_var, "buffer_var");
  Need("tir.Allocate", body, "body");
  if (!buffer_var.dtype().is_handle()) {
    TVM_THROW(TypeError) << "tir.Allocate: buffer_var " << buffer_var->name_hint
                         << " must be a handle, got " << buffer_var.dtype();
  }
  for (const PrimExpr& e : extents) {
    Need("tir.Allocate", e, "an extent");
    if (!e.dtype().is_int() && !e.dtype().is_uint()) {
      TVM_THROW(TypeError) << "tir.Allocate: extents must be integers, got " << e.dtype();
    }
  }
  if (!condition.defined()) condition = Bool(true);
  auto n = make_object<AllocateNode>();
  n->buffer_var = std::move(buffer_var);
  n->dtype = dtype;
  n->extents = std::move(extents);
  n->condition = std::move(condition);
  n->body = std::move(body);
  n->annotations = std::move(annotations);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(AllocateNode);

void SeqStmtNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("seq", &seq);
  v->Visit("span", &span);
}
SeqStmt::SeqStmt(Array<Stmt> seq, Span span) {
  for (const Stmt& s : seq) Need("tir.SeqStmt", s, "a statement");
  auto n = make_object<SeqStmtNode>();
  n->seq = std::move(seq);
  n->span = std::move(span);
  data_ = std::move(n);
}
Stmt SeqStmt::Flatten(const std::vector<Stmt>& stmts) {
  Array<Stmt> flat;
  std::function<void(const Stmt&)> add = [&](const Stmt& s) {
    if (!s.defined()) return;
    if (const auto* seq = s.as<SeqStmtNode>()) {
      for (const Stmt& x : seq->seq) add(x);
    } else if (!IsNoOp(s)) {
      flat.push_back(s);
    }
  };
  for (const Stmt& s : stmts) add(s);
  if (flat.empty()) return Evaluate(make_const(DataType::Int(32), 0));
  if (flat.size() == 1) return flat[0];
  return SeqStmt(flat);
}
TVM_REGISTER_NODE_TYPE(SeqStmtNode);

void IfThenElseNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("condition", &condition);
  v->Visit("then_case", &then_case);
  v->Visit("else_case", &else_case);
  v->Visit("span", &span);
}
IfThenElse::IfThenElse(PrimExpr condition, Stmt then_case, Optional<Stmt> else_case, Span span) {
  NeedBool("tir.IfThenElse", condition, "condition");
  Need("tir.IfThenElse", then_case, "then_case");
  auto n = make_object<IfThenElseNode>();
  n->condition = std::move(condition);
  n->then_case = std::move(then_case);
  n->else_case = std::move(else_case);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(IfThenElseNode);

void EvaluateNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("value", &value);
  v->Visit("span", &span);
}
Evaluate::Evaluate(PrimExpr value, Span span) {
  Need("tir.Evaluate", value, "value");
  auto n = make_object<EvaluateNode>();
  n->value = std::move(value);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(EvaluateNode);

const char* ForKind2String(ForKind kind) {
  switch (kind) {
    case ForKind::kSerial:
      return "serial";
    case ForKind::kParallel:
      return "parallel";
    case ForKind::kVectorized:
      return "vectorized";
    case ForKind::kUnrolled:
      return "unroll";
    case ForKind::kThreadBinding:
      return "thread_binding";
  }
  return "unknown";
}

void ForNode::VisitAttrs(AttrVisitor* v) {
  v->VisitDef("loop_var", &loop_var);
  v->Visit("min", &min);
  v->Visit("extent", &extent);
  v->Visit("kind", &kind);
  v->Visit("body", &body);
  v->Visit("thread_binding", &thread_binding);
  v->Visit("annotations", &annotations);
  v->Visit("span", &span);
}
For::For(Var loop_var, PrimExpr min, PrimExpr extent, ForKind kind, Stmt body,
         Optional<IterVar> thread_binding, Map<String, ObjectRef> annotations, Span span) {
  Need("tir.For", loop_var, "loop_var");
  Need("tir.For", min, "min");
  Need("tir.For", extent, "extent");
  Need("tir.For", body, "body");
  for (const PrimExpr& e : {min, extent}) {
    if (!e.dtype().is_scalar() || !(e.dtype().is_int() || e.dtype().is_uint())) {
      TVM_THROW(TypeError) << "tir.For: loop " << loop_var->name_hint
                           << " needs integer bounds, got " << e.dtype();
    }
  }
  if (min.dtype() != loop_var.dtype()) min = cast(loop_var.dtype(), min);
  if (extent.dtype() != loop_var.dtype()) extent = cast(loop_var.dtype(), extent);
  auto n = make_object<ForNode>();
  n->loop_var = std::move(loop_var);
  n->min = std::move(min);
  n->extent = std::move(extent);
  n->kind = kind;
  n->body = std::move(body);
  n->thread_binding = std::move(thread_binding);
  n->annotations = std::move(annotations);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(ForNode);

void WhileNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("condition", &condition);
  v->Visit("body", &body);
  v->Visit("span", &span);
}
While::While(PrimExpr condition, Stmt body, Span span) {
  NeedBool("tir.While", condition, "condition");
  Need("tir.While", body, "body");
  auto n = make_object<WhileNode>();
  n->condition = std::move(condition);
  n->body = std::move(body);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(WhileNode);

bool IsNoOp(const Stmt& stmt) {
  if (const auto* e = stmt.as<EvaluateNode>()) {
    return e->value.as<IntImmNode>() != nullptr || e->value.as<FloatImmNode>() != nullptr;
  }
  if (const auto* s = stmt.as<SeqStmtNode>()) return s->seq.empty();
  return false;
}

// ---- Python constructors ---------------------------------------------------------------------
TVM_REGISTER_GLOBAL("tir.LetStmt").set_body_typed([](Var var, PrimExpr value, Stmt body,
                                                     Span span) {
  return LetStmt(var, value, body, span);
});
TVM_REGISTER_GLOBAL("tir.AttrStmt").set_body_typed([](ObjectRef node, String key, PrimExpr value,
                                                      Stmt body, Span span) {
  return AttrStmt(node, key, value, body, span);
});
TVM_REGISTER_GLOBAL("tir.AssertStmt").set_body_typed([](PrimExpr cond, PrimExpr msg, Stmt body,
                                                        Span span) {
  return AssertStmt(cond, msg, body, span);
});
TVM_REGISTER_GLOBAL("tir.BufferStore").set_body_typed([](Buffer b, PrimExpr value,
                                                         Array<PrimExpr> indices, Span span) {
  return BufferStore(b, value, indices, span);
});
TVM_REGISTER_GLOBAL("tir.BufferRealize").set_body_typed([](Buffer b, Array<Range> bounds,
                                                           PrimExpr cond, Stmt body, Span span) {
  return BufferRealize(b, bounds, cond, body, span);
});
TVM_REGISTER_GLOBAL("tir.Allocate").set_body_typed([](Var var, DataType dtype,
                                                      Array<PrimExpr> extents, PrimExpr cond,
                                                      Stmt body,
                                                      Optional<Map<String, ObjectRef>> annot,
                                                      Span span) {
  return Allocate(var, dtype, extents, cond, body,
                  annot.defined() ? annot.value() : Map<String, ObjectRef>(), span);
});
TVM_REGISTER_GLOBAL("tir.SeqStmt").set_body_typed([](Array<Stmt> seq, Span span) {
  return SeqStmt(seq, span);
});
TVM_REGISTER_GLOBAL("tir.IfThenElse").set_body_typed([](PrimExpr cond, Stmt then_case,
                                                        Optional<Stmt> else_case, Span span) {
  return IfThenElse(cond, then_case, else_case, span);
});
TVM_REGISTER_GLOBAL("tir.Evaluate").set_body_typed([](PrimExpr value, Span span) {
  return Evaluate(value, span);
});
TVM_REGISTER_GLOBAL("tir.For").set_body_typed([](Var var, PrimExpr min, PrimExpr extent, int kind,
                                                 Stmt body, Optional<IterVar> binding,
                                                 Optional<Map<String, ObjectRef>> annot,
                                                 Span span) {
  if (kind < 0 || kind > 4) TVM_THROW(ValueError) << "tir.For: unknown loop kind " << kind;
  return For(var, min, extent, static_cast<ForKind>(kind), body, binding,
             annot.defined() ? annot.value() : Map<String, ObjectRef>(), span);
});
TVM_REGISTER_GLOBAL("tir.While").set_body_typed([](PrimExpr cond, Stmt body, Span span) {
  return While(cond, body, span);
});

}  // namespace tir
}  // namespace tvm
