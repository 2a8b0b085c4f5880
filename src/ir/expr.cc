/*!
 * \file expr.cc
 * \brief Constants, ranges, global variables, spans and the base types of the IR.
 */
#include <tvm/ir/expr.h>
#include <tvm/ir/type.h>
#include <tvm/runtime/registry.h>

#include <limits>

namespace tvm {

using runtime::TVMArgs;
using runtime::TVMRetValue;

void SpanNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("source_name", &source_name);
  v->Visit("line", &line);
  v->Visit("column", &column);
  v->Visit("end_line", &end_line);
  v->Visit("end_column", &end_column);
}

Span::Span(String source_name, int line, int column, int end_line, int end_column) {
  auto n = make_object<SpanNode>();
  n->source_name = std::move(source_name);
  n->line = line;
  n->column = column;
  n->end_line = end_line;
  n->end_column = end_column;
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(SpanNode);

// ---- types -----------------------------------------------------------------------------------
void PrimTypeNode::VisitAttrs(AttrVisitor* v) { v->Visit("dtype", &dtype); }
PrimType::PrimType(DataType dtype, Span span) {
  auto n = make_object<PrimTypeNode>();
  n->dtype = dtype;
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(PrimTypeNode);

void PointerTypeNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("element_type", &element_type);
  v->Visit("storage_scope", &storage_scope);
}
PointerType::PointerType(Type element_type, String storage_scope) {
  auto n = make_object<PointerTypeNode>();
  n->element_type = std::move(element_type);
  n->storage_scope = std::move(storage_scope);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(PointerTypeNode);

void TupleTypeNode::VisitAttrs(AttrVisitor* v) { v->Visit("fields", &fields); }
TupleType::TupleType(Array<Type> fields, Span span) {
  auto n = make_object<TupleTypeNode>();
  n->fields = std::move(fields);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(TupleTypeNode);

void FuncTypeNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("arg_types", &arg_types);
  v->Visit("ret_type", &ret_type);
}
FuncType::FuncType(Array<Type> arg_types, Type ret_type, Span span) {
  auto n = make_object<FuncTypeNode>();
  n->arg_types = std::move(arg_types);
  n->ret_type = std::move(ret_type);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(FuncTypeNode);

IncompleteType IncompleteType::New() {
  return IncompleteType(ObjectPtr<Object>(make_object<IncompleteTypeNode>()));
}
TVM_REGISTER_NODE_TYPE(IncompleteTypeNode);

// ---- expressions -----------------------------------------------------------------------------
TVM_REGISTER_OBJECT_TYPE(BaseExprNode);
TVM_REGISTER_OBJECT_TYPE(PrimExprNode);
TVM_REGISTER_OBJECT_TYPE(RelayExprNode);

PrimExpr::PrimExpr(int value) : PrimExpr(IntImm(DataType::Int(32), value)) {}
PrimExpr::PrimExpr(float value) : PrimExpr(FloatImm(DataType::Float(32), value)) {}

const Type& RelayExprNode::checked_type() const {
  ICHECK(checked_type_.defined()) << "the type of this expression has not been inferred yet; "
                                     "run relay.transform.InferType first";
  return checked_type_;
}

void GlobalVarNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("name_hint", &name_hint);
  v->Visit("span", &span);
}
GlobalVar::GlobalVar(String name_hint, Type type, Span span) {
  auto n = make_object<GlobalVarNode>();
  n->name_hint = std::move(name_hint);
  n->checked_type_ = std::move(type);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(GlobalVarNode);

void IntImmNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("value", &value);
  v->Visit("span", &span);
}

IntImm::IntImm(DataType dtype, int64_t value, Span span) {
  if (!dtype.is_scalar() || !(dtype.is_int() || dtype.is_uint())) {
    TVM_THROW(ValueError) << "IntImm needs a scalar int, uint or bool dtype, got " << dtype;
  }
  if (dtype.is_bool()) {
    if (value != 0 && value != 1) {
      TVM_THROW(ValueError) << "IntImm: " << value << " is not a bool value (0 or 1)";
    }
  } else if (dtype.is_uint()) {
    if (value < 0) {
      TVM_THROW(ValueError) << "IntImm: negative value " << value << " for unsigned type " << dtype;
    }
    if (dtype.bits() < 64 && value >= (int64_t(1) << dtype.bits())) {
      TVM_THROW(ValueError) << "IntImm: value " << value << " does not fit in " << dtype;
    }
  } else if (dtype.bits() < 64) {
    int64_t lo = -(int64_t(1) << (dtype.bits() - 1));
    int64_t hi = (int64_t(1) << (dtype.bits() - 1)) - 1;
    if (value < lo || value > hi) {
      TVM_THROW(ValueError) << "IntImm: value " << value << " does not fit in " << dtype
                            << " (range " << lo << " to " << hi << ")";
    }
  }
  auto n = make_object<IntImmNode>();
  n->dtype = dtype;
  n->value = value;
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(IntImmNode);

void FloatImmNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("dtype", &dtype);
  v->Visit("value", &value);
  v->Visit("span", &span);
}

FloatImm::FloatImm(DataType dtype, double value, Span span) {
  if (!dtype.is_scalar() || !(dtype.is_float() || dtype.is_bfloat16())) {
    TVM_THROW(ValueError) << "FloatImm needs a scalar float dtype, got " << dtype;
  }
  auto n = make_object<FloatImmNode>();
  n->dtype = dtype;
  n->value = value;
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(FloatImmNode);

void RangeNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("min", &min);
  v->Visit("extent", &extent);
  v->Visit("span", &span);
}

Range Range::FromMinExtent(PrimExpr min, PrimExpr extent, Span span) {
  auto n = make_object<RangeNode>();
  n->min = std::move(min);
  n->extent = std::move(extent);
  n->span = std::move(span);
  return Range(ObjectPtr<Object>(std::move(n)));
}
TVM_REGISTER_NODE_TYPE(RangeNode);

namespace runtime {
namespace detail {
namespace {
PrimExpr IntConst(int64_t v) {
  bool fits32 = v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
  return IntImm(fits32 ? DataType::Int(32) : DataType::Int(64), v);
}
}  // namespace

PrimExpr PrimExprFromObject(const ObjectRef& obj) {
  if (!obj.defined()) return PrimExpr();
  if (const auto* i = obj.as<IntObj>()) return IntConst(i->value);
  if (const auto* f = obj.as<FloatObj>()) return FloatImm(DataType::Float(32), f->value);
  if (obj->IsInstance<PrimExprNode>()) return PrimExpr(ObjectRefAccess::GetPtr(obj));
  if (obj->GetTypeKey() == "tir.IterVar") {
    // IterVar's first-class use in expressions is its variable.
    PrimExpr var;
    class VarGetter : public AttrVisitor {
     public:
      explicit VarGetter(PrimExpr* out) : out_(out) {}
      void Visit(const char*, double*) final {}
      void Visit(const char*, int64_t*) final {}
      void Visit(const char*, uint64_t*) final {}
      void Visit(const char*, int*) final {}
      void Visit(const char*, bool*) final {}
      void Visit(const char*, std::string*) final {}
      void Visit(const char*, DataType*) final {}
      void Visit(const char* key, ObjectRef* v) final {
        if (std::string(key) == "var") *out_ = PrimExpr(ObjectRefAccess::GetPtr(*v));
      }

     private:
      PrimExpr* out_;
    } getter(&var);
    ReflectionTable::VisitAttrs(const_cast<Object*>(obj.get()), &getter);
    return var;
  }
  TVM_THROW(TypeError) << "expected a PrimExpr (or a number) but got " << obj->GetTypeKey();
}

PrimExpr PrimExprFromValue(const TVMValue& value, int type_code) {
  switch (type_code) {
    case kDLInt:
      return IntConst(value.v_int64);
    case kDLFloat:
      return FloatImm(DataType::Float(32), value.v_float64);
    case kTVMNullptr:
      return PrimExpr();
    default:
      return PrimExprFromObject(TVMArgValue(value, type_code).AsObjectRef<ObjectRef>());
  }
}
}  // namespace detail
}  // namespace runtime

// ---- Python API ------------------------------------------------------------------------------
TVM_REGISTER_GLOBAL("ir.Span").set_body_typed([](String name, int line, int column, int end_line,
                                                 int end_column) {
  return Span(name, line, column, end_line, end_column);
});
TVM_REGISTER_GLOBAL("ir.PrimType").set_body_typed([](DataType dtype) { return PrimType(dtype); });
TVM_REGISTER_GLOBAL("ir.PointerType").set_body_typed([](Type element, String scope) {
  return PointerType(element, scope);
});
TVM_REGISTER_GLOBAL("ir.TupleType").set_body_typed([](Array<Type> fields) {
  return TupleType(fields);
});
TVM_REGISTER_GLOBAL("ir.FuncType").set_body_typed([](Array<Type> args, Type ret) {
  return FuncType(args, ret);
});
TVM_REGISTER_GLOBAL("ir.RelayExprCheckedType").set_body_typed([](RelayExpr e) {
  if (!e->checked_type_.defined()) {
    TVM_THROW(ValueError) << "the type of this " << e->GetTypeKey()
                          << " has not been inferred yet; run relay.transform.InferType first";
  }
  return e->checked_type_;
});
TVM_REGISTER_GLOBAL("ir.IncompleteType").set_body_typed([]() { return IncompleteType::New(); });
TVM_REGISTER_GLOBAL("ir.GlobalVar").set_body_typed([](String name, Type type) {
  return GlobalVar(name, type);
});
TVM_REGISTER_GLOBAL("ir.IntImm").set_body_typed([](DataType dtype, int64_t value, Span span) {
  return IntImm(dtype, value, span);
});
TVM_REGISTER_GLOBAL("ir.FloatImm").set_body_typed([](DataType dtype, double value, Span span) {
  return FloatImm(dtype, value, span);
});
TVM_REGISTER_GLOBAL("ir.Range").set_body_typed([](PrimExpr min, PrimExpr extent, Span span) {
  return Range::FromMinExtent(min, extent, span);
});

}  // namespace tvm
