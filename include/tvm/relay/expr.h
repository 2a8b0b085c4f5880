/*!
 * \file tvm/relay/expr.h
 * \brief The expressions of Relay, a functional graph IR: variables, constants, calls of
 *  operators and functions, tuples, let bindings and conditionals (functions are in
 *  function.h). Expressions are immutable and shared: the same node used twice is one value
 *  computed once (a dataflow graph), not two copies. Every expression carries the type that
 *  relay.transform.InferType fills in (checked_type_) and a source span.
 */
#ifndef TVM_RELAY_EXPR_H_
#define TVM_RELAY_EXPR_H_

#include <tvm/ir/attrs.h>
#include <tvm/ir/expr.h>
#include <tvm/ir/op.h>
#include <tvm/relay/type.h>
#include <tvm/runtime/ndarray.h>

#include <string>

namespace tvm {
namespace relay {

using Expr = tvm::RelayExpr;
using ExprNode = tvm::RelayExprNode;
using runtime::NDArray;
using tvm::GlobalVar;
using tvm::GlobalVarNode;
using tvm::Op;
using tvm::OpNode;

/*!
 * \brief A local variable: a function parameter or a let-bound name. Identity matters: two
 *  Vars with one name are different variables.
 */
class VarNode : public ExprNode {
 public:
  String name_hint;
  /*! \brief The declared type; null when type inference is to find it. */
  Type type_annotation;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("name_hint", &name_hint);
    v->Visit("type_annotation", &type_annotation);
    v->Visit("span", &span);
  }
  static constexpr const char* _type_key = "relay.Var";
  static constexpr SEqualKind _type_sequal_kind = SEqualKind::kVarNode;
  TVM_DECLARE_FINAL_OBJECT_INFO(VarNode, ExprNode);
};

class Var : public Expr {
 public:
  Var(String name_hint, Type type_annotation, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Var, Expr, VarNode);
};

/*! \brief A constant tensor (a scalar is a rank-0 tensor). */
class ConstantNode : public ExprNode {
 public:
  NDArray data;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("data", static_cast<ObjectRef*>(&data));
    v->Visit("span", &span);
  }
  /*! \brief The TensorType of `data`. */
  TensorType tensor_type() const;
  bool is_scalar() const { return data->ndim == 0; }
  static constexpr const char* _type_key = "relay.Constant";
  TVM_DECLARE_FINAL_OBJECT_INFO(ConstantNode, ExprNode);
};

class Constant : public Expr {
 public:
  explicit Constant(NDArray data, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Constant, Expr, ConstantNode);
};

/*! \brief A tuple of values; its type is the TupleType of the fields' types. */
class TupleNode : public ExprNode {
 public:
  Array<Expr> fields;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("fields", &fields);
    v->Visit("span", &span);
  }
  static constexpr const char* _type_key = "relay.Tuple";
  TVM_DECLARE_FINAL_OBJECT_INFO(TupleNode, ExprNode);
};

class Tuple : public Expr {
 public:
  explicit Tuple(Array<Expr> fields, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Tuple, Expr, TupleNode);
};

/*!
 * \brief A call of an operator (an Op, with its attributes) or of a function (a Function,
 *  a GlobalVar, or any expression of function type).
 */
class CallNode : public ExprNode {
 public:
  Expr op;
  Array<Expr> args;
  /*! \brief The operator's attributes (e.g. Conv2DAttrs); null when it has none. */
  Attrs attrs;
  /*! \brief Type arguments of a polymorphic callee (unused by the ops defined so far). */
  Array<Type> type_args;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("op", &op);
    v->Visit("args", &args);
    v->Visit("attrs", &attrs);
    v->Visit("type_args", &type_args);
    v->Visit("span", &span);
  }
  static constexpr const char* _type_key = "relay.Call";
  TVM_DECLARE_FINAL_OBJECT_INFO(CallNode, ExprNode);
};

class Call : public Expr {
 public:
  Call(Expr op, Array<Expr> args, Attrs attrs = Attrs(), Array<Type> type_args = Array<Type>(),
       Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Call, Expr, CallNode);
};

/*! \brief Field `index` of a tuple-typed expression. */
class TupleGetItemNode : public ExprNode {
 public:
  Expr tuple;
  int index{0};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("tuple_value", &tuple);
    v->Visit("index", &index);
    v->Visit("span", &span);
  }
  static constexpr const char* _type_key = "relay.TupleGetItem";
  TVM_DECLARE_FINAL_OBJECT_INFO(TupleGetItemNode, ExprNode);
};

class TupleGetItem : public Expr {
 public:
  TupleGetItem(Expr tuple, int index, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(TupleGetItem, Expr, TupleGetItemNode);
};

/*! \brief `let var = value; body`: binds `var` (visible in `body` only). */
class LetNode : public ExprNode {
 public:
  Var var;
  Expr value;
  Expr body;
  void VisitAttrs(AttrVisitor* v) {
    v->VisitDef("var", &var);
    v->Visit("value", &value);
    v->Visit("body", &body);
    v->Visit("span", &span);
  }
  static constexpr const char* _type_key = "relay.Let";
  TVM_DECLARE_FINAL_OBJECT_INFO(LetNode, ExprNode);
};

class Let : public Expr {
 public:
  Let(Var var, Expr value, Expr body, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Let, Expr, LetNode);
};

/*! \brief `if (cond) { true_branch } else { false_branch }`; cond is a boolean scalar. */
class IfNode : public ExprNode {
 public:
  Expr cond;
  Expr true_branch;
  Expr false_branch;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("cond", &cond);
    v->Visit("true_branch", &true_branch);
    v->Visit("false_branch", &false_branch);
    v->Visit("span", &span);
  }
  static constexpr const char* _type_key = "relay.If";
  TVM_DECLARE_FINAL_OBJECT_INFO(IfNode, ExprNode);
};

class If : public Expr {
 public:
  If(Expr cond, Expr true_branch, Expr false_branch, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(If, Expr, IfNode);
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_EXPR_H_
