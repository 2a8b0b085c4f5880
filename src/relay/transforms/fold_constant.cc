/*!
 * \file fold_constant.cc
 * \brief FoldConstant: every operator call whose arguments are all constants becomes the
 *  constant it computes, evaluated by compiling and running it on the CPU.
 *
 * Folding is bottom-up, so whole constant subgraphs collapse (the per-channel scale and shift
 * SimplifyInference leaves for batch_norm, a reshape of a weight, ...). Stateful operators are
 * never folded, nor "TOpNoFold" ones (random numbers: folding them would trade a kernel for
 * a constant as large as the output), nor operators with data-dependent output shapes
 * (TTruncatedOutputs: the evaluator compiles for the graph executor, which cannot run them),
 * nor host-kernel operators (THostKernel: the string operators, which only the VM runs), nor
 * calls inside
 * primitive (already fused) functions. The evaluation uses the
 * same compile path as the debug executor ("relay.backend.EvalConstant", registered by
 * tvm.relay.backend.interpreter).
 */
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/function.h>
#include <tvm/relay/op.h>
#include <tvm/relay/transform.h>
#include <tvm/runtime/registry.h>

namespace tvm {
namespace relay {

namespace {

bool IsConstantValue(const Expr& e) {
  if (e.as<ConstantNode>()) return true;
  if (const auto* t = e.as<TupleNode>()) {
    for (const Expr& f : t->fields) {
      if (!IsConstantValue(f)) return false;
    }
    return true;
  }
  return false;
}

class ConstantFolder : public ExprMutator {
 public:
  Expr VisitExpr_(const FunctionNode* op) final {
    if (op->GetAttr<Integer>(attr::kPrimitive).defined()) return GetRef<Expr>(op);
    return ExprMutator::VisitExpr_(op);
  }

  Expr VisitExpr_(const TupleGetItemNode* op) final {
    Expr tuple = VisitExpr(op->tuple);
    if (const auto* t = tuple.as<TupleNode>()) {
      if (IsConstantValue(tuple)) return t->fields[op->index];
    }
    return tuple.same_as(op->tuple) ? GetRef<Expr>(op) : TupleGetItem(tuple, op->index, op->span);
  }

  Expr VisitExpr_(const CallNode* op) final {
    static auto stateful = Op::GetAttrMap<TOpIsStateful>("TOpIsStateful");
    static auto truncated = Op::GetAttrMap<TTruncatedOutputs>("TTruncatedOutputs");
    static auto host_kernel = Op::GetAttrMap<THostKernel>("THostKernel");
    static auto no_fold = Op::GetAttrMap<TOpNoFold>("TOpNoFold");
    Expr e = ExprMutator::VisitExpr_(op);
    const auto* call = e.as<CallNode>();
    const auto* opn = call ? call->op.as<OpNode>() : nullptr;
    if (opn == nullptr || stateful.get(GetRef<Op>(opn), false) ||
        no_fold.get(GetRef<Op>(opn), false) || truncated.count(GetRef<Op>(opn)) ||
        host_kernel.count(GetRef<Op>(opn))) {
      return e;
    }
    for (const Expr& a : call->args) {
      if (!IsConstantValue(a)) return e;
    }
    static const runtime::PackedFunc* eval = runtime::Registry::Get("relay.backend.EvalConstant");
    if (eval == nullptr) {
      TVM_THROW(InternalError) << "FoldConstant needs relay.backend.EvalConstant (import "
                               << "tvm.relay)";
    }
    ObjectRef value = (*eval)(e);
    return ToExpr(value);
  }

 private:
  static Expr ToExpr(const ObjectRef& value) {
    if (const auto* arr = value.as<runtime::NDArray::ContainerType>()) {
      return Constant(GetRef<runtime::NDArray>(arr));
    }
    Array<Expr> fields;
    for (const ObjectRef& v : Downcast<Array<ObjectRef>>(value)) fields.push_back(ToExpr(v));
    return Tuple(fields);
  }
};

}  // namespace

namespace transform {
tvm::transform::Pass FoldConstant() {
  auto pass_func = [](IRModule mod, tvm::transform::PassContext ctx) {
    IRModule out(mod->functions, mod->attrs);
    for (const GlobalVar& gv : out->GetGlobalVars()) {
      if (const auto* fn = out->functions.at(gv).as<FunctionNode>()) {
        if (fn->GetAttr<Integer>(attr::kPrimitive).defined()) continue;
        Expr body = ConstantFolder()(fn->body);
        if (!body.same_as(fn->body)) {
          out->Update(gv, Function(fn->params, body, Type(), fn->attrs, fn->span));
        }
      }
    }
    return out;
  };
  return tvm::transform::CreateModulePass(pass_func, 2, "FoldConstant", {"InferType"});
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.FoldConstant").set_body_typed([]() {
  return transform::FoldConstant();
});

}  // namespace relay
}  // namespace tvm
