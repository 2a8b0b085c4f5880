/*!
 * \file te_compiler.cc
 * \brief See te_compiler.h.
 */
#include "te_compiler.h"

#include <tvm/driver/driver_api.h>
#include <tvm/ir/structural_equal.h>
#include <tvm/ir/structural_hash.h>
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/op.h>
#include <tvm/relay/op_strategy.h>
#include <tvm/runtime/registry.h>
#include <tvm/runtime/string_tensor.h>
#include <tvm/te/schedule.h>
#include <tvm/te/tensor.h>
#include <tvm/tir/function.h>

#include <mutex>
#include <sstream>
#include <unordered_map>

namespace tvm {
namespace relay {

// ---- OpImplementation / OpStrategy ------------------------------------------------------
Array<te::Tensor> OpImplementation::Compute(const Attrs& attrs, const Array<te::Tensor>& inputs,
                                            const Type& out_type) const {
  runtime::TVMRetValue rv = (*this)->fcompute(attrs, inputs, out_type);
  ObjectRef r = rv.operator ObjectRef();
  if (const auto* t = r.as<te::TensorNode>()) return {GetRef<te::Tensor>(t)};
  return Downcast<Array<te::Tensor>>(r);
}

te::Schedule OpImplementation::Schedule(const Attrs& attrs, const Array<te::Tensor>& outs,
                                        const Target& target) const {
  return (*this)->fschedule(attrs, outs, target);
}

OpStrategy::OpStrategy() { data_ = make_object<OpStrategyNode>(); }

void OpStrategy::AddImplementation(runtime::PackedFunc fcompute, runtime::PackedFunc fschedule,
                                   String name, int plevel) {
  auto n = make_object<OpImplementationNode>();
  n->fcompute = std::move(fcompute);
  n->fschedule = std::move(fschedule);
  n->name = std::move(name);
  n->plevel = plevel;
  (*this)->implementations.push_back(OpImplementation(n));
}

TVM_REGISTER_NODE_TYPE(OpImplementationNode);
TVM_REGISTER_NODE_TYPE(OpStrategyNode);
TVM_REGISTER_NODE_TYPE(CachedFuncNode);

TVM_REGISTER_GLOBAL("relay.op._OpStrategy").set_body_typed([]() { return OpStrategy(); });
TVM_REGISTER_GLOBAL("relay.op._OpStrategyAddImplementation")
    .set_body_typed([](OpStrategy s, runtime::PackedFunc fcompute, runtime::PackedFunc fschedule,
                       String name, int plevel) { s.AddImplementation(fcompute, fschedule, name, plevel); });

namespace {

/*! \brief Builds the tensor expression of a primitive function and its schedule. */
class ScheduleBuilder : public ExprFunctor<Array<te::Tensor>(const Expr&)> {
 public:
  explicit ScheduleBuilder(Target target) : target_(std::move(target)) {}

