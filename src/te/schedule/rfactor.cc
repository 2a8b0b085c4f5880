/*!
 * \file rfactor.cc
 * \brief Schedule::rfactor: split a reduction into a partial reduction that is data-parallel
 *  over one of its reduction loops, and a smaller final reduction of the partial results.
 *
 * With B[i] = R_k src(i, k) and k split as k = ko * f + ki, rfactor(B, ki) gives
 *   B.rf[ki, i] = R_ko src(i, ko * f + ki)     where ko * f + ki < extent(k)
 *   B[i]        = R_v B.rf[v, i]               v: a new reduction axis over ki's range
 * The iterations of ki no longer depend on each other in B.rf, so they can run in parallel or
 * as vector lanes: that is what rfactor is for. The bound condition is needed only when f may
 * not divide extent(k); it joins the reduction's own condition (te.sum(..., where=)).
 *
 * Which loops go where: the reduction IterVars linked to `axis` by split/fuse relations (one
 * connected tree, "touched") are re-expressed through the leaves of that tree: `axis` becomes
 * a data axis of B.rf (at position factor_axis), the other touched leaves become B.rf's
 * reduction axes (fresh, with the ranges they had). Reduction axes not linked to `axis` move to
 * B.rf as they are, with their relations and annotations. B's stage keeps its data axes (the
 * same IterVars, with their relations and annotations) and reduces over v, innermost.
 * An init value (te.sum(..., init=)) stays with the final reduction; B.rf starts from the
 * combiner's identity. When no reduction loop is left for B.rf (rfactor on the only one), it
 * is elementwise: combiner(identity, src) where the condition holds, the identity elsewhere.
 */
