/*!
 * \file tensorize.cc
 * \brief See tensorize.h.
 */
#include "tensorize.h"

#include <tvm/arith/analyzer.h>
#include <tvm/arith/int_set.h>
#include <tvm/ir/structural_equal.h>
#include <tvm/tir/stmt_functor.h>

#include <sstream>

namespace tvm {
namespace te {

namespace {

using VarSets = std::unordered_map<const VarNode*, arith::IntSet>;

struct Region {
  Array<PrimExpr> mins;
  Array<PrimExpr> extents;
};

/*! \brief The region the sets cover, as (min, extent) per dimension. */
Region ToRegion(const std::vector<arith::IntSet>& sets, arith::Analyzer* analyzer) {
  Region r;
  for (const arith::IntSet& set : sets) {
    ICHECK(set.HasLowerBound() && set.HasUpperBound());
    r.mins.push_back(analyzer->Simplify(set.min()));
    r.extents.push_back(analyzer->Simplify(set.max() - set.min() + 1));
  }
  return r;
}

std::string Str(const ObjectRef& x) {
  std::ostringstream os;
  if (const auto* e = x.as<PrimExprNode>()) {
    os << GetRef<PrimExpr>(e);
  } else {
    os << x->GetTypeKey();
  }
  return os.str();
}

class Matcher {
 public:
  Matcher(const StageNode* s, size_t tloc) : s_(s), op_(s->op.as<ComputeOpNode>()), tloc_(tloc) {
    leaf_ = s->leaf_iter_vars[tloc];
    intrin_ = s->iter_var_attrs.Get(leaf_).value()->tensor_intrin.value();
    iop_ = intrin_->op.as<ComputeOpNode>();
  }

  [[noreturn]] void Fail(const std::string& what) {
    TVM_THROW(ValueError) << "tensorize: stage " << op_->name << " at loop "
                          << leaf_->var->name_hint << " does not match intrinsic "
                          << intrin_->name << ": " << what;
  }

  TensorizePlan Run(const std::unordered_map<const Object*, Range>& dom,
                    const Map<Var, PrimExpr>& vmap,
                    const std::function<PrimExpr(const PrimExpr&)>& prepare) {
    // 1. The region of every root axis covered by the loops from the tensorized one inward.
    VarSets inner;
    PrimExpr inner_points = make_const(DataType::Int(64), 1);
    for (size_t k = tloc_; k < s_->leaf_iter_vars.size(); ++k) {
      const IterVar& iv = s_->leaf_iter_vars[k];
      Range r = dom.at(iv.get());
      inner[iv->var.get()] = arith::IntSet::FromRange(r);
      inner_points = inner_points * cast(DataType::Int(64), r->extent);
    }
    Array<IterVar> roots = op_->root_iter_vars();
    std::vector<arith::IntSet> root_sets;
    for (const IterVar& iv : roots) {
      PrimExpr v = vmap.Get(iv->var).value_or(iv->var);
      root_sets.push_back(arith::EvalSet(v, inner));
    }
    Region root = ToRegion(root_sets, &analyzer_);
    PrimExpr covered = make_const(DataType::Int(64), 1);
    for (const PrimExpr& e : root.extents) covered = covered * cast(DataType::Int(64), e);
    if (!analyzer_.CanProveEqual(covered, inner_points)) {
      Fail("the loops inside it run " + Str(analyzer_.Simplify(inner_points)) +
           " iterations but cover a region of " + Str(analyzer_.Simplify(covered)) +
           " points (loops fused or reordered across the tensorized loop?)");
    }

    // 2. The axes spanning more than one value map, in order, to the intrinsic's axes.
    Map<Var, PrimExpr> sub;
    size_t nd = op_->axis.size();
    MatchAxes(op_->axis, iop_->axis, root, 0, &sub);
    MatchAxes(op_->reduce_axis, iop_->reduce_axis, root, nd, &sub);

    // 3. The bodies: the stage's, restricted to the region and with its reads rebased onto
    //    the intrinsic's inputs, must equal the intrinsic's.
    if (op_->body.size() != iop_->body.size()) {
      Fail("the stage has " + std::to_string(op_->body.size()) + " outputs, the intrinsic " +
           std::to_string(iop_->body.size()));
    }
    for (const IterVar& iv : iop_->root_iter_vars()) {
      intrin_vars_[iv->var.get()] = arith::IntSet::FromRange(iv->dom);
    }
    TensorizePlan plan;
    plan.intrin = intrin_;
    std::vector<PrimExpr> bodies;
    for (const PrimExpr& b : op_->body) bodies.push_back(prepare(Substitute(b, sub)));
    CollectInputs(bodies);
    for (size_t i = 0; i < bodies.size(); ++i) CompareBody(bodies[i], iop_->body[i]);

    // 4. Bindings: inputs to the regions read, outputs to the region written.
    for (size_t k = 0; k < inputs_.size(); ++k) {
      plan.inputs.push_back({intrin_->buffers[k], inputs_[k], input_regions_[k].mins,
                             input_regions_[k].extents});
    }
    Array<PrimExpr> out_mins, out_extents;
    for (size_t d = 0; d < nd; ++d) {
      out_mins.push_back(root.mins[d]);
      out_extents.push_back(root.extents[d]);
    }
    for (int i = 0; i < s_->op->num_outputs(); ++i) {
      plan.outputs.push_back(
          {intrin_->buffers[inputs_.size() + i], s_->op.output(i), out_mins, out_extents});
    }
    return plan;
  }

