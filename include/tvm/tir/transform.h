/*!
 * \file tvm/tir/transform.h
 * \brief TIR passes as Pass objects (tvm.tir.transform.*). Each wraps a function on
 *  statements or PrimFuncs defined in its own file; the pass applies it to every PrimFunc of
 *  the module and leaves other functions alone.
 */
#ifndef TVM_TIR_TRANSFORM_H_
#define TVM_TIR_TRANSFORM_H_

#include <tvm/ir/transform.h>
#include <tvm/tir/function.h>

#include <string>

namespace tvm {
namespace tir {
namespace transform {

using tvm::transform::Pass;
using tvm::transform::PassContext;

/*! \brief A pass applying `fpass` to each PrimFunc of a module. */
Pass CreatePrimFuncPass(const runtime::TypedPackedFunc<PrimFunc(PrimFunc, IRModule, PassContext)>& fpass,
                        int opt_level, const std::string& name, Array<String> required = {});

/*! \brief Arithmetic simplification (tir/simplify_stmt.h). */
Pass Simplify();
/*! \brief Vectorized loops to vector code (tir/loop_transforms.h). */
Pass VectorizeLoop();
/*! \brief Unrolled loops to copies of their body (tir/loop_transforms.h). */
Pass UnrollLoop();
/*! \brief Drop statements without effect (tir/loop_transforms.h). */
Pass RemoveNoOp();
/*! \brief Drop unread allocations, share memory between disjoint ones (tir/storage_rewrite.h). */
Pass StorageRewrite();
/*!
 * \brief Lower math intrinsics for a target kind through the op attributes
 *  "<kind>.FLowerIntrinsic", falling back to "default.FLowerIntrinsic" (lower_intrin.cc).
 *  Without a kind, each PrimFunc's "target" attribute decides, else "default".
 */
Pass LowerIntrin(Optional<String> target_kind = Optional<String>());
/*! \brief Arithmetic on bfloat16 values computed in float32 (bf16_legalize.cc). */
Pass BF16ComputeLegalize();

}  // namespace transform
}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_TRANSFORM_H_
