/*!
 * \file vectorize_loop.cc
 * \brief VectorizeLoop (see tvm/tir/loop_transforms.h).
 */
#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/loop_transforms.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

namespace tvm {
namespace tir {

namespace {

/*! \brief Raised inside the vectorizer when the body has no vector form. */
struct CannotVectorize {};

PrimExpr BroadcastTo(const PrimExpr& e, int lanes) {
  if (e.dtype().lanes() == lanes) return e;
  if (e.dtype().lanes() != 1) throw CannotVectorize();
  if (const auto* r = e.as<RampNode>()) {
    (void)r;
    throw CannotVectorize();
  }
  return Broadcast(e, lanes);
}

/*! \brief Rewrites the body of one vectorized loop, with its variable as a Ramp. */
class Vectorizer : public StmtExprMutator {
 public:
  Vectorizer(Var var, int lanes) : var_(var), lanes_(lanes) {
    ramp_ = Ramp(make_zero(var.dtype()), make_const(var.dtype(), 1), lanes);
  }

  PrimExpr VisitExpr_(const VarNode* op) final {
    if (op == var_.get()) return ramp_;
    auto it = let_binding_.find(op);
    if (it != let_binding_.end()) return it->second;
    return GetRef<PrimExpr>(op);
  }

  // Binary arithmetic: a Ramp combines with a scalar into a Ramp where that stays affine.
  PrimExpr VisitExpr_(const AddNode* op) final { return AddSub(op, true); }
  PrimExpr VisitExpr_(const SubNode* op) final { return AddSub(op, false); }
  PrimExpr VisitExpr_(const MulNode* op) final {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (a.same_as(op->a) && b.same_as(op->b)) return GetRef<PrimExpr>(op);
    int lanes = std::max(a.dtype().lanes(), b.dtype().lanes());
    const auto* ra = a.as<RampNode>();
    const auto* rb = b.as<RampNode>();
    if (ra && b.dtype().lanes() == 1) return Ramp(ra->base * b, ra->stride * b, ra->lanes);
    if (rb && a.dtype().lanes() == 1) return Ramp(a * rb->base, a * rb->stride, rb->lanes);
    return Mul(Vec(a, lanes), Vec(b, lanes));
  }
#define TVM_VEC_BINARY(Node, Ctor)                                         \
  PrimExpr VisitExpr_(const Node* op) final {                              \
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);                   \
    if (a.same_as(op->a) && b.same_as(op->b)) return GetRef<PrimExpr>(op); \
    int lanes = std::max(a.dtype().lanes(), b.dtype().lanes());            \
    return Ctor(Vec(a, lanes), Vec(b, lanes));                             \
  }
  TVM_VEC_BINARY(DivNode, Div)
  TVM_VEC_BINARY(ModNode, Mod)
  TVM_VEC_BINARY(FloorDivNode, FloorDiv)
  TVM_VEC_BINARY(FloorModNode, FloorMod)
  TVM_VEC_BINARY(MinNode, Min)
  TVM_VEC_BINARY(MaxNode, Max)
  TVM_VEC_BINARY(EQNode, EQ)
  TVM_VEC_BINARY(NENode, NE)
  TVM_VEC_BINARY(LTNode, LT)
  TVM_VEC_BINARY(LENode, LE)
  TVM_VEC_BINARY(GTNode, GT)
  TVM_VEC_BINARY(GENode, GE)
  TVM_VEC_BINARY(AndNode, And)
  TVM_VEC_BINARY(OrNode, Or)
#undef TVM_VEC_BINARY

