/*!
 * \file relay_ir_test.cc
 * \brief The Relay IR from C++: building expressions, ExprVisitor/ExprMutator (memoized, deep
 *  graphs), the printer, type inference through the C++ API and its error.
 */
#include <gtest/gtest.h>
#include <tvm/ir/module.h>
#include <tvm/ir/structural_equal.h>
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/printer.h>
#include <tvm/relay/transform.h>

#include <string>

#include "../runtime/test_util.h"

namespace tvm {
namespace relay {
namespace {

using runtime::testing::ThrowsError;

Var TensorVar(const std::string& name, std::vector<int> shape) {
  Array<PrimExpr> dims;
  for (int d : shape) dims.push_back(d);
  return Var(name, TensorType(dims, DataType::Float(32)));
}

Expr Add(Expr a, Expr b) { return Call(Op::Get("add"), {a, b}); }

// A shared node is one value: the visitor visits it once, the mutator rewrites it once and
// the result stays shared.
TEST(RelayIR, VisitorAndMutatorMemoizeSharedNodes) {
  Var x = TensorVar("x", {2});
  Expr e = Call(Op::Get("exp"), {x});
  Expr root = Add(e, e);
  struct CountCalls : ExprVisitor {
    int calls = 0;
    void VisitExpr_(const CallNode* op) final {
      ++calls;
      ExprVisitor::VisitExpr_(op);
    }
  } counter;
  counter.VisitExpr(root);
  EXPECT_EQ(counter.calls, 2);

  struct ExpToLog : ExprMutator {
    Expr VisitExpr_(const CallNode* op) final {
      Expr n = ExprMutator::VisitExpr_(op);
      const auto* call = n.as<CallNode>();
      if (call->op.same_as(Op::Get("exp"))) return Call(Op::Get("log"), call->args);
      return n;
    }
  } mutator;
  Expr out = mutator.VisitExpr(root);
  const auto* call = out.as<CallNode>();
  ASSERT_NE(call, nullptr);
  EXPECT_TRUE(call->args[0].same_as(call->args[1]));
  EXPECT_TRUE(call->args[0].as<CallNode>()->op.same_as(Op::Get("log")));
  EXPECT_TRUE(ExprMutator().VisitExpr(root).same_as(root));
}

// Visiting, mutating, printing and inferring a chain of 20000 calls does not overflow.
TEST(RelayIR, DeepChainsAreSafe) {
  Var x = TensorVar("x", {4});
  Expr e = x;
  for (int i = 0; i < 20000; ++i) e = Add(e, x);
  int seen = 0;
  PostOrderVisit(e, [&](const Expr&) { ++seen; });
  EXPECT_EQ(seen, 20002);  // calls, x, and the op
  struct Identity : ExprMutator {};
  EXPECT_TRUE(Identity().VisitExpr(e).same_as(e));
  Type t = transform::InferTypeLocal(Function({x}, e));
  EXPECT_NE(AsText(t).find("Tensor[(4), float32]"), std::string::npos);
  EXPECT_NE(AsText(Function({x}, e)).find("%19998 = add(%19997, %x)"), std::string::npos);
}

// Inference through the module pass fills checked_type_ of the body.
TEST(RelayIR, InferTypeModulePass) {
  Var x = TensorVar("x", {1, 3});
  Var y = TensorVar("y", {2, 1});
  IRModule mod = IRModule::Empty();
  mod->Add(GlobalVar("main"), Function({x, y}, Add(x, y)));
  mod = transform::InferType()(mod);
  const auto* f = mod->Lookup("main").as<FunctionNode>();
  EXPECT_EQ(AsText(f->body->checked_type()), "Tensor[(2, 3), float32]");
}

// An ill-typed call is a DiagnosticError naming the op, the arguments and their types.
TEST(RelayIR, InferTypeErrorIsDiagnostic) {
  Var x = TensorVar("x", {3});
  Var y = TensorVar("y", {4});
  EXPECT_TRUE(ThrowsError(
      [&] {
        transform::InferTypeLocal(Function({x, y}, Add(x, y)));
      },
      "DiagnosticError",
      {"add:", "argument 0 (lhs)", "Tensor[(3), float32]", "Tensor[(4), float32]",
       "<-- type error here"}));
}

// Functions equal up to renaming their parameters.
TEST(RelayIR, StructuralEqualMapsParams) {
  Var a = TensorVar("a", {2});
  Var b = TensorVar("b", {2});
  EXPECT_TRUE(StructuralEqual()(Function({a}, Add(a, a)), Function({b}, Add(b, b))));
  EXPECT_FALSE(StructuralEqual()(Function({a, b}, Add(a, b)), Function({a, b}, Add(b, a))));
}

}  // namespace
}  // namespace relay
}  // namespace tvm
