/*!
 * \file schedule_lang.cc
 * \brief Schedule construction and the schedule primitives. Every misuse (an axis that is not
 *  a current loop of the stage, fusing loops that are not adjacent, vectorizing a reduction
 *  axis, binding a thread on a CPU-only schedule, inlining an output) is a ValueError naming
 *  the stage and the axis.
 */
#include <tvm/runtime/registry.h>
#include <tvm/te/schedule.h>
#include <tvm/tir/stmt_functor.h>

#include <algorithm>
#include <unordered_set>

namespace tvm {
namespace te {

void SplitNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("parent", &parent);
  v->Visit("outer", &outer);
  v->Visit("inner", &inner);
  v->Visit("factor", &factor);
  v->Visit("nparts", &nparts);
}
Split::Split(IterVar parent, IterVar outer, IterVar inner, PrimExpr factor, PrimExpr nparts) {
  auto n = make_object<SplitNode>();
  n->parent = std::move(parent);
  n->outer = std::move(outer);
  n->inner = std::move(inner);
  n->factor = std::move(factor);
  n->nparts = std::move(nparts);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(SplitNode);

void FuseNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("outer", &outer);
  v->Visit("inner", &inner);
  v->Visit("fused", &fused);
}
Fuse::Fuse(IterVar outer, IterVar inner, IterVar fused) {
  auto n = make_object<FuseNode>();
  n->outer = std::move(outer);
  n->inner = std::move(inner);
  n->fused = std::move(fused);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(FuseNode);
TVM_REGISTER_OBJECT_TYPE(IterVarRelationNode);

void IterVarAttrNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("iter_type", &iter_type);
  v->Visit("bind_thread", &bind_thread);
  v->Visit("pragma_keys", &pragma_keys);
  v->Visit("pragma_values", &pragma_values);
  v->Visit("tensor_intrin", &tensor_intrin);
  v->Visit("dim_align_factor", &dim_align_factor);
  v->Visit("dim_align_offset", &dim_align_offset);
}
TVM_REGISTER_NODE_TYPE(IterVarAttrNode);

void StageNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("op", &op);
  v->Visit("origin_op", &origin_op);
  v->Visit("all_iter_vars", &all_iter_vars);
  v->Visit("leaf_iter_vars", &leaf_iter_vars);
  v->Visit("relations", &relations);
  v->Visit("iter_var_attrs", &iter_var_attrs);
  v->Visit("attach_type", &attach_type);
  v->Visit("attach_ivar", &attach_ivar);
  v->Visit("attach_stage", &attach_stage);
  v->Visit("scope", &scope);
  v->Visit("is_output", &is_output);
  v->Visit("double_buffer", &double_buffer);
}
TVM_REGISTER_NODE_TYPE(StageNode);

void ScheduleNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("outputs", &outputs);
  v->Visit("stages", &stages);
  v->Visit("stage_map", &stage_map);
}
TVM_REGISTER_NODE_TYPE(ScheduleNode);

Stage::Stage(Operation op) {
  auto n = make_object<StageNode>();
  n->op = op;
  n->origin_op = op;
  n->all_iter_vars = op->root_iter_vars();
  n->leaf_iter_vars = op->root_iter_vars();
  data_ = std::move(n);
}