  PrimExpr VisitExpr_(const NotNode* op) final {
    PrimExpr a = VisitExpr(op->a);
    return a.same_as(op->a) ? GetRef<PrimExpr>(op) : Not(a);
  }
  PrimExpr VisitExpr_(const CastNode* op) final {
    PrimExpr v = VisitExpr(op->value);
    if (v.same_as(op->value)) return GetRef<PrimExpr>(op);
    return Cast(op->dtype.with_lanes(v.dtype().lanes()), Vec(v, v.dtype().lanes()));
  }
  PrimExpr VisitExpr_(const SelectNode* op) final {
    PrimExpr c = VisitExpr(op->condition), t = VisitExpr(op->true_value),
             f = VisitExpr(op->false_value);
    if (c.same_as(op->condition) && t.same_as(op->true_value) && f.same_as(op->false_value)) {
      return GetRef<PrimExpr>(op);
    }
    int lanes = std::max({c.dtype().lanes(), t.dtype().lanes(), f.dtype().lanes()});
    return Select(Vec(c, lanes), Vec(t, lanes), Vec(f, lanes));
  }
  PrimExpr VisitExpr_(const BufferLoadNode* op) final {
    Array<PrimExpr> idx = MutateArray(op->indices);
    if (idx.same_as(op->indices)) return GetRef<PrimExpr>(op);
    for (const PrimExpr& i : idx) {
      if (i.dtype().lanes() != 1 && !i.as<RampNode>() && i.dtype().lanes() != lanes_) {
        throw CannotVectorize();
      }
    }
    return BufferLoad(op->buffer, idx);
  }
  PrimExpr VisitExpr_(const CallNode* op) final {
    Array<PrimExpr> args = MutateArray(op->args);
    if (args.same_as(op->args)) return GetRef<PrimExpr>(op);
    const auto* o = op->op.as<OpNode>();
    static auto fvec = Op::GetAttrMap<Integer>("TVectorizable");
    bool elementwise = o != nullptr && (fvec.get(GetRef<Op>(o), Integer(0))->value != 0 ||
                                        o->name == "tir.if_then_else" || o->name == "tir.likely" ||
                                        o->name == "tir.isnan" || o->name == "tir.bitwise_and" ||
                                        o->name == "tir.bitwise_or" || o->name == "tir.bitwise_xor" ||
                                        o->name == "tir.shift_left" || o->name == "tir.shift_right" ||
                                        o->name == "tir.bitwise_not" || o->name == "tir.reinterpret");
    if (!elementwise) throw CannotVectorize();
    int lanes = 1;
    for (const PrimExpr& a : args) lanes = std::max(lanes, a.dtype().lanes());
    std::vector<PrimExpr> vargs;
    for (const PrimExpr& a : args) vargs.push_back(Vec(a, lanes));
    return Call(op->dtype.with_lanes(lanes), op->op, Array<PrimExpr>(vargs));
  }
  PrimExpr VisitExpr_(const LetNode* op) final {
    PrimExpr v = VisitExpr(op->value);
    if (v.dtype().lanes() == 1) return StmtExprMutator::VisitExpr_(op);
    let_binding_[op->var.get()] = v;
    PrimExpr body = VisitExpr(op->body);
    let_binding_.erase(op->var.get());
    return body;
  }
  PrimExpr VisitExpr_(const ReduceNode* op) final { throw CannotVectorize(); }
  PrimExpr VisitExpr_(const ShuffleNode* op) final { throw CannotVectorize(); }

  Stmt VisitStmt_(const BufferStoreNode* op) final {
    PrimExpr value = VisitExpr(op->value);
    Array<PrimExpr> idx = MutateArray(op->indices);
    int lanes = value.dtype().lanes();
    for (const PrimExpr& i : idx) lanes = std::max(lanes, i.dtype().lanes());
    if (lanes == 1) return GetRef<Stmt>(op);
    // The index must walk the lanes: a store of a vector to one scalar address is a race.
    bool has_vector_index = false;
    for (const PrimExpr& i : idx) has_vector_index = has_vector_index || i.dtype().lanes() > 1;
    if (!has_vector_index) throw CannotVectorize();
    return BufferStore(op->buffer, Vec(value, lanes), idx);
  }
  Stmt VisitStmt_(const LetStmtNode* op) final {
    PrimExpr v = VisitExpr(op->value);
    if (v.dtype().lanes() == 1) {
      Stmt body = VisitStmt(op->body);
      return v.same_as(op->value) && body.same_as(op->body) ? GetRef<Stmt>(op)
                                                           : LetStmt(op->var, v, body);
    }
    let_binding_[op->var.get()] = v;
    Stmt body = VisitStmt(op->body);
    let_binding_.erase(op->var.get());
    return body;
  }
  Stmt VisitStmt_(const IfThenElseNode* op) final {
    PrimExpr c = VisitExpr(op->condition);
    if (c.dtype().lanes() != 1) throw CannotVectorize();
    return StmtExprMutator::VisitStmt_(op);
  }
  Stmt VisitStmt_(const ForNode* op) final { throw CannotVectorize(); }
  Stmt VisitStmt_(const WhileNode* op) final { throw CannotVectorize(); }
  Stmt VisitStmt_(const AllocateNode* op) final { throw CannotVectorize(); }
  Stmt VisitStmt_(const AssertStmtNode* op) final { throw CannotVectorize(); }