  CachedFunc Create(const Function& func, const std::string& name) {
    Array<te::Tensor> inputs;
    for (const Var& param : func->params) {
      Array<te::Tensor> tensors;
      int k = 0;
      for (const TensorType& tt : FlattenTensorTypes(param->checked_type(), std::string(param->name_hint))) {
        std::string pname = std::string(param->name_hint);
        if (k++ > 0) pname += "_" + std::to_string(k - 1);
        // A dimension unknown until run time (relay `?`) becomes a shape variable, which the
        // kernel binds from its argument's shape when called.
        Array<PrimExpr> shape;
        for (size_t d = 0; d < tt->shape.size(); ++d) {
          if (tt->shape[d].as<AnyNode>()) {
            shape.push_back(tir::Var(pname + "_dim" + std::to_string(d), DataType::Int(32)));
            dynamic_ = true;
          } else {
            shape.push_back(tt->shape[d]);
          }
        }
        te::Tensor t = te::placeholder(shape, tt->dtype, pname);
        tensors.push_back(t);
        inputs.push_back(t);
      }
      memo_[param.get()] = tensors;
    }
    Array<te::Tensor> outputs;
    for (te::Tensor t : VisitExpr(func->body)) {
      // An implementation may return an input unchanged (a no-op pad, a same-dtype cast);
      // the kernel still needs an output buffer of its own, so copy it.
      if (t->op.as<te::PlaceholderOpNode>()) {
        te::Tensor in = t;
        t = te::compute(
            in->shape,
            [&](const Array<tir::Var>& i) { return in(Array<PrimExpr>(i.begin(), i.end())); },
            "T_copy", "injective");
      }
      outputs.push_back(t);
    }
    if (!anchor_impl_.defined()) {
      TVM_THROW(ValueError) << "lowering " << name << ": the function calls no operator";
    }
    te::Schedule sch = ScheduleOf(name, outputs);
    Array<ObjectRef> args;
    for (const te::Tensor& t : inputs) args.push_back(t);
    // A function may return one of its inputs unchanged; the output list then names it once.
    for (const te::Tensor& t : outputs) args.push_back(t);
    auto n = make_object<CachedFuncNode>();
    n->func_name = name;
    n->inputs = inputs;
    n->outputs = outputs;
    // Lowering may adapt to the target (te: warp shuffles in CUDA cross-thread reductions).
    target_.EnterWithScope();
    try {
      n->funcs = driver::LowerSchedule(sch, args, name);
    } catch (...) {
      target_.ExitWithScope();
      throw;
    }
    target_.ExitWithScope();
    return CachedFunc(n);
  }

  /*!
   * \brief The anchor implementation's schedule. Schedules tuned for constant shapes may not
   *  apply to a function with shape variables; such a function then gets the plain schedule
   *  (every injective intermediate inlined, loops as the computes wrote them): correct for any
   *  shape, not fast. Only on CPU targets: GPU kernels need their threads bound.
   */
  te::Schedule ScheduleOf(const std::string& name, const Array<te::Tensor>& outputs) {
    if (!dynamic_) return anchor_impl_.Schedule(anchor_attrs_, outputs, target_);
    try {
      return anchor_impl_.Schedule(anchor_attrs_, outputs, target_);
    } catch (const std::exception& e) {
      bool cpu = false;
      for (const String& key : target_->keys) cpu = cpu || key == "cpu";
      if (!cpu) {
        TVM_THROW(ValueError) << "lowering " << name << ": the schedule of "
                              << anchor_impl_->name << " does not apply to symbolic shapes on "
                              << target_->str_repr << " (" << e.what() << ")";
      }
    }
    Array<te::Operation> ops;
    for (const te::Tensor& t : outputs) ops.push_back(t->op);
    te::Schedule sch = te::create_schedule(ops);
    for (te::Stage stage : sch->stages) {
      const auto* compute = stage->op.as<te::ComputeOpNode>();
      if (compute && compute->reduce_axis.empty() && !stage->is_output) stage.compute_inline();
    }
    return sch;
  }

  Array<te::Tensor> VisitExpr(const Expr& e) final {
    auto it = memo_.find(e.get());
    if (it != memo_.end()) return it->second;
    Array<te::Tensor> r = ExprFunctor::VisitExpr(e);
    memo_[e.get()] = r;
    return r;
  }

  Array<te::Tensor> VisitExpr_(const VarNode* op) final {
    TVM_THROW(ValueError) << "lowering: variable " << op->name_hint
                          << " is not a parameter of the primitive function";
  }

  Array<te::Tensor> VisitExpr_(const ConstantNode* op) final {
    if (!op->is_scalar()) {
      TVM_THROW(ValueError) << "lowering: a primitive function may only embed scalar constants; "
                            << "pass tensors as parameters";
    }
    DataType t = DataType(op->data->dtype);
    PrimExpr value;
    const void* p = op->data->data;
    if (t == DataType::Float(32)) {
      value = FloatImm(t, *static_cast<const float*>(p));
    } else if (t == DataType::Float(64)) {
      value = FloatImm(t, *static_cast<const double*>(p));
    } else if (t == DataType::Int(32)) {
      value = IntImm(t, *static_cast<const int32_t*>(p));
    } else if (t == DataType::Int(64)) {
      value = IntImm(t, *static_cast<const int64_t*>(p));
    } else if (t == DataType::Int(8)) {
      value = IntImm(t, *static_cast<const int8_t*>(p));
    } else if (t == DataType::UInt(8)) {
      value = IntImm(t, *static_cast<const uint8_t*>(p));
    } else if (t == DataType::Bool()) {
      value = IntImm(t, *static_cast<const uint8_t*>(p) != 0);
    } else {
      TVM_THROW(ValueError) << "lowering: scalar constant of dtype "
                            << runtime::DLDataType2String(t) << " is not supported";
    }
    return {te::compute({}, [&](const Array<tir::Var>&) { return value; }, "compile_engine_const",
                        "broadcast")};
  }

