/*!
 * \file combine_parallel_conv2d.cc
 * \brief CombineParallelConv2D: at least `min_num_branches` nn.conv2d calls on the same data
 *  with equal strides, padding, dilation, layouts and out_dtype, groups 1, and kernels that
 *  differ only in their output channels become one conv2d whose kernel is their
 *  concatenation along O (channels the sum); each branch reads its channels back with a
 *  strided_slice on the output's channel axis. Elementwise followers equal in every branch
 *  come along (combine_parallel_op.h). opt_level 4.
 */
#include <tvm/runtime/registry.h>

#include "combine_parallel_op.h"

namespace tvm {
namespace relay {

namespace {

using pass_util::Shape;

class Conv2DCombiner : public combine::ParallelOpCombiner {
 public:
  explicit Conv2DCombiner(size_t min_branches) : ParallelOpCombiner("nn.conv2d", min_branches) {}

 protected:
  bool IsSupported(const CallNode* call) final {
    const auto* a = call->attrs.as<Conv2DAttrs>();
    std::string out =
        a->out_layout.empty() ? std::string(a->data_layout) : std::string(a->out_layout);
    return a->groups == 1 && pass_util::IsPermutation(a->data_layout, "NCHW") &&
           pass_util::IsPermutation(out, "NCHW") &&
           pass_util::IsPermutation(a->kernel_layout, "OIHW") &&
           pass_util::StaticShape(call->args[1]->checked_type_) &&
           pass_util::StaticShape(call->checked_type_);
  }

  bool Compatible(const CallNode* x, const CallNode* y) final {
    const auto* a = x->attrs.as<Conv2DAttrs>();
    const auto* b = y->attrs.as<Conv2DAttrs>();
    StructuralEqual eq;
    if (!eq(a->strides, b->strides) || !eq(a->padding, b->padding) ||
        !eq(a->dilation, b->dilation) || a->data_layout != b->data_layout ||
        a->kernel_layout != b->kernel_layout || a->out_layout != b->out_layout ||
        a->out_dtype != b->out_dtype) {
      return false;
    }
    Shape wa = *pass_util::StaticShape(x->args[1]->checked_type_);
    Shape wb = *pass_util::StaticShape(y->args[1]->checked_type_);
    int o = pass_util::AxisOf(a->kernel_layout, 'O');
    wa[o] = wb[o] = 0;
    return wa == wb && pass_util::DTypeOf(x->args[1]->checked_type_) ==
                           pass_util::DTypeOf(y->args[1]->checked_type_);
  }

  Expr MakeCombined(const Expr& data, const std::vector<const CallNode*>& ops) final {
    const auto* a = ops[0]->attrs.as<Conv2DAttrs>();
    int o = pass_util::AxisOf(a->kernel_layout, 'O');
    Array<Expr> weights;
    int64_t channels = 0;
    for (const CallNode* c : ops) {
      weights.push_back(VisitExpr(c->args[1]));
      channels += (*pass_util::StaticShape(c->args[1]->checked_type_))[o];
    }
    auto attrs = make_object<Conv2DAttrs>(*a);
    attrs->channels = Integer(IntImm(DataType::Int(64), channels));
    return Call(ops[0]->op, {data, pass_util::Concatenate(weights, o)}, Attrs(attrs));
  }

  int ChannelAxis(const CallNode* call) final {
    const auto* a = call->attrs.as<Conv2DAttrs>();
    std::string out =
        a->out_layout.empty() ? std::string(a->data_layout) : std::string(a->out_layout);
    return pass_util::AxisOf(out, 'C');
  }
};

}  // namespace

namespace transform {
tvm::transform::Pass CombineParallelConv2D(int min_num_branches) {
  auto pass_func = [=](IRModule mod, tvm::transform::PassContext ctx) {
    return pass_util::RewriteFunctions(mod, [=](const Expr& body) {
      return Conv2DCombiner(static_cast<size_t>(min_num_branches)).Combine(body);
    });
  };
  return tvm::transform::CreateModulePass(pass_func, 4, "CombineParallelConv2D", {"InferType"});
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.CombineParallelConv2D").set_body_typed([](int min_branches) {
  if (min_branches < 2) {
    TVM_THROW(ValueError) << "CombineParallelConv2D: min_num_branches must be at least 2, got "
                          << min_branches;
  }
  return transform::CombineParallelConv2D(min_branches);
});

}  // namespace relay
}  // namespace tvm
