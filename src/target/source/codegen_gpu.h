/*!
 * \file codegen_gpu.h
 * \brief CodeGenGPU: the part of CUDA C and OpenCL C generation the two
 * dialects share.
 *
 *  Input: device kernels made by SplitHostDevice (calling_conv 2): parameters
 * are buffer data pointers and scalars; thread indices come from
 * `thread_extent` attributes. Each kernel is printed as a global function; a
 * dialect supplies the qualifiers and the spellings of thread indices, barriers
 * and math (see the pure virtual hooks). Everything else (expressions, loops,
 * scalarized vector code) is CodeGenC's.
 *
 *  Memory: a pointer parameter is typed with the dtype of the buffers that use
 * it; "shared" allocations become block-shared arrays declared at kernel scope
 * (OpenCL requires that of
 * __local variables), "local" and unscoped allocations become per-thread
 * arrays.
 *
 *  KernelInfo() describes each kernel for the device runtime, one line per
 * kernel: `name;dtype,dtype,...;tag,tag,...` (argument dtypes, then the thread
 * tags whose extents follow the arguments in a launch).
 * src/runtime/thread_launch.h reads this format.
 */
#ifndef TVM_TARGET_SOURCE_CODEGEN_GPU_H_
#define TVM_TARGET_SOURCE_CODEGEN_GPU_H_

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "codegen_c.h"

namespace tvm {
namespace codegen {

class CodeGenGPU : public CodeGenC {
 public:
  /*! \brief Emit the device kernel `f` (after SplitHostDevice). */
  void AddKernel(const tir::PrimFunc& f);
  std::string Finish() override;
  /*! \brief The kernel table for the runtime module (format above). */
  std::string KernelInfo() const { return kernel_info_.str(); }

 protected:
  // ---- dialect hooks
  /*! \brief Qualifiers and return type before a kernel's name. */
  virtual std::string KernelPrefix(const tir::PrimFunc& f) = 0;
  /*! \brief A pointer parameter to global memory of elements `elem`. */
  virtual std::string GlobalPointer(const std::string& elem) = 0;
  /*! \brief Declaration qualifier of block-shared memory. */
  virtual std::string SharedQualifier() = 0;
  /*! \brief The index of thread `tag` ("blockIdx.x", "threadIdx.y"), as an
   * expression. */
  virtual std::string ThreadIndex(const std::string& tag) = 0;
  /*! \brief A statement that waits for all threads of the block, with
   * shared-memory fence. */
  virtual std::string Barrier() = 0;

  std::string TypeName(DataType t) override;
  void VisitThreadExtent(const tir::AttrStmtNode* op) override;
  bool PrintIntrinsic(const tir::CallNode* op, const std::string& name, std::string* out) override;
  std::string ElemRef(const tir::Buffer& buf, const Array<PrimExpr>& indices) override;
  std::string VisitExpr_(const FloatImmNode* op) override;
  std::string VisitExpr_(const tir::MinNode* op) override;
  std::string VisitExpr_(const tir::MaxNode* op) override;
  std::string VisitExpr_(const tir::FloorDivNode* op) override;
  std::string VisitExpr_(const tir::FloorModNode* op) override;
  void VisitStmt_(const tir::AllocateNode* op) override;
  void VisitStmt_(const tir::ForNode* op) override;
  void VisitStmt_(const tir::AssertStmtNode* op) override;
  void VisitStmt_(const tir::EvaluateNode* op) override;
  using CodeGenC::VisitExpr_;
  using CodeGenC::VisitStmt_;

  /*! \brief Print the definitions of the tvmc_ helpers the kernels use (min/max
   * per type, floordiv/floormod), each with `qualifier` ("static inline"). */
  void PrintHelpers(std::ostream& os, const std::string& qualifier);

  /*! \brief Pointers whose memory is aligned to 16 bytes at least: kernel
   * parameters (device allocations) and shared arrays (declared aligned by the
   * dialects that need it). */
  std::set<const tir::VarNode*> aligned_ptrs_;
  bool uses_half_{false};
  bool uses_double_{false};
  std::set<std::string> min_max_types_;
  bool uses_floor_div_{false};

 private:
  /*! \brief Pointer variables and their element type (kernel parameters and
   * allocations). */
  std::unordered_map<const tir::VarNode*, DataType> elem_type_;
  std::ostringstream kernel_info_;
  std::ostringstream* shared_decls_{nullptr};
};

}  // namespace codegen
}  // namespace tvm

#endif  // TVM_TARGET_SOURCE_CODEGEN_GPU_H_