  Array<te::Tensor> VisitExpr_(const CallNode* call) final {
    const auto* op = call->op.as<OpNode>();
    if (op == nullptr) {
      TVM_THROW(ValueError) << "lowering: a primitive function may only call operators, found a "
                            << "call of " << call->op->GetTypeKey();
    }
    Op opr = GetRef<Op>(op);
    Array<te::Tensor> inputs;
    for (const Expr& arg : call->args) {
      for (const te::Tensor& t : VisitExpr(arg)) inputs.push_back(t);
    }
    static auto fstrategy = Op::GetAttrMap<runtime::PackedFunc>("FTVMStrategy");
    static auto fpattern = Op::GetAttrMap<TOpPattern>("TOpPattern");
    static auto host_kernel = Op::GetAttrMap<THostKernel>("THostKernel");
    if (host_kernel.count(opr)) {
      TVM_THROW(ValueError) << "operator " << op->name << " runs as a host kernel ("
                            << host_kernel[opr] << ") on the Relay VM; compile the model "
                            << "with relay.vm.compile (the graph executor cannot run it)";
    }
    for (const te::Tensor& t : inputs) {
      if (runtime::IsStringDType(t->dtype)) {
        TVM_THROW(TypeError) << "operator " << op->name << " does not take string tensors "
                             << "(only the strings.* operators work on text)";
      }
    }
    if (!fstrategy.count(opr)) {
      TVM_THROW(ValueError) << "operator " << op->name << " has no implementation (no "
                            << "FTVMStrategy registered) for target " << target_->str_repr;
    }
    OpStrategy strategy = fstrategy[opr](call->attrs, inputs, call->checked_type(), target_);
    if (strategy->implementations.empty()) {
      TVM_THROW(ValueError) << "operator " << op->name << " has no implementation for target "
                            << target_->str_repr;
    }
    OpImplementation best = strategy->implementations[0];
    for (const OpImplementation& impl : strategy->implementations) {
      if (impl->plevel > best->plevel) best = impl;
    }
    Array<te::Tensor> outputs = best.Compute(call->attrs, inputs, call->checked_type());
    CheckOutputs(op->name, outputs, call->checked_type());
    int pattern = fpattern.get(opr, static_cast<int>(kOpaque));
    if (pattern >= anchor_pattern_) {
      anchor_pattern_ = pattern;
      anchor_impl_ = best;
      anchor_attrs_ = call->attrs;
    }
    return outputs;
  }

  Array<te::Tensor> VisitExpr_(const TupleNode* op) final {
    Array<te::Tensor> out;
    for (const Expr& f : op->fields) {
      for (const te::Tensor& t : VisitExpr(f)) out.push_back(t);
    }
    return out;
  }

  Array<te::Tensor> VisitExpr_(const TupleGetItemNode* op) final {
    Array<te::Tensor> tuple = VisitExpr(op->tuple);
    if (op->index < 0 || op->index >= static_cast<int>(tuple.size())) {
      TVM_THROW(ValueError) << "lowering: tuple index " << op->index << " out of range";
    }
    return {tuple[op->index]};
  }

 private:
  static std::vector<TensorType> FlattenTensorTypes(const Type& t, const std::string& what) {
    if (const auto* tt = t.as<TensorTypeNode>()) return {GetRef<TensorType>(tt)};
    if (const auto* tup = t.as<TupleTypeNode>()) {
      std::vector<TensorType> out;
      for (const Type& f : tup->fields) {
        for (const TensorType& x : FlattenTensorTypes(f, what)) out.push_back(x);
      }
      return out;
    }
    TVM_THROW(ValueError) << "lowering: " << what << " has a type of kind "
                          << (t.defined() ? t->GetTypeKey() : std::string("(none: run InferType)"))
                          << ", expected a tensor or a tuple of tensors";
  }

