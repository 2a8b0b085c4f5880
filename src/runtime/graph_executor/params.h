/*!
 * \file params.h
 * \brief The parameter-dict binary format (relay.save_param_dict / load_param_dict):
 *  u64 magic 0xF7E58D4F05049CB7, u64 reserved, u64 count + (u64 length, bytes) per name,
 *  u64 count + one binary NDArray per value.
 */
#ifndef TVM_RUNTIME_GRAPH_EXECUTOR_PARAMS_H_
#define TVM_RUNTIME_GRAPH_EXECUTOR_PARAMS_H_

#include <tvm/runtime/container.h>
#include <tvm/runtime/ndarray.h>

#include <string>

namespace tvm {
namespace runtime {

constexpr uint64_t kTVMParamDictMagic = 0xF7E58D4F05049CB7;

std::string SaveParamDict(const Map<String, NDArray>& params);
/*! \brief ValueError naming what is wrong for a blob that is not, or not all, a param dict. */
Map<String, NDArray> LoadParamDict(const std::string& blob);

}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_GRAPH_EXECUTOR_PARAMS_H_
