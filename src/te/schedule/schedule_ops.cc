/*!
 * \file schedule_ops.cc
 * \brief ScheduleOps: a schedule to a TIR loop nest over the operations' tensors.
 *
 * For each computed stage the leaf loops are emitted outermost first; the values of the
 * operation's own axes are recovered from the leaf loop variables by walking the split/fuse
 * relations backwards (parent = outer * factor + inner; outer = fused // extent(inner), inner =
 * fused % extent(inner)). A split whose factor may not divide the extent leaves a tail: the
 * store is guarded by likely(axis < extent), a condition loop partitioning can later remove
 * from the main body. Reductions emit an initialisation nest over the data axes, then the
 * update nest. Inlined stages are substituted into their consumers.
 *
 * Not yet supported here: compute_at (attaching a stage inside another's loops, which needs
 * bound inference), cache_read/cache_write, rfactor, tensorize; those are rejected at the
 * primitive with a clear error rather than lowered wrongly.
 */
#include <tvm/runtime/registry.h>
#include <tvm/te/schedule.h>
#include <tvm/tir/stmt_functor.h>

#include <unordered_map>

namespace tvm {
namespace te {

namespace {

using IVMap = std::unordered_map<const Object*, PrimExpr>;
using RangeMap = std::unordered_map<const Object*, Range>;

PrimExpr CeilDiv(PrimExpr a, PrimExpr b) { return floordiv(a + b - make_const(a.dtype(), 1), b); }

/*! \brief The range of every IterVar of the stage (0-based for derived ones). */
RangeMap InferStageRanges(const StageNode* s) {
  RangeMap dom;
  for (const IterVar& iv : s->op->root_iter_vars()) dom[iv.get()] = iv->dom;
  for (const IterVarRelation& rel : s->relations) {
    if (const auto* split = rel.as<SplitNode>()) {
      Range parent = dom.at(split->parent.get());
      DataType t = split->parent->var.dtype();
      PrimExpr outer_ext, inner_ext;
      if (split->factor.defined()) {
        inner_ext = split->factor;
        outer_ext = CeilDiv(parent->extent, split->factor);
      } else {
        outer_ext = split->nparts;
        inner_ext = CeilDiv(parent->extent, split->nparts);
      }
      dom[split->outer.get()] = Range::FromMinExtent(make_zero(t), outer_ext);
      dom[split->inner.get()] = Range::FromMinExtent(make_zero(t), inner_ext);
    } else if (const auto* fuse = rel.as<FuseNode>()) {
      Range o = dom.at(fuse->outer.get());
      Range i = dom.at(fuse->inner.get());
      DataType t = fuse->fused->var.dtype();
      dom[fuse->fused.get()] =
          Range::FromMinExtent(make_zero(t), cast(t, o->extent) * cast(t, i->extent));
    }
  }
  for (const IterVar& iv : s->leaf_iter_vars) {
    if (!dom.count(iv.get())) dom[iv.get()] = iv->dom;  // e.g. the singleton of an empty fuse
  }
  return dom;
}

/*!
 * \brief Values of every IterVar in terms of the leaf loop variables, plus the guards that
 *  non-dividing splits need.
 */
IVMap PassUpValues(const StageNode* s, const RangeMap& dom, std::vector<PrimExpr>* guards) {
  IVMap value;
  for (const IterVar& iv : s->leaf_iter_vars) value[iv.get()] = iv->var;
  for (size_t k = s->relations.size(); k-- > 0;) {
    const IterVarRelation& rel = s->relations[k];
    if (const auto* split = rel.as<SplitNode>()) {
      auto ito = value.find(split->outer.get());
      auto iti = value.find(split->inner.get());
      if (ito == value.end() || iti == value.end()) continue;
      Range parent = dom.at(split->parent.get());
      PrimExpr factor = dom.at(split->inner.get())->extent;
      PrimExpr v = ito->second * factor + iti->second;
      if (!is_zero(parent->min)) v = v + parent->min;
      value[split->parent.get()] = v;
      // A tail exists unless the factor provably divides the extent.
      const int64_t* ext = as_const_int(parent->extent);
      const int64_t* f = as_const_int(factor);
      const int64_t* nparts = as_const_int(dom.at(split->outer.get())->extent);
      bool divides = ext && f && nparts && (*f) * (*nparts) == *ext;
      if (!divides) guards->push_back(likely(v < parent->min + parent->extent));
    } else if (const auto* fuse = rel.as<FuseNode>()) {
      auto itf = value.find(fuse->fused.get());
      if (itf == value.end()) continue;
      PrimExpr inner_ext = cast(fuse->fused->var.dtype(), dom.at(fuse->inner.get())->extent);
      PrimExpr outer_v = floordiv(itf->second, inner_ext);
      PrimExpr inner_v = floormod(itf->second, inner_ext);
      value[fuse->outer.get()] = cast(fuse->outer->var.dtype(), outer_v);
      value[fuse->inner.get()] = cast(fuse->inner->var.dtype(), inner_v);
    }
  }
  return value;
}

ForKind LoopKind(const StageNode* s, const IterVar& iv, Optional<IterVar>* binding) {
  Optional<IterVarAttr> attr = s->iter_var_attrs.Get(iv);
  if (!attr.defined()) return ForKind::kSerial;
  switch (attr.value()->iter_type) {
    case kVectorized:
      return ForKind::kVectorized;
    case kParallelized:
      return ForKind::kParallel;
    case kUnrolled:
      return ForKind::kUnrolled;
    case kThreadIndex:
      *binding = attr.value()->bind_thread;
      return ForKind::kThreadBinding;
    default:
      return ForKind::kSerial;
  }
}

/*! \brief Wrap `body` in the stage's loops over `leaves` (outermost first). */
Stmt MakeLoopNest(const StageNode* s, const std::vector<IterVar>& leaves, const RangeMap& dom,
                  Stmt body, const Map<Var, PrimExpr>& rename = Map<Var, PrimExpr>()) {
  for (size_t k = leaves.size(); k-- > 0;) {
    const IterVar& iv = leaves[k];
    Var loop_var = iv->var;
    if (Optional<PrimExpr> r = rename.Get(iv->var)) loop_var = Downcast<Var>(r.value());
    Range r = dom.at(iv.get());
    Optional<IterVar> binding;
    ForKind kind = LoopKind(s, iv, &binding);
    if (kind == ForKind::kThreadBinding) {
      IterVar thread = binding.value();
      // The loop becomes the thread axis: the body sees the thread index as the loop var.
      body = Substitute(body, Map<Var, PrimExpr>{{loop_var, cast(iv->var.dtype(), thread->var)}});
      IterVar launched(Range::FromMinExtent(make_zero(thread->var.dtype()),
                                            cast(thread->var.dtype(), r->extent)),
                       thread->var, kThreadIndex, thread->thread_tag);
      body = AttrStmt(launched, tir::attr::thread_extent, cast(thread->var.dtype(), r->extent),
                      body);
    } else {
      body = For(loop_var, r->min, r->extent, kind, body);
    }
    Optional<IterVarAttr> attr = s->iter_var_attrs.Get(iv);
    if (attr.defined()) {
      for (size_t p = 0; p < attr.value()->pragma_keys.size(); ++p) {
        body = AttrStmt(iv, std::string(tir::attr::pragma_scope_prefix) +
                                attr.value()->pragma_keys[p].str(),
                        attr.value()->pragma_values[p], body);
      }
    }
  }
  return body;
}

/*! \brief Replaces reads of inlined operations by their (substituted) bodies. */
class InlineMutator : public StmtExprMutator {
 public:
  explicit InlineMutator(const std::unordered_map<const Object*, const ComputeOpNode*>& inlined)
      : inlined_(inlined) {}
  PrimExpr VisitExpr_(const ProducerLoadNode* op) final {
    PrimExpr e = StmtExprMutator::VisitExpr_(op);
    const auto* load = e.as<ProducerLoadNode>();
    Tensor t = Downcast<Tensor>(load->producer);
    auto it = inlined_.find(t->op.get());
    if (it == inlined_.end()) return e;
    const ComputeOpNode* c = it->second;
    Map<Var, PrimExpr> vmap;
    for (size_t i = 0; i < c->axis.size(); ++i) vmap.Set(c->axis[i]->var, load->indices[i]);
    // The body may itself read inlined operations.
    return VisitExpr(Substitute(c->body[t->value_index], vmap));
  }

