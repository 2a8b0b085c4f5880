/*!
 * \file intrin_rule.cc
 * \brief The FLowerIntrinsic rules of LowerIntrin (tir/transforms/lower_intrin.cc), per target
 *  kind: "default" (generic arithmetic rewrites), "llvm" and "c".
 *
 *  - default: rsqrt, sigmoid, exp10, fma, pow with a small integer exponent, log2, log10 are
 *    rewritten into exp, log, sqrt and arithmetic.
 *  - llvm: fma, log2 and log10 stay (LLVM intrinsics); exp, tanh and erf have no rule, so the
 *    code generator's inline float32 versions compile them and vector loops stay vector code
 *    (no scalar libm call per lane); sigmoid becomes 1 / (1 + exp(-x)) with that exp.
 *  - c: each math.h function becomes a call_pure_extern of its libm name for float32 ("expf")
 *    and float64 ("exp"), after the default rewrites; vector and other types are left to the
 *    code generator.
 */
#include <tvm/ir/op.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/op.h>

#include <cmath>
#include <string>

namespace tvm {
namespace codegen {
namespace intrin {

using namespace tvm::tir;  // NOLINT(*)
using FLowerIntrinsic = runtime::TypedPackedFunc<PrimExpr(PrimExpr)>;

namespace {

const CallNode* AsCall(const PrimExpr& e) {
  const auto* call = e.as<CallNode>();
  ICHECK(call) << "FLowerIntrinsic expects a Call";
  return call;
}

bool IsFloat(const PrimExpr& e) { return e.dtype().is_float(); }

/*! \brief `x` bound to a fresh variable by `build` unless it is cheap to repeat. */
template <typename F>
PrimExpr WithReusable(const PrimExpr& x, F build) {
  if (x.as<VarNode>() || x.as<BufferLoadNode>() || x.as<FloatImmNode>() || x.as<IntImmNode>() ||
      x.as<BroadcastNode>()) {
    return build(x);
  }
  Var v("pow_base", x.dtype());
  return Let(v, x, build(v));
}

/*! \brief The integral value of a constant exponent (FloatImm, IntImm or a Broadcast). */
bool ConstIntExponent(PrimExpr e, int64_t* n) {
  if (const auto* b = e.as<BroadcastNode>()) e = b->value;
  double v;
  if (const auto* f = e.as<FloatImmNode>()) {
    v = f->value;
  } else if (const auto* i = e.as<IntImmNode>()) {
    v = static_cast<double>(i->value);
  } else {
    return false;
  }
  if (std::floor(v) != v || std::fabs(v) > 1e9) return false;
  *n = static_cast<int64_t>(v);
  return true;
}

/*! \brief pow(x, n) for a constant integer |n| <= 8 as multiplies; else the call unchanged. */
PrimExpr PowByMultiplies(PrimExpr e) {
  const CallNode* call = AsCall(e);
  constexpr int64_t kMaxExponent = 8;
  int64_t n;
  if (!IsFloat(e) || !ConstIntExponent(call->args[1], &n) || std::abs(n) > kMaxExponent) return e;
  DataType t = e.dtype();
  if (n == 0) return make_const(t, 1.0);
  return WithReusable(call->args[0], [&](PrimExpr x) {
    // Square-and-multiply: x^5 = (x^2)^2 * x.
    PrimExpr result, square = x;
    for (int64_t k = std::abs(n); k > 0; k >>= 1) {
      if (k & 1) result = result.defined() ? result * square : square;
      if (k > 1) square = square * square;
    }
    return n < 0 ? make_const(t, 1.0) / result : result;
  });
}

PrimExpr Rsqrt(PrimExpr e) {
  if (!IsFloat(e)) return e;
  return make_const(e.dtype(), 1.0) / sqrt(AsCall(e)->args[0]);
}
PrimExpr Sigmoid(PrimExpr e) {
  if (!IsFloat(e)) return e;
  PrimExpr one = make_const(e.dtype(), 1.0);
  return one / (one + exp(-AsCall(e)->args[0]));
}
PrimExpr Exp10(PrimExpr e) {
  if (!IsFloat(e)) return e;
  return exp(AsCall(e)->args[0] * make_const(e.dtype(), std::log(10.0)));
}
PrimExpr FmaByMultiplyAdd(PrimExpr e) {
  const CallNode* call = AsCall(e);
  return call->args[0] * call->args[1] + call->args[2];
}
PrimExpr Log2ByLog(PrimExpr e) {
  if (!IsFloat(e)) return e;
  return log(AsCall(e)->args[0]) * make_const(e.dtype(), 1.0 / std::log(2.0));
}
PrimExpr Log10ByLog(PrimExpr e) {
  if (!IsFloat(e)) return e;
  return log(AsCall(e)->args[0]) * make_const(e.dtype(), 1.0 / std::log(10.0));
}
PrimExpr Keep(PrimExpr e) { return e; }

/*! \brief The scalar float32/float64 call as call_pure_extern of its math.h name. */
PrimExpr CallLibm(PrimExpr e, const std::string& name) {
  DataType t = e.dtype();
  if (!t.is_float() || t.lanes() != 1 || (t.bits() != 32 && t.bits() != 64)) return e;
  Array<PrimExpr> args{StringImm(t.bits() == 32 ? name + "f" : name)};
  for (const PrimExpr& a : AsCall(e)->args) args.push_back(a);
  return Call(t, builtin::call_pure_extern(), args);
}
/*! \brief The C rule of a math.h function `libm_name`, after the default rewrite `first`. */
FLowerIntrinsic CRule(std::string libm_name, PrimExpr (*first)(PrimExpr) = Keep) {
  return FLowerIntrinsic([libm_name, first](PrimExpr e) {
    PrimExpr r = first(e);
    return r.same_as(e) ? CallLibm(e, libm_name) : r;
  });
}

}  // namespace

#define TVM_REGISTER_RULE(OpName, Kind, Rule) \
  TVM_REGISTER_OP("tir." OpName).set_attr<FLowerIntrinsic>(Kind ".FLowerIntrinsic", Rule)

TVM_REGISTER_RULE("rsqrt", "default", FLowerIntrinsic(Rsqrt));
TVM_REGISTER_RULE("sigmoid", "default", FLowerIntrinsic(Sigmoid));
TVM_REGISTER_RULE("exp10", "default", FLowerIntrinsic(Exp10));
TVM_REGISTER_RULE("fma", "default", FLowerIntrinsic(FmaByMultiplyAdd));
TVM_REGISTER_RULE("pow", "default", FLowerIntrinsic(PowByMultiplies));
TVM_REGISTER_RULE("log2", "default", FLowerIntrinsic(Log2ByLog));
TVM_REGISTER_RULE("log10", "default", FLowerIntrinsic(Log10ByLog));

TVM_REGISTER_RULE("fma", "llvm", FLowerIntrinsic(Keep));
TVM_REGISTER_RULE("log2", "llvm", FLowerIntrinsic(Keep));
TVM_REGISTER_RULE("log10", "llvm", FLowerIntrinsic(Keep));

TVM_REGISTER_RULE("exp", "c", CRule("exp"));
TVM_REGISTER_RULE("exp2", "c", CRule("exp2"));
TVM_REGISTER_RULE("log", "c", CRule("log"));
TVM_REGISTER_RULE("log2", "c", CRule("log2"));
TVM_REGISTER_RULE("log10", "c", CRule("log10"));
TVM_REGISTER_RULE("log1p", "c", CRule("log1p"));
TVM_REGISTER_RULE("sqrt", "c", CRule("sqrt"));
TVM_REGISTER_RULE("floor", "c", CRule("floor"));
TVM_REGISTER_RULE("ceil", "c", CRule("ceil"));
TVM_REGISTER_RULE("trunc", "c", CRule("trunc"));
TVM_REGISTER_RULE("round", "c", CRule("nearbyint"));  // TIR round is round-half-to-even
TVM_REGISTER_RULE("nearbyint", "c", CRule("nearbyint"));
TVM_REGISTER_RULE("fabs", "c", CRule("fabs"));
TVM_REGISTER_RULE("sin", "c", CRule("sin"));
TVM_REGISTER_RULE("cos", "c", CRule("cos"));
TVM_REGISTER_RULE("tan", "c", CRule("tan"));
TVM_REGISTER_RULE("sinh", "c", CRule("sinh"));
TVM_REGISTER_RULE("cosh", "c", CRule("cosh"));
TVM_REGISTER_RULE("tanh", "c", CRule("tanh"));
TVM_REGISTER_RULE("asin", "c", CRule("asin"));
TVM_REGISTER_RULE("acos", "c", CRule("acos"));
TVM_REGISTER_RULE("atan", "c", CRule("atan"));
TVM_REGISTER_RULE("erf", "c", CRule("erf"));
TVM_REGISTER_RULE("fma", "c", CRule("fma"));
TVM_REGISTER_RULE("pow", "c", CRule("pow", PowByMultiplies));

#undef TVM_REGISTER_RULE

}  // namespace intrin
}  // namespace codegen
}  // namespace tvm
