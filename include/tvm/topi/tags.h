/*!
 * \file tvm/topi/tags.h
 * \brief Operation tags: what schedules (and operator fusion) may assume about a compute.
 */
#ifndef TVM_TOPI_TAGS_H_
#define TVM_TOPI_TAGS_H_

namespace tvm {
namespace topi {

/*! \brief out[i] = f(in[i]) elementwise. */
constexpr const char* kElementWise = "elemwise";
/*! \brief out[i] = f(a[bcast(i)], b[bcast(i)]): numpy broadcasting. */
constexpr const char* kBroadcast = "broadcast";
/*! \brief each output element reads input elements at computable indices (layout ops). */
constexpr const char* kInjective = "injective";
/*! \brief a commutative reduction. */
constexpr const char* kCommReduce = "comm_reduce";
/*! \brief a reduction returning an index (argmax / argmin). */
constexpr const char* kCommReduceIdx = "comm_reduce_idx";

}  // namespace topi
}  // namespace tvm

#endif  // TVM_TOPI_TAGS_H_
