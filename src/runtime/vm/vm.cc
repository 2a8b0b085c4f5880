/*!
 * \file vm.cc
 * \brief The Relay virtual machine: runs an Executable's functions on one device, allocating
 *  each tensor when its shape is known (shapes may depend on the inputs' shapes or values).
 *
 * Module functions (the names Apache TVM's VirtualMachine uses):
 *   init(device_type, device_id[, alloc_type] ...)  the device to run on (the first pair)
 *   invoke(func_name, args...) -> the result (an NDArray, or an Array for a tuple)
 *   set_input(func_name, args...), invoke_stateful(func_name), get_output(i),
 *   get_num_outputs(), get_input_index(input_name, func_name)
 */
#include <tvm/runtime/data_type.h>
#include <tvm/runtime/registry.h>
#include <tvm/runtime/string_tensor.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <unordered_map>

#include "executable.h"

namespace tvm {
namespace runtime {
namespace vm {

namespace {

std::string TypeStr(const std::vector<int64_t>& shape, DLDataType dtype) {
  std::ostringstream os;
  os << "Tensor[(";
  for (size_t i = 0; i < shape.size(); ++i) {
    os << (i ? ", " : "");
    if (shape[i] < 0) {
      os << "?";
    } else {
      os << shape[i];
    }
  }
  os << (shape.size() == 1 ? ",)" : ")") << ", " << DLDataType2String(dtype) << "]";
  return os.str();
}

bool SameType(DLDataType a, DLDataType b) {
  return a.code == b.code && a.bits == b.bits && a.lanes == b.lanes;
}

}  // namespace

class VirtualMachine : public ModuleNode {
 public:
  explicit VirtualMachine(Module exe)
      : exe_module_(std::move(exe)), exe_(static_cast<Executable*>(exe_module_.operator->())) {}

  const char* type_key() const final { return "VirtualMachine"; }

  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>& sptr_to_self) final {
    if (name == "init") {
      return PackedFunc([this, sptr_to_self](TVMArgs args, TVMRetValue*) { Init(args); });
    }
    if (name == "invoke") {
      return PackedFunc([this, sptr_to_self](TVMArgs args, TVMRetValue* rv) {
        int f = Function(args, "invoke");
        depth_ = 0;
        *rv = Run(f, Inputs(f, args, 1));
      });
    }
    if (name == "set_input") {
      return PackedFunc([this, sptr_to_self](TVMArgs args, TVMRetValue*) {
        int f = Function(args, "set_input");
        inputs_[exe_->functions[f].name] = Inputs(f, args, 1);
      });
    }
    if (name == "invoke_stateful") {
      return PackedFunc([this, sptr_to_self](TVMArgs args, TVMRetValue*) {
        int f = Function(args, "invoke_stateful");
        auto it = inputs_.find(exe_->functions[f].name);
        if (it == inputs_.end()) {
          TVM_THROW(ValueError) << "invoke_stateful: call set_input(\"" << exe_->functions[f].name
                                << "\", ...) first";
        }
        depth_ = 0;
        output_ = Run(f, it->second);
      });
    }
    if (name == "get_num_outputs") {
      return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) {
        const auto* tuple = output_.as<ArrayNode>();
        *rv = static_cast<int64_t>(tuple ? tuple->data.size() : (output_.defined() ? 1 : 0));
      });
    }
    if (name == "get_output") {
      return PackedFunc([this, sptr_to_self](TVMArgs args, TVMRetValue* rv) {
        int64_t i = args[0];
        if (!output_.defined()) TVM_THROW(ValueError) << "get_output: nothing has run yet";
        if (const auto* tuple = output_.as<ArrayNode>()) {
          if (i < 0 || i >= static_cast<int64_t>(tuple->data.size())) {
            TVM_THROW(IndexError) << "get_output: index " << i << " is out of range (the result "
                                  << "has " << tuple->data.size() << " outputs)";
          }
          *rv = tuple->data[i];
        } else {
          if (i != 0) {
            TVM_THROW(IndexError) << "get_output: index " << i << " is out of range (the result "
                                  << "is one tensor)";
          }
          *rv = output_;
        }
      });
    }
    if (name == "get_input_index") {
      return PackedFunc([this, sptr_to_self](TVMArgs args, TVMRetValue* rv) {
        std::string input = args[0], fname = args[1];
        int f = exe_->FunctionIndex(fname);
        int64_t index = -1;
        if (f >= 0) {
          const auto& params = exe_->functions[f].params;
          for (size_t i = 0; i < params.size(); ++i) {
            if (params[i].name == input) index = static_cast<int64_t>(i);
          }
        }
        *rv = index;
      });
    }
    return PackedFunc();
  }

