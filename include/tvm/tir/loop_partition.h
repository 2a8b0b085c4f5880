/*!
 * \file tvm/tir/loop_partition.h
 * \brief LoopPartition: split a loop's range so that the bulk of its iterations runs without
 *  the `likely(cond)` guards a non-dividing split leaves behind.
 *
 *  Splitting an axis of extent 100 by 32 runs io in [0, 4), ii in [0, 32) and guards the body
 *  with `if (likely(io * 32 + ii < 100))`. The guard is only false in the last outer
 *  iteration, yet it stops the inner loop from being vectorized and costs a branch per
 *  element. LoopPartition rewrites such a loop into up to three consecutive loops over the same
 *  iterations: the part where every guard is proven true (io in [0, 3)), emitted with the guards
 *  replaced by `true` and the `if`s dropped, and the parts before and after it (io == 3),
 *  emitted unchanged. It must run before VectorizeLoop so that the main part vectorizes.
 *
 *  Promise: the result executes exactly the same iterations with the same effects. A guard is
 *  removed only where the Analyzer proves it for every value of the loop variable in the main
 *  range and every value of the loops between it and the guard (their ranges); anything else
 *  is left as it was. The main range is sought only for guards that are comparisons monotone in
 *  the loop variable (conjunctions of them), so that it is a prefix, a suffix or, for a
 *  conjunction, the middle of the range; lets and loop ranges that read memory are not used in
 *  proofs. Loops are tried outermost first: a guard is handled at the outermost loop whose
 *  variable it uses (directly or through lets) and whose range is constant, and the parts
 *  outside the main range keep it. Loops with a symbolic range or a
 *  thread binding are not partitioned (their bodies still are); empty parts are not emitted;
 *  each part keeps the loop's kind (a parallel loop becomes parallel loops); an extent-1 part is
 *  its body with the loop variable replaced by its value.
 */
#ifndef TVM_TIR_LOOP_PARTITION_H_
#define TVM_TIR_LOOP_PARTITION_H_

#include <tvm/tir/stmt.h>
#include <tvm/tir/transform.h>

namespace tvm {
namespace tir {

Stmt LoopPartition(Stmt stmt);

namespace transform {
/*! \brief LoopPartition on each PrimFunc (global "tir.transform.LoopPartition"). */
Pass LoopPartition();
}  // namespace transform

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_LOOP_PARTITION_H_
