/*!
 * \file thread_sync.cc
 * \brief ThreadSync (see thread_sync.h).
 */
#include "thread_sync.h"

#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/function.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>
#include <tvm/tir/transform.h>

#include <unordered_set>
#include <vector>

#include "inject_double_buffer.h"

namespace tvm {
namespace tir {

namespace {

using VarSet = std::unordered_set<const VarNode*>;

struct Accesses {
  VarSet reads, writes;
  void Add(const Accesses& o) {
    reads.insert(o.reads.begin(), o.reads.end());
    writes.insert(o.writes.begin(), o.writes.end());
  }
  bool Empty() const { return reads.empty() && writes.empty(); }
};

bool Intersects(const VarSet& a, const VarSet& b) {
  for (const VarNode* v : a) {
    if (b.count(v)) return true;
  }
  return false;
}

/*! \brief A barrier is needed between `before` and `after` (RAW or WAR across
 * threads). */
bool Conflict(const Accesses& before, const Accesses& after) {
  return Intersects(before.writes, after.reads) || Intersects(before.reads, after.writes);
}

/*! \brief What a statement exposes to its neighbours: accesses before its first
 * barrier and after its last one (the same set when it has none). */
struct Summary {
  Accesses entry, exit;
  bool has_sync{false};
  /*! \brief Writes for the next iteration of the enclosing loop
   * (double_buffer_write): they touch the other buffer of a pair, so only the
   * end of the iteration must wait for them. */
  VarSet next_writes;
};

class ThreadSyncInserter : public StmtExprMutator {
 public:
  explicit ThreadSyncInserter(VarSet shared) : shared_(std::move(shared)) {}

  Stmt VisitStmt_(const AttrStmtNode* op) final {
    if (op->attr_key != attr::thread_extent && op->attr_key != attr::virtual_thread) {
      return StmtExprMutator::VisitStmt_(op);
    }
    Summary s;
    Stmt body = Sync(op->body, &s);
    return AttrStmt(op->node, op->attr_key, op->value, body);
  }

 private:
  Stmt Barrier() {
    return Evaluate(Call(DataType::Int(32), builtin::tvm_storage_sync(), {StringImm("shared")}));
  }

  /*! \brief The shared-memory accesses in `node`; writes under
   * double_buffer_write go to `next_writes` when given. */
  Accesses Collect(const ObjectRef& node, VarSet* next_writes = nullptr) {
    Accesses a;
    std::vector<ObjectRef> next_iteration;
    PostOrderVisit(node, [&](const ObjectRef& n) {
      if (const auto* l = n.as<BufferLoadNode>()) {
        if (shared_.count(l->buffer->data.get())) a.reads.insert(l->buffer->data.get());
      } else if (const auto* s = n.as<BufferStoreNode>()) {
        if (shared_.count(s->buffer->data.get())) a.writes.insert(s->buffer->data.get());
      } else if (const auto* attr = n.as<AttrStmtNode>()) {
        if (next_writes != nullptr && attr->attr_key == kDoubleBufferWrite) {
          next_iteration.push_back(attr->body);
        }
      }
    });
    for (const ObjectRef& body : next_iteration) {
      // Its reads stay ordinary; its writes move to the next iteration.
      Accesses w = Collect(body);
      for (const VarNode* v : w.writes) {
        next_writes->insert(v);
        bool written_elsewhere = false;
        PostOrderVisit(node, [&](const ObjectRef& n) {
          const auto* st = n.as<BufferStoreNode>();
          written_elsewhere =
              written_elsewhere || (st && st->buffer->data.get() == v && !InSubtree(body, st));
        });
        if (!written_elsewhere) a.writes.erase(v);
      }
    }
    return a;
  }

  static bool InSubtree(const ObjectRef& root, const Object* target) {
    bool found = false;
    PostOrderVisit(root, [&](const ObjectRef& n) { found = found || n.get() == target; });
    return found;
  }

