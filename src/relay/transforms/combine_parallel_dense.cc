/*!
 * \file combine_parallel_dense.cc
 * \brief CombineParallelDense: at least `min_num_branches` nn.dense calls on the same data with
 *  the same out_dtype and weights of the same input width become one op:
 *   - to_batch_matmul (the default, as in TVM): when every weight has the same shape (U, K)
 *     and the data is 2-D (N, K), one nn.batch_matmul of the data stacked B times against the
 *     weights stacked (B, U, K); branch i is squeeze(result[i:i+1]). Per-branch constant
 *     operands of the followers are stacked along the new axis (a bias_add becomes an add of
 *     the stacked (B, 1, U) bias).
 *   - otherwise one nn.dense against the weights concatenated along U; branch i is a
 *     strided_slice of the last axis.
 *  opt_level 4.
 */
#include <tvm/runtime/registry.h>

#include "combine_parallel_op.h"

namespace tvm {
namespace relay {

namespace {

using pass_util::Shape;

class DenseCombiner : public combine::ParallelOpCombiner {
 public:
  DenseCombiner(size_t min_branches, bool to_batch)
      : ParallelOpCombiner("nn.dense", min_branches), to_batch_(to_batch) {}

 protected:
  bool IsSupported(const CallNode* call) final {
    std::optional<Shape> x = pass_util::StaticShape(call->args[0]->checked_type_);
    std::optional<Shape> w = pass_util::StaticShape(call->args[1]->checked_type_);
    if (!x || !w || w->size() != 2 || !pass_util::StaticShape(call->checked_type_)) return false;
    return !to_batch_ || x->size() == 2;
  }

  bool Compatible(const CallNode* x, const CallNode* y) final {
    const auto* a = x->attrs.as<DenseAttrs>();
    const auto* b = y->attrs.as<DenseAttrs>();
    Shape wa = *pass_util::StaticShape(x->args[1]->checked_type_);
    Shape wb = *pass_util::StaticShape(y->args[1]->checked_type_);
    if (a->out_dtype != b->out_dtype || wa[1] != wb[1] ||
        pass_util::DTypeOf(x->args[1]->checked_type_) !=
            pass_util::DTypeOf(y->args[1]->checked_type_)) {
      return false;
    }
    return !to_batch_ || wa[0] == wb[0];
  }

  Expr MakeCombined(const Expr& data, const std::vector<const CallNode*>& ops) final {
    const auto* a = ops[0]->attrs.as<DenseAttrs>();
    Array<Expr> weights;
    int64_t units = 0;
    for (const CallNode* c : ops) {
      Expr w = VisitExpr(c->args[1]);
      weights.push_back(to_batch_ ? pass_util::ExpandDims(w, 0, 1) : w);
      units += (*pass_util::StaticShape(c->args[1]->checked_type_))[0];
    }
    if (to_batch_) {
      Expr x = pass_util::ExpandDims(data, 0, 1);
      Array<Expr> copies;
      for (size_t i = 0; i < ops.size(); ++i) copies.push_back(x);
      auto attrs = make_object<BatchMatmulAttrs>();
      attrs->out_dtype = a->out_dtype;
      attrs->transpose_a = false;
      attrs->transpose_b = true;
      return pass_util::OpCall(
          "nn.batch_matmul",
          {pass_util::Concatenate(copies, 0), pass_util::Concatenate(weights, 0)}, Attrs(attrs));
    }
    auto attrs = make_object<DenseAttrs>(*a);
    if (a->units.defined()) attrs->units = Integer(IntImm(DataType::Int(64), units));
    return Call(ops[0]->op, {data, pass_util::Concatenate(weights, 0)}, Attrs(attrs));
  }

  bool Batched() const final { return to_batch_; }

  int ChannelAxis(const CallNode* call) final {
    return static_cast<int>(pass_util::StaticShape(call->checked_type_)->size()) - 1;
  }

 private:
  bool to_batch_;
};

}  // namespace

namespace transform {
tvm::transform::Pass CombineParallelDense(int min_num_branches, bool to_batch_matmul) {
  auto pass_func = [=](IRModule mod, tvm::transform::PassContext ctx) {
    return pass_util::RewriteFunctions(mod, [=](const Expr& body) {
      return DenseCombiner(static_cast<size_t>(min_num_branches), to_batch_matmul).Combine(body);
    });
  };
  return tvm::transform::CreateModulePass(pass_func, 4, "CombineParallelDense", {"InferType"});
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.CombineParallelDense")
    .set_body_typed([](int min_branches, bool to_batch_matmul) {
      if (min_branches < 2) {
        TVM_THROW(ValueError) << "CombineParallelDense: min_num_branches must be at least 2, got "
                              << min_branches;
      }
      return transform::CombineParallelDense(min_branches, to_batch_matmul);
    });

}  // namespace relay
}  // namespace tvm
