/*!
 * \file tvm/runtime/module.h
 * \brief Module: a unit of compiled code that hands out PackedFuncs by name, may import other
 *  modules (a host library imports its device kernels), and can be saved and reloaded.
 *
 * Loading dispatches on the file's format (its extension unless given): a shared library
 * goes to the DSO loader; other formats are served by a global "runtime.module.loadfile_<fmt>".
 */
#ifndef TVM_RUNTIME_MODULE_H_
#define TVM_RUNTIME_MODULE_H_

#include <tvm/runtime/container.h>
#include <tvm/runtime/object.h>
#include <tvm/runtime/packed_func.h>

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace dmlc {
class Stream;
}  // namespace dmlc

namespace tvm {
namespace runtime {

class ModuleNode;

class Module : public ObjectRef {
 public:
  Module() = default;
  explicit Module(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  /*! \brief The function `name`, or a null PackedFunc when absent. */
  PackedFunc GetFunction(const std::string& name, bool query_imports = false);
  void Import(Module other);
  ModuleNode* operator->() const;
  /*!
   * \brief Load a module from a file. The format is the extension when `format` is empty.
   *  A missing file, an unreadable library or an unknown format raise a clear error.
   */
  static Module LoadFromFile(const std::string& file_name, const std::string& format = "");
  using ContainerType = ModuleNode;
};

/*! \brief Base of every module implementation. All share the type key "runtime.Module". */
class ModuleNode : public Object {
 public:
  ~ModuleNode() override = default;
  /*! \brief The kind of module ("library", "system_lib", "c", "cuda", ...). */
  virtual const char* type_key() const = 0;
  /*!
   * \brief Look up a function of this module alone.
   * \param sptr_to_self a reference to this module, for functions that must keep it alive.
   * \return null when absent.
   */
  virtual PackedFunc GetFunction(const std::string& name,
                                 const ObjectPtr<Object>& sptr_to_self) = 0;
  virtual void SaveToFile(const std::string& file_name, const std::string& format);
  virtual void SaveToBinary(dmlc::Stream* stream);
  virtual std::string GetSource(const std::string& format = "");
  /*! \brief Whether export_library can put this module into a shared library. */
  virtual bool IsDSOExportable() const { return false; }

  /*! \brief Look up here, then (if asked) in imports, depth first; cached. */
  PackedFunc GetFunction(const std::string& name, bool query_imports = false);
  void Import(Module other);
  const std::vector<Module>& imports() const { return imports_; }
  /*! \brief For the C ABI: find a function in this module, its imports, then the registry. */
  const PackedFunc* GetFuncFromEnv(const std::string& name);

  static constexpr const char* _type_key = "runtime.Module";
  TVM_DECLARE_FINAL_OBJECT_INFO(ModuleNode, Object);

 protected:
  std::vector<Module> imports_;

 private:
  std::mutex env_mutex_;
  std::unordered_map<std::string, PackedFunc> env_cache_;
};

inline ModuleNode* Module::operator->() const { return static_cast<ModuleNode*>(get_mutable()); }

/*! \brief Symbol names a compiled library may define. */
namespace symbol {
/*! \brief A string naming the library's entry function. */
constexpr const char* tvm_module_main = "__tvm_main__";
/*! \brief A void* the loader sets to the owning ModuleNode. */
constexpr const char* tvm_module_ctx = "__tvm_module_ctx";
/*! \brief Serialized device modules packed into a host library. */
constexpr const char* tvm_dev_mblob = "__tvm_dev_mblob";
}  // namespace symbol

}  // namespace runtime
using runtime::Module;
}  // namespace tvm

#endif  // TVM_RUNTIME_MODULE_H_
