/*!
 * \file storage_rewrite.cc
 * \brief StorageRewrite (see tvm/tir/storage_rewrite.h): drop allocations nobody reads and let
 *  allocations with disjoint live ranges share memory.
 */
#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/loop_transforms.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>
#include <tvm/tir/storage_rewrite.h>
#include <tvm/tir/transform.h>

#include <algorithm>
#include <climits>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tvm {
namespace tir {

namespace {

/*! \brief Whether evaluating `e` may change state (a call that is not pure). */
bool HasSideEffect(const PrimExpr& e) {
  bool effect = false;
  PostOrderVisit(e, [&effect](const ObjectRef& n) {
    const auto* call = n.as<CallNode>();
    if (call == nullptr) return;
    const auto* op = call->op.as<OpNode>();
    if (op == nullptr) {
      effect = true;
      return;
    }
    CallEffectKind kind = GetCallEffectKind(GetRef<Op>(op));
    if (kind != CallEffectKind::kPure && kind != CallEffectKind::kExprAnnotation &&
        kind != CallEffectKind::kReadState) {
      effect = true;
    }
  });
  return effect;
}

/*! \brief How a piece of IR uses each pointer variable it mentions. */
struct Access {
  /*! \brief Loaded from, or the pointer itself used (passed to a call, address taken, ...). */
  bool read = false;
  /*! \brief Stored to with a value or index that has a side effect. */
  bool effectful_store = false;
};

class AccessCollector : public StmtExprVisitor {
 public:
  std::unordered_map<const VarNode*, Access> access;

  void VisitExpr_(const VarNode* op) final { access[op].read = true; }
  void VisitExpr_(const BufferLoadNode* op) final {
    access[op->buffer->data.get()].read = true;
    for (const PrimExpr& i : op->indices) VisitExpr(i);
  }
  void VisitStmt_(const BufferStoreNode* op) final {
    Access& a = access[op->buffer->data.get()];
    if (HasSideEffect(op->value)) a.effectful_store = true;
    for (const PrimExpr& i : op->indices) {
      if (HasSideEffect(i)) a.effectful_store = true;
    }
    VisitExpr(op->value);
    for (const PrimExpr& i : op->indices) VisitExpr(i);
  }
};

std::unordered_map<const VarNode*, Access> Collect(const Stmt& s) {
  AccessCollector c;
  c(s);
  return std::move(c.access);
}

/*! \brief Drops the stores into the given (never read) allocations. */
class DeadStoreRemover : public StmtExprMutator {
 public:
  explicit DeadStoreRemover(const std::unordered_set<const VarNode*>& dead) : dead_(dead) {}
  Stmt VisitStmt_(const BufferStoreNode* op) final {
    if (dead_.count(op->buffer->data.get())) return Evaluate(0);
    return StmtExprMutator::VisitStmt_(op);
  }

 private:
  const std::unordered_set<const VarNode*>& dead_;
};

/*! \brief Points the buffers (and uses) of merged-away allocations at the shared one. */
class AllocationRemapper : public StmtExprMutator {
 public:
  explicit AllocationRemapper(const std::unordered_map<const VarNode*, Var>& remap)
      : remap_(remap) {}

  PrimExpr VisitExpr_(const VarNode* op) final {
    auto it = remap_.find(op);
    return it == remap_.end() ? GetRef<PrimExpr>(op) : PrimExpr(it->second);
  }
  PrimExpr VisitExpr_(const BufferLoadNode* op) final {
    PrimExpr e = StmtExprMutator::VisitExpr_(op);
    const auto* load = e.as<BufferLoadNode>();
    Buffer b = Remap(load->buffer);
    if (b.same_as(load->buffer)) return e;
    return BufferLoad(b, load->indices, load->span);
  }
  Stmt VisitStmt_(const BufferStoreNode* op) final {
    Stmt s = StmtExprMutator::VisitStmt_(op);
    const auto* store = s.as<BufferStoreNode>();
    Buffer b = Remap(store->buffer);
    if (b.same_as(store->buffer)) return s;
    return BufferStore(b, store->value, store->indices, store->span);
  }

 private:
  Buffer Remap(const Buffer& buf) {
    auto it = remap_.find(buf->data.get());
    if (it == remap_.end()) return buf;
    auto& cached = buffers_[buf.get()];
    if (!cached.defined()) {
      auto n = make_object<BufferNode>(*buf.get());
      n->data = it->second;
      cached = Buffer(ObjectPtr<Object>(std::move(n)));
    }
    return cached;
  }

  const std::unordered_map<const VarNode*, Var>& remap_;
  std::unordered_map<const BufferNode*, Buffer> buffers_;
};

std::string StorageScope(const Var& v) {
  if (const auto* p = v->type_annotation.as<PointerTypeNode>()) {
    return p->storage_scope.empty() ? "global" : std::string(p->storage_scope);
  }
  return "global";
}

class StorageRewriter : public StmtExprMutator {
 public:
  bool removed_stores = false;

