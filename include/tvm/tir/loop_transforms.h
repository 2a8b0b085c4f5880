/*!
 * \file tvm/tir/loop_transforms.h
 * \brief Loop rewrites of the lowering pipeline, each a function on statements:
 *
 *  - VectorizeLoop: a loop marked vectorized, of constant extent, becomes straight-line vector
 *    code: its variable becomes Ramp(min, 1, lanes), loads and stores at consecutive indices
 *    become vector loads and stores, scalars meeting vectors are broadcast. A body that cannot
 *    be vectorized (a conditional store, a nested loop, a call without a vector form) keeps a
 *    serial loop instead, so the result is always correct. It runs after Simplify (so indices
 *    are affine in the loop variable) and before code generation.
 *  - UnrollLoop: a loop marked unrolled with a constant extent is replaced by copies of its
 *    body, one per iteration, each with the loop variable replaced by its value.
 *  - RemoveNoOp: drops statements with no effect (empty loops, Evaluate of constants, ifs on
 *    constant conditions).
 */
#ifndef TVM_TIR_LOOP_TRANSFORMS_H_
#define TVM_TIR_LOOP_TRANSFORMS_H_

#include <tvm/tir/stmt.h>

namespace tvm {
namespace tir {

Stmt VectorizeLoop(Stmt stmt);
/*! \brief Unroll loops marked unrolled, and any constant loop of at most `auto_max_extent`. */
Stmt UnrollLoop(Stmt stmt, int auto_max_extent = 0);
Stmt RemoveNoOp(Stmt stmt);

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_LOOP_TRANSFORMS_H_
