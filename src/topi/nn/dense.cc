/*!
 * \file dense.cc
 * \brief Matrix products: matmul (optionally transposed operands), dense
 * (weight [N, K]) and batch_matmul. The reduction runs in out_dtype; a bias is
 * a separate broadcast stage that schedules inline into the product's epilogue.
 */
#include <tvm/arith/analyzer.h>
#include <tvm/runtime/registry.h>
#include <tvm/topi/nn.h>

#include "nn_utils.h"

namespace tvm {
namespace topi {
namespace nn {

using namespace tvm::tir; // NOLINT(*)

namespace {

void CheckSame(const PrimExpr &a, const PrimExpr &b, const std::string &op,
               const std::string &what) {
  const int64_t *x = as_const_int(a);
  const int64_t *y = as_const_int(b);
  bool differ =
      (x && y) ? *x != *y : !arith::Analyzer().CanProveEqual(a, b) && x && y;
  if (differ) {
    TVM_THROW(ValueError) << op << ": " << what << " must agree, found " << a
                          << " and " << b;
  }
}

Tensor AddBias(const Tensor &out, const Optional<Tensor> &bias,
               const std::string &op) {
  if (!bias.defined())
    return out;
  Tensor b = bias.value();
  detail::CheckRank(b, 1, op, "bias");
  CheckSame(b->shape[0], out->shape[1], op,
            "bias length and the output's columns");
  return te::compute(
      out->shape,
      [&](const Array<Var> &i) {
        return out(i[0], i[1]) + cast(out->dtype, b(i[1]));
      },
      "T_add", kBroadcast);
}

Tensor MatmulImpl(const Tensor &a, const Tensor &b,
                  const Optional<Tensor> &bias, DataType out_dtype, bool ta,
                  bool tb, const std::string &op) {
  detail::CheckRank(a, 2, op, ta ? "tensor_a" : "data");
  detail::CheckRank(b, 2, op, tb ? "weight" : "tensor_b");
  if (out_dtype.is_void())
    out_dtype = a->dtype;
  PrimExpr m = ta ? a->shape[1] : a->shape[0];
  PrimExpr ka = ta ? a->shape[0] : a->shape[1];
  PrimExpr kb = tb ? b->shape[1] : b->shape[0];
  PrimExpr n = tb ? b->shape[0] : b->shape[1];
  CheckSame(ka, kb, op, "the reduction extents of the two operands");
  IterVar k = te::reduce_axis(Range::FromMinExtent(detail::Int(0), ka), "k");
  Tensor out = te::compute(
      {m, n},
      [&](const Array<Var> &i) {
        PrimExpr x = ta ? a(k->var, i[0]) : a(i[0], k->var);
        PrimExpr y = tb ? b(i[1], k->var) : b(k->var, i[1]);
        return te::sum(cast(out_dtype, x) * cast(out_dtype, y), {k});
      },
      "T_" + op, op);
  return AddBias(out, bias, op);
}

} // namespace

Tensor dense(const Tensor &data, const Tensor &weight, Optional<Tensor> bias,
             DataType out_dtype) {
  return MatmulImpl(data, weight, bias, out_dtype, false, true, "dense");
}

Tensor matmul(const Tensor &a, const Tensor &b, Optional<Tensor> bias,
              DataType out_dtype, bool transpose_a, bool transpose_b) {
  return MatmulImpl(a, b, bias, out_dtype, transpose_a, transpose_b, "matmul");
}

Tensor batch_matmul(const Tensor &x, const Tensor &y, DataType out_dtype,
                    bool ta, bool tb) {
  const std::string op = "batch_matmul";
  detail::CheckRank(x, 3, op, "tensor_a");
  detail::CheckRank(y, 3, op, "tensor_b");
  if (out_dtype.is_void())
    out_dtype = x->dtype;
  PrimExpr bx = x->shape[0], by = y->shape[0];
  bool x1 = is_one(bx), y1 = is_one(by);
  if (!x1 && !y1)
    CheckSame(bx, by, op, "the batch extents (or one of them 1)");
  PrimExpr batch = x1 ? by : bx;
  PrimExpr m = ta ? x->shape[2] : x->shape[1];
  PrimExpr ka = ta ? x->shape[1] : x->shape[2];
  PrimExpr kb = tb ? y->shape[2] : y->shape[1];
  PrimExpr n = tb ? y->shape[1] : y->shape[2];
  CheckSame(ka, kb, op, "the reduction extents of the two operands");
  IterVar k = te::reduce_axis(Range::FromMinExtent(detail::Int(0), ka), "k");
  return te::compute(
      {batch, m, n},
      [&](const Array<Var> &i) {
        PrimExpr b0 = x1 ? detail::Int(0) : PrimExpr(i[0]);
        PrimExpr b1 = y1 ? detail::Int(0) : PrimExpr(i[0]);
        PrimExpr a = ta ? x(b0, k->var, i[1]) : x(b0, i[1], k->var);
        PrimExpr b = tb ? y(b1, i[2], k->var) : y(b1, k->var, i[2]);
        return te::sum(cast(out_dtype, a) * cast(out_dtype, b), {k});
      },
      "T_batch_matmul", "batch_matmul");
}

TVM_REGISTER_GLOBAL("topi.nn.dense").set_body_typed(dense);
TVM_REGISTER_GLOBAL("topi.nn.matmul").set_body_typed(matmul);
TVM_REGISTER_GLOBAL("topi.nn.batch_matmul").set_body_typed(batch_matmul);

} // namespace nn
} // namespace topi
} // namespace tvm
