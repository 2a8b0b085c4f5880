/*!
 * \file verify_gpu_launch.cc
 * \brief VerifyGPULaunch (see verify_gpu_launch.h).
 */
#include "verify_gpu_launch.h"

#include <tvm/runtime/registry.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

#include <map>
#include <string>

namespace tvm {
namespace tir {

namespace {

class LaunchChecker : public StmtExprVisitor {
 public:
  LaunchChecker(std::string fname, int64_t max_threads)
      : fname_(std::move(fname)), max_threads_(max_threads) {}

  void VisitStmt_(const AttrStmtNode* op) final {
    if (op->attr_key != attr::thread_extent && op->attr_key != attr::virtual_thread) {
      StmtExprVisitor::VisitStmt_(op);
      return;
    }
    const auto* iv = op->node.as<IterVarNode>();
    ICHECK(iv) << "thread_extent must annotate an IterVar";
    std::string tag = iv->thread_tag;
    if (op->attr_key == attr::thread_extent && tag.rfind("blockIdx.", 0) != 0 &&
        tag.rfind("threadIdx.", 0) != 0) {
      TVM_THROW(ValueError) << "function " << fname_ << " binds a loop to thread tag '" << tag
                            << "', which is not a GPU thread axis (expected blockIdx.x/y/z or "
                            << "threadIdx.x/y/z)";
    }
    bool outermost = depth_ == 0;
    if (outermost) threads_.clear();
    if (tag.rfind("threadIdx.", 0) == 0) {
      const auto* n = op->value.as<IntImmNode>();
      if (n != nullptr && !threads_.count(tag)) threads_[tag] = n->value;
    }
    ++depth_;
    StmtExprVisitor::VisitStmt_(op);
    --depth_;
    if (outermost) {
      int64_t total = 1;
      std::string dims;
      for (const auto& kv : threads_) {
        total *= kv.second;
        dims += (dims.empty() ? "" : " * ") + kv.first + "=" + std::to_string(kv.second);
      }
      if (total > max_threads_) {
        TVM_THROW(ValueError) << "function " << fname_ << " launches " << total
                              << " threads per block (" << dims << "), more than the "
                              << max_threads_ << " the target allows (max_num_threads); "
                              << "split the bound axes with a smaller factor";
      }
    }
  }

  void VisitExpr_(const BufferLoadNode* op) final {
    CheckOnDevice(op->buffer);
    StmtExprVisitor::VisitExpr_(op);
  }
  void VisitStmt_(const BufferStoreNode* op) final {
    CheckOnDevice(op->buffer);
    StmtExprVisitor::VisitStmt_(op);
  }

 private:
  void CheckOnDevice(const Buffer& buf) {
    if (depth_ > 0) return;
    TVM_THROW(ValueError) << "function " << fname_ << " accesses buffer '" << buf->name
                          << "' on the host, outside any GPU kernel: no loop around the access "
                          << "is bound to blockIdx/threadIdx. Did you forget to bind? (use "
                          << "s[T].bind(axis, te.thread_axis(\"threadIdx.x\")) on every stage "
                          << "that is not computed inline or at a bound stage)";
  }

  std::string fname_;
  int64_t max_threads_;
  int depth_{0};
  std::map<std::string, int64_t> threads_;
};

}  // namespace

void VerifyGPULaunch(const PrimFunc& func, int64_t max_threads) {
  std::string name = func->GetAttr<String>(tvm::attr::kGlobalSymbol).value_or("main");
  LaunchChecker(name, max_threads)(func->body);
}

namespace transform {

tvm::transform::Pass VerifyGPULaunch(Target target) {
  int64_t max_threads = target->kind == "opencl" ? 256 : 1024;
  for (const char* key : {"max_num_threads", "max_threads_per_block"}) {
    if (auto v = target->attrs.Get(key)) {
      if (const auto* n = v.value().as<IntImmNode>()) max_threads = n->value;
    }
  }
  auto fpass = [max_threads](IRModule mod, tvm::transform::PassContext ctx) {
    for (const GlobalVar& gv : mod->GetGlobalVars()) {
      if (const auto* f = mod->Lookup(gv).as<PrimFuncNode>()) {
        tir::VerifyGPULaunch(GetRef<PrimFunc>(f), max_threads);
      }
    }
    return mod;
  };
  return tvm::transform::CreateModulePass(fpass, 0, "tir.VerifyGPULaunch", {});
}

TVM_REGISTER_GLOBAL("tir.transform.VerifyGPULaunch").set_body_typed(VerifyGPULaunch);

}  // namespace transform
}  // namespace tir
}  // namespace tvm