namespace {
std::string StageName(const StageNode* s) { return s->op->name; }

/*! \brief Position of iv among the stage's current loops; ValueError if it is not one. */
size_t LeafIndex(const StageNode* s, const IterVar& iv, const char* primitive) {
  for (size_t i = 0; i < s->leaf_iter_vars.size(); ++i) {
    if (s->leaf_iter_vars[i].same_as(iv)) return i;
  }
  bool known = false;
  for (const IterVar& x : s->all_iter_vars) known = known || x.same_as(iv);
  if (known) {
    TVM_THROW(ValueError) << primitive << ": axis " << iv->var->name_hint << " of stage "
                          << StageName(s) << " was already split or fused; use the axes that "
                          << "replaced it";
  }
  TVM_THROW(ValueError) << primitive << ": axis " << iv->var->name_hint
                        << " does not belong to stage " << StageName(s)
                        << " (it is an axis of another operation)";
}

void CheckMutable(const StageNode* s, const char* primitive) {
  if (s->op.as<PlaceholderOpNode>()) {
    TVM_THROW(ValueError) << primitive << ": stage " << StageName(s)
                          << " is a placeholder (an input) and has no loops to schedule";
  }
  if (s->attach_type == kInline) {
    TVM_THROW(ValueError) << primitive << ": stage " << StageName(s)
                          << " is inlined (compute_inline) and has no loops of its own";
  }
}

IterVarAttrNode* MutableAttr(StageNode* s, const IterVar& iv) {
  Optional<IterVarAttr> old = s->iter_var_attrs.Get(iv);
  ObjectPtr<IterVarAttrNode> n = old.defined()
                                     ? make_object<IterVarAttrNode>(*old.value().operator->())
                                     : make_object<IterVarAttrNode>();
  IterVarAttrNode* raw = n.get();
  s->iter_var_attrs.Set(iv, IterVarAttr(ObjectPtr<Object>(std::move(n))));
  return raw;
}

void ReplaceLeaves(StageNode* s, size_t pos, size_t count, const std::vector<IterVar>& with) {
  std::vector<IterVar> leaves(s->leaf_iter_vars.begin(), s->leaf_iter_vars.end());
  leaves.erase(leaves.begin() + pos, leaves.begin() + pos + count);
  leaves.insert(leaves.begin() + pos, with.begin(), with.end());
  s->leaf_iter_vars = Array<IterVar>(leaves);
}

void SplitHelper(StageNode* s, IterVar parent, PrimExpr factor, PrimExpr nparts,
                 IterVar* p_outer, IterVar* p_inner) {
  CheckMutable(s, "split");
  size_t pos = LeafIndex(s, parent, "split");
  for (const PrimExpr& f : {factor, nparts}) {
    if (!f.defined()) continue;
    if (const auto* imm = f.as<IntImmNode>()) {
      if (imm->value <= 0) {
        TVM_THROW(ValueError) << "split: the factor of axis " << parent->var->name_hint
                              << " of stage " << StageName(s) << " must be positive, got "
                              << imm->value;
      }
    }
  }
  DataType t = parent->var.dtype();
  IterVarType kind = parent->iter_type == kCommReduce ? kCommReduce : kDataPar;
  IterVar outer(Range(), Var(parent->var->name_hint + ".outer", t), kind);
  IterVar inner(Range(), Var(parent->var->name_hint + ".inner", t), kind);
  s->relations.push_back(Split(parent, outer, inner, factor.defined() ? cast(t, factor) : factor,
                               nparts.defined() ? cast(t, nparts) : nparts));
  s->all_iter_vars.push_back(outer);
  s->all_iter_vars.push_back(inner);
  ReplaceLeaves(s, pos, 1, {outer, inner});
  *p_outer = outer;
  *p_inner = inner;
}
}  // namespace

Stage& Stage::split(IterVar parent, PrimExpr factor, IterVar* p_outer, IterVar* p_inner) {
  SplitHelper(operator->(), parent, factor, PrimExpr(), p_outer, p_inner);
  return *this;
}

Stage& Stage::split_by_nparts(IterVar parent, PrimExpr nparts, IterVar* p_outer,
                              IterVar* p_inner) {
  SplitHelper(operator->(), parent, PrimExpr(), nparts, p_outer, p_inner);
  return *this;
}

Stage& Stage::fuse(IterVar outer, IterVar inner, IterVar* p_target) {
  StageNode* s = operator->();
  CheckMutable(s, "fuse");
  size_t po = LeafIndex(s, outer, "fuse");
  size_t pi = LeafIndex(s, inner, "fuse");
  if (pi != po + 1) {
    TVM_THROW(ValueError) << "fuse: axes " << outer->var->name_hint << " and "
                          << inner->var->name_hint << " of stage " << StageName(s)
                          << " are not adjacent with the first outside the second (loop order "
                          << "positions " << po << " and " << pi << ")";
  }
  if ((outer->iter_type == kCommReduce) != (inner->iter_type == kCommReduce)) {
    TVM_THROW(ValueError) << "fuse: cannot fuse a reduction axis with a data axis in stage "
                          << StageName(s);
  }
  DataType t = outer->var.dtype().bits() >= inner->var.dtype().bits() ? outer->var.dtype()
                                                                       : inner->var.dtype();
  IterVar fused(Range(), Var(outer->var->name_hint + "." + inner->var->name_hint + ".fused", t),
                outer->iter_type);
  s->relations.push_back(Fuse(outer, inner, fused));
  s->all_iter_vars.push_back(fused);
  ReplaceLeaves(s, po, 2, {fused});
  *p_target = fused;
  return *this;
}

