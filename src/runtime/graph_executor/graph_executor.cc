/*!
 * \file graph_executor.cc
 * \brief See graph_executor.h.
 */
#include "graph_executor.h"

#include <dmlc/memory_io.h>
#include <tvm/runtime/device_api.h>
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <sstream>

#include "json_value.h"
#include "params.h"

namespace tvm {
namespace runtime {

namespace {

std::string ShapeDtypeStr(const std::vector<int64_t>& shape, DLDataType dtype) {
  std::ostringstream os;
  os << DLDataType2String(dtype) << "(";
  for (size_t i = 0; i < shape.size(); ++i) os << (i ? ", " : "") << shape[i];
  os << (shape.size() == 1 ? ",)" : ")");
  return os.str();
}

/*! \brief attrs.<key> = ["<kind>", [...]]: the list, checked to have `n` elements. */
const std::vector<json::Value>& AttrList(const json::Value& attrs, const std::string& key,
                                         const std::string& kind, size_t n) {
  std::string where = "graph JSON attrs." + key;
  const json::Value& pair = attrs.at(key, "graph JSON attrs");
  if (pair.at(0, where).as_string(where) != kind) {
    TVM_THROW(ValueError) << where << ": expected the tag \"" << kind << "\", found \""
                          << pair.at(0, where).str << "\"";
  }
  const std::vector<json::Value>& list = pair.at(1, where).as_array(where);
  if (list.size() != n) {
    TVM_THROW(ValueError) << where << ": " << n << " entries expected (one per node output), found "
                          << list.size();
  }
  return list;
}

}  // namespace

void GraphExecutor::Init(const std::string& graph_json, Module lib,
                         const std::vector<Device>& devices) {
  if (devices.empty()) TVM_THROW(ValueError) << "graph executor: no device given";
  lib_ = lib;
  devices_ = devices;
  json::Value g = json::Parse(graph_json, "graph JSON");

  // Nodes, in topological order: a node's inputs are earlier nodes.
  const std::vector<json::Value>& nodes = g.at("nodes", "graph JSON").as_array("graph JSON nodes");
  for (size_t nid = 0; nid < nodes.size(); ++nid) {
    std::string where = "graph JSON nodes[" + std::to_string(nid) + "]";
    const json::Value& n = nodes[nid];
    Node node;
    node.op = n.at("op", where).as_string(where + ".op");
    node.name = n.at("name", where).as_string(where + ".name");
    if (node.op == "tvm_op") {
      const json::Value& attrs = n.at("attrs", where);
      node.func_name = attrs.at("func_name", where + ".attrs").as_string(where + ".attrs.func_name");
      node.num_outputs =
          static_cast<uint32_t>(attrs.at("num_outputs", where + ".attrs").as_int(where + ".attrs.num_outputs"));
      if (attrs.has("flatten_data")) {
        node.flatten_data = attrs.at("flatten_data", where).as_int(where + ".attrs.flatten_data") != 0;
      }
      if (attrs.has("num_inputs")) {
        int64_t ni = attrs.at("num_inputs", where).as_int(where + ".attrs.num_inputs");
        if (ni != static_cast<int64_t>(n.at("inputs", where).as_array(where + ".inputs").size())) {
          TVM_THROW(ValueError) << where << " (" << node.name << "): attrs.num_inputs is " << ni
                                << " but the node lists "
                                << n.at("inputs", where).array.size() << " inputs";
        }
      }
    } else if (node.op != "null") {
      TVM_THROW(ValueError) << where << " (" << node.name << "): unknown op \"" << node.op
                            << "\" (expected \"null\" or \"tvm_op\")";
    }
    for (const json::Value& in : n.at("inputs", where).as_array(where + ".inputs")) {
      std::string iw = where + ".inputs";
      Entry e{static_cast<uint32_t>(in.at(0, iw).as_int(iw)),
              static_cast<uint32_t>(in.at(1, iw).as_int(iw))};
      if (e.node_id >= nid) {
        TVM_THROW(ValueError) << where << " (" << node.name << ") reads node " << e.node_id
                              << ", which is not an earlier node";
      }
      if (e.index >= nodes_[e.node_id].num_outputs) {
        TVM_THROW(ValueError) << where << " (" << node.name << ") reads output " << e.index
                              << " of node " << e.node_id << ", which has "
                              << nodes_[e.node_id].num_outputs << " outputs";
      }
      node.inputs.push_back(e);
    }
    nodes_.push_back(std::move(node));
  }
  for (const json::Value& v : g.at("arg_nodes", "graph JSON").as_array("graph JSON arg_nodes")) {
    int64_t nid = v.as_int("graph JSON arg_nodes");
    if (nid < 0 || nid >= static_cast<int64_t>(nodes_.size()) || nodes_[nid].op != "null") {
      TVM_THROW(ValueError) << "graph JSON arg_nodes: " << nid << " is not an input node";
    }
    input_index_[nodes_[nid].name] = static_cast<int>(input_nodes_.size());
    input_nodes_.push_back(static_cast<uint32_t>(nid));
  }
  // Entry offsets of each node's outputs.
  node_row_ptr_.push_back(0);
  for (const Node& n : nodes_) node_row_ptr_.push_back(node_row_ptr_.back() + n.num_outputs);
  if (g.has("node_row_ptr")) {
    const std::vector<json::Value>& rp = g.at("node_row_ptr", "graph JSON").as_array("graph JSON node_row_ptr");
    bool same = rp.size() == node_row_ptr_.size();
    for (size_t i = 0; same && i < rp.size(); ++i) {
      same = rp[i].as_int("graph JSON node_row_ptr") == static_cast<int64_t>(node_row_ptr_[i]);
    }
    if (!same) {
      TVM_THROW(ValueError) << "graph JSON node_row_ptr does not match the nodes' output counts";
    }
  }
  for (const json::Value& h : g.at("heads", "graph JSON").as_array("graph JSON heads")) {
    Entry e{static_cast<uint32_t>(h.at(0, "graph JSON heads").as_int("graph JSON heads")),
            static_cast<uint32_t>(h.at(1, "graph JSON heads").as_int("graph JSON heads"))};
    if (e.node_id >= nodes_.size() || e.index >= nodes_[e.node_id].num_outputs) {
      TVM_THROW(ValueError) << "graph JSON heads: output [" << e.node_id << ", " << e.index
                            << "] does not exist";
    }
    outputs_.push_back(e);
  }

  // Shapes, dtypes, storage ids: one per entry.
  size_t num_entries = node_row_ptr_.back();
  const json::Value& attrs = g.at("attrs", "graph JSON");
  for (const json::Value& s : AttrList(attrs, "shape", "list_shape", num_entries)) {
    std::vector<int64_t> shape;
    for (const json::Value& d : s.as_array("graph JSON attrs.shape")) {
      int64_t v = d.as_int("graph JSON attrs.shape");
      if (v < 0) TVM_THROW(ValueError) << "graph JSON attrs.shape: negative dimension " << v;
      shape.push_back(v);
    }
    shapes_.push_back(shape);
  }
  for (const json::Value& t : AttrList(attrs, "dltype", "list_str", num_entries)) {
    dtypes_.push_back(String2DLDataType(t.as_string("graph JSON attrs.dltype")));
  }
  for (const json::Value& s : AttrList(attrs, "storage_id", "list_int", num_entries)) {
    int64_t sid = s.as_int("graph JSON attrs.storage_id");
    if (sid < 0 || sid > static_cast<int64_t>(num_entries)) {
      TVM_THROW(ValueError) << "graph JSON attrs.storage_id: " << sid << " is out of range";
    }
    storage_ids_.push_back(static_cast<int>(sid));
  }

  // The memory plan: each storage id gets the largest size among its entries.
  std::vector<size_t> pool_bytes;
  for (size_t eid = 0; eid < num_entries; ++eid) {
    size_t bytes = (dtypes_[eid].bits * dtypes_[eid].lanes + 7) / 8;
    for (int64_t d : shapes_[eid]) bytes *= static_cast<size_t>(d);
    size_t sid = static_cast<size_t>(storage_ids_[eid]);
    if (pool_bytes.size() <= sid) pool_bytes.resize(sid + 1, 0);
    pool_bytes[sid] = std::max(pool_bytes[sid], bytes);
  }
  for (size_t bytes : pool_bytes) {
    storage_pool_.push_back(NDArray::Empty({static_cast<int64_t>(std::max<size_t>(bytes, 1))},
                                           DLDataType{kDLUInt, 8, 1}, devices_[0]));
  }
  for (size_t eid = 0; eid < num_entries; ++eid) {
    data_entry_.push_back(storage_pool_[storage_ids_[eid]].CreateView(
        ShapeTuple(shapes_[eid]), DataType(dtypes_[eid])));
  }

  // Bind each operator to its function in the library.
  op_execs_.resize(nodes_.size());
  for (size_t nid = 0; nid < nodes_.size(); ++nid) {
    const Node& n = nodes_[nid];
    if (n.op != "tvm_op" || n.func_name == "__nop") continue;
    OpExec& exec = op_execs_[nid];
    exec.func = lib_.GetFunction(n.func_name, true);
    if (exec.func == nullptr) {
      TVM_THROW(ValueError) << "graph node " << nid << " (" << n.name << ") calls function "
                            << n.func_name << ", which the library does not define (was it built "
                            << "for this graph and this target?)";
    }
    std::vector<uint32_t> eids;
    for (const Entry& e : n.inputs) eids.push_back(EntryId(e));
    for (uint32_t i = 0; i < n.num_outputs; ++i) eids.push_back(EntryId(static_cast<uint32_t>(nid), i));
    for (uint32_t eid : eids) {
      NDArray arr = data_entry_[eid];
      if (n.flatten_data) arr = arr.CreateView({arr.NumElements()}, arr.DataType());
      exec.keep.push_back(arr);
      DLTensor* t = arr.dltensor_handle();
      exec.args.push_back(t);
      TVMValue v;
      v.v_handle = t;
      exec.values.push_back(v);
      exec.codes.push_back(kTVMDLTensorHandle);
    }
  }
}

int GraphExecutor::GetInputIndex(const std::string& name) const {
  auto it = input_index_.find(name);
  return it == input_index_.end() ? -1 : it->second;
}

std::string GraphExecutor::InputName(int index) const { return nodes_[input_nodes_[index]].name; }

void GraphExecutor::SetInput(int index, const DLTensor* data) {
  if (index < 0 || index >= NumInputs()) {
    TVM_THROW(IndexError) << "set_input: index " << index << " is out of range (the graph has "
                          << NumInputs() << " inputs)";
  }
  uint32_t eid = EntryId(input_nodes_[index], 0);
  std::vector<int64_t> shape(data->shape, data->shape + data->ndim);
  DLDataType t = data->dtype;
  if (shape != shapes_[eid] || t.code != dtypes_[eid].code || t.bits != dtypes_[eid].bits ||
      t.lanes != dtypes_[eid].lanes) {
    TVM_THROW(ValueError) << "set_input: input '" << InputName(index) << "' expects "
                          << ShapeDtypeStr(shapes_[eid], dtypes_[eid]) << ", got "
                          << ShapeDtypeStr(shape, t);
  }
  NDArray::CopyFromTo(data, data_entry_[eid].dltensor_handle());
}

NDArray GraphExecutor::GetInput(int index) const {
  if (index < 0 || index >= NumInputs()) {
    TVM_THROW(IndexError) << "get_input: index " << index << " is out of range (the graph has "
                          << NumInputs() << " inputs)";
  }
  return data_entry_[EntryId(input_nodes_[index], 0)];
}

NDArray GraphExecutor::GetOutput(int index) const {
  if (index < 0 || index >= NumOutputs()) {
    TVM_THROW(IndexError) << "get_output: index " << index << " is out of range (the graph has "
                          << NumOutputs() << " outputs)";
  }
  return data_entry_[EntryId(outputs_[index])];
}

void GraphExecutor::RunNode(size_t nid) {
  OpExec& exec = op_execs_[nid];
  if (exec.func == nullptr) return;
  TVMRetValue rv;
  exec.func.CallPacked(TVMArgs(exec.values.data(), exec.codes.data(),
                               static_cast<int>(exec.values.size())),
                       &rv);
}

void GraphExecutor::Run() {
  for (size_t nid = 0; nid < nodes_.size(); ++nid) RunNode(nid);
}

void GraphExecutor::LoadParams(const std::string& blob) {
  Map<String, NDArray> params = LoadParamDict(blob);
  for (const auto& kv : params) {
    int index = GetInputIndex(kv.first);
    if (index < 0) continue;  // a parameter the graph no longer uses (folded away)
    SetInput(index, kv.second.operator->());
  }
}

int64_t GraphExecutor::StorageBytes() const {
  int64_t total = 0;
  for (const NDArray& a : storage_pool_) total += static_cast<int64_t>(a.NBytes());
  return total;
}

PackedFunc GraphExecutor::GetFunction(const std::string& name,
                                      const ObjectPtr<Object>& sptr_to_self) {
  auto index_of = [this](const TVMArgValue& key, const char* fn) {
    if (key.type_code() == kTVMStr) {
      std::string n = key.operator std::string();
      int index = GetInputIndex(n);
      if (index < 0) {
        std::ostringstream known;
        for (int i = 0; i < NumInputs(); ++i) known << (i ? ", " : "") << InputName(i);
        TVM_THROW(ValueError) << fn << ": the graph has no input named '" << n
                              << "' (its inputs: " << known.str() << ")";
      }
      return index;
    }
    return key.operator int();
  };
  if (name == "set_input") {
    return PackedFunc([this, sptr_to_self, index_of](TVMArgs args, TVMRetValue* rv) {
      int index = index_of(args[0], "set_input");
      SetInput(index, args[1].operator DLTensor*());
    });
  }
  if (name == "get_input") {
    return PackedFunc([this, sptr_to_self, index_of](TVMArgs args, TVMRetValue* rv) {
      *rv = GetInput(index_of(args[0], "get_input"));
    });
  }
  if (name == "get_output") {
    return PackedFunc([this, sptr_to_self](TVMArgs args, TVMRetValue* rv) {
      NDArray out = GetOutput(args[0]);
      if (args.size() > 1) {
        NDArray::CopyFromTo(out.operator->(), args[1].operator DLTensor*());
      } else {
        *rv = out;
      }
    });
  }
  if (name == "get_num_outputs") {
    return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) { *rv = NumOutputs(); });
  }
  if (name == "get_num_inputs") {
    return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) { *rv = NumInputs(); });
  }
  if (name == "get_input_index") {
    return PackedFunc([this, sptr_to_self](TVMArgs args, TVMRetValue* rv) {
      *rv = GetInputIndex(args[0].operator std::string());
    });
  }
  if (name == "get_input_info") {
    return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) {
      Map<String, ObjectRef> shapes, dtypes;
      for (int i = 0; i < NumInputs(); ++i) {
        uint32_t eid = EntryId(input_nodes_[i], 0);
        shapes.Set(InputName(i), ShapeTuple(shapes_[eid]));
        dtypes.Set(InputName(i), String(DLDataType2String(dtypes_[eid])));
      }
      *rv = Map<String, ObjectRef>{{"shape", shapes}, {"dtype", dtypes}};
    });
  }
  if (name == "run") {
    return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue*) { Run(); });
  }
  if (name == "load_params") {
    return PackedFunc([this, sptr_to_self](TVMArgs args, TVMRetValue*) {
      LoadParams(args[0].operator std::string());
    });
  }
  if (name == "storage_bytes") {
    return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) { *rv = StorageBytes(); });
  }
  return PackedFunc();
}

