/*!
 * \file elemwise.cc
 * \brief Elementwise unary operators; see tvm/topi/elemwise.h.
 */
#include <tvm/runtime/registry.h>
#include <tvm/topi/elemwise.h>

namespace tvm {
namespace topi {

using namespace tvm::tir;  // NOLINT(*)

namespace {

Tensor Elementwise(const Tensor& x, const std::function<PrimExpr(PrimExpr)>& f, std::string name,
           std::string tag) {
  return te::compute(
      x->shape, [&](const Array<Var>& i) { return f(x(Array<PrimExpr>(i.begin(), i.end()))); },
      name, tag);
}

void RequireFloat(const Tensor& x, const char* op) {
  if (!x->dtype.is_float() && !x->dtype.is_bfloat16()) {
    TVM_THROW(TypeError) << "topi." << op << " needs a floating-point tensor, got "
                         << runtime::DLDataType2String(x->dtype) << " (" << x->GetNameHint()
                         << ")";
  }
}

PrimExpr Sign(PrimExpr v) {
  PrimExpr zero = make_zero(v.dtype()), one = make_const(v.dtype(), 1);
  if (v.dtype().is_uint()) return Select(v > zero, one, zero);
  return Select(v > zero, one, Select(v < zero, make_const(v.dtype(), -1), zero));
}

}  // namespace

// Float-only transcendental functions.
#define TVM_TOPI_DEFINE_FLOAT_UNARY(Name, Expr)                                       \
  Tensor Name(const Tensor& x, std::string name, std::string tag) {                   \
    RequireFloat(x, #Name);                                                           \
    return Elementwise(x, [](PrimExpr v) { return Expr; }, name, tag);                        \
  }                                                                                   \
  TVM_REGISTER_GLOBAL("topi." #Name).set_body_typed([](Tensor x) { return Name(x); });
// Any dtype.
#define TVM_TOPI_DEFINE_UNARY(Name, Expr)                                             \
  Tensor Name(const Tensor& x, std::string name, std::string tag) {                   \
    return Elementwise(x, [](PrimExpr v) { return Expr; }, name, tag);                        \
  }                                                                                   \
  TVM_REGISTER_GLOBAL("topi." #Name).set_body_typed([](Tensor x) { return Name(x); });

TVM_TOPI_DEFINE_FLOAT_UNARY(exp, tvm::exp(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(exp2, tvm::exp2(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(log, tvm::log(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(log2, tvm::log2(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(log10, tvm::log10(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(log1p, tvm::log1p(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(sqrt, tvm::sqrt(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(rsqrt, tvm::rsqrt(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(tanh, tvm::tanh(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(sigmoid, tvm::sigmoid(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(erf, tvm::erf(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(sin, tvm::sin(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(cos, tvm::cos(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(tan, tvm::tan(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(sinh, tvm::sinh(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(cosh, tvm::cosh(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(asin, tvm::asin(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(acos, tvm::acos(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(atan, tvm::atan(v))
// The LLVM backend already expands exp/tanh/erf into fast vectorizable code; the fast_*
// names exist for API compatibility and compute the same functions.
TVM_TOPI_DEFINE_FLOAT_UNARY(fast_exp, tvm::exp(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(fast_tanh, tvm::tanh(v))
TVM_TOPI_DEFINE_FLOAT_UNARY(fast_erf, tvm::erf(v))
TVM_TOPI_DEFINE_UNARY(floor, v.dtype().is_float() ? tvm::floor(v) : v)
TVM_TOPI_DEFINE_UNARY(ceil, v.dtype().is_float() ? tvm::ceil(v) : v)
TVM_TOPI_DEFINE_UNARY(round, v.dtype().is_float() ? tvm::round(v) : v)
TVM_TOPI_DEFINE_UNARY(trunc, v.dtype().is_float() ? tvm::trunc(v) : v)
TVM_TOPI_DEFINE_UNARY(abs, tvm::abs(v))
TVM_TOPI_DEFINE_UNARY(negative, make_zero(v.dtype()) - v)
TVM_TOPI_DEFINE_UNARY(sign, Sign(v))
TVM_TOPI_DEFINE_UNARY(logical_not, tvm::logical_not(cast(DataType::Bool(), v)))
TVM_TOPI_DEFINE_UNARY(bitwise_not, tvm::bitwise_neg(v))
TVM_TOPI_DEFINE_UNARY(isnan, tvm::isnan(v))
TVM_TOPI_DEFINE_UNARY(isinf, tvm::isinf(v))
TVM_TOPI_DEFINE_UNARY(isfinite, tvm::isfinite(v))
TVM_TOPI_DEFINE_UNARY(identity, v)
#undef TVM_TOPI_DEFINE_FLOAT_UNARY
#undef TVM_TOPI_DEFINE_UNARY

Tensor cast(const Tensor& x, DataType dtype, std::string name, std::string tag) {
  return Elementwise(
      x,
      [&](PrimExpr v) {
        if (dtype.is_bool()) return not_equal(v, make_zero(v.dtype()));
        return tvm::cast(dtype, v);
      },
      name, tag);
}

Tensor reinterpret(const Tensor& x, DataType dtype, std::string name, std::string tag) {
  if (dtype.bits() * dtype.lanes() != x->dtype.bits() * x->dtype.lanes()) {
    TVM_THROW(ValueError) << "reinterpret: " << runtime::DLDataType2String(x->dtype) << " and "
                          << runtime::DLDataType2String(dtype) << " differ in width";
  }
  return Elementwise(x, [&](PrimExpr v) { return tvm::reinterpret(dtype, v); }, name, tag);
}

Tensor clip(const Tensor& x, const PrimExpr& a_min, const PrimExpr& a_max, std::string name,
            std::string tag) {
  return Elementwise(
      x,
      [&](PrimExpr v) {
        PrimExpr lo = tvm::cast(v.dtype(), a_min), hi = tvm::cast(v.dtype(), a_max);
        return tvm::min(tvm::max(v, lo), hi);
      },
      name, tag);
}

Tensor full(const Array<PrimExpr>& shape, DataType dtype, const PrimExpr& value, std::string name,
            std::string tag) {
  PrimExpr v = tvm::cast(dtype, value);
  return te::compute(shape, [&](const Array<Var>&) { return v; }, name, tag);
}

Tensor full_like(const Tensor& x, const PrimExpr& value, std::string name, std::string tag) {
  return full(x->shape, x->dtype, value, name, tag);
}

TVM_REGISTER_GLOBAL("topi.cast").set_body_typed([](Tensor x, DataType t) { return cast(x, t); });
TVM_REGISTER_GLOBAL("topi.reinterpret").set_body_typed([](Tensor x, DataType t) {
  return reinterpret(x, t);
});
TVM_REGISTER_GLOBAL("topi.clip").set_body_typed([](Tensor x, PrimExpr lo, PrimExpr hi) {
  return clip(x, lo, hi);
});
TVM_REGISTER_GLOBAL("topi.full").set_body_typed([](Array<PrimExpr> shape, DataType t, PrimExpr v) {
  return full(shape, t, v);
});
TVM_REGISTER_GLOBAL("topi.full_like").set_body_typed([](Tensor x, PrimExpr v) {
  return full_like(x, v);
});

}  // namespace topi
}  // namespace tvm
