/*!
 * \file make_packed_api.h
 * \brief MakePackedAPI (see make_packed_api.cc): a PrimFunc with Buffer-bound parameters
 *  becomes one with the runtime's packed signature, checking every argument at call time.
 */
#ifndef TVM_TIR_TRANSFORMS_MAKE_PACKED_API_H_
#define TVM_TIR_TRANSFORMS_MAKE_PACKED_API_H_

#include <tvm/ir/transform.h>
#include <tvm/tir/function.h>

namespace tvm {
namespace tir {

/*! \brief The packed-API version of `func` (unchanged when it already has it). */
PrimFunc MakePackedAPI(PrimFunc func);

namespace transform {
/*! \brief MakePackedAPI on every PrimFunc of a module (global_symbol defaults to its name). */
tvm::transform::Pass MakePackedAPI();
}  // namespace transform

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_TRANSFORMS_MAKE_PACKED_API_H_
