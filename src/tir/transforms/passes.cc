/*!
 * \file passes.cc
 * \brief The Pass objects of TIR transforms (see tvm/tir/transform.h).
 */
#include <tvm/runtime/registry.h>
#include <tvm/tir/loop_transforms.h>
#include <tvm/tir/simplify_stmt.h>
#include <tvm/tir/transform.h>

namespace tvm {
namespace tir {
namespace transform {

Pass CreatePrimFuncPass(const runtime::TypedPackedFunc<PrimFunc(PrimFunc, IRModule, PassContext)>& fpass,
                        int opt_level, const std::string& name, Array<String> required) {
  auto module_pass = [fpass](IRModule mod, PassContext ctx) {
    IRModule out = mod;
    for (const GlobalVar& gv : mod->GetGlobalVars()) {
      BaseFunc f = mod->Lookup(gv);
      if (const auto* pf = f.as<PrimFuncNode>()) {
        PrimFunc updated = fpass(GetRef<PrimFunc>(pf), mod, ctx);
        if (!updated.same_as(f)) out.CopyOnWrite()->Update(gv, updated);
      }
    }
    return out;
  };
  return tvm::transform::CreateModulePass(module_pass, opt_level, name, required);
}

namespace {
/*! \brief A pass that rewrites each PrimFunc's body with `f`. */
Pass BodyPass(Stmt (*f)(Stmt), int opt_level, const char* name) {
  return CreatePrimFuncPass(
      [f](PrimFunc func, IRModule, PassContext) {
        Stmt body = f(func->body);
        if (body.same_as(func->body)) return func;
        auto n = make_object<PrimFuncNode>(*func.get());
        n->body = body;
        return PrimFunc(ObjectPtr<Object>(std::move(n)));
      },
      opt_level, name);
}
Stmt UnrollDefault(Stmt s) { return tir::UnrollLoop(std::move(s)); }
}  // namespace

Pass Simplify() { return BodyPass(SimplifyStmt, 0, "tir.Simplify"); }
Pass VectorizeLoop() { return BodyPass(tir::VectorizeLoop, 0, "tir.VectorizeLoop"); }
Pass UnrollLoop() { return BodyPass(UnrollDefault, 0, "tir.UnrollLoop"); }
Pass RemoveNoOp() { return BodyPass(tir::RemoveNoOp, 0, "tir.RemoveNoOp"); }

TVM_REGISTER_GLOBAL("tir.transform.Simplify").set_body_typed(Simplify);
TVM_REGISTER_GLOBAL("tir.transform.VectorizeLoop").set_body_typed(VectorizeLoop);
TVM_REGISTER_GLOBAL("tir.transform.UnrollLoop").set_body_typed(UnrollLoop);
TVM_REGISTER_GLOBAL("tir.transform.RemoveNoOp").set_body_typed(RemoveNoOp);

}  // namespace transform
}  // namespace tir
}  // namespace tvm
