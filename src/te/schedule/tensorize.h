/*!
 * \file tensorize.h
 * \brief Matching a stage's innermost loops against a TensorIntrin (private to te/schedule).
 *
 * Loops from the tensorized one inward cover a region of every root axis of the stage. Axes
 * spanning more than one value must be the last ones, in order, and have the intrinsic's
 * extents; the stage's body restricted to that region, with its reads of each input rebased
 * to the region the loops read, must equal the intrinsic's declared computation (after
 * simplification). Then the intrinsic's statement replaces the loops, its buffers bound to
 * those regions.
 */
#ifndef TVM_TE_SCHEDULE_TENSORIZE_H_
#define TVM_TE_SCHEDULE_TENSORIZE_H_

#include <tvm/te/schedule.h>

#include <functional>
#include <unordered_map>
#include <vector>

namespace tvm {
namespace te {

/*! \brief A buffer of the intrinsic viewing the region (mins, extents) of a tensor. */
struct TensorizeBinding {
  Buffer buffer;
  Tensor tensor;
  Array<PrimExpr> mins;
  Array<PrimExpr> extents;
};

struct TensorizePlan {
  TensorIntrin intrin;
  std::vector<TensorizeBinding> inputs;
  std::vector<TensorizeBinding> outputs;
};

/*!
 * \brief Match the loops leaves[tloc:] of stage `s` against the intrinsic tensorizing
 *  leaves[tloc]; ValueError naming the stage, the loop and the mismatch if they differ.
 * \param dom the range of every IterVar of the stage.
 * \param vmap the value of each root axis in terms of the leaf loop variables.
 * \param prepare applies inlining and cache remapping to an expression of the stage's body.
 */
TensorizePlan MatchTensorize(const StageNode* s, size_t tloc,
                             const std::unordered_map<const Object*, Range>& dom,
                             const Map<Var, PrimExpr>& vmap,
                             const std::function<PrimExpr(const PrimExpr&)>& prepare);

}  // namespace te
}  // namespace tvm

#endif  // TVM_TE_SCHEDULE_TENSORIZE_H_
