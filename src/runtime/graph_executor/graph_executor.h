/*!
 * \file graph_executor.h
 * \brief GraphExecutor: runs a graph of compiled operator calls (the graph JSON that
 *  relay.build emits) over statically planned storage. Part of the runtime: a deployed model
 *  needs only libtvm_runtime.so, the operator library and this.
 *
 * The graph JSON lists nodes ("null" for inputs and parameters, "tvm_op" for a call of
 * attrs.func_name on its inputs then outputs), the input node ids (arg_nodes), the outputs
 * (heads), and per node entry its shape, dtype and storage id. Entries with the same storage
 * id share one allocation of the largest size among them: the memory plan.
 */
#ifndef TVM_RUNTIME_GRAPH_EXECUTOR_GRAPH_EXECUTOR_H_
#define TVM_RUNTIME_GRAPH_EXECUTOR_GRAPH_EXECUTOR_H_

#include <tvm/runtime/module.h>
#include <tvm/runtime/ndarray.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace tvm {
namespace runtime {

class GraphExecutor : public ModuleNode {
 public:
  /*! \brief Parse and check the graph, allocate storage, bind every operator's function. */
  void Init(const std::string& graph_json, Module lib, const std::vector<Device>& devices);

  const char* type_key() const override { return "GraphExecutor"; }
  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>& sptr_to_self) override;

  /*! \brief Index among the inputs of the input named `name`, or -1. */
  int GetInputIndex(const std::string& name) const;
  void SetInput(int index, const DLTensor* data);
  NDArray GetInput(int index) const;
  NDArray GetOutput(int index) const;
  int NumInputs() const { return static_cast<int>(input_nodes_.size()); }
  int NumOutputs() const { return static_cast<int>(outputs_.size()); }
  /*! \brief Run every operator in order. */
  void Run();
  /*! \brief Load a params blob (relay.save_param_dict) into the inputs it names. */
  void LoadParams(const std::string& blob);
  /*! \brief Total bytes of the planned storage (what the memory plan allocates). */
  int64_t StorageBytes() const;

 protected:
  struct Entry {
    uint32_t node_id;
    uint32_t index;
  };
  struct Node {
    std::string op;
    std::string name;
    std::string func_name;
    uint32_t num_outputs{1};
    bool flatten_data{false};
    std::vector<Entry> inputs;
  };
  struct OpExec {
    PackedFunc func;
    std::vector<TVMValue> values;
    std::vector<int> codes;
    std::vector<DLTensor*> args;  // kept for the debug executor
    std::vector<NDArray> keep;    // the (possibly flattened) views behind args
  };

  uint32_t EntryId(uint32_t nid, uint32_t index) const { return node_row_ptr_[nid] + index; }
  uint32_t EntryId(const Entry& e) const { return EntryId(e.node_id, e.index); }
  /*! \brief Run the operator of node `nid` (no-op for inputs and __nop). */
  void RunNode(size_t nid);
  std::string InputName(int index) const;

  std::vector<Node> nodes_;
  std::vector<uint32_t> input_nodes_;
  std::vector<uint32_t> node_row_ptr_;
  std::vector<Entry> outputs_;
  std::vector<std::vector<int64_t>> shapes_;
  std::vector<DLDataType> dtypes_;
  std::vector<int> storage_ids_;
  std::vector<NDArray> storage_pool_;
  std::vector<NDArray> data_entry_;
  std::vector<OpExec> op_execs_;  // one per node
  std::unordered_map<std::string, int> input_index_;
  Module lib_;
  std::vector<Device> devices_;
};

/*! \brief The GraphExecutor over (graph_json, lib, devices): what graph_executor.create makes. */
Module GraphExecutorCreate(const std::string& graph_json, const Module& lib,
                           const std::vector<Device>& devices);

}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_GRAPH_EXECUTOR_GRAPH_EXECUTOR_H_
