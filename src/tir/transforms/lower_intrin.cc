/*!
 * \file lower_intrin.cc
 * \brief LowerIntrin: math intrinsics to what the target's code generator compiles best.
 *
 * Intrinsics such as rsqrt, sigmoid, exp10 or pow exist in TIR for the schedules' sake; a
 * target has native forms for some, a library function for others, and neither for the
 * rest. Each target kind states its rules as op attributes: "<kind>.FLowerIntrinsic" on
 * "tir.<name>" is a function from the Call to its replacement (the call itself, or None,
 * keeps it); an op without a rule for the kind uses "default.FLowerIntrinsic" (the generic
 * rules: rsqrt -> 1 / sqrt, sigmoid -> 1 / (1 + exp(-x)), exp10 -> exp(x ln 10),
 * fma -> a * b + c, pow with a small integer exponent -> multiplies, log2 / log10 via log).
 * The replacement is lowered again, so rules compose (sigmoid -> exp -> expf on "c"). The
 * rules live with the code generators (src/target/intrin_rule.cc).
 *
 * It runs in tvm.build, where the target is known, after lowering (so vectorized loops are
 * already vector expressions: a rule must keep a vector form vectorizable, which is why the
 * LLVM rules keep exp, tanh and erf for the code generator's inline float32 versions).
 */
#include <tvm/runtime/registry.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>
#include <tvm/tir/transform.h>

#include <string>

namespace tvm {
namespace tir {

namespace {

class IntrinLowerer : public StmtExprMutator {
 public:
  explicit IntrinLowerer(const std::string& kind) {
    const std::string key = "FLowerIntrinsic";
    if (Op::HasAttrMap(kind + "." + key)) target_rules_ = &GetOpAttrMapBase(kind + "." + key);
    if (Op::HasAttrMap("default." + key)) default_rules_ = &GetOpAttrMapBase("default." + key);
  }

  PrimExpr VisitExpr_(const CallNode* op) final {
    PrimExpr e = StmtExprMutator::VisitExpr_(op);
    const auto* call = e.as<CallNode>();
    const auto* opn = call ? call->op.as<OpNode>() : nullptr;
    if (opn == nullptr) return e;
    Op intrin = GetRef<Op>(opn);
    const runtime::TVMRetValue* rule = nullptr;
    if (target_rules_ != nullptr) rule = target_rules_->Find(intrin);
    if (rule == nullptr && default_rules_ != nullptr) rule = default_rules_->Find(intrin);
    if (rule == nullptr) return e;
    runtime::PackedFunc f = *rule;
    runtime::TVMRetValue r = f(e);
    if (r.type_code() == kTVMNullptr) return e;
    PrimExpr lowered = r;
    if (lowered.same_as(e)) return e;
    ICHECK(lowered.dtype() == e.dtype())
        << "FLowerIntrinsic of " << opn->name << " changed the type from " << e.dtype() << " to "
        << lowered.dtype();
    return VisitExpr(lowered);
  }

 private:
  const OpAttrMapBase* target_rules_ = nullptr;
  const OpAttrMapBase* default_rules_ = nullptr;
};

std::string KindOf(const PrimFunc& func, const Optional<String>& target_kind) {
  if (target_kind.defined()) return target_kind.value();
  if (auto s = func->GetAttr<String>("target")) {
    std::string t = s.value();
    return t.substr(0, t.find(' '));
  }
  return "default";
}

}  // namespace

namespace transform {

Pass LowerIntrin(Optional<String> target_kind) {
  return CreatePrimFuncPass(
      [target_kind](PrimFunc func, IRModule, PassContext) {
        Stmt body = IntrinLowerer(KindOf(func, target_kind))(func->body);
        if (body.same_as(func->body)) return func;
        auto n = make_object<PrimFuncNode>(*func.get());
        n->body = body;
        return PrimFunc(ObjectPtr<Object>(std::move(n)));
      },
      0, "tir.LowerIntrin");
}

TVM_REGISTER_GLOBAL("tir.transform.LowerIntrin").set_body_typed([](Optional<String> kind) {
  return LowerIntrin(kind);
});

}  // namespace transform
}  // namespace tir
}  // namespace tvm
