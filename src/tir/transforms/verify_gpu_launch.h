/*!
 * \file verify_gpu_launch.h
 * \brief VerifyGPULaunch: reject a PrimFunc that a GPU target cannot run, with
 * the reason.
 *
 *  A GPU target runs only the code under thread bindings on the device;
 * everything else runs on the host, which cannot touch device memory. A
 * schedule that forgot to `bind` an axis to blockIdx/threadIdx would otherwise
 * compile into host code that dereferences device pointers (a crash at best).
 * This pass runs before SplitHostDevice and raises a ValueError naming the
 * function and the buffer when memory is accessed outside every kernel ("did
 * you forget to bind?"), and when a kernel launches more threads per block than
 * the target allows
 * (`max_num_threads`, default 1024 for cuda and 256 for opencl) or binds a tag
 * that is not a GPU thread axis.
 */
#ifndef TVM_TIR_TRANSFORMS_VERIFY_GPU_LAUNCH_H_
#define TVM_TIR_TRANSFORMS_VERIFY_GPU_LAUNCH_H_

#include <tvm/ir/transform.h>
#include <tvm/target/target.h>
#include <tvm/tir/function.h>

namespace tvm {
namespace tir {

/*! \brief Raise a ValueError when `func` cannot run on a GPU with `max_threads`
 * per block. */
void VerifyGPULaunch(const PrimFunc& func, int64_t max_threads);

namespace transform {
/*! \brief VerifyGPULaunch on every PrimFunc, with the limits of `target`. */
tvm::transform::Pass VerifyGPULaunch(Target target);
}  // namespace transform

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_TRANSFORMS_VERIFY_GPU_LAUNCH_H_