 private:
  void Init(const TVMArgs& args) {
    if (args.size() < 1) TVM_THROW(TypeError) << "init(device_type, device_id, ...): no device";
    if (args[0].type_code() == kDLDevice) {
      dev_ = args[0];
    } else {
      if (args.size() < 2) TVM_THROW(TypeError) << "init(device_type, device_id, ...)";
      dev_ = Device{static_cast<DLDeviceType>(args[0].operator int()), args[1].operator int()};
    }
    kernels_.clear();
    for (const std::string& k : exe_->kernels) {
      PackedFunc f = exe_->lib.GetFunction(k, true);
      if (f == nullptr) {
        TVM_THROW(ValueError) << "VM: the kernel library does not define " << k
                              << " (was it built together with this executable?)";
      }
      kernels_.push_back(f);
    }
    host_kernels_.clear();
    for (const auto& k : exe_->host_kernels) {
      const PackedFunc* f = Registry::Get(k.first);
      if (f == nullptr) {
        TVM_THROW(ValueError) << "VM: the runtime has no host kernel " << k.first
                              << (k.first.rfind("tvm.contrib.image.", 0) == 0
                                      ? " (image decoding lives in libtvm_runtime_image.so: "
                                        "load or link it)"
                                      : "");
      }
      host_kernels_.push_back(*f);
    }
    constants_.clear();
    for (const NDArray& c : exe_->constants) {
      constants_.push_back(OnDevice(c));
    }
    initialized_ = true;
  }

  int Function(const TVMArgs& args, const char* what) {
    if (!initialized_) TVM_THROW(ValueError) << what << ": call init(device) first";
    if (args.size() < 1) TVM_THROW(TypeError) << what << "(func_name, ...): no function name";
    std::string name = args[0];
    int f = exe_->FunctionIndex(name);
    if (f < 0) TVM_THROW(ValueError) << what << ": the executable has no function named " << name;
    return f;
  }

  /*! \brief args[first:] checked against function f's parameters, tensors moved to the device. */
  std::vector<ObjectRef> Inputs(int f, const TVMArgs& args, int first) {
    const VMFunction& fn = exe_->functions[f];
    int n = args.size() - first;
    if (n != static_cast<int>(fn.params.size())) {
      TVM_THROW(TypeError) << "VM function " << fn.name << " takes " << fn.params.size()
                           << " arguments, got " << n;
    }
    std::vector<ObjectRef> out;
    for (int i = 0; i < n; ++i) {
      const ParamInfo& p = fn.params[i];
      TVMArgValue v = args[first + i];
      if (!p.is_tensor) {
        out.push_back(v.operator ObjectRef());
        continue;
      }
      NDArray arr;
      if (v.type_code() == kTVMDLTensorHandle) {
        arr = NDArray::BorrowDLTensor(*v.operator DLTensor*());
      } else if (v.type_code() == kTVMNDArrayHandle) {
        arr = v.operator NDArray();
      } else {
        TVM_THROW(TypeError) << "VM function " << fn.name << ": argument '" << p.name
                             << "' must be a tensor, got " << ArgTypeCode2Str(v.type_code());
      }
      std::vector<int64_t> shape(arr->shape, arr->shape + arr->ndim);
      bool ok = SameType(arr->dtype, p.dtype) && shape.size() == p.shape.size();
      for (size_t d = 0; ok && d < shape.size(); ++d) {
        ok = p.shape[d] < 0 || p.shape[d] == shape[d];
      }
      if (!ok) {
        TVM_THROW(ValueError) << "VM function " << fn.name << ": argument '" << p.name
                              << "' expects " << TypeStr(p.shape, p.dtype) << ", got "
                              << TypeStr(shape, arr->dtype);
      }
      Device want = IsStringDType(arr->dtype) ? Device{kDLCPU, 0} : dev_;
      if (arr->device.device_type != want.device_type || arr->device.device_id != want.device_id ||
          !arr.IsContiguous()) {
        NDArray copy = NDArray::Empty(ShapeTuple(shape), arr->dtype, want);
        copy.CopyFrom(arr);
        arr = copy;
      }
      out.push_back(arr);
    }
    return out;
  }

  /*! \brief t on the VM's device (string tensors stay on the CPU). */
  NDArray OnDevice(const NDArray& t) const {
    if (IsStringDType(t->dtype) ||
        (t->device.device_type == dev_.device_type && t->device.device_id == dev_.device_id)) {
      return t;
    }
    return t.CopyTo(dev_);
  }

