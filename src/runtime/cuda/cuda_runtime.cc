/*!
 * \file cuda_runtime.cc
 * \brief The CUDA DeviceAPI ("device_api.cuda") and device module (PTX), on the
 * driver API.
 *
 *  libcuda is loaded with dlopen on first use and the few driver entry points
 * used are declared here, so libtvm_runtime neither links nor needs CUDA.
 * Without a driver or a device, "device_api.cuda" answers no API:
 * `tvm.cuda().exist` is false and allocating on the device raises a ValueError
 * saying why. Memory is a CUdeviceptr; each device uses its primary context. A
 * module holds PTX (loaded per device on first launch with cuModuleLoadData),
 * the CUDA source it came from (get_source()) and its kernel table
 * (src/runtime/thread_launch.h).
 */
#include <dlfcn.h>
#include <dmlc/io.h>
#include <tvm/runtime/device_api.h>
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>

#include <mutex>
#include <unordered_map>
#include <vector>

#include "../thread_launch.h"
#include "../workspace_pool.h"

namespace tvm {
namespace runtime {
namespace cuda {

namespace {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = uint64_t;
using CUcontext = struct CUctx_st*;
using CUmodule = struct CUmod_st*;
using CUfunction = struct CUfunc_st*;
using CUstream = struct CUstream_st*;

constexpr int CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1;
constexpr int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK = 8;
constexpr int CU_DEVICE_ATTRIBUTE_WARP_SIZE = 10;
constexpr int CU_DEVICE_ATTRIBUTE_CLOCK_RATE = 13;
constexpr int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

struct Driver {
  bool ok{false};
  std::string error;
  int num_devices{0};
  CUresult (*Init)(unsigned);
  CUresult (*DeviceGetCount)(int*);
  CUresult (*DeviceGet)(CUdevice*, int);
  CUresult (*DeviceGetAttribute)(int*, int, CUdevice);
  CUresult (*DeviceGetName)(char*, int, CUdevice);
  CUresult (*DevicePrimaryCtxRetain)(CUcontext*, CUdevice);
  CUresult (*CtxSetCurrent)(CUcontext);
  CUresult (*CtxSynchronize)();
  CUresult (*MemAlloc)(CUdeviceptr*, size_t);
  CUresult (*MemFree)(CUdeviceptr);
  CUresult (*MemcpyHtoD)(CUdeviceptr, const void*, size_t);
  CUresult (*MemcpyDtoH)(void*, CUdeviceptr, size_t);
  CUresult (*MemcpyDtoD)(CUdeviceptr, CUdeviceptr, size_t);
  CUresult (*ModuleLoadData)(CUmodule*, const void*);
  CUresult (*ModuleGetFunction)(CUfunction*, CUmodule, const char*);
  CUresult (*LaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                           unsigned, CUstream, void**, void**);
  CUresult (*GetErrorString)(CUresult, const char**);
  std::vector<CUcontext> contexts;
};

const Driver& GetDriver() {
  static Driver drv = [] {
    Driver d;
    void* lib = nullptr;
    for (const char* name : {"libcuda.so.1", "libcuda.so"}) {
      lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
      if (lib != nullptr) break;
    }
    if (lib == nullptr) {
      d.error = "the CUDA driver (libcuda.so.1) was not found";
      return d;
    }
    bool ok = true;
    auto sym = [&](const char* name) {
      void* p = dlsym(lib, name);
      if (p == nullptr && ok) {
        ok = false;
        d.error = std::string("libcuda lacks ") + name;
      }
      return p;
    };
#define TVM_CU_SYM(field, name) d.field = reinterpret_cast<decltype(d.field)>(sym(name))
    TVM_CU_SYM(Init, "cuInit");
    TVM_CU_SYM(DeviceGetCount, "cuDeviceGetCount");
    TVM_CU_SYM(DeviceGet, "cuDeviceGet");
    TVM_CU_SYM(DeviceGetAttribute, "cuDeviceGetAttribute");
    TVM_CU_SYM(DeviceGetName, "cuDeviceGetName");
    TVM_CU_SYM(DevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain");
    TVM_CU_SYM(CtxSetCurrent, "cuCtxSetCurrent");
    TVM_CU_SYM(CtxSynchronize, "cuCtxSynchronize");
    TVM_CU_SYM(MemAlloc, "cuMemAlloc_v2");
    TVM_CU_SYM(MemFree, "cuMemFree_v2");
    TVM_CU_SYM(MemcpyHtoD, "cuMemcpyHtoD_v2");
    TVM_CU_SYM(MemcpyDtoH, "cuMemcpyDtoH_v2");
    TVM_CU_SYM(MemcpyDtoD, "cuMemcpyDtoD_v2");
    TVM_CU_SYM(ModuleLoadData, "cuModuleLoadData");
    TVM_CU_SYM(ModuleGetFunction, "cuModuleGetFunction");
    TVM_CU_SYM(LaunchKernel, "cuLaunchKernel");
    TVM_CU_SYM(GetErrorString, "cuGetErrorString");
#undef TVM_CU_SYM
    if (!ok) return d;
    if (d.Init(0) != 0) {
      d.error = "cuInit failed (no usable CUDA device or driver)";
      return d;
    }
    if (d.DeviceGetCount(&d.num_devices) != 0 || d.num_devices == 0) {
      d.error = "no CUDA device was found";
      d.num_devices = 0;
      return d;
    }
    d.contexts.assign(d.num_devices, nullptr);
    d.ok = true;
    return d;
  }();
  return drv;
}

void Check(CUresult rc, const std::string& what) {
  if (rc == 0) return;
  const char* msg = nullptr;
  GetDriver().GetErrorString(rc, &msg);
  TVM_THROW(ValueError) << "CUDA: " << what << " failed: " << (msg ? msg : "unknown error") << " ("
                        << rc << ")";
}

/*! \brief Make device `id`'s primary context current on this thread. */
void Activate(int id) {
  static std::mutex mu;
  Driver& d = const_cast<Driver&>(GetDriver());
  if (!d.ok)
    TVM_THROW(ValueError) << "CUDA device cuda(" << id << ") is not available: " << d.error;
  if (id < 0 || id >= d.num_devices) {
    TVM_THROW(ValueError) << "CUDA device cuda(" << id << ") does not exist: there are "
                          << d.num_devices << " device(s)";
  }
  std::lock_guard<std::mutex> lock(mu);
  if (d.contexts[id] == nullptr) {
    CUdevice dev;
    Check(d.DeviceGet(&dev, id), "cuDeviceGet");
    Check(d.DevicePrimaryCtxRetain(&d.contexts[id], dev), "cuDevicePrimaryCtxRetain");
  }
  Check(d.CtxSetCurrent(d.contexts[id]), "cuCtxSetCurrent");
}

thread_local int current_device = 0;

class CUDADeviceAPI final : public DeviceAPI {
 public:
  void SetDevice(Device dev) final {
    Activate(dev.device_id);
    current_device = dev.device_id;
  }
  void GetAttr(Device dev, DeviceAttrKind kind, TVMRetValue* rv) final {
    const Driver& d = GetDriver();
    if (!d.ok || dev.device_id < 0 || dev.device_id >= d.num_devices) {
      if (kind == kExist) *rv = 0;
      return;
    }
    CUdevice cu;
    d.DeviceGet(&cu, dev.device_id);
    auto attr = [&](int a) {
      int v = 0;
      d.DeviceGetAttribute(&v, a, cu);
      return static_cast<int64_t>(v);
    };
    switch (kind) {
      case kExist:
        *rv = 1;
        break;
      case kMaxThreadsPerBlock:
        *rv = attr(CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK);
        break;
      case kWarpSize:
        *rv = attr(CU_DEVICE_ATTRIBUTE_WARP_SIZE);
        break;
      case kMaxSharedMemoryPerBlock:
        *rv = attr(CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK);
        break;
      case kComputeVersion:
        *rv = std::to_string(attr(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR)) + "." +
              std::to_string(attr(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR));
        break;
      case kMaxClockRate:
        *rv = attr(CU_DEVICE_ATTRIBUTE_CLOCK_RATE);
        break;
      case kMultiProcessorCount:
        *rv = attr(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        break;
      case kDeviceName: {
        char name[256] = {0};
        d.DeviceGetName(name, sizeof(name) - 1, cu);
        *rv = std::string(name);
        break;
      }
      default:
        break;
    }
  }
  void* AllocDataSpace(Device dev, size_t nbytes, size_t, DLDataType) final {
    Activate(dev.device_id);
    CUdeviceptr p = 0;
    Check(GetDriver().MemAlloc(&p, nbytes == 0 ? 1 : nbytes),
          "cuMemAlloc of " + std::to_string(nbytes) + " bytes");
    return reinterpret_cast<void*>(p);
  }
  void FreeDataSpace(Device dev, void* ptr) final {
    if (ptr == nullptr) return;
    Activate(dev.device_id);
    GetDriver().MemFree(reinterpret_cast<CUdeviceptr>(ptr));
  }
  void* AllocWorkspace(Device dev, size_t nbytes, DLDataType type_hint) final {
    return pool_.Alloc(dev, nbytes, type_hint);
  }
  void FreeWorkspace(Device dev, void* ptr) final {
    if (!pool_.Free(ptr)) FreeDataSpace(dev, ptr);
  }
  void StreamSync(Device dev, TVMStreamHandle) final {
    Activate(dev.device_id);
    Check(GetDriver().CtxSynchronize(), "cuCtxSynchronize");
  }

 private:
  WorkspacePool pool_{this};

 protected:
  void CopyDataFromTo(const void* from, size_t from_offset, void* to, size_t to_offset,
                      size_t num_bytes, Device dev_from, Device dev_to, DLDataType,
                      TVMStreamHandle) final {
    if (num_bytes == 0) return;
    const Driver& d = GetDriver();
    auto dptr = [](const void* p, size_t off) { return reinterpret_cast<CUdeviceptr>(p) + off; };
    bool from_cu = dev_from.device_type == kDLCUDA, to_cu = dev_to.device_type == kDLCUDA;
    if (from_cu && to_cu) {
      Activate(dev_from.device_id);
      Check(d.MemcpyDtoD(dptr(to, to_offset), dptr(from, from_offset), num_bytes), "cuMemcpyDtoD");
    } else if (from_cu) {
      Activate(dev_from.device_id);
      Check(d.MemcpyDtoH(static_cast<char*>(to) + to_offset, dptr(from, from_offset), num_bytes),
            "cuMemcpyDtoH");
    } else if (to_cu) {
      Activate(dev_to.device_id);
      Check(d.MemcpyHtoD(dptr(to, to_offset), static_cast<const char*>(from) + from_offset,
                         num_bytes),
            "cuMemcpyHtoD");
    } else {
      TVM_THROW(ValueError) << "CUDA: cannot copy between device types " << dev_from.device_type
                            << " and " << dev_to.device_type;
    }
  }
};

class CUDAModuleNode final : public ModuleNode {
 public:
  CUDAModuleNode(std::string data, std::string fmt, std::string kernel_info, std::string source)
      : data_(std::move(data)),
        fmt_(std::move(fmt)),
        kernel_info_(std::move(kernel_info)),
        source_(std::move(source)),
        kernels_(ParseKernelInfo(kernel_info_)) {}

  const char* type_key() const final { return "cuda"; }

  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>& self) final {
    auto it = kernels_.find(name);
    if (it == kernels_.end()) return PackedFunc();
    const KernelInfo* info = &it->second;
    return PackedFunc([this, info, self](TVMArgs args, TVMRetValue*) { Launch(*info, args); });
  }

  std::string GetSource(const std::string& format) final {
    if (format.empty() || format == "cu" || format == "cuda") return source_;
    if (format == fmt_) return data_;
    if (format == "func_info") return kernel_info_;
    TVM_THROW(ValueError) << "cuda module: unknown source format '" << format
                          << "' (expected \"cu\" or \"" << fmt_ << "\")";
  }

  void SaveToBinary(dmlc::Stream* stream) final {
    stream->Write(fmt_);
    stream->Write(data_);
    stream->Write(kernel_info_);
    stream->Write(source_);
  }

 private:
  CUfunction Function(int dev, const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    const Driver& d = GetDriver();
    CUmodule& m = modules_[dev];
    if (m == nullptr) Check(d.ModuleLoadData(&m, data_.c_str()), "cuModuleLoadData");
    auto key = std::make_pair(dev, name);
    auto it = functions_.find(name + "@" + std::to_string(dev));
    if (it != functions_.end()) return it->second;
    CUfunction f;
    Check(d.ModuleGetFunction(&f, m, name.c_str()), "cuModuleGetFunction(" + name + ")");
    functions_[name + "@" + std::to_string(dev)] = f;
    (void)key;
    return f;
  }

  void Launch(const KernelInfo& info, const TVMArgs& args) {
    LaunchDims dims = ReadLaunchDims(info, args);
    int dev = current_device;
    Activate(dev);
    CUfunction f = Function(dev, info.name);
    size_t n = info.arg_types.size();
    std::vector<KernelScalar> values(n);
    std::vector<void*> ptrs(n);
    for (size_t i = 0; i < n; ++i) {
      int idx = static_cast<int>(i);
      if (info.arg_types[i].code == kDLOpaqueHandle) {
        values[i].ptr = args[idx].operator void*();
      } else {
        PackScalar(info, args, idx, &values[i]);
      }
      ptrs[i] = &values[i];
    }
    Check(GetDriver().LaunchKernel(f, dims.grid[0], dims.grid[1], dims.grid[2], dims.block[0],
                                   dims.block[1], dims.block[2], 0, nullptr, ptrs.data(), nullptr),
          "cuLaunchKernel(" + info.name + ")");
  }

  std::string data_, fmt_, kernel_info_, source_;
  std::unordered_map<std::string, KernelInfo> kernels_;
  std::mutex mutex_;
  std::unordered_map<int, CUmodule> modules_;
  std::unordered_map<std::string, CUfunction> functions_;
};

Module CreateCUDAModule(std::string data, std::string fmt, std::string info, std::string source) {
  return Module(make_object<CUDAModuleNode>(data, fmt, info, source));
}

}  // namespace

TVM_REGISTER_GLOBAL("device_api.cuda").set_body([](TVMArgs, TVMRetValue* rv) {
  // Also without a driver: `exist` is then false, and using the device raises a
  // ValueError that says why (Activate).
  static CUDADeviceAPI* api = new CUDADeviceAPI();
  *rv = static_cast<void*>(api);
});

TVM_REGISTER_GLOBAL("runtime.module.create_cuda").set_body_typed(CreateCUDAModule);

TVM_REGISTER_GLOBAL("runtime.module.loadbinary_cuda").set_body_typed([](void* strm) {
  auto* stream = static_cast<dmlc::Stream*>(strm);
  std::string fmt, data, info, source;
  if (!stream->Read(&fmt) || !stream->Read(&data) || !stream->Read(&info) ||
      !stream->Read(&source)) {
    TVM_THROW(ValueError) << "cannot load a cuda module: the serialized data is truncated";
  }
  return CreateCUDAModule(data, fmt, info, source);
});

}  // namespace cuda
}  // namespace runtime
}  // namespace tvm
