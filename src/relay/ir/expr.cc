/*!
 * \file expr.cc
 * \brief Constructors, reflection and Python constructors of Relay expressions.
 */
#include <tvm/relay/expr.h>
#include <tvm/relay/function.h>
#include <tvm/runtime/registry.h>

namespace tvm {
namespace relay {

Var::Var(String name_hint, Type type_annotation, Span span) {
  auto n = make_object<VarNode>();
  n->name_hint = std::move(name_hint);
  n->type_annotation = std::move(type_annotation);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(VarNode);

Constant::Constant(NDArray data, Span span) {
  if (!data.defined()) TVM_THROW(ValueError) << "relay.Constant needs an NDArray, got None";
  auto n = make_object<ConstantNode>();
  n->data = std::move(data);
  n->span = std::move(span);
  data_ = std::move(n);
}
TensorType ConstantNode::tensor_type() const {
  Array<PrimExpr> shape;
  for (int i = 0; i < data->ndim; ++i) {
    int64_t d = data->shape[i];
    shape.push_back(d <= std::numeric_limits<int32_t>::max() ? IntImm(DataType::Int(32), d)
                                                             : IntImm(DataType::Int(64), d));
  }
  return TensorType(shape, data.DataType());
}
TVM_REGISTER_NODE_TYPE(ConstantNode);

Tuple::Tuple(Array<Expr> fields, Span span) {
  auto n = make_object<TupleNode>();
  n->fields = std::move(fields);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(TupleNode);

Call::Call(Expr op, Array<Expr> args, Attrs attrs, Array<Type> type_args, Span span) {
  if (!op.defined()) TVM_THROW(ValueError) << "relay.Call: the callee is None";
  for (size_t i = 0; i < args.size(); ++i) {
    if (!args[i].defined()) TVM_THROW(ValueError) << "relay.Call: argument " << i << " is None";
  }
  auto n = make_object<CallNode>();
  n->op = std::move(op);
  n->args = std::move(args);
  n->attrs = std::move(attrs);
  n->type_args = std::move(type_args);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(CallNode);

TupleGetItem::TupleGetItem(Expr tuple, int index, Span span) {
  if (index < 0) TVM_THROW(ValueError) << "relay.TupleGetItem: negative index " << index;
  auto n = make_object<TupleGetItemNode>();
  n->tuple = std::move(tuple);
  n->index = index;
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(TupleGetItemNode);

Let::Let(Var var, Expr value, Expr body, Span span) {
  auto n = make_object<LetNode>();
  n->var = std::move(var);
  n->value = std::move(value);
  n->body = std::move(body);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(LetNode);

If::If(Expr cond, Expr true_branch, Expr false_branch, Span span) {
  auto n = make_object<IfNode>();
  n->cond = std::move(cond);
  n->true_branch = std::move(true_branch);
  n->false_branch = std::move(false_branch);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(IfNode);

Function::Function(Array<Var> params, Expr body, Type ret_type, DictAttrs attrs, Span span) {
  if (!body.defined()) TVM_THROW(ValueError) << "relay.Function: the body is None";
  auto n = make_object<FunctionNode>();
  n->params = std::move(params);
  n->body = std::move(body);
  n->ret_type = std::move(ret_type);
  n->attrs = std::move(attrs);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(FunctionNode);

TVM_REGISTER_GLOBAL("relay.ir.Var").set_body_typed([](String name, Type type, Span span) {
  return Var(name, type, span);
});
TVM_REGISTER_GLOBAL("relay.ir.Constant").set_body_typed([](NDArray data, Span span) {
  return Constant(data, span);
});
TVM_REGISTER_GLOBAL("relay.ir.Tuple").set_body_typed([](Array<Expr> fields, Span span) {
  return Tuple(fields, span);
});
TVM_REGISTER_GLOBAL("relay.ir.Call")
    .set_body_typed([](Expr op, Array<Expr> args, Attrs attrs, Array<Type> type_args, Span span) {
      return Call(op, args, attrs, type_args, span);
    });
TVM_REGISTER_GLOBAL("relay.ir.TupleGetItem").set_body_typed([](Expr tuple, int index, Span span) {
  return TupleGetItem(tuple, index, span);
});
TVM_REGISTER_GLOBAL("relay.ir.Let").set_body_typed([](Var var, Expr value, Expr body, Span span) {
  return Let(var, value, body, span);
});
TVM_REGISTER_GLOBAL("relay.ir.If").set_body_typed([](Expr c, Expr t, Expr f, Span span) {
  return If(c, t, f, span);
});
TVM_REGISTER_GLOBAL("relay.ir.Function")
    .set_body_typed([](Array<Var> params, Expr body, Type ret_type, DictAttrs attrs, Span span) {
      return Function(params, body, ret_type, attrs, span);
    });
TVM_REGISTER_GLOBAL("relay.ir.FunctionWithAttr")
    .set_body_typed([](Function f, String key, ObjectRef value) {
      return WithAttr(std::move(f), key, value);
    });

}  // namespace relay
}  // namespace tvm
