/*!
 * \file codegen_c.h
 * \brief CodeGenC: prints TIR (after MakePackedAPI) as portable C99 source.
 *
 *  The C target exists as the fallback that needs only a C compiler, and as the
 * base class of the C-like GPU source generators (CUDA, OpenCL): everything a
 * dialect changes is a virtual hook (type names, function qualifiers, storage
 * scopes, intrinsics, thread axes), the rest (expressions, control flow,
 * buffers) is shared.
 *
 *  Output conventions:
 *  - The file is self-contained: it declares its own mirrors of DLTensor,
 * TVMValue and TVMParallelGroupEnv (same layout as
 * include/tvm/runtime/c_runtime_api.h), so it compiles with no include path.
 *  - Each packed function has the TVMBackendPackedCFunc signature; runtime
 * services are called through the `__TVM*` pointer variables the DSO loader
 * fills in (docs/runtime.md).
 *  - Vector expressions (Ramp, Broadcast, vector loads) are scalarized: a
 * statement whose value has N lanes becomes a loop over `tvmc_lane` in [0, N)
 * and every sub-expression is printed for one lane; the C compiler's
 * auto-vectorizer turns such loops back into SIMD code.
 *  - Expressions C cannot nest (Let, packed calls, error messages) are hoisted
 * into declarations emitted just before the statement that uses them.
 */
#ifndef TVM_TARGET_SOURCE_CODEGEN_C_H_
#define TVM_TARGET_SOURCE_CODEGEN_C_H_

#include <tvm/ir/module.h>
#include <tvm/target/target.h>
#include <tvm/tir/expr_functor.h>
#include <tvm/tir/function.h>
#include <tvm/tir/stmt_functor.h>

