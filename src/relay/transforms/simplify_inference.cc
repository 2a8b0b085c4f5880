/*!
 * \file simplify_inference.cc
 * \brief SimplifyInference: rewrite training-only operators into their inference arithmetic.
 *
 *   batch_norm(x, gamma, beta, mean, var)[0]  ->  x * s + (beta - mean * s),
 *       s = gamma / sqrt(var + epsilon), broadcast along `axis` (gamma / beta dropped when
 *       scale / center is false);
 *   dropout(x)[0]                            ->  x.
 *
 * This runs before FoldScaleAxis and FoldConstant: with constant statistics the per-channel
 * scale and shift fold into constants, and the scale can then move into the weights.
 */
#include <tvm/relay/attrs/nn.h>
#include <tvm/relay/attrs/transform.h>
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/function.h>
#include <tvm/relay/transform.h>
#include <tvm/runtime/registry.h>

namespace tvm {
namespace relay {

namespace {

Expr CallOp(const char* name, Array<Expr> args, Attrs attrs = Attrs()) {
  return Call(Op::Get(name), args, attrs);
}

Expr ScalarLike(double v, DataType t) {
  runtime::NDArray a = runtime::NDArray::Empty({}, t, Device{kDLCPU, 0});
  if (t == DataType::Float(32)) {
    *static_cast<float*>(a->data) = static_cast<float>(v);
  } else if (t == DataType::Float(64)) {
    *static_cast<double*>(a->data) = v;
  } else {
    TVM_THROW(ValueError) << "SimplifyInference: batch_norm of dtype "
                          << runtime::DLDataType2String(t) << " is not supported";
  }
  return Constant(a);
}

/*! \brief v of shape (C,) made broadcastable against a rank-`ndim` tensor along `axis`. */
Expr AlongAxis(Expr v, int axis, int ndim) {
  int trailing = ndim - axis - 1;
  if (trailing <= 0) return v;
  auto attrs = make_object<ExpandDimsAttrs>();
  attrs->axis = 1;
  attrs->num_newaxis = trailing;
  return CallOp("expand_dims", {v}, Attrs(attrs));
}

class InferenceSimplifier : public ExprMutator {
 public:
  Expr VisitExpr_(const TupleGetItemNode* op) final {
    const auto* call = op->tuple.as<CallNode>();
    if (call && op->index == 0) {
      if (call->op.same_as(Op::Get("nn.batch_norm"))) return BatchNorm(call);
      if (call->op.same_as(Op::Get("nn.dropout"))) return VisitExpr(call->args[0]);
    }
    return ExprMutator::VisitExpr_(op);
  }

 private:
  Expr BatchNorm(const CallNode* call) {
    const auto* a = call->attrs.as<BatchNormAttrs>();
    ICHECK(a) << "batch_norm without BatchNormAttrs";
    Expr x = VisitExpr(call->args[0]);
    Expr gamma = VisitExpr(call->args[1]), beta = VisitExpr(call->args[2]);
    Expr mean = VisitExpr(call->args[3]), var = VisitExpr(call->args[4]);
    const auto* tt = call->args[0]->checked_type().as<TensorTypeNode>();
    if (tt == nullptr) TVM_THROW(ValueError) << "SimplifyInference needs InferType first";
    int ndim = static_cast<int>(tt->shape.size());
    int axis = a->axis < 0 ? a->axis + ndim : a->axis;
    Expr eps = ScalarLike(a->epsilon, tt->dtype);
    Expr inv_std = CallOp("rsqrt", {CallOp("add", {var, eps})});
    Expr scale = a->scale ? CallOp("multiply", {gamma, inv_std}) : inv_std;
    Expr shift = CallOp("negative", {CallOp("multiply", {mean, scale})});
    if (a->center) shift = CallOp("add", {shift, beta});
    Expr out = CallOp("multiply", {x, AlongAxis(scale, axis, ndim)});
    return CallOp("add", {out, AlongAxis(shift, axis, ndim)});
  }
};

}  // namespace

namespace transform {
tvm::transform::Pass SimplifyInference() {
  auto pass_func = [](IRModule mod, tvm::transform::PassContext ctx) {
    IRModule out(mod->functions, mod->attrs);
    for (const GlobalVar& gv : out->GetGlobalVars()) {
      if (const auto* fn = out->functions.at(gv).as<FunctionNode>()) {
        Expr body = InferenceSimplifier()(fn->body);
        out->Update(gv, Function(fn->params, body, fn->ret_type, fn->attrs, fn->span));
      }
    }
    return out;
  };
  return tvm::transform::CreateModulePass(pass_func, 0, "SimplifyInference", {"InferType"});
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.SimplifyInference").set_body_typed([]() {
  return transform::SimplifyInference();
});

}  // namespace relay
}  // namespace tvm
