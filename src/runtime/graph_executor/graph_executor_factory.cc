/*!
 * \file graph_executor_factory.cc
 * \brief See graph_executor_factory.h.
 */
#include "graph_executor_factory.h"

#include <tvm/runtime/data_type.h>
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "graph_executor.h"
#include "params.h"

namespace tvm {
namespace runtime {

namespace {

class GraphExecutorFactory : public ModuleNode {
 public:
  GraphExecutorFactory(std::string graph_json, std::string params_blob, std::string name,
                       Module lib)
      : graph_json_(std::move(graph_json)),
        params_blob_(std::move(params_blob)),
        name_(std::move(name)) {
    // Parse the parameters now: a corrupt blob should fail at load time, not at first use.
    params_ = LoadParamDict(params_blob_);
    Import(std::move(lib));
  }

  const char* type_key() const final { return "GraphExecutorFactory"; }

  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>& sptr_to_self) final {
    if (name == name_ || (name == "default" && name_ == "default")) {
      return PackedFunc([this, sptr_to_self](TVMArgs args, TVMRetValue* rv) {
        std::vector<Device> devices;
        for (int i = 0; i < args.size(); ++i) devices.push_back(args[i].operator Device());
        if (devices.empty()) {
          TVM_THROW(TypeError) << "factory[\"" << name_ << "\"](device): a device is required";
        }
        *rv = Create(devices);
      });
    }
    if (name == "get_graph_json") {
      return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) { *rv = graph_json_; });
    }
    if (name == "get_params") {
      return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) { *rv = params_; });
    }
    if (name == "get_params_blob") {
      return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) {
        *rv = TVMByteArray{params_blob_.data(), params_blob_.size()};
      });
    }
    if (name == "get_lib") {
      return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) { *rv = imports_[0]; });
    }
    if (name == "get_module_name") {
      return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) { *rv = name_; });
    }
    return PackedFunc();
  }

  Module Create(const std::vector<Device>& devices) {
    CheckDevice(devices[0]);
    Module exec = GraphExecutorCreate(graph_json_, imports_[0], devices);
    auto* node = static_cast<GraphExecutor*>(exec.operator->());
    for (const auto& kv : params_) {
      int index = node->GetInputIndex(kv.first);
      if (index >= 0) node->SetInput(index, kv.second.operator->());
    }
    return exec;
  }

 private:
  /*! \brief Whether the graph calls any kernel (a node with `"op": "tvm_op"`). */
  bool HasKernels() const {
    const std::string key = "\"op\"";
    for (size_t at = graph_json_.find(key); at != std::string::npos;
         at = graph_json_.find(key, at + key.size())) {
      size_t v = at + key.size();
      while (v < graph_json_.size() && (graph_json_[v] == ' ' || graph_json_[v] == ':' ||
                                        graph_json_[v] == '\n' || graph_json_[v] == '\t')) {
        ++v;
      }
      if (graph_json_.compare(v, 8, "\"tvm_op\"") == 0) return true;
    }
    return false;
  }

  /*!
   * \brief The model's kernels run on the device its library was built for: a library that
   *  imports device code (a cuda or opencl module) needs that device, a host-only library the
   *  cpu. Anything else would hand device pointers to host code or the reverse.
   */
  void CheckDevice(const Device& dev) const {
    if (!HasKernels()) return;  // inputs, constants and views only: any device holds them
    std::vector<int> built_for;
    std::function<void(const Module&)> walk = [&](const Module& m) {
      std::string key = m->type_key();
      int type = key == "cuda" ? kDLCUDA : key == "opencl" ? kDLOpenCL : -1;
      if (type >= 0 && std::find(built_for.begin(), built_for.end(), type) == built_for.end()) {
        built_for.push_back(type);
      }
      for (const Module& i : m->imports()) walk(i);
    };
    walk(imports_[0]);
    if (built_for.empty()) built_for.push_back(kDLCPU);
    if (std::find(built_for.begin(), built_for.end(), static_cast<int>(dev.device_type)) !=
        built_for.end()) {
      return;
    }
    std::string expected;
    for (int t : built_for) expected += (expected.empty() ? "" : " or ") + DeviceTypeName(t);
    TVM_THROW(ValueError) << "factory[\"" << name_ << "\"](" << DeviceTypeName(dev.device_type)
                          << "(" << dev.device_id << ")): the model was built for " << expected
                          << (built_for[0] == kDLCPU
                                  ? " (its library holds host code only)"
                                  : " (its library holds " + expected + " kernels)")
                          << ", not for " << DeviceTypeName(dev.device_type)
                          << "; build it with relay.build(..., target=...) for that device";
  }

  std::string graph_json_;
  std::string params_blob_;
  std::string name_;
  Map<String, NDArray> params_;
};

}  // namespace

Module GraphExecutorFactoryCreate(const std::string& graph_json, const std::string& params_blob,
                                  const std::string& module_name, Module lib) {
  return Module(make_object<GraphExecutorFactory>(graph_json, params_blob, module_name, lib));
}

Module WrapGraphExecutorFactory(Module lib, const std::function<void*(const char*)>& lookup) {
  auto blob = [&](const char* begin, const char* end, std::string* out) {
    const char* b = static_cast<const char*>(lookup(begin));
    const char* e = static_cast<const char*>(lookup(end));
    if (b == nullptr) return false;
    if (e == nullptr || e < b) {
      TVM_THROW(ValueError) << "the library has " << begin << " but no valid " << end
                            << " marker: it was not written by export_library";
    }
    out->assign(b, static_cast<size_t>(e - b));
    return true;
  };
  std::string json, params, name;
  if (!blob("__tvm_graph_executor_json", "__tvm_graph_executor_json_end", &json)) return lib;
  if (!blob("__tvm_graph_executor_params", "__tvm_graph_executor_params_end", &params) ||
      !blob("__tvm_graph_executor_name", "__tvm_graph_executor_name_end", &name)) {
    TVM_THROW(ValueError) << "the library carries a graph but not its parameters or name";
  }
  return GraphExecutorFactoryCreate(json, params, name, lib);
}

TVM_REGISTER_GLOBAL("tvm.graph_executor_factory.create")
    .set_body_typed([](std::string graph_json, std::string params_blob, std::string name,
                       Module lib) {
      return GraphExecutorFactoryCreate(graph_json, params_blob, name, lib);
    });

}  // namespace runtime
}  // namespace tvm