#include <tvm/runtime/registry.h>
#include <tvm/te/schedule.h>
#include <tvm/tir/stmt_functor.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tvm {
namespace te {

namespace {

using IVSet = std::unordered_set<const Object*>;

std::vector<IterVar> RelationMembers(const IterVarRelation& rel) {
  if (const auto* s = rel.as<SplitNode>()) return {s->parent, s->outer, s->inner};
  const auto* f = rel.as<FuseNode>();
  ICHECK(f) << "unknown IterVar relation " << rel->GetTypeKey();
  return {f->outer, f->inner, f->fused};
}

/*! \brief `axis` and every IterVar linked to it through the stage's relations. */
IVSet LinkedTo(const StageNode* s, const IterVar& axis) {
  IVSet linked{axis.get()};
  for (bool changed = true; changed;) {
    changed = false;
    for (const IterVarRelation& rel : s->relations) {
      std::vector<IterVar> m = RelationMembers(rel);
      if (std::none_of(m.begin(), m.end(),
                       [&](const IterVar& iv) { return linked.count(iv.get()); })) {
        continue;
      }
      for (const IterVar& iv : m) changed = linked.insert(iv.get()).second || changed;
    }
  }
  return linked;
}

PrimExpr CeilDiv(PrimExpr a, PrimExpr b) { return floordiv(a + b - make_const(a.dtype(), 1), b); }

/*! \brief The range of every IterVar of the stage: roots their domain, derived ones 0-based. */
std::unordered_map<const Object*, Range> IterVarRanges(const StageNode* s) {
  std::unordered_map<const Object*, Range> dom;
  for (const IterVar& iv : s->op->root_iter_vars()) dom[iv.get()] = iv->dom;
  for (const IterVarRelation& rel : s->relations) {
    if (const auto* split = rel.as<SplitNode>()) {
      PrimExpr ext = dom.at(split->parent.get())->extent;
      PrimExpr inner = split->factor.defined() ? split->factor : CeilDiv(ext, split->nparts);
      PrimExpr outer = split->factor.defined() ? CeilDiv(ext, split->factor) : split->nparts;
      DataType t = split->parent->var.dtype();
      dom[split->outer.get()] = Range::FromMinExtent(make_zero(t), outer);
      dom[split->inner.get()] = Range::FromMinExtent(make_zero(t), inner);
    } else if (const auto* fuse = rel.as<FuseNode>()) {
      DataType t = fuse->fused->var.dtype();
      PrimExpr ext =
          cast(t, dom.at(fuse->outer.get())->extent) * cast(t, dom.at(fuse->inner.get())->extent);
      dom[fuse->fused.get()] = Range::FromMinExtent(make_zero(t), ext);
    }
  }
  return dom;
}

/*!
 * \brief Values of the linked IterVars from the values of their leaves (parent = outer * f +
 *  inner + min; outer = fused / extent(inner), inner = fused % extent(inner)); `bounds` gets
 *  parent < min + extent for every split that may not divide.
 */
void PassUpLinked(const StageNode* s, const IVSet& linked,
                  const std::unordered_map<const Object*, Range>& dom,
                  std::unordered_map<const Object*, PrimExpr>* value,
                  std::vector<PrimExpr>* bounds) {
  for (size_t k = s->relations.size(); k-- > 0;) {
    const IterVarRelation& rel = s->relations[k];
    if (!linked.count(RelationMembers(rel)[0].get())) continue;
    if (const auto* split = rel.as<SplitNode>()) {
      Range parent = dom.at(split->parent.get());
      PrimExpr factor = dom.at(split->inner.get())->extent;
      PrimExpr v = value->at(split->outer.get()) * factor + value->at(split->inner.get());
      if (!is_zero(parent->min)) v = v + parent->min;
      (*value)[split->parent.get()] = v;
      const int64_t* ext = as_const_int(parent->extent);
      const int64_t* f = as_const_int(factor);
      const int64_t* nparts = as_const_int(dom.at(split->outer.get())->extent);
      if (!(ext && f && nparts && (*f) * (*nparts) == *ext)) {
        bounds->push_back(v < parent->min + parent->extent);
      }
    } else if (const auto* fuse = rel.as<FuseNode>()) {
      PrimExpr fused = value->at(fuse->fused.get());
      PrimExpr inner_ext = cast(fused.dtype(), dom.at(fuse->inner.get())->extent);
      (*value)[fuse->outer.get()] = cast(fuse->outer->var.dtype(), floordiv(fused, inner_ext));
      (*value)[fuse->inner.get()] = cast(fuse->inner->var.dtype(), floormod(fused, inner_ext));
    }
  }
}

std::string LoopNames(const Array<IterVar>& leaves, bool reduce) {
  std::string names;
  for (const IterVar& iv : leaves) {
    if ((iv->iter_type == kCommReduce) != reduce) continue;
    names += (names.empty() ? "" : ", ") + iv->var->name_hint;
  }
  return names;
}

/*! \brief The reduction loop `axis` of stage `s`; a ValueError naming what was expected if not. */
void CheckReductionLoop(const StageNode* s, const IterVar& axis) {
  const std::string stage = s->op->name;
  if (!axis.defined())
    TVM_THROW(ValueError) << "rfactor: the axis of stage " << stage << " is None";
  bool leaf = std::any_of(s->leaf_iter_vars.begin(), s->leaf_iter_vars.end(),
                          [&](const IterVar& iv) { return iv.same_as(axis); });
  bool known = std::any_of(s->all_iter_vars.begin(), s->all_iter_vars.end(),
                           [&](const IterVar& iv) { return iv.same_as(axis); });
  const std::string expected =
      "expected one of its current reduction loops (" + LoopNames(s->leaf_iter_vars, true) + ")";
  if (!leaf && known) {
    TVM_THROW(ValueError) << "rfactor: axis " << axis->var->name_hint << " of stage " << stage
                          << " was already split or fused; " << expected;
  }
  if (!leaf) {
    TVM_THROW(ValueError) << "rfactor: axis " << axis->var->name_hint
                          << " does not belong to stage " << stage
                          << " (it is an axis of another operation); " << expected;
  }
  if (axis->iter_type != kCommReduce) {
    TVM_THROW(ValueError) << "rfactor: axis " << axis->var->name_hint << " of stage " << stage
                          << " is a data-parallel axis, not a reduction axis; " << expected;
  }
}

}  // namespace

Array<Tensor> Schedule::rfactor(const Tensor& tensor, const IterVar& axis, int factor_axis) {
  ScheduleNode* sch = operator->();
  Stage stage = (*this)[tensor->op];
  StageNode* s = stage.operator->();
  const auto* op = s->op.as<ComputeOpNode>();
  if (op == nullptr || op->reduce_axis.empty()) {
    TVM_THROW(ValueError) << "rfactor: stage " << s->op->name << " is not a reduction; expected "
                          << "a compute whose body is a reduction (te.sum, te.max, a "
                          << "te.comm_reducer, ...), found a " << s->op->GetTypeKey()
                          << (op ? " without reduction axes" : "");
  }
  CheckReductionLoop(s, axis);
  const int ndim = static_cast<int>(op->axis.size());
  const int pos = factor_axis < 0 ? factor_axis + ndim + 1 : factor_axis;
  if (pos < 0 || pos > ndim) {
    TVM_THROW(ValueError) << "rfactor: factor_axis " << factor_axis << " is out of range for "
                          << "stage " << s->op->name << " with " << ndim << " dimensions; "
                          << "expected a value in [" << -(ndim + 1) << ", " << ndim << "]";
  }
  IVSet linked = LinkedTo(s, axis);
  std::unordered_map<const Object*, Range> dom = IterVarRanges(s);
  const DataType t = axis->var.dtype();
  const Range axis_dom = dom.at(axis.get());

  // B.rf's data axes: fresh copies of B's, and the factored axis at `pos`.
  Map<Var, PrimExpr> vmap;
  std::vector<IterVar> rf_axis;
  for (const IterVar& iv : op->axis) {
    rf_axis.emplace_back(iv->dom, Var(iv->var->name_hint, iv->var.dtype()), kDataPar);
    vmap.Set(iv->var, rf_axis.back()->var);
  }
  IterVar factored(Range::FromMinExtent(make_zero(t), axis_dom->extent),
                   Var(axis->var->name_hint, t), kDataPar);
  rf_axis.insert(rf_axis.begin() + pos, factored);

  // B.rf's reduction loops, in B's loop order: fresh ones for the leaves linked to `axis`,
  // the others as they are.
  std::unordered_map<const Object*, PrimExpr> value;
  value[axis.get()] =
      is_zero(axis_dom->min) ? PrimExpr(factored->var) : factored->var + axis_dom->min;
  std::vector<IterVar> rf_loops(rf_axis);
  Array<IterVar> rf_reduce_axis;
  Map<IterVar, IterVarAttr> rf_attrs;
  for (const IterVar& leaf : s->leaf_iter_vars) {
    if (leaf->iter_type != kCommReduce || leaf.same_as(axis)) continue;
    IterVar loop = leaf;
    if (linked.count(leaf.get())) {
      loop = IterVar(dom.at(leaf.get()), Var(leaf->var->name_hint, leaf->var.dtype()), kCommReduce);
      value[leaf.get()] = loop->var;
      rf_reduce_axis.push_back(loop);
    }
    if (Optional<IterVarAttr> a = s->iter_var_attrs.Get(leaf)) rf_attrs.Set(loop, a.value());
    rf_loops.push_back(loop);
  }
  std::vector<PrimExpr> bounds;
  PassUpLinked(s, linked, dom, &value, &bounds);
  for (const IterVar& iv : op->reduce_axis) {
    if (linked.count(iv.get())) {
      vmap.Set(iv->var, value.at(iv.get()));
    } else {
      rf_reduce_axis.push_back(iv);
    }
  }

  // B.rf's body: B's reduction over the remaining loops, inside the split bounds.
  const auto* red = op->body[0].as<ReduceNode>();
  Array<PrimExpr> source;
  for (const PrimExpr& e : red->source) source.push_back(Substitute(e, vmap));
  PrimExpr cond = Substitute(red->condition, vmap);
  for (size_t k = bounds.size(); k-- > 0;) cond = is_one(cond) ? bounds[k] : (bounds[k] && cond);
  Array<PrimExpr> rf_body;
  // With no reduction loop left, each element of B.rf combines one value into the identity.
  Array<PrimExpr> single = red->combiner(red->combiner->identity_element, source);
  for (size_t i = 0; i < op->body.size(); ++i) {
    PrimExpr identity = red->combiner->identity_element[i];
    rf_body.push_back(rf_reduce_axis.empty()
                          ? (is_one(cond) ? single[i] : if_then_else(cond, single[i], identity))
                          : Reduce(red->combiner, source, rf_reduce_axis, cond,
                                   static_cast<int>(i), {}));
  }
  ComputeOp rf_op(op->name + ".rf", op->tag, {}, Array<IterVar>(rf_axis), rf_body);

  // B: the same data axes, reducing B.rf over v.
  IterVar v(Range::FromMinExtent(make_zero(t), axis_dom->extent),
            Var(axis->var->name_hint + ".v", t), kCommReduce);
  std::vector<PrimExpr> index(op->axis.size());
  std::transform(op->axis.begin(), op->axis.end(), index.begin(),
                 [](const IterVar& iv) { return PrimExpr(iv->var); });
  index.insert(index.begin() + pos, v->var);
  Array<PrimExpr> partials;
  for (int i = 0; i < rf_op->num_outputs(); ++i)
    partials.push_back(rf_op.output(i)(Array<PrimExpr>(index)));
  Array<PrimExpr> body;
  for (size_t i = 0; i < op->body.size(); ++i) {
    body.push_back(Reduce(red->combiner, partials, {v}, Bool(true), static_cast<int>(i),
                          op->body[i].as<ReduceNode>()->init));
  }
  ComputeOp final_op(op->name, op->tag, op->attrs, op->axis, body);

  // B.rf's stage: its loops, and the relations and annotations of the reduction loops it took
  // over unchanged.
  Stage rf_stage(rf_op);
  rf_stage->leaf_iter_vars = Array<IterVar>(rf_loops);
  for (const IterVar& iv : s->all_iter_vars) {
    if (iv->iter_type == kCommReduce && !linked.count(iv.get()) &&
        std::none_of(op->reduce_axis.begin(), op->reduce_axis.end(),
                     [&](const IterVar& r) { return r.same_as(iv); })) {
      rf_stage->all_iter_vars.push_back(iv);
    }
  }
  // B's stage keeps what concerns its data axes.
  Array<IterVarRelation> relations;
  for (const IterVarRelation& rel : s->relations) {
    const IterVar first = RelationMembers(rel)[0];
    if (first->iter_type != kCommReduce) {
      relations.push_back(rel);
    } else if (!linked.count(first.get())) {
      rf_stage->relations.push_back(rel);
    }
  }
  rf_stage->iter_var_attrs = rf_attrs;
  auto data_only = [](const Array<IterVar>& ivs) {
    Array<IterVar> out;
    for (const IterVar& iv : ivs) {
      if (iv->iter_type != kCommReduce) out.push_back(iv);
    }
    return out;
  };
  s->op = final_op;
  s->relations = relations;
  s->all_iter_vars = data_only(s->all_iter_vars);
  s->all_iter_vars.push_back(v);
  s->leaf_iter_vars = data_only(s->leaf_iter_vars);
  s->leaf_iter_vars.push_back(v);
  Map<IterVar, IterVarAttr> attrs;
  for (const auto& kv : s->iter_var_attrs) {
    if (kv.first->iter_type != kCommReduce) attrs.Set(kv.first, kv.second);
  }
  s->iter_var_attrs = attrs;
  sch->stage_map.Set(final_op, stage);

  // B.rf is computed (at the root) just before B.
  std::vector<Stage> stages(sch->stages.begin(), sch->stages.end());
  auto at =
      std::find_if(stages.begin(), stages.end(), [&](const Stage& x) { return x.same_as(stage); });
  ICHECK(at != stages.end());
  stages.insert(at, rf_stage);
  sch->stages = Array<Stage>(stages);
  sch->stage_map.Set(rf_op, rf_stage);

  Array<Tensor> outputs;
  for (int i = 0; i < rf_op->num_outputs(); ++i) outputs.push_back(rf_op.output(i));
  return outputs;
}

TVM_REGISTER_GLOBAL("te.ScheduleRFactor")
    .set_body_typed([](Schedule s, Tensor t, IterVar axis, int factor_axis) {
      return s.rfactor(t, axis, factor_axis);
    });

}  // namespace te
}  // namespace tvm
