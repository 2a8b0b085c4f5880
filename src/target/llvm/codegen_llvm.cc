/*!
 * \file codegen_llvm.cc
 * \brief TIR to LLVM IR (see codegen_llvm.h and docs/codegen.md).
 */
#include "codegen_llvm.h"

#include <llvm/ADT/StringMap.h>
#include <llvm/Analysis/TargetTransformInfo.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/Host.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <tvm/runtime/c_runtime_api.h>
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/function.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tvm {
namespace codegen {

using namespace tir;  // NOLINT(*)

namespace {

void InitializeLLVM() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

/*! \brief The runtime entry points generated code calls through `__TVM<name>` pointers. */
enum RuntimeFunc {
  kFuncCall,
  kAPISetLastError,
  kBackendGetFuncFromEnv,
  kBackendAllocWorkspace,
  kBackendFreeWorkspace,
  kBackendParallelLaunch,
  kBackendParallelBarrier,
  kNumRuntimeFunc
};
const char* kRuntimeFuncNames[] = {"__TVMFuncCall",
                                   "__TVMAPISetLastError",
                                   "__TVMBackendGetFuncFromEnv",
                                   "__TVMBackendAllocWorkspace",
                                   "__TVMBackendFreeWorkspace",
                                   "__TVMBackendParallelLaunch",
                                   "__TVMBackendParallelBarrier"};

/*! \brief Allocations up to this many bytes live on the stack. */
constexpr int64_t kMaxStackAlloca = 64 * 1024;

class CodeGenLLVM : public ExprFunctor<llvm::Value*(const PrimExpr&)>,
                    public StmtFunctor<void(const Stmt&)> {
 public:
  CodeGenLLVM(llvm::LLVMContext* ctx, llvm::Module* module, llvm::TargetMachine* tm)
      : ctx_(ctx), module_(module), tm_(tm), builder_(*ctx) {
    t_void_ = llvm::Type::getVoidTy(*ctx);
    t_i8_ = llvm::Type::getInt8Ty(*ctx);
    t_i32_ = llvm::Type::getInt32Ty(*ctx);
    t_i64_ = llvm::Type::getInt64Ty(*ctx);
    t_f64_ = llvm::Type::getDoubleTy(*ctx);
    t_ptr_ = llvm::Type::getInt8PtrTy(*ctx);
    // DLTensor: data, device{type, id}, ndim, dtype{code, bits, lanes}, shape, strides, offset.
    t_device_ = llvm::StructType::create({t_i32_, t_i32_}, "DLDevice");
    t_dtype_ = llvm::StructType::create({t_i8_, t_i8_, llvm::Type::getInt16Ty(*ctx)},
                                        "DLDataType");
    t_dltensor_ = llvm::StructType::create(
        {t_ptr_, t_device_, t_i32_, t_dtype_, t_i64_->getPointerTo(), t_i64_->getPointerTo(),
         llvm::Type::getInt64Ty(*ctx)},
        "DLTensor");
    t_penv_ = llvm::StructType::create({t_ptr_, t_i32_}, "TVMParallelGroupEnv");
    module_ctx_ = DefineGlobalPtr(runtime::symbol::tvm_module_ctx);
    for (int i = 0; i < kNumRuntimeFunc; ++i) runtime_funcs_[i] = DefineGlobalPtr(kRuntimeFuncNames[i]);
    cpu_ = tm->getTargetCPU().str();
    features_ = tm->getTargetFeatureString().str();
  }

  /*! \brief Emit `f` (packed calling convention) as the function `symbol`. */
  llvm::Function* AddFunction(const PrimFunc& f, const std::string& symbol) {
    ICHECK_EQ(f->GetAttr<Integer>("calling_conv").value_or(Integer(0)).IntValue(), 1)
        << "CodeGenLLVM needs packed functions: run MakePackedAPI first (" << symbol << ")";
    ICHECK_EQ(f->params.size(), 6U);
    symbol_ = symbol;
    llvm::FunctionType* ft = llvm::FunctionType::get(
        t_i32_, {t_ptr_, t_ptr_, t_i32_, t_ptr_, t_ptr_, t_ptr_}, false);
    llvm::Function* fn = llvm::Function::Create(ft, llvm::Function::ExternalLinkage, symbol, module_);
    SetFunctionAttrs(fn);
    var_map_.clear();
    for (size_t i = 0; i < 6; ++i) {
      fn->getArg(i)->setName(std::string(f->params[i]->name_hint));
      var_map_[f->params[i].get()] = fn->getArg(i);
    }
    SetupAliasScopes(f);
    EmitFunctionBody(fn, f->body, [] {});
    return fn;
  }

  /*! \brief `const char __tvm_main__[]` naming the entry function. */
  void AddMainName(const std::string& name) {
    llvm::Constant* str = llvm::ConstantDataArray::getString(*ctx_, name);
    auto* gv = new llvm::GlobalVariable(*module_, str->getType(), true,
                                        llvm::GlobalValue::WeakAnyLinkage, str,
                                        runtime::symbol::tvm_module_main);
    gv->setAlignment(llvm::Align(1));
  }

 private:
  /*!
   * \brief Under tir.noalias, give each tensor argument and each allocation its own alias
   *  scope: every access to one is marked as not aliasing the others, which spares the LLVM
   *  vectorizer its run-time overlap checks (and makes short and outlined loops vectorize).
   */
  void SetupAliasScopes(const PrimFunc& f) {
    alias_scope_.clear();
    noalias_.clear();
    if (!f->HasNonzeroAttr(tir::attr::kNoAlias)) return;
    std::vector<const VarNode*> vars;
    PostOrderVisit(f->body, [&](const ObjectRef& n) {
      if (const auto* let = n.as<LetStmtNode>()) {
        const auto* call = let->value.as<CallNode>();
        if (call && call->op.same_as(builtin::tvm_struct_get()) &&
            Downcast<IntImm>(call->args[2])->value == kArrData) {
          vars.push_back(let->var.get());
        }
      } else if (const auto* alloc = n.as<AllocateNode>()) {
        vars.push_back(alloc->buffer_var.get());
      }
    });
    if (vars.size() < 2) return;
    llvm::MDBuilder md(*ctx_);
    llvm::MDNode* domain = md.createAnonymousAliasScopeDomain("tvm.noalias");
    std::vector<llvm::Metadata*> scopes;
    for (const VarNode* v : vars) {
      scopes.push_back(md.createAnonymousAliasScope(domain, std::string(v->name_hint)));
    }
    for (size_t i = 0; i < vars.size(); ++i) {
      std::vector<llvm::Metadata*> others;
      for (size_t j = 0; j < vars.size(); ++j) {
        if (j != i) others.push_back(scopes[j]);
      }
      alias_scope_[vars[i]] = llvm::MDNode::get(*ctx_, {scopes[i]});
      noalias_[vars[i]] = llvm::MDNode::get(*ctx_, others);
    }
  }
  void AnnotateAccess(llvm::Instruction* inst, const Buffer& buf) {
    auto it = alias_scope_.find(buf->data.get());
    if (it == alias_scope_.end()) return;
    inst->setMetadata(llvm::LLVMContext::MD_alias_scope, it->second);
    inst->setMetadata(llvm::LLVMContext::MD_noalias, noalias_[buf->data.get()]);
  }

  // ---- types ---------------------------------------------------------------------------
  llvm::Type* DTypeToLLVM(DataType t) {
    if (t.is_handle()) return t_ptr_;
    llvm::Type* s = nullptr;
    if (t.is_bool()) {
      s = llvm::Type::getInt1Ty(*ctx_);
    } else if (t.is_int() || t.is_uint()) {
      s = llvm::Type::getIntNTy(*ctx_, t.bits());
    } else if (t.is_float()) {
      switch (t.bits()) {
        case 16: s = llvm::Type::getHalfTy(*ctx_); break;
        case 32: s = llvm::Type::getFloatTy(*ctx_); break;
        case 64: s = llvm::Type::getDoubleTy(*ctx_); break;
        default: break;
      }
    } else if (t.is_bfloat16()) {
      s = llvm::Type::getInt16Ty(*ctx_);
    }
    if (s == nullptr) TVM_THROW(ValueError) << "the LLVM backend does not support dtype " << t;
    return t.lanes() == 1 ? s : llvm::FixedVectorType::get(s, t.lanes());
  }
  /*! \brief The in-memory type: booleans are stored as bytes. */
  llvm::Type* MemType(DataType t) {
    if (t.is_bool()) return DTypeToLLVM(DataType::Int(8, t.lanes()));
    return DTypeToLLVM(t);
  }

  llvm::GlobalVariable* DefineGlobalPtr(const std::string& name) {
    auto* gv = new llvm::GlobalVariable(*module_, t_ptr_, false, llvm::GlobalValue::WeakAnyLinkage,
                                        llvm::Constant::getNullValue(t_ptr_), name);
    gv->setAlignment(llvm::Align(8));
    return gv;
  }

  void SetFunctionAttrs(llvm::Function* fn) {
    if (!cpu_.empty()) fn->addFnAttr("target-cpu", cpu_);
    if (!features_.empty()) fn->addFnAttr("target-features", features_);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    if (features_.find("+avx512f") != std::string::npos) {
      // Let explicit 512-bit vectors and the vectorizer use zmm registers.
      fn->addFnAttr("prefer-vector-width", "512");
      fn->addFnAttr("min-legal-vector-width", "512");
    }
  }

  /*! \brief Emit `body` into fn (the current state is saved and restored around it). */
  template <typename FPrologue>
  void EmitFunctionBody(llvm::Function* fn, const Stmt& body, FPrologue prologue) {
    llvm::BasicBlock* entry = llvm::BasicBlock::Create(*ctx_, "entry", fn);
    function_ = fn;
    entry_block_ = entry;
    builder_.SetInsertPoint(entry);
    prologue();
    VisitStmt(body);
    if (builder_.GetInsertBlock()->getTerminator() == nullptr) {
      builder_.CreateRet(llvm::ConstantInt::get(t_i32_, 0));
    }
  }

  llvm::Value* GetVar(const VarNode* v) {
    auto it = var_map_.find(v);
    if (it == var_map_.end()) {
      TVM_THROW(InternalError) << "variable '" << v->name_hint << "' is used before it is bound "
                               << "in " << symbol_;
    }
    return it->second;
  }

  llvm::AllocaInst* EntryAlloca(llvm::Type* t, llvm::Value* count, unsigned align) {
    llvm::IRBuilder<> b(entry_block_, entry_block_->begin());
    llvm::AllocaInst* a = b.CreateAlloca(t, count);
    a->setAlignment(llvm::Align(align));
    return a;
  }

  /*! \brief Load the runtime function pointer `__TVM<name>` as a callable of type ft. */
  llvm::FunctionCallee RuntimeFunc(RuntimeFunc f, llvm::FunctionType* ft) {
    llvm::Value* p = builder_.CreateAlignedLoad(t_ptr_, runtime_funcs_[f], llvm::Align(8));
    return llvm::FunctionCallee(ft, builder_.CreatePointerCast(p, ft->getPointerTo()));
  }

  /*! \brief Return -1 from the current function when `failed` is true. */
  void ReturnOnError(llvm::Value* failed) {
    llvm::BasicBlock* fail = llvm::BasicBlock::Create(*ctx_, "call_fail", function_);
    llvm::BasicBlock* ok = llvm::BasicBlock::Create(*ctx_, "call_end", function_);
    builder_.CreateCondBr(failed, fail, ok, llvm::MDBuilder(*ctx_).createBranchWeights(1, 1 << 20));
    builder_.SetInsertPoint(fail);
    builder_.CreateRet(llvm::ConstantInt::get(t_i32_, -1));
    builder_.SetInsertPoint(ok);
  }

  llvm::Value* MakeValue(const PrimExpr& e) { return VisitExpr(e); }

  llvm::Value* Splat(llvm::Value* v, int lanes) {
    return lanes == 1 ? v : builder_.CreateVectorSplat(lanes, v);
  }

  // ---- expressions ---------------------------------------------------------------------
  llvm::Value* VisitExpr_(const VarNode* op) override { return GetVar(op); }
  llvm::Value* VisitExpr_(const IntImmNode* op) override {
    llvm::Type* t = DTypeToLLVM(op->dtype);
    if (op->dtype.is_uint()) return llvm::ConstantInt::get(t, static_cast<uint64_t>(op->value));
    return llvm::ConstantInt::getSigned(t, op->value);
  }
  llvm::Value* VisitExpr_(const FloatImmNode* op) override {
    return llvm::ConstantFP::get(DTypeToLLVM(op->dtype), op->value);
  }
  llvm::Value* VisitExpr_(const StringImmNode* op) override {
    auto it = str_map_.find(op->value);
    if (it != str_map_.end()) return it->second;
    llvm::Constant* str = llvm::ConstantDataArray::getString(*ctx_, std::string(op->value));
    auto* gv = new llvm::GlobalVariable(*module_, str->getType(), true,
                                        llvm::GlobalValue::PrivateLinkage, str, ".str");
    gv->setAlignment(llvm::Align(1));
    llvm::Constant* zero = llvm::ConstantInt::get(t_i32_, 0);
    llvm::Constant* ptr = llvm::ConstantExpr::getInBoundsGetElementPtr(
        str->getType(), gv, llvm::ArrayRef<llvm::Constant*>{zero, zero});
    str_map_[op->value] = ptr;
    return ptr;
  }

  llvm::Value* CreateCast(DataType from, DataType to, llvm::Value* v) {
    llvm::Type* target = DTypeToLLVM(to);
    if (v->getType() == target) return v;
    if (to.is_handle()) return builder_.CreateIntToPtr(v, target);
    if (from.is_handle()) return builder_.CreatePtrToInt(v, target);
    if (from.is_bfloat16() || to.is_bfloat16()) return CastBFloat16(from, to, v);
    if (to.is_bool()) {
      if (from.is_float()) return builder_.CreateFCmpUNE(v, llvm::Constant::getNullValue(v->getType()));
      return builder_.CreateICmpNE(v, llvm::Constant::getNullValue(v->getType()));
    }
    if (from.is_float() && to.is_float()) return builder_.CreateFPCast(v, target);
    if (from.is_float()) {
      return to.is_int() ? builder_.CreateFPToSI(v, target) : builder_.CreateFPToUI(v, target);
    }
    if (to.is_float()) {
      return from.is_int() ? builder_.CreateSIToFP(v, target) : builder_.CreateUIToFP(v, target);
    }
    return builder_.CreateIntCast(v, target, from.is_int());
  }
  /*!
   * \brief Casts from and to bfloat16 (stored as i16) through float32: widening is a shift
   *  into the upper half; narrowing rounds to nearest even and keeps NaN a (quiet) NaN.
   */
  llvm::Value* CastBFloat16(DataType from, DataType to, llvm::Value* v) {
    DataType f32 = DataType::Float(32, from.lanes()), i32 = DataType::Int(32, from.lanes());
    auto splat = [&](DataType t, uint64_t c) {
      return llvm::ConstantInt::get(DTypeToLLVM(t), c);
    };
    if (from.is_bfloat16()) {
      if (to.is_bfloat16()) return v;
      llvm::Value* bits =
          builder_.CreateShl(builder_.CreateZExt(v, DTypeToLLVM(i32)), splat(i32, 16));
      return CreateCast(f32, to, builder_.CreateBitCast(bits, DTypeToLLVM(f32)));
    }
    llvm::Value* bits = builder_.CreateBitCast(CreateCast(from, f32, v), DTypeToLLVM(i32));
    llvm::Value* upper = builder_.CreateLShr(bits, splat(i32, 16));
    llvm::Value* bias =
        builder_.CreateAdd(splat(i32, 0x7FFF), builder_.CreateAnd(upper, splat(i32, 1)));
    llvm::Value* rounded = builder_.CreateLShr(builder_.CreateAdd(bits, bias), splat(i32, 16));
    llvm::Value* f = builder_.CreateBitCast(bits, DTypeToLLVM(f32));
    llvm::Value* nan = builder_.CreateOr(upper, splat(i32, 0x40));
    llvm::Value* out = builder_.CreateSelect(builder_.CreateFCmpUNO(f, f), nan, rounded);
    return builder_.CreateTrunc(out, DTypeToLLVM(to));
  }
  llvm::Value* VisitExpr_(const CastNode* op) override {
    return CreateCast(op->value.dtype(), op->dtype, MakeValue(op->value));
  }

  /*! \brief nsw only for the widths used by index arithmetic (narrow ints wrap like C). */
  bool NoSignedWrap(DataType t) { return t.is_int() && t.bits() >= 32; }

  llvm::Value* VisitExpr_(const AddNode* op) override {
    llvm::Value *a = MakeValue(op->a), *b = MakeValue(op->b);
    if (op->dtype.is_float()) return builder_.CreateFAdd(a, b);
    return builder_.CreateAdd(a, b, "", false, NoSignedWrap(op->dtype));
  }
  llvm::Value* VisitExpr_(const SubNode* op) override {
    llvm::Value *a = MakeValue(op->a), *b = MakeValue(op->b);
    if (op->dtype.is_float()) return builder_.CreateFSub(a, b);
    return builder_.CreateSub(a, b, "", false, NoSignedWrap(op->dtype));
  }
  llvm::Value* VisitExpr_(const MulNode* op) override {
    llvm::Value *a = MakeValue(op->a), *b = MakeValue(op->b);
    if (op->dtype.is_float()) return builder_.CreateFMul(a, b);
    return builder_.CreateMul(a, b, "", false, NoSignedWrap(op->dtype));
  }
  llvm::Value* VisitExpr_(const DivNode* op) override {
    llvm::Value *a = MakeValue(op->a), *b = MakeValue(op->b);
    if (op->dtype.is_float()) return builder_.CreateFDiv(a, b);
    return op->dtype.is_int() ? builder_.CreateSDiv(a, b) : builder_.CreateUDiv(a, b);
  }
  llvm::Value* VisitExpr_(const ModNode* op) override {
    llvm::Value *a = MakeValue(op->a), *b = MakeValue(op->b);
    if (op->dtype.is_float()) return builder_.CreateFRem(a, b);
    return op->dtype.is_int() ? builder_.CreateSRem(a, b) : builder_.CreateURem(a, b);
  }
  /*! \brief Whether the truncated remainder r of a / b needs a floor correction. */
  llvm::Value* FloorAdjust(llvm::Value* r, llvm::Value* b) {
    llvm::Value* zero = llvm::Constant::getNullValue(r->getType());
    llvm::Value* nonzero = builder_.CreateICmpNE(r, zero);
    llvm::Value* sign_differs =
        builder_.CreateICmpNE(builder_.CreateICmpSLT(r, zero), builder_.CreateICmpSLT(b, zero));
    return builder_.CreateAnd(nonzero, sign_differs);
  }
  llvm::Value* VisitExpr_(const FloorDivNode* op) override {
    llvm::Value *a = MakeValue(op->a), *b = MakeValue(op->b);
    if (op->dtype.is_float()) return CallIntrin(llvm::Intrinsic::floor, builder_.CreateFDiv(a, b));
    if (op->dtype.is_uint()) return builder_.CreateUDiv(a, b);
    llvm::Value* q = builder_.CreateSDiv(a, b);
    llvm::Value* adj = FloorAdjust(builder_.CreateSRem(a, b), b);
    return builder_.CreateSub(q, builder_.CreateZExt(adj, q->getType()));
  }
  llvm::Value* VisitExpr_(const FloorModNode* op) override {
    llvm::Value *a = MakeValue(op->a), *b = MakeValue(op->b);
    if (op->dtype.is_float()) {
      llvm::Value* q = CallIntrin(llvm::Intrinsic::floor, builder_.CreateFDiv(a, b));
      return builder_.CreateFSub(a, builder_.CreateFMul(q, b));
    }
    if (op->dtype.is_uint()) return builder_.CreateURem(a, b);
    llvm::Value* r = builder_.CreateSRem(a, b);
    return builder_.CreateSelect(FloorAdjust(r, b), builder_.CreateAdd(r, b), r);
  }
  llvm::Value* Compare(DataType t, llvm::CmpInst::Predicate fp, llvm::CmpInst::Predicate si,
                       llvm::CmpInst::Predicate ui, llvm::Value* a, llvm::Value* b) {
    if (t.is_float()) return builder_.CreateFCmp(fp, a, b);
    if (t.is_int()) return builder_.CreateICmp(si, a, b);
    return builder_.CreateICmp(ui, a, b);
  }
#define TVM_LLVM_CMP(Node, FP, SI, UI)                                                  \
  llvm::Value* VisitExpr_(const Node* op) override {                                    \
    return Compare(op->a.dtype(), llvm::CmpInst::FP, llvm::CmpInst::SI, llvm::CmpInst::UI, \
                   MakeValue(op->a), MakeValue(op->b));                                 \
  }
  TVM_LLVM_CMP(EQNode, FCMP_OEQ, ICMP_EQ, ICMP_EQ)
  TVM_LLVM_CMP(NENode, FCMP_UNE, ICMP_NE, ICMP_NE)
  TVM_LLVM_CMP(LTNode, FCMP_OLT, ICMP_SLT, ICMP_ULT)
  TVM_LLVM_CMP(LENode, FCMP_OLE, ICMP_SLE, ICMP_ULE)
  TVM_LLVM_CMP(GTNode, FCMP_OGT, ICMP_SGT, ICMP_UGT)
  TVM_LLVM_CMP(GENode, FCMP_OGE, ICMP_SGE, ICMP_UGE)
#undef TVM_LLVM_CMP
  llvm::Value* VisitExpr_(const MinNode* op) override {
    llvm::Value *a = MakeValue(op->a), *b = MakeValue(op->b);
    DataType t = op->dtype;
    return builder_.CreateSelect(Compare(t, llvm::CmpInst::FCMP_OLT, llvm::CmpInst::ICMP_SLT,
                                         llvm::CmpInst::ICMP_ULT, a, b),
                                 a, b);
  }
  llvm::Value* VisitExpr_(const MaxNode* op) override {
    llvm::Value *a = MakeValue(op->a), *b = MakeValue(op->b);
    DataType t = op->dtype;
    return builder_.CreateSelect(Compare(t, llvm::CmpInst::FCMP_OGT, llvm::CmpInst::ICMP_SGT,
                                         llvm::CmpInst::ICMP_UGT, a, b),
                                 a, b);
  }
  llvm::Value* VisitExpr_(const AndNode* op) override {
    return builder_.CreateAnd(MakeValue(op->a), MakeValue(op->b));
  }
  llvm::Value* VisitExpr_(const OrNode* op) override {
    return builder_.CreateOr(MakeValue(op->a), MakeValue(op->b));
  }
  llvm::Value* VisitExpr_(const NotNode* op) override { return builder_.CreateNot(MakeValue(op->a)); }
  llvm::Value* VisitExpr_(const SelectNode* op) override {
    return builder_.CreateSelect(MakeValue(op->condition), MakeValue(op->true_value),
                                 MakeValue(op->false_value));
  }
  llvm::Value* VisitExpr_(const LetNode* op) override {
    llvm::Value* v = MakeValue(op->value);
    var_map_[op->var.get()] = v;
    return MakeValue(op->body);
  }
  llvm::Value* VisitExpr_(const RampNode* op) override {
    llvm::Value* base = MakeValue(op->base);
    llvm::Value* stride = MakeValue(op->stride);
    std::vector<llvm::Constant*> steps;
    for (int i = 0; i < op->lanes; ++i) steps.push_back(llvm::ConstantInt::get(base->getType(), i));
    llvm::Value* iota = llvm::ConstantVector::get(steps);
    return builder_.CreateAdd(Splat(base, op->lanes),
                              builder_.CreateMul(Splat(stride, op->lanes), iota));
  }
  llvm::Value* VisitExpr_(const BroadcastNode* op) override {
    return Splat(MakeValue(op->value), op->lanes);
  }
  llvm::Value* VisitExpr_(const ShuffleNode* op) override {
    std::vector<llvm::Value*> lanes;
    for (const PrimExpr& v : op->vectors) {
      llvm::Value* x = MakeValue(v);
      if (v.dtype().lanes() == 1) {
        lanes.push_back(x);
      } else {
        for (int i = 0; i < v.dtype().lanes(); ++i) lanes.push_back(builder_.CreateExtractElement(x, i));
      }
    }
    if (op->indices.size() == 1) return lanes[Downcast<IntImm>(op->indices[0])->value];
    llvm::Value* out = llvm::UndefValue::get(DTypeToLLVM(op->dtype));
    for (size_t i = 0; i < op->indices.size(); ++i) {
      out = builder_.CreateInsertElement(out, lanes[Downcast<IntImm>(op->indices[i])->value], i);
    }
    return out;
  }

  // ---- memory --------------------------------------------------------------------------
  PrimExpr FlatIndex(const Buffer& buf, const Array<PrimExpr>& indices) {
    if (indices.size() == 1 && (!buf->elem_offset.defined() || is_zero(buf->elem_offset))) {
      return indices[0];
    }
    return buf.ElemOffset(indices);
  }
  /*! \brief Pointer to element `index` (scalar) of buf, typed as `elem`*. */
  llvm::Value* ElemPtr(const Buffer& buf, llvm::Type* elem, llvm::Value* index) {
    llvm::Value* base = builder_.CreatePointerCast(GetVar(buf->data.get()), elem->getPointerTo());
    return builder_.CreateInBoundsGEP(elem, base, index);
  }
  const RampNode* DenseRamp(const PrimExpr& index, int lanes) {
    const auto* ramp = index.as<RampNode>();
    if (ramp != nullptr && is_one(ramp->stride) && ramp->lanes == lanes) return ramp;
    return nullptr;
  }

  llvm::Value* VisitExpr_(const BufferLoadNode* op) override {
    const Buffer& buf = op->buffer;
    DataType t = op->dtype;
    PrimExpr index = FlatIndex(buf, op->indices);
    llvm::Type* elem = MemType(buf->dtype);
    unsigned align = std::max(1, buf->dtype.bytes());
    llvm::Value* value;
    if (t == buf->dtype || index.dtype().lanes() == 1) {
      llvm::Value* ptr = ElemPtr(buf, elem, MakeValue(index));
      llvm::Type* load_t = MemType(t);
      if (load_t != elem) ptr = builder_.CreatePointerCast(ptr, load_t->getPointerTo());
      value = builder_.CreateAlignedLoad(load_t, ptr, llvm::Align(align));
      AnnotateAccess(llvm::cast<llvm::Instruction>(value), buf);
    } else if (const RampNode* ramp = DenseRamp(index, t.lanes())) {
      llvm::Value* ptr = ElemPtr(buf, elem, MakeValue(ramp->base));
      llvm::Type* vec_t = MemType(t);
      ptr = builder_.CreatePointerCast(ptr, vec_t->getPointerTo());
      value = builder_.CreateAlignedLoad(vec_t, ptr, llvm::Align(align));
      AnnotateAccess(llvm::cast<llvm::Instruction>(value), buf);
    } else {
      llvm::Value* idx = MakeValue(index);
      value = llvm::UndefValue::get(MemType(t));
      for (int i = 0; i < t.lanes(); ++i) {
        llvm::Value* ptr = ElemPtr(buf, elem, builder_.CreateExtractElement(idx, i));
        llvm::LoadInst* lane = builder_.CreateAlignedLoad(elem, ptr, llvm::Align(align));
        AnnotateAccess(lane, buf);
        value = builder_.CreateInsertElement(value, lane, i);
      }
    }
    if (t.is_bool()) value = builder_.CreateICmpNE(value, llvm::Constant::getNullValue(value->getType()));
    return value;
  }

  void VisitStmt_(const BufferStoreNode* op) override {
    const Buffer& buf = op->buffer;
    DataType t = op->value.dtype();
    PrimExpr index = FlatIndex(buf, op->indices);
    llvm::Type* elem = MemType(buf->dtype);
    unsigned align = std::max(1, buf->dtype.bytes());
    llvm::Value* value = MakeValue(op->value);
    if (t.is_bool()) value = builder_.CreateZExt(value, MemType(t));
    if (t == buf->dtype || index.dtype().lanes() == 1) {
      llvm::Value* ptr = ElemPtr(buf, elem, MakeValue(index));
      if (value->getType() != elem) ptr = builder_.CreatePointerCast(ptr, value->getType()->getPointerTo());
      AnnotateAccess(builder_.CreateAlignedStore(value, ptr, llvm::Align(align)), buf);
    } else if (const RampNode* ramp = DenseRamp(index, t.lanes())) {
      llvm::Value* ptr = ElemPtr(buf, elem, MakeValue(ramp->base));
      ptr = builder_.CreatePointerCast(ptr, value->getType()->getPointerTo());
      AnnotateAccess(builder_.CreateAlignedStore(value, ptr, llvm::Align(align)), buf);
    } else {
      llvm::Value* idx = MakeValue(index);
      for (int i = 0; i < t.lanes(); ++i) {
        llvm::Value* ptr = ElemPtr(buf, elem, builder_.CreateExtractElement(idx, i));
        AnnotateAccess(builder_.CreateAlignedStore(builder_.CreateExtractElement(value, i), ptr,
                                                   llvm::Align(align)),
                       buf);
      }
    }
  }

  // ---- calls ---------------------------------------------------------------------------
  llvm::Value* CallIntrin(llvm::Intrinsic::ID id, llvm::Value* a, llvm::Value* b = nullptr,
                          llvm::Value* c = nullptr) {
    llvm::Function* f = llvm::Intrinsic::getDeclaration(module_, id, {a->getType()});
    std::vector<llvm::Value*> args{a};
    if (b) args.push_back(b);
    if (c) args.push_back(c);
    return builder_.CreateCall(f, args);
  }
  llvm::Value* FConst(llvm::Type* t, double v) { return llvm::ConstantFP::get(t, v); }
  llvm::Value* Poly(llvm::Value* x, std::initializer_list<double> coeffs) {
    llvm::Value* acc = nullptr;
    for (double c : coeffs) {
      acc = acc == nullptr ? FConst(x->getType(), c)
                           : builder_.CreateFAdd(builder_.CreateFMul(acc, x), FConst(x->getType(), c));
    }
    return acc;
  }
  bool IsF32(DataType t) { return t.is_float() && t.bits() == 32; }

  /*!
   * \brief exp for float32 without libm: Cephes-style range reduction x = n ln2 + r and a
   *  degree-6 polynomial, then scaling by 2^n through the exponent bits. Vectorizes; about
   *  1 ulp on the normal range, 0 below it, inf above it, NaN kept.
   */
  llvm::Value* FastExpF32(llvm::Value* x) {
    llvm::Type* ft = x->getType();
    llvm::Type* it = ft->isVectorTy()
                         ? llvm::FixedVectorType::get(t_i32_, llvm::cast<llvm::FixedVectorType>(ft)->getNumElements())
                         : static_cast<llvm::Type*>(t_i32_);
    auto lt = [&](llvm::Value* a, llvm::Value* b) { return builder_.CreateFCmpOLT(a, b); };
    llvm::Value* hi = FConst(ft, 88.72283935546875);
    llvm::Value* lo = FConst(ft, -87.33654022216797);
    llvm::Value* xc = builder_.CreateSelect(lt(x, lo), lo, builder_.CreateSelect(lt(hi, x), hi, x));
    llvm::Value* fx = CallIntrin(llvm::Intrinsic::floor,
                                 builder_.CreateFAdd(builder_.CreateFMul(xc, FConst(ft, 1.44269504088896341)),
                                                     FConst(ft, 0.5)));
    llvm::Value* r = builder_.CreateFSub(xc, builder_.CreateFMul(fx, FConst(ft, 0.693359375)));
    r = builder_.CreateFSub(r, builder_.CreateFMul(fx, FConst(ft, -2.12194440e-4)));
    llvm::Value* p = Poly(r, {1.9875691500E-4, 1.3981999507E-3, 8.3334519073E-3, 4.1665795894E-2,
                              1.6666665459E-1, 5.0000001201E-1});
    llvm::Value* y = builder_.CreateFAdd(
        builder_.CreateFAdd(builder_.CreateFMul(p, builder_.CreateFMul(r, r)), r), FConst(ft, 1.0));
    // 2^(n-1) from the exponent bits, then * 2: valid for n in [-125, 128].
    llvm::Value* n = builder_.CreateFPToSI(fx, it);
    llvm::Value* bits = builder_.CreateShl(
        builder_.CreateAdd(n, llvm::ConstantInt::get(it, 126)), llvm::ConstantInt::get(it, 23));
    llvm::Value* scale = builder_.CreateBitCast(bits, ft);
    llvm::Value* out = builder_.CreateFMul(builder_.CreateFMul(y, scale), FConst(ft, 2.0));
    out = builder_.CreateSelect(lt(x, lo), llvm::Constant::getNullValue(ft), out);
    out = builder_.CreateSelect(lt(hi, x), FConst(ft, std::numeric_limits<double>::infinity()), out);
    return builder_.CreateSelect(builder_.CreateFCmpUNO(x, x), x, out);
  }
  llvm::Value* Exp(DataType t, llvm::Value* x) {
    return IsF32(t) ? FastExpF32(x) : CallIntrin(llvm::Intrinsic::exp, x);
  }
  /*! \brief A libm function applied lane by lane (name + "f" for float32). */
  llvm::Value* CallLibm(DataType t, const std::string& name, const std::vector<llvm::Value*>& args) {
    std::string fname = t.bits() == 32 ? name + "f" : name;
    llvm::Type* st = DTypeToLLVM(t.element_of());
    std::vector<llvm::Type*> arg_types(args.size(), st);
    llvm::FunctionCallee f = module_->getOrInsertFunction(fname, llvm::FunctionType::get(st, arg_types, false));
    if (t.lanes() == 1) return builder_.CreateCall(f, args);
    llvm::Value* out = llvm::UndefValue::get(DTypeToLLVM(t));
    for (int i = 0; i < t.lanes(); ++i) {
      std::vector<llvm::Value*> lane_args;
      for (auto* a : args) lane_args.push_back(builder_.CreateExtractElement(a, i));
      out = builder_.CreateInsertElement(out, builder_.CreateCall(f, lane_args), i);
    }
    return out;
  }
  llvm::Value* Tanh(DataType t, llvm::Value* x) {
    if (!IsF32(t)) return CallLibm(t, "tanh", {x});
    // |x| < 0.625: odd polynomial (Cephes tanhf); otherwise 1 - 2 / (exp(2|x|) + 1).
    llvm::Type* ft = x->getType();
    llvm::Value* ax = CallIntrin(llvm::Intrinsic::fabs, x);
    llvm::Value* z = builder_.CreateFMul(x, x);
    llvm::Value* p = Poly(z, {-5.70498872745E-3, 2.06390887954E-2, -5.37397155531E-2,
                              1.33314422036E-1, -3.33332819422E-1});
    llvm::Value* small = builder_.CreateFAdd(builder_.CreateFMul(builder_.CreateFMul(p, z), x), x);
    llvm::Value* e = FastExpF32(builder_.CreateFMul(ax, FConst(ft, 2.0)));
    llvm::Value* big = builder_.CreateFSub(
        FConst(ft, 1.0), builder_.CreateFDiv(FConst(ft, 2.0), builder_.CreateFAdd(e, FConst(ft, 1.0))));
    big = CallIntrin(llvm::Intrinsic::copysign, big, x);
    return builder_.CreateSelect(builder_.CreateFCmpOLT(ax, FConst(ft, 0.625)), small, big);
  }
  llvm::Value* Erf(DataType t, llvm::Value* x) {
    if (!IsF32(t)) return CallLibm(t, "erf", {x});
    // |x| < 0.5: Taylor series; otherwise Abramowitz & Stegun 7.1.26 (abs. error 1.5e-7).
    llvm::Type* ft = x->getType();
    llvm::Value* ax = CallIntrin(llvm::Intrinsic::fabs, x);
    llvm::Value* z = builder_.CreateFMul(x, x);
    llvm::Value* series = Poly(z, {1.0 / 216, -1.0 / 42, 1.0 / 10, -1.0 / 3, 1.0});
    series = builder_.CreateFMul(builder_.CreateFMul(series, x), FConst(ft, 1.1283791670955126));
    llvm::Value* tt = builder_.CreateFDiv(
        FConst(ft, 1.0), builder_.CreateFAdd(FConst(ft, 1.0), builder_.CreateFMul(ax, FConst(ft, 0.3275911))));
    llvm::Value* poly = builder_.CreateFMul(
        Poly(tt, {1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592}), tt);
    llvm::Value* e = FastExpF32(builder_.CreateFNeg(z));
    llvm::Value* big = builder_.CreateFSub(FConst(ft, 1.0), builder_.CreateFMul(poly, e));
    big = CallIntrin(llvm::Intrinsic::copysign, big, x);
    return builder_.CreateSelect(builder_.CreateFCmpOLT(ax, FConst(ft, 0.5)), series, big);
  }

  llvm::Value* VisitExpr_(const CallNode* op) override {
    const auto* opn = op->op.as<OpNode>();
    if (opn == nullptr) {
      TVM_THROW(ValueError) << "the LLVM backend cannot call " << op->op->GetTypeKey()
                            << " (only ops)";
    }
    std::string name = opn->name;
    if (name.compare(0, 4, "tir.") == 0) name = name.substr(4);
    DataType t = op->dtype;
    auto arg = [&](int i) { return MakeValue(op->args[i]); };
    static const std::unordered_map<std::string, llvm::Intrinsic::ID> kUnary = {
        {"exp2", llvm::Intrinsic::exp2},   {"log", llvm::Intrinsic::log},
        {"log2", llvm::Intrinsic::log2},   {"log10", llvm::Intrinsic::log10},
        {"sqrt", llvm::Intrinsic::sqrt},   {"floor", llvm::Intrinsic::floor},
        {"ceil", llvm::Intrinsic::ceil},   {"round", llvm::Intrinsic::nearbyint},
        {"nearbyint", llvm::Intrinsic::nearbyint}, {"trunc", llvm::Intrinsic::trunc},
        {"fabs", llvm::Intrinsic::fabs},   {"popcount", llvm::Intrinsic::ctpop},
        {"sin", llvm::Intrinsic::sin},     {"cos", llvm::Intrinsic::cos}};
    auto un = kUnary.find(name);
    if (un != kUnary.end()) return CallIntrin(un->second, arg(0));
    if (name == "exp") return Exp(t, arg(0));
    if (name == "exp10") {
      return Exp(t, builder_.CreateFMul(arg(0), FConst(DTypeToLLVM(t), 2.302585092994046)));
    }
    if (name == "pow") return CallIntrin(llvm::Intrinsic::pow, arg(0), arg(1));
    if (name == "fma") return CallIntrin(llvm::Intrinsic::fma, arg(0), arg(1), arg(2));
    if (name == "clz") {
      llvm::Value* x = arg(0);
      llvm::Function* f = llvm::Intrinsic::getDeclaration(module_, llvm::Intrinsic::ctlz, {x->getType()});
      return builder_.CreateCall(f, {x, llvm::ConstantInt::getFalse(*ctx_)});
    }
    if (name == "rsqrt") {
      llvm::Value* x = arg(0);
      return builder_.CreateFDiv(FConst(x->getType(), 1.0), CallIntrin(llvm::Intrinsic::sqrt, x));
    }
    if (name == "sigmoid") {
      llvm::Value* x = arg(0);
      llvm::Value* one = FConst(x->getType(), 1.0);
      return builder_.CreateFDiv(one, builder_.CreateFAdd(one, Exp(t, builder_.CreateFNeg(x))));
    }
    if (name == "tanh") return Tanh(t, arg(0));
    if (name == "erf") return Erf(t, arg(0));
    if (name == "log1p" || name == "tan" || name == "sinh" || name == "cosh" || name == "asin" ||
        name == "acos" || name == "atan") {
      return CallLibm(t, name, {arg(0)});
    }
    if (name == "likely") return arg(0);
    if (name == "reinterpret") {
      llvm::Value* v = arg(0);
      llvm::Type* to = DTypeToLLVM(t);
      if (t.is_handle()) return builder_.CreateIntToPtr(v, to);
      if (op->args[0].dtype().is_handle()) return builder_.CreatePtrToInt(v, to);
      return builder_.CreateBitCast(v, to);
    }
    if (name == "bitwise_and") return builder_.CreateAnd(arg(0), arg(1));
    if (name == "bitwise_or") return builder_.CreateOr(arg(0), arg(1));
    if (name == "bitwise_xor") return builder_.CreateXor(arg(0), arg(1));
    if (name == "bitwise_not") return builder_.CreateNot(arg(0));
    if (name == "shift_left") return builder_.CreateShl(arg(0), arg(1));
    if (name == "shift_right") {
      return t.is_int() ? builder_.CreateAShr(arg(0), arg(1)) : builder_.CreateLShr(arg(0), arg(1));
    }
    if (name == "isnan") {
      llvm::Value* x = arg(0);
      return builder_.CreateFCmpUNO(x, x);
    }
    if (name == "isnullptr") return builder_.CreateIsNull(arg(0));
    if (name == "if_then_else") return IfThenElseExpr(op);
    if (name == "large_uint_imm") {
      uint64_t lo = Downcast<IntImm>(op->args[0])->value, hi = Downcast<IntImm>(op->args[1])->value;
      return llvm::ConstantInt::get(DTypeToLLVM(t), (hi << 32) | lo);
    }
    if (name == "address_of") {
      const auto* load = op->args[0].as<BufferLoadNode>();
      ICHECK(load) << "address_of expects a BufferLoad";
      llvm::Value* idx = MakeValue(FlatIndex(load->buffer, load->indices));
      return builder_.CreatePointerCast(ElemPtr(load->buffer, MemType(load->buffer->dtype), idx), t_ptr_);
    }
    if (name == "call_extern" || name == "call_pure_extern") return CallExtern(op);
    if (name == "call_llvm_intrin" || name == "call_llvm_pure_intrin") return CallLLVMIntrin(op);
    if (name == "tvm_struct_get") return StructGet(op);
    if (name == "tvm_call_packed") return CallPacked(op);
    if (name == "tvm_stack_make_shape") return StackMakeShape(op);
    if (name == "tvm_stack_make_array") return StackMakeArray(op);
    if (name == "tvm_access_ptr") return AccessPtr(op);
    if (name == "tvm_set_error_message") {
      llvm::FunctionType* ft = llvm::FunctionType::get(t_void_, {t_ptr_}, false);
      builder_.CreateCall(RuntimeFunc(kAPISetLastError, ft), {FormatMessage(op)});
      return llvm::ConstantInt::get(t_i32_, 0);
    }
    if (name == "tvm_throw_last_error") {
      builder_.CreateRet(llvm::ConstantInt::get(t_i32_, -1));
      builder_.SetInsertPoint(llvm::BasicBlock::Create(*ctx_, "after_throw", function_));
      return llvm::ConstantInt::get(t_i32_, 0);
    }
    if (name == "ret") {
      llvm::Value* v = arg(0);
      builder_.CreateRet(builder_.CreateIntCast(v, t_i32_, true));
      builder_.SetInsertPoint(llvm::BasicBlock::Create(*ctx_, "after_ret", function_));
      return v;
    }
    if (name == "assume" || name == "prefetch") return llvm::ConstantInt::get(t_i32_, 0);
    if (name == "undef") return llvm::UndefValue::get(DTypeToLLVM(t));
    if (name == "vectorlow" || name == "vectorhigh") {
      llvm::Value* v = arg(0);
      int n = t.lanes();
      std::vector<int> idx(n);
      for (int i = 0; i < n; ++i) idx[i] = (name == "vectorhigh" ? n : 0) + i;
      return builder_.CreateShuffleVector(v, v, idx);
    }
    if (name == "vectorcombine") {
      std::vector<int> idx(t.lanes());
      for (int i = 0; i < t.lanes(); ++i) idx[i] = i;
      return builder_.CreateShuffleVector(arg(0), arg(1), idx);
    }
    TVM_THROW(ValueError) << "the LLVM backend does not support the intrinsic '" << opn->name
                          << "' (in " << symbol_ << ")";
  }

  llvm::Value* IfThenElseExpr(const CallNode* op) {
    if (op->args[0].dtype().lanes() > 1) {
      return builder_.CreateSelect(MakeValue(op->args[0]), MakeValue(op->args[1]),
                                   MakeValue(op->args[2]));
    }
    llvm::Value* cond = MakeValue(op->args[0]);
    auto* then_bb = llvm::BasicBlock::Create(*ctx_, "if_then", function_);
    auto* else_bb = llvm::BasicBlock::Create(*ctx_, "if_else", function_);
    auto* end_bb = llvm::BasicBlock::Create(*ctx_, "if_end", function_);
    builder_.CreateCondBr(cond, then_bb, else_bb);
    builder_.SetInsertPoint(then_bb);
    llvm::Value* a = MakeValue(op->args[1]);
    then_bb = builder_.GetInsertBlock();
    builder_.CreateBr(end_bb);
    builder_.SetInsertPoint(else_bb);
    llvm::Value* b = MakeValue(op->args[2]);
    else_bb = builder_.GetInsertBlock();
    builder_.CreateBr(end_bb);
    builder_.SetInsertPoint(end_bb);
    llvm::PHINode* phi = builder_.CreatePHI(a->getType(), 2);
    phi->addIncoming(a, then_bb);
    phi->addIncoming(b, else_bb);
    return phi;
  }

  llvm::Value* CallExtern(const CallNode* op) {
    const auto* fname = op->args[0].as<StringImmNode>();
    ICHECK(fname) << "call_extern expects the function name as a string first";
    std::vector<llvm::Value*> args;
    std::vector<llvm::Type*> types;
    for (size_t i = 1; i < op->args.size(); ++i) {
      args.push_back(MakeValue(op->args[i]));
      types.push_back(args.back()->getType());
    }
    llvm::Type* ret = op->dtype.is_void() ? t_void_ : DTypeToLLVM(op->dtype);
    llvm::FunctionCallee f =
        module_->getOrInsertFunction(std::string(fname->value), llvm::FunctionType::get(ret, types, false));
    llvm::Value* v = builder_.CreateCall(f, args);
    return op->dtype.is_void() ? llvm::ConstantInt::get(t_i32_, 0) : v;
  }

  llvm::Value* CallLLVMIntrin(const CallNode* op) {
    llvm::Intrinsic::ID id;
    if (const auto* s = op->args[0].as<StringImmNode>()) {
      id = llvm::Function::lookupIntrinsicID(std::string(s->value));
    } else {
      id = static_cast<llvm::Intrinsic::ID>(Downcast<IntImm>(op->args[0])->value);
    }
    if (id == llvm::Intrinsic::not_intrinsic) {
      TVM_THROW(ValueError) << "unknown LLVM intrinsic " << op->args[0];
    }
    std::vector<llvm::Value*> args;
    size_t first = op->args.size() > 1 && op->args[1].as<IntImmNode>() && op->args.size() > 2 ? 2 : 1;
    for (size_t i = first; i < op->args.size(); ++i) args.push_back(MakeValue(op->args[i]));
    // Overloaded intrinsics (llvm.vector.reduce.fadd.v16f32, llvm.fma.v8f32, ...) get their
    // overload types by matching the call's signature against the intrinsic's table.
    llvm::SmallVector<llvm::Type*, 4> overload;
    if (llvm::Intrinsic::isOverloaded(id)) {
      std::vector<llvm::Type*> arg_types;
      for (llvm::Value* a : args) arg_types.push_back(a->getType());
      llvm::Type* ret = op->dtype.is_void() ? t_void_ : DTypeToLLVM(op->dtype);
      llvm::FunctionType* ft = llvm::FunctionType::get(ret, arg_types, false);
      llvm::SmallVector<llvm::Intrinsic::IITDescriptor, 8> table;
      llvm::Intrinsic::getIntrinsicInfoTableEntries(id, table);
      llvm::ArrayRef<llvm::Intrinsic::IITDescriptor> ref = table;
      if (llvm::Intrinsic::matchIntrinsicSignature(ft, ref, overload) !=
          llvm::Intrinsic::MatchIntrinsicTypes_Match) {
        TVM_THROW(ValueError) << "LLVM intrinsic " << op->args[0]
                              << " cannot take these argument types / this result type ("
                              << runtime::DLDataType2String(op->dtype) << ")";
      }
    }
    llvm::Function* f = llvm::Intrinsic::getDeclaration(module_, id, overload);
    return builder_.CreateCall(f, args);
  }

  llvm::Value* StructGet(const CallNode* op) {
    int index = static_cast<int>(Downcast<IntImm>(op->args[1])->value);
    int kind = static_cast<int>(Downcast<IntImm>(op->args[2])->value);
    llvm::Value* base = MakeValue(op->args[0]);
    DataType t = op->dtype;
    if (kind == kTVMValueContent) {
      // TVMValue is an 8-byte union.
      llvm::Value* p = builder_.CreateInBoundsGEP(t_i64_, builder_.CreatePointerCast(base, t_i64_->getPointerTo()),
                                                  llvm::ConstantInt::get(t_i32_, index));
      llvm::Type* vt = t.is_handle() ? t_ptr_ : t.is_float() ? t_f64_ : t_i64_;
      llvm::Value* v = builder_.CreateAlignedLoad(vt, builder_.CreatePointerCast(p, vt->getPointerTo()), llvm::Align(8));
      if (t.is_handle()) return v;
      return CreateCast(t.is_float() ? DataType::Float(64) : DataType::Int(64), t, v);
    }
    llvm::Value* arr = builder_.CreateInBoundsGEP(
        t_dltensor_, builder_.CreatePointerCast(base, t_dltensor_->getPointerTo()),
        llvm::ConstantInt::get(t_i32_, index));
    if (kind == kArrAddr) return builder_.CreatePointerCast(arr, t_ptr_);
    std::vector<unsigned> path;
    bool is_unsigned = false;
    switch (kind) {
      case kArrData: path = {0}; break;
      case kArrDeviceType: path = {1, 0}; break;
      case kArrDeviceId: path = {1, 1}; break;
      case kArrNDim: path = {2}; break;
      case kArrTypeCode: path = {3, 0}; is_unsigned = true; break;
      case kArrTypeBits: path = {3, 1}; is_unsigned = true; break;
      case kArrTypeLanes: path = {3, 2}; is_unsigned = true; break;
      case kArrShape: path = {4}; break;
      case kArrStrides: path = {5}; break;
      case kArrByteOffset: path = {6}; break;
      default: TVM_THROW(InternalError) << "tvm_struct_get: unknown field kind " << kind;
    }
    std::vector<llvm::Value*> idx{llvm::ConstantInt::get(t_i32_, 0)};
    llvm::Type* ft = t_dltensor_;
    for (unsigned p : path) {
      idx.push_back(llvm::ConstantInt::get(t_i32_, p));
      ft = llvm::cast<llvm::StructType>(ft)->getElementType(p);
    }
    llvm::Value* ptr = builder_.CreateInBoundsGEP(t_dltensor_, arr, idx);
    llvm::Value* v = builder_.CreateLoad(ft, ptr);
    if (t.is_handle()) return builder_.CreatePointerCast(v, t_ptr_);
    return builder_.CreateIntCast(v, DTypeToLLVM(t), !is_unsigned);
  }

  /*! \brief snprintf the message into a stack buffer; returns the char*. */
  llvm::Value* FormatMessage(const CallNode* op) {
    constexpr int kSize = 1024;
    llvm::Value* buf = EntryAlloca(t_i8_, llvm::ConstantInt::get(t_i32_, kSize), 1);
    llvm::FunctionCallee snprintf = module_->getOrInsertFunction(
        "snprintf", llvm::FunctionType::get(t_i32_, {t_ptr_, t_i64_, t_ptr_}, true));
    std::vector<llvm::Value*> args{buf, llvm::ConstantInt::get(t_i64_, kSize), MakeValue(op->args[0])};
    for (size_t i = 1; i < op->args.size(); ++i) {
      args.push_back(CreateCast(op->args[i].dtype(), DataType::Int(64), MakeValue(op->args[i])));
    }
    builder_.CreateCall(snprintf, args);
    return buf;
  }

  /*! \brief tvm_stack_make_shape(d0, d1, ...): an int64 array on the stack. */
  llvm::Value* StackMakeShape(const CallNode* op) {
    int n = static_cast<int>(op->args.size());
    llvm::Value* arr = EntryAlloca(t_i64_, llvm::ConstantInt::get(t_i32_, std::max(n, 1)), 8);
    for (int i = 0; i < n; ++i) {
      llvm::Value* v = CreateCast(op->args[i].dtype(), DataType::Int(64), MakeValue(op->args[i]));
      builder_.CreateStore(v, builder_.CreateInBoundsGEP(t_i64_, arr, llvm::ConstantInt::get(t_i32_, i)));
    }
    return arr;
  }

  /*!
   * \brief tvm_stack_make_array(data, shape, strides, ndim, dtype_hint, elem_offset): a CPU
   *  DLTensor on the stack viewing `data`; strides 0 means compact. The dtype is the hint's.
   */
  llvm::Value* StackMakeArray(const CallNode* op) {
    llvm::Value* arr = EntryAlloca(t_dltensor_, nullptr, 8);
    auto store = [&](std::vector<unsigned> path, llvm::Value* v) {
      std::vector<llvm::Value*> idx{llvm::ConstantInt::get(t_i32_, 0)};
      llvm::Type* ft = t_dltensor_;
      for (unsigned p : path) {
        idx.push_back(llvm::ConstantInt::get(t_i32_, p));
        ft = llvm::cast<llvm::StructType>(ft)->getElementType(p);
      }
      if (v->getType()->isPointerTy()) v = builder_.CreatePointerCast(v, ft);
      builder_.CreateStore(v, builder_.CreateInBoundsGEP(t_dltensor_, arr, idx));
    };
    auto as_ptr = [&](const PrimExpr& e) {
      if (is_zero(e)) return static_cast<llvm::Value*>(llvm::Constant::getNullValue(t_ptr_));
      return builder_.CreatePointerCast(MakeValue(e), t_ptr_);
    };
    DataType t = op->args[4].dtype();
    store({0}, as_ptr(op->args[0]));
    store({1, 0}, llvm::ConstantInt::get(t_i32_, kDLCPU));
    store({1, 1}, llvm::ConstantInt::get(t_i32_, 0));
    store({2}, builder_.CreateIntCast(MakeValue(op->args[3]), t_i32_, true));
    store({3, 0}, llvm::ConstantInt::get(t_i8_, t.code()));
    store({3, 1}, llvm::ConstantInt::get(t_i8_, t.bits()));
    store({3, 2}, llvm::ConstantInt::get(llvm::Type::getInt16Ty(*ctx_), t.lanes()));
    store({4}, as_ptr(op->args[1]));
    store({5}, as_ptr(op->args[2]));
    llvm::Value* offset = CreateCast(op->args[5].dtype(), DataType::Int(64), MakeValue(op->args[5]));
    store({6}, builder_.CreateMul(offset, llvm::ConstantInt::get(t_i64_, t.bytes())));
    return builder_.CreatePointerCast(arr, t_ptr_);
  }

  /*! \brief tvm_access_ptr(type_annotation, data, offset, extent, mask): &data[offset]. */
  llvm::Value* AccessPtr(const CallNode* op) {
    DataType t = op->args[0].dtype();
    llvm::Type* elem = MemType(t.is_handle() ? DataType::Int(8) : t);
    llvm::Value* base = builder_.CreatePointerCast(MakeValue(op->args[1]), elem->getPointerTo());
    return builder_.CreatePointerCast(builder_.CreateInBoundsGEP(elem, base, MakeValue(op->args[2])), t_ptr_);
  }

  /*! \brief tvm_call_packed("name", args...): look the function up once, then TVMFuncCall. */
  llvm::Value* CallPacked(const CallNode* op) {
    const auto* fname = op->args[0].as<StringImmNode>();
    ICHECK(fname) << "tvm_call_packed expects the function name as a string first";
    // A per-module cache of the function handle.
    std::string cache_name = "__tvm_func_cache_" + std::string(fname->value);
    llvm::GlobalVariable* cache = module_->getGlobalVariable(cache_name, true);
    if (cache == nullptr) {
      cache = new llvm::GlobalVariable(*module_, t_ptr_, false, llvm::GlobalValue::InternalLinkage,
                                       llvm::Constant::getNullValue(t_ptr_), cache_name);
    }
    llvm::Value* cached = builder_.CreateLoad(t_ptr_, cache);
    auto* lookup_bb = llvm::BasicBlock::Create(*ctx_, "packed_lookup", function_);
    auto* have_bb = llvm::BasicBlock::Create(*ctx_, "packed_call", function_);
    llvm::BasicBlock* pre = builder_.GetInsertBlock();
    builder_.CreateCondBr(builder_.CreateIsNull(cached), lookup_bb, have_bb);
    builder_.SetInsertPoint(lookup_bb);
    llvm::Value* slot = EntryAlloca(t_ptr_, nullptr, 8);
    llvm::FunctionType* get_ft = llvm::FunctionType::get(t_i32_, {t_ptr_, t_ptr_, t_ptr_->getPointerTo()}, false);
    llvm::Value* mod_ctx = builder_.CreateLoad(t_ptr_, module_ctx_);
    llvm::Value* rc = builder_.CreateCall(RuntimeFunc(kBackendGetFuncFromEnv, get_ft),
                                          {mod_ctx, MakeValue(op->args[0]), slot});
    ReturnOnError(builder_.CreateICmpNE(rc, llvm::ConstantInt::get(t_i32_, 0)));
    llvm::Value* found = builder_.CreateLoad(t_ptr_, slot);
    builder_.CreateStore(found, cache);
    llvm::BasicBlock* lookup_end = builder_.GetInsertBlock();
    builder_.CreateBr(have_bb);
    builder_.SetInsertPoint(have_bb);
    llvm::PHINode* handle = builder_.CreatePHI(t_ptr_, 2);
    handle->addIncoming(cached, pre);
    handle->addIncoming(found, lookup_end);

    int n = static_cast<int>(op->args.size()) - 1;
    llvm::Value* values = EntryAlloca(t_i64_, llvm::ConstantInt::get(t_i32_, std::max(n, 1)), 8);
    llvm::Value* codes = EntryAlloca(t_i32_, llvm::ConstantInt::get(t_i32_, std::max(n, 1)), 4);
    for (int i = 0; i < n; ++i) {
      const PrimExpr& a = op->args[i + 1];
      llvm::Value* v = MakeValue(a);
      int code;
      llvm::Value* slot_i = builder_.CreateInBoundsGEP(t_i64_, values, llvm::ConstantInt::get(t_i32_, i));
      const auto* call = a.as<CallNode>();
      if (a.as<StringImmNode>()) {
        code = kTVMStr;
      } else if (call && call->op.same_as(builtin::tvm_stack_make_array())) {
        code = kTVMDLTensorHandle;
      } else if (a.dtype().is_handle()) {
        code = kTVMOpaqueHandle;
      } else if (a.dtype().is_float()) {
        code = kDLFloat;
        v = CreateCast(a.dtype(), DataType::Float(64), v);
      } else {
        code = kDLInt;
        v = CreateCast(a.dtype(), DataType::Int(64), v);
      }
      builder_.CreateStore(v, builder_.CreatePointerCast(slot_i, v->getType()->getPointerTo()));
      builder_.CreateStore(llvm::ConstantInt::get(t_i32_, code),
                           builder_.CreateInBoundsGEP(t_i32_, codes, llvm::ConstantInt::get(t_i32_, i)));
    }
    llvm::Value* ret_value = EntryAlloca(t_i64_, nullptr, 8);
    llvm::Value* ret_code = EntryAlloca(t_i32_, nullptr, 4);
    llvm::FunctionType* call_ft = llvm::FunctionType::get(
        t_i32_, {t_ptr_, t_i64_->getPointerTo(), t_i32_->getPointerTo(), t_i32_, t_i64_->getPointerTo(),
                 t_i32_->getPointerTo()},
        false);
    rc = builder_.CreateCall(RuntimeFunc(kFuncCall, call_ft),
                             {handle, values, codes, llvm::ConstantInt::get(t_i32_, n), ret_value, ret_code});
    ReturnOnError(builder_.CreateICmpNE(rc, llvm::ConstantInt::get(t_i32_, 0)));
    DataType t = op->dtype;
    if (t.is_float()) {
      llvm::Value* d = builder_.CreateLoad(t_f64_, builder_.CreatePointerCast(ret_value, t_f64_->getPointerTo()));
      return CreateCast(DataType::Float(64), t, d);
    }
    if (t.is_int() || t.is_uint() || t.is_bool()) {
      return CreateCast(DataType::Int(64), t, builder_.CreateLoad(t_i64_, ret_value));
    }
    if (t.is_handle()) return builder_.CreateLoad(t_ptr_, builder_.CreatePointerCast(ret_value, t_ptr_->getPointerTo()));
    return llvm::ConstantInt::get(t_i32_, 0);
  }

  llvm::Value* VisitExpr_(const ReduceNode* op) override {
    TVM_THROW(ValueError) << "the LLVM backend cannot compile a Reduce expression: lower it first";
  }
  llvm::Value* VisitExpr_(const ProducerLoadNode* op) override {
    TVM_THROW(ValueError) << "the LLVM backend cannot compile a ProducerLoad: lower the schedule "
                          << "(storage flattening) first";
  }

  // ---- statements ----------------------------------------------------------------------
  void VisitStmt_(const LetStmtNode* op) override {
    llvm::Value* v = MakeValue(op->value);
    if (!llvm::isa<llvm::Constant>(v) && !v->hasName()) v->setName(std::string(op->var->name_hint));
    var_map_[op->var.get()] = v;
    VisitStmt(op->body);
  }
  void VisitStmt_(const AttrStmtNode* op) override {
    if (op->attr_key == "device_alloc_scope") {
      // The host part of a GPU function: its global allocations are device memory.
      int saved_type = alloc_device_type_;
      llvm::Value* saved_id = alloc_device_id_;
      alloc_device_type_ = static_cast<int>(Downcast<IntImm>(op->node)->value);
      alloc_device_id_ = MakeValue(op->value);
      VisitStmt(op->body);
      alloc_device_type_ = saved_type;
      alloc_device_id_ = saved_id;
      return;
    }
    if (op->attr_key == tir::attr::thread_extent || op->attr_key == tir::attr::virtual_thread) {
      std::string tag = "a thread axis";
      if (const auto* iv = op->node.as<tir::IterVarNode>()) tag = iv->thread_tag;
      TVM_THROW(ValueError) << "function " << symbol_ << " binds a loop to GPU thread axis "
                            << tag << ", which a CPU target (llvm) cannot run; remove the bind "
                            << "or build for a GPU target";
    }
    VisitStmt(op->body);
  }
  void VisitStmt_(const SeqStmtNode* op) override {
    for (const Stmt& s : op->seq) VisitStmt(s);
  }
  void VisitStmt_(const EvaluateNode* op) override {
    if (op->value.as<IntImmNode>() || op->value.as<FloatImmNode>()) return;
    MakeValue(op->value);
  }
  void VisitStmt_(const AssertStmtNode* op) override {
    llvm::Value* cond = MakeValue(op->condition);
    auto* fail = llvm::BasicBlock::Create(*ctx_, "assert_fail", function_);
    auto* ok = llvm::BasicBlock::Create(*ctx_, "assert_end", function_);
    builder_.CreateCondBr(cond, ok, fail, llvm::MDBuilder(*ctx_).createBranchWeights(1 << 20, 1));
    builder_.SetInsertPoint(fail);
    llvm::Value* msg = MakeValue(op->message);
    llvm::FunctionType* ft = llvm::FunctionType::get(t_void_, {t_ptr_}, false);
    builder_.CreateCall(RuntimeFunc(kAPISetLastError, ft), {msg});
    builder_.CreateRet(llvm::ConstantInt::get(t_i32_, -1));
    builder_.SetInsertPoint(ok);
    VisitStmt(op->body);
  }
  void VisitStmt_(const IfThenElseNode* op) override {
    llvm::Value* cond = MakeValue(op->condition);
    auto* then_bb = llvm::BasicBlock::Create(*ctx_, "if_then", function_);
    auto* end_bb = llvm::BasicBlock::Create(*ctx_, "if_end", function_);
    llvm::BasicBlock* else_bb = op->else_case ? llvm::BasicBlock::Create(*ctx_, "if_else", function_) : end_bb;
    builder_.CreateCondBr(cond, then_bb, else_bb);
    builder_.SetInsertPoint(then_bb);
    VisitStmt(op->then_case);
    builder_.CreateBr(end_bb);
    if (op->else_case) {
      builder_.SetInsertPoint(else_bb);
      VisitStmt(op->else_case.value());
      builder_.CreateBr(end_bb);
    }
    builder_.SetInsertPoint(end_bb);
  }
  void VisitStmt_(const WhileNode* op) override {
    auto* head = llvm::BasicBlock::Create(*ctx_, "while_head", function_);
    auto* body = llvm::BasicBlock::Create(*ctx_, "while_body", function_);
    auto* end = llvm::BasicBlock::Create(*ctx_, "while_end", function_);
    builder_.CreateBr(head);
    builder_.SetInsertPoint(head);
    builder_.CreateCondBr(MakeValue(op->condition), body, end);
    builder_.SetInsertPoint(body);
    VisitStmt(op->body);
    builder_.CreateBr(head);
    builder_.SetInsertPoint(end);
  }
  void VisitStmt_(const AllocateNode* op) override {
    DataType t = op->dtype;
    llvm::Type* elem = MemType(t);
    int64_t count = op->ConstantAllocationSize();
    int64_t bytes = count * t.bytes() * t.lanes();
    bool on_device = alloc_device_type_ != kDLCPU;
    if (on_device) {
      std::string scope;
      if (const auto* ptr = op->buffer_var->type_annotation.as<PointerTypeNode>()) {
        scope = ptr->storage_scope;
      }
      on_device = scope.empty() || scope == "global";
    }
    if (!on_device && count > 0 && bytes <= kMaxStackAlloca) {
      llvm::Value* p = EntryAlloca(elem, llvm::ConstantInt::get(t_i32_, count), 64);
      var_map_[op->buffer_var.get()] = builder_.CreatePointerCast(p, t_ptr_);
      VisitStmt(op->body);
      return;
    }
    llvm::Value* n = llvm::ConstantInt::get(t_i64_, t.bytes() * t.lanes());
    for (const PrimExpr& e : op->extents) {
      n = builder_.CreateMul(n, CreateCast(e.dtype(), DataType::Int(64), MakeValue(e)));
    }
    llvm::Value* dev_id = on_device ? alloc_device_id_ : llvm::ConstantInt::get(t_i32_, 0);
    llvm::FunctionType* alloc_ft = llvm::FunctionType::get(t_ptr_, {t_i32_, t_i32_, t_i64_, t_i32_, t_i32_}, false);
    llvm::Value* p = builder_.CreateCall(
        RuntimeFunc(kBackendAllocWorkspace, alloc_ft),
        {llvm::ConstantInt::get(t_i32_, on_device ? alloc_device_type_ : kDLCPU), dev_id, n,
         llvm::ConstantInt::get(t_i32_, t.code()), llvm::ConstantInt::get(t_i32_, t.bits())});
    ReturnOnError(builder_.CreateIsNull(p));
    var_map_[op->buffer_var.get()] = p;
    VisitStmt(op->body);
    llvm::FunctionType* free_ft = llvm::FunctionType::get(t_i32_, {t_i32_, t_i32_, t_ptr_}, false);
    llvm::Value* rc = builder_.CreateCall(
        RuntimeFunc(kBackendFreeWorkspace, free_ft),
        {llvm::ConstantInt::get(t_i32_, on_device ? alloc_device_type_ : kDLCPU), dev_id, p});
    ReturnOnError(builder_.CreateICmpNE(rc, llvm::ConstantInt::get(t_i32_, 0)));
  }

  /*! \brief Loop metadata: unroll fully or ask the vectorizer, by loop kind. */
  void AddLoopMetadata(llvm::BranchInst* br, ForKind kind) {
    std::vector<llvm::Metadata*> ops{nullptr};
    if (kind == ForKind::kUnrolled) {
      ops.push_back(llvm::MDNode::get(*ctx_, {llvm::MDString::get(*ctx_, "llvm.loop.unroll.full")}));
    } else if (kind == ForKind::kVectorized) {
      ops.push_back(llvm::MDNode::get(
          *ctx_, {llvm::MDString::get(*ctx_, "llvm.loop.vectorize.enable"),
                  llvm::ConstantAsMetadata::get(llvm::ConstantInt::getTrue(*ctx_))}));
    } else {
      return;
    }
    llvm::MDNode* loop_id = llvm::MDNode::getDistinct(*ctx_, ops);
    loop_id->replaceOperandWith(0, loop_id);
    br->setMetadata(llvm::LLVMContext::MD_loop, loop_id);
  }

  void EmitSerialLoop(const Var& loop_var, llvm::Value* begin, llvm::Value* end, const Stmt& body,
                      ForKind kind) {
    llvm::BasicBlock* pre = builder_.GetInsertBlock();
    auto* head = llvm::BasicBlock::Create(*ctx_, "for_begin", function_);
    auto* body_bb = llvm::BasicBlock::Create(*ctx_, "for_body", function_);
    auto* end_bb = llvm::BasicBlock::Create(*ctx_, "for_end", function_);
    builder_.CreateBr(head);
    builder_.SetInsertPoint(head);
    llvm::PHINode* i = builder_.CreatePHI(begin->getType(), 2, std::string(loop_var->name_hint));
    i->addIncoming(begin, pre);
    builder_.CreateCondBr(builder_.CreateICmpSLT(i, end), body_bb, end_bb);
    builder_.SetInsertPoint(body_bb);
    var_map_[loop_var.get()] = i;
    VisitStmt(body);
    llvm::Value* next = builder_.CreateAdd(i, llvm::ConstantInt::get(i->getType(), 1), "", false, true);
    llvm::BasicBlock* latch = builder_.GetInsertBlock();
    AddLoopMetadata(builder_.CreateBr(head), kind);
    i->addIncoming(next, latch);
    builder_.SetInsertPoint(end_bb);
  }

  void VisitStmt_(const ForNode* op) override {
    if (op->kind == ForKind::kThreadBinding) {
      TVM_THROW(ValueError) << "function " << symbol_ << " has loop " << op->loop_var->name_hint
                            << " bound to a GPU thread axis, which a CPU target (llvm) cannot "
                            << "run; remove the binding or build for a GPU target";
    }
    DataType t = op->loop_var.dtype();
    llvm::Value* begin = CreateCast(op->min.dtype(), t, MakeValue(op->min));
    llvm::Value* extent = CreateCast(op->extent.dtype(), t, MakeValue(op->extent));
    if (op->kind == ForKind::kParallel && !in_parallel_) {
      EmitParallelFor(op, begin, extent);
      return;
    }
    llvm::Value* end = builder_.CreateAdd(begin, extent, "", false, true);
    EmitSerialLoop(op->loop_var, begin, end, op->body, op->kind);
  }

  /*! \brief Variables used in `body` that are bound outside it (the closure's captures). */
  std::vector<const VarNode*> Captures(const Stmt& body, const VarNode* loop_var) {
    std::vector<const VarNode*> out;
    std::unordered_set<const VarNode*> seen;
    auto add = [&](const ObjectRef& n) {
      PostOrderVisit(n, [&](const ObjectRef& x) {
        const auto* v = x.as<VarNode>();
        if (v && v != loop_var && var_map_.count(v) && seen.insert(v).second) out.push_back(v);
      });
    };
    PostOrderVisit(body, [&](const ObjectRef& x) {
      const BufferNode* b = nullptr;
      if (const auto* l = x.as<BufferLoadNode>()) b = l->buffer.get();
      if (const auto* s = x.as<BufferStoreNode>()) b = s->buffer.get();
      if (b != nullptr) {
        add(b->data);
        for (const auto& e : b->shape) add(e);
        for (const auto& e : b->strides) add(e);
        if (b->elem_offset.defined()) add(b->elem_offset);
      }
    });
    add(body);
    return out;
  }

  /*!
   * \brief Outline the loop body into `int lambda(int task_id, penv*, void* closure)` and run
   *  it with TVMBackendParallelLaunch. Task k of n runs the k-th contiguous chunk of the range.
   */
  void EmitParallelFor(const ForNode* op, llvm::Value* begin, llvm::Value* extent) {
    std::vector<const VarNode*> caps = Captures(op->body, op->loop_var.get());
    std::vector<llvm::Type*> fields{begin->getType(), extent->getType()};
    for (const VarNode* v : caps) fields.push_back(var_map_[v]->getType());
    llvm::StructType* closure_t = llvm::StructType::create(*ctx_, fields, "closure");
    llvm::Value* closure = EntryAlloca(closure_t, nullptr, 8);
    std::vector<llvm::Value*> values{begin, extent};
    for (const VarNode* v : caps) values.push_back(var_map_[v]);
    for (size_t i = 0; i < values.size(); ++i) {
      builder_.CreateStore(values[i], builder_.CreateStructGEP(closure_t, closure, i));
    }
    llvm::FunctionType* lambda_t = llvm::FunctionType::get(t_i32_, {t_i32_, t_penv_->getPointerTo(), t_ptr_}, false);
    llvm::Function* lambda = llvm::Function::Create(
        lambda_t, llvm::Function::InternalLinkage, symbol_ + "_compute_" + std::to_string(++num_lambdas_),
        module_);
    SetFunctionAttrs(lambda);

    // Save the state of the enclosing function, emit the lambda, restore.
    auto saved_vars = var_map_;
    llvm::Function* saved_fn = function_;
    llvm::BasicBlock* saved_entry = entry_block_;
    llvm::BasicBlock* saved_block = builder_.GetInsertBlock();
    in_parallel_ = true;
    var_map_.clear();
    EmitFunctionBody(lambda, Stmt(), [&] {
      llvm::Value* cl = builder_.CreatePointerCast(lambda->getArg(2), closure_t->getPointerTo());
      std::vector<llvm::Value*> loaded;
      for (size_t i = 0; i < fields.size(); ++i) {
        loaded.push_back(builder_.CreateLoad(fields[i], builder_.CreateStructGEP(closure_t, cl, i)));
      }
      for (size_t i = 0; i < caps.size(); ++i) var_map_[caps[i]] = loaded[i + 2];
      llvm::Type* it = fields[0];
      llvm::Value* num_task = builder_.CreateLoad(t_i32_, builder_.CreateStructGEP(t_penv_, lambda->getArg(1), 1));
      num_task = builder_.CreateIntCast(num_task, it, true);
      llvm::Value* task = builder_.CreateIntCast(lambda->getArg(0), it, true);
      llvm::Value* one = llvm::ConstantInt::get(it, 1);
      llvm::Value* chunk = builder_.CreateSDiv(
          builder_.CreateSub(builder_.CreateAdd(loaded[1], num_task), one), num_task);
      llvm::Value* b = builder_.CreateAdd(loaded[0], builder_.CreateMul(task, chunk));
      llvm::Value* limit = builder_.CreateAdd(loaded[0], loaded[1]);
      llvm::Value* e = builder_.CreateAdd(b, chunk);
      e = builder_.CreateSelect(builder_.CreateICmpSLT(e, limit), e, limit);
      EmitSerialLoop(op->loop_var, b, e, op->body, ForKind::kSerial);
    });
    in_parallel_ = false;
    var_map_ = saved_vars;
    function_ = saved_fn;
    entry_block_ = saved_entry;
    builder_.SetInsertPoint(saved_block);

    llvm::FunctionType* launch_t = llvm::FunctionType::get(t_i32_, {t_ptr_, t_ptr_, t_i32_}, false);
    llvm::Value* rc = builder_.CreateCall(
        RuntimeFunc(kBackendParallelLaunch, launch_t),
        {builder_.CreatePointerCast(lambda, t_ptr_), builder_.CreatePointerCast(closure, t_ptr_),
         llvm::ConstantInt::get(t_i32_, 0)});
    ReturnOnError(builder_.CreateICmpNE(rc, llvm::ConstantInt::get(t_i32_, 0)));
  }

  void VisitStmt_(const BufferRealizeNode* op) override {
    TVM_THROW(ValueError) << "the LLVM backend cannot compile BufferRealize: flatten storage first";
  }
  void VisitStmt_(const ProducerStoreNode* op) override {
    TVM_THROW(ValueError) << "the LLVM backend cannot compile ProducerStore: lower the schedule first";
  }
  void VisitStmt_(const ProducerRealizeNode* op) override {
    TVM_THROW(ValueError) << "the LLVM backend cannot compile ProducerRealize: lower the schedule first";
  }

 public:
  // A null body is allowed for EmitFunctionBody when the prologue emits everything.
  void VisitStmt(const Stmt& s) override {
    if (!s.defined()) return;
    StmtFunctor::VisitStmt(s);
  }

 private:
  llvm::LLVMContext* ctx_;
  llvm::Module* module_;
  llvm::TargetMachine* tm_;
  llvm::IRBuilder<> builder_;
  llvm::Type *t_void_, *t_i8_, *t_i32_, *t_i64_, *t_f64_, *t_ptr_;
  llvm::StructType *t_device_, *t_dtype_, *t_dltensor_, *t_penv_;
  llvm::GlobalVariable* module_ctx_;
  llvm::GlobalVariable* runtime_funcs_[kNumRuntimeFunc];
  std::string cpu_, features_, symbol_;
  llvm::Function* function_{nullptr};
  llvm::BasicBlock* entry_block_{nullptr};
  std::unordered_map<const VarNode*, llvm::Value*> var_map_;
  std::unordered_map<std::string, llvm::Constant*> str_map_;
  std::unordered_map<const VarNode*, llvm::MDNode*> alias_scope_, noalias_;
  // Inside "device_alloc_scope": global allocations come from this device's workspace.
  int alloc_device_type_{kDLCPU};
  llvm::Value* alloc_device_id_{nullptr};
  bool in_parallel_{false};
  int num_lambdas_{0};
};

void Optimize(llvm::Module* m, llvm::TargetMachine* tm) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions pto;
  pto.LoopVectorization = true;
  pto.SLPVectorization = true;
  llvm::PassBuilder pb(tm, pto);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  mpm.run(*m, mam);
}

}  // namespace

std::string HostCPUName() { return llvm::sys::getHostCPUName().str(); }

std::string HostCPUFeatures() {
  llvm::StringMap<bool> features;
  std::string out;
  if (llvm::sys::getHostCPUFeatures(features)) {
    std::vector<std::string> names;
    for (const auto& kv : features) names.push_back((kv.second ? "+" : "-") + kv.first().str());
    std::sort(names.begin(), names.end());
    for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  }
  return out;
}

std::unique_ptr<llvm::TargetMachine> CreateTargetMachine(const Target& target) {
  InitializeLLVM();
  std::string triple = target->GetStr("mtriple", llvm::sys::getDefaultTargetTriple());
  std::string cpu = target->GetStr("mcpu");
  std::string features = target->GetMAttr();
  if (cpu.empty()) {
    cpu = HostCPUName();
    std::string host = HostCPUFeatures();
    features = features.empty() ? host : host + "," + features;
  }
  std::string err;
  const llvm::Target* t = llvm::TargetRegistry::lookupTarget(triple, err);
  if (t == nullptr) TVM_THROW(ValueError) << "LLVM has no target for triple '" << triple << "': " << err;
  if (!target->GetStr("mcpu").empty()) {
    // LLVM aborts the process on a CPU name it does not know (e.g. "64-bit code requested on a
    // subtarget that doesn't support it"): check the name first.
    std::unique_ptr<llvm::MCSubtargetInfo> sti(t->createMCSubtargetInfo(triple, "", ""));
    if (sti != nullptr && !sti->isCPUStringValid(cpu)) {
      TVM_THROW(ValueError) << "target " << target->str_repr << ": -mcpu=" << cpu
                            << " is not a CPU LLVM knows for " << triple
                            << " (expected a name such as skylake-avx512, znver3, core-avx2 or "
                            << "x86-64; `llc -mtriple=" << triple << " -mcpu=help` lists them)";
    }
  }
  llvm::TargetOptions opt;
  if (auto fm = target->attrs.Get("fast-math")) {
    if (Downcast<Integer>(fm.value()).IntValue()) {
      opt.UnsafeFPMath = true;
      opt.NoInfsFPMath = true;
      opt.NoNaNsFPMath = true;
    }
  }
  llvm::TargetMachine* tm = t->createTargetMachine(triple, cpu, features, opt, llvm::Reloc::PIC_,
                                                   llvm::None, llvm::CodeGenOpt::Aggressive);
  if (tm == nullptr) TVM_THROW(ValueError) << "LLVM could not create a target machine for " << target->str_repr;
  return std::unique_ptr<llvm::TargetMachine>(tm);
}

std::unique_ptr<llvm::Module> GenerateLLVMModule(const IRModule& mod, llvm::TargetMachine* tm,
                                                 llvm::LLVMContext* ctx, std::string* entry_name) {
  auto m = std::make_unique<llvm::Module>("TVMMod", *ctx);
  m->setTargetTriple(tm->getTargetTriple().str());
  m->setDataLayout(tm->createDataLayout());
  CodeGenLLVM cg(ctx, m.get(), tm);
  std::vector<std::string> names;
  std::string entry;
  for (const GlobalVar& gv : mod->GetGlobalVars()) {
    const auto* f = mod->Lookup(gv).as<PrimFuncNode>();
    if (f == nullptr) continue;
    PrimFunc func = GetRef<PrimFunc>(f);
    std::string symbol = func->GetAttr<String>(tvm::attr::kGlobalSymbol).value_or(gv->name_hint);
    cg.AddFunction(func, symbol);
    names.push_back(symbol);
    if (func->HasNonzeroAttr(tir::attr::kIsEntryFunc)) entry = symbol;
  }
  if (entry.empty() && names.size() == 1) entry = names[0];
  if (!entry.empty()) cg.AddMainName(entry);
  *entry_name = entry;
  std::string err;
  llvm::raw_string_ostream os(err);
  if (llvm::verifyModule(*m, &os)) {
    TVM_THROW(InternalError) << "CodeGenLLVM produced invalid LLVM IR: " << os.str();
  }
  Optimize(m.get(), tm);
  return m;
}

}  // namespace codegen
}  // namespace tvm
