/*!
 * \file tvm/ir/functor.h
 * \brief NodeFunctor: dispatch on an object's runtime type through a table indexed by type
 *  index, the engine under every IR visitor and mutator (one indirect call, no if-chains).
 */
#ifndef TVM_IR_FUNCTOR_H_
#define TVM_IR_FUNCTOR_H_

#include <tvm/runtime/logging.h>
#include <tvm/runtime/object.h>

#include <utility>
#include <vector>

namespace tvm {

template <typename FType>
class NodeFunctor;

template <typename R, typename... Args>
class NodeFunctor<R(const ObjectRef& n, Args...)> {
 public:
  using FPointer = R (*)(const ObjectRef& n, Args...);
  bool can_dispatch(const ObjectRef& n) const {
    uint32_t t = n->type_index();
    return t < func_.size() && func_[t] != nullptr;
  }
  R operator()(const ObjectRef& n, Args... args) const {
    ICHECK(n.defined()) << "a functor was asked to visit a null node";
    ICHECK(can_dispatch(n)) << "no visitor is defined for nodes of type " << n->GetTypeKey();
    return (*func_[n->type_index()])(n, std::forward<Args>(args)...);
  }
  template <typename TNode>
  NodeFunctor& set_dispatch(FPointer f) {
    uint32_t t = TNode::RuntimeTypeIndex();
    if (func_.size() <= t) func_.resize(t + 1, nullptr);
    ICHECK(func_[t] == nullptr) << "dispatch for " << TNode::_type_key << " is set twice";
    func_[t] = f;
    return *this;
  }

 private:
  std::vector<FPointer> func_;
};

}  // namespace tvm

#endif  // TVM_IR_FUNCTOR_H_
