/*!
 * \file tvm/tir/var.h
 * \brief Variables of TIR: Var, SizeVar (known non-negative: a shape), IterVar (a loop axis
 *  with its domain and kind).
 */
#ifndef TVM_TIR_VAR_H_
#define TVM_TIR_VAR_H_

#include <tvm/ir/expr.h>

#include <string>

namespace tvm {
namespace tir {

/*!
 * \brief A variable. Identity matters: two Vars with one name are different variables.
 *  For a pointer variable, type_annotation holds the PointerType.
 */
class VarNode : public PrimExprNode {
 public:
  String name_hint;
  Type type_annotation;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.Var";
  static constexpr SEqualKind _type_sequal_kind = SEqualKind::kVarNode;
  TVM_DECLARE_BASE_OBJECT_INFO(VarNode, PrimExprNode);
};

class Var : public PrimExpr {
 public:
  explicit Var(String name_hint = "v", DataType dtype = DataType::Int(32), Span span = Span());
  /*! \brief A variable whose type is given (PrimType or PointerType). */
  Var(String name_hint, Type type_annotation, Span span = Span());
  const VarNode* get() const { return static_cast<const VarNode*>(data_.get()); }
  const VarNode* operator->() const { return get(); }
  explicit Var(ObjectPtr<Object> n) : PrimExpr(std::move(n)) {}
  using ContainerType = VarNode;
};

/*! \brief A variable known to be non-negative (a symbolic shape). */
class SizeVarNode : public VarNode {
 public:
  static constexpr const char* _type_key = "tir.SizeVar";
  TVM_DECLARE_FINAL_OBJECT_INFO(SizeVarNode, VarNode);
};

class SizeVar : public Var {
 public:
  explicit SizeVar(String name_hint = "s", DataType dtype = DataType::Int(32), Span span = Span());
  explicit SizeVar(ObjectPtr<Object> n) : Var(std::move(n)) {}
  using ContainerType = SizeVarNode;
};

/*! \brief The kind of a loop axis. */
enum IterVarType : int {
  kDataPar = 0,
  kThreadIndex = 1,
  kCommReduce = 2,
  kOrdered = 3,
  kOpaque = 4,
  kUnrolled = 5,
  kVectorized = 6,
  kParallelized = 7,
  kTensorized = 8,
};

/*! \brief A loop axis: a variable, its domain, its kind, and a thread tag when bound. */
class IterVarNode : public Object {
 public:
  Range dom;
  Var var;
  IterVarType iter_type{kDataPar};
  String thread_tag;
  mutable Span span;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.IterVar";
  TVM_DECLARE_FINAL_OBJECT_INFO(IterVarNode, Object);
};

class IterVar : public ObjectRef {
 public:
  IterVar(Range dom, Var var, IterVarType iter_type, String thread_tag = "", Span span = Span());
  operator PrimExpr() const { return (*this)->var; }  // NOLINT(*)
  TVM_DEFINE_OBJECT_REF_METHODS(IterVar, ObjectRef, IterVarNode);
};

/*! \brief "DataPar", "CommReduce", ... */
const char* IterVarType2String(IterVarType t);

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_VAR_H_
