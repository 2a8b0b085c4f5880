/*!
 * \file graph_executor_debug.cc
 * \brief The debug graph executor: the graph executor plus per-operator timing
 *  ("run_individual"), which tvm.contrib.debugger.debug_executor prints as a table.
 */
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <chrono>
#include <sstream>

#include "../graph_executor.h"

namespace tvm {
namespace runtime {

class GraphExecutorDebug : public GraphExecutor {
 public:
  const char* type_key() const final { return "GraphExecutorDebug"; }

  /*!
   * \brief Mean seconds per call of each node's operator (0 for inputs): each operator runs
   *  `number` times per repeat, repeats until min_repeat_ms is reached; the best repeat counts.
   */
  std::vector<double> RunIndividual(int number, int repeat, int min_repeat_ms) {
    if (number <= 0 || repeat <= 0) {
      TVM_THROW(ValueError) << "run_individual: number and repeat must be positive, got "
                            << number << " and " << repeat;
    }
    Run();  // warm up, and make every input of every node valid
    std::vector<double> times(nodes_.size(), 0.0);
    for (size_t nid = 0; nid < nodes_.size(); ++nid) {
      if (op_execs_[nid].func == nullptr) continue;
      double best = -1;
      for (int r = 0; r < repeat; ++r) {
        int n = number;
        double per_call;
        while (true) {
          auto t0 = std::chrono::steady_clock::now();
          for (int i = 0; i < n; ++i) RunNode(nid);
          double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
          per_call = secs / n;
          if (secs * 1000 >= min_repeat_ms || n >= (1 << 20)) break;
          n *= 2;
        }
        best = best < 0 ? per_call : std::min(best, per_call);
      }
      times[nid] = best;
    }
    return times;
  }

  PackedFunc GetFunction(const std::string& name, const ObjectPtr<Object>& sptr_to_self) final {
    if (name == "run_individual") {
      return PackedFunc([this, sptr_to_self](TVMArgs args, TVMRetValue* rv) {
        std::vector<double> times = RunIndividual(args[0], args[1], args[2]);
        std::ostringstream os;
        os.precision(9);
        for (size_t i = 0; i < times.size(); ++i) os << (i ? "," : "") << times[i];
        *rv = os.str();
      });
    }
    return GraphExecutor::GetFunction(name, sptr_to_self);
  }
};

TVM_REGISTER_GLOBAL("tvm.graph_executor_debug.create").set_body([](TVMArgs args, TVMRetValue* rv) {
  if (args.size() < 3) {
    TVM_THROW(TypeError) << "tvm.graph_executor_debug.create(graph_json, lib, device) needs 3 "
                         << "arguments, got " << args.size();
  }
  auto exec = make_object<GraphExecutorDebug>();
  exec->Init(args[0].operator std::string(), args[1].AsObjectRef<Module>(),
             {args[2].operator Device()});
  *rv = Module(exec);
});

}  // namespace runtime
}  // namespace tvm
