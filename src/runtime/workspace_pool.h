/*!
 * \file workspace_pool.h
 * \brief Reuse of device scratch memory (TVMBackendAllocWorkspace) across kernel launches.
 *
 *  The host part of a GPU function allocates the buffers between its kernels on every call;
 *  going to the driver each time (cuMemAlloc / cuMemFree, which synchronizes, or
 *  clCreateBuffer / clReleaseMemObject) costs more than the small kernels themselves. Freed
 *  blocks are kept per device and handed out again (best fit, at most twice the request).
 *  Reuse is safe because every launch on a device goes through one in-order stream / queue:
 *  the next user of a block is enqueued after the previous one.
 */
#ifndef TVM_RUNTIME_WORKSPACE_POOL_H_
#define TVM_RUNTIME_WORKSPACE_POOL_H_

#include <tvm/runtime/device_api.h>

#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace tvm {
namespace runtime {

class WorkspacePool {
 public:
  explicit WorkspacePool(DeviceAPI* api) : api_(api) {}

  void* Alloc(Device dev, size_t nbytes, DLDataType type_hint) {
    size_t size = RoundUp(nbytes == 0 ? 1 : nbytes);
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto& free = free_[dev.device_id];
      auto it = free.lower_bound(size);
      if (it != free.end() && it->first <= 2 * size) {
        void* ptr = it->second;
        live_[ptr] = {dev.device_id, it->first};
        free.erase(it);
        return ptr;
      }
    }
    void* ptr = api_->AllocDataSpace(dev, size, kAlign, type_hint);
    std::lock_guard<std::mutex> lock(mu_);
    live_[ptr] = {dev.device_id, size};
    return ptr;
  }

  /*! \brief Returns the block to the pool; false when it did not come from Alloc. */
  bool Free(void* ptr) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = live_.find(ptr);
    if (it == live_.end()) return false;
    free_[it->second.first].emplace(it->second.second, ptr);
    live_.erase(it);
    return true;
  }

 private:
  static constexpr size_t kAlign = 256;
  static size_t RoundUp(size_t n) { return (n + 4095) / 4096 * 4096; }

  DeviceAPI* api_;
  std::mutex mu_;
  std::unordered_map<int, std::multimap<size_t, void*>> free_;      // device id -> size -> block
  std::unordered_map<void*, std::pair<int, size_t>> live_;          // block -> (device, size)
};

}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_WORKSPACE_POOL_H_