  /*! \brief A host kernel's result with its tensors moved to the VM's device. */
  ObjectRef ResultOnDevice(const ObjectRef& r, const VMFunction& fn, size_t pc) const {
    if (const auto* t = r.as<NDArray::Container>()) return OnDevice(GetRef<NDArray>(t));
    if (const auto* tuple = r.as<ArrayNode>()) {
      Array<ObjectRef> fields;
      for (const ObjectRef& f : tuple->data) fields.push_back(ResultOnDevice(f, fn, pc));
      return fields;
    }
    TVM_THROW(InternalError) << "VM function " << fn.name << ", instruction " << pc
                             << ": the host kernel returned "
                             << (r.defined() ? r->GetTypeKey() : std::string("nothing"))
                             << ", expected tensors";
    return ObjectRef();
  }

  static NDArray Tensor(const ObjectRef& r, const VMFunction& fn, size_t pc) {
    if (const auto* t = r.as<NDArray::Container>()) return GetRef<NDArray>(t);
    TVM_THROW(InternalError) << "VM function " << fn.name << ", instruction " << pc
                             << ": expected a tensor in the register, found "
                             << (r.defined() ? r->GetTypeKey() : std::string("nothing"));
    return NDArray();
  }

  /*! \brief Element i of an integer or bool tensor, read on the host. */
  static int64_t ReadInt(const NDArray& t, int64_t i) {
    NDArray host = t->device.device_type == kDLCPU ? t : t.CopyTo(Device{kDLCPU, 0});
    const auto* p = static_cast<const char*>(host->data) + host->byte_offset;
    int bytes = (host->dtype.bits + 7) / 8;
    switch (bytes) {
      case 1: return host->dtype.code == kDLInt ? reinterpret_cast<const int8_t*>(p)[i]
                                                : reinterpret_cast<const uint8_t*>(p)[i];
      case 2: return reinterpret_cast<const int16_t*>(p)[i];
      case 4: return reinterpret_cast<const int32_t*>(p)[i];
      default: return reinterpret_cast<const int64_t*>(p)[i];
    }
  }

