/*!
 * \file broadcast.cc
 * \brief Binary operators with numpy broadcasting; see tvm/topi/broadcast.h.
 */
#include <tvm/arith/analyzer.h>
#include <tvm/runtime/registry.h>
#include <tvm/te/tensor.h>
#include <tvm/topi/broadcast.h>

#include "detail.h"

#include <sstream>

namespace tvm {
namespace topi {

using namespace tvm::tir;  // NOLINT(*)
using detail::ShapeStr;

namespace {

/*! \brief Indices of `t` (rank r) for an output index of rank n >= r under broadcasting. */
Array<PrimExpr> InputIndex(const Tensor& t, const Array<Var>& out_index,
                           const Array<PrimExpr>& out_shape) {
  size_t n = out_index.size(), r = t->shape.size();
  Array<PrimExpr> idx;
  for (size_t d = 0; d < r; ++d) {
    size_t od = n - r + d;
    const PrimExpr& extent = t->shape[d];
    if (detail::IsConstOne(extent) && !detail::IsConstOne(out_shape[od])) {
      idx.push_back(make_zero(out_index[od].dtype()));
    } else if (!extent.as<IntImmNode>() && !extent.same_as(out_shape[od])) {
      // A run-time extent that may be 1 while the result's is not: it broadcasts then.
      idx.push_back(Select(extent == 1, make_zero(out_index[od].dtype()), out_index[od]));
    } else {
      idx.push_back(out_index[od]);
    }
  }
  return idx;
}

using FBinary = PrimExpr (*)(PrimExpr, PrimExpr, Span);

Tensor Broadcast(FBinary f, const Tensor& a, const Tensor& b, std::string name, std::string tag) {
  Array<PrimExpr> shape = BroadcastShape(a->shape, b->shape);
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        return f(a(InputIndex(a, i, shape)), b(InputIndex(b, i, shape)), Span());
      },
      name, tag);
}

PrimExpr Add(PrimExpr a, PrimExpr b, Span s) { return add(a, b, s); }
PrimExpr Sub(PrimExpr a, PrimExpr b, Span s) { return sub(a, b, s); }
PrimExpr Mul(PrimExpr a, PrimExpr b, Span s) { return mul(a, b, s); }
PrimExpr Div(PrimExpr a, PrimExpr b, Span s) {
  // Integer division truncates toward zero (C, ONNX Div, Apache TVM's topi.divide);
  // floor_divide is numpy's //.
  return a.dtype().is_float() || a.dtype().is_bfloat16() ? div(a, b, s) : truncdiv(a, b, s);
}
PrimExpr FloorDivide(PrimExpr a, PrimExpr b, Span s) {
  return a.dtype().is_float() ? floor(div(a, b, s), s) : floordiv(a, b, s);
}
PrimExpr TruncDivide(PrimExpr a, PrimExpr b, Span s) {
  return a.dtype().is_float() ? trunc(div(a, b, s), s) : truncdiv(a, b, s);
}
PrimExpr FloorMod(PrimExpr a, PrimExpr b, Span s) {
  if (a.dtype().is_float()) return sub(a, mul(floor(div(a, b, s), s), b, s), s);
  return floormod(a, b, s);
}
PrimExpr TruncMod(PrimExpr a, PrimExpr b, Span s) {
  if (a.dtype().is_float()) return sub(a, mul(trunc(div(a, b, s), s), b, s), s);
  return truncmod(a, b, s);
}
PrimExpr Power(PrimExpr a, PrimExpr b, Span s) { return pow(a, b, s); }
PrimExpr Maximum(PrimExpr a, PrimExpr b, Span s) { return max(a, b, s); }
PrimExpr Minimum(PrimExpr a, PrimExpr b, Span s) { return min(a, b, s); }
PrimExpr Equal(PrimExpr a, PrimExpr b, Span s) { return equal(a, b, s); }
PrimExpr NotEqual(PrimExpr a, PrimExpr b, Span s) { return not_equal(a, b, s); }
PrimExpr Less(PrimExpr a, PrimExpr b, Span s) { return less(a, b, s); }
PrimExpr LessEqual(PrimExpr a, PrimExpr b, Span s) { return less_equal(a, b, s); }
PrimExpr Greater(PrimExpr a, PrimExpr b, Span s) { return greater(a, b, s); }
PrimExpr GreaterEqual(PrimExpr a, PrimExpr b, Span s) { return greater_equal(a, b, s); }
PrimExpr LogicalAnd(PrimExpr a, PrimExpr b, Span s) { return logical_and(a, b, s); }
PrimExpr LogicalOr(PrimExpr a, PrimExpr b, Span s) { return logical_or(a, b, s); }
PrimExpr LogicalXor(PrimExpr a, PrimExpr b, Span s) {
  return not_equal(cast(DataType::Bool(), a), cast(DataType::Bool(), b), s);
}
PrimExpr BitwiseAnd(PrimExpr a, PrimExpr b, Span s) { return bitwise_and(a, b, s); }
PrimExpr BitwiseOr(PrimExpr a, PrimExpr b, Span s) { return bitwise_or(a, b, s); }
PrimExpr BitwiseXor(PrimExpr a, PrimExpr b, Span s) { return bitwise_xor(a, b, s); }
PrimExpr LeftShift(PrimExpr a, PrimExpr b, Span s) { return left_shift(a, b, s); }
PrimExpr RightShift(PrimExpr a, PrimExpr b, Span s) { return right_shift(a, b, s); }

}  // namespace

