/*!
 * \file layout.cc
 * \brief Rearrangements used by networks: batch_flatten, depth_to_space,
 * space_to_depth.
 */
#include <tvm/runtime/registry.h>
#include <tvm/topi/nn.h>

#include "nn_utils.h"

namespace tvm {
namespace topi {
namespace nn {

using namespace tvm::tir; // NOLINT(*)
using detail::Int;

Tensor batch_flatten(const Tensor &data) {
  if (data->shape.size() < 1) {
    TVM_THROW(ValueError)
        << "batch_flatten: data must be at least 1-D, found a scalar";
  }
  PrimExpr inner = Int(1);
  for (size_t d = 1; d < data->shape.size(); ++d)
    inner = inner * data->shape[d];
  return te::compute(
      {data->shape[0], inner},
      [&](const Array<Var> &i) {
        Array<PrimExpr> idx{i[0]};
        PrimExpr rest = i[1];
        std::vector<PrimExpr> tail;
        for (size_t d = data->shape.size() - 1; d >= 1; --d) {
          tail.push_back(floormod(rest, data->shape[d]));
          rest = floordiv(rest, data->shape[d]);
        }
        for (auto it = tail.rbegin(); it != tail.rend(); ++it)
          idx.push_back(*it);
        return data(idx);
      },
      "tensor", kInjective);
}

namespace {

/*! \brief (channel, height, width) axis positions of a 4-D NCHW or NHWC tensor.
 */
std::array<int, 3> ChannelSpatial(const Tensor &data, const std::string &layout,
                                  const std::string &op) {
  detail::CheckRank(data, 4, op, "data", layout);
  if (layout == "NCHW")
    return {1, 2, 3};
  if (layout == "NHWC")
    return {3, 1, 2};
  TVM_THROW(ValueError) << op << ": layout must be 'NCHW' or 'NHWC', found '"
                        << layout << "'";
}

} // namespace

Tensor depth_to_space(const Tensor &data, int block_size,
                      const std::string &layout, const std::string &mode) {
  const std::string op = "depth_to_space";
  auto ax = ChannelSpatial(data, layout, op);
  if (mode != "DCR" && mode != "CRD") {
    TVM_THROW(ValueError) << op << ": mode must be 'DCR' or 'CRD', found '"
                          << mode << "'";
  }
  int64_t C = detail::ConstInt(data->shape[ax[0]], op, "data's channels");
  int64_t b = block_size;
  if (b < 1 || C % (b * b) != 0) {
    TVM_THROW(ValueError) << op << ": block_size^2 must divide the channels ("
                          << C << "), found block_size " << block_size;
  }
  int64_t oc = C / (b * b);
  Array<PrimExpr> shape = data->shape;
  shape.Set(ax[0], Int(oc));
  shape.Set(ax[1], data->shape[ax[1]] * Int(b));
  shape.Set(ax[2], data->shape[ax[2]] * Int(b));
  return te::compute(
      shape,
      [&](const Array<Var> &i) {
        PrimExpr c = i[ax[0]], y = i[ax[1]], x = i[ax[2]];
        PrimExpr by = floormod(y, Int(b)), bx = floormod(x, Int(b));
        PrimExpr ic = mode == "DCR" ? (by * Int(b) + bx) * Int(oc) + c
                                    : c * Int(b * b) + by * Int(b) + bx;
        Array<PrimExpr> idx = detail::ToIndex(i);
        idx.Set(ax[0], ic);
        idx.Set(ax[1], floordiv(y, Int(b)));
        idx.Set(ax[2], floordiv(x, Int(b)));
        return data(idx);
      },
      "depth_to_space", kInjective);
}

Tensor space_to_depth(const Tensor &data, int block_size,
                      const std::string &layout) {
  const std::string op = "space_to_depth";
  auto ax = ChannelSpatial(data, layout, op);
  int64_t C = detail::ConstInt(data->shape[ax[0]], op, "data's channels");
  int64_t H = detail::ConstInt(data->shape[ax[1]], op, "data's height");
  int64_t W = detail::ConstInt(data->shape[ax[2]], op, "data's width");
  int64_t b = block_size;
  if (b < 1 || H % b != 0 || W % b != 0) {
    TVM_THROW(ValueError) << op
                          << ": block_size must divide the height and width ("
                          << H << ", " << W << "), found " << block_size;
  }
  Array<PrimExpr> shape = data->shape;
  shape.Set(ax[0], Int(C * b * b));
  shape.Set(ax[1], Int(H / b));
  shape.Set(ax[2], Int(W / b));
  return te::compute(
      shape,
      [&](const Array<Var> &i) {
        PrimExpr blk = floordiv(i[ax[0]], Int(C)),
                 c = floormod(i[ax[0]], Int(C));
        Array<PrimExpr> idx = detail::ToIndex(i);
        idx.Set(ax[0], c);
        idx.Set(ax[1], i[ax[1]] * Int(b) + floordiv(blk, Int(b)));
        idx.Set(ax[2], i[ax[2]] * Int(b) + floormod(blk, Int(b)));
        return data(idx);
      },
      "space_to_depth", kInjective);
}

TVM_REGISTER_GLOBAL("topi.nn.batch_flatten").set_body_typed(batch_flatten);
TVM_REGISTER_GLOBAL("topi.nn.depth_to_space").set_body_typed(depth_to_space);
TVM_REGISTER_GLOBAL("topi.nn.space_to_depth").set_body_typed(space_to_depth);

} // namespace nn
} // namespace topi
} // namespace tvm