namespace {
/*! \brief Devices from (device) or (device_type, device_id) pairs starting at args[first]. */
std::vector<Device> DevicesFromArgs(const TVMArgs& args, int first) {
  std::vector<Device> devices;
  for (int i = first; i < args.size();) {
    if (args[i].type_code() == kDLDevice) {
      devices.push_back(args[i].operator Device());
      ++i;
    } else {
      if (i + 1 >= args.size()) {
        TVM_THROW(ValueError) << "graph executor: devices are (device_type, device_id) pairs";
      }
      devices.push_back(Device{static_cast<DLDeviceType>(args[i].operator int()),
                               args[i + 1].operator int()});
      i += 2;
    }
  }
  return devices;
}
}  // namespace

Module GraphExecutorCreate(const std::string& graph_json, const Module& lib,
                           const std::vector<Device>& devices) {
  auto exec = make_object<GraphExecutor>();
  exec->Init(graph_json, lib, devices);
  return Module(exec);
}

TVM_REGISTER_GLOBAL("tvm.graph_executor.create").set_body([](TVMArgs args, TVMRetValue* rv) {
  if (args.size() < 3) {
    TVM_THROW(TypeError) << "tvm.graph_executor.create(graph_json, lib, device...) needs at "
                         << "least 3 arguments, got " << args.size();
  }
  *rv = GraphExecutorCreate(args[0].operator std::string(), args[1].AsObjectRef<Module>(),
                            DevicesFromArgs(args, 2));
});

}  // namespace runtime
}  // namespace tvm