  ObjectRef Run(int f, const std::vector<ObjectRef>& args) {
    const VMFunction& fn = exe_->functions[f];
    std::vector<ObjectRef> regs(fn.num_registers);
    for (size_t i = 0; i < args.size(); ++i) regs[i] = args[i];
    const Device host{kDLCPU, 0};
    std::vector<TVMValue> values;
    std::vector<int> codes;
    std::vector<NDArray> keep;
    size_t pc = 0;
    while (pc < fn.code.size()) {
      const Instruction& in = fn.code[pc];
      switch (in.op) {
        case Opcode::kMove: regs[in.dst] = regs[in.a]; break;
        case Opcode::kRet: return regs[in.a];
        case Opcode::kConst: regs[in.dst] = constants_[in.a]; break;
        case Opcode::kAlloc:
          regs[in.dst] = NDArray::Empty(ShapeTuple(in.list), in.dtype, in.host ? host : dev_);
          break;
        case Opcode::kAllocDyn: {
          NDArray s = Tensor(regs[in.a], fn, pc);
          std::vector<int64_t> shape;
          for (int64_t d = 0; d < s->shape[0]; ++d) {
            shape.push_back(ReadInt(s, d));
            if (shape.back() < 0) {
              TVM_THROW(ValueError) << "VM function " << fn.name << ", instruction " << pc
                                    << ": the computed shape has the negative extent "
                                    << shape.back() << " (inputs of inconsistent shapes?)";
            }
          }
          regs[in.dst] = NDArray::Empty(ShapeTuple(shape), in.dtype, in.host ? host : dev_);
          break;
        }
        case Opcode::kShapeOf: {
          NDArray t = Tensor(regs[in.a], fn, pc);
          NDArray s = NDArray::Empty(ShapeTuple({t->ndim}), DLDataType{kDLInt, 64, 1}, host);
          std::memcpy(s->data, t->shape, sizeof(int64_t) * t->ndim);
          regs[in.dst] = s;
          break;
        }
        case Opcode::kCall: {
          values.resize(in.list.size());
          codes.assign(in.list.size(), kTVMDLTensorHandle);
          keep.clear();
          for (size_t i = 0; i < in.list.size(); ++i) {
            keep.push_back(Tensor(regs[in.list[i]], fn, pc));
            values[i].v_handle = keep.back().dltensor_handle();
          }
          TVMRetValue rv;
          kernels_[in.a].CallPacked(
              TVMArgs(values.data(), codes.data(), static_cast<int>(values.size())), &rv);
          break;
        }
        case Opcode::kTuple: {
          Array<ObjectRef> fields;
          for (int64_t r : in.list) fields.push_back(regs[r]);
          regs[in.dst] = fields;
          break;
        }
        case Opcode::kField: {
          const auto* tuple = regs[in.a].as<ArrayNode>();
          if (tuple == nullptr || in.b < 0 || in.b >= static_cast<int64_t>(tuple->data.size())) {
            TVM_THROW(InternalError) << "VM function " << fn.name << ", instruction " << pc
                                     << ": field " << in.b << " of a value that is not a tuple "
                                     << "that long";
          }
          regs[in.dst] = tuple->data[in.b];
          break;
        }
        case Opcode::kTruncate: {
          NDArray t = Tensor(regs[in.a], fn, pc);
          int64_t count = ReadInt(Tensor(regs[in.b], fn, pc), 0);
          if (t->ndim < 1 || count < 0 || count > t->shape[0]) {
            TVM_THROW(InternalError) << "VM function " << fn.name << ", instruction " << pc
                                     << ": the kernel reported " << count << " rows of a buffer "
                                     << "holding " << (t->ndim ? t->shape[0] : 0);
          }
          std::vector<int64_t> shape(t->shape, t->shape + t->ndim);
          shape[0] = count;
          regs[in.dst] = t.CreateView(ShapeTuple(shape), DataType(t->dtype));
          break;
        }
        case Opcode::kIf:
          if (ReadInt(Tensor(regs[in.a], fn, pc), 0) == 0) {
            pc = static_cast<size_t>(in.b);
            continue;
          }
          break;
        case Opcode::kGoto: pc = static_cast<size_t>(in.a); continue;
        case Opcode::kBatchCall: BatchCall(in, regs, fn, pc); break;
        case Opcode::kHost: {
          const auto& kernel = exe_->host_kernels[in.a];
          std::vector<NDArray> host_args;
          for (int64_t r : in.list) {
            NDArray t = Tensor(regs[r], fn, pc);
            host_args.push_back(t->device.device_type == kDLCPU ? t : t.CopyTo(host));
          }
          values.resize(host_args.size() + 1);
          codes.assign(host_args.size() + 1, kTVMNDArrayHandle);
          values[0].v_str = kernel.second.c_str();
          codes[0] = kTVMStr;
          for (size_t i = 0; i < host_args.size(); ++i) {
            values[i + 1].v_handle = host_args[i].dltensor_handle();
          }
          TVMRetValue rv;
          host_kernels_[in.a].CallPacked(
              TVMArgs(values.data(), codes.data(), static_cast<int>(values.size())), &rv);
          regs[in.dst] = ResultOnDevice(rv.operator ObjectRef(), fn, pc);
          break;
        }
        case Opcode::kInvoke: {
          std::vector<ObjectRef> call_args;
          for (int64_t r : in.list) call_args.push_back(regs[r]);
          if (++depth_ > kMaxDepth) {
            depth_ = 0;
            TVM_THROW(ValueError) << "VM function " << fn.name << ": calls nest deeper than "
                                  << kMaxDepth << " (unbounded recursion?)";
          }
          regs[in.dst] = Run(static_cast<int>(in.a), call_args);
          --depth_;
          break;
        }
      }
      ++pc;
    }
    TVM_THROW(InternalError) << "VM function " << fn.name << " ended without returning";
    return ObjectRef();
  }

