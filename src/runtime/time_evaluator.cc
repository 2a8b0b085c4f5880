/*!
 * \file time_evaluator.cc
 * \brief Timing of compiled functions (Module.time_evaluator), in the runtime so that a
 *  deployment without the compiler (or an RPC server) can benchmark too.
 *
 * One measurement ("repeat") runs the function `number` times and reports the mean time per
 * run; when min_repeat_ms is set, `number` grows until one measurement lasts that long. One
 * untimed warm-up call comes first, so JIT linking and first-touch page faults are not timed.
 */
#include <tvm/runtime/device_api.h>
#include <tvm/runtime/module.h>
#include <tvm/runtime/registry.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace tvm {
namespace runtime {

/*!
 * \brief A PackedFunc that calls `pf` with its arguments and returns the seconds per run of
 *  each of `repeat` measurements (a list of floats).
 */
PackedFunc WrapTimeEvaluator(PackedFunc pf, Device dev, int number, int repeat, int min_repeat_ms,
                             PackedFunc f_preproc) {
  if (number <= 0 || repeat <= 0) {
    TVM_THROW(ValueError) << "time_evaluator: number and repeat must be positive, got number="
                          << number << ", repeat=" << repeat;
  }
  return PackedFunc([=](TVMArgs args, TVMRetValue* rv) {
    auto sync = [&] {
      if (dev.device_type != kDLCPU) DeviceAPI::Get(dev)->StreamSync(dev, nullptr);
    };
    TVMRetValue tmp;
    pf.CallPacked(args, &tmp);
    sync();
    Array<Float> results;
    int n = number;
    for (int r = 0; r < repeat; ++r) {
      if (f_preproc != nullptr) f_preproc.CallPacked(args, &tmp);
      double seconds = 0;
      while (true) {
        auto begin = std::chrono::steady_clock::now();
        for (int i = 0; i < n; ++i) pf.CallPacked(args, &tmp);
        sync();
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        if (min_repeat_ms <= 0 || seconds * 1e3 >= min_repeat_ms) break;
        double scale = seconds > 0 ? min_repeat_ms / (seconds * 1e3) * 1.618 : 2.0;
        n = std::max(n + 1, static_cast<int>(std::min(1e9, std::ceil(n * scale))));
      }
      results.push_back(Float(seconds / n));
    }
    *rv = results;
  });
}

TVM_REGISTER_GLOBAL("runtime.RPCTimeEvaluator")
    .set_body_typed([](Module mod, String name, int device_type, int device_id, int number,
                       int repeat, int min_repeat_ms, String f_preproc_name) {
      PackedFunc pf = mod.GetFunction(name, false);
      if (pf == nullptr) {
        TVM_THROW(ValueError) << "time_evaluator: the module has no function '" << name << "'";
      }
      PackedFunc preproc;
      if (!f_preproc_name.empty()) {
        const PackedFunc* f = Registry::Get(f_preproc_name);
        if (f == nullptr) {
          TVM_THROW(ValueError) << "time_evaluator: no global function '" << f_preproc_name
                                << "' for f_preproc";
        }
        preproc = *f;
      }
      Device dev{static_cast<DLDeviceType>(device_type), device_id};
      return WrapTimeEvaluator(pf, dev, number, repeat, min_repeat_ms, preproc);
    });

}  // namespace runtime
}  // namespace tvm