 private:
  PrimExpr Vec(const PrimExpr& e, int lanes) {
    if (e.dtype().lanes() == lanes) return e;
    return BroadcastTo(e, lanes);
  }
  template <typename T>
  PrimExpr AddSub(const T* op, bool add) {
    PrimExpr a = VisitExpr(op->a), b = VisitExpr(op->b);
    if (a.same_as(op->a) && b.same_as(op->b)) return GetRef<PrimExpr>(op);
    const auto* ra = a.as<RampNode>();
    const auto* rb = b.as<RampNode>();
    if (ra && b.dtype().lanes() == 1) {
      return Ramp(add ? ra->base + b : ra->base - b, ra->stride, ra->lanes);
    }
    if (rb && a.dtype().lanes() == 1) {
      return add ? Ramp(a + rb->base, rb->stride, rb->lanes)
                 : Ramp(a - rb->base, make_zero(rb->stride.dtype()) - rb->stride, rb->lanes);
    }
    if (ra && rb) {
      return Ramp(add ? ra->base + rb->base : ra->base - rb->base,
                  add ? ra->stride + rb->stride : ra->stride - rb->stride, ra->lanes);
    }
    int lanes = std::max(a.dtype().lanes(), b.dtype().lanes());
    return add ? PrimExpr(Add(Vec(a, lanes), Vec(b, lanes)))
               : PrimExpr(Sub(Vec(a, lanes), Vec(b, lanes)));
  }

  Var var_;
  int lanes_;
  PrimExpr ramp_;
  std::unordered_map<const Object*, PrimExpr> let_binding_;
};

class LoopVectorizer : public StmtExprMutator {
 public:
  Stmt VisitStmt_(const ForNode* op) final {
    Stmt body = VisitStmt(op->body);
    if (op->kind != ForKind::kVectorized) {
      return body.same_as(op->body) ? GetRef<Stmt>(op)
                                    : For(op->loop_var, op->min, op->extent, op->kind, body,
                                          op->thread_binding, op->annotations);
    }
    const int64_t* extent = as_const_int(op->extent);
    if (extent == nullptr || *extent < 1) {
      TVM_THROW(ValueError) << "vectorize: loop " << op->loop_var->name_hint
                            << " needs a constant extent to be vectorized, got " << op->extent;
    }
    if (*extent == 1) return Substitute(body, Map<Var, PrimExpr>{{op->loop_var, op->min}});
    try {
      // The vectorizer's Ramp starts at 0: make the body relative to min first.
      Stmt b = is_zero(op->min) ? body
                                : Substitute(body, Map<Var, PrimExpr>{{op->loop_var,
                                                                      op->loop_var + op->min}});
      return Vectorizer(op->loop_var, static_cast<int>(*extent))(b);
    } catch (const CannotVectorize&) {
      // Keep the loop: correct, and LLVM may still vectorize it.
      return For(op->loop_var, op->min, op->extent, ForKind::kSerial, body, op->thread_binding,
                 op->annotations);
    }
  }
};

}  // namespace

Stmt VectorizeLoop(Stmt stmt) { return LoopVectorizer()(std::move(stmt)); }

TVM_REGISTER_GLOBAL("tir.VectorizeLoopStmt").set_body_typed([](Stmt s) { return VectorizeLoop(s); });

}  // namespace tir
}  // namespace tvm