 private:
  /*! \brief Stage axes [offset, offset + axes.size()) of `root` against the intrinsic's. */
  void MatchAxes(const Array<IterVar>& axes, const Array<IterVar>& iaxes, const Region& root,
                 size_t offset, Map<Var, PrimExpr>* sub) {
    const char* kind = offset == 0 ? "data" : "reduction";
    if (iaxes.size() > axes.size()) {
      Fail(std::string("the intrinsic has ") + std::to_string(iaxes.size()) + " " + kind +
           " axes, the stage only " + std::to_string(axes.size()));
    }
    size_t lead = axes.size() - iaxes.size();
    for (size_t d = 0; d < axes.size(); ++d) {
      const PrimExpr& min = root.mins[offset + d];
      const PrimExpr& extent = root.extents[offset + d];
      const IterVar& iv = axes[d];
      if (d < lead) {
        if (!analyzer_.CanProveEqual(extent, 1)) {
          Fail(std::string(kind) + " axis " + iv->var->name_hint + " spans " + Str(extent) +
               " values inside the tensorized loops, but the intrinsic computes only the last " +
               std::to_string(iaxes.size()) + " " + kind + " axes");
        }
        sub->Set(iv->var, min);
        continue;
      }
      const IterVar& ia = iaxes[d - lead];
      if (!analyzer_.CanProveEqual(extent, ia->dom->extent)) {
        Fail(std::string(kind) + " axis " + iv->var->name_hint + " spans " + Str(extent) +
             " values inside the tensorized loops, but the intrinsic's axis " +
             ia->var->name_hint + " has extent " + Str(ia->dom->extent));
      }
      PrimExpr v = ia->var - ia->dom->min;
      if (v.dtype() != iv->var.dtype()) v = cast(iv->var.dtype(), v);
      sub->Set(iv->var, analyzer_.Simplify(min + v));
    }
  }

  /*! \brief The tensors the stage reads, in order of first read, and the region of each. */
  void CollectInputs(const std::vector<PrimExpr>& bodies) {
    std::vector<std::vector<Array<arith::IntSet>>> sets;
    for (const PrimExpr& b : bodies) {
      PostOrderVisit(b, [&](const ObjectRef& n) {
        const auto* load = n.as<ProducerLoadNode>();
        if (load == nullptr) return;
        Tensor t = Downcast<Tensor>(load->producer);
        size_t k = IndexOf(t);
        if (k == inputs_.size()) {
          inputs_.push_back(t);
          sets.emplace_back(t->shape.size());
        }
        for (size_t d = 0; d < load->indices.size(); ++d) {
          sets[k][d].push_back(arith::EvalSet(load->indices[d], intrin_vars_));
        }
      });
    }
    if (inputs_.size() != intrin_->inputs.size()) {
      Fail("the stage reads " + std::to_string(inputs_.size()) + " tensors, the intrinsic " +
           std::to_string(intrin_->inputs.size()));
    }
    for (size_t k = 0; k < inputs_.size(); ++k) {
      std::vector<arith::IntSet> dims;
      for (const auto& s : sets[k]) dims.push_back(arith::Union(s));
      for (const arith::IntSet& s : dims) {
        if (!s.HasLowerBound() || !s.HasUpperBound()) {
          Fail("cannot bound the region of " + std::string(inputs_[k]->GetNameHint()) + " read");
        }
      }
      Region r = ToRegion(dims, &analyzer_);
      const Tensor& in = intrin_->inputs[k];
      if (in->dtype != inputs_[k]->dtype) {
        Fail("input " + std::string(inputs_[k]->GetNameHint()) + " is " +
             runtime::DLDataType2String(inputs_[k]->dtype) + ", the intrinsic's " +
             std::string(in->GetNameHint()) + " is " + runtime::DLDataType2String(in->dtype));
      }
      if (in->shape.size() > r.extents.size()) {
        Fail("input " + std::string(in->GetNameHint()) + " of the intrinsic has more dimensions than " +
             std::string(inputs_[k]->GetNameHint()));
      }
      input_regions_.push_back(r);
    }
  }

