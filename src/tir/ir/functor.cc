/*!
 * \file functor.cc
 * \brief The default traversals of ExprVisitor/ExprMutator/StmtExprVisitor/StmtExprMutator,
 *  and PostOrderVisit / Substitute.
 */
#include <tvm/runtime/registry.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

#include <unordered_set>

namespace tvm {
namespace tir {

// ---- ExprVisitor -----------------------------------------------------------------------------
void ExprVisitor::VisitExpr_(const VarNode* op) {}
void ExprVisitor::VisitExpr_(const IntImmNode* op) {}
void ExprVisitor::VisitExpr_(const FloatImmNode* op) {}
void ExprVisitor::VisitExpr_(const StringImmNode* op) {}
void ExprVisitor::VisitExpr_(const BufferLoadNode* op) {
  for (const PrimExpr& i : op->indices) VisitExpr(i);
}
void ExprVisitor::VisitExpr_(const ProducerLoadNode* op) {
  for (const PrimExpr& i : op->indices) VisitExpr(i);
}
void ExprVisitor::VisitExpr_(const LetNode* op) {
  VisitExpr(op->value);
  VisitExpr(op->body);
}
void ExprVisitor::VisitExpr_(const CallNode* op) {
  for (const PrimExpr& a : op->args) VisitExpr(a);
}
#define TVM_TIR_VISIT_BINARY(Node)             \
  void ExprVisitor::VisitExpr_(const Node* op) { \
    VisitExpr(op->a);                          \
    VisitExpr(op->b);                          \
  }
TVM_TIR_VISIT_BINARY(AddNode)
TVM_TIR_VISIT_BINARY(SubNode)
TVM_TIR_VISIT_BINARY(MulNode)
TVM_TIR_VISIT_BINARY(DivNode)
TVM_TIR_VISIT_BINARY(ModNode)
TVM_TIR_VISIT_BINARY(FloorDivNode)
TVM_TIR_VISIT_BINARY(FloorModNode)
TVM_TIR_VISIT_BINARY(MinNode)
TVM_TIR_VISIT_BINARY(MaxNode)
TVM_TIR_VISIT_BINARY(EQNode)
TVM_TIR_VISIT_BINARY(NENode)
TVM_TIR_VISIT_BINARY(LTNode)
TVM_TIR_VISIT_BINARY(LENode)
TVM_TIR_VISIT_BINARY(GTNode)
TVM_TIR_VISIT_BINARY(GENode)
TVM_TIR_VISIT_BINARY(AndNode)
TVM_TIR_VISIT_BINARY(OrNode)
#undef TVM_TIR_VISIT_BINARY
void ExprVisitor::VisitExpr_(const ReduceNode* op) {
  for (const IterVar& iv : op->axis) {
    VisitExpr(iv->dom->min);
    VisitExpr(iv->dom->extent);
  }
  for (const PrimExpr& s : op->source) VisitExpr(s);
  for (const PrimExpr& s : op->init) VisitExpr(s);
  VisitExpr(op->condition);
}
void ExprVisitor::VisitExpr_(const CastNode* op) { VisitExpr(op->value); }
void ExprVisitor::VisitExpr_(const NotNode* op) { VisitExpr(op->a); }
void ExprVisitor::VisitExpr_(const SelectNode* op) {
  VisitExpr(op->condition);
  VisitExpr(op->true_value);
  VisitExpr(op->false_value);
}
void ExprVisitor::VisitExpr_(const RampNode* op) {
  VisitExpr(op->base);
  VisitExpr(op->stride);
}
void ExprVisitor::VisitExpr_(const BroadcastNode* op) { VisitExpr(op->value); }
void ExprVisitor::VisitExpr_(const ShuffleNode* op) {
  for (const PrimExpr& v : op->vectors) VisitExpr(v);
  for (const PrimExpr& v : op->indices) VisitExpr(v);
}

// ---- ExprMutator -----------------------------------------------------------------------------
Array<PrimExpr> ExprMutator::MutateArray(const Array<PrimExpr>& arr) {
  std::vector<PrimExpr> out;
  out.reserve(arr.size());
  bool changed = false;
  for (const PrimExpr& e : arr) {
    PrimExpr m = VisitExpr(e);
    changed = changed || !m.same_as(e);
    out.push_back(m);
  }
  return changed ? Array<PrimExpr>(out) : arr;
}

PrimExpr ExprMutator::VisitExpr_(const VarNode* op) { return GetRef<PrimExpr>(op); }
PrimExpr ExprMutator::VisitExpr_(const IntImmNode* op) { return GetRef<PrimExpr>(op); }
PrimExpr ExprMutator::VisitExpr_(const FloatImmNode* op) { return GetRef<PrimExpr>(op); }
PrimExpr ExprMutator::VisitExpr_(const StringImmNode* op) { return GetRef<PrimExpr>(op); }
PrimExpr ExprMutator::VisitExpr_(const BufferLoadNode* op) {
  Array<PrimExpr> indices = MutateArray(op->indices);
  if (indices.same_as(op->indices)) return GetRef<PrimExpr>(op);
  return BufferLoad(op->buffer, indices, op->span);
}
PrimExpr ExprMutator::VisitExpr_(const ProducerLoadNode* op) {
  Array<PrimExpr> indices = MutateArray(op->indices);
  if (indices.same_as(op->indices)) return GetRef<PrimExpr>(op);
  return ProducerLoad(op->producer, indices, op->span);
}
PrimExpr ExprMutator::VisitExpr_(const LetNode* op) {
  PrimExpr value = VisitExpr(op->value);
  PrimExpr body = VisitExpr(op->body);
  if (value.same_as(op->value) && body.same_as(op->body)) return GetRef<PrimExpr>(op);
  return Let(op->var, value, body, op->span);
}
PrimExpr ExprMutator::VisitExpr_(const CallNode* op) {
  Array<PrimExpr> args = MutateArray(op->args);
  if (args.same_as(op->args)) return GetRef<PrimExpr>(op);
  return Call(op->dtype, op->op, args, op->span);
}
#define TVM_TIR_MUTATE_BINARY(Name)                                        \
  PrimExpr ExprMutator::VisitExpr_(const Name##Node* op) {                 \
    PrimExpr a = VisitExpr(op->a);                                         \
    PrimExpr b = VisitExpr(op->b);                                         \
    if (a.same_as(op->a) && b.same_as(op->b)) return GetRef<PrimExpr>(op); \
    return Name(a, b, op->span);                                           \
  }
TVM_TIR_MUTATE_BINARY(Add)
TVM_TIR_MUTATE_BINARY(Sub)
TVM_TIR_MUTATE_BINARY(Mul)
TVM_TIR_MUTATE_BINARY(Div)
TVM_TIR_MUTATE_BINARY(Mod)
TVM_TIR_MUTATE_BINARY(FloorDiv)
TVM_TIR_MUTATE_BINARY(FloorMod)
TVM_TIR_MUTATE_BINARY(Min)
TVM_TIR_MUTATE_BINARY(Max)
TVM_TIR_MUTATE_BINARY(EQ)
TVM_TIR_MUTATE_BINARY(NE)
TVM_TIR_MUTATE_BINARY(LT)
TVM_TIR_MUTATE_BINARY(LE)
TVM_TIR_MUTATE_BINARY(GT)
TVM_TIR_MUTATE_BINARY(GE)
TVM_TIR_MUTATE_BINARY(And)
TVM_TIR_MUTATE_BINARY(Or)
#undef TVM_TIR_MUTATE_BINARY
PrimExpr ExprMutator::VisitExpr_(const ReduceNode* op) {
  std::vector<IterVar> axis;
  bool changed = false;
  for (const IterVar& iv : op->axis) {
    PrimExpr min = VisitExpr(iv->dom->min);
    PrimExpr extent = VisitExpr(iv->dom->extent);
    if (min.same_as(iv->dom->min) && extent.same_as(iv->dom->extent)) {
      axis.push_back(iv);
    } else {
      changed = true;
      axis.push_back(IterVar(Range::FromMinExtent(min, extent), iv->var, iv->iter_type,
                             iv->thread_tag, iv->span));
    }
  }
  Array<PrimExpr> source = MutateArray(op->source);
  Array<PrimExpr> init = MutateArray(op->init);
  PrimExpr cond = VisitExpr(op->condition);
  if (!changed && source.same_as(op->source) && init.same_as(op->init) &&
      cond.same_as(op->condition)) {
    return GetRef<PrimExpr>(op);
  }
  return Reduce(op->combiner, source, Array<IterVar>(axis), cond, op->value_index, init, op->span);
}
PrimExpr ExprMutator::VisitExpr_(const CastNode* op) {
  PrimExpr value = VisitExpr(op->value);
  if (value.same_as(op->value)) return GetRef<PrimExpr>(op);
  return Cast(op->dtype, value, op->span);
}
PrimExpr ExprMutator::VisitExpr_(const NotNode* op) {
  PrimExpr a = VisitExpr(op->a);
  if (a.same_as(op->a)) return GetRef<PrimExpr>(op);
  return Not(a, op->span);
}
PrimExpr ExprMutator::VisitExpr_(const SelectNode* op) {
  PrimExpr c = VisitExpr(op->condition);
  PrimExpr t = VisitExpr(op->true_value);
  PrimExpr f = VisitExpr(op->false_value);
  if (c.same_as(op->condition) && t.same_as(op->true_value) && f.same_as(op->false_value)) {
    return GetRef<PrimExpr>(op);
  }
  return Select(c, t, f, op->span);
}
PrimExpr ExprMutator::VisitExpr_(const RampNode* op) {
  PrimExpr base = VisitExpr(op->base);
  PrimExpr stride = VisitExpr(op->stride);
  if (base.same_as(op->base) && stride.same_as(op->stride)) return GetRef<PrimExpr>(op);
  return Ramp(base, stride, op->lanes, op->span);
}
PrimExpr ExprMutator::VisitExpr_(const BroadcastNode* op) {
  PrimExpr value = VisitExpr(op->value);
  if (value.same_as(op->value)) return GetRef<PrimExpr>(op);
  return Broadcast(value, op->lanes, op->span);
}
PrimExpr ExprMutator::VisitExpr_(const ShuffleNode* op) {
  Array<PrimExpr> vectors = MutateArray(op->vectors);
  if (vectors.same_as(op->vectors)) return GetRef<PrimExpr>(op);
  return Shuffle(vectors, op->indices, op->span);
}

// ---- StmtExprVisitor -------------------------------------------------------------------------
void StmtExprVisitor::VisitStmt_(const LetStmtNode* op) {
  VisitExpr(op->value);
  VisitStmt(op->body);
}
void StmtExprVisitor::VisitStmt_(const AttrStmtNode* op) {
  VisitExpr(op->value);
  VisitStmt(op->body);
}
void StmtExprVisitor::VisitStmt_(const IfThenElseNode* op) {
  VisitExpr(op->condition);
  VisitStmt(op->then_case);
  if (op->else_case.defined()) VisitStmt(op->else_case.value());
}
void StmtExprVisitor::VisitStmt_(const ForNode* op) {
  VisitExpr(op->min);
  VisitExpr(op->extent);
  VisitStmt(op->body);
}
void StmtExprVisitor::VisitStmt_(const WhileNode* op) {
  VisitExpr(op->condition);
  VisitStmt(op->body);
}
void StmtExprVisitor::VisitStmt_(const AllocateNode* op) {
  for (const PrimExpr& e : op->extents) VisitExpr(e);
  VisitExpr(op->condition);
  VisitStmt(op->body);
}
void StmtExprVisitor::VisitStmt_(const BufferStoreNode* op) {
  VisitExpr(op->value);
  for (const PrimExpr& i : op->indices) VisitExpr(i);
}
void StmtExprVisitor::VisitRealize(const Array<Range>& bounds, const PrimExpr& condition,
                                   const Stmt& body) {
  for (const Range& r : bounds) {
    VisitExpr(r->min);
    VisitExpr(r->extent);
  }
  VisitExpr(condition);
  VisitStmt(body);
}
void StmtExprVisitor::VisitStmt_(const BufferRealizeNode* op) {
  VisitRealize(op->bounds, op->condition, op->body);
}
void StmtExprVisitor::VisitStmt_(const AssertStmtNode* op) {
  VisitExpr(op->condition);
  VisitExpr(op->message);
  VisitStmt(op->body);
}
void StmtExprVisitor::VisitStmt_(const ProducerStoreNode* op) {
  VisitExpr(op->value);
  for (const PrimExpr& i : op->indices) VisitExpr(i);
}
void StmtExprVisitor::VisitStmt_(const ProducerRealizeNode* op) {
  VisitRealize(op->bounds, op->condition, op->body);
}
void StmtExprVisitor::VisitStmt_(const SeqStmtNode* op) {
  for (const Stmt& s : op->seq) VisitStmt(s);
}
void StmtExprVisitor::VisitStmt_(const EvaluateNode* op) { VisitExpr(op->value); }

// ---- StmtExprMutator -------------------------------------------------------------------------
namespace {
Array<Range> MutateRanges(const Array<Range>& ranges,
                          const std::function<PrimExpr(const PrimExpr&)>& f) {
  std::vector<Range> out;
  bool changed = false;
  for (const Range& r : ranges) {
    PrimExpr min = f(r->min);
    PrimExpr extent = f(r->extent);
    if (min.same_as(r->min) && extent.same_as(r->extent)) {
      out.push_back(r);
    } else {
      changed = true;
      out.push_back(Range::FromMinExtent(min, extent, r->span));
    }
  }
  return changed ? Array<Range>(out) : ranges;
}
}  // namespace

Stmt StmtExprMutator::VisitStmt_(const LetStmtNode* op) {
  PrimExpr value = VisitExpr(op->value);
  Stmt body = VisitStmt(op->body);
  if (value.same_as(op->value) && body.same_as(op->body)) return GetRef<Stmt>(op);
  return LetStmt(op->var, value, body, op->span);
}
Stmt StmtExprMutator::VisitStmt_(const AttrStmtNode* op) {
  PrimExpr value = VisitExpr(op->value);
  Stmt body = VisitStmt(op->body);
  if (value.same_as(op->value) && body.same_as(op->body)) return GetRef<Stmt>(op);
  return AttrStmt(op->node, op->attr_key, value, body, op->span);
}
Stmt StmtExprMutator::VisitStmt_(const IfThenElseNode* op) {
  PrimExpr cond = VisitExpr(op->condition);
  Stmt then_case = VisitStmt(op->then_case);
  Optional<Stmt> else_case = op->else_case;
  if (op->else_case.defined()) else_case = VisitStmt(op->else_case.value());
  if (cond.same_as(op->condition) && then_case.same_as(op->then_case) &&
      else_case.same_as(op->else_case)) {
    return GetRef<Stmt>(op);
  }
  return IfThenElse(cond, then_case, else_case, op->span);
}
Stmt StmtExprMutator::VisitStmt_(const ForNode* op) {
  PrimExpr min = VisitExpr(op->min);
  PrimExpr extent = VisitExpr(op->extent);
  Stmt body = VisitStmt(op->body);
  if (min.same_as(op->min) && extent.same_as(op->extent) && body.same_as(op->body)) {
    return GetRef<Stmt>(op);
  }
  return For(op->loop_var, min, extent, op->kind, body, op->thread_binding, op->annotations,
             op->span);
}
Stmt StmtExprMutator::VisitStmt_(const WhileNode* op) {
  PrimExpr cond = VisitExpr(op->condition);
  Stmt body = VisitStmt(op->body);
  if (cond.same_as(op->condition) && body.same_as(op->body)) return GetRef<Stmt>(op);
  return While(cond, body, op->span);
}
Stmt StmtExprMutator::VisitStmt_(const AllocateNode* op) {
  Array<PrimExpr> extents = MutateArray(op->extents);
  PrimExpr cond = VisitExpr(op->condition);
  Stmt body = VisitStmt(op->body);
  if (extents.same_as(op->extents) && cond.same_as(op->condition) && body.same_as(op->body)) {
    return GetRef<Stmt>(op);
  }
  return Allocate(op->buffer_var, op->dtype, extents, cond, body, op->annotations, op->span);
}
Stmt StmtExprMutator::VisitStmt_(const BufferStoreNode* op) {
  PrimExpr value = VisitExpr(op->value);
  Array<PrimExpr> indices = MutateArray(op->indices);
  if (value.same_as(op->value) && indices.same_as(op->indices)) return GetRef<Stmt>(op);
  return BufferStore(op->buffer, value, indices, op->span);
}
Stmt StmtExprMutator::VisitStmt_(const BufferRealizeNode* op) {
  Array<Range> bounds =
      MutateRanges(op->bounds, [this](const PrimExpr& e) { return VisitExpr(e); });
  PrimExpr cond = VisitExpr(op->condition);
  Stmt body = VisitStmt(op->body);
  if (bounds.same_as(op->bounds) && cond.same_as(op->condition) && body.same_as(op->body)) {
    return GetRef<Stmt>(op);
  }
  return BufferRealize(op->buffer, bounds, cond, body, op->span);
}
Stmt StmtExprMutator::VisitStmt_(const AssertStmtNode* op) {
  PrimExpr cond = VisitExpr(op->condition);
  PrimExpr message = VisitExpr(op->message);
  Stmt body = VisitStmt(op->body);
  if (cond.same_as(op->condition) && message.same_as(op->message) && body.same_as(op->body)) {
    return GetRef<Stmt>(op);
  }
  return AssertStmt(cond, message, body, op->span);
}
Stmt StmtExprMutator::VisitStmt_(const ProducerStoreNode* op) {
  PrimExpr value = VisitExpr(op->value);
  Array<PrimExpr> indices = MutateArray(op->indices);
  if (value.same_as(op->value) && indices.same_as(op->indices)) return GetRef<Stmt>(op);
  return ProducerStore(op->producer, value, indices, op->span);
}
Stmt StmtExprMutator::VisitStmt_(const ProducerRealizeNode* op) {
  Array<Range> bounds =
      MutateRanges(op->bounds, [this](const PrimExpr& e) { return VisitExpr(e); });
  PrimExpr cond = VisitExpr(op->condition);
  Stmt body = VisitStmt(op->body);
  if (bounds.same_as(op->bounds) && cond.same_as(op->condition) && body.same_as(op->body)) {
    return GetRef<Stmt>(op);
  }
  return ProducerRealize(op->producer, bounds, cond, body, op->storage_scope, op->span);
}
Stmt StmtExprMutator::VisitStmt_(const SeqStmtNode* op) {
  std::vector<Stmt> seq;
  bool changed = false;
  for (const Stmt& s : op->seq) {
    Stmt m = VisitStmt(s);
    changed = changed || !m.same_as(s);
    seq.push_back(m);
  }
  if (!changed) return GetRef<Stmt>(op);
  return SeqStmt::Flatten(seq);
}
Stmt StmtExprMutator::VisitStmt_(const EvaluateNode* op) {
  PrimExpr value = VisitExpr(op->value);
  if (value.same_as(op->value)) return GetRef<Stmt>(op);
  return Evaluate(value, op->span);
}

// ---- utilities -------------------------------------------------------------------------------
namespace {
class PostOrderVisitor : public StmtExprVisitor {
 public:
  explicit PostOrderVisitor(std::function<void(const ObjectRef&)> f) : f_(std::move(f)) {}
  void VisitExpr(const PrimExpr& e) final {
    if (!visited_.insert(e.get()).second) return;
    ExprVisitor::VisitExpr(e);
    f_(e);
  }
  void VisitStmt(const Stmt& s) final {
    if (!visited_.insert(s.get()).second) return;
    StmtExprVisitor::VisitStmt(s);
    f_(s);
  }

