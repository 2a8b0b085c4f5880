/*!
 * \file tvm/ir/type.h
 * \brief Types shared by the IRs: PrimType (a scalar of TIR), PointerType, TupleType, FuncType,
 *  IncompleteType (a hole type inference fills) and TensorType (Relay's tensors).
 */
#ifndef TVM_IR_TYPE_H_
#define TVM_IR_TYPE_H_

#include <tvm/ir/span.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/data_type.h>
#include <tvm/runtime/object.h>
#include <tvm/runtime/reflection.h>

#include <string>

namespace tvm {

class PrimExpr;

class TypeNode : public Object {
 public:
  mutable Span span;
  static constexpr const char* _type_key = "Type";
  TVM_DECLARE_BASE_OBJECT_INFO(TypeNode, Object);
};

class Type : public ObjectRef {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(Type, ObjectRef, TypeNode);
};

/*! \brief The type of a TIR scalar (or vector) value of a given dtype. */
class PrimTypeNode : public TypeNode {
 public:
  DataType dtype;
  void VisitAttrs(runtime::AttrVisitor* v);
  static constexpr const char* _type_key = "PrimType";
  TVM_DECLARE_FINAL_OBJECT_INFO(PrimTypeNode, TypeNode);
};

class PrimType : public Type {
 public:
  explicit PrimType(DataType dtype, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(PrimType, Type, PrimTypeNode);
};

/*! \brief A pointer into memory of a storage scope ("global", "shared", "local", ...). */
class PointerTypeNode : public TypeNode {
 public:
  Type element_type;
  String storage_scope;
  void VisitAttrs(runtime::AttrVisitor* v);
  static constexpr const char* _type_key = "PointerType";
  TVM_DECLARE_FINAL_OBJECT_INFO(PointerTypeNode, TypeNode);
};

class PointerType : public Type {
 public:
  explicit PointerType(Type element_type, String storage_scope = "");
  TVM_DEFINE_OBJECT_REF_METHODS(PointerType, Type, PointerTypeNode);
};

class TupleTypeNode : public TypeNode {
 public:
  Array<Type> fields;
  void VisitAttrs(runtime::AttrVisitor* v);
  static constexpr const char* _type_key = "TupleType";
  TVM_DECLARE_FINAL_OBJECT_INFO(TupleTypeNode, TypeNode);
};

class TupleType : public Type {
 public:
  explicit TupleType(Array<Type> fields, Span span = Span());
  static TupleType Empty() { return TupleType(Array<Type>()); }
  TVM_DEFINE_OBJECT_REF_METHODS(TupleType, Type, TupleTypeNode);
};

/*! \brief The type of a function: argument types to a return type. */
class FuncTypeNode : public TypeNode {
 public:
  Array<Type> arg_types;
  Type ret_type;
  void VisitAttrs(runtime::AttrVisitor* v);
  static constexpr const char* _type_key = "FuncType";
  TVM_DECLARE_FINAL_OBJECT_INFO(FuncTypeNode, TypeNode);
};

class FuncType : public Type {
 public:
  FuncType(Array<Type> arg_types, Type ret_type, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(FuncType, Type, FuncTypeNode);
};

/*! \brief A type not yet known; type inference replaces it. */
class IncompleteTypeNode : public TypeNode {
 public:
  void VisitAttrs(runtime::AttrVisitor* v) {}
  static constexpr const char* _type_key = "IncompleteType";
  TVM_DECLARE_FINAL_OBJECT_INFO(IncompleteTypeNode, TypeNode);
};

class IncompleteType : public Type {
 public:
  /*! \brief A fresh hole (the default-constructed IncompleteType is null). */
  static IncompleteType New();
  TVM_DEFINE_OBJECT_REF_METHODS(IncompleteType, Type, IncompleteTypeNode);
};

}  // namespace tvm

#endif  // TVM_IR_TYPE_H_
