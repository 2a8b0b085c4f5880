/*!
 * \file tvm/runtime/device_api.h
 * \brief DeviceAPI: memory, copies and synchronisation for one kind of device. Each backend
 *  registers a singleton under the global "device_api.<name>" ("device_api.cpu"); backends
 *  whose driver is loaded at run time register only when the driver is present, so "does the
 *  API exist" and "does the device exist" are separate questions (see kExist).
 */
#ifndef TVM_RUNTIME_DEVICE_API_H_
#define TVM_RUNTIME_DEVICE_API_H_

#include <tvm/runtime/c_runtime_api.h>
#include <tvm/runtime/data_type.h>
#include <tvm/runtime/packed_func.h>

#include <string>

namespace tvm {
namespace runtime {

enum DeviceAttrKind : int {
  kExist = 0,
  kMaxThreadsPerBlock = 1,
  kWarpSize = 2,
  kMaxSharedMemoryPerBlock = 3,
  kComputeVersion = 4,
  kDeviceName = 5,
  kMaxClockRate = 6,
  kMultiProcessorCount = 7,
  kMaxThreadDimensions = 8,
  kMaxRegistersPerBlock = 9,
  kGcnArch = 10,
  kApiVersion = 11,
  kDriverVersion = 12,
};

class DeviceAPI {
 public:
  virtual ~DeviceAPI() = default;
  virtual void SetDevice(Device dev) = 0;
  /*! \brief Query an attribute; leaves rv null when the device does not have it. */
  virtual void GetAttr(Device dev, DeviceAttrKind kind, TVMRetValue* rv) = 0;
  virtual void* AllocDataSpace(Device dev, size_t nbytes, size_t alignment,
                               DLDataType type_hint) = 0;
  virtual void FreeDataSpace(Device dev, void* ptr) = 0;
  /*! \brief Copy between two compact tensors of equal size; one side may be on the CPU. */
  virtual void CopyDataFromTo(const DLTensor* from, DLTensor* to, TVMStreamHandle stream);
  virtual void StreamSync(Device dev, TVMStreamHandle stream) = 0;
  /*! \brief Scratch memory for generated code (default: AllocDataSpace). */
  virtual void* AllocWorkspace(Device dev, size_t nbytes, DLDataType type_hint);
  virtual void FreeWorkspace(Device dev, void* ptr);

  /*!
   * \brief The API of a device type. When none is registered: nullptr if allow_missing,
   *  else a ValueError saying which device and that this build or machine lacks it.
   */
  static DeviceAPI* Get(Device dev, bool allow_missing = false);

 protected:
  /*! \brief Raw copy of num_bytes between (possibly different) devices. */
  virtual void CopyDataFromTo(const void* from, size_t from_offset, void* to, size_t to_offset,
                              size_t num_bytes, Device dev_from, Device dev_to,
                              DLDataType type_hint, TVMStreamHandle stream) = 0;
};

}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_DEVICE_API_H_
