/*!
 * \file lower.cc
 * \brief tvm.lower: a te.Schedule and its arguments to an IRModule holding one PrimFunc.
 *
 * The lowering pipeline, in order:
 *   ScheduleOps      schedule -> loop nest over tensors (te)
 *   StorageFlatten   tensors -> flat buffers and allocations (tir)
 *   Simplify         index arithmetic and proven conditions (arith)
 *   LoopPartition    loops with likely() tail guards -> guard-free main part + tail (tir)
 *   StorageRewrite   drop unread allocations, share memory of disjoint ones (tir); needs flat
 *                    memory and the constant extents Simplify leaves, and runs before the
 *                    loop rewrites below, which copy statements but change no live range
 *   VectorizeLoop    vectorized loops -> vector expressions (tir)
 *   UnrollLoop       unrolled loops -> copies of their body (tir)
 *   Simplify, RemoveNoOp
 * Code generation (tvm.build) then runs BF16ComputeLegalize, LowerIntrin (math intrinsics for
 * the target kind, which lowering does not know), MakePackedAPI and the target's code generator.
 */
#include <tvm/driver/driver_api.h>
#include <tvm/ir/module.h>
#include <tvm/runtime/registry.h>
#include <tvm/te/schedule.h>
#include <tvm/tir/function.h>
#include <tvm/tir/loop_partition.h>
#include <tvm/tir/loop_transforms.h>
#include <tvm/tir/simplify_stmt.h>
#include <tvm/tir/storage_flatten.h>
#include <tvm/tir/storage_rewrite.h>

namespace tvm {
namespace driver {

using namespace tvm::tir;  // NOLINT(*)

IRModule LowerSchedule(te::Schedule sch, Array<ObjectRef> args, std::string name,
                       Map<te::Tensor, Buffer> binds) {
  Array<Var> params;
  Map<Var, Buffer> buffer_map;
  Map<DataProducer, Buffer> extern_buffers;
  for (const ObjectRef& arg : args) {
    if (const auto* t = arg.as<te::TensorNode>()) {
      te::Tensor given = GetRef<te::Tensor>(t);
      // After cache rewrites another operation may compute this tensor.
      te::Tensor tensor = sch.Resolve(given->op).output(given->value_index);
      Optional<Buffer> bound;
      for (const auto& kv : binds) {
        if ((kv.first->op.same_as(tensor->op) || kv.first->op.same_as(given->op)) &&
            kv.first->value_index == tensor->value_index) {
          bound = kv.second;
        }
      }
      Buffer buf = bound.defined() ? bound.value()
                                   : decl_buffer(given->shape, given->dtype, given->GetNameHint());
      Var handle(buf->name, DataType::Handle());
      params.push_back(handle);
      buffer_map.Set(handle, buf);
      extern_buffers.Set(tensor, buf);
    } else if (const auto* v = arg.as<VarNode>()) {
      params.push_back(GetRef<Var>(v));
    } else if (const auto* b = arg.as<BufferNode>()) {
      Var handle(b->name, DataType::Handle());
      params.push_back(handle);
      buffer_map.Set(handle, GetRef<Buffer>(b));
    } else {
      TVM_THROW(TypeError) << "lower: arguments must be te.Tensor, tir.Var or tir.Buffer, got "
                           << (arg.defined() ? arg->GetTypeKey() : std::string("None"));
    }
  }
  Stmt body = te::ScheduleOps(sch);
  body = StorageFlatten(body, extern_buffers);
  body = SimplifyStmt(body);
  body = LoopPartition(body);
  body = SimplifyStmt(body);
  body = StorageRewrite(body);
  body = VectorizeLoop(body);
  body = UnrollLoop(body);
  body = SimplifyStmt(body);
  body = RemoveNoOp(body);
  Map<String, ObjectRef> attrs;
  attrs.Set(tvm::attr::kGlobalSymbol, String(name));
  attrs.Set(tir::attr::kNoAlias, Bool(true));
  PrimFunc func(params, body, Type(), buffer_map, DictAttrs(attrs));
  return IRModule(Map<GlobalVar, BaseFunc>{{GlobalVar(name), func}});
}

TVM_REGISTER_GLOBAL("driver.lower_schedule")
    .set_body_typed([](te::Schedule sch, Array<ObjectRef> args, std::string name,
                       Optional<Map<te::Tensor, Buffer>> binds) {
      return LowerSchedule(sch, args, name,
                           binds.defined() ? binds.value() : Map<te::Tensor, Buffer>());
    });

}  // namespace driver
}  // namespace tvm
