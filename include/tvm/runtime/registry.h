/*!
 * \file tvm/runtime/registry.h
 * \brief The global function registry: functions that cross the language boundary are
 *  registered by dotted name (TVM_REGISTER_GLOBAL("runtime.NDArraySave")) and looked up by
 *  Python and by generated code. Inside C++, call the C++ function directly.
 */
#ifndef TVM_RUNTIME_REGISTRY_H_
#define TVM_RUNTIME_REGISTRY_H_

#include <tvm/runtime/packed_func.h>

#include <string>
#include <vector>

namespace tvm {
namespace runtime {

class Registry {
 public:
  Registry& set_body(PackedFunc f);
  Registry& set_body(PackedFunc::FType f) { return set_body(PackedFunc(std::move(f))); }
  /*! \brief Register a C++ callable; arguments are converted and checked by its signature. */
  template <typename F>
  Registry& set_body_typed(F f) {
    using FType = typename detail::function_signature<F>::FType;
    return set_body(TypedPackedFunc<FType>(std::move(f), name_).packed());
  }
  const std::string& name() const { return name_; }

  /*!
   * \brief Start registering `name`. A second registration of a name is a ValueError unless
   *  `can_override`.
   */
  static Registry& Register(const std::string& name, bool can_override = false);
  static bool Remove(const std::string& name);
  /*! \brief The function registered under name, or nullptr. */
  static const PackedFunc* Get(const std::string& name);
  /*! \brief The function registered under name; ValueError naming it when absent. */
  static PackedFunc GetOrThrow(const std::string& name);
  static std::vector<std::string> ListNames();

 private:
  std::string name_;
  PackedFunc func_;
  friend struct RegistryManager;
};

}  // namespace runtime
}  // namespace tvm

#define TVM_REGISTER_GLOBAL(OpName)                                       \
  static TVM_ATTRIBUTE_UNUSED ::tvm::runtime::Registry& TVM_STR_CONCAT( \
      __tvm_func_reg_, __COUNTER__) = ::tvm::runtime::Registry::Register(OpName)

#endif  // TVM_RUNTIME_REGISTRY_H_