Array<PrimExpr> BroadcastShape(const Array<PrimExpr>& a, const Array<PrimExpr>& b) {
  size_t n = std::max(a.size(), b.size());
  std::vector<PrimExpr> out(n);
  arith::Analyzer analyzer;
  for (size_t k = 0; k < n; ++k) {
    // Walk from the right; a missing dimension acts as 1.
    bool has_a = k < a.size(), has_b = k < b.size();
    PrimExpr da = has_a ? a[a.size() - 1 - k] : PrimExpr();
    PrimExpr db = has_b ? b[b.size() - 1 - k] : PrimExpr();
    PrimExpr d;
    if (!has_a) {
      d = db;
    } else if (!has_b) {
      d = da;
    } else if (detail::IsConstOne(da)) {
      d = db;
    } else if (detail::IsConstOne(db)) {
      d = da;
    } else if (da.same_as(db) || analyzer.CanProveEqual(da, db)) {
      d = da;
    } else if (da.as<IntImmNode>() && db.as<IntImmNode>()) {
      TVM_THROW(ValueError) << "shapes " << ShapeStr(a) << " and " << ShapeStr(b)
                            << " cannot be broadcast together: dimension " << (n - 1 - k)
                            << " of the result would be both " << da << " and " << db;
    } else if (da.as<IntImmNode>() || db.as<IntImmNode>()) {
      // A run-time extent against a constant: it must be that constant or 1.
      d = da.as<IntImmNode>() ? da : db;
    } else {
      // Two run-time extents: equal, or one of them is 1.
      d = max(da, db);
    }
    out[n - 1 - k] = d;
  }
  return Array<PrimExpr>(out.begin(), out.end());
}

Tensor broadcast_to(const Tensor& tensor, const Array<PrimExpr>& shape, std::string name,
                    std::string tag) {
  if (shape.size() < tensor->shape.size()) {
    TVM_THROW(ValueError) << "broadcast_to: cannot broadcast shape " << ShapeStr(tensor->shape)
                          << " to the lower-rank shape " << ShapeStr(shape);
  }
  Array<PrimExpr> out = BroadcastShape(tensor->shape, shape);
  arith::Analyzer analyzer;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (!analyzer.CanProveEqual(out[i], shape[i])) {
      TVM_THROW(ValueError) << "broadcast_to: shape " << ShapeStr(tensor->shape)
                            << " does not broadcast to " << ShapeStr(shape);
    }
  }
  return te::compute(
      shape, [&](const Array<Var>& i) { return tensor(InputIndex(tensor, i, shape)); }, name,
      tag);
}

#define TVM_TOPI_DEFINE_BINARY(Name, F)                                                         \
  Tensor Name(const Tensor& a, const Tensor& b, std::string name, std::string tag) {            \
    return Broadcast(F, a, b, name, tag);                                                       \
  }                                                                                             \
  Tensor Name(const Tensor& a, const PrimExpr& b, std::string name, std::string tag) {          \
    return te::compute(                                                                         \
        a->shape, [&](const Array<Var>& i) { return F(a(Array<PrimExpr>(i.begin(), i.end())), b, \
                                                      Span()); },                               \
        name, tag);                                                                             \
  }                                                                                             \
  Tensor Name(const PrimExpr& a, const Tensor& b, std::string name, std::string tag) {          \
    return te::compute(                                                                         \
        b->shape, [&](const Array<Var>& i) { return F(a, b(Array<PrimExpr>(i.begin(), i.end())), \
                                                      Span()); },                               \
        name, tag);                                                                             \
  }                                                                                             \
  TVM_REGISTER_GLOBAL("topi." #Name).set_body([](runtime::TVMArgs args, runtime::TVMRetValue* rv) { \
    BinaryDispatch(args, rv, #Name, F,                                                          \
                   [](const Tensor& a, const Tensor& b) { return Name(a, b); },                \
                   [](const Tensor& a, const PrimExpr& b) { return Name(a, b); },              \
                   [](const PrimExpr& a, const Tensor& b) { return Name(a, b); });             \
  });