 private:
  std::function<void(const ObjectRef&)> f_;
  std::unordered_set<const Object*> visited_;
};

class VarSubstituter : public StmtExprMutator {
 public:
  explicit VarSubstituter(std::function<Optional<PrimExpr>(const Var&)> vmap)
      : vmap_(std::move(vmap)) {}
  PrimExpr VisitExpr_(const VarNode* op) final {
    Optional<PrimExpr> r = vmap_(GetRef<Var>(op));
    return r.defined() ? r.value() : GetRef<PrimExpr>(op);
  }
  PrimExpr VisitExpr_(const BufferLoadNode* op) final {
    PrimExpr e = StmtExprMutator::VisitExpr_(op);
    const auto* load = e.as<BufferLoadNode>();
    Buffer b = SubstituteBuffer(load->buffer);
    if (b.same_as(load->buffer)) return e;
    return BufferLoad(b, load->indices, load->span);
  }
  Stmt VisitStmt_(const BufferStoreNode* op) final {
    Stmt s = StmtExprMutator::VisitStmt_(op);
    const auto* store = s.as<BufferStoreNode>();
    Buffer b = SubstituteBuffer(store->buffer);
    if (b.same_as(store->buffer)) return s;
    return BufferStore(b, store->value, store->indices, store->span);
  }