Stage& Stage::fuse(const Array<IterVar>& axes, IterVar* p_target) {
  StageNode* s = operator->();
  CheckMutable(s, "fuse");
  if (axes.empty()) {
    // A new outermost loop of extent 1 (TVM's convention): a split by nparts 1 of nothing is
    // not expressible, so use a singleton fused axis at the front.
    IterVar single(Range::FromMinExtent(0, 1), Var("singleton", DataType::Int(32)), kDataPar);
    s->all_iter_vars.push_back(single);
    ReplaceLeaves(s, 0, 0, {single});
    *p_target = single;
    return *this;
  }
  IterVar fused = axes[0];
  for (size_t i = 1; i < axes.size(); ++i) {
    IterVar next;
    fuse(fused, axes[i], &next);
    fused = next;
  }
  *p_target = fused;
  return *this;
}

Stage& Stage::reorder(const Array<IterVar>& order) {
  StageNode* s = operator->();
  CheckMutable(s, "reorder");
  std::vector<size_t> pos;
  std::unordered_set<const Object*> seen;
  for (const IterVar& iv : order) {
    if (!seen.insert(iv.get()).second) {
      TVM_THROW(ValueError) << "reorder: axis " << iv->var->name_hint << " of stage "
                            << StageName(s) << " appears twice";
    }
    pos.push_back(LeafIndex(s, iv, "reorder"));
  }
  std::vector<size_t> sorted = pos;
  std::sort(sorted.begin(), sorted.end());
  std::vector<IterVar> leaves(s->leaf_iter_vars.begin(), s->leaf_iter_vars.end());
  for (size_t i = 0; i < sorted.size(); ++i) leaves[sorted[i]] = order[i];
  s->leaf_iter_vars = Array<IterVar>(leaves);
  return *this;
}

Stage& Stage::tile(IterVar x_parent, IterVar y_parent, PrimExpr x_factor, PrimExpr y_factor,
                   IterVar* p_x_outer, IterVar* p_y_outer, IterVar* p_x_inner,
                   IterVar* p_y_inner) {
  split(x_parent, x_factor, p_x_outer, p_x_inner);
  split(y_parent, y_factor, p_y_outer, p_y_inner);
  reorder({*p_x_outer, *p_y_outer, *p_x_inner, *p_y_inner});
  return *this;
}

namespace {
void Annotate(StageNode* s, const IterVar& iv, IterVarType kind, const char* primitive) {
  CheckMutable(s, primitive);
  LeafIndex(s, iv, primitive);
  if (iv->iter_type == kCommReduce && (kind == kVectorized || kind == kParallelized)) {
    TVM_THROW(ValueError) << primitive << ": axis " << iv->var->name_hint << " of stage "
                          << StageName(s) << " is a reduction axis; iterations of a reduction "
                          << "depend on each other (use rfactor first)";
  }
  MutableAttr(s, iv)->iter_type = kind;
}
}  // namespace

Stage& Stage::vectorize(IterVar var) {
  Annotate(operator->(), var, kVectorized, "vectorize");
  return *this;
}
Stage& Stage::parallel(IterVar var) {
  Annotate(operator->(), var, kParallelized, "parallel");
  return *this;
}
Stage& Stage::unroll(IterVar var) {
  Annotate(operator->(), var, kUnrolled, "unroll");
  return *this;
}

Stage& Stage::bind(IterVar ivar, IterVar thread_ivar) {
  StageNode* s = operator->();
  CheckMutable(s, "bind");
  LeafIndex(s, ivar, "bind");
  if (thread_ivar->iter_type != kThreadIndex || thread_ivar->thread_tag.empty()) {
    TVM_THROW(ValueError) << "bind: the second argument must be a thread axis made with "
                          << "te.thread_axis(\"threadIdx.x\") (or blockIdx/vthread)";
  }
  IterVarAttrNode* a = MutableAttr(s, ivar);
  a->iter_type = kThreadIndex;
  a->bind_thread = thread_ivar;
  return *this;
}

Stage& Stage::pragma(IterVar var, const std::string& pragma_type, const PrimExpr& pragma_value) {
  StageNode* s = operator->();
  CheckMutable(s, "pragma");
  LeafIndex(s, var, "pragma");
  IterVarAttrNode* a = MutableAttr(s, var);
  a->pragma_keys.push_back(String(pragma_type));
  a->pragma_values.push_back(pragma_value.defined() ? pragma_value : PrimExpr(1));
  return *this;
}

