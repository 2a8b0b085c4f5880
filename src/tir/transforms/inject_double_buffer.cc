/*!
 * \file inject_double_buffer.cc
 * \brief InjectDoubleBuffer (see inject_double_buffer.h).
 */
#include "inject_double_buffer.h"

#include <tvm/runtime/registry.h>
#include <tvm/tir/function.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>
#include <tvm/tir/transform.h>

#include <unordered_set>
#include <vector>

namespace tvm {
namespace tir {

namespace {

/*! \brief Accesses of `var` moved into the slot starting at element `offset` of
 * a buffer of `2 * size` elements. */
class SlotRemapper : public StmtExprMutator {
 public:
  SlotRemapper(const VarNode* var, PrimExpr size, PrimExpr offset)
      : var_(var), size_(size), offset_(offset) {}

  bool ok{true};

  PrimExpr VisitExpr_(const BufferLoadNode* op) final {
    PrimExpr e = StmtExprMutator::VisitExpr_(op);
    const auto* load = e.as<BufferLoadNode>();
    if (load->buffer->data.get() != var_) return e;
    if (load->indices.size() != 1) {
      ok = false;
      return e;
    }
    return BufferLoad(Doubled(load->buffer), {load->indices[0] + offset_});
  }
  Stmt VisitStmt_(const BufferStoreNode* op) final {
    Stmt s = StmtExprMutator::VisitStmt_(op);
    const auto* store = s.as<BufferStoreNode>();
    if (store->buffer->data.get() != var_) return s;
    if (store->indices.size() != 1) {
      ok = false;
      return s;
    }
    return BufferStore(Doubled(store->buffer), store->value, {store->indices[0] + offset_});
  }

 private:
  Buffer Doubled(const Buffer& b) {
    return Buffer(b->data, b->dtype, {size_ * 2}, {}, b->elem_offset, b->name, b->data_alignment,
                  b->offset_factor, b->buffer_type);
  }
  const VarNode* var_;
  PrimExpr size_, offset_;
};

bool Writes(const Stmt& s, const VarNode* var) {
  bool found = false;
  PostOrderVisit(s, [&](const ObjectRef& n) {
    if (const auto* st = n.as<BufferStoreNode>()) found = found || st->buffer->data.get() == var;
  });
  return found;
}

bool Uses(const Stmt& s, const std::unordered_set<const VarNode*>& vars) {
  bool found = false;
  PostOrderVisit(s, [&](const ObjectRef& n) {
    if (const auto* v = n.as<VarNode>()) found = found || vars.count(v);
  });
  return found;
}

class DoubleBufferInjector : public StmtExprMutator {
 public:
  Stmt VisitStmt_(const ForNode* op) final {
    if (op->kind != ForKind::kSerial) {
      // Not a loop the two buffers can alternate over; nothing inside is
      // doubled for it.
      loops_.push_back({nullptr, {}, {}});
      Stmt s = StmtExprMutator::VisitStmt_(op);
      loops_.pop_back();
      return s;
    }
    loops_.push_back({op, {}, {}});
    Stmt body = VisitStmt(op->body);
    LoopScope scope = std::move(loops_.back());
    loops_.pop_back();
    Stmt loop =
        For(op->loop_var, op->min, op->extent, op->kind, body, op->thread_binding, op->annotations);
    if (scope.hoisted.empty()) return loop;
    std::vector<Stmt> seq;
    for (const Hoisted& h : scope.hoisted) seq.push_back(h.prologue);
    seq.push_back(loop);
    Stmt result = SeqStmt::Flatten(seq);
    for (auto it = scope.hoisted.rbegin(); it != scope.hoisted.rend(); ++it) {
      result = Allocate(it->buffer_var, it->dtype, {it->size * 2}, Bool(true), result);
    }
    return result;
  }

  Stmt VisitStmt_(const LetStmtNode* op) final {
    if (!loops_.empty()) loops_.back().defined.insert(op->var.get());
    return StmtExprMutator::VisitStmt_(op);
  }

