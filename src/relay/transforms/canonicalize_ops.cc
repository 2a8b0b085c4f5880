/*!
 * \file canonicalize_ops.cc
 * \brief CanonicalizeOps: nn.bias_add(x, b, axis) becomes add(x, b') with b' broadcastable
 *  along `axis`: b expanded with one axis of extent 1 per axis of x after `axis`
 *  (expand_dims(b, 1, n)), or b itself when `axis` is the last. A constant bias is reshaped on
 *  the host (a new constant, no op left to fold). Needs the type of x (InferType runs first
 *  when the module is not typed).
 */
#include <tvm/relay/attrs/nn.h>
#include <tvm/runtime/registry.h>

#include "pass_util.h"

namespace tvm {
namespace relay {

namespace {

using pass_util::Shape;

class OpCanonicalizer : public ExprMutator {
 public:
  Expr VisitExpr_(const CallNode* op) final {
    Expr e = ExprMutator::VisitExpr_(op);
    static const Op& bias_add = Op::Get("nn.bias_add");
    const auto* call = e.as<CallNode>();
    if (call == nullptr || !call->op.same_as(bias_add)) return e;
    const auto* attrs = call->attrs.as<BiasAddAttrs>();
    const auto* xt = op->args[0]->checked_type_.as<TensorTypeNode>();
    if (attrs == nullptr || xt == nullptr) {
      TVM_THROW(ValueError) << "CanonicalizeOps: nn.bias_add needs the type of its data (run "
                            << "InferType first); found an untyped argument";
    }
    int ndim = static_cast<int>(xt->shape.size());
    int axis = attrs->axis < 0 ? attrs->axis + ndim : attrs->axis;
    if (axis < 0 || axis >= ndim) {
      TVM_THROW(ValueError) << "CanonicalizeOps: nn.bias_add axis " << attrs->axis
                            << " is out of range for data of rank " << ndim;
    }
    int trailing = ndim - axis - 1;
    Expr bias = call->args[1];
    if (trailing > 0) {
      std::optional<Shape> bshape = pass_util::StaticShape(op->args[1]->checked_type_);
      if (const auto* c = bias.as<ConstantNode>(); c && bshape && bshape->size() == 1) {
        Shape s = *bshape;
        s.insert(s.end(), trailing, 1);
        bias = Constant(c->data.CreateView(runtime::ShapeTuple(s), DataType(c->data->dtype)));
      } else {
        bias = pass_util::ExpandDims(bias, 1, trailing);
      }
    }
    return pass_util::OpCall("add", {call->args[0], bias});
  }
};

}  // namespace

namespace transform {
tvm::transform::Pass CanonicalizeOps() {
  auto pass_func = [](IRModule mod, tvm::transform::PassContext ctx) {
    return pass_util::RewriteFunctions(mod,
                                       [](const Expr& body) { return OpCanonicalizer()(body); });
  };
  return tvm::transform::CreateModulePass(pass_func, 3, "CanonicalizeOps", {"InferType"});
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.CanonicalizeOps").set_body_typed([]() {
  return transform::CanonicalizeOps();
});

}  // namespace relay
}  // namespace tvm