 private:
  /*! \brief A buffer whose shape or strides mention a substituted variable. */
  Buffer SubstituteBuffer(const Buffer& b) {
    auto it = buffer_remap_.find(b.get());
    if (it != buffer_remap_.end()) return it->second;
    Array<PrimExpr> shape = MutateArray(b->shape);
    Array<PrimExpr> strides = MutateArray(b->strides);
    PrimExpr offset = VisitExpr(b->elem_offset);
    Buffer out = b;
    if (!shape.same_as(b->shape) || !strides.same_as(b->strides) ||
        !offset.same_as(b->elem_offset)) {
      out = Buffer(b->data, b->dtype, shape, strides, offset, b->name, b->data_alignment,
                   b->offset_factor, b->buffer_type, b->span);
    }
    buffer_remap_[b.get()] = out;
    return out;
  }
  std::function<Optional<PrimExpr>(const Var&)> vmap_;
  std::unordered_map<const Object*, Buffer> buffer_remap_;
};

class DefRenewer : public StmtExprMutator {
 public:
  PrimExpr VisitExpr_(const VarNode* op) final {
    auto it = remap_.find(op);
    return it == remap_.end() ? GetRef<PrimExpr>(op) : PrimExpr(it->second);
  }
  PrimExpr VisitExpr_(const LetNode* op) final {
    Var v = Fresh(op->var);
    return Let(v, VisitExpr(op->value), VisitExpr(op->body), op->span);
  }
  Stmt VisitStmt_(const LetStmtNode* op) final {
    PrimExpr value = VisitExpr(op->value);
    Var v = Fresh(op->var);
    return LetStmt(v, value, VisitStmt(op->body), op->span);
  }
  Stmt VisitStmt_(const ForNode* op) final {
    PrimExpr min = VisitExpr(op->min);
    PrimExpr extent = VisitExpr(op->extent);
    Var v = Fresh(op->loop_var);
    return For(v, min, extent, op->kind, VisitStmt(op->body), op->thread_binding,
               op->annotations, op->span);
  }
  Stmt VisitStmt_(const AllocateNode* op) final {
    Array<PrimExpr> extents = MutateArray(op->extents);
    Var v = Fresh(op->buffer_var);
    return Allocate(v, op->dtype, extents, VisitExpr(op->condition), VisitStmt(op->body),
                    op->annotations, op->span);
  }
  PrimExpr VisitExpr_(const BufferLoadNode* op) final {
    PrimExpr e = StmtExprMutator::VisitExpr_(op);
    const auto* load = e.as<BufferLoadNode>();
    Buffer b = Rebind(load->buffer);
    return b.same_as(load->buffer) ? e : BufferLoad(b, load->indices, load->span);
  }
  Stmt VisitStmt_(const BufferStoreNode* op) final {
    Stmt s = StmtExprMutator::VisitStmt_(op);
    const auto* store = s.as<BufferStoreNode>();
    Buffer b = Rebind(store->buffer);
    return b.same_as(store->buffer) ? s : BufferStore(b, store->value, store->indices, store->span);
  }

