/*!
 * \file opencl_api.h
 * \brief The OpenCL 1.2 entry points the runtime uses, resolved from libOpenCL
 * with dlopen.
 *
 *  libtvm_runtime must load where no OpenCL driver is installed, so it neither
 * links libOpenCL nor includes its headers: the few types, constants and
 * functions it needs are declared here (values from the Khronos cl.h) and
 * looked up when a device is first needed.
 */
#ifndef TVM_RUNTIME_OPENCL_OPENCL_API_H_
#define TVM_RUNTIME_OPENCL_OPENCL_API_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tvm {
namespace runtime {
namespace cl {

using cl_int = int32_t;
using cl_uint = uint32_t;
using cl_ulong = uint64_t;
using cl_bitfield = cl_ulong;
using cl_bool = cl_uint;
using cl_platform_id = struct _cl_platform_id*;
using cl_device_id = struct _cl_device_id*;
using cl_context = struct _cl_context*;
using cl_command_queue = struct _cl_command_queue*;
using cl_mem = struct _cl_mem*;
using cl_program = struct _cl_program*;
using cl_kernel = struct _cl_kernel*;
using cl_event = struct _cl_event*;

constexpr cl_int CL_SUCCESS = 0;
constexpr cl_int CL_DEVICE_NOT_FOUND = -1;
constexpr cl_int CL_BUILD_PROGRAM_FAILURE = -11;
constexpr cl_bitfield CL_DEVICE_TYPE_CPU = 1 << 1;
constexpr cl_bitfield CL_DEVICE_TYPE_GPU = 1 << 2;
constexpr cl_bitfield CL_DEVICE_TYPE_ALL = 0xFFFFFFFF;
constexpr cl_bitfield CL_MEM_READ_WRITE = 1 << 0;
constexpr cl_bool CL_TRUE = 1;
constexpr cl_uint CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002;
constexpr cl_uint CL_DEVICE_MAX_WORK_GROUP_SIZE = 0x1004;
constexpr cl_uint CL_DEVICE_MAX_CLOCK_FREQUENCY = 0x100C;
constexpr cl_uint CL_DEVICE_LOCAL_MEM_SIZE = 0x1023;
constexpr cl_uint CL_DEVICE_NAME = 0x102B;
constexpr cl_uint CL_DRIVER_VERSION = 0x102D;
constexpr cl_uint CL_DEVICE_VERSION = 0x102F;
constexpr cl_uint CL_PROGRAM_BUILD_LOG = 0x1183;

/*! \brief The loaded driver; `ok` is false (with `error` saying why) when it is
 * absent. */
struct API {
  bool ok{false};
  std::string error;
  cl_int (*GetPlatformIDs)(cl_uint, cl_platform_id*, cl_uint*);
  cl_int (*GetDeviceIDs)(cl_platform_id, cl_bitfield, cl_uint, cl_device_id*, cl_uint*);
  cl_int (*GetDeviceInfo)(cl_device_id, cl_uint, size_t, void*, size_t*);
  cl_context (*CreateContext)(const intptr_t*, cl_uint, const cl_device_id*,
                              void (*)(const char*, const void*, size_t, void*), void*, cl_int*);
  cl_command_queue (*CreateCommandQueue)(cl_context, cl_device_id, cl_bitfield, cl_int*);
  cl_mem (*CreateBuffer)(cl_context, cl_bitfield, size_t, void*, cl_int*);
  cl_int (*ReleaseMemObject)(cl_mem);
  cl_int (*EnqueueReadBuffer)(cl_command_queue, cl_mem, cl_bool, size_t, size_t, void*, cl_uint,
                              const cl_event*, cl_event*);
  cl_int (*EnqueueWriteBuffer)(cl_command_queue, cl_mem, cl_bool, size_t, size_t, const void*,
                               cl_uint, const cl_event*, cl_event*);
  cl_int (*EnqueueCopyBuffer)(cl_command_queue, cl_mem, cl_mem, size_t, size_t, size_t, cl_uint,
                              const cl_event*, cl_event*);
  cl_int (*Finish)(cl_command_queue);
  cl_program (*CreateProgramWithSource)(cl_context, cl_uint, const char**, const size_t*, cl_int*);
  cl_int (*BuildProgram)(cl_program, cl_uint, const cl_device_id*, const char*,
                         void (*)(cl_program, void*), void*);
  cl_int (*GetProgramBuildInfo)(cl_program, cl_device_id, cl_uint, size_t, void*, size_t*);
  cl_kernel (*CreateKernel)(cl_program, const char*, cl_int*);
  cl_int (*SetKernelArg)(cl_kernel, cl_uint, size_t, const void*);
  cl_int (*EnqueueNDRangeKernel)(cl_command_queue, cl_kernel, cl_uint, const size_t*, const size_t*,
                                 const size_t*, cl_uint, const cl_event*, cl_event*);
  cl_int (*ReleaseKernel)(cl_kernel);
  cl_int (*ReleaseProgram)(cl_program);
};

/*! \brief The driver, loaded on first use (never unloaded). */
const API& GetAPI();

/*! \brief The devices of the first platform that has any (GPUs preferred), one
 * context and one in-order queue per device. Created on first use; `error` says
 * why when empty. */
struct Workspace {
  cl_context context{nullptr};
  std::vector<cl_device_id> devices;
  std::vector<cl_command_queue> queues;
  std::string platform_name;
  std::string error;
  static Workspace* Global();
  /*! \brief The queue of device `id`; a ValueError naming the problem when it
   * is absent. */
  cl_command_queue Queue(int id);
};

/*! \brief The device this thread launches kernels on (DeviceAPI::SetDevice;
 * default 0). */
int& CurrentDevice();

/*! \brief A ValueError "<what> failed: <code name>" when `code` is not
 * CL_SUCCESS. */
void Check(cl_int code, const char* what);

}  // namespace cl
}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_OPENCL_OPENCL_API_H_