  /*! \brief The implementation's outputs must have the shapes and dtypes type inference gave. */
  static void CheckOutputs(const std::string& op, const Array<te::Tensor>& outs, const Type& type) {
    std::vector<TensorType> types = FlattenTensorTypes(type, op);
    if (types.size() != outs.size()) {
      TVM_THROW(InternalError) << "the implementation of " << op << " returned " << outs.size()
                               << " tensors, its type has " << types.size();
    }
    for (size_t i = 0; i < outs.size(); ++i) {
      if (outs[i]->dtype != types[i]->dtype) {
        TVM_THROW(InternalError) << "the implementation of " << op << " returned dtype "
                                 << runtime::DLDataType2String(outs[i]->dtype)
                                 << " for output " << i << ", type inference says "
                                 << runtime::DLDataType2String(types[i]->dtype);
      }
    }
  }

  Target target_;
  std::unordered_map<const Object*, Array<te::Tensor>> memo_;
  OpImplementation anchor_impl_;
  Attrs anchor_attrs_;
  int anchor_pattern_{-1};
  bool dynamic_{false};
};

struct CacheKey {
  Function func;
  std::string target;
};
struct CacheKeyHash {
  size_t operator()(const CacheKey& k) const {
    return StructuralHash()(k.func) ^ std::hash<std::string>()(k.target);
  }
};
struct CacheKeyEqual {
  bool operator()(const CacheKey& a, const CacheKey& b) const {
    return a.target == b.target && StructuralEqual()(a.func, b.func);
  }
};

std::mutex g_cache_mutex;
std::unordered_map<CacheKey, CachedFunc, CacheKeyHash, CacheKeyEqual>& Cache() {
  static auto* cache = new std::unordered_map<CacheKey, CachedFunc, CacheKeyHash, CacheKeyEqual>();
  return *cache;
}

}  // namespace

/*!
 * \brief The cached lowering under the name this build asks for. Names are unique within one
 *  build only: a function lowered by an earlier build may carry a name that this build gives
 *  to a different function, and two functions of one module must never share a symbol.
 */
CachedFunc Renamed(const CachedFunc& cached, const std::string& name) {
  if (cached->func_name == name) return cached;
  auto n = make_object<CachedFuncNode>(*cached.get());
  n->func_name = name;
  IRModule funcs = IRModule::Empty();
  for (const auto& kv : cached->funcs->functions) {
    BaseFunc f = kv.second;
    if (kv.first->name_hint == cached->func_name) {
      if (const auto* prim = f.as<tir::PrimFuncNode>()) {
        f = WithAttr(GetRef<tir::PrimFunc>(prim), tvm::attr::kGlobalSymbol, String(name));
      }
      funcs->Add(GlobalVar(name), f);
    } else {
      funcs->Add(kv.first, f);
    }
  }
  n->funcs = funcs;
  return CachedFunc(n);
}

CachedFunc LowerPrimitive(const Function& func, const Target& target, const std::string& name) {
  CacheKey key{func, std::string(target->str_repr)};
  {
    std::lock_guard<std::mutex> lock(g_cache_mutex);
    auto it = Cache().find(key);
    if (it != Cache().end()) return Renamed(it->second, name);
  }
  CachedFunc lowered = ScheduleBuilder(target).Create(func, name);
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  Cache().emplace(key, lowered);
  return lowered;
}

void ClearTECompilerCache() {
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  Cache().clear();
}

TVM_REGISTER_GLOBAL("relay.backend.LowerPrimitive")
    .set_body_typed([](Function func, Target target, String name) {
      return LowerPrimitive(func, target, name);
    });
TVM_REGISTER_GLOBAL("relay.backend.ClearTECompilerCache").set_body_typed(ClearTECompilerCache);

}  // namespace relay
}  // namespace tvm