  Stmt VisitStmt_(const AllocateNode* op) final {
    // The chain of Allocates directly nested in each other, and what they wrap.
    std::vector<const AllocateNode*> chain;
    Stmt inner = GetRef<Stmt>(op);
    while (const auto* a = inner.as<AllocateNode>()) {
      chain.push_back(a);
      inner = a->body;
    }
    inner = VisitStmt(inner);

    // Allocations never read go, with their stores.
    std::unordered_map<const VarNode*, Access> uses = Collect(inner);
    std::unordered_set<const VarNode*> dead;
    std::vector<const AllocateNode*> kept;
    for (const AllocateNode* a : chain) {
      auto it = uses.find(a->buffer_var.get());
      bool read = it != uses.end() && it->second.read;
      bool removable = it == uses.end() || !it->second.effectful_store;
      if (!read && removable) {
        dead.insert(a->buffer_var.get());
      } else {
        kept.push_back(a);
      }
    }
    if (!dead.empty()) {
      inner = DeadStoreRemover(dead)(inner);
      removed_stores = true;
    }

    std::unordered_map<const VarNode*, Var> remap;
    std::unordered_map<const VarNode*, int64_t> new_size;
    if (const auto* seq = inner.as<SeqStmtNode>()) {
      MergeDisjoint(seq, kept, &remap, &new_size);
    }
    if (!remap.empty()) inner = AllocationRemapper(remap)(inner);

    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
      const AllocateNode* a = *it;
      if (remap.count(a->buffer_var.get())) continue;
      Array<PrimExpr> extents = a->extents;
      auto size = new_size.find(a->buffer_var.get());
      if (size != new_size.end() && size->second != a->ConstantAllocationSize()) {
        extents = {make_const(DataType::Int(32), size->second)};
      }
      inner = Allocate(a->buffer_var, a->dtype, extents, a->condition, inner, a->annotations,
                       a->span);
    }
    return inner;
  }

 private:
  /*!
   * \brief Assign allocations of `seq` with disjoint live ranges to shared slots: `remap`
   *  maps a merged-away allocation to the one it now uses, `new_size` the survivors' sizes.
   */
  static void MergeDisjoint(const SeqStmtNode* seq, const std::vector<const AllocateNode*>& allocs,
                            std::unordered_map<const VarNode*, Var>* remap,
                            std::unordered_map<const VarNode*, int64_t>* new_size) {
    const int n = static_cast<int>(allocs.size());
    std::vector<int> first(n, INT_MAX), last(n, -1);
    for (size_t i = 0; i < seq->size(); ++i) {
      std::unordered_map<const VarNode*, Access> uses = Collect((*seq)[i]);
      for (int k = 0; k < n; ++k) {
        if (uses.count(allocs[k]->buffer_var.get())) {
          first[k] = std::min(first[k], static_cast<int>(i));
          last[k] = static_cast<int>(i);
        }
      }
    }
    std::vector<int> order(n);
    for (int k = 0; k < n; ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return first[a] < first[b]; });

    struct Slot {
      const AllocateNode* owner;
      std::string scope;
      int64_t size;
      int last;
    };
    std::vector<Slot> slots;
    for (int k : order) {
      const AllocateNode* a = allocs[k];
      int64_t size = a->ConstantAllocationSize();
      if (size <= 0 || first[k] == INT_MAX) continue;
      std::string scope = StorageScope(a->buffer_var);
      Slot* best = nullptr;
      for (Slot& s : slots) {
        if (s.owner->dtype != a->dtype || s.scope != scope || s.last >= first[k]) continue;
        // Prefer the slot closest in size: less memory added by growing it.
        if (best == nullptr || std::abs(s.size - size) < std::abs(best->size - size)) best = &s;
      }
      if (best == nullptr) {
        slots.push_back({a, scope, size, last[k]});
        continue;
      }
      (*remap)[a->buffer_var.get()] = best->owner->buffer_var;
      best->size = std::max(best->size, size);
      best->last = last[k];
    }
    for (const Slot& s : slots) (*new_size)[s.owner->buffer_var.get()] = s.size;
  }
};

}  // namespace

Stmt StorageRewrite(Stmt stmt) {
  StorageRewriter rewriter;
  Stmt result = rewriter(std::move(stmt));
  // Dropped stores leave empty loops behind.
  return rewriter.removed_stores ? RemoveNoOp(result) : result;
}

namespace transform {

Pass StorageRewrite() {
  return CreatePrimFuncPass(
      [](PrimFunc func, IRModule, PassContext) {
        Stmt body = tir::StorageRewrite(func->body);
        if (body.same_as(func->body)) return func;
        auto n = make_object<PrimFuncNode>(*func.get());
        n->body = body;
        return PrimFunc(ObjectPtr<Object>(std::move(n)));
      },
      0, "tir.StorageRewrite");
}

TVM_REGISTER_GLOBAL("tir.transform.StorageRewrite").set_body_typed(StorageRewrite);

}  // namespace transform
}  // namespace tir
}  // namespace tvm