Stage& Stage::tensorize(IterVar var, TensorIntrin f) {
  StageNode* s = operator->();
  CheckMutable(s, "tensorize");
  LeafIndex(s, var, "tensorize");
  if (!f.defined()) TVM_THROW(ValueError) << "tensorize: the tensor intrinsic is None";
  if (!s->op.as<ComputeOpNode>()) {
    TVM_THROW(ValueError) << "tensorize: stage " << StageName(s)
                          << " is not a compute stage; only computations can be matched";
  }
  for (const IterVar& leaf : s->leaf_iter_vars) {
    Optional<IterVarAttr> a = s->iter_var_attrs.Get(leaf);
    if (!leaf.same_as(var) && a.defined() && a.value()->tensor_intrin.defined()) {
      TVM_THROW(ValueError) << "tensorize: stage " << StageName(s) << " is already tensorized at "
                            << leaf->var->name_hint;
    }
  }
  IterVarAttrNode* a = MutableAttr(s, var);
  a->iter_type = kTensorized;
  a->tensor_intrin = f;
  return *this;
}

Stage& Stage::double_buffer() {
  StageNode* s = operator->();
  CheckMutable(s, "double_buffer");
  if (s->attach_type != kScope) {
    TVM_THROW(ValueError) << "double_buffer: stage " << StageName(s)
                          << " must be computed at a loop of another stage (compute_at) first: "
                          << "its two buffers alternate between iterations of that loop";
  }
  s->double_buffer = true;
  return *this;
}

Stage& Stage::storage_align(IterVar axis, int factor, int offset) {
  StageNode* s = operator->();
  CheckMutable(s, "storage_align");
  const auto* compute = s->op.as<ComputeOpNode>();
  bool is_dim = compute && std::any_of(compute->axis.begin(), compute->axis.end(),
                                       [&](const IterVar& iv) { return iv.same_as(axis); });
  if (!is_dim) {
    TVM_THROW(ValueError) << "storage_align: axis "
                          << (axis.defined() ? axis->var->name_hint : String("None"))
                          << " is not a dimension of the tensor of stage " << StageName(s)
                          << "; expected one of its op.axis";
  }
  if (factor <= 0 || offset < 0 || offset >= factor) {
    TVM_THROW(ValueError) << "storage_align: axis " << axis->var->name_hint << " of stage "
                          << StageName(s) << " needs factor > 0 and 0 <= offset < factor, got "
                          << "factor " << factor << " and offset " << offset;
  }
  IterVarAttrNode* a = MutableAttr(s, axis);
  a->dim_align_factor = factor;
  a->dim_align_offset = offset;
  return *this;
}

Stage& Stage::compute_inline() {
  StageNode* s = operator->();
  CheckMutable(s, "compute_inline");
  const auto* compute = s->op.as<ComputeOpNode>();
  if (compute == nullptr) {
    TVM_THROW(ValueError) << "compute_inline: only compute stages can be inlined ("
                          << StageName(s) << ")";
  }
  if (!compute->reduce_axis.empty()) {
    TVM_THROW(ValueError) << "compute_inline: stage " << StageName(s)
                          << " is a reduction and cannot be inlined into its consumers";
  }
  if (s->is_output) {
    TVM_THROW(ValueError) << "compute_inline: stage " << StageName(s)
                          << " is an output of the schedule and must be computed";
  }
  s->attach_type = kInline;
  return *this;
}

Stage& Stage::compute_at(Stage parent, IterVar scope) {
  StageNode* s = operator->();
  CheckMutable(s, "compute_at");
  if (!parent.defined()) TVM_THROW(ValueError) << "compute_at: the parent stage is None";
  if (parent.same_as(*this)) {
    TVM_THROW(ValueError) << "compute_at: stage " << StageName(s) << " cannot be attached to itself";
  }
  if (s->op.as<ExternOpNode>()) {
    TVM_THROW(ValueError) << "compute_at: stage " << StageName(s)
                          << " is an extern operation, which is computed whole at the root";
  }
  // That the parent reads the stage (directly, or through other stages, which may be inlined
  // or computed at the same loop; rfactor and cache stages may still be inserted) is checked
  // at lowering (ScheduleOps), with the rule that every reader is inside the attach loop.
  LeafIndex(parent.operator->(), scope, "compute_at");
  if (s->is_output) {
    TVM_THROW(ValueError) << "compute_at: stage " << StageName(s)
                          << " is an output of the schedule and must be computed at the root";
  }
  s->attach_type = kScope;
  s->attach_ivar = scope;
  s->attach_stage = parent;
  return *this;
}

