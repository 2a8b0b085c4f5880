/*!
 * \file split_host_device.cc
 * \brief SplitHostDevice (see split_host_device.h).
 */
#include "split_host_device.h"

#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/function.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

namespace tvm {
namespace tir {

namespace {

/*! \brief The variables a kernel region uses but does not define, in order of
 * first use. */
class FreeVarCollector : public StmtExprVisitor {
 public:
  std::vector<Var> free;

  void VisitExpr_(const VarNode* op) final { Use(op); }
  void VisitExpr_(const BufferLoadNode* op) final {
    UseBuffer(op->buffer);
    StmtExprVisitor::VisitExpr_(op);
  }
  void VisitStmt_(const BufferStoreNode* op) final {
    UseBuffer(op->buffer);
    StmtExprVisitor::VisitStmt_(op);
  }
  void VisitStmt_(const ForNode* op) final {
    defined_.insert(op->loop_var.get());
    StmtExprVisitor::VisitStmt_(op);
  }
  void VisitStmt_(const LetStmtNode* op) final {
    defined_.insert(op->var.get());
    StmtExprVisitor::VisitStmt_(op);
  }
  void VisitExpr_(const LetNode* op) final {
    defined_.insert(op->var.get());
    StmtExprVisitor::VisitExpr_(op);
  }
  void VisitStmt_(const AllocateNode* op) final {
    defined_.insert(op->buffer_var.get());
    StmtExprVisitor::VisitStmt_(op);
  }
  void VisitStmt_(const AttrStmtNode* op) final {
    if (const auto* iv = op->node.as<IterVarNode>()) {
      defined_.insert(iv->var.get());
      if (op->attr_key == attr::thread_extent || op->attr_key == attr::virtual_thread) {
        // The extent is the host's business (the launch); the kernel reads its
        // thread index.
        VisitStmt(op->body);
        return;
      }
    } else if (const auto* v = op->node.as<VarNode>()) {
      Use(v);
    }
    StmtExprVisitor::VisitStmt_(op);
  }

 private:
  void Use(const VarNode* v) {
    if (defined_.count(v) || !seen_.insert(v).second) return;
    free.push_back(GetRef<Var>(v));
  }
  void UseBuffer(const Buffer& b) {
    Use(b->data.get());
    if (b->elem_offset.defined()) VisitExpr(b->elem_offset);
    for (const PrimExpr& s : b->strides) VisitExpr(s);
  }
  std::unordered_set<const VarNode*> defined_;
  std::unordered_set<const VarNode*> seen_;
};

/*! \brief The launch extent of each thread tag in a kernel, in first-seen
 * order. */
class LaunchParamCollector : public StmtExprVisitor {
 public:
  std::vector<std::string> tags;
  std::vector<PrimExpr> extents;

  void VisitStmt_(const AttrStmtNode* op) final {
    if (op->attr_key == attr::thread_extent) {
      const auto* iv = op->node.as<IterVarNode>();
      ICHECK(iv) << "thread_extent must annotate an IterVar";
      std::string tag = iv->thread_tag;
      auto it = std::find(tags.begin(), tags.end(), tag);
      if (it == tags.end()) {
        tags.push_back(tag);
        extents.push_back(op->value);
      }
    }
    StmtExprVisitor::VisitStmt_(op);
  }
};

class KernelOutliner : public StmtExprMutator {
 public:
  KernelOutliner(std::string name, Target target) : name_(std::move(name)), target_(target) {}

  std::vector<std::pair<std::string, PrimFunc>> kernels;

  Stmt VisitStmt_(const AttrStmtNode* op) final {
    if (op->attr_key != attr::thread_extent && op->attr_key != attr::virtual_thread) {
      return StmtExprMutator::VisitStmt_(op);
    }
    Stmt region = GetRef<Stmt>(op);
    FreeVarCollector fv;
    fv(region);
    std::vector<Var> handles, scalars;
    for (const Var& v : fv.free) (v.dtype().is_handle() ? handles : scalars).push_back(v);
    Array<Var> params;
    Array<PrimExpr> call_args;
    std::string kname = name_ + "_kernel" + std::to_string(kernels.size());
    call_args.push_back(StringImm(kname));
    for (const auto* group : {&handles, &scalars}) {
      for (const Var& v : *group) {
        // The kernel parameter is the host variable itself: the two functions
        // are compiled separately, and the buffers of the region keep referring
        // to their data variables.
        params.push_back(v);
        call_args.push_back(v);
      }
    }
    LaunchParamCollector lp;
    lp(region);
    Array<String> tags;
    for (size_t i = 0; i < lp.tags.size(); ++i) {
      tags.push_back(lp.tags[i]);
      call_args.push_back(lp.extents[i]);
    }
    Stmt body = region;
    Map<String, ObjectRef> attrs;
    attrs.Set(tvm::attr::kGlobalSymbol, String(kname));
    attrs.Set("calling_conv", Integer(2));
    attrs.Set("tir.kernel_launch_params", tags);
    attrs.Set("target", target_);
    attrs.Set(attr::kNoAlias, Bool(true));
    kernels.emplace_back(kname, PrimFunc(params, body, Type(), {}, DictAttrs(attrs)));
    return Evaluate(Call(DataType::Int(32), builtin::tvm_call_packed(), call_args));
  }

 private:
  std::string name_;
  Target target_;
};

}  // namespace

namespace transform {

tvm::transform::Pass SplitHostDevice(Target target) {
  auto fpass = [target](IRModule mod, tvm::transform::PassContext ctx) {
    IRModule out = IRModule::Empty();
    int device_type = target->device_type();
    for (const GlobalVar& gv : mod->GetGlobalVars()) {
      BaseFunc f = mod->Lookup(gv);
      const auto* pf = f.as<PrimFuncNode>();
      if (pf == nullptr || pf->GetAttr<Integer>("calling_conv").value_or(Integer(0))->value == 2) {
        out->Add(gv, f);
        continue;
      }
      std::string name =
          pf->GetAttr<String>(tvm::attr::kGlobalSymbol).value_or(String(gv->name_hint));
      KernelOutliner outliner(name, target);
      auto node = make_object<PrimFuncNode>(*pf);
      node->body = outliner(pf->body);
      PrimFunc host(node);
      host = WithAttr(host, "tir.device_type", Integer(device_type));
      out->Add(gv, host);
      for (const auto& k : outliner.kernels) out->Add(GlobalVar(k.first), k.second);
    }
    return out;
  };
  return tvm::transform::CreateModulePass(fpass, 0, "tir.SplitHostDevice", {});
}

TVM_REGISTER_GLOBAL("tir.transform.SplitHostDevice").set_body_typed(SplitHostDevice);

}  // namespace transform
}  // namespace tir
}  // namespace tvm
