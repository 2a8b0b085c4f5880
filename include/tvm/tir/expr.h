/*!
 * \file tvm/tir/expr.h
 * \brief TIR expressions. Constructors check their operands (a binary node needs equal dtypes,
 *  a Select a boolean condition, ...) and raise TypeError on misuse; the arithmetic helpers
 *  of tir/op.h (operator+, ...) insert the casts that make operands agree.
 */
#ifndef TVM_TIR_EXPR_H_
#define TVM_TIR_EXPR_H_

#include <tvm/ir/expr.h>
#include <tvm/ir/op.h>
#include <tvm/tir/buffer.h>
#include <tvm/tir/var.h>

#include <string>
#include <utility>

namespace tvm {
namespace tir {

using IntImmNode = tvm::IntImmNode;
using FloatImmNode = tvm::FloatImmNode;
using IntImm = tvm::IntImm;
using FloatImm = tvm::FloatImm;

/*! \brief A string constant (an argument of extern calls and attributes). */
class StringImmNode : public PrimExprNode {
 public:
  String value;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.StringImm";
  TVM_DECLARE_FINAL_OBJECT_INFO(StringImmNode, PrimExprNode);
};
class StringImm : public PrimExpr {
 public:
  explicit StringImm(String value, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(StringImm, PrimExpr, StringImmNode);
};

/*! \brief Conversion of a value to another dtype with the same lane count. */
class CastNode : public PrimExprNode {
 public:
  PrimExpr value;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.Cast";
  TVM_DECLARE_FINAL_OBJECT_INFO(CastNode, PrimExprNode);
};
class Cast : public PrimExpr {
 public:
  Cast(DataType dtype, PrimExpr value, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Cast, PrimExpr, CastNode);
};

/*! \brief Fields shared by binary nodes: a op b. */
class BinaryOpNodeBase : public PrimExprNode {
 public:
  PrimExpr a;
  PrimExpr b;
  void VisitAttrs(AttrVisitor* v);
};

#define TVM_TIR_DEFINE_BINARY_NODE(Name, TypeKey)                   \
  class Name##Node : public BinaryOpNodeBase {                      \
   public:                                                          \
    static constexpr const char* _type_key = TypeKey;               \
    TVM_DECLARE_FINAL_OBJECT_INFO(Name##Node, PrimExprNode);        \
  };                                                                \
  class Name : public PrimExpr {                                    \
   public:                                                          \
    Name(PrimExpr a, PrimExpr b, Span span = Span());               \
    TVM_DEFINE_OBJECT_REF_METHODS(Name, PrimExpr, Name##Node);      \
  };

// Arithmetic: both operands and the result have one dtype.
TVM_TIR_DEFINE_BINARY_NODE(Add, "tir.Add")
TVM_TIR_DEFINE_BINARY_NODE(Sub, "tir.Sub")
TVM_TIR_DEFINE_BINARY_NODE(Mul, "tir.Mul")
/*! Div/Mod: division rounding toward zero (C semantics). */
TVM_TIR_DEFINE_BINARY_NODE(Div, "tir.Div")
TVM_TIR_DEFINE_BINARY_NODE(Mod, "tir.Mod")
/*! FloorDiv/FloorMod: division rounding toward negative infinity (Python semantics). */
TVM_TIR_DEFINE_BINARY_NODE(FloorDiv, "tir.FloorDiv")
TVM_TIR_DEFINE_BINARY_NODE(FloorMod, "tir.FloorMod")
TVM_TIR_DEFINE_BINARY_NODE(Min, "tir.Min")
TVM_TIR_DEFINE_BINARY_NODE(Max, "tir.Max")
// Comparisons: operands of one dtype, a bool result with their lanes.
TVM_TIR_DEFINE_BINARY_NODE(EQ, "tir.EQ")
TVM_TIR_DEFINE_BINARY_NODE(NE, "tir.NE")
TVM_TIR_DEFINE_BINARY_NODE(LT, "tir.LT")
TVM_TIR_DEFINE_BINARY_NODE(LE, "tir.LE")
TVM_TIR_DEFINE_BINARY_NODE(GT, "tir.GT")
TVM_TIR_DEFINE_BINARY_NODE(GE, "tir.GE")
// Logic: bool operands and result.
TVM_TIR_DEFINE_BINARY_NODE(And, "tir.And")
TVM_TIR_DEFINE_BINARY_NODE(Or, "tir.Or")
#undef TVM_TIR_DEFINE_BINARY_NODE

class NotNode : public PrimExprNode {
 public:
  PrimExpr a;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.Not";
  TVM_DECLARE_FINAL_OBJECT_INFO(NotNode, PrimExprNode);
};
class Not : public PrimExpr {
 public:
  explicit Not(PrimExpr a, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Not, PrimExpr, NotNode);
};

/*! \brief condition ? true_value : false_value, both sides evaluated (no short circuit). */
class SelectNode : public PrimExprNode {
 public:
  PrimExpr condition;
  PrimExpr true_value;
  PrimExpr false_value;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.Select";
  TVM_DECLARE_FINAL_OBJECT_INFO(SelectNode, PrimExprNode);
};
class Select : public PrimExpr {
 public:
  Select(PrimExpr condition, PrimExpr true_value, PrimExpr false_value, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Select, PrimExpr, SelectNode);
};

/*! \brief Read of buffer[indices]. */
class BufferLoadNode : public PrimExprNode {
 public:
  Buffer buffer;
  Array<PrimExpr> indices;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.BufferLoad";
  TVM_DECLARE_FINAL_OBJECT_INFO(BufferLoadNode, PrimExprNode);
};
class BufferLoad : public PrimExpr {
 public:
  BufferLoad(Buffer buffer, Array<PrimExpr> indices, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(BufferLoad, PrimExpr, BufferLoadNode);
};

/*! \brief Something that produces data (a te.Tensor); defined by the layer that owns it. */
class DataProducerNode : public Object {
 public:
  virtual ~DataProducerNode() = default;
  virtual Array<PrimExpr> GetShape() const = 0;
  virtual DataType GetDataType() const = 0;
  virtual String GetNameHint() const = 0;
  /*!
   * \brief The identity of the data: two handles to one output (of one operation) have the
   *  same (owner, index) even when they are different objects.
   */
  virtual std::pair<const Object*, int> DataIdentity() const { return {this, 0}; }
  static constexpr const char* _type_key = "tir.DataProducer";
  TVM_DECLARE_BASE_OBJECT_INFO(DataProducerNode, Object);
};
class DataProducer : public ObjectRef {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(DataProducer, ObjectRef, DataProducerNode);
};

/*! \brief Read of producer[indices] (tensor expressions, before storage is decided). */
class ProducerLoadNode : public PrimExprNode {
 public:
  DataProducer producer;
  Array<PrimExpr> indices;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.ProducerLoad";
  TVM_DECLARE_FINAL_OBJECT_INFO(ProducerLoadNode, PrimExprNode);
};
class ProducerLoad : public PrimExpr {
 public:
  ProducerLoad(DataProducer producer, Array<PrimExpr> indices, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(ProducerLoad, PrimExpr, ProducerLoadNode);
};

/*! \brief The vector (base, base + stride, ..., base + (lanes - 1) * stride). */
class RampNode : public PrimExprNode {
 public:
  PrimExpr base;
  PrimExpr stride;
  int lanes;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.Ramp";
  TVM_DECLARE_FINAL_OBJECT_INFO(RampNode, PrimExprNode);
};
class Ramp : public PrimExpr {
 public:
  Ramp(PrimExpr base, PrimExpr stride, int lanes, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Ramp, PrimExpr, RampNode);
};

/*! \brief A scalar replicated into `lanes` lanes. */
class BroadcastNode : public PrimExprNode {
 public:
  PrimExpr value;
  int lanes;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.Broadcast";
  TVM_DECLARE_FINAL_OBJECT_INFO(BroadcastNode, PrimExprNode);
};
class Broadcast : public PrimExpr {
 public:
  Broadcast(PrimExpr value, int lanes, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Broadcast, PrimExpr, BroadcastNode);
};

/*! \brief let var = value in body. */
class LetNode : public PrimExprNode {
 public:
  Var var;
  PrimExpr value;
  PrimExpr body;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.Let";
  TVM_DECLARE_FINAL_OBJECT_INFO(LetNode, PrimExprNode);
};
class Let : public PrimExpr {
 public:
  Let(Var var, PrimExpr value, PrimExpr body, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Let, PrimExpr, LetNode);
};

/*! \brief A call of an Op (intrinsic or builtin) or a GlobalVar. */
class CallNode : public PrimExprNode {
 public:
  RelayExpr op;
  Array<PrimExpr> args;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.Call";
  TVM_DECLARE_FINAL_OBJECT_INFO(CallNode, PrimExprNode);
};
class Call : public PrimExpr {
 public:
  Call(DataType dtype, RelayExpr op, Array<PrimExpr> args, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Call, PrimExpr, CallNode);
};

/*! \brief Lanes picked from the concatenation of vectors. */
class ShuffleNode : public PrimExprNode {
 public:
  Array<PrimExpr> vectors;
  Array<PrimExpr> indices;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.Shuffle";
  TVM_DECLARE_FINAL_OBJECT_INFO(ShuffleNode, PrimExprNode);
};
class Shuffle : public PrimExpr {
 public:
  Shuffle(Array<PrimExpr> vectors, Array<PrimExpr> indices, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Shuffle, PrimExpr, ShuffleNode);
};

/*!
 * \brief A commutative reducer: identity elements and the combination `result` of the
 *  accumulators `lhs` with new values `rhs` (tuples for argmax-style reductions).
 */
class CommReducerNode : public Object {
 public:
  Array<Var> lhs;
  Array<Var> rhs;
  Array<PrimExpr> result;
  Array<PrimExpr> identity_element;
  mutable Span span;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.CommReducer";
  TVM_DECLARE_FINAL_OBJECT_INFO(CommReducerNode, Object);
};
class CommReducer : public ObjectRef {
 public:
  CommReducer(Array<Var> lhs, Array<Var> rhs, Array<PrimExpr> result,
              Array<PrimExpr> identity_element, Span span = Span());
  /*! \brief result with lhs := a and rhs := b. */
  Array<PrimExpr> operator()(Array<PrimExpr> a, Array<PrimExpr> b) const;
  TVM_DEFINE_OBJECT_REF_METHODS(CommReducer, ObjectRef, CommReducerNode);
};

/*! \brief A reduction of `source` over `axis` with `combiner` (value `value_index` of it). */
class ReduceNode : public PrimExprNode {
 public:
  CommReducer combiner;
  Array<PrimExpr> source;
  Array<PrimExpr> init;
  Array<IterVar> axis;
  PrimExpr condition;
  int value_index{0};
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.Reduce";
  TVM_DECLARE_FINAL_OBJECT_INFO(ReduceNode, PrimExprNode);
};
class Reduce : public PrimExpr {
 public:
  Reduce(CommReducer combiner, Array<PrimExpr> source, Array<IterVar> axis, PrimExpr condition,
         int value_index, Array<PrimExpr> init, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Reduce, PrimExpr, ReduceNode);
};

}  // namespace tir

/*! \brief Print an expression as TIR text (for messages and debugging). */
std::ostream& operator<<(std::ostream& os, const PrimExpr& e);
/*! \brief TIR text of any TIR node (PrimExpr, Stmt, PrimFunc, IRModule of PrimFuncs). */
std::string AsTIRScript(const ObjectRef& node);

}  // namespace tvm

#endif  // TVM_TIR_EXPR_H_
