/*!
 * \file tvm/ir/expr.h
 * \brief Base expression classes shared by TIR and Relay, and the constants every IR uses.
 *
 *  - PrimExpr: a scalar (or vector) value of a DataType, the expressions of TIR and of shapes;
 *  - RelayExpr: a graph-level value whose type is inferred (checked_type_);
 *  - IntImm / FloatImm: constants; Range: [min, min + extent); GlobalVar: a function's name in
 *    an IRModule.
 */
#ifndef TVM_IR_EXPR_H_
#define TVM_IR_EXPR_H_

#include <tvm/ir/span.h>
#include <tvm/ir/type.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/data_type.h>
#include <tvm/runtime/object.h>
#include <tvm/runtime/packed_func.h>
#include <tvm/runtime/reflection.h>

#include <cstdint>
#include <limits>
#include <string>

namespace tvm {

using runtime::AttrVisitor;
using runtime::SEqualKind;

class BaseExprNode : public Object {
 public:
  /*! \brief Where the expression came from (ignored by structural equality). */
  mutable Span span;
  static constexpr const char* _type_key = "BaseExpr";
  TVM_DECLARE_BASE_OBJECT_INFO(BaseExprNode, Object);
};

class BaseExpr : public ObjectRef {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(BaseExpr, ObjectRef, BaseExprNode);
};

/*! \brief A primitive value: scalar or vector of `dtype`. */
class PrimExprNode : public BaseExprNode {
 public:
  DataType dtype;
  static constexpr const char* _type_key = "PrimExpr";
  TVM_DECLARE_BASE_OBJECT_INFO(PrimExprNode, BaseExprNode);
};

class PrimExpr : public BaseExpr {
 public:
  /*! \brief An int32 constant (int64 when the value does not fit). */
  PrimExpr(int value);  // NOLINT(*)
  /*! \brief A float32 constant. */
  PrimExpr(float value);  // NOLINT(*)
  DataType dtype() const { return static_cast<const PrimExprNode*>(get())->dtype; }
  TVM_DEFINE_OBJECT_REF_METHODS(PrimExpr, BaseExpr, PrimExprNode);
};

/*! \brief A graph-level expression; its type is filled in by type inference. */
class RelayExprNode : public BaseExprNode {
 public:
  mutable Type checked_type_ = Type();
  /*! \brief The inferred type; InternalError if inference has not run. */
  const Type& checked_type() const;
  static constexpr const char* _type_key = "RelayExpr";
  static constexpr SEqualKind _type_sequal_kind = SEqualKind::kDAGNode;
  TVM_DECLARE_BASE_OBJECT_INFO(RelayExprNode, BaseExprNode);
};

class RelayExpr : public BaseExpr {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(RelayExpr, BaseExpr, RelayExprNode);
};

/*! \brief The name of a function in an IRModule. Compared by name. */
class GlobalVarNode : public RelayExprNode {
 public:
  String name_hint;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "GlobalVar";
  static constexpr SEqualKind _type_sequal_kind = SEqualKind::kTreeNode;
  TVM_DECLARE_FINAL_OBJECT_INFO(GlobalVarNode, RelayExprNode);
};

class GlobalVar : public RelayExpr {
 public:
  explicit GlobalVar(String name_hint, Type type = Type(), Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(GlobalVar, RelayExpr, GlobalVarNode);
};

/*! \brief An integer constant of an int, uint or bool dtype. */
class IntImmNode : public PrimExprNode {
 public:
  int64_t value;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "IntImm";
  TVM_DECLARE_FINAL_OBJECT_INFO(IntImmNode, PrimExprNode);
};

class IntImm : public PrimExpr {
 public:
  /*!
   * \brief A constant; ValueError when dtype is not a scalar int/uint/bool type or the value
   *  does not fit in it.
   */
  IntImm(DataType dtype, int64_t value, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(IntImm, PrimExpr, IntImmNode);
};

/*! \brief A floating-point constant. */
class FloatImmNode : public PrimExprNode {
 public:
  double value;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "FloatImm";
  TVM_DECLARE_FINAL_OBJECT_INFO(FloatImmNode, PrimExprNode);
};

class FloatImm : public PrimExpr {
 public:
  /*! \brief A constant; ValueError unless dtype is a scalar float or bfloat type. */
  FloatImm(DataType dtype, double value, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(FloatImm, PrimExpr, FloatImmNode);
};

/*! \brief A boolean constant (IntImm of dtype bool). */
class Bool : public IntImm {
 public:
  explicit Bool(bool value, Span span = Span()) : IntImm(DataType::Bool(), value, span) {}
  Bool operator!() const { return Bool((*this)->value == 0); }
  operator bool() const { return (*this)->value != 0; }  // NOLINT(*)
  TVM_DEFINE_OBJECT_REF_METHODS(Bool, IntImm, IntImmNode);
};

/*! \brief An IntImm that converts to and from int (attribute values, shapes, axes). */
class Integer : public IntImm {
 public:
  Integer() = default;
  explicit Integer(ObjectPtr<Object> n) : IntImm(std::move(n)) {}
  Integer(int value, Span span = Span()) : IntImm(DataType::Int(32), value, span) {}  // NOLINT(*)
  Integer(IntImm other) : IntImm(std::move(other)) {}  // NOLINT(*)
  int64_t IntValue() const { return (*this)->value; }
  operator int64_t() const { return (*this)->value; }  // NOLINT(*)
  using ContainerType = IntImmNode;
};

/*! \brief The half-open interval [min, min + extent). */
class RangeNode : public Object {
 public:
  PrimExpr min;
  PrimExpr extent;
  mutable Span span;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "Range";
  TVM_DECLARE_FINAL_OBJECT_INFO(RangeNode, Object);
};

class Range : public ObjectRef {
 public:
  static Range FromMinExtent(PrimExpr min, PrimExpr extent, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Range, ObjectRef, RangeNode);
};

namespace runtime {
namespace detail {
/*!
 * \brief Python numbers convert to PrimExpr constants: int to int32 (int64 when it does not
 *  fit), float to float32, bool to bool; an IterVar converts to its variable.
 */
PrimExpr PrimExprFromObject(const ObjectRef& obj);
PrimExpr PrimExprFromValue(const TVMValue& value, int type_code);

template <>
struct ValueConverter<PrimExpr> {
  template <typename V>
  static PrimExpr Apply(const V& v) {
    return PrimExprFromValue(v.value(), v.type_code());
  }
};
template <>
struct ObjectConverter<PrimExpr> {
  static PrimExpr FromObject(const ObjectRef& obj) { return PrimExprFromObject(obj); }
};
template <>
struct ValueConverter<Integer> {
  template <typename V>
  static Integer Apply(const V& v) {
    if (v.type_code() == kDLInt) return Integer(IntImm(DataType::Int(64), v.operator int64_t()));
    return Integer(v.template AsObjectRef<IntImm>());
  }
};
template <>
struct ObjectConverter<Integer> {
  static Integer FromObject(const ObjectRef& obj) {
    if (const auto* b = obj.as<IntObj>()) return Integer(IntImm(DataType::Int(64), b->value));
    return Integer(ObjectConverter<IntImm>::FromObject(obj));
  }
};
}  // namespace detail
}  // namespace runtime
}  // namespace tvm

#endif  // TVM_IR_EXPR_H_