  Stmt VisitStmt_(const AttrStmtNode* op) final {
    if (op->attr_key == attr::double_buffer_scope) return VisitStmt(op->body);  // unmatched
    if (const auto* iv = op->node.as<IterVarNode>()) {
      if (!loops_.empty()) loops_.back().defined.insert(iv->var.get());
    }
    return StmtExprMutator::VisitStmt_(op);
  }

  Stmt VisitStmt_(const AllocateNode* op) final {
    const auto* mark = op->body.as<AttrStmtNode>();
    if (mark == nullptr || mark->attr_key != attr::double_buffer_scope) {
      if (!loops_.empty()) loops_.back().defined.insert(op->buffer_var.get());
      return StmtExprMutator::VisitStmt_(op);
    }
    Optional<Stmt> rewritten = TryDouble(op, mark->body);
    if (rewritten) return VisitStmt(rewritten.value());
    return StmtExprMutator::VisitStmt_(op);  // keeps one buffer, drops the annotation
  }

 private:
  struct Hoisted {
    Var buffer_var;
    DataType dtype;
    PrimExpr size;
    Stmt prologue;
  };
  struct LoopScope {
    const ForNode* loop;
    std::vector<Hoisted> hoisted;
    std::unordered_set<const VarNode*> defined;  // between the loop and the current point
  };

  Optional<Stmt> TryDouble(const AllocateNode* alloc, const Stmt& body) {
    if (loops_.empty() || loops_.back().loop == nullptr || alloc->extents.size() != 1) {
      return Optional<Stmt>();
    }
    const auto* seq = body.as<SeqStmtNode>();
    if (seq == nullptr || seq->seq.size() < 2) return Optional<Stmt>();
    const VarNode* buf = alloc->buffer_var.get();
    Stmt fetch = seq->seq[0];
    std::vector<Stmt> rest(seq->seq.begin() + 1, seq->seq.end());
    Stmt compute = SeqStmt::Flatten(rest);
    LoopScope& scope = loops_.back();
    if (!Writes(fetch, buf) || Writes(compute, buf) || Uses(fetch, scope.defined))
      return Optional<Stmt>();
    const ForNode* loop = scope.loop;
    Var k = loop->loop_var;
    PrimExpr size = alloc->extents[0];
    auto slot = [&](PrimExpr iter) {
      return floormod(iter - loop->min, make_const(iter.dtype(), 2)) * cast(iter.dtype(), size);
    };
    PrimExpr next = k + make_const(k.dtype(), 1);
    SlotRemapper first(buf, size, make_zero(size.dtype()));
    Stmt prologue = first(Substitute(fetch, Map<Var, PrimExpr>{{k, loop->min}}));
    SlotRemapper ahead(buf, size, slot(next));
    Stmt fetch_next = ahead(Substitute(fetch, Map<Var, PrimExpr>{{k, next}}));
    SlotRemapper current(buf, size, slot(k));
    Stmt compute_now = current(compute);
    if (!first.ok || !ahead.ok || !current.ok) return Optional<Stmt>();
    fetch_next = AttrStmt(alloc->buffer_var, kDoubleBufferWrite, 1, fetch_next);
    Stmt guarded = IfThenElse(next < loop->min + loop->extent, fetch_next);
    scope.hoisted.push_back({alloc->buffer_var, alloc->dtype, size, prologue});
    return SeqStmt({guarded, compute_now});
  }

  std::vector<LoopScope> loops_;
};

}  // namespace

Stmt InjectDoubleBuffer(Stmt stmt) { return DoubleBufferInjector()(std::move(stmt)); }

namespace transform {

tvm::transform::Pass InjectDoubleBuffer() {
  auto fpass = [](PrimFunc f, IRModule, tvm::transform::PassContext) {
    auto node = make_object<PrimFuncNode>(*f.get());
    node->body = tir::InjectDoubleBuffer(f->body);
    return PrimFunc(node);
  };
  return CreatePrimFuncPass(fpass, 0, "tir.InjectDoubleBuffer");
}

TVM_REGISTER_GLOBAL("tir.transform.InjectDoubleBuffer").set_body_typed(InjectDoubleBuffer);

}  // namespace transform
}  // namespace tir
}  // namespace tvm
