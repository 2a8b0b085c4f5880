/*!
 * \file tvm/relay/op_strategy.h
 * \brief How an operator is implemented for a target: an OpStrategy lists OpImplementations,
 *  each a TE compute plus the schedule that goes with it, with a priority level. An op's
 *  "FTVMStrategy" attribute maps (attrs, input tensors, output type, target) to its strategy;
 *  the TE compiler picks the implementation with the highest level.
 */
#ifndef TVM_RELAY_OP_STRATEGY_H_
#define TVM_RELAY_OP_STRATEGY_H_

#include <tvm/ir/attrs.h>
#include <tvm/ir/type.h>
#include <tvm/runtime/packed_func.h>
#include <tvm/target/target.h>
#include <tvm/te/schedule.h>

namespace tvm {
namespace relay {

class OpImplementationNode : public Object {
 public:
  /*! \brief (attrs, inputs: Array<te::Tensor>, out_type) -> Array<te::Tensor>. */
  runtime::PackedFunc fcompute;
  /*! \brief (attrs, outputs: Array<te::Tensor>, target) -> te::Schedule. */
  runtime::PackedFunc fschedule;
  String name;
  int plevel{10};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("name", &name);
    v->Visit("plevel", &plevel);
  }
  static constexpr const char* _type_key = "relay.OpImplementation";
  TVM_DECLARE_FINAL_OBJECT_INFO(OpImplementationNode, Object);
};

class OpImplementation : public ObjectRef {
 public:
  Array<te::Tensor> Compute(const Attrs& attrs, const Array<te::Tensor>& inputs,
                            const Type& out_type) const;
  te::Schedule Schedule(const Attrs& attrs, const Array<te::Tensor>& outs,
                        const Target& target) const;
  TVM_DEFINE_OBJECT_REF_METHODS(OpImplementation, ObjectRef, OpImplementationNode);
};

class OpStrategyNode : public Object {
 public:
  Array<OpImplementation> implementations;
  void VisitAttrs(AttrVisitor* v) { v->Visit("implementations", &implementations); }
  static constexpr const char* _type_key = "relay.OpStrategy";
  TVM_DECLARE_FINAL_OBJECT_INFO(OpStrategyNode, Object);
};

class OpStrategy : public ObjectRef {
 public:
  /*! \brief An empty strategy to add implementations to. */
  OpStrategy();
  explicit OpStrategy(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  void AddImplementation(runtime::PackedFunc fcompute, runtime::PackedFunc fschedule, String name,
                         int plevel);
  OpStrategyNode* operator->() const { return static_cast<OpStrategyNode*>(get_mutable()); }
  using ContainerType = OpStrategyNode;
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_OP_STRATEGY_H_
