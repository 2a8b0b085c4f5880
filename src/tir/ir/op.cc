/*!
 * \file op.cc
 * \brief Arithmetic helpers (type matching, constant folding), intrinsic and builtin ops.
 */
#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/expr.h>
#include <tvm/tir/op.h>

#include <cmath>
#include <limits>
#include <unordered_set>

namespace tvm {

using namespace tir;  // NOLINT(*)

// ---- constants -------------------------------------------------------------------------------
PrimExpr make_const(DataType t, int64_t value, Span span) {
  if (t.is_vector()) return Broadcast(make_const(t.element_of(), value, span), t.lanes(), span);
  if (t.is_float() || t.is_bfloat16()) return FloatImm(t, static_cast<double>(value), span);
  return IntImm(t, value, span);
}
PrimExpr make_const(DataType t, int value, Span span) {
  return make_const(t, static_cast<int64_t>(value), span);
}
PrimExpr make_const(DataType t, double value, Span span) {
  if (t.is_vector()) return Broadcast(make_const(t.element_of(), value, span), t.lanes(), span);
  if (t.is_float() || t.is_bfloat16()) return FloatImm(t, value, span);
  return IntImm(t, static_cast<int64_t>(value), span);
}
PrimExpr make_zero(DataType t, Span span) { return make_const(t, 0, span); }

PrimExpr max_value(DataType t, Span span) {
  ICHECK(t.is_scalar()) << "max_value of a vector type";
  if (t.is_int()) {
    return IntImm(t, t.bits() == 64 ? std::numeric_limits<int64_t>::max()
                                    : (int64_t(1) << (t.bits() - 1)) - 1, span);
  }
  if (t.is_bool()) return IntImm(t, 1, span);
  if (t.is_uint()) {
    if (t.bits() == 64) return IntImm(DataType::Int(64), std::numeric_limits<int64_t>::max(), span);
    return IntImm(t, (int64_t(1) << t.bits()) - 1, span);
  }
  if (t.is_float()) {
    double v = t.bits() == 16 ? 65504.0
               : t.bits() == 32 ? static_cast<double>(std::numeric_limits<float>::max())
                                : std::numeric_limits<double>::max();
    return FloatImm(t, v, span);
  }
  if (t.is_bfloat16()) return FloatImm(t, 3.38953139e38, span);
  TVM_THROW(ValueError) << "max_value: no maximum for " << t;
}

PrimExpr min_value(DataType t, Span span) {
  ICHECK(t.is_scalar()) << "min_value of a vector type";
  if (t.is_int()) {
    return IntImm(t, t.bits() == 64 ? std::numeric_limits<int64_t>::min()
                                    : -(int64_t(1) << (t.bits() - 1)), span);
  }
  if (t.is_uint() || t.is_bool()) return IntImm(t, 0, span);
  if (t.is_float() || t.is_bfloat16()) {
    return FloatImm(t, -Downcast<FloatImm>(max_value(t))->value, span);
  }
  TVM_THROW(ValueError) << "min_value: no minimum for " << t;
}

const int64_t* as_const_int(const PrimExpr& e) {
  if (!e.defined()) return nullptr;
  if (const auto* imm = e.as<IntImmNode>()) return &imm->value;
  return nullptr;
}

bool is_const_int(const PrimExpr& e, int64_t value) {
  if (const int64_t* v = as_const_int(e)) return *v == value;
  if (const auto* b = e.as<BroadcastNode>()) return is_const_int(b->value, value);
  return false;
}
bool is_zero(const PrimExpr& e) {
  if (const auto* f = e.as<FloatImmNode>()) return f->value == 0.0;
  return is_const_int(e, 0);
}
bool is_one(const PrimExpr& e) {
  if (const auto* f = e.as<FloatImmNode>()) return f->value == 1.0;
  return is_const_int(e, 1);
}

// ---- casts -----------------------------------------------------------------------------------
PrimExpr cast(DataType t, PrimExpr value, Span span) {
  if (!value.defined()) TVM_THROW(TypeError) << "cast of an undefined value";
  if (value.dtype() == t) return value;
  if (t.lanes() != value.dtype().lanes()) {
    if (value.dtype().is_scalar()) {
      return Broadcast(cast(t.element_of(), value, span), t.lanes(), span);
    }
    TVM_THROW(TypeError) << "cannot cast " << value.dtype() << " to " << t
                         << ": lane counts differ";
  }
  if (t.is_scalar()) {
    if (const auto* i = value.as<IntImmNode>()) {
      if (t.is_float() || t.is_bfloat16()) return FloatImm(t, static_cast<double>(i->value), span);
      if (t.is_bool()) return IntImm(t, i->value != 0, span);
      if (t.is_int() || t.is_uint()) {
        int64_t v = i->value;
        if (t.bits() < 64) {
          // Wrap like the conversion would at run time.
          uint64_t mask = (uint64_t(1) << t.bits()) - 1;
          uint64_t u = static_cast<uint64_t>(v) & mask;
          if (t.is_int() && (u >> (t.bits() - 1)) != 0) {
            v = static_cast<int64_t>(u | ~mask);
          } else {
            v = static_cast<int64_t>(u);
          }
        }
        return IntImm(t, v, span);
      }
    }
    if (const auto* f = value.as<FloatImmNode>()) {
      if (t.is_float() || t.is_bfloat16()) return FloatImm(t, f->value, span);
      if ((t.is_int() || t.is_uint()) && std::isfinite(f->value) &&
          std::fabs(f->value) < 9.0e18) {
        return make_const(t, static_cast<int64_t>(f->value), span);
      }
    }
  }
  return Cast(t, value, span);
}

PrimExpr reinterpret(DataType t, PrimExpr value, Span span) {
  if (value.dtype() == t) return value;
  if (t.bits() * t.lanes() != value.dtype().bits() * value.dtype().lanes()) {
    TVM_THROW(TypeError) << "reinterpret: " << value.dtype() << " and " << t
                         << " have different widths";
  }
  return Call(t, builtin::reinterpret(), {value}, span);
}

// ---- binary type matching --------------------------------------------------------------------
namespace {
bool IsConst(const PrimExpr& e) {
  if (e.as<IntImmNode>() || e.as<FloatImmNode>()) return true;
  if (const auto* b = e.as<BroadcastNode>()) return IsConst(b->value);
  return false;
}

/*! \brief Make a and b agree in dtype following the rules in tir/op.h. */
void MatchTypes(const char* op, PrimExpr* a, PrimExpr* b, const Span& span) {
  if (!a->defined() || !b->defined()) {
    TVM_THROW(TypeError) << op << ": an operand is undefined (None)";
  }
  DataType ta = a->dtype(), tb = b->dtype();
  if (ta == tb) return;
  if (ta.is_handle() || tb.is_handle()) {
    TVM_THROW(TypeError) << op << ": cannot combine " << ta << " and " << tb;
  }
  // Lanes: broadcast a scalar side.
  if (ta.lanes() != tb.lanes()) {
    if (ta.lanes() == 1) {
      *a = Broadcast(*a, tb.lanes(), span);
    } else if (tb.lanes() == 1) {
      *b = Broadcast(*b, ta.lanes(), span);
    } else {
      TVM_THROW(TypeError) << op << ": vectors of " << ta.lanes() << " and " << tb.lanes()
                           << " lanes";
    }
    ta = a->dtype();
    tb = b->dtype();
    if (ta == tb) return;
  }
  bool ca = IsConst(*a), cb = IsConst(*b);
  // A constant takes the other side's type (unless that would turn a float into an int).
  if (cb && !ca && !(tb.is_float() && !ta.is_float() && !ta.is_bfloat16())) {
    *b = cast(ta, *b, span);
    return;
  }
  if (ca && !cb && !(ta.is_float() && !tb.is_float() && !tb.is_bfloat16())) {
    *a = cast(tb, *a, span);
    return;
  }
  bool fa = ta.is_float() || ta.is_bfloat16(), fb = tb.is_float() || tb.is_bfloat16();
  if (fa && !fb) {
    *b = cast(ta, *b, span);
  } else if (fb && !fa) {
    *a = cast(tb, *a, span);
  } else if (ta.bits() < tb.bits()) {
    *a = cast(tb, *a, span);
  } else if (tb.bits() < ta.bits()) {
    *b = cast(ta, *b, span);
  } else if (ta.is_bool() != tb.is_bool()) {
    if (ta.is_bool()) {
      *a = cast(tb, *a, span);
    } else {
      *b = cast(ta, *b, span);
    }
  } else if (ta.is_int() && tb.is_uint()) {
    *b = cast(ta, *b, span);
  } else if (ta.is_uint() && tb.is_int()) {
    *a = cast(tb, *a, span);
  } else {
    TVM_THROW(TypeError) << op << ": cannot combine " << ta << " and " << tb;
  }
}

int64_t FloorDivInt(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
int64_t FloorModInt(int64_t a, int64_t b) { return a - FloorDivInt(a, b) * b; }

void CheckNonZeroDivisor(const char* op, const PrimExpr& b) {
  if (is_zero(b)) TVM_THROW(ValueError) << op << ": division by zero";
}

const IntImmNode* AsInt(const PrimExpr& e) { return e.as<IntImmNode>(); }
const FloatImmNode* AsFloat(const PrimExpr& e) { return e.as<FloatImmNode>(); }

/*!
 * \brief Fold two integer constants when the result fits the type (and, for uint64, an
 *  IntImm: below 2^63). f computes in 128 bits, so +, - and * of 64-bit values cannot
 *  overflow before the check.
 */
template <typename F>
Optional<PrimExpr> FoldInt(const PrimExpr& a, const PrimExpr& b, DataType t, F f) {
  const auto* x = AsInt(a);
  const auto* y = AsInt(b);
  if (x == nullptr || y == nullptr || t.bits() > 64 || t.is_bool()) return Optional<PrimExpr>();
  __int128 v = f(static_cast<__int128>(x->value), static_cast<__int128>(y->value));
  __int128 lo = t.is_uint() ? 0 : -(static_cast<__int128>(1) << (t.bits() - 1));
  __int128 hi = (static_cast<__int128>(1) << (t.is_uint() && t.bits() < 64 ? t.bits()
                                                                          : t.bits() - 1)) - 1;
  if (v < lo || v > hi) return Optional<PrimExpr>();  // leave overflow to run time
  return Optional<PrimExpr>(IntImm(t, static_cast<int64_t>(v)));
}
}  // namespace

PrimExpr add(PrimExpr a, PrimExpr b, Span span) {
  MatchTypes("add", &a, &b, span);
  if (auto f = FoldInt(a, b, a.dtype(), [](auto x, auto y) { return x + y; })) return f.value();
  if (AsFloat(a) && AsFloat(b)) return FloatImm(a.dtype(), AsFloat(a)->value + AsFloat(b)->value, span);
  if (is_zero(b)) return a;
  if (is_zero(a)) return b;
  return Add(a, b, span);
}

PrimExpr sub(PrimExpr a, PrimExpr b, Span span) {
  MatchTypes("sub", &a, &b, span);
  if (auto f = FoldInt(a, b, a.dtype(), [](auto x, auto y) { return x - y; })) return f.value();
  if (AsFloat(a) && AsFloat(b)) return FloatImm(a.dtype(), AsFloat(a)->value - AsFloat(b)->value, span);
  if (is_zero(b)) return a;
  return Sub(a, b, span);
}

PrimExpr neg(PrimExpr a, Span span) {
  if (const auto* x = AsInt(a)) {
    if (!a.dtype().is_uint()) return IntImm(a.dtype(), -x->value, span);
  }
  if (const auto* x = AsFloat(a)) return FloatImm(a.dtype(), -x->value, span);
  return sub(make_zero(a.dtype(), span), a, span);
}

PrimExpr mul(PrimExpr a, PrimExpr b, Span span) {
  MatchTypes("mul", &a, &b, span);
  if (auto f = FoldInt(a, b, a.dtype(), [](auto x, auto y) { return x * y; })) return f.value();
  if (AsFloat(a) && AsFloat(b)) return FloatImm(a.dtype(), AsFloat(a)->value * AsFloat(b)->value, span);
  if (is_one(b)) return a;
  if (is_one(a)) return b;
  if (a.dtype().is_int() || a.dtype().is_uint()) {
    if (is_zero(a) || is_zero(b)) return make_zero(a.dtype(), span);
  }
  return Mul(a, b, span);
}

PrimExpr div(PrimExpr a, PrimExpr b, Span span) {
  MatchTypes("div", &a, &b, span);
  if (a.dtype().is_int() || a.dtype().is_uint()) return truncdiv(a, b, span);
  if (AsFloat(a) && AsFloat(b) && AsFloat(b)->value != 0.0) {
    return FloatImm(a.dtype(), AsFloat(a)->value / AsFloat(b)->value, span);
  }
  if (is_one(b)) return a;
  return Div(a, b, span);
}

PrimExpr truncdiv(PrimExpr a, PrimExpr b, Span span) {
  MatchTypes("truncdiv", &a, &b, span);
  CheckNonZeroDivisor("truncdiv", b);
  if (auto f = FoldInt(a, b, a.dtype(), [](auto x, auto y) { return x / y; })) return f.value();
  if (is_one(b)) return a;
  return Div(a, b, span);
}

PrimExpr truncmod(PrimExpr a, PrimExpr b, Span span) {
  MatchTypes("truncmod", &a, &b, span);
  CheckNonZeroDivisor("truncmod", b);
  if (auto f = FoldInt(a, b, a.dtype(), [](auto x, auto y) { return x % y; })) return f.value();
  if (is_one(b)) return make_zero(a.dtype(), span);
  return Mod(a, b, span);
}

PrimExpr floordiv(PrimExpr a, PrimExpr b, Span span) {
  MatchTypes("floordiv", &a, &b, span);
  CheckNonZeroDivisor("floordiv", b);
  if (auto f = FoldInt(a, b, a.dtype(), FloorDivInt)) return f.value();
  if (is_one(b)) return a;
  return FloorDiv(a, b, span);
}

PrimExpr floormod(PrimExpr a, PrimExpr b, Span span) {
  MatchTypes("floormod", &a, &b, span);
  CheckNonZeroDivisor("floormod", b);
  if (auto f = FoldInt(a, b, a.dtype(), FloorModInt)) return f.value();
  if (is_one(b) && !a.dtype().is_float()) return make_zero(a.dtype(), span);
  return FloorMod(a, b, span);
}

PrimExpr indexdiv(PrimExpr a, PrimExpr b, Span span) { return floordiv(a, b, span); }
PrimExpr indexmod(PrimExpr a, PrimExpr b, Span span) { return floormod(a, b, span); }

PrimExpr min(PrimExpr a, PrimExpr b, Span span) {
  MatchTypes("min", &a, &b, span);
  if (auto f = FoldInt(a, b, a.dtype(), [](auto x, auto y) { return std::min(x, y); })) {
    return f.value();
  }
  if (AsFloat(a) && AsFloat(b)) return FloatImm(a.dtype(), std::min(AsFloat(a)->value, AsFloat(b)->value), span);
  if (a.same_as(b)) return a;
  return Min(a, b, span);
}

PrimExpr max(PrimExpr a, PrimExpr b, Span span) {
  MatchTypes("max", &a, &b, span);
  if (auto f = FoldInt(a, b, a.dtype(), [](auto x, auto y) { return std::max(x, y); })) {
    return f.value();
  }
  if (AsFloat(a) && AsFloat(b)) return FloatImm(a.dtype(), std::max(AsFloat(a)->value, AsFloat(b)->value), span);
  if (a.same_as(b)) return a;
  return Max(a, b, span);
}

#define TVM_TIR_DEFINE_CMP(Func, Node, OP)                                                     \
  PrimExpr Func(PrimExpr a, PrimExpr b, Span span) {                                           \
    MatchTypes(#Func, &a, &b, span);                                                           \
    if (AsInt(a) && AsInt(b)) return Bool(AsInt(a)->value OP AsInt(b)->value, span);          \
    if (AsFloat(a) && AsFloat(b)) return Bool(AsFloat(a)->value OP AsFloat(b)->value, span);  \
    return Node(a, b, span);                                                                   \
  }
TVM_TIR_DEFINE_CMP(equal, EQ, ==)
TVM_TIR_DEFINE_CMP(not_equal, NE, !=)
TVM_TIR_DEFINE_CMP(less, LT, <)
TVM_TIR_DEFINE_CMP(less_equal, LE, <=)
TVM_TIR_DEFINE_CMP(greater, GT, >)
TVM_TIR_DEFINE_CMP(greater_equal, GE, >=)
#undef TVM_TIR_DEFINE_CMP

namespace {
PrimExpr ToBool(const char* op, PrimExpr x, const Span& span) {
  if (!x.defined()) TVM_THROW(TypeError) << op << ": an operand is undefined (None)";
  if (x.dtype().is_bool()) return x;
  if (x.dtype().is_int() || x.dtype().is_uint()) return not_equal(x, make_zero(x.dtype()), span);
  TVM_THROW(TypeError) << op << ": expected a bool operand, got " << x.dtype();
}
}  // namespace

PrimExpr logical_and(PrimExpr a, PrimExpr b, Span span) {
  a = ToBool("logical_and", a, span);
  b = ToBool("logical_and", b, span);
  MatchTypes("logical_and", &a, &b, span);
  if (AsInt(a)) return AsInt(a)->value ? b : a;
  if (AsInt(b)) return AsInt(b)->value ? a : b;
  return And(a, b, span);
}

PrimExpr logical_or(PrimExpr a, PrimExpr b, Span span) {
  a = ToBool("logical_or", a, span);
  b = ToBool("logical_or", b, span);
  MatchTypes("logical_or", &a, &b, span);
  if (AsInt(a)) return AsInt(a)->value ? a : b;
  if (AsInt(b)) return AsInt(b)->value ? b : a;
  return Or(a, b, span);
}

PrimExpr logical_not(PrimExpr a, Span span) {
  a = ToBool("logical_not", a, span);
  if (AsInt(a)) return Bool(AsInt(a)->value == 0, span);
  return Not(a, span);
}

namespace {
PrimExpr IntBinaryCall(const char* name, const Op& op, PrimExpr a, PrimExpr b, const Span& span,
                       int64_t (*fold)(int64_t, int64_t)) {
  MatchTypes(name, &a, &b, span);
  if (!(a.dtype().is_int() || a.dtype().is_uint())) {
    TVM_THROW(TypeError) << name << ": needs integer operands, got " << a.dtype();
  }
  if (fold != nullptr) {
    if (auto f = FoldInt(a, b, a.dtype(), fold)) return f.value();
  }
  return Call(a.dtype(), op, {a, b}, span);
}
}  // namespace

PrimExpr bitwise_and(PrimExpr a, PrimExpr b, Span span) {
  return IntBinaryCall("bitwise_and", builtin::bitwise_and(), a, b, span,
                       [](int64_t x, int64_t y) { return x & y; });
}
PrimExpr bitwise_or(PrimExpr a, PrimExpr b, Span span) {
  return IntBinaryCall("bitwise_or", builtin::bitwise_or(), a, b, span,
                       [](int64_t x, int64_t y) { return x | y; });
}
PrimExpr bitwise_xor(PrimExpr a, PrimExpr b, Span span) {
  return IntBinaryCall("bitwise_xor", builtin::bitwise_xor(), a, b, span,
                       [](int64_t x, int64_t y) { return x ^ y; });
}
PrimExpr left_shift(PrimExpr a, PrimExpr b, Span span) {
  return IntBinaryCall("left_shift", builtin::shift_left(), a, b, span, nullptr);
}
PrimExpr right_shift(PrimExpr a, PrimExpr b, Span span) {
  return IntBinaryCall("right_shift", builtin::shift_right(), a, b, span, nullptr);
}
PrimExpr bitwise_neg(PrimExpr a, Span span) {
  if (!(a.dtype().is_int() || a.dtype().is_uint())) {
    TVM_THROW(TypeError) << "bitwise_not: needs an integer operand, got " << a.dtype();
  }
  return Call(a.dtype(), builtin::bitwise_not(), {a}, span);
}

PrimExpr if_then_else(PrimExpr cond, PrimExpr t, PrimExpr f, Span span) {
  cond = ToBool("if_then_else", cond, span);
  MatchTypes("if_then_else", &t, &f, span);
  if (const auto* c = AsInt(cond)) return c->value ? t : f;
  return Call(t.dtype(), builtin::if_then_else(), {cond, t, f}, span);
}

PrimExpr likely(PrimExpr cond, Span span) {
  if (IsConst(cond)) return cond;
  return Call(cond.dtype(), builtin::likely(), {cond}, span);
}

PrimExpr abs(PrimExpr x, Span span) {
  if (x.dtype().is_uint() || x.dtype().is_bool()) return x;
  if (x.dtype().is_int()) {
    if (const auto* i = AsInt(x)) return IntImm(x.dtype(), std::abs(i->value), span);
    return Select(x >= make_zero(x.dtype()), x, neg(x, span), span);
  }
  if (const auto* f = AsFloat(x)) return FloatImm(x.dtype(), std::fabs(f->value), span);
  return CallUnaryIntrin("fabs", x, span);
}

PrimExpr pow(PrimExpr x, PrimExpr y, Span span) {
  MatchTypes("pow", &x, &y, span);
  if (!x.dtype().is_float()) TVM_THROW(TypeError) << "pow: needs float operands, got " << x.dtype();
  return Call(x.dtype(), Op::Get("tir.pow"), {x, y}, span);
}

PrimExpr fma(PrimExpr a, PrimExpr b, PrimExpr c, Span span) {
  MatchTypes("fma", &a, &b, span);
  MatchTypes("fma", &a, &c, span);
  MatchTypes("fma", &b, &c, span);
  return Call(a.dtype(), Op::Get("tir.fma"), {a, b, c}, span);
}

PrimExpr isnan(PrimExpr x, Span span) {
  DataType t = DataType::Bool(x.dtype().lanes());
  if (!x.dtype().is_float() && !x.dtype().is_bfloat16()) return make_const(t, 0, span);
  return Call(t, builtin::isnan(), {x}, span);
}
PrimExpr isinf(PrimExpr x, Span span) {
  DataType t = DataType::Bool(x.dtype().lanes());
  if (!x.dtype().is_float() && !x.dtype().is_bfloat16()) return make_const(t, 0, span);
  PrimExpr inf = max_value(x.dtype().element_of());
  return logical_and(logical_not(isnan(x, span), span), greater(abs(x, span), inf, span), span);
}
PrimExpr isfinite(PrimExpr x, Span span) {
  return logical_and(logical_not(isinf(x, span), span), logical_not(isnan(x, span), span), span);
}

PrimExpr CallUnaryIntrin(const std::string& name, PrimExpr x, Span span) {
  if (!x.defined()) TVM_THROW(TypeError) << name << ": operand is undefined (None)";
  static const std::unordered_set<std::string> kIntOk = {"popcount", "clz"};
  if (!kIntOk.count(name) && !(x.dtype().is_float() || x.dtype().is_bfloat16())) {
    TVM_THROW(TypeError) << name << ": needs a float operand, got " << x.dtype()
                         << " (cast it first)";
  }
  if (kIntOk.count(name) && !(x.dtype().is_int() || x.dtype().is_uint())) {
    TVM_THROW(TypeError) << name << ": needs an integer operand, got " << x.dtype();
  }
  return Call(x.dtype(), Op::Get("tir." + name), {x}, span);
}

// ---- op registrations ------------------------------------------------------------------------
namespace tir {

CallEffectKind GetCallEffectKind(const Op& op) {
  static auto fmap = Op::GetAttrMap<Integer>("TCallEffectKind");
  return static_cast<CallEffectKind>(fmap.get(op, Integer(static_cast<int>(CallEffectKind::kOpaque)))->value);
}

#define TVM_TIR_REGISTER_PURE_INTRIN(Name, NumInputs)                                \
  TVM_REGISTER_OP("tir." #Name)                                                      \
      .set_num_inputs(NumInputs)                                                     \
      .set_attr<Integer>("TCallEffectKind", Integer(static_cast<int>(CallEffectKind::kPure))) \
      .set_attr<Integer>("TVectorizable", Integer(1));
TVM_TIR_REGISTER_PURE_INTRIN(exp, 1)
TVM_TIR_REGISTER_PURE_INTRIN(exp2, 1)
TVM_TIR_REGISTER_PURE_INTRIN(exp10, 1)
TVM_TIR_REGISTER_PURE_INTRIN(log, 1)
TVM_TIR_REGISTER_PURE_INTRIN(log2, 1)
TVM_TIR_REGISTER_PURE_INTRIN(log10, 1)
TVM_TIR_REGISTER_PURE_INTRIN(log1p, 1)
TVM_TIR_REGISTER_PURE_INTRIN(sqrt, 1)
TVM_TIR_REGISTER_PURE_INTRIN(rsqrt, 1)
TVM_TIR_REGISTER_PURE_INTRIN(tanh, 1)
TVM_TIR_REGISTER_PURE_INTRIN(sigmoid, 1)
TVM_TIR_REGISTER_PURE_INTRIN(erf, 1)
TVM_TIR_REGISTER_PURE_INTRIN(floor, 1)
TVM_TIR_REGISTER_PURE_INTRIN(ceil, 1)
TVM_TIR_REGISTER_PURE_INTRIN(round, 1)
TVM_TIR_REGISTER_PURE_INTRIN(nearbyint, 1)
TVM_TIR_REGISTER_PURE_INTRIN(trunc, 1)
TVM_TIR_REGISTER_PURE_INTRIN(fabs, 1)
TVM_TIR_REGISTER_PURE_INTRIN(popcount, 1)
TVM_TIR_REGISTER_PURE_INTRIN(clz, 1)
TVM_TIR_REGISTER_PURE_INTRIN(sin, 1)
TVM_TIR_REGISTER_PURE_INTRIN(cos, 1)
TVM_TIR_REGISTER_PURE_INTRIN(tan, 1)
TVM_TIR_REGISTER_PURE_INTRIN(sinh, 1)
TVM_TIR_REGISTER_PURE_INTRIN(cosh, 1)
TVM_TIR_REGISTER_PURE_INTRIN(asin, 1)
TVM_TIR_REGISTER_PURE_INTRIN(acos, 1)
TVM_TIR_REGISTER_PURE_INTRIN(atan, 1)
TVM_TIR_REGISTER_PURE_INTRIN(pow, 2)
TVM_TIR_REGISTER_PURE_INTRIN(fma, 3)
#undef TVM_TIR_REGISTER_PURE_INTRIN

namespace builtin {
#define TVM_TIR_DEFINE_BUILTIN(Name, Effect)                                             \
  const Op& Name() {                                                                     \
    static const Op& op = Op::Get("tir." #Name);                                         \
    return op;                                                                           \
  }                                                                                      \
  TVM_REGISTER_OP("tir." #Name)                                                          \
      .set_attr<Integer>("TCallEffectKind", Integer(static_cast<int>(CallEffectKind::Effect)));
TVM_TIR_DEFINE_BUILTIN(reinterpret, kPure)
TVM_TIR_DEFINE_BUILTIN(likely, kExprAnnotation)
TVM_TIR_DEFINE_BUILTIN(bitwise_and, kPure)
TVM_TIR_DEFINE_BUILTIN(bitwise_or, kPure)
TVM_TIR_DEFINE_BUILTIN(bitwise_xor, kPure)
TVM_TIR_DEFINE_BUILTIN(bitwise_not, kPure)
TVM_TIR_DEFINE_BUILTIN(shift_left, kPure)
TVM_TIR_DEFINE_BUILTIN(shift_right, kPure)
TVM_TIR_DEFINE_BUILTIN(large_uint_imm, kPure)
TVM_TIR_DEFINE_BUILTIN(address_of, kPure)
TVM_TIR_DEFINE_BUILTIN(if_then_else, kPure)
TVM_TIR_DEFINE_BUILTIN(isnullptr, kPure)
TVM_TIR_DEFINE_BUILTIN(isnan, kPure)
TVM_TIR_DEFINE_BUILTIN(call_extern, kOpaque)
TVM_TIR_DEFINE_BUILTIN(call_pure_extern, kPure)
TVM_TIR_DEFINE_BUILTIN(call_llvm_intrin, kOpaque)
TVM_TIR_DEFINE_BUILTIN(call_llvm_pure_intrin, kPure)
TVM_TIR_DEFINE_BUILTIN(tvm_call_packed, kOpaque)
TVM_TIR_DEFINE_BUILTIN(tvm_call_packed_lowered, kOpaque)
TVM_TIR_DEFINE_BUILTIN(tvm_struct_get, kReadState)
TVM_TIR_DEFINE_BUILTIN(tvm_struct_set, kUpdateState)
TVM_TIR_DEFINE_BUILTIN(tvm_stack_alloca, kOpaque)
TVM_TIR_DEFINE_BUILTIN(tvm_stack_make_shape, kOpaque)
TVM_TIR_DEFINE_BUILTIN(tvm_stack_make_array, kOpaque)
TVM_TIR_DEFINE_BUILTIN(tvm_throw_last_error, kOpaque)
TVM_TIR_DEFINE_BUILTIN(tvm_access_ptr, kSpecialCallArg)
TVM_TIR_DEFINE_BUILTIN(tvm_storage_sync, kOpaque)
TVM_TIR_DEFINE_BUILTIN(tvm_thread_allreduce, kOpaque)
TVM_TIR_DEFINE_BUILTIN(tvm_warp_shuffle, kOpaque)
TVM_TIR_DEFINE_BUILTIN(ret, kControlJump)
TVM_TIR_DEFINE_BUILTIN(assume, kEmbedded)
TVM_TIR_DEFINE_BUILTIN(undef, kReadState)
TVM_TIR_DEFINE_BUILTIN(vectorhigh, kPure)
TVM_TIR_DEFINE_BUILTIN(vectorlow, kPure)
TVM_TIR_DEFINE_BUILTIN(vectorcombine, kPure)
TVM_TIR_DEFINE_BUILTIN(prefetch, kOpaque)
TVM_TIR_DEFINE_BUILTIN(tvm_tuple, kEmbedded)
TVM_TIR_DEFINE_BUILTIN(type_annotation, kPure)
#undef TVM_TIR_DEFINE_BUILTIN
}  // namespace builtin
}  // namespace tir

// ---- Python API ------------------------------------------------------------------------------
#define TVM_TIR_REGISTER_BINARY_OP(PyName, Func)                                                \
  TVM_REGISTER_GLOBAL("tir." PyName).set_body_typed([](PrimExpr a, PrimExpr b, Span span) {   \
    return Func(a, b, span);                                                                  \
  });
TVM_TIR_REGISTER_BINARY_OP("_OpAdd", add)
TVM_TIR_REGISTER_BINARY_OP("_OpSub", sub)
TVM_TIR_REGISTER_BINARY_OP("_OpMul", mul)
TVM_TIR_REGISTER_BINARY_OP("_OpDiv", div)
TVM_TIR_REGISTER_BINARY_OP("_OpTruncDiv", truncdiv)
TVM_TIR_REGISTER_BINARY_OP("_OpTruncMod", truncmod)
TVM_TIR_REGISTER_BINARY_OP("_OpFloorDiv", floordiv)
TVM_TIR_REGISTER_BINARY_OP("_OpFloorMod", floormod)
TVM_TIR_REGISTER_BINARY_OP("_OpIndexDiv", indexdiv)
TVM_TIR_REGISTER_BINARY_OP("_OpIndexMod", indexmod)
TVM_TIR_REGISTER_BINARY_OP("_OpMin", min)
TVM_TIR_REGISTER_BINARY_OP("_OpMax", max)
TVM_TIR_REGISTER_BINARY_OP("_OpEQ", equal)
TVM_TIR_REGISTER_BINARY_OP("_OpNE", not_equal)
TVM_TIR_REGISTER_BINARY_OP("_OpLT", less)
TVM_TIR_REGISTER_BINARY_OP("_OpLE", less_equal)
TVM_TIR_REGISTER_BINARY_OP("_OpGT", greater)
TVM_TIR_REGISTER_BINARY_OP("_OpGE", greater_equal)
TVM_TIR_REGISTER_BINARY_OP("_OpAnd", logical_and)
TVM_TIR_REGISTER_BINARY_OP("_OpOr", logical_or)
TVM_TIR_REGISTER_BINARY_OP("bitwise_and", bitwise_and)
TVM_TIR_REGISTER_BINARY_OP("bitwise_or", bitwise_or)
TVM_TIR_REGISTER_BINARY_OP("bitwise_xor", bitwise_xor)
TVM_TIR_REGISTER_BINARY_OP("left_shift", left_shift)
TVM_TIR_REGISTER_BINARY_OP("right_shift", right_shift)
TVM_TIR_REGISTER_BINARY_OP("_OpPow", pow)
#undef TVM_TIR_REGISTER_BINARY_OP
TVM_REGISTER_GLOBAL("tir._OpNot").set_body_typed([](PrimExpr a, Span span) {
  return logical_not(a, span);
});
TVM_REGISTER_GLOBAL("tir.bitwise_not").set_body_typed([](PrimExpr a, Span span) {
  return bitwise_neg(a, span);
});
TVM_REGISTER_GLOBAL("tir._OpIfThenElse").set_body_typed([](PrimExpr c, PrimExpr t, PrimExpr f,
                                                           Span span) {
  return if_then_else(c, t, f, span);
});
TVM_REGISTER_GLOBAL("tir.likely").set_body_typed([](PrimExpr c, Span span) { return likely(c, span); });
TVM_REGISTER_GLOBAL("tir.abs").set_body_typed([](PrimExpr x, Span span) { return abs(x, span); });
TVM_REGISTER_GLOBAL("tir.isnan").set_body_typed([](PrimExpr x, Span span) { return isnan(x, span); });
TVM_REGISTER_GLOBAL("tir.isinf").set_body_typed([](PrimExpr x, Span span) { return isinf(x, span); });
TVM_REGISTER_GLOBAL("tir.isfinite").set_body_typed([](PrimExpr x, Span span) {
  return isfinite(x, span);
});
TVM_REGISTER_GLOBAL("tir.fma").set_body_typed([](PrimExpr a, PrimExpr b, PrimExpr c, Span span) {
  return fma(a, b, c, span);
});
TVM_REGISTER_GLOBAL("tir.CallUnaryIntrin").set_body_typed([](String name, PrimExpr x, Span span) {
  return CallUnaryIntrin(name, x, span);
});
TVM_REGISTER_GLOBAL("tir.cast").set_body_typed([](PrimExpr x, DataType t, Span span) {
  return cast(t, x, span);
});
TVM_REGISTER_GLOBAL("tir.reinterpret").set_body_typed([](DataType t, PrimExpr x, Span span) {
  return reinterpret(t, x, span);
});
TVM_REGISTER_GLOBAL("tir.max_value").set_body_typed([](DataType t) { return max_value(t); });
TVM_REGISTER_GLOBAL("tir.min_value").set_body_typed([](DataType t) { return min_value(t); });
TVM_REGISTER_GLOBAL("tir.const_int").set_body_typed([](int64_t v, DataType t, Span span) {
  return make_const(t, v, span);
});
TVM_REGISTER_GLOBAL("tir.const_float").set_body_typed([](double v, DataType t, Span span) {
  return make_const(t, v, span);
});

}  // namespace tvm
