/*!
 * \file test_nodes.h
 * \brief Tiny test-only IR node types for the structural equality, hashing and serialization
 *  tests: a variable, binders (let, function), a tree node, a graph (DAG) node, a unique
 *  instance and a node with a field of every reflected kind. They stand in for the TIR and
 *  Relay nodes and exercise each SEqualKind through reflection alone.
 */
#ifndef TVM_TESTS_CPP_IR_TEST_NODES_H_
#define TVM_TESTS_CPP_IR_TEST_NODES_H_

#include <tvm/ir/expr.h>
#include <tvm/ir/function.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/reflection.h>

#include <string>
#include <utility>

namespace tvm {
namespace ir_test {

using runtime::AttrVisitor;
using runtime::SEqualKind;
using runtime::ShapeTuple;

/*! \brief A variable: bound by Let and Func, compared by where it is bound. */
class TVarNode : public Object {
 public:
  String name_hint;
  DataType dtype;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("name_hint", &name_hint);
    v->Visit("dtype", &dtype);
  }
  static constexpr const char* _type_key = "test_ir.Var";
  static constexpr SEqualKind _type_sequal_kind = SEqualKind::kVarNode;
  TVM_DECLARE_FINAL_OBJECT_INFO(TVarNode, Object);
};
class TVar : public ObjectRef {
 public:
  explicit TVar(String name, DataType dtype = DataType::Int(32)) {
    auto n = make_object<TVarNode>();
    n->name_hint = std::move(name);
    n->dtype = dtype;
    data_ = std::move(n);
  }
  TVM_DEFINE_OBJECT_REF_METHODS(TVar, ObjectRef, TVarNode);
};

/*! \brief a + b, a tree node with a source span. */
class TAddNode : public Object {
 public:
  ObjectRef a, b;
  Span span;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("a", &a);
    v->Visit("b", &b);
    v->Visit("span", &span);
  }
  static constexpr const char* _type_key = "test_ir.Add";
  TVM_DECLARE_FINAL_OBJECT_INFO(TAddNode, Object);
};

/*! \brief let var = value in body: `var` is a definition (VisitDef). */
class TLetNode : public Object {
 public:
  TVar var;
  ObjectRef value, body;
  void VisitAttrs(AttrVisitor* v) {
    v->VisitDef("var", &var);
    v->Visit("value", &value);
    v->Visit("body", &body);
  }
  static constexpr const char* _type_key = "test_ir.Let";
  TVM_DECLARE_FINAL_OBJECT_INFO(TLetNode, Object);
};

/*! \brief fn(params) { body }: a BaseFunc (so it fits in an IRModule) binding its params. */
class TFuncNode : public BaseFuncNode {
 public:
  Array<TVar> params;
  ObjectRef body;
  void VisitAttrs(AttrVisitor* v) {
    v->VisitDef("params", &params);
    v->Visit("body", &body);
    v->Visit("attrs", &attrs);
    v->Visit("span", &span);
  }
  static constexpr const char* _type_key = "test_ir.Func";
  TVM_DECLARE_FINAL_OBJECT_INFO(TFuncNode, BaseFuncNode);
};
class TFunc : public BaseFunc {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(TFunc, BaseFunc, TFuncNode);
};

/*! \brief A sequence of nodes. */
class TSeqNode : public Object {
 public:
  Array<ObjectRef> seq;
  void VisitAttrs(AttrVisitor* v) { v->Visit("seq", &seq); }
  static constexpr const char* _type_key = "test_ir.Seq";
  TVM_DECLARE_FINAL_OBJECT_INFO(TSeqNode, Object);
};

/*! \brief a + b in a dataflow graph: sharing must correspond (kDAGNode). */
class TGraphAddNode : public Object {
 public:
  ObjectRef a, b;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("a", &a);
    v->Visit("b", &b);
  }
  static constexpr const char* _type_key = "test_ir.GraphAdd";
  static constexpr SEqualKind _type_sequal_kind = SEqualKind::kDAGNode;
  TVM_DECLARE_FINAL_OBJECT_INFO(TGraphAddNode, Object);
};