Stage& Stage::compute_root() {
  StageNode* s = operator->();
  if (s->op.as<PlaceholderOpNode>()) {
    TVM_THROW(ValueError) << "compute_root: stage " << StageName(s) << " is a placeholder";
  }
  s->attach_type = kGroupRoot;
  s->attach_ivar = Optional<IterVar>();
  s->attach_stage = Optional<ObjectRef>();
  return *this;
}

Schedule::Schedule(Array<Operation> ops) {
  auto n = make_object<ScheduleNode>();
  n->outputs = ops;
  // Post-order DFS from the outputs gives the stages in dependency order.
  std::vector<Operation> order;
  std::unordered_set<const Object*> visited;
  std::function<void(const Operation&)> visit = [&](const Operation& op) {
    if (!visited.insert(op.get()).second) return;
    for (const Tensor& t : op->InputTensors()) visit(t->op);
    order.push_back(op);
  };
  for (const Operation& op : ops) {
    if (!op.defined()) TVM_THROW(ValueError) << "create_schedule: an output operation is None";
    visit(op);
  }
  for (const Operation& op : order) {
    Stage stage(op);
    for (const Operation& out : ops) stage->is_output = stage->is_output || out.same_as(op);
    n->stages.push_back(stage);
    n->stage_map.Set(op, stage);
  }
  data_ = std::move(n);
}

Stage Schedule::operator[](const Operation& op) const {
  Optional<Stage> s = (*this)->stage_map.Get(op);
  if (!s.defined()) {
    TVM_THROW(ValueError) << "operation " << (op.defined() ? op->name.str() : "None")
                          << " is not part of this schedule (it is not needed to compute the "
                             "schedule's outputs)";
  }
  return s.value();
}

// ---- caches ----------------------------------------------------------------------------------
namespace {
/*! \brief Replaces reads of some tensors by reads of others (by op and output index). */
class TensorReplacer : public StmtExprMutator {
 public:
  explicit TensorReplacer(std::function<Optional<Tensor>(const Tensor&)> f) : f_(std::move(f)) {}
  PrimExpr VisitExpr_(const ProducerLoadNode* op) final {
    PrimExpr e = StmtExprMutator::VisitExpr_(op);
    const auto* load = e.as<ProducerLoadNode>();
    Optional<Tensor> r = f_(Downcast<Tensor>(load->producer));
    return r.defined() ? ProducerLoad(r.value(), load->indices) : e;
  }

 private:
  std::function<Optional<Tensor>(const Tensor&)> f_;
};

bool SameTensor(const Tensor& a, const Tensor& b) {
  return a->op.same_as(b->op) && a->value_index == b->value_index;
}

/*! \brief A copy of a compute op with another body and the same axes (so schedules stay valid). */
ComputeOp WithBody(const ComputeOpNode* op, Array<PrimExpr> body) {
  return ComputeOp(op->name, op->tag, op->attrs, op->axis, body);
}

size_t StageIndex(const ScheduleNode* sch, const Stage& stage) {
  for (size_t i = 0; i < sch->stages.size(); ++i) {
    if (sch->stages[i].same_as(stage)) return i;
  }
  ICHECK(false) << "stage not in schedule";
  return 0;
}

void InsertStage(ScheduleNode* sch, size_t pos, const Stage& stage) {
  std::vector<Stage> stages(sch->stages.begin(), sch->stages.end());
  stages.insert(stages.begin() + pos, stage);
  sch->stages = Array<Stage>(stages);
  sch->stage_map.Set(stage->op, stage);
}
}  // namespace

Operation Schedule::Resolve(const Operation& op) const {
  Optional<Stage> s = (*this)->stage_map.Get(op);
  return s.defined() ? s.value()->op : op;
}

