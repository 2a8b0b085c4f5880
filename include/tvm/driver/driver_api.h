/*!
 * \file tvm/driver/driver_api.h
 * \brief tvm.lower from C++: a schedule and its arguments to an IRModule (see lower.cc for the
 *  pass pipeline).
 */
#ifndef TVM_DRIVER_DRIVER_API_H_
#define TVM_DRIVER_DRIVER_API_H_

#include <tvm/ir/module.h>
#include <tvm/te/schedule.h>

#include <string>

namespace tvm {
namespace driver {

/*!
 * \brief Lower `sch` to an IRModule with one PrimFunc `name` whose parameters are `args`
 *  (te.Tensor, tir.Var or tir.Buffer), tensors bound to `binds` where given.
 */
IRModule LowerSchedule(te::Schedule sch, Array<ObjectRef> args, std::string name,
                       Map<te::Tensor, tir::Buffer> binds = Map<te::Tensor, tir::Buffer>());

}  // namespace driver
}  // namespace tvm

#endif  // TVM_DRIVER_DRIVER_API_H_
