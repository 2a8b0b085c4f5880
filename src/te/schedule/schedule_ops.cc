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
 * compute_at places a stage just inside a loop of a stage P that reads it (directly or through
 * other stages). Its consumers (the stages reading it, reads through inlined stages included)
 * must be P itself or stages computed inside P's nest at the same loop or a loop inside it
 * (attached to P, or to a stage itself attached there, and so on). Bound inference takes the
 * union of their reads: P's reads evaluated over P's loops inside the attach point, and each
 * other consumer's reads evaluated over that consumer's own region (inferred first: stages at
 * one loop are placed after their producers and their regions inferred before them), then
 * over all the loops of the stages it is computed in, then over P's loops inside the attach
 * point (arith::EvalSet). The region is realized there. This is what lets a softmax compute
 * the row maximum, the exponentials and their sum, all per row, inside the output's row loop.
 *
 * GPU schedules (docs/gpu.md): a loop bound to a thread axis becomes a thread_extent attribute
 * and its variable the thread index (+ the loop's min); bound inference relaxes thread loops
 * for stages stored in shared/global memory (NeedRelax), a stage without a scope inside thread
 * loops is stored locally or in shared memory (EffectiveScope), and a reduce loop bound to
 * threadIdx lowers to a tree reduction in shared memory (MakeCrossThreadReduction).
 *
 * A tensorized stage (see tensorize.h) emits its loops outside the tensorized one around the
 * intrinsic's statement. An extern stage emits its body with each placeholder buffer bound
 * (buffer_bind_scope) to the tensor it stands for; storage flattening resolves the binding.
 */
#include <tvm/arith/analyzer.h>
#include <tvm/arith/int_set.h>
#include <tvm/runtime/registry.h>
#include <tvm/te/schedule.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/stmt_functor.h>

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "tensorize.h"

namespace tvm {
namespace te {

namespace {

using IVMap = std::unordered_map<const Object*, PrimExpr>;
using RangeMap = std::unordered_map<const Object*, Range>;

PrimExpr CeilDiv(PrimExpr a, PrimExpr b) { return floordiv(a + b - make_const(a.dtype(), 1), b); }

/*! \brief The range of every IterVar of the stage (0-based for derived ones). */
RangeMap InferStageRanges(const StageNode* s, const RangeMap* root_override) {
  RangeMap dom;
  for (const IterVar& iv : s->op->root_iter_vars()) {
    auto it = root_override ? root_override->find(iv.get()) : RangeMap::const_iterator();
    dom[iv.get()] = (root_override && it != root_override->end()) ? it->second : iv->dom;
  }
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
      // The fused loop counts from 0; axes whose range starts elsewhere (a stage computed at
      // another's loop covers [min, min + extent)) get their min back.
      const Range& outer_r = dom.at(fuse->outer.get());
      const Range& inner_r = dom.at(fuse->inner.get());
      if (!is_zero(outer_r->min)) outer_v = outer_v + cast(outer_v.dtype(), outer_r->min);
      if (!is_zero(inner_r->min)) inner_v = inner_v + cast(inner_v.dtype(), inner_r->min);
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
/*! \brief Wraps the body just inside a loop (where stages computed at that loop go). */
using FWrapInside = std::function<Stmt(const IterVar& loop, Stmt body)>;

Stmt MakeLoopNest(const StageNode* s, const std::vector<IterVar>& leaves, const RangeMap& dom,
                  Stmt body, const Map<Var, PrimExpr>& rename = Map<Var, PrimExpr>(),
                  const FWrapInside& wrap_inside = nullptr) {
  for (size_t k = leaves.size(); k-- > 0;) {
    const IterVar& iv = leaves[k];
    if (wrap_inside) body = wrap_inside(iv, body);
    Var loop_var = iv->var;
    if (Optional<PrimExpr> r = rename.Get(iv->var)) loop_var = Downcast<Var>(r.value());
    Range r = dom.at(iv.get());
    Optional<IterVar> binding;
    ForKind kind = LoopKind(s, iv, &binding);
    if (kind == ForKind::kThreadBinding) {
      IterVar thread = binding.value();
      // The loop becomes the thread axis: the body sees the thread index as the loop var.
      // A loop over [min, min + extent) runs as thread index + min.
      PrimExpr index = cast(iv->var.dtype(), thread->var);
      if (!is_zero(r->min)) index = index + r->min;
      body = Substitute(body, Map<Var, PrimExpr>{{loop_var, index}});
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
  InlineMutator(const std::unordered_map<const Object*, const ComputeOpNode*>& inlined,
                const std::unordered_map<const Object*, Operation>& remap)
      : inlined_(inlined), remap_(remap) {}
  PrimExpr VisitExpr_(const ProducerLoadNode* op) final {
    PrimExpr e = StmtExprMutator::VisitExpr_(op);
    const auto* load = e.as<ProducerLoadNode>();
    Tensor t = Downcast<Tensor>(load->producer);
    // A read of an operation replaced by a cache rewrite reads its replacement.
    auto r = remap_.find(t->op.get());
    if (r != remap_.end()) {
      t = r->second.output(t->value_index);
      e = ProducerLoad(t, load->indices);
    }
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
  const std::unordered_map<const Object*, Operation>& remap_;
};

/*!
 * \brief The realize of output `t` of stage `s` over `bounds`, inside a buffer_dim_align
 *  annotation (dim, factor, offset) per storage_align of the stage, for StorageFlatten; a
 *  double-buffered stage's realize holds a double_buffer_scope annotation of `t`.
 */
Stmt MakeRealize(const StageNode* s, const Tensor& t, const Array<Range>& bounds, Stmt body,
                 const std::string& scope) {
  // double_buffer(): marks the storage the realize becomes (see tir InjectDoubleBuffer).
  if (s->double_buffer) body = AttrStmt(t, tir::attr::double_buffer_scope, 1, body);
  body = ProducerRealize(t, bounds, Bool(true), body, scope);
  const auto* op = s->op.as<ComputeOpNode>();
  for (size_t d = 0; op != nullptr && d < op->axis.size(); ++d) {
    Optional<IterVarAttr> a = s->iter_var_attrs.Get(op->axis[d]);
    if (!a.defined() || a.value()->dim_align_factor == 0) continue;
    Array<PrimExpr> tuple{static_cast<int>(d), a.value()->dim_align_factor,
                          a.value()->dim_align_offset};
    body = AttrStmt(t, tir::attr::buffer_dim_align,
                    Call(DataType::Handle(), builtin::tvm_tuple(), tuple), body);
  }
  return body;
}

/*! \brief What lowering needs across stages. */
struct LowerContext {
  std::unordered_map<const Object*, const ComputeOpNode*> inlined;
  /*! \brief Operations replaced by cache rewrites, to the operations computing them now. */
  std::unordered_map<const Object*, Operation> remap;
  /*! \brief Stages computed at a loop of another stage, by that parent stage (in dependency
   *  order: a stage before the stages that read it). */
  std::unordered_map<const Object*, std::vector<Stage>> attached;
  /*! \brief The operations each stage reads once inlined stages are substituted. */
  std::unordered_map<const Object*, std::unordered_set<const Object*>> reads_of;
  /*! \brief Every stage of the schedule, in dependency order. */
  std::vector<Stage> stages;
  /*! \brief The region (of each root axis) of the attached stages lowered so far. */
  mutable std::unordered_map<const Object*, RangeMap> regions;
  /*! \brief Loops bound to a GPU thread axis in the stages lowered so far: their range and tag
   *  (bound inference relaxes them for producers in shared or global memory). */
  mutable std::unordered_map<const VarNode*, std::pair<Range, std::string>> thread_loops;
  /*! \brief Thread tags of the bound loops around the stage being lowered (outermost first). */
  mutable std::vector<std::string> enclosing_tags;
};

/*!
 * \brief The storage scope of a stage: the one set by the schedule, else (as in Apache TVM)
 *  "local" when it is computed inside a threadIdx loop, "shared" inside a blockIdx loop only,
 *  and global memory otherwise.
 */
std::string EffectiveScope(const StageNode* s, const LowerContext& ctx) {
  if (!s->scope.empty()) return s->scope;
  int rank = -1;
  for (const std::string& tag : ctx.enclosing_tags) {
    if (tag.rfind("threadIdx.", 0) == 0) rank = std::max(rank, 1);
    if (tag.rfind("blockIdx.", 0) == 0) rank = std::max(rank, 0);
  }
  return rank == 1 ? "local" : rank == 0 ? "shared" : "";
}

/*!
 * \brief Whether a producer stored in `scope` serves all threads of axis `tag` at once, so
 *  that its region covers every value of that thread index (as in Apache TVM): memory shared
 *  by a block is filled for all its threads, global memory for all threads and blocks; local
 *  memory belongs to one thread.
 */
bool NeedRelax(const std::string& tag, const std::string& scope) {
  if (scope == "local" || scope.rfind("local.", 0) == 0 || scope == "warp") return false;
  bool thread = tag.rfind("threadIdx.", 0) == 0 || tag == "vthread";
  if (scope == "shared" || scope.rfind("shared.", 0) == 0) return thread;
  return thread || tag.rfind("blockIdx.", 0) == 0;
}

/*! \brief `body` with `buffer` bound to the region (mins, extents) of `tensor`. */
Stmt BindBuffer(const Buffer& buffer, const Tensor& tensor, const Array<PrimExpr>& mins,
                const Array<PrimExpr>& extents, Stmt body) {
  Array<PrimExpr> tuple;
  for (size_t i = 0; i < mins.size(); ++i) {
    tuple.push_back(mins[i]);
    tuple.push_back(extents[i]);
  }
  return AttrStmt(Array<ObjectRef>{buffer, tensor}, tir::attr::buffer_bind_scope,
                  Call(DataType::Handle(), builtin::tvm_tuple(), tuple), body);
}

Stmt BindWholeTensor(const Buffer& buffer, const Tensor& tensor, Stmt body) {
  Array<PrimExpr> mins;
  for (const PrimExpr& d : tensor->shape) mins.push_back(make_zero(d.dtype()));
  return BindBuffer(buffer, tensor, mins, tensor->shape, body);
}

/*! \brief The guards that do not mention a reduction loop (they also guard initialisation). */
std::vector<PrimExpr> DataGuards(const std::vector<PrimExpr>& guards,
                                 const std::vector<IterVar>& leaves) {
  std::vector<PrimExpr> kept;
  for (const PrimExpr& g : guards) {
    bool uses_reduce = false;
    PostOrderVisit(g, [&](const ObjectRef& x) {
      if (const auto* v = x.as<VarNode>()) {
        for (const IterVar& iv : leaves) {
          uses_reduce = uses_reduce || (iv->iter_type == kCommReduce && iv->var.get() == v);
        }
      }
    });
    if (!uses_reduce) kept.push_back(g);
  }
  return kept;
}

Stmt MakeComputeStage(const StageNode* s, const LowerContext& ctx, const RangeMap* root_override);

/*!
 * \brief Bound inference for a stage computed at `loop` of `parent`: the region of each of its
 *  outputs that the parent's body reads, with the parent's loops outside `loop` (and `loop`
 *  itself) fixed and the loops inside ranging over their extents.
 */
RangeMap InferAttachedRegion(const StageNode* producer, const StageNode* parent,
                             const std::vector<IterVar>& parent_leaves, size_t loop_index,
                             const RangeMap& parent_dom, const std::vector<PrimExpr>& reads_in,
                             const LowerContext& ctx) {
  std::unordered_map<const VarNode*, arith::IntSet> dom_map;
  for (size_t k = loop_index + 1; k < parent_leaves.size(); ++k) {
    dom_map[parent_leaves[k]->var.get()] =
        arith::IntSet::FromRange(parent_dom.at(parent_leaves[k].get()));
  }
  // GPU: thread loops outside the attach point whose threads all use the producer's memory
  // (relaxed below), and loops whose range depends on such a thread index.
  std::unordered_map<const VarNode*, arith::IntSet> relax;
  std::string scope = EffectiveScope(producer, ctx);
  for (const auto& kv : ctx.thread_loops) {
    if (NeedRelax(kv.second.second, scope)) relax[kv.first] = arith::IntSet::FromRange(kv.second.first);
  }
  if (!relax.empty()) {
    for (size_t k = 0; k <= loop_index && k < parent_leaves.size(); ++k) {
      const VarNode* v = parent_leaves[k]->var.get();
      Range r = parent_dom.at(parent_leaves[k].get());
      bool depends = relax.count(v) > 0;
      PostOrderVisit(r->min, [&](const ObjectRef& n) {
        if (const auto* x = n.as<VarNode>()) depends = depends || relax.count(x);
      });
      if (depends) dom_map[v] = arith::IntSet::FromRange(r);
    }
  }
  const auto* op = producer->op.as<ComputeOpNode>();
  size_t ndim = op->axis.size();
  std::vector<Array<arith::IntSet>> per_dim(ndim);
  bool found = false;
  for (const PrimExpr& e : reads_in) {
    PostOrderVisit(e, [&](const ObjectRef& n) {
      const auto* load = n.as<ProducerLoadNode>();
      if (load == nullptr) return;
      Tensor t = Downcast<Tensor>(load->producer);
      if (!t->op.same_as(producer->op)) return;
      found = true;
      for (size_t d = 0; d < ndim; ++d) per_dim[d].push_back(arith::EvalSet(load->indices[d], dom_map));
    });
  }
  // Consumers computed inside the parent's nest: their reads over their own region (values of
  // their root axes), then over the loops of the stages enclosing them, then over the parent's
  // loops inside the attach point.
  InlineMutator inliner(ctx.inlined, ctx.remap);
  for (const Stage& c : ctx.stages) {
    if (c.get() == producer || c.get() == parent) continue;
    auto rit = ctx.reads_of.find(c.get());
    if (rit == ctx.reads_of.end() || !rit->second.count(producer->op.get())) continue;
    // The reader and the stages it is computed in, up to the one computed at a loop of the
    // parent (ScheduleOps checked that the chain reaches the parent).
    std::vector<const StageNode*> chain{c.operator->()};
    while (chain.back()->attach_type == kScope &&
           chain.back()->attach_stage.value().get() != parent) {
      chain.push_back(static_cast<const StageNode*>(chain.back()->attach_stage.value().get()));
    }
    const auto* cop = c->op.as<ComputeOpNode>();
    bool ready = cop != nullptr;
    for (const StageNode* st : chain) ready = ready && ctx.regions.count(st);
    if (!ready) {
      const StageNode* top = chain.back();
      TVM_THROW(ValueError) << "compute_at: stage " << producer->op->name << " is read by "
                            << c->op->name << ", computed (within " << top->op->name
                            << ") at loop " << top->attach_ivar.value()->var->name_hint << " of "
                            << parent->op->name << " outside loop "
                            << parent_leaves[loop_index]->var->name_hint << " where "
                            << producer->op->name << " is computed; compute "
                            << producer->op->name << " at that loop or further out";
    }
    const RangeMap& reg = ctx.regions.at(c.get());
    std::unordered_map<const VarNode*, arith::IntSet> cdom;
    for (const IterVar& iv : cop->root_iter_vars()) {
      auto r = reg.find(iv.get());
      cdom[iv->var.get()] = arith::IntSet::FromRange(r != reg.end() ? r->second : iv->dom);
    }
    // The loops of each enclosing stage between the reader and the parent, over their ranges
    // (all of them: the enclosing stage's whole nest runs in one iteration of the parent's
    // loop).
    std::vector<std::unordered_map<const VarNode*, arith::IntSet>> enclosing;
    for (size_t h = 1; h < chain.size(); ++h) {
      RangeMap edom = InferStageRanges(chain[h], &ctx.regions.at(chain[h]));
      std::unordered_map<const VarNode*, arith::IntSet> m;
      for (const IterVar& iv : chain[h]->all_iter_vars) {
        auto r = edom.find(iv.get());
        if (r != edom.end()) m[iv->var.get()] = arith::IntSet::FromRange(r->second);
      }
      enclosing.push_back(std::move(m));
    }
    for (const PrimExpr& body : cop->body) {
      PostOrderVisit(inliner.VisitExpr(body), [&](const ObjectRef& n) {
        const auto* load = n.as<ProducerLoadNode>();
        if (load == nullptr) return;
        Tensor t = Downcast<Tensor>(load->producer);
        if (!t->op.same_as(producer->op)) return;
        found = true;
        for (size_t d = 0; d < ndim; ++d) {
          arith::IntSet inner = arith::EvalSet(load->indices[d], cdom);
          if (!inner.HasLowerBound() || !inner.HasUpperBound()) {
            per_dim[d].push_back(inner);
            continue;
          }
          PrimExpr lo = inner.min(), hi = inner.max();
          for (const auto& m : enclosing) {
            lo = arith::EvalSet(lo, m).min();
            hi = arith::EvalSet(hi, m).max();
          }
          per_dim[d].push_back(arith::IntSet::Interval(arith::EvalSet(lo, dom_map).min(),
                                                       arith::EvalSet(hi, dom_map).max()));
        }
      });
    }
  }
  if (!found) {
    TVM_THROW(ValueError) << "compute_at: stage " << producer->op->name << " is attached to "
                          << parent->op->name << " but is read neither in its body nor by a "
                          << "stage computed inside the attach loop";
  }
  arith::Analyzer analyzer;
  RangeMap region;
  for (size_t d = 0; d < ndim; ++d) {
    arith::IntSet set = arith::Union(per_dim[d]);
    if (!set.HasLowerBound() || !set.HasUpperBound()) {
      TVM_THROW(ValueError) << "compute_at: cannot bound the region of " << producer->op->name
                            << " read by " << parent->op->name << " in dimension " << d;
    }
    PrimExpr lo = set.min(), hi = set.max();
    if (!relax.empty()) {
      lo = arith::EvalSet(lo, relax).min();
      hi = arith::EvalSet(hi, relax).max();
    }
    PrimExpr min = analyzer.Simplify(lo);
    PrimExpr extent = analyzer.Simplify(hi - lo + 1);
    region[op->axis[d].get()] = Range::FromMinExtent(min, extent);
  }
  return region;
}

/*!
 * \brief A stage whose loops from leaves[tloc] inward are replaced by a tensor intrinsic: the
 *  outer loops around the intrinsic's statement, its buffers bound to the matched regions.
 *  A reduction with loops outside the tensorized one runs the intrinsic's reduce_init in an
 *  initialisation nest and its reduce_update in the main nest.
 */
Stmt MakeTensorizedStage(const StageNode* s, const LowerContext& ctx,
                         const std::vector<IterVar>& leaves, size_t tloc, const RangeMap& dom,
                         const Map<Var, PrimExpr>& vmap, const std::vector<PrimExpr>& guards,
                         std::vector<PrimExpr>* reads, const FWrapInside& wrap_attached) {
  const auto* op = s->op.as<ComputeOpNode>();
  const IterVar& at = leaves[tloc];
  std::unordered_set<const VarNode*> inner;
  for (size_t k = tloc; k < leaves.size(); ++k) inner.insert(leaves[k]->var.get());
  // Guards over the inner loops must hold everywhere (a tail cannot be tensorized); the
  // region guards of an attached stage usually provably do.
  arith::Analyzer analyzer;
  for (const IterVar& iv : leaves) analyzer.Bind(iv->var, dom.at(iv.get()));
  std::vector<PrimExpr> kept;
  for (const PrimExpr& g : guards) {
    bool uses_inner = false;
    PostOrderVisit(g, [&](const ObjectRef& x) {
      if (const auto* v = x.as<VarNode>()) uses_inner = uses_inner || inner.count(v);
    });
    const auto* call = g.as<CallNode>();
    PrimExpr cond = call && call->op.same_as(builtin::likely()) ? call->args[0] : g;
    if (analyzer.CanProve(cond)) continue;
    kept.push_back(g);
    if (uses_inner) {
      TVM_THROW(ValueError) << "tensorize: the loops of stage " << op->name << " inside "
                            << at->var->name_hint << " have a tail (a split whose factor does "
                            << "not divide the extent), so they do not always compute a whole "
                            << "tile for the intrinsic; choose factors that divide the extents";
    }
  }
  if (ctx.attached.count(s)) {
    for (const Stage& child : ctx.attached.at(s)) {
      for (size_t k = tloc; k < leaves.size(); ++k) {
        if (leaves[k].same_as(child->attach_ivar.value())) {
          TVM_THROW(ValueError) << "tensorize: stage " << child->op->name << " is computed at loop "
                                << leaves[k]->var->name_hint << " of " << op->name
                                << ", which the intrinsic replaces; attach it outside "
                                << at->var->name_hint;
        }
      }
    }
  }
  InlineMutator inliner(ctx.inlined, ctx.remap);
  auto prepare = [&](const PrimExpr& e) { return inliner.VisitExpr(e); };
  TensorizePlan plan = MatchTensorize(s, tloc, dom, vmap, prepare);
  for (const PrimExpr& b : op->body) reads->push_back(inliner.VisitExpr(Substitute(b, vmap)));
  auto bind = [&](Stmt body, bool with_inputs) {
    for (const TensorizeBinding& b : plan.outputs) {
      body = BindBuffer(b.buffer, b.tensor, b.mins, b.extents, body);
    }
    if (with_inputs) {
      for (const TensorizeBinding& b : plan.inputs) {
        body = BindBuffer(b.buffer, b.tensor, b.mins, b.extents, body);
      }
    }
    return body;
  };
  auto guard = [](Stmt body, const std::vector<PrimExpr>& conds) {
    for (size_t k = conds.size(); k-- > 0;) body = IfThenElse(conds[k], body);
    return body;
  };
  std::vector<IterVar> outer(leaves.begin(), leaves.begin() + tloc);
  bool outer_reduce = std::any_of(outer.begin(), outer.end(),
                                  [](const IterVar& iv) { return iv->iter_type == kCommReduce; });
  const TensorIntrin& intrin = plan.intrin;
  if (op->reduce_axis.empty() || !outer_reduce) {
    return MakeLoopNest(s, outer, dom, guard(bind(intrin->body, true), kept),
                        Map<Var, PrimExpr>(), wrap_attached);
  }
  if (!intrin->reduce_init.defined() || !intrin->reduce_update.defined()) {
    TVM_THROW(ValueError) << "tensorize: stage " << op->name << " reduces over loops outside "
                          << at->var->name_hint << ", so intrinsic " << intrin->name
                          << " must declare reduce_init and reduce_update (fcompute returns "
                          << "(body, reset, update))";
  }
  std::vector<IterVar> data_outer;
  for (const IterVar& iv : outer) {
    if (iv->iter_type != kCommReduce) data_outer.push_back(iv);
  }
  Map<Var, PrimExpr> fresh;
  for (const IterVar& iv : data_outer) {
    fresh.Set(iv->var, Var(iv->var->name_hint + ".init", iv->var.dtype()));
  }
  Stmt init_body =
      Substitute(guard(bind(intrin->reduce_init.value(), false), DataGuards(kept, outer)), fresh);
  Stmt init_nest = MakeLoopNest(s, data_outer, dom, init_body, fresh);
  Stmt update_nest = MakeLoopNest(s, outer, dom, guard(bind(intrin->reduce_update.value(), true), kept),
                                  Map<Var, PrimExpr>(), wrap_attached);
  return SeqStmt::Flatten({init_nest, update_nest});
}

/*! \brief Whether the lowering is for CUDA (the innermost `with target:` scope). */
bool LoweringForCUDA() {
  const runtime::PackedFunc* kind = runtime::Registry::Get("target.CurrentKind");
  if (kind == nullptr) return false;
  std::string k = (*kind)().operator String();
  return k == "cuda";
}

/*! \brief Whether a cross-thread reduction can combine its partials by warp shuffles. */
bool UseWarpShuffle(int64_t extent, int64_t num_threads, DataType dt) {
  bool pow2 = extent >= 2 && (extent & (extent - 1)) == 0;
  bool shuffle_type = dt.lanes() == 1 && (dt.is_float() || dt.is_int() || dt.is_uint()) &&
                      (dt.bits() == 32 || dt.bits() == 64);
  return pow2 && extent <= 1024 && num_threads == extent && shuffle_type && LoweringForCUDA();
}

/*! \brief value combined with the value `offset` lanes down (CUDA __shfl_down_sync). */
PrimExpr ShuffleDown(PrimExpr value, int64_t offset, int64_t width) {
  int64_t mask = width >= 32 ? int64_t{0xffffffff} : ((int64_t{1} << width) - 1);
  Array<PrimExpr> args{StringImm("__shfl_down_sync"), IntImm(DataType::UInt(32), mask), value,
                       make_const(DataType::Int(32), offset), make_const(DataType::Int(32), width)};
  return Call(value.dtype(), builtin::call_pure_extern(), args);
}

/*!
 * \brief The block part of a cross-thread reduction with warp shuffles: each warp combines its
 *  lanes' partials in registers (log2(32) shuffle steps); with more than one warp, lane 0 of
 *  each writes its result to shared memory and the first warp combines those the same way.
 */
Stmt WarpShuffleReduce(const StageNode* s, const Buffer& local, DataType dt,
                       const CommReducer& combiner, PrimExpr init, PrimExpr tx, int64_t extent,
                       const std::vector<PrimExpr>& guards, const std::vector<IterVar>& leaves,
                       const Array<PrimExpr>& out_index) {
  PrimExpr zero = make_const(DataType::Int(32), 0);
  auto combine = [&](PrimExpr a, PrimExpr b) {
    return combiner(Array<PrimExpr>{a}, Array<PrimExpr>{b})[0];
  };
  auto warp_steps = [&](int64_t width) {
    std::vector<Stmt> steps;
    for (int64_t off = width / 2; off >= 1; off /= 2) {
      PrimExpr v = BufferLoad(local, {zero});
      steps.push_back(BufferStore(local, combine(v, ShuffleDown(v, off, width)), {zero}));
    }
    return steps;
  };
  Stmt store = ProducerStore(s->op.output(0), BufferLoad(local, {zero}), out_index);
  for (const PrimExpr& g : DataGuards(guards, leaves)) store = IfThenElse(g, store);
  int64_t width = std::min<int64_t>(extent, 32);
  std::vector<Stmt> block = warp_steps(width);
  if (extent <= 32) {
    block.push_back(IfThenElse(tx == zero, store));
    return SeqStmt::Flatten(block);
  }
  int64_t warps = extent / 32;
  PrimExpr c32 = make_const(DataType::Int(32), 32);
  Buffer partials = tir::decl_buffer({make_const(DataType::Int(32), warps)}, dt,
                                     s->op->name + ".red_warps", "shared");
  // Thread indices are non-negative: truncating division is exact here (plain `/`, `%`).
  block.push_back(IfThenElse(truncmod(tx, c32) == zero,
                             BufferStore(partials, BufferLoad(local, {zero}), {truncdiv(tx, c32)})));
  std::vector<Stmt> first{BufferStore(local, init, {zero})};
  first.push_back(IfThenElse(tx < make_const(DataType::Int(32), warps),
                             BufferStore(local, BufferLoad(partials, {tx}), {zero})));
  for (const Stmt& st : warp_steps(32)) first.push_back(st);
  first.push_back(IfThenElse(tx == zero, store));
  block.push_back(IfThenElse(tx < c32, SeqStmt::Flatten(first)));
  return Allocate(partials->data, dt, partials->shape, Bool(true), SeqStmt::Flatten(block));
}

/*!
 * \brief A reduction whose reduce loop is bound to threadIdx (cross-thread reduction): each
 *  thread reduces its share over the serial reduce loops into a register, the block combines
 *  the partial results by a tree reduction in shared memory (log2 steps, separated by the
 *  barriers ThreadSync inserts; on CUDA, power-of-two extents use warp shuffles instead),
 *  and the thread with reduce index 0 stores the result.
 *  Supported: one output without init value, one thread-bound reduce loop of constant
 *  extent, every data loop bound to a thread axis, a stage computed at the root. Stages
 *  computed at its loops (an rfactor stage at the reduce thread loop) precede the reduction.
 */
Stmt MakeCrossThreadReduction(const StageNode* s, const std::vector<IterVar>& leaves,
                              const RangeMap& dom, const Map<Var, PrimExpr>& vmap,
                              const std::vector<PrimExpr>& guards, const Array<PrimExpr>& out_index,
                              InlineMutator* inliner, bool attached,
                              std::vector<PrimExpr>* reads, const FWrapInside& wrap_attached) {
  const auto* op = s->op.as<ComputeOpNode>();
  const auto* reduce = op->body[0].as<ReduceNode>();
  auto fail = [&](const std::string& why) {
    TVM_THROW(ValueError) << "cross-thread reduction of stage " << s->op->name
                          << " (a reduce axis bound to threadIdx): " << why;
  };
  if (op->body.size() != 1) fail("only single-output reductions are supported");
  if (attached) fail("the stage must be computed at the root, not at another stage's loop");
  if (!reduce->init.empty()) fail("reductions with an init value are not supported");
  std::vector<IterVar> bound, serial;
  Optional<IterVar> reduce_thread;
  for (const IterVar& iv : leaves) {
    Optional<IterVar> binding;
    if (LoopKind(s, iv, &binding) == ForKind::kThreadBinding) {
      bound.push_back(iv);
      if (iv->iter_type == kCommReduce) {
        if (reduce_thread.defined()) fail("only one reduce loop may be bound to a thread");
        if (binding.value()->thread_tag.operator std::string().rfind("threadIdx.", 0) != 0) {
          fail("a reduce loop may be bound to threadIdx only");
        }
        reduce_thread = iv;
      }
    } else if (iv->iter_type == kCommReduce) {
      serial.push_back(iv);
    } else {
      fail("data loop " + std::string(iv->var->name_hint) + " is not bound to a thread axis");
    }
  }
  IterVar rt = reduce_thread.value();
  // Thread indices of the block (0-based) and the slot of this thread in shared memory.
  PrimExpr slot = make_const(DataType::Int(32), 0), slot0 = slot;
  int64_t num_threads = 1, rt_stride = 1, rt_extent = 0;
  for (const IterVar& iv : bound) {
    Optional<IterVar> binding;
    LoopKind(s, iv, &binding);
    if (binding.value()->thread_tag.operator std::string().rfind("threadIdx.", 0) != 0) continue;
    const auto* ext = dom.at(iv.get())->extent.as<IntImmNode>();
    if (ext == nullptr) fail("thread loop " + std::string(iv->var->name_hint) + " has no constant extent");
    PrimExpr index = cast(DataType::Int(32), iv->var - dom.at(iv.get())->min);
    slot = slot * make_const(DataType::Int(32), ext->value) + index;
    slot0 = slot0 * make_const(DataType::Int(32), ext->value) +
            (iv.same_as(rt) ? make_const(DataType::Int(32), 0) : index);
    if (iv.same_as(rt)) {
      rt_stride = 1;
      rt_extent = ext->value;
    } else if (rt_extent != 0) {
      rt_stride *= ext->value;
    }
    num_threads *= ext->value;
  }
  PrimExpr tx = cast(DataType::Int(32), rt->var - dom.at(rt.get())->min);
  DataType dt = op->output_dtype(0);
  Buffer local = tir::decl_buffer({1}, dt, s->op->name + ".red_local", "local");
  Buffer shared = tir::decl_buffer({make_const(DataType::Int(32), num_threads)}, dt,
                                   s->op->name + ".red_shared", "shared");
  const CommReducer& combiner = reduce->combiner;
  PrimExpr zero = make_const(DataType::Int(32), 0);
  auto combine = [&](PrimExpr a, PrimExpr b) { return combiner(Array<PrimExpr>{a}, Array<PrimExpr>{b})[0]; };

  // Per thread: reduce its share over the serial reduce loops.
  PrimExpr source = inliner->VisitExpr(Substitute(reduce->source[0], vmap));
  reads->push_back(source);
  Stmt update = BufferStore(local, combine(BufferLoad(local, {zero}), source), {zero});
  PrimExpr cond = Substitute(reduce->condition, vmap);
  if (!is_one(cond)) update = IfThenElse(cond, update);
  for (size_t k = guards.size(); k-- > 0;) update = IfThenElse(guards[k], update);
  Stmt partial = MakeLoopNest(s, serial, dom, update, Map<Var, PrimExpr>(), wrap_attached);
  PrimExpr init = combiner->identity_element[0];

  // CUDA, the reduce axis the only thread axis of the block, a power-of-two extent and a
  // 32/64-bit value: combine within each warp by register shuffles, then the warps' results.
  if (UseWarpShuffle(rt_extent, num_threads, dt)) {
    Stmt body = WarpShuffleReduce(s, local, dt, combiner, init, tx, rt_extent, guards, leaves,
                                  out_index);
    body = SeqStmt::Flatten({BufferStore(local, init, {zero}), partial, body});
    body = Allocate(local->data, dt, local->shape, Bool(true), body);
    return MakeLoopNest(s, bound, dom, body, Map<Var, PrimExpr>(), wrap_attached);
  }

  // The block: tree reduction in shared memory over the reduce thread index.
  std::vector<Stmt> block{BufferStore(shared, BufferLoad(local, {zero}), {slot})};
  int64_t pow2 = 1;
  while (pow2 < rt_extent) pow2 *= 2;
  for (int64_t offset = pow2 / 2; offset >= 1; offset /= 2) {
    PrimExpr other = slot + make_const(DataType::Int(32), offset * rt_stride);
    Stmt step = BufferStore(shared, combine(BufferLoad(shared, {slot}), BufferLoad(shared, {other})),
                            {slot});
    PrimExpr active = tx < make_const(DataType::Int(32), offset) &&
                      tx + make_const(DataType::Int(32), offset) <
                          make_const(DataType::Int(32), rt_extent);
    block.push_back(IfThenElse(active, step));
  }
  Stmt store = ProducerStore(s->op.output(0), BufferLoad(shared, {slot0}), out_index);
  for (const PrimExpr& g : DataGuards(guards, leaves)) store = IfThenElse(g, store);
  block.push_back(IfThenElse(tx == zero, store));
  Stmt body = Allocate(shared->data, dt, shared->shape, Bool(true), SeqStmt::Flatten(block));
  body = SeqStmt::Flatten({BufferStore(local, init, {zero}), partial, body});
  body = Allocate(local->data, dt, local->shape, Bool(true), body);
  // Bound loops are all outermost: stages computed at them precede the reduction.
  return MakeLoopNest(s, bound, dom, body, Map<Var, PrimExpr>(), wrap_attached);
}

Stmt MakeComputeStage(const StageNode* s, const LowerContext& ctx, const RangeMap* root_override) {
  const auto* op = s->op.as<ComputeOpNode>();
  RangeMap dom = InferStageRanges(s, root_override);
  std::vector<PrimExpr> guards;
  IVMap value = PassUpValues(s, dom, &guards);
  Map<Var, PrimExpr> vmap;
  for (const IterVar& iv : op->root_iter_vars()) {
    auto it = value.find(iv.get());
    ICHECK(it != value.end()) << "axis " << iv->var->name_hint << " has no value";
    if (!it->second.same_as(iv->var)) vmap.Set(iv->var, it->second);
  }
  if (root_override != nullptr) {
    // Computed at another stage's loop: the inferred region may reach past the tensor's own
    // extent in a tail iteration; those elements are not needed and not computed.
    for (const IterVar& iv : op->axis) {
      PrimExpr v = Substitute(PrimExpr(iv->var), vmap);
      guards.push_back(likely(v < iv->dom->min + iv->dom->extent));
    }
  }
  Array<PrimExpr> out_index;
  for (const IterVar& iv : op->axis) out_index.push_back(Substitute(PrimExpr(iv->var), vmap));
  InlineMutator inliner(ctx.inlined, ctx.remap);
  auto guard = [&](Stmt body, const std::vector<PrimExpr>& conds) {
    for (size_t k = conds.size(); k-- > 0;) body = IfThenElse(conds[k], body);
    return body;
  };
  std::vector<IterVar> leaves(s->leaf_iter_vars.begin(), s->leaf_iter_vars.end());
  for (const IterVar& iv : leaves) {
    Optional<IterVarAttr> attr = s->iter_var_attrs.Get(iv);
    if (attr.defined() && attr.value()->iter_type == kThreadIndex &&
        attr.value()->bind_thread.defined()) {
      IterVar thread = Downcast<IterVar>(attr.value()->bind_thread);
      ctx.thread_loops[iv->var.get()] = {dom.at(iv.get()), std::string(thread->thread_tag)};
    }
  }

  // Stages computed at this stage's loops, placed just inside their loop with their region.
  std::vector<PrimExpr> reads;
  FWrapInside wrap_attached = [&](const IterVar& loop, Stmt body) {
    auto it = ctx.attached.find(s);
    if (it == ctx.attached.end()) return body;
    // Last first: the consumers attached at this loop get their regions (which bound their
    // producers' regions) before the producers, and the producers end up outermost, first.
    for (auto cit = it->second.rbegin(); cit != it->second.rend(); ++cit) {
      const Stage& child = *cit;
      if (!child->attach_ivar.value().same_as(loop)) continue;
      size_t index = std::find_if(leaves.begin(), leaves.end(),
                                  [&](const IterVar& x) { return x.same_as(loop); }) -
                     leaves.begin();
      size_t saved_tags = ctx.enclosing_tags.size();
      for (size_t k = 0; k <= index && k < leaves.size(); ++k) {
        Optional<IterVar> binding;
        if (LoopKind(s, leaves[k], &binding) == ForKind::kThreadBinding) {
          ctx.enclosing_tags.push_back(binding.value()->thread_tag);
        }
      }
      std::string scope = EffectiveScope(child.operator->(), ctx);
      RangeMap region = InferAttachedRegion(child.operator->(), s, leaves, index, dom, reads, ctx);
      ctx.regions[child.get()] = region;
      Stmt nest = MakeComputeStage(child.operator->(), ctx, &region);
      ctx.enclosing_tags.resize(saved_tags);
      body = SeqStmt::Flatten({nest, body});
      const auto* cop = child->op.as<ComputeOpNode>();
      for (int i = child->op->num_outputs(); i-- > 0;) {
        Array<Range> bounds;
        for (const IterVar& ax : cop->axis) bounds.push_back(region.at(ax.get()));
        body = MakeRealize(child.operator->(), child->op.output(i), bounds, body, scope);
      }
    }
    return body;
  };
  // Every attachment must still name one of this stage's loops.
  if (ctx.attached.count(s)) {
    for (const Stage& child : ctx.attached.at(s)) {
      bool ok = std::any_of(leaves.begin(), leaves.end(), [&](const IterVar& x) {
        return x.same_as(child->attach_ivar.value());
      });
      if (!ok) {
        TVM_THROW(ValueError) << "compute_at: stage " << child->op->name << " is attached to loop "
                              << child->attach_ivar.value()->var->name_hint << " of "
                              << s->op->name << ", which was split or fused afterwards; attach "
                              << "to one of the loops that replaced it";
      }
    }
  }

  size_t tloc = leaves.size();
  for (size_t k = 0; k < leaves.size(); ++k) {
    Optional<IterVarAttr> a = s->iter_var_attrs.Get(leaves[k]);
    if (a.defined() && a.value()->tensor_intrin.defined()) tloc = k;
  }
  if (tloc < leaves.size()) {
    return MakeTensorizedStage(s, ctx, leaves, tloc, dom, vmap, guards, &reads, wrap_attached);
  }

  if (op->reduce_axis.empty()) {
    std::vector<Stmt> stores;
    for (size_t i = 0; i < op->body.size(); ++i) {
      PrimExpr v = inliner.VisitExpr(Substitute(op->body[i], vmap));
      reads.push_back(v);
      stores.push_back(ProducerStore(s->op.output(i), v, out_index));
    }
    return MakeLoopNest(s, leaves, dom, guard(SeqStmt::Flatten(stores), guards),
                        Map<Var, PrimExpr>(), wrap_attached);
  }

  for (const IterVar& iv : leaves) {
    Optional<IterVar> binding;
    if (iv->iter_type == kCommReduce && LoopKind(s, iv, &binding) == ForKind::kThreadBinding) {
      return MakeCrossThreadReduction(s, leaves, dom, vmap, guards, out_index, &inliner,
                                      root_override != nullptr, &reads, wrap_attached);
    }
  }

  const auto* reduce = op->body[0].as<ReduceNode>();
  size_t n = op->body.size();
  // Initialisation over the data loops only.
  std::vector<IterVar> data_leaves;
  for (const IterVar& iv : leaves) {
    if (iv->iter_type != kCommReduce) data_leaves.push_back(iv);
  }
  std::vector<PrimExpr> data_guards = DataGuards(guards, leaves);
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
    reads.push_back(rhs.back());
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
  Stmt update_nest =
      MakeLoopNest(s, leaves, dom, guard(update, guards), Map<Var, PrimExpr>(), wrap_attached);
  return SeqStmt::Flatten({init_nest, update_nest});
}

/*! \brief An extern stage: its body with every placeholder buffer bound to its tensor. */
Stmt MakeExternStage(const StageNode* s, const LowerContext& ctx) {
  const auto* op = s->op.as<ExternOpNode>();
  Stmt body = op->body;
  for (size_t i = 0; i < op->output_placeholders.size(); ++i) {
    body = BindWholeTensor(op->output_placeholders[i], s->op.output(i), body);
  }
  for (size_t i = 0; i < op->inputs.size(); ++i) {
    Tensor t = op->inputs[i];
    auto r = ctx.remap.find(t->op.get());
    if (r != ctx.remap.end()) t = r->second.output(t->value_index);
    if (ctx.inlined.count(t->op.get())) {
      TVM_THROW(ValueError) << "stage " << t->op->name << " is read by the extern operation "
                            << op->name << ", which needs it in memory: it cannot be inlined";
    }
    body = BindWholeTensor(op->input_placeholders[i], t, body);
  }
  return body;
}

}  // namespace

Stmt ScheduleOps(Schedule sch) {
  LowerContext ctx;
  for (const auto& kv : sch->stage_map) {
    if (!kv.first.same_as(kv.second->op)) ctx.remap[kv.first.get()] = kv.second->op;
  }
  for (const Stage& s : sch->stages) ctx.stages.push_back(s);
  for (const Stage& s : sch->stages) {
    if (s->attach_type == kInline) ctx.inlined[s->op.get()] = s->op.as<ComputeOpNode>();
    if (s->attach_type == kScope) {
      Stage parent = Downcast<Stage>(s->attach_stage.value());
      ctx.attached[parent.get()].push_back(s);
    }
  }
  // What each stage reads once inlined stages are substituted (cache rewrites resolved).
  std::function<void(const Operation&, std::unordered_set<const Object*>*)> collect =
      [&](const Operation& op, std::unordered_set<const Object*>* out) {
        for (const Tensor& t : op->InputTensors()) {
          Operation src = t->op;
          auto r = ctx.remap.find(src.get());
          if (r != ctx.remap.end()) src = r->second;
          if (ctx.inlined.count(src.get())) {
            collect(src, out);
          } else {
            out->insert(src.get());
          }
        }
      };
  for (const Stage& s : sch->stages) {
    if (s->attach_type == kInline || s->op.as<PlaceholderOpNode>()) continue;
    collect(s->op, &ctx.reads_of[s.get()]);
  }
  // The stages reading each operation through any chain of stages.
  std::unordered_map<const Object*, const StageNode*> stage_of;
  for (const Stage& s : sch->stages) stage_of[s->op.get()] = s.operator->();
  auto reads_transitively = [&](const StageNode* reader, const Object* op) {
    std::unordered_set<const Object*> seen;
    std::vector<const StageNode*> todo{reader};
    while (!todo.empty()) {
      const StageNode* cur = todo.back();
      todo.pop_back();
      auto it = ctx.reads_of.find(cur);
      if (it == ctx.reads_of.end()) continue;
      for (const Object* r : it->second) {
        if (r == op) return true;
        auto st = stage_of.find(r);
        if (st != stage_of.end() && seen.insert(r).second) todo.push_back(st->second);
      }
    }
    return false;
  };
  // Every reader of a stage computed at a loop of P must be P or a stage computed at P's loops
  // (that the reader's loop is not outside the producer's is checked at bound inference).
  for (const Stage& s : sch->stages) {
    if (s->attach_type != kScope) continue;
    Stage parent = Downcast<Stage>(s->attach_stage.value());
    if (!reads_transitively(parent.operator->(), s->op.get())) {
      TVM_THROW(ValueError) << "compute_at: stage " << parent->op->name << " does not read "
                            << s->op->name << " (directly or through other stages), so "
                            << s->op->name << " cannot be computed inside its loops";
    }
    for (const Stage& other : sch->stages) {
      if (other.same_as(parent) || other.same_as(s)) continue;
      auto rit = ctx.reads_of.find(other.get());
      if (rit == ctx.reads_of.end() || !rit->second.count(s->op.get())) continue;
      // The reader, or a stage it is computed in, must be computed at a loop of the parent.
      const StageNode* hop = other.operator->();
      while (hop->attach_type == kScope && hop->attach_stage.value().get() != parent.get()) {
        hop = static_cast<const StageNode*>(hop->attach_stage.value().get());
      }
      bool inside = hop->attach_type == kScope;
      if (!inside) {
        TVM_THROW(ValueError) << "compute_at: stage " << s->op->name << " is computed at loop "
                              << s->attach_ivar.value()->var->name_hint << " of "
                              << parent->op->name << " but is also read by " << other->op->name
                              << ", which is not computed inside a loop of " << parent->op->name
                              << " (compute " << other->op->name << " at that loop or inside "
                              << "it, or " << s->op->name << " at the root)";
      }
      const auto& leaves = parent->leaf_iter_vars;
      auto pos = [&](const IterVar& iv) {
        for (size_t k = 0; k < leaves.size(); ++k) {
          if (leaves[k].same_as(iv)) return static_cast<int64_t>(k);
        }
        return static_cast<int64_t>(-1);
      };
      int64_t ps = pos(s->attach_ivar.value()), po = pos(hop->attach_ivar.value());
      if (ps >= 0 && po >= 0 && po < ps) {
        TVM_THROW(ValueError) << "compute_at: stage " << s->op->name << " is computed at loop "
                              << s->attach_ivar.value()->var->name_hint << " of "
                              << parent->op->name << " but is read by " << other->op->name
                              << ", computed "
                              << (hop == other.operator->() ? std::string()
                                                            : "within " + std::string(hop->op->name) + " ")
                              << "at the outer loop " << hop->attach_ivar.value()->var->name_hint
                              << "; compute " << s->op->name << " at that loop or further out";
      }
    }
  }
  std::vector<Stmt> nests;
  std::vector<Tensor> realized;
  for (const Stage& s : sch->stages) {
    if (s->op.as<PlaceholderOpNode>() || s->attach_type == kInline || s->attach_type == kScope) {
      continue;
    }
    if (s->op.as<ExternOpNode>()) {
      nests.push_back(MakeExternStage(s.operator->(), ctx));
    } else if (s->op.as<ComputeOpNode>()) {
      nests.push_back(MakeComputeStage(s.operator->(), ctx, nullptr));
    } else {
      TVM_THROW(ValueError) << "lowering operations of type " << s->op->GetTypeKey()
                            << " is not supported";
    }
    for (int i = 0; i < s->op->num_outputs(); ++i) realized.push_back(s->op.output(i));
  }
  Stmt body = SeqStmt::Flatten(nests);
  // Every tensor computed at the root is realized over its whole shape around the program.
  for (size_t k = realized.size(); k-- > 0;) {
    const Tensor& t = realized[k];
    Array<Range> bounds;
    for (const PrimExpr& d : t->shape) bounds.push_back(Range::FromMinExtent(make_zero(d.dtype()), d));
    body = MakeRealize(sch[t->op].operator->(), t, bounds, body, sch[t->op]->scope);
  }
  return body;
}

TVM_REGISTER_GLOBAL("te.ScheduleOps").set_body_typed([](Schedule s) { return ScheduleOps(s); });

}  // namespace te
}  // namespace tvm