 private:
  const std::unordered_map<const Object*, const ComputeOpNode*>& inlined_;
};

Stmt MakeComputeStage(const StageNode* s, const InlineMutator& inliner_proto,
                      const std::unordered_map<const Object*, const ComputeOpNode*>& inlined) {
  const auto* op = s->op.as<ComputeOpNode>();
  RangeMap dom = InferStageRanges(s);
  std::vector<PrimExpr> guards;
  IVMap value = PassUpValues(s, dom, &guards);
  Map<Var, PrimExpr> vmap;
  for (const IterVar& iv : op->root_iter_vars()) {
    auto it = value.find(iv.get());
    ICHECK(it != value.end()) << "axis " << iv->var->name_hint << " has no value";
    if (!it->second.same_as(iv->var)) vmap.Set(iv->var, it->second);
  }
  Array<PrimExpr> out_index;
  for (const IterVar& iv : op->axis) out_index.push_back(Substitute(PrimExpr(iv->var), vmap));
  InlineMutator inliner(inlined);
  auto guard = [&](Stmt body, const std::vector<PrimExpr>& conds) {
    for (size_t k = conds.size(); k-- > 0;) body = IfThenElse(conds[k], body);
    return body;
  };
  std::vector<IterVar> leaves(s->leaf_iter_vars.begin(), s->leaf_iter_vars.end());

  if (op->reduce_axis.empty()) {
    std::vector<Stmt> stores;
    for (size_t i = 0; i < op->body.size(); ++i) {
      PrimExpr v = inliner.VisitExpr(Substitute(op->body[i], vmap));
      stores.push_back(ProducerStore(s->op.output(i), v, out_index));
    }
    return MakeLoopNest(s, leaves, dom, guard(SeqStmt::Flatten(stores), guards));
  }

  const auto* reduce = op->body[0].as<ReduceNode>();
  size_t n = op->body.size();
  // Initialisation over the data loops only.
  std::vector<IterVar> data_leaves;
  for (const IterVar& iv : leaves) {
    if (iv->iter_type != kCommReduce) data_leaves.push_back(iv);
  }
  std::vector<PrimExpr> data_guards;
  for (const PrimExpr& g : guards) {
    bool uses_reduce = false;
    PostOrderVisit(g, [&](const ObjectRef& x) {
      if (const auto* v = x.as<VarNode>()) {
        for (const IterVar& iv : leaves) {
          uses_reduce = uses_reduce || (iv->iter_type == kCommReduce && iv->var.get() == v);
        }
      }
    });
    if (!uses_reduce) data_guards.push_back(g);
  }
  std::vector<Stmt> inits;
  for (size_t i = 0; i < n; ++i) {
    PrimExpr init = reduce->init.empty() ? reduce->combiner->identity_element[i]
                                         : inliner.VisitExpr(Substitute(reduce->init[i], vmap));
    inits.push_back(ProducerStore(s->op.output(i), init, out_index));
  }
  // The init nest's loops are the data leaves (their annotations carry over), with fresh
  // variables so that every loop variable is bound once in the function.
  Map<Var, PrimExpr> fresh;
  for (const IterVar& iv : data_leaves) {
    fresh.Set(iv->var, Var(iv->var->name_hint + ".init", iv->var.dtype()));
  }
  Stmt init_body = Substitute(guard(SeqStmt::Flatten(inits), data_guards), fresh);
  Stmt init_nest = MakeLoopNest(s, data_leaves, dom, init_body, fresh);

  // Update: acc_i = combiner(acc, source), computed for all outputs before any is stored.
  Array<PrimExpr> lhs, rhs;
  for (size_t i = 0; i < n; ++i) {
    lhs.push_back(ProducerLoad(s->op.output(i), out_index));
    rhs.push_back(inliner.VisitExpr(Substitute(reduce->source[i], vmap)));
  }
  Array<PrimExpr> combined = reduce->combiner(lhs, rhs);
  std::vector<Var> temps;
  std::vector<Stmt> stores;
  for (size_t i = 0; i < n; ++i) {
    if (n == 1) {
      stores.push_back(ProducerStore(s->op.output(i), combined[i], out_index));
    } else {
      temps.push_back(Var("reduce_temp" + std::to_string(i), combined[i].dtype()));
      stores.push_back(ProducerStore(s->op.output(i), temps.back(), out_index));
    }
  }
  Stmt update = SeqStmt::Flatten(stores);
  for (size_t i = temps.size(); i-- > 0;) update = LetStmt(temps[i], combined[i], update);
  PrimExpr cond = Substitute(reduce->condition, vmap);
  if (!is_one(cond)) update = IfThenElse(cond, update);
  Stmt update_nest = MakeLoopNest(s, leaves, dom, guard(update, guards));
  return SeqStmt::Flatten({init_nest, update_nest});
}

}  // namespace

Stmt ScheduleOps(Schedule sch) {
  std::unordered_map<const Object*, const ComputeOpNode*> inlined;
  for (const Stage& s : sch->stages) {
    if (s->attach_type == kInline) inlined[s->op.get()] = s->op.as<ComputeOpNode>();
  }
  InlineMutator proto(inlined);
  std::vector<Stmt> nests;
  std::vector<Tensor> realized;
  for (const Stage& s : sch->stages) {
    if (s->op.as<PlaceholderOpNode>() || s->attach_type == kInline) continue;
    if (!s->op.as<ComputeOpNode>()) {
      TVM_THROW(ValueError) << "lowering operations of type " << s->op->GetTypeKey()
                            << " is not supported yet";
    }
    nests.push_back(MakeComputeStage(s.operator->(), proto, inlined));
    for (int i = 0; i < s->op->num_outputs(); ++i) realized.push_back(s->op.output(i));
  }
  Stmt body = SeqStmt::Flatten(nests);
  // Every computed tensor is realized over its whole shape around the program.
  for (size_t k = realized.size(); k-- > 0;) {
    const Tensor& t = realized[k];
    Array<Range> bounds;
    for (const PrimExpr& d : t->shape) bounds.push_back(Range::FromMinExtent(make_zero(d.dtype()), d));
    body = ProducerRealize(t, bounds, Bool(true), body);
  }
  return body;
}

TVM_REGISTER_GLOBAL("te.ScheduleOps").set_body_typed([](Schedule s) { return ScheduleOps(s); });

}  // namespace te
}  // namespace tvm