  size_t IndexOf(const Tensor& t) const {
    for (size_t k = 0; k < inputs_.size(); ++k) {
      if (inputs_[k]->op.same_as(t->op) && inputs_[k]->value_index == t->value_index) return k;
    }
    return inputs_.size();
  }

  /*! \brief Reads of the stage's inputs become reads of the intrinsic's, rebased. */
  PrimExpr RebaseLoads(const PrimExpr& e) {
    class Rewriter : public StmtExprMutator {
     public:
      explicit Rewriter(Matcher* m) : m_(m) {}
      PrimExpr VisitExpr_(const ProducerLoadNode* op) final {
        Tensor t = Downcast<Tensor>(op->producer);
        size_t k = m_->IndexOf(t);
        ICHECK_LT(k, m_->inputs_.size());
        const Tensor& in = m_->intrin_->inputs[k];
        const Region& r = m_->input_regions_[k];
        size_t lead = op->indices.size() - in->shape.size();
        Array<PrimExpr> idx;
        for (size_t d = lead; d < op->indices.size(); ++d) {
          idx.push_back(m_->analyzer_.Simplify(VisitExpr(op->indices[d]) - r.mins[d]));
        }
        return ProducerLoad(in, idx);
      }
      Matcher* m_;
    };
    Rewriter rewriter(this);
    return rewriter.VisitExpr(e);
  }

  void CompareBody(const PrimExpr& stage_body, const PrimExpr& intrin_body) {
    const auto* rs = stage_body.as<ReduceNode>();
    const auto* ri = intrin_body.as<ReduceNode>();
    if ((rs == nullptr) != (ri == nullptr)) {
      Fail(std::string("one of the stage and the intrinsic is a reduction, the other is not"));
    }
    if (rs == nullptr) {
      CompareExpr(RebaseLoads(stage_body), intrin_body, "the computation");
      return;
    }
    if (!StructuralEqual()(rs->combiner, ri->combiner)) {
      Fail("the reductions combine differently (" + Str(rs->combiner->result[0]) + " vs " +
           Str(ri->combiner->result[0]) + ")");
    }
    for (size_t i = 0; i < rs->source.size(); ++i) {
      CompareExpr(RebaseLoads(rs->source[i]), ri->source[i], "the reduced value");
    }
    CompareExpr(RebaseLoads(rs->condition), ri->condition, "the reduction condition");
  }

  void CompareExpr(const PrimExpr& stage, const PrimExpr& intrin, const char* what) {
    PrimExpr a = analyzer_.Simplify(stage), b = analyzer_.Simplify(intrin);
    if (!StructuralEqual()(a, b)) {
      Fail(std::string(what) + " differs: the intrinsic computes " + Str(b) + ", the stage " +
           Str(a));
    }
  }

  const StageNode* s_;
  const ComputeOpNode* op_;
  size_t tloc_;
  IterVar leaf_;
  TensorIntrin intrin_;
  const ComputeOpNode* iop_;
  arith::Analyzer analyzer_;
  VarSets intrin_vars_;
  std::vector<Tensor> inputs_;
  std::vector<Region> input_regions_;
};

}  // namespace

TensorizePlan MatchTensorize(const StageNode* s, size_t tloc,
                             const std::unordered_map<const Object*, Range>& dom,
                             const Map<Var, PrimExpr>& vmap,
                             const std::function<PrimExpr(const PrimExpr&)>& prepare) {
  return Matcher(s, tloc).Run(dom, vmap, prepare);
}

}  // namespace te
}  // namespace tvm
