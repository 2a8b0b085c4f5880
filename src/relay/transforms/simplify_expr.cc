/*!
 * \file simplify_expr.cc
 * \brief SimplifyExpr: algebraic rewrites that remove work without changing values.
 *
 *   reshape(reshape(x)) -> reshape(x);  reshape(x) to x's own shape -> x;
 *   transpose(transpose(x, p), q) -> transpose(x, p o q), or x when that is the identity;
 *   cast(x, dtype of x) -> x;
 *   x + 0, x - 0, x * 1, x / 1 (scalar constants, result shaped like x) -> x.
 *
 * Shapes and dtypes come from type inference (run InferType first); a rewrite applies only
 * when the result provably has x's type.
 */
#include <tvm/relay/attrs/transform.h>
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/function.h>
#include <tvm/relay/transform.h>
#include <tvm/runtime/registry.h>

#include <vector>

#include "../op/op_common.h"

namespace tvm {
namespace relay {

namespace {

bool SameTensorType(const Type& a, const Type& b) {
  const auto* ta = a.as<TensorTypeNode>();
  const auto* tb = b.as<TensorTypeNode>();
  if (!ta || !tb || ta->dtype != tb->dtype || ta->shape.size() != tb->shape.size()) return false;
  for (size_t i = 0; i < ta->shape.size(); ++i) {
    const auto* x = ta->shape[i].as<IntImmNode>();
    const auto* y = tb->shape[i].as<IntImmNode>();
    if (!x || !y || x->value != y->value) return false;
  }
  return true;
}

/*! \brief Whether `e` is a scalar constant equal to v. */
bool IsScalar(const Expr& e, double v) {
  const auto* c = e.as<ConstantNode>();
  if (!c || !c->is_scalar()) return false;
  const DLTensor* t = c->data.operator->();
  if (t->dtype.code == kDLFloat && t->dtype.bits == 32) return *static_cast<float*>(t->data) == v;
  if (t->dtype.code == kDLFloat && t->dtype.bits == 64) return *static_cast<double*>(t->data) == v;
  if (t->dtype.code == kDLInt && t->dtype.bits == 32) return *static_cast<int32_t*>(t->data) == v;
  if (t->dtype.code == kDLInt && t->dtype.bits == 64) return *static_cast<int64_t*>(t->data) == v;
  return false;
}

class ExprSimplifier : public ExprMutator {
 public:
  Expr VisitExpr_(const CallNode* op) final {
    Expr e = ExprMutator::VisitExpr_(op);
    const auto* call = e.as<CallNode>();
    if (call == nullptr || !call->op.as<OpNode>()) return e;
    const Type& out = op->checked_type_;
    if (!out.defined()) return e;
    static const Op& reshape = Op::Get("reshape");
    static const Op& transpose = Op::Get("transpose");
    static const Op& cast = Op::Get("cast");
    static const Op& add = Op::Get("add");
    static const Op& subtract = Op::Get("subtract");
    static const Op& multiply = Op::Get("multiply");
    static const Op& divide = Op::Get("divide");
    if (call->op.same_as(reshape)) {
      Expr x = call->args[0];
      Type x_type = op->args[0]->checked_type_;
      // reshape of a reshape: one reshape of the innermost input.
      if (const auto* inner = x.as<CallNode>(); inner && inner->op.same_as(reshape)) {
        const auto* orig_inner = op->args[0].as<CallNode>();
        x = inner->args[0];
        x_type = orig_inner && orig_inner->op.same_as(reshape) ? orig_inner->args[0]->checked_type_
                                                                : Type();
      }
      if (x_type.defined() && SameTensorType(x_type, out)) return x;
      if (!x.same_as(call->args[0])) {
        const auto* t = out.as<TensorTypeNode>();
        auto attrs = make_object<ReshapeAttrs>();
        Array<Integer> shape;
        for (const PrimExpr& d : t->shape) shape.push_back(Int64Attr(Downcast<IntImm>(d)->value));
        attrs->newshape = shape;
        return Call(reshape, {x}, Attrs(attrs), {}, call->span);
      }
      return e;
    }
    if (call->op.same_as(transpose)) {
      const auto* inner = call->args[0].as<CallNode>();
      if (!inner || !inner->op.same_as(transpose)) return e;
      size_t rank = out.as<TensorTypeNode>() ? out.as<TensorTypeNode>()->shape.size() : 0;
      std::vector<int64_t> p = Perm(inner, rank), q = Perm(call, rank);
      if (p.empty() || q.empty() || p.size() != q.size()) return e;
      std::vector<int64_t> r(q.size());
      bool identity = true;
      for (size_t i = 0; i < q.size(); ++i) {
        r[i] = p[q[i]];
        identity = identity && r[i] == static_cast<int64_t>(i);
      }
      if (identity) return inner->args[0];
      auto attrs = make_object<TransposeAttrs>();
      Array<Integer> axes;
      for (int64_t a : r) axes.push_back(Int64Attr(a));
      attrs->axes = axes;
      return Call(transpose, {inner->args[0]}, Attrs(attrs), {}, call->span);
    }
    if (call->op.same_as(cast)) {
      if (SameTensorType(op->args[0]->checked_type_, out)) return call->args[0];
      return e;
    }
    bool identity_rhs = (call->op.same_as(add) || call->op.same_as(subtract))
                            ? call->args.size() == 2 && IsScalar(call->args[1], 0)
                        : (call->op.same_as(multiply) || call->op.same_as(divide))
                            ? call->args.size() == 2 && IsScalar(call->args[1], 1)
                            : false;
    if (identity_rhs && SameTensorType(op->args[0]->checked_type_, out)) return call->args[0];
    bool identity_lhs = call->args.size() == 2 &&
                        ((call->op.same_as(add) && IsScalar(call->args[0], 0)) ||
                         (call->op.same_as(multiply) && IsScalar(call->args[0], 1)));
    if (identity_lhs && SameTensorType(op->args[1]->checked_type_, out)) return call->args[1];
    return e;
  }

 private:
  /*! \brief The permutation a transpose call applies (empty when unknown). */
  static std::vector<int64_t> Perm(const CallNode* call, size_t rank) {
    if (rank == 0) return {};
    int64_t n = static_cast<int64_t>(rank);
    std::vector<int64_t> p;
    const auto* a = call->attrs.as<TransposeAttrs>();
    if (!a->axes.defined() || a->axes.empty()) {
      for (int64_t i = n - 1; i >= 0; --i) p.push_back(i);
    } else {
      for (const Integer& x : a->axes) p.push_back(x->value < 0 ? x->value + n : x->value);
    }
    return p;
  }
};

}  // namespace

namespace transform {
tvm::transform::Pass SimplifyExpr() {
  auto pass_func = [](IRModule mod, tvm::transform::PassContext ctx) {
    IRModule out(mod->functions, mod->attrs);
    for (const GlobalVar& gv : out->GetGlobalVars()) {
      if (const auto* fn = out->functions.at(gv).as<FunctionNode>()) {
        Expr body = ExprSimplifier()(fn->body);
        if (!body.same_as(fn->body)) {
          out->Update(gv, Function(fn->params, body, Type(), fn->attrs, fn->span));
        }
      }
    }
    return out;
  };
  return tvm::transform::CreateModulePass(pass_func, 0, "SimplifyExpr", {"InferType"});
}
}  // namespace transform

TVM_REGISTER_GLOBAL("relay._transform.SimplifyExpr").set_body_typed(transform::SimplifyExpr);

}  // namespace relay
}  // namespace tvm
