/*!
 * \file inject_virtual_thread.cc
 * \brief InjectVirtualThread (see inject_virtual_thread.h).
 */
#include "inject_virtual_thread.h"

#include <tvm/runtime/registry.h>
#include <tvm/tir/function.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>
#include <tvm/tir/transform.h>

namespace tvm {
namespace tir {

namespace {

bool IsVirtualThread(const std::string& tag) {
  return tag.rfind("vthread", 0) == 0 || tag.rfind("cthread", 0) == 0;
}

class VirtualThreadSerializer : public StmtExprMutator {
 public:
  Stmt VisitStmt_(const AttrStmtNode* op) final {
    const auto* iv = op->node.as<IterVarNode>();
    if ((op->attr_key == attr::thread_extent || op->attr_key == attr::virtual_thread) && iv &&
        IsVirtualThread(iv->thread_tag)) {
      Stmt body = VisitStmt(op->body);
      DataType t = iv->var.dtype();
      return For(iv->var, make_zero(t), cast(t, op->value), ForKind::kSerial, body);
    }
    return StmtExprMutator::VisitStmt_(op);
  }
};

}  // namespace

Stmt InjectVirtualThread(Stmt stmt) { return VirtualThreadSerializer()(std::move(stmt)); }

namespace transform {

tvm::transform::Pass InjectVirtualThread() {
  auto fpass = [](PrimFunc f, IRModule, tvm::transform::PassContext) {
    auto node = make_object<PrimFuncNode>(*f.get());
    node->body = tir::InjectVirtualThread(f->body);
    return PrimFunc(node);
  };
  return CreatePrimFuncPass(fpass, 0, "tir.InjectVirtualThread");
}

TVM_REGISTER_GLOBAL("tir.transform.InjectVirtualThread").set_body_typed(InjectVirtualThread);

}  // namespace transform
}  // namespace tir
}  // namespace tvm
