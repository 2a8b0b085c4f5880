/*!
 * \file split_host_device.h
 * \brief SplitHostDevice: outline each GPU kernel of a PrimFunc into a device
 * PrimFunc.
 *
 *  After lowering, a GPU schedule is one PrimFunc in which every kernel is the
 * region under an outermost `thread_extent` attribute (blockIdx.* / threadIdx.*
 * bindings). A GPU cannot run the host part (argument unpacking, checks, the
 * launch), and the host cannot run the kernel, so the two are compiled by
 * different code generators. This pass cuts them apart:
 *  - each kernel region becomes a PrimFunc `<name>_kernel<k>` whose parameters
 * are the region's free variables (buffer data pointers first, then scalars),
 * with attributes `calling_conv` = 2 (device kernel launch),
 * `tir.kernel_launch_params` (the thread tags in the order their extents follow
 * the arguments) and `target`;
 *  - the region in the host PrimFunc is replaced by
 *    `tvm_call_packed("<name>_kernel<k>", args..., extents...)`: the device
 * module's packed function takes the kernel arguments followed by the launch
 * extents. The host PrimFunc gets the attribute `tir.device_type` so that
 * MakePackedAPI checks that its array arguments live on the device.
 */
#ifndef TVM_TIR_TRANSFORMS_SPLIT_HOST_DEVICE_H_
#define TVM_TIR_TRANSFORMS_SPLIT_HOST_DEVICE_H_

#include <tvm/ir/module.h>
#include <tvm/ir/transform.h>
#include <tvm/target/target.h>

namespace tvm {
namespace tir {
namespace transform {

/*! \brief Split every PrimFunc of the module into a host function and device
 * kernels. */
tvm::transform::Pass SplitHostDevice(Target target);

}  // namespace transform
}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_TRANSFORMS_SPLIT_HOST_DEVICE_H_