Tensor Schedule::cache_read(const Tensor& tensor, const std::string& scope,
                            const Array<Operation>& readers) {
  ScheduleNode* sch = operator->();
  Tensor source = Resolve(tensor->op).output(tensor->value_index);
  std::string name = tensor->GetNameHint().str() + "." + scope;
  Tensor cache = compute(
      tensor->shape, [&](const Array<Var>& i) { return source(Array<PrimExpr>(i.begin(), i.end())); },
      name);
  if (readers.empty()) TVM_THROW(ValueError) << "cache_read: no readers given for " << name;
  size_t first_reader = sch->stages.size();
  for (const Operation& r : readers) {
    Stage rs = (*this)[r];
    const auto* cop = rs->op.as<ComputeOpNode>();
    if (cop == nullptr) {
      TVM_THROW(ValueError) << "cache_read: reader " << r->name << " is not a compute stage";
    }
    bool reads = false;
    TensorReplacer replace([&](const Tensor& t) -> Optional<Tensor> {
      if (SameTensor(t, tensor) || SameTensor(t, source)) {
        reads = true;
        return cache;
      }
      return Optional<Tensor>();
    });
    std::vector<PrimExpr> body;
    for (const PrimExpr& b : cop->body) body.push_back(replace.VisitExpr(b));
    if (!reads) {
      TVM_THROW(ValueError) << "cache_read: " << r->name << " does not read "
                            << tensor->GetNameHint();
    }
    ComputeOp updated = WithBody(cop, Array<PrimExpr>(body));
    rs->op = updated;
    sch->stage_map.Set(updated, rs);
    first_reader = std::min(first_reader, StageIndex(sch, rs));
  }
  Stage cs(cache->op);
  cs->scope = scope;
  InsertStage(sch, first_reader, cs);
  return cache;
}

Tensor Schedule::cache_write(const Tensor& tensor, const std::string& scope) {
  ScheduleNode* sch = operator->();
  Stage stage = (*this)[tensor->op];
  const auto* cop = stage->op.as<ComputeOpNode>();
  if (cop == nullptr) {
    TVM_THROW(ValueError) << "cache_write: " << tensor->GetNameHint() << " is not a compute stage";
  }
  if (cop->num_outputs() != 1) {
    TVM_THROW(ValueError) << "cache_write: " << tensor->GetNameHint()
                          << " has several outputs, which is not supported yet";
  }
  if (!stage->relations.empty() || !stage->iter_var_attrs.empty() ||
      stage->attach_type != kGroupRoot) {
    TVM_THROW(ValueError) << "cache_write: stage " << cop->name
                          << " is already scheduled; call cache_write before scheduling it";
  }
  // The cache computes the original body over fresh axes.
  Map<Var, PrimExpr> vmap;
  Array<IterVar> axis;
  for (const IterVar& iv : cop->axis) {
    IterVar c(iv->dom, Var(iv->var->name_hint + ".c", iv->var.dtype()), iv->iter_type);
    axis.push_back(c);
    vmap.Set(iv->var, c->var);
  }
  Array<IterVar> raxis;
  for (const IterVar& iv : cop->reduce_axis) {
    IterVar c(iv->dom, Var(iv->var->name_hint, iv->var.dtype()), iv->iter_type);
    raxis.push_back(c);
    vmap.Set(iv->var, c->var);
  }
  PrimExpr body = cop->body[0];
  if (const auto* red = body.as<ReduceNode>()) {
    Array<PrimExpr> source;
    for (const PrimExpr& e : red->source) source.push_back(Substitute(e, vmap));
    Array<PrimExpr> init;
    for (const PrimExpr& e : red->init) init.push_back(Substitute(e, vmap));
    body = Reduce(red->combiner, source, raxis, Substitute(red->condition, vmap), red->value_index,
                  init);
  } else {
    body = Substitute(body, vmap);
  }
  ComputeOp cache_op(cop->name + "." + scope, cop->tag, cop->attrs, axis, {body});
  Tensor cache = cache_op.output(0);
  Array<PrimExpr> idx;
  for (const IterVar& iv : cop->axis) idx.push_back(iv->var);
  ComputeOp copy = WithBody(cop, {cache(idx)});
  stage->op = copy;
  stage->all_iter_vars = copy->root_iter_vars();
  stage->leaf_iter_vars = copy->root_iter_vars();
  sch->stage_map.Set(copy, stage);
  Stage cs(cache_op);
  cs->scope = scope;
  InsertStage(sch, StageIndex(sch, stage), cs);
  return cache;
}

