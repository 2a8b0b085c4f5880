/*!
 * \file device_api.cc
 * \brief DeviceAPI lookup, its default methods, and the CPU device.
 */
#include <tvm/runtime/device_api.h>
#include <tvm/runtime/registry.h>

#include <cstdlib>
#include <cstring>
#include <thread>

#include "runtime_internal.h"

namespace tvm {
namespace runtime {

DeviceAPI* DeviceAPI::Get(Device dev, bool allow_missing) {
  std::string name = "device_api." + DeviceTypeName(dev.device_type);
  const PackedFunc* f = Registry::Get(name);
  if (f == nullptr) {
    if (allow_missing) return nullptr;
    TVM_THROW(ValueError) << "device " << DeviceToString(dev)
                          << " is not available: this runtime has no "
                          << DeviceTypeName(dev.device_type)
                          << " support enabled, or its driver library was not found";
  }
  void* api = (*f)();
  if (api == nullptr) {
    if (allow_missing) return nullptr;
    TVM_THROW(ValueError) << "device " << DeviceToString(dev)
                          << " is not available: its driver library could not be loaded";
  }
  return static_cast<DeviceAPI*>(api);
}

void DeviceAPI::CopyDataFromTo(const DLTensor* from, DLTensor* to, TVMStreamHandle stream) {
  size_t nbytes = 1;
  for (int i = 0; i < from->ndim; ++i) nbytes *= static_cast<size_t>(from->shape[i]);
  nbytes *= (static_cast<size_t>(from->dtype.bits) * from->dtype.lanes + 7) / 8;
  CopyDataFromTo(from->data, static_cast<size_t>(from->byte_offset), to->data,
                 static_cast<size_t>(to->byte_offset), nbytes, from->device, to->device,
                 from->dtype, stream);
}

void* DeviceAPI::AllocWorkspace(Device dev, size_t nbytes, DLDataType type_hint) {
  return AllocDataSpace(dev, nbytes, 64, type_hint);
}

void DeviceAPI::FreeWorkspace(Device dev, void* ptr) { FreeDataSpace(dev, ptr); }

namespace {

/*! \brief Host memory with posix_memalign; copies are memcpy. */
class CPUDeviceAPI final : public DeviceAPI {
 public:
  void SetDevice(Device) final {}
  void GetAttr(Device, DeviceAttrKind kind, TVMRetValue* rv) final {
    switch (kind) {
      case kExist:
        *rv = 1;
        break;
      case kMultiProcessorCount:
        *rv = static_cast<int64_t>(threading::PhysicalCoreCount());
        break;
      case kDeviceName:
        *rv = std::string("cpu");
        break;
      default:
        break;
    }
  }
  void* AllocDataSpace(Device, size_t nbytes, size_t alignment, DLDataType) final {
    void* ptr = nullptr;
    if (alignment < sizeof(void*)) alignment = sizeof(void*);
    if (posix_memalign(&ptr, alignment, nbytes == 0 ? alignment : nbytes) != 0) {
      TVM_THROW(ValueError) << "out of host memory allocating " << nbytes << " bytes";
    }
    return ptr;
  }
  void FreeDataSpace(Device, void* ptr) final { free(ptr); }
  void StreamSync(Device, TVMStreamHandle) final {}
  void* AllocWorkspace(Device dev, size_t nbytes, DLDataType type_hint) final {
    return threading::WorkspaceAlloc(nbytes);
  }
  void FreeWorkspace(Device, void* ptr) final { threading::WorkspaceFree(ptr); }

  static CPUDeviceAPI* Global() {
    static CPUDeviceAPI* inst = new CPUDeviceAPI();
    return inst;
  }

 protected:
  void CopyDataFromTo(const void* from, size_t from_offset, void* to, size_t to_offset,
                      size_t num_bytes, Device, Device, DLDataType, TVMStreamHandle) final {
    if (num_bytes == 0) return;
    std::memcpy(static_cast<char*>(to) + to_offset,
                static_cast<const char*>(from) + from_offset, num_bytes);
  }
};

}  // namespace

TVM_REGISTER_GLOBAL("device_api.cpu").set_body([](TVMArgs, TVMRetValue* rv) {
  *rv = static_cast<void*>(CPUDeviceAPI::Global());
});

/*! \brief (device_type, device_id, attr_kind) -> value, or None when not applicable. */
TVM_REGISTER_GLOBAL("runtime.GetDeviceAttr").set_body([](TVMArgs args, TVMRetValue* rv) {
  Device dev{static_cast<DLDeviceType>(args[0].operator int()), args[1].operator int()};
  int kind = args[2];
  DeviceAPI* api = DeviceAPI::Get(dev, /*allow_missing=*/true);
  if (api == nullptr) {
    if (kind == kExist) *rv = 0;
    return;
  }
  api->GetAttr(dev, static_cast<DeviceAttrKind>(kind), rv);
});

/*! \brief Generated host code of GPU functions calls this before launching kernels. */
TVM_REGISTER_GLOBAL("__tvm_set_device").set_body_typed([](int device_type, int device_id) {
  Device dev{static_cast<DLDeviceType>(device_type), device_id};
  DeviceAPI::Get(dev)->SetDevice(dev);
});

TVM_REGISTER_GLOBAL("runtime.DeviceSync").set_body_typed([](Device dev) {
  DeviceAPI::Get(dev)->StreamSync(dev, nullptr);
});

}  // namespace runtime
}  // namespace tvm