 private:
  Var Fresh(const Var& old) {
    Var v(old->name_hint, old->type_annotation, old->span);
    remap_[old.get()] = v;
    return v;
  }
  /*! \brief A buffer over a renewed allocation points at the new variable. */
  Buffer Rebind(const Buffer& b) {
    auto it = remap_.find(b->data.get());
    if (it == remap_.end()) return b;
    auto& cached = buffers_[b.get()];
    if (!cached.defined() || !cached->data.same_as(it->second)) {
      cached = Buffer(it->second, b->dtype, b->shape, b->strides, b->elem_offset, b->name,
                      b->data_alignment, b->offset_factor, b->buffer_type, b->span);
    }
    return cached;
  }
  std::unordered_map<const Object*, Var> remap_;
  std::unordered_map<const Object*, Buffer> buffers_;
};

std::function<Optional<PrimExpr>(const Var&)> FromMap(const Map<Var, PrimExpr>& vmap) {
  return [vmap](const Var& v) { return vmap.Get(v); };
}
}  // namespace

void PostOrderVisit(const ObjectRef& node, std::function<void(const ObjectRef&)> fvisit) {
  PostOrderVisitor visitor(std::move(fvisit));
  if (const auto* s = node.as<StmtNode>()) {
    visitor(GetRef<Stmt>(s));
  } else if (const auto* e = node.as<PrimExprNode>()) {
    visitor.VisitExpr(GetRef<PrimExpr>(e));
  } else {
    TVM_THROW(TypeError) << "PostOrderVisit expects a Stmt or PrimExpr, got "
                         << (node.defined() ? node->GetTypeKey() : std::string("None"));
  }
}

Stmt Substitute(Stmt stmt, std::function<Optional<PrimExpr>(const Var&)> vmap) {
  return VarSubstituter(std::move(vmap))(std::move(stmt));
}
PrimExpr Substitute(PrimExpr expr, std::function<Optional<PrimExpr>(const Var&)> vmap) {
  return VarSubstituter(std::move(vmap)).VisitExpr(expr);
}
Stmt Substitute(Stmt stmt, const Map<Var, PrimExpr>& vmap) {
  return Substitute(std::move(stmt), FromMap(vmap));
}
PrimExpr Substitute(PrimExpr expr, const Map<Var, PrimExpr>& vmap) {
  return Substitute(std::move(expr), FromMap(vmap));
}

Stmt RenewDefs(Stmt stmt) { return DefRenewer()(std::move(stmt)); }

Array<PrimExpr> CommReducer::operator()(Array<PrimExpr> a, Array<PrimExpr> b) const {
  const CommReducerNode* n = get();
  if (a.size() != n->lhs.size() || b.size() != n->rhs.size()) {
    TVM_THROW(ValueError) << "CommReducer expects " << n->lhs.size() << " values per side";
  }
  Map<Var, PrimExpr> vmap;
  for (size_t i = 0; i < a.size(); ++i) {
    vmap.Set(n->lhs[i], a[i]);
    vmap.Set(n->rhs[i], b[i]);
  }
  Array<PrimExpr> out;
  for (const PrimExpr& r : n->result) out.push_back(Substitute(r, vmap));
  return out;
}

TVM_REGISTER_GLOBAL("tir.PostOrderVisit").set_body_typed([](ObjectRef node, PackedFunc f) {
  PostOrderVisit(node, [f](const ObjectRef& n) { f(n); });
});
TVM_REGISTER_GLOBAL("tir.Substitute").set_body_typed([](ObjectRef node, Map<Var, PrimExpr> vmap)
                                                         -> ObjectRef {
  if (const auto* s = node.as<StmtNode>()) return Substitute(GetRef<Stmt>(s), vmap);
  if (const auto* e = node.as<PrimExprNode>()) return Substitute(GetRef<PrimExpr>(e), vmap);
  TVM_THROW(TypeError) << "tir.Substitute expects a Stmt or PrimExpr";
});
TVM_REGISTER_GLOBAL("tir.CommReducerCombine")
    .set_body_typed([](CommReducer c, Array<PrimExpr> a, Array<PrimExpr> b) { return c(a, b); });

}  // namespace tir
}  // namespace tvm