// ---- Python API ------------------------------------------------------------------------------
TVM_REGISTER_GLOBAL("te.ScheduleCacheRead").set_body_typed([](Schedule s, Tensor t, std::string scope,
                                                              Array<Operation> readers) {
  return s.cache_read(t, scope, readers);
});
TVM_REGISTER_GLOBAL("te.ScheduleCacheWrite").set_body_typed([](Schedule s, Tensor t,
                                                               std::string scope) {
  return s.cache_write(t, scope);
});
TVM_REGISTER_GLOBAL("te.CreateSchedule").set_body_typed([](Array<Operation> ops) {
  return Schedule(ops);
});
TVM_REGISTER_GLOBAL("te.ScheduleGetStage").set_body_typed([](Schedule s, Operation op) {
  return s[op];
});
TVM_REGISTER_GLOBAL("te.StageSplitByFactor").set_body_typed([](Stage s, IterVar parent,
                                                               PrimExpr factor) {
  IterVar outer, inner;
  s.split(parent, factor, &outer, &inner);
  return Array<IterVar>{outer, inner};
});
TVM_REGISTER_GLOBAL("te.StageSplitByNParts").set_body_typed([](Stage s, IterVar parent,
                                                               PrimExpr nparts) {
  IterVar outer, inner;
  s.split_by_nparts(parent, nparts, &outer, &inner);
  return Array<IterVar>{outer, inner};
});
TVM_REGISTER_GLOBAL("te.StageFuse").set_body_typed([](Stage s, Array<IterVar> axes) {
  IterVar fused;
  s.fuse(axes, &fused);
  return fused;
});
TVM_REGISTER_GLOBAL("te.StageReorder").set_body_typed([](Stage s, Array<IterVar> order) {
  s.reorder(order);
});
TVM_REGISTER_GLOBAL("te.StageTile").set_body_typed([](Stage s, IterVar x, IterVar y, PrimExpr xf,
                                                      PrimExpr yf) {
  IterVar xo, yo, xi, yi;
  s.tile(x, y, xf, yf, &xo, &yo, &xi, &yi);
  return Array<IterVar>{xo, yo, xi, yi};
});
TVM_REGISTER_GLOBAL("te.StageVectorize").set_body_typed([](Stage s, IterVar iv) { s.vectorize(iv); });
TVM_REGISTER_GLOBAL("te.StageParallel").set_body_typed([](Stage s, IterVar iv) { s.parallel(iv); });
TVM_REGISTER_GLOBAL("te.StageUnroll").set_body_typed([](Stage s, IterVar iv) { s.unroll(iv); });
TVM_REGISTER_GLOBAL("te.StageBind").set_body_typed([](Stage s, IterVar iv, IterVar t) {
  s.bind(iv, t);
});
TVM_REGISTER_GLOBAL("te.StagePragma").set_body_typed([](Stage s, IterVar iv, std::string key,
                                                        PrimExpr value) {
  s.pragma(iv, key, value);
});
TVM_REGISTER_GLOBAL("te.StageTensorize").set_body_typed([](Stage s, IterVar iv, TensorIntrin f) {
  s.tensorize(iv, f);
});
// set_scope: the stage's buffer lives in `scope` ("local", "shared", "global"); meaningful for
// a stage computed inside another's loops, whose buffer then is per thread or per block.
TVM_REGISTER_GLOBAL("te.StageSetScope").set_body_typed([](Stage s, String scope) {
  StageNode* n = s.operator->();
  CheckMutable(n, "set_scope");
  static const char* kScopes[] = {"global", "shared", "local", "warp"};
  bool known = false;
  for (const char* k : kScopes) known = known || scope == k;
  if (!known) {
    TVM_THROW(ValueError) << "set_scope: stage " << StageName(n) << ": expected one of "
                          << "global, shared, local, warp; found \"" << scope << "\"";
  }
  n->scope = scope;
});
TVM_REGISTER_GLOBAL("te.StageDoubleBuffer").set_body_typed([](Stage s) { s.double_buffer(); });

TVM_REGISTER_GLOBAL("te.StageStorageAlign").set_body_typed([](Stage s, IterVar iv, int factor,
                                                               int offset) {
  s.storage_align(iv, factor, offset);
});
TVM_REGISTER_GLOBAL("te.StageComputeInline").set_body_typed([](Stage s) { s.compute_inline(); });
TVM_REGISTER_GLOBAL("te.StageComputeRoot").set_body_typed([](Stage s) { s.compute_root(); });
TVM_REGISTER_GLOBAL("te.StageComputeAt").set_body_typed([](Stage s, Stage parent, IterVar scope) {
  s.compute_at(parent, scope);
});

}  // namespace te
}  // namespace tvm
