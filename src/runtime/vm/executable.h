/*!
 * \file executable.h
 * \brief The Relay VM's executable: functions of register-machine instructions, the constants
 *  they load and the kernel library they call. Part of the runtime: a model with shapes
 *  known only at run time (relay.vm.compile) deploys with libtvm_runtime.so, its kernel
 *  library and the executable's bytes.
 *
 * Instructions (operands are register numbers unless said otherwise):
 *   move dst src                 | ret src
 *   const dst k                  load constant k
 *   alloc dst [shape] dtype host  a tensor of a constant shape (host: on the cpu, else on the
 *                                VM's device)
 *   alloc_dyn dst shape dtype host  a tensor whose shape is the int64 host tensor `shape`
 *   shape_of dst src             the shape of src as an int64 host tensor
 *   call k [args]                kernel k on the tensors args (inputs, then outputs)
 *   tuple dst [fields]           | field dst src index
 *   truncate dst src count       src viewed with its leading extent cut to count[0]
 *   if cond else_pc              fall through when the bool tensor cond holds, else jump
 *   goto pc                      | invoke dst function [args]
 *   host dst k [args]            host kernel k (a global PackedFunc, see below) on args;
 *                                dst gets what it returns (a tensor, or a tuple of them)
 *   batch_call [dsts] k [args] [batched] [[tail]] [dtype]
 *                                kernel k, compiled for batch 1, once per row of a run-time
 *                                batch N: N is the largest leading extent of the args flagged
 *                                batched (each has N or 1 rows; 1 is broadcast), dsts[j] is
 *                                allocated as [N] + tail[j] of dtype[j], and call i passes row
 *                                i of every batched tensor (shape [1, ...])
 * Host kernels run operators that compiled code cannot (string tensors, image decoding):
 * host_kernels[k] = [name, config] names a global function f(config, tensors...) that
 * allocates its results on the CPU; `config` is the JSON text of the operator's attributes.
 * The VM passes numeric tensors to it on the CPU and moves numeric results to its device.
 * Serialized form: u64 magic, u64 length + JSON text (functions, kernels), u64 length + the
 * constants as a parameter dict ("c0", "c1", ...).
 */
#ifndef TVM_RUNTIME_VM_EXECUTABLE_H_
#define TVM_RUNTIME_VM_EXECUTABLE_H_

#include <tvm/runtime/module.h>
#include <tvm/runtime/ndarray.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tvm {
namespace runtime {
namespace vm {

constexpr uint64_t kVMExecutableMagic = 0x31584558454D5654ULL;  // "TVMEXEX1"

enum class Opcode {
  kMove, kRet, kConst, kAlloc, kAllocDyn, kShapeOf, kCall, kTuple, kField, kTruncate, kIf,
  kGoto, kInvoke, kHost, kBatchCall
};

struct Instruction {
  Opcode op;
  int64_t dst{-1};
  int64_t a{-1};   // src / constant / kernel / cond / function / shape register / pc
  int64_t b{-1};   // field index / count register / else pc
  bool host{false};
  DLDataType dtype{kDLFloat, 32, 1};
  std::vector<int64_t> list;  // shape (alloc) or argument registers
  // batch_call: destination registers, which arguments are batched, the outputs' shapes
  // after the batch dimension and their dtypes.
  std::vector<int64_t> dsts;
  std::vector<int64_t> batched;
  std::vector<std::vector<int64_t>> tails;
  std::vector<DLDataType> dtypes;
};

/*! \brief What an argument must be: its dtype and shape, -1 for a dimension known at run time. */
struct ParamInfo {
  std::string name;
  bool is_tensor{true};
  std::vector<int64_t> shape;
  DLDataType dtype{kDLFloat, 32, 1};
};

struct VMFunction {
  std::string name;
  std::vector<ParamInfo> params;
  int64_t num_registers{0};
  std::vector<Instruction> code;
};

class Executable : public ModuleNode {
 public:
  /*! \brief Parse and check the program (ValueError naming the function and instruction). */
  Executable(const std::string& program_json, Map<String, NDArray> constants, Module lib);

  const char* type_key() const final { return "VMExecutable"; }
  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>& sptr_to_self) final;

  /*! \brief The serialized executable (without the kernel library). */
  std::string Save() const;
  /*! \brief The inverse of Save; ValueError for bytes that are not, or not all, one. */
  static Module Load(const std::string& bytes, Module lib);
  /*! \brief A readable listing of every function's instructions. */
  std::string Text() const;

  int FunctionIndex(const std::string& name) const;

  std::vector<VMFunction> functions;
  std::vector<std::string> kernels;
  /*! \brief (global function name, config JSON) of each host kernel. */
  std::vector<std::pair<std::string, std::string>> host_kernels;
  std::vector<NDArray> constants;
  Module lib;

 private:
  std::string program_json_;
  Map<String, NDArray> constant_map_;
};

}  // namespace vm
}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_VM_EXECUTABLE_H_
