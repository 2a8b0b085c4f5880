/*!
 * \file opencl_device_api.cc
 * \brief The OpenCL driver loader and DeviceAPI ("device_api.opencl").
 *
 *  Device memory is a cl_mem (the NDArray data pointer is the cl_mem handle
 * itself, offsets are byte offsets into it). Copies between host and device are
 * blocking reads/writes on the device's in-order queue, so a copy to the host
 * also waits for the kernels queued before it.
 */
#include <dlfcn.h>
#include <tvm/runtime/device_api.h>
#include <tvm/runtime/registry.h>

#include <mutex>

#include "../workspace_pool.h"
#include "opencl_api.h"

namespace tvm {
namespace runtime {
namespace cl {

const API& GetAPI() {
  static API api = [] {
    API a;
    void* lib = nullptr;
    for (const char* name : {"libOpenCL.so.1", "libOpenCL.so"}) {
      lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
      if (lib != nullptr) break;
    }
    if (lib == nullptr) {
      a.error =
          "libOpenCL.so.1 was not found (install an OpenCL ICD loader "
          "and a driver)";
      return a;
    }
    bool ok = true;
    auto sym = [&](const char* name) {
      void* p = dlsym(lib, name);
      if (p == nullptr && ok) {
        ok = false;
        a.error = std::string("libOpenCL lacks ") + name;
      }
      return p;
    };
#define TVM_CL_SYM(field, name) a.field = reinterpret_cast<decltype(a.field)>(sym(name))
    TVM_CL_SYM(GetPlatformIDs, "clGetPlatformIDs");
    TVM_CL_SYM(GetDeviceIDs, "clGetDeviceIDs");
    TVM_CL_SYM(GetDeviceInfo, "clGetDeviceInfo");
    TVM_CL_SYM(CreateContext, "clCreateContext");
    TVM_CL_SYM(CreateCommandQueue, "clCreateCommandQueue");
    TVM_CL_SYM(CreateBuffer, "clCreateBuffer");
    TVM_CL_SYM(ReleaseMemObject, "clReleaseMemObject");
    TVM_CL_SYM(EnqueueReadBuffer, "clEnqueueReadBuffer");
    TVM_CL_SYM(EnqueueWriteBuffer, "clEnqueueWriteBuffer");
    TVM_CL_SYM(EnqueueCopyBuffer, "clEnqueueCopyBuffer");
    TVM_CL_SYM(Finish, "clFinish");
    TVM_CL_SYM(CreateProgramWithSource, "clCreateProgramWithSource");
    TVM_CL_SYM(BuildProgram, "clBuildProgram");
    TVM_CL_SYM(GetProgramBuildInfo, "clGetProgramBuildInfo");
    TVM_CL_SYM(CreateKernel, "clCreateKernel");
    TVM_CL_SYM(SetKernelArg, "clSetKernelArg");
    TVM_CL_SYM(EnqueueNDRangeKernel, "clEnqueueNDRangeKernel");
    TVM_CL_SYM(ReleaseKernel, "clReleaseKernel");
    TVM_CL_SYM(ReleaseProgram, "clReleaseProgram");
#undef TVM_CL_SYM
    a.ok = ok;
    return a;
  }();
  return api;
}

void Check(cl_int code, const char* what) {
  if (code == CL_SUCCESS) return;
  TVM_THROW(ValueError) << "OpenCL: " << what << " failed with error code " << code;
}

Workspace* Workspace::Global() {
  static Workspace* ws = [] {
    auto* w = new Workspace();
    const API& api = GetAPI();
    if (!api.ok) {
      w->error = api.error;
      return w;
    }
    cl_uint nplat = 0;
    if (api.GetPlatformIDs(0, nullptr, &nplat) != CL_SUCCESS || nplat == 0) {
      w->error = "no OpenCL platform is installed (no ICD found)";
      return w;
    }
    std::vector<cl_platform_id> plats(nplat);
    api.GetPlatformIDs(nplat, plats.data(), nullptr);
    for (cl_bitfield type : {CL_DEVICE_TYPE_GPU, CL_DEVICE_TYPE_ALL}) {
      for (cl_platform_id p : plats) {
        cl_uint ndev = 0;
        if (api.GetDeviceIDs(p, type, 0, nullptr, &ndev) != CL_SUCCESS || ndev == 0) continue;
        w->devices.resize(ndev);
        api.GetDeviceIDs(p, type, ndev, w->devices.data(), nullptr);
        cl_int err = CL_SUCCESS;
        w->context = api.CreateContext(nullptr, ndev, w->devices.data(), nullptr, nullptr, &err);
        if (err != CL_SUCCESS) {
          w->devices.clear();
          continue;
        }
        for (cl_device_id d : w->devices) {
          w->queues.push_back(api.CreateCommandQueue(w->context, d, 0, &err));
          Check(err, "clCreateCommandQueue");
        }
        return w;
      }
    }
    w->error = "no OpenCL device was found";
    return w;
  }();
  return ws;
}

cl_command_queue Workspace::Queue(int id) {
  if (devices.empty()) {
    TVM_THROW(ValueError) << "OpenCL device opencl(" << id << ") is not available: " << error;
  }
  if (id < 0 || id >= static_cast<int>(devices.size())) {
    TVM_THROW(ValueError) << "OpenCL device opencl(" << id << ") does not exist: there are "
                          << devices.size() << " device(s)";
  }
  return queues[id];
}

int& CurrentDevice() {
  thread_local int device = 0;
  return device;
}

namespace {

std::string DeviceString(cl_device_id d, cl_uint what) {
  size_t n = 0;
  GetAPI().GetDeviceInfo(d, what, 0, nullptr, &n);
  std::string s(n, '\0');
  GetAPI().GetDeviceInfo(d, what, n, &s[0], nullptr);
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

class OpenCLDeviceAPI final : public DeviceAPI {
 public:
  void SetDevice(Device dev) final {
    Workspace::Global()->Queue(dev.device_id);
    CurrentDevice() = dev.device_id;
  }

  void GetAttr(Device dev, DeviceAttrKind kind, TVMRetValue* rv) final {
    Workspace* w = Workspace::Global();
    if (dev.device_id < 0 || dev.device_id >= static_cast<int>(w->devices.size())) {
      if (kind == kExist) *rv = 0;
      return;
    }
    cl_device_id d = w->devices[dev.device_id];
    const API& api = GetAPI();
    switch (kind) {
      case kExist:
        *rv = 1;
        break;
      case kMaxThreadsPerBlock: {
        size_t v = 0;
        api.GetDeviceInfo(d, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof(v), &v, nullptr);
        *rv = static_cast<int64_t>(v);
        break;
      }
      case kWarpSize:
        *rv = 1;
        break;
      case kMaxSharedMemoryPerBlock: {
        cl_ulong v = 0;
        api.GetDeviceInfo(d, CL_DEVICE_LOCAL_MEM_SIZE, sizeof(v), &v, nullptr);
        *rv = static_cast<int64_t>(v);
        break;
      }
      case kMultiProcessorCount: {
        cl_uint v = 0;
        api.GetDeviceInfo(d, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof(v), &v, nullptr);
        *rv = static_cast<int64_t>(v);
        break;
      }
      case kMaxClockRate: {
        cl_uint v = 0;
        api.GetDeviceInfo(d, CL_DEVICE_MAX_CLOCK_FREQUENCY, sizeof(v), &v, nullptr);
        *rv = static_cast<int64_t>(v);
        break;
      }
      case kDeviceName:
        *rv = DeviceString(d, CL_DEVICE_NAME);
        break;
      case kApiVersion:
        *rv = DeviceString(d, CL_DEVICE_VERSION);
        break;
      case kDriverVersion:
        *rv = DeviceString(d, CL_DRIVER_VERSION);
        break;
      default:
        break;
    }
  }

  void* AllocDataSpace(Device dev, size_t nbytes, size_t, DLDataType) final {
    Workspace* w = Workspace::Global();
    w->Queue(dev.device_id);
    cl_int err = CL_SUCCESS;
    cl_mem m = GetAPI().CreateBuffer(w->context, CL_MEM_READ_WRITE, nbytes == 0 ? 1 : nbytes,
                                     nullptr, &err);
    if (err != CL_SUCCESS) {
      TVM_THROW(ValueError) << "OpenCL: allocating " << nbytes << " bytes on opencl("
                            << dev.device_id << ") failed with error code " << err;
    }
    return m;
  }

  void FreeDataSpace(Device, void* ptr) final {
    if (ptr != nullptr) GetAPI().ReleaseMemObject(static_cast<cl_mem>(ptr));
  }

  void* AllocWorkspace(Device dev, size_t nbytes, DLDataType type_hint) final {
    return pool_.Alloc(dev, nbytes, type_hint);
  }
  void FreeWorkspace(Device dev, void* ptr) final {
    if (!pool_.Free(ptr)) FreeDataSpace(dev, ptr);
  }
  void StreamSync(Device dev, TVMStreamHandle) final {
    Check(GetAPI().Finish(Workspace::Global()->Queue(dev.device_id)), "clFinish");
  }

 private:
  WorkspacePool pool_{this};

 protected:
  void CopyDataFromTo(const void* from, size_t from_offset, void* to, size_t to_offset,
                      size_t num_bytes, Device dev_from, Device dev_to, DLDataType,
                      TVMStreamHandle) final {
    if (num_bytes == 0) return;
    const API& api = GetAPI();
    Workspace* w = Workspace::Global();
    bool from_cl = dev_from.device_type == kDLOpenCL, to_cl = dev_to.device_type == kDLOpenCL;
    if (from_cl && to_cl) {
      cl_command_queue q = w->Queue(dev_from.device_id);
      Check(api.EnqueueCopyBuffer(q, static_cast<cl_mem>(const_cast<void*>(from)),
                                  static_cast<cl_mem>(to), from_offset, to_offset, num_bytes, 0,
                                  nullptr, nullptr),
            "clEnqueueCopyBuffer");
      Check(api.Finish(q), "clFinish");
    } else if (from_cl && dev_to.device_type == kDLCPU) {
      Check(api.EnqueueReadBuffer(
                w->Queue(dev_from.device_id), static_cast<cl_mem>(const_cast<void*>(from)), CL_TRUE,
                from_offset, num_bytes, static_cast<char*>(to) + to_offset, 0, nullptr, nullptr),
            "clEnqueueReadBuffer");
    } else if (to_cl && dev_from.device_type == kDLCPU) {
      Check(api.EnqueueWriteBuffer(
                w->Queue(dev_to.device_id), static_cast<cl_mem>(to), CL_TRUE, to_offset, num_bytes,
                static_cast<const char*>(from) + from_offset, 0, nullptr, nullptr),
            "clEnqueueWriteBuffer");
    } else {
      TVM_THROW(ValueError) << "OpenCL: cannot copy between device types " << dev_from.device_type
                            << " and " << dev_to.device_type;
    }
  }
};

}  // namespace

}  // namespace cl

TVM_REGISTER_GLOBAL("device_api.opencl").set_body([](TVMArgs, TVMRetValue* rv) {
  // Also without a driver or device: `exist` is then false, and using the
  // device raises a ValueError that says why (Workspace::Queue).
  static cl::OpenCLDeviceAPI* api = new cl::OpenCLDeviceAPI();
  *rv = static_cast<void*>(api);
});

}  // namespace runtime
}  // namespace tvm