namespace {
/*! \brief topi.<op>(a, b) from Python: tensors or scalar expressions on either side. */
template <typename FTT, typename FTE, typename FET>
void BinaryDispatch(runtime::TVMArgs args, runtime::TVMRetValue* rv, const char* op, FBinary f,
                    FTT tt, FTE te_, FET et) {
  if (args.size() != 2) {
    TVM_THROW(TypeError) << "topi." << op << " takes 2 arguments, got " << args.size();
  }
  auto as_tensor = [&](int i) -> Optional<Tensor> {
    if (args[i].type_code() != kTVMObjectHandle) return Optional<Tensor>();
    ObjectRef obj = args[i].AsObjectRef<ObjectRef>();
    if (const auto* t = obj.as<te::TensorNode>()) return GetRef<Tensor>(t);
    return Optional<Tensor>();
  };
  auto as_expr = [&](int i) { return runtime::detail::PrimExprFromValue(args.values[i], args.type_codes[i]); };
  Optional<Tensor> a = as_tensor(0), b = as_tensor(1);
  if (a && b) {
    *rv = tt(a.value(), b.value());
  } else if (a) {
    *rv = te_(a.value(), as_expr(1));
  } else if (b) {
    *rv = et(as_expr(0), b.value());
  } else {
    *rv = f(as_expr(0), as_expr(1), Span());
  }
}
}  // namespace

TVM_TOPI_DEFINE_BINARY(add, Add)
TVM_TOPI_DEFINE_BINARY(subtract, Sub)
TVM_TOPI_DEFINE_BINARY(multiply, Mul)
TVM_TOPI_DEFINE_BINARY(divide, Div)
TVM_TOPI_DEFINE_BINARY(floor_divide, FloorDivide)
TVM_TOPI_DEFINE_BINARY(trunc_divide, TruncDivide)
TVM_TOPI_DEFINE_BINARY(mod, TruncMod)  // C fmod semantics, as Apache TVM's topi.mod
TVM_TOPI_DEFINE_BINARY(floor_mod, FloorMod)
TVM_TOPI_DEFINE_BINARY(trunc_mod, TruncMod)
TVM_TOPI_DEFINE_BINARY(power, Power)
TVM_TOPI_DEFINE_BINARY(maximum, Maximum)
TVM_TOPI_DEFINE_BINARY(minimum, Minimum)
TVM_TOPI_DEFINE_BINARY(equal, Equal)
TVM_TOPI_DEFINE_BINARY(not_equal, NotEqual)
TVM_TOPI_DEFINE_BINARY(less, Less)
TVM_TOPI_DEFINE_BINARY(less_equal, LessEqual)
TVM_TOPI_DEFINE_BINARY(greater, Greater)
TVM_TOPI_DEFINE_BINARY(greater_equal, GreaterEqual)
TVM_TOPI_DEFINE_BINARY(logical_and, LogicalAnd)
TVM_TOPI_DEFINE_BINARY(logical_or, LogicalOr)
TVM_TOPI_DEFINE_BINARY(logical_xor, LogicalXor)
TVM_TOPI_DEFINE_BINARY(bitwise_and, BitwiseAnd)
TVM_TOPI_DEFINE_BINARY(bitwise_or, BitwiseOr)
TVM_TOPI_DEFINE_BINARY(bitwise_xor, BitwiseXor)
TVM_TOPI_DEFINE_BINARY(left_shift, LeftShift)
TVM_TOPI_DEFINE_BINARY(right_shift, RightShift)
#undef TVM_TOPI_DEFINE_BINARY

TVM_REGISTER_GLOBAL("topi.broadcast_to").set_body_typed([](Tensor t, Array<PrimExpr> shape) {
  return broadcast_to(t, shape);
});

}  // namespace topi
}  // namespace tvm