/*! \brief Equal only to itself, like an operator. */
class TUniqueNode : public Object {
 public:
  String name;
  void VisitAttrs(AttrVisitor* v) { v->Visit("name", &name); }
  static constexpr const char* _type_key = "test_ir.Unique";
  static constexpr SEqualKind _type_sequal_kind = SEqualKind::kUniqueInstance;
  TVM_DECLARE_FINAL_OBJECT_INFO(TUniqueNode, Object);
};

/*! \brief One field of every kind reflection distinguishes, and typed reference fields. */
class TAllFieldsNode : public Object {
 public:
  double f64{0};
  int64_t i64{0};
  uint64_t u64{0};
  int i32{0};
  bool flag{false};
  std::string str;
  DataType dtype;
  ObjectRef any;
  Optional<String> maybe_name;
  Array<TVar> vars;
  Map<String, ObjectRef> dict;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("f64", &f64);
    v->Visit("i64", &i64);
    v->Visit("u64", &u64);
    v->Visit("i32", &i32);
    v->Visit("flag", &flag);
    v->Visit("str", &str);
    v->Visit("dtype", &dtype);
    v->Visit("any", &any);
    v->Visit("maybe_name", &maybe_name);
    v->Visit("vars", &vars);
    v->Visit("dict", &dict);
  }
  static constexpr const char* _type_key = "test_ir.AllFields";
  TVM_DECLARE_FINAL_OBJECT_INFO(TAllFieldsNode, Object);
};

/*! \brief A registered node that reflection cannot create (no default constructor). */
class TNoDefaultNode : public Object {
 public:
  explicit TNoDefaultNode(int64_t v) : value(v) {}
  int64_t value;
  void VisitAttrs(AttrVisitor* v) { v->Visit("value", &value); }
  static constexpr const char* _type_key = "test_ir.NoDefault";
  TVM_DECLARE_FINAL_OBJECT_INFO(TNoDefaultNode, Object);
};

// Registration is idempotent, so every test file including this header may register.
TVM_REGISTER_NODE_TYPE(TVarNode);
TVM_REGISTER_NODE_TYPE(TAddNode);
TVM_REGISTER_NODE_TYPE(TLetNode);
TVM_REGISTER_NODE_TYPE(TFuncNode);
TVM_REGISTER_NODE_TYPE(TSeqNode);
TVM_REGISTER_NODE_TYPE(TGraphAddNode);
TVM_REGISTER_NODE_TYPE(TUniqueNode);
TVM_REGISTER_NODE_TYPE(TAllFieldsNode);
TVM_REGISTER_NODE_TYPE(TNoDefaultNode);

// ---- builders ---------------------------------------------------------------------------------
inline IntImm Const(int64_t v, Span span = Span()) {
  return IntImm(DataType::Int(32), v, std::move(span));
}
inline ObjectRef Add(ObjectRef a, ObjectRef b, Span span = Span()) {
  auto n = make_object<TAddNode>();
  n->a = std::move(a);
  n->b = std::move(b);
  n->span = std::move(span);
  return ObjectRef(ObjectPtr<Object>(std::move(n)));
}
inline ObjectRef Let(TVar var, ObjectRef value, ObjectRef body) {
  auto n = make_object<TLetNode>();
  n->var = std::move(var);
  n->value = std::move(value);
  n->body = std::move(body);
  return ObjectRef(ObjectPtr<Object>(std::move(n)));
}
inline TFunc Func(Array<TVar> params, ObjectRef body) {
  auto n = make_object<TFuncNode>();
  n->params = std::move(params);
  n->body = std::move(body);
  return TFunc(ObjectPtr<Object>(std::move(n)));
}
inline ObjectRef Seq(Array<ObjectRef> seq) {
  auto n = make_object<TSeqNode>();
  n->seq = std::move(seq);
  return ObjectRef(ObjectPtr<Object>(std::move(n)));
}
inline ObjectRef GraphAdd(ObjectRef a, ObjectRef b) {
  auto n = make_object<TGraphAddNode>();
  n->a = std::move(a);
  n->b = std::move(b);
  return ObjectRef(ObjectPtr<Object>(std::move(n)));
}
inline ObjectRef Unique(String name) {
  auto n = make_object<TUniqueNode>();
  n->name = std::move(name);
  return ObjectRef(ObjectPtr<Object>(std::move(n)));
}

}  // namespace ir_test
}  // namespace tvm

#endif  // TVM_TESTS_CPP_IR_TEST_NODES_H_
