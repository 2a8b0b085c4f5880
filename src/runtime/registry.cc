/*!
 * \file registry.cc
 * \brief The global function table.
 */
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace tvm {
namespace runtime {

struct RegistryManager {
  std::mutex mutex;
  std::unordered_map<std::string, std::unique_ptr<Registry>> fmap;
  static RegistryManager* Global() {
    // Never destroyed: functions may be looked up during static destruction.
    static RegistryManager* inst = new RegistryManager();
    return inst;
  }
};

Registry& Registry::set_body(PackedFunc f) {
  func_ = std::move(f);
  return *this;
}

Registry& Registry::Register(const std::string& name, bool can_override) {
  RegistryManager* m = RegistryManager::Global();
  std::lock_guard<std::mutex> lock(m->mutex);
  auto it = m->fmap.find(name);
  if (it != m->fmap.end()) {
    if (!can_override) {
      TVM_THROW(ValueError) << "global function '" << name
                            << "' is already registered (pass override=True to replace it)";
    }
    return *it->second;
  }
  auto r = std::make_unique<Registry>();
  r->name_ = name;
  Registry& ref = *r;
  m->fmap[name] = std::move(r);
  return ref;
}

bool Registry::Remove(const std::string& name) {
  RegistryManager* m = RegistryManager::Global();
  // Destroyed after unlocking: releasing the function may run code that looks up globals
  // (a Python closure freeing an NDArray asks for its DeviceAPI).
  std::unique_ptr<Registry> removed;
  {
    std::lock_guard<std::mutex> lock(m->mutex);
    auto it = m->fmap.find(name);
    if (it == m->fmap.end()) return false;
    removed = std::move(it->second);
    m->fmap.erase(it);
  }
  return true;
}

const PackedFunc* Registry::Get(const std::string& name) {
  RegistryManager* m = RegistryManager::Global();
  std::lock_guard<std::mutex> lock(m->mutex);
  auto it = m->fmap.find(name);
  if (it == m->fmap.end() || !it->second->func_.defined()) return nullptr;
  return &it->second->func_;
}

PackedFunc Registry::GetOrThrow(const std::string& name) {
  const PackedFunc* f = Get(name);
  if (f == nullptr) {
    TVM_THROW(ValueError) << "no global function named '" << name << "' is registered";
  }
  return *f;
}

std::vector<std::string> Registry::ListNames() {
  RegistryManager* m = RegistryManager::Global();
  std::lock_guard<std::mutex> lock(m->mutex);
  std::vector<std::string> names;
  names.reserve(m->fmap.size());
  for (const auto& kv : m->fmap) names.push_back(kv.first);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace runtime
}  // namespace tvm