#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tvm {
namespace codegen {

class CodeGenC : public tir::ExprFunctor<std::string(const PrimExpr&)>,
                 public tir::StmtFunctor<void(const tir::Stmt&)> {
 public:
  CodeGenC() = default;
  virtual ~CodeGenC() = default;

  /*! \brief Emit `f` (packed calling convention, after MakePackedAPI) as
   * function `symbol`. */
  void AddFunction(const tir::PrimFunc& f, const std::string& symbol);
  /*! \brief Declare `symbol` as the library's entry function (`__tvm_main__`).
   */
  void SetEntry(const std::string& symbol) { entry_ = symbol; }
  /*! \brief The complete translation unit. */
  virtual std::string Finish();

 protected:
  // ---- hooks for C dialects
  // -------------------------------------------------------------
  /*! \brief Includes, type mirrors, helpers and runtime pointer variables. */
  virtual void PrintPrelude(std::ostream& os);
  /*! \brief The C type of one lane of `t` (`float`, `int64_t`, `void*`, ...).
   */
  virtual std::string TypeName(DataType t);
  /*! \brief Qualifiers before the return type of an emitted function. */
  virtual std::string FuncPrefix() { return ""; }
  /*! \brief Qualifier for a buffer allocated in `scope` ("" for the C stack /
   * heap). */
  virtual std::string StorageScopeQualifier(const std::string& scope);
  /*!
   * \brief Print the intrinsic call `op` (op name without "tir.") for the
   * current lane; returns false when the dialect does not know it.
   */
  virtual bool PrintIntrinsic(const tir::CallNode* op, const std::string& name, std::string* out);
  /*!
   * \brief Whether a call_extern to `name` needs a prototype from the call's types (false for
   *  the dialect's own built-ins, which a prototype would shadow).
   */
  virtual bool NeedsExternPrototype(const std::string& name) { return true; }
  /*! \brief A thread-axis attribute; the CPU C target rejects it. */
  virtual void VisitThreadExtent(const tir::AttrStmtNode* op);

  // ---- expressions (one lane of the current vector statement)
  // ---------------------------
  std::string VisitExpr_(const tir::VarNode* op) override;
  std::string VisitExpr_(const tir::SizeVarNode* op) override;
  std::string VisitExpr_(const IntImmNode* op) override;
  std::string VisitExpr_(const FloatImmNode* op) override;
  std::string VisitExpr_(const tir::StringImmNode* op) override;
  std::string VisitExpr_(const tir::CastNode* op) override;
  std::string VisitExpr_(const tir::AddNode* op) override;
  std::string VisitExpr_(const tir::SubNode* op) override;
  std::string VisitExpr_(const tir::MulNode* op) override;
  std::string VisitExpr_(const tir::DivNode* op) override;
  std::string VisitExpr_(const tir::ModNode* op) override;
  std::string VisitExpr_(const tir::FloorDivNode* op) override;
  std::string VisitExpr_(const tir::FloorModNode* op) override;
  std::string VisitExpr_(const tir::MinNode* op) override;
  std::string VisitExpr_(const tir::MaxNode* op) override;
  std::string VisitExpr_(const tir::EQNode* op) override;
  std::string VisitExpr_(const tir::NENode* op) override;
  std::string VisitExpr_(const tir::LTNode* op) override;
  std::string VisitExpr_(const tir::LENode* op) override;
  std::string VisitExpr_(const tir::GTNode* op) override;
  std::string VisitExpr_(const tir::GENode* op) override;
  std::string VisitExpr_(const tir::AndNode* op) override;
  std::string VisitExpr_(const tir::OrNode* op) override;
  std::string VisitExpr_(const tir::NotNode* op) override;
  std::string VisitExpr_(const tir::SelectNode* op) override;
  std::string VisitExpr_(const tir::LetNode* op) override;
  std::string VisitExpr_(const tir::RampNode* op) override;
  std::string VisitExpr_(const tir::BroadcastNode* op) override;
  std::string VisitExpr_(const tir::ShuffleNode* op) override;
  std::string VisitExpr_(const tir::BufferLoadNode* op) override;
  std::string VisitExpr_(const tir::CallNode* op) override;
  std::string VisitExprDefault_(const Object* op) override;

  // ---- statements
  // -----------------------------------------------------------------------
  void VisitStmt_(const tir::LetStmtNode* op) override;
  void VisitStmt_(const tir::AttrStmtNode* op) override;
  void VisitStmt_(const tir::AssertStmtNode* op) override;
  void VisitStmt_(const tir::SeqStmtNode* op) override;
  void VisitStmt_(const tir::EvaluateNode* op) override;
  void VisitStmt_(const tir::IfThenElseNode* op) override;
  void VisitStmt_(const tir::WhileNode* op) override;
  void VisitStmt_(const tir::AllocateNode* op) override;
  void VisitStmt_(const tir::ForNode* op) override;
  void VisitStmt_(const tir::BufferStoreNode* op) override;
  void VisitStmtDefault_(const Object* op) override;

  // ---- helpers
  // --------------------------------------------------------------------------
  std::string Print(const PrimExpr& e) { return VisitExpr(e); }
  /*! \brief `e` printed as a value of type `t` (a C cast only where the dtypes differ). */
  std::string CastTo(DataType t, const PrimExpr& e);
  std::ostream& Line();
  /*! \brief A fresh C identifier derived from `hint`. */
  std::string FreshName(const std::string& hint);
  /*! \brief Bind `v` to a fresh C identifier and return it. */
  std::string BindVar(const tir::Var& v);
  std::string Binary(const PrimExpr& a, const PrimExpr& b, const char* op, DataType t);
  virtual std::string MathCall(DataType t, const std::string& name,
                               const std::vector<std::string>& args);
  PrimExpr FlatIndex(const tir::Buffer& buf, const Array<PrimExpr>& indices);
  /*! \brief An lvalue for one element (GPU dialects index typed kernel pointers). */
  virtual std::string ElemRef(const tir::Buffer& buf, const Array<PrimExpr>& indices);
  std::string StructGet(const tir::CallNode* op);
  std::string CallPacked(const tir::CallNode* op);
  /*! \brief tvm_stack_make_shape / tvm_stack_make_array: a stack array or a CPU DLTensor. */
  std::string StackMake(const tir::CallNode* op);
  std::string SetErrorMessage(const tir::CallNode* op);
  std::string CallExtern(const tir::CallNode* op);
  void EmitParallelFor(const tir::ForNode* op);
  void EmitSerialFor(const std::string& var, DataType t, const std::string& begin,
                     const std::string& end, const tir::Stmt& body, tir::ForKind kind,
                     const PrimExpr& extent);
  /*! \brief Run `emit` with `lane_` set to the loop variable of an N-lane loop.
   */
  template <typename F>
  void LaneLoop(int lanes, F emit);

  std::ostringstream* stream_{nullptr};
  std::ostringstream decls_;  // prototypes, caches: before all functions
  std::ostringstream body_;   // finished functions (parallel lambdas precede their user)
  int indent_{0};
  std::string lane_;  // C expression of the current lane, "" outside vector code
  std::string symbol_;
  std::string entry_;
  std::unordered_map<const tir::VarNode*, std::string> var_name_;
  std::unordered_set<const tir::VarNode*> lane_array_;  // vector LetStmt vars: name[lane]
  std::unordered_map<std::string, int> name_count_;
  std::unordered_set<std::string> declared_externs_;
  std::unordered_map<std::string, std::string> packed_cache_;
  bool in_parallel_{false};
  int num_lambdas_{0};
  int num_tmp_{0};
};

/*! \brief Generate the C source of all PrimFuncs of `mod` (already through
 * MakePackedAPI). */
std::string GenerateCSource(const IRModule& mod, std::string* entry,
                            std::vector<std::string>* functions);

}  // namespace codegen
}  // namespace tvm

#endif  // TVM_TARGET_SOURCE_CODEGEN_C_H_