  /*!
   * \brief batch_call: a kernel compiled for one row, run on each row of the batch. A row
   *  whose address is not aligned as allocations are (the kernel may assume that alignment)
   *  goes through an aligned scratch tensor.
   */
  void BatchCall(const Instruction& in, std::vector<ObjectRef>& regs, const VMFunction& fn,
                 size_t pc) {
    if (dev_.device_type != kDLCPU) {
      TVM_THROW(ValueError) << "VM function " << fn.name << ", instruction " << pc
                            << ": batch_call runs kernels compiled for a CPU target, the VM "
                            << "runs on " << DeviceToString(dev_);
    }
    size_t nargs = in.list.size(), nouts = in.dsts.size();
    std::vector<NDArray> args;
    // N: the largest leading extent, or 0 when some batched argument is empty.
    int64_t batch = 1;
    bool empty = false;
    for (size_t i = 0; i < nargs; ++i) {
      args.push_back(Tensor(regs[in.list[i]], fn, pc));
      if (in.batched[i]) {
        if (args.back()->ndim < 1) {
          TVM_THROW(InternalError) << "VM function " << fn.name << ", instruction " << pc
                                   << ": a batched argument is a scalar";
        }
        batch = std::max<int64_t>(batch, args.back()->shape[0]);
        empty = empty || args.back()->shape[0] == 0;
      }
    }
    if (empty) batch = 0;
    for (size_t i = 0; i < nargs; ++i) {
      if (in.batched[i] && args[i]->shape[0] != batch && args[i]->shape[0] != 1 &&
          !(empty && args[i]->shape[0] == 0)) {
        TVM_THROW(ValueError) << "VM function " << fn.name << ", instruction " << pc
                              << ": batched arguments have " << args[i]->shape[0] << " and "
                              << batch << " rows (inputs of inconsistent batch sizes?)";
      }
    }
    std::vector<NDArray> outs;
    for (size_t j = 0; j < nouts; ++j) {
      std::vector<int64_t> shape{batch};
      shape.insert(shape.end(), in.tails[j].begin(), in.tails[j].end());
      outs.push_back(NDArray::Empty(ShapeTuple(shape), in.dtypes[j], dev_));
      regs[in.dsts[j]] = outs.back();
    }
    // One DLTensor per operand: the whole tensor, or one row of it (shape[0] = 1).
    size_t n = nargs + nouts;
    std::vector<DLTensor> views(n);
    std::vector<std::vector<int64_t>> shapes(n);
    std::vector<bool> rowwise(n);
    std::vector<NDArray> scratch(n);
    std::vector<size_t> row_bytes(n, 0);
    for (size_t k = 0; k < n; ++k) {
      const NDArray& t = k < nargs ? args[k] : outs[k - nargs];
      rowwise[k] = k < nargs ? (in.batched[k] && t->shape[0] == batch && batch > 1) : batch > 1;
      views[k] = *t.operator->();
      shapes[k].assign(t->shape, t->shape + t->ndim);
      if (rowwise[k]) {
        shapes[k][0] = 1;
        row_bytes[k] = GetDataSize(*t.operator->()) / static_cast<size_t>(batch);
        if (row_bytes[k] % kAllocAlignment != 0) {
          scratch[k] = NDArray::Empty(ShapeTuple(shapes[k]), t->dtype, t->device);
        }
      }
      views[k].shape = shapes[k].data();
      views[k].strides = nullptr;
    }
    std::vector<TVMValue> values(n);
    std::vector<int> codes(n, kTVMDLTensorHandle);
    for (int64_t i = 0; i < batch; ++i) {
      for (size_t k = 0; k < n; ++k) {
        const NDArray& t = k < nargs ? args[k] : outs[k - nargs];
        if (rowwise[k]) {
          views[k].data = t->data;
          views[k].byte_offset = t->byte_offset + static_cast<uint64_t>(i) * row_bytes[k];
          if (scratch[k].defined()) {
            if (k < nargs) NDArray::CopyFromTo(&views[k], scratch[k].dltensor_handle());
            values[k].v_handle = scratch[k].dltensor_handle();
            continue;
          }
          // Compiled kernels read data + byte_offset: fold the offset into the pointer.
          views[k].data = static_cast<char*>(t->data) + views[k].byte_offset;
          views[k].byte_offset = 0;
        }
        values[k].v_handle = &views[k];
      }
      TVMRetValue rv;
      kernels_[in.a].CallPacked(TVMArgs(values.data(), codes.data(), static_cast<int>(n)), &rv);
      for (size_t k = nargs; k < n; ++k) {
        if (rowwise[k] && scratch[k].defined()) {
          DLTensor row = views[k];  // data + byte_offset of row i
          NDArray::CopyFromTo(scratch[k].operator->(), &row);
        }
      }
    }
  }

  static constexpr int kMaxDepth = 2000;
  Module exe_module_;
  Executable* exe_;
  int depth_{0};
  Device dev_{kDLCPU, 0};
  bool initialized_{false};
  std::vector<PackedFunc> kernels_;
  std::vector<PackedFunc> host_kernels_;
  std::vector<NDArray> constants_;
  std::unordered_map<std::string, std::vector<ObjectRef>> inputs_;
  ObjectRef output_;
};

TVM_REGISTER_GLOBAL("runtime._VirtualMachine").set_body_typed([](Module exe) {
  if (std::string(exe->type_key()) != "VMExecutable") {
    TVM_THROW(TypeError) << "VirtualMachine: expected a VM executable, got a module of type "
                         << exe->type_key();
  }
  return Module(make_object<VirtualMachine>(exe));
});

}  // namespace vm
}  // namespace runtime
}  // namespace tvm
