/*!
 * \file bf16_legalize.cc
 * \brief BF16ComputeLegalize: bfloat16 is a storage type; arithmetic on it happens in float32.
 *
 * No CPU code generator has bfloat16 arithmetic: the LLVM backend stores bfloat16 as i16, so
 * an Add of two bfloat16 values would silently be an integer add of their bit patterns. This
 * pass rewrites every operation on bfloat16 values (arithmetic, min/max, comparisons, math
 * intrinsics, constants) to cast its operands to float32, compute there and, where the result
 * is bfloat16, round it back (to nearest even, in the code generator's Cast). Each operation
 * is rounded to bfloat16 as written, so results are those of bfloat16 arithmetic with
 * correctly rounded operations. Loads, stores, casts, selects and lets move bits and stay.
 * It runs in tvm.build before LowerIntrin and the code generators.
 */
#include <tvm/runtime/registry.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>
#include <tvm/tir/transform.h>

namespace tvm {
namespace tir {

namespace {

class BF16ComputeLegalizer : public StmtExprMutator {
 public:
  PrimExpr VisitExpr_(const FloatImmNode* op) final {
    if (!op->dtype.is_bfloat16()) return GetRef<PrimExpr>(op);
    return Cast(op->dtype, FloatImm(DataType::Float(32), op->value));
  }

#define TVM_BF16_ARITH(Node, Make)                                              \
  PrimExpr VisitExpr_(const Node* op) final {                                   \
    PrimExpr e = StmtExprMutator::VisitExpr_(op);                               \
    const auto* n = e.as<Node>();                                               \
    if (!n->a.dtype().is_bfloat16()) return e;                                  \
    PrimExpr r = Make(ToF32(n->a), ToF32(n->b));                                \
    return n->dtype.is_bfloat16() ? Cast(n->dtype, r) : r;                      \
  }
  TVM_BF16_ARITH(AddNode, Add)
  TVM_BF16_ARITH(SubNode, Sub)
  TVM_BF16_ARITH(MulNode, Mul)
  TVM_BF16_ARITH(DivNode, Div)
  TVM_BF16_ARITH(ModNode, Mod)
  TVM_BF16_ARITH(FloorDivNode, FloorDiv)
  TVM_BF16_ARITH(FloorModNode, FloorMod)
  TVM_BF16_ARITH(MinNode, Min)
  TVM_BF16_ARITH(MaxNode, Max)
  TVM_BF16_ARITH(EQNode, EQ)
  TVM_BF16_ARITH(NENode, NE)
  TVM_BF16_ARITH(LTNode, LT)
  TVM_BF16_ARITH(LENode, LE)
  TVM_BF16_ARITH(GTNode, GT)
  TVM_BF16_ARITH(GENode, GE)
#undef TVM_BF16_ARITH

  PrimExpr VisitExpr_(const CallNode* op) final {
    PrimExpr e = StmtExprMutator::VisitExpr_(op);
    const auto* call = e.as<CallNode>();
    const auto* opn = call->op.as<OpNode>();
    // Math intrinsics (pure ops taking and giving floats); bit-level builtins such as
    // reinterpret and if_then_else keep their bfloat16 operands.
    static const auto vectorizable = Op::GetAttrMap<Integer>("TVectorizable");
    if (!call->dtype.is_bfloat16() || opn == nullptr || !vectorizable.count(GetRef<Op>(opn))) {
      return e;
    }
    Array<PrimExpr> args;
    for (const PrimExpr& a : call->args) args.push_back(ToF32(a));
    DataType f32 = DataType::Float(32, call->dtype.lanes());
    return Cast(call->dtype, Call(f32, call->op, args, call->span));
  }

 private:
  static PrimExpr ToF32(const PrimExpr& e) {
    if (!e.dtype().is_bfloat16()) return e;
    return Cast(DataType::Float(32, e.dtype().lanes()), e);
  }
};

}  // namespace

namespace transform {

Pass BF16ComputeLegalize() {
  return CreatePrimFuncPass(
      [](PrimFunc func, IRModule, PassContext) {
        Stmt body = BF16ComputeLegalizer()(func->body);
        if (body.same_as(func->body)) return func;
        auto n = make_object<PrimFuncNode>(*func.get());
        n->body = body;
        return PrimFunc(ObjectPtr<Object>(std::move(n)));
      },
      0, "tir.BF16ComputeLegalize");
}

TVM_REGISTER_GLOBAL("tir.transform.BF16ComputeLegalize").set_body_typed(BF16ComputeLegalize);

}  // namespace transform
}  // namespace tir
}  // namespace tvm
