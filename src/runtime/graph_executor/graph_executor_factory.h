/*!
 * \file graph_executor_factory.h
 * \brief GraphExecutorFactory: what relay.build returns and export_library writes. It holds
 *  the graph JSON, the parameters and the kernel library; `factory[name](dev)` (name is
 *  "default" unless relay.build was given another mod_name) makes a GraphExecutor on `dev`
 *  with the parameters loaded.
 *
 * An exported model.so carries the graph JSON and the parameter blob as data symbols
 * (__tvm_graph_executor_json / _params / _name, each with an _end marker): loading such a
 * library returns the factory over it, so `Module::LoadFromFile("model.so")` then
 * `GetFunction("default")(dev)` is the whole C++ deployment path.
 */
#ifndef TVM_RUNTIME_GRAPH_EXECUTOR_GRAPH_EXECUTOR_FACTORY_H_
#define TVM_RUNTIME_GRAPH_EXECUTOR_GRAPH_EXECUTOR_FACTORY_H_

#include <tvm/runtime/module.h>

#include <functional>
#include <string>

namespace tvm {
namespace runtime {

/*! \brief The factory over `lib` (which becomes its import). */
Module GraphExecutorFactoryCreate(const std::string& graph_json, const std::string& params_blob,
                                  const std::string& module_name, Module lib);

/*!
 * \brief When the library `lib` carries the graph symbols (looked up with `lookup`), the
 *  factory over it; otherwise `lib` itself.
 */
Module WrapGraphExecutorFactory(Module lib, const std::function<void*(const char*)>& lookup);

}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_GRAPH_EXECUTOR_GRAPH_EXECUTOR_FACTORY_H_
