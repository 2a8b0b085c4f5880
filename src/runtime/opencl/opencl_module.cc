/*!
 * \file opencl_module.cc
 * \brief The OpenCL device module: OpenCL C source plus its kernel table.
 *
 *  The program is built from source the first time a kernel runs on a device,
 * once per device (cached), so a module loads without a driver and reports
 * build errors with the driver's log. Each kernel is a PackedFunc taking the
 * kernel arguments (cl_mem handles, scalars) and the launch extents
 * (src/runtime/thread_launch.h); it enqueues the kernel on the device's queue
 * without waiting (copies back to the host wait, the queue being in order).
 */
#include <dmlc/io.h>
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>

#include <mutex>
#include <unordered_map>

#include "../thread_launch.h"
#include "opencl_api.h"

namespace tvm {
namespace runtime {
namespace cl {

namespace {

class OpenCLModuleNode final : public ModuleNode {
 public:
  OpenCLModuleNode(std::string source, std::string kernel_info)
      : source_(std::move(source)),
        kernel_info_(std::move(kernel_info)),
        kernels_(ParseKernelInfo(kernel_info_)) {}

  ~OpenCLModuleNode() override {
    const API& api = GetAPI();
    for (auto& kv : built_) {
      for (auto& k : kv.second.kernels) api.ReleaseKernel(k.second);
      if (kv.second.program != nullptr) api.ReleaseProgram(kv.second.program);
    }
  }

  const char* type_key() const final { return "opencl"; }

  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>& self) final {
    auto it = kernels_.find(name);
    if (it == kernels_.end()) return PackedFunc();
    const KernelInfo* info = &it->second;
    return PackedFunc([this, info, self](TVMArgs args, TVMRetValue*) { Launch(*info, args); });
  }

  std::string GetSource(const std::string& format) final {
    if (format.empty() || format == "cl") return source_;
    if (format == "func_info") return kernel_info_;
    TVM_THROW(ValueError) << "opencl module: unknown source format '" << format
                          << "' (expected \"cl\")";
  }

  void SaveToBinary(dmlc::Stream* stream) final {
    stream->Write(source_);
    stream->Write(kernel_info_);
  }

 private:
  struct Built {
    cl_program program{nullptr};
    std::unordered_map<std::string, cl_kernel> kernels;
  };

  cl_kernel Kernel(int dev, const std::string& name) {
    Workspace* w = Workspace::Global();
    w->Queue(dev);
    const API& api = GetAPI();
    Built& b = built_[dev];
    if (b.program == nullptr) {
      const char* src = source_.c_str();
      size_t len = source_.size();
      cl_int err = CL_SUCCESS;
      cl_program p = api.CreateProgramWithSource(w->context, 1, &src, &len, &err);
      Check(err, "clCreateProgramWithSource");
      cl_device_id d = w->devices[dev];
      err = api.BuildProgram(p, 1, &d, "", nullptr, nullptr);
      if (err != CL_SUCCESS) {
        size_t n = 0;
        api.GetProgramBuildInfo(p, d, CL_PROGRAM_BUILD_LOG, 0, nullptr, &n);
        std::string log(n, '\0');
        api.GetProgramBuildInfo(p, d, CL_PROGRAM_BUILD_LOG, n, &log[0], nullptr);
        api.ReleaseProgram(p);
        TVM_THROW(ValueError) << "OpenCL: building the program for opencl(" << dev
                              << ") failed (error code " << err << "). Build log:\n"
                              << log << "\nSource:\n"
                              << source_;
      }
      b.program = p;
    }
    auto it = b.kernels.find(name);
    if (it != b.kernels.end()) return it->second;
    cl_int err = CL_SUCCESS;
    cl_kernel k = api.CreateKernel(b.program, name.c_str(), &err);
    Check(err, ("clCreateKernel(" + name + ")").c_str());
    b.kernels[name] = k;
    return k;
  }

  void Launch(const KernelInfo& info, const TVMArgs& args) {
    LaunchDims dims = ReadLaunchDims(info, args);
    std::lock_guard<std::mutex> lock(mutex_);
    int dev = CurrentDevice();
    cl_kernel k = Kernel(dev, info.name);
    const API& api = GetAPI();
    for (size_t i = 0; i < info.arg_types.size(); ++i) {
      int idx = static_cast<int>(i);
      cl_int err;
      if (info.arg_types[i].code == kDLOpaqueHandle) {
        cl_mem m = static_cast<cl_mem>(args[idx].operator void*());
        err = api.SetKernelArg(k, static_cast<cl_uint>(i), sizeof(cl_mem), &m);
      } else {
        KernelScalar v;
        size_t size = PackScalar(info, args, idx, &v);
        err = api.SetKernelArg(k, static_cast<cl_uint>(i), size, &v);
      }
      if (err != CL_SUCCESS) {
        TVM_THROW(ValueError) << "OpenCL: setting argument " << i << " of kernel " << info.name
                              << " failed with error code " << err;
      }
    }
    size_t global[3], local[3];
    for (int d = 0; d < 3; ++d) {
      local[d] = dims.block[d];
      global[d] = dims.grid[d] * dims.block[d];
    }
    cl_int err = api.EnqueueNDRangeKernel(Workspace::Global()->Queue(dev), k, dims.work_dim,
                                          nullptr, global, local, 0, nullptr, nullptr);
    if (err != CL_SUCCESS) {
      TVM_THROW(ValueError) << "OpenCL: launching kernel " << info.name << " (grid " << dims.grid[0]
                            << "x" << dims.grid[1] << "x" << dims.grid[2] << ", block "
                            << dims.block[0] << "x" << dims.block[1] << "x" << dims.block[2]
                            << ") failed with error code " << err;
    }
  }

  std::string source_;
  std::string kernel_info_;
  std::unordered_map<std::string, KernelInfo> kernels_;
  std::mutex mutex_;
  std::unordered_map<int, Built> built_;
};

Module CreateOpenCLModule(std::string source, std::string kernel_info) {
  return Module(make_object<OpenCLModuleNode>(std::move(source), std::move(kernel_info)));
}

}  // namespace

TVM_REGISTER_GLOBAL("runtime.module.create_opencl").set_body_typed(CreateOpenCLModule);

TVM_REGISTER_GLOBAL("runtime.module.loadbinary_opencl").set_body_typed([](void* strm) {
  auto* stream = static_cast<dmlc::Stream*>(strm);
  std::string source, info;
  if (!stream->Read(&source) || !stream->Read(&info)) {
    TVM_THROW(ValueError) << "cannot load an opencl module: the serialized data is truncated";
  }
  return CreateOpenCLModule(source, info);
});

}  // namespace cl
}  // namespace runtime
}  // namespace tvm