  Stmt Sync(const Stmt& stmt, Summary* out) {
    if (const auto* seq = stmt.as<SeqStmtNode>()) {
      std::vector<Stmt> result;
      Accesses pending;
      bool first_sync_seen = false;
      for (const Stmt& child : seq->seq) {
        Summary cs;
        Stmt c = Sync(child, &cs);
        if (Conflict(pending, cs.entry)) {
          result.push_back(Barrier());
          pending = Accesses();
          first_sync_seen = true;
          out->has_sync = true;
        }
        out->next_writes.insert(cs.next_writes.begin(), cs.next_writes.end());
        if (!first_sync_seen) out->entry.Add(cs.entry);
        if (cs.has_sync) {
          first_sync_seen = true;
          out->has_sync = true;
          pending = cs.exit;
        } else {
          pending.Add(cs.entry);
        }
        result.push_back(c);
      }
      out->exit = pending;
      return SeqStmt::Flatten(result);
    }
    if (const auto* loop = stmt.as<ForNode>()) {
      Summary bs;
      Stmt body = Sync(loop->body, &bs);
      // The next iteration's first accesses follow this iteration's last ones;
      // writes made for the next iteration must be complete before it starts.
      if (Conflict(bs.exit, bs.entry) || !bs.next_writes.empty()) {
        body = SeqStmt::Flatten(std::vector<Stmt>{body, Barrier()});
        out->entry = bs.entry;
        out->exit = Accesses();
        out->has_sync = true;
      } else {
        *out = bs;
      }
      return For(loop->loop_var, loop->min, loop->extent, loop->kind, body, loop->thread_binding,
                 loop->annotations);
    }
    if (const auto* attr = stmt.as<AttrStmtNode>()) {
      Stmt body = Sync(attr->body, out);
      return AttrStmt(attr->node, attr->attr_key, attr->value, body);
    }
    if (const auto* let = stmt.as<LetStmtNode>()) {
      Stmt body = Sync(let->body, out);
      Accesses v = Collect(let->value);
      out->entry.Add(v);
      if (!out->has_sync) out->exit.Add(v);
      return LetStmt(let->var, let->value, body);
    }
    if (const auto* alloc = stmt.as<AllocateNode>()) {
      Stmt body = Sync(alloc->body, out);
      return Allocate(alloc->buffer_var, alloc->dtype, alloc->extents, alloc->condition, body,
                      alloc->annotations);
    }
    // Leaves, and `if`s: threads may disagree on the condition, so no barrier
    // goes inside.
    out->entry = Collect(stmt, &out->next_writes);
    out->exit = out->entry;
    return stmt;
  }

  VarSet shared_;
};

}  // namespace

Stmt ThreadSync(Stmt stmt, const std::string& scope) {
  VarSet shared;
  PostOrderVisit(stmt, [&](const ObjectRef& n) {
    if (const auto* a = n.as<AllocateNode>()) {
      const auto* ptr = a->buffer_var->type_annotation.as<PointerTypeNode>();
      if (ptr != nullptr && ptr->storage_scope == scope) shared.insert(a->buffer_var.get());
    }
  });
  if (shared.empty()) return stmt;
  return ThreadSyncInserter(std::move(shared))(std::move(stmt));
}

namespace transform {

tvm::transform::Pass ThreadSync(String scope) {
  auto fpass = [scope](PrimFunc f, IRModule, tvm::transform::PassContext) {
    auto node = make_object<PrimFuncNode>(*f.get());
    node->body = tir::ThreadSync(f->body, scope);
    return PrimFunc(node);
  };
  return CreatePrimFuncPass(fpass, 0, "tir.ThreadSync");
}

TVM_REGISTER_GLOBAL("tir.transform.ThreadSync").set_body_typed(ThreadSync);

}  // namespace transform
}  // namespace tir
}  // namespace tvm
