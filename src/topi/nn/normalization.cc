/*!
 * \file normalization.cc
 * \brief layer_norm, group_norm, batch_norm (inference form) and lrn.
 *
 * Statistics are two reductions (the sum, then the sum of squared deviations
 * from the mean) rather than E[x^2] - E[x]^2, which cancels catastrophically
 * when the mean is large.
 */
#include <tvm/runtime/registry.h>
#include <tvm/topi/nn.h>

#include <algorithm>
#include <set>

#include "nn_utils.h"

namespace tvm {
namespace topi {
namespace nn {

using namespace tvm::tir; // NOLINT(*)
using detail::Int;

namespace {

/*!
 * \brief The statistics of \p data over groups of elements: \p stat_shape is
 * the shape of a statistic, \p read(stat_index, reduce_vars) the element of the
 * group. Returns the sum and the sum of squared deviations from the mean (each
 * divided by the group size where used), so that consumers read the reductions
 * directly and a schedule can compute them per group.
 */
std::pair<Tensor, Tensor>
Moments(const Tensor &data, const Array<PrimExpr> &stat_shape,
        const std::vector<int64_t> &extents,
        const std::function<Array<PrimExpr>(const Array<Var> &,
                                            const std::vector<Var> &)> &read,
        const std::string &prefix, PrimExpr *count_out) {
  int64_t count = 1;
  for (int64_t e : extents)
    count *= e;
  *count_out = make_const(data->dtype, count);
  auto axes = [&]() {
    Array<IterVar> out;
    for (size_t i = 0; i < extents.size(); ++i) {
      out.push_back(detail::RAxis(extents[i], "k" + std::to_string(i)));
    }
    return out;
  };
  auto vars = [](const Array<IterVar> &r) {
    std::vector<Var> v;
    for (const IterVar &iv : r)
      v.push_back(iv->var);
    return v;
  };
  PrimExpr n = *count_out;
  Array<IterVar> r1 = axes();
  Tensor sum = te::compute(
      stat_shape,
      [&](const Array<Var> &i) { return te::sum(data(read(i, vars(r1))), r1); },
      prefix + "_sum");
  Array<IterVar> r2 = axes();
  Tensor sq = te::compute(
      stat_shape,
      [&](const Array<Var> &i) {
        PrimExpr dev = data(read(i, vars(r2))) - sum(detail::ToIndex(i)) / n;
        return te::sum(dev * dev, r2);
      },
      prefix + "_sqsum");
  return {sum, sq};
}

std::vector<int> SortedAxes(const Array<Integer> &axis, size_t ndim,
                            const std::string &op) {
  std::set<int> s;
  for (const Integer &a : axis) {
    int v = detail::NormalizeAxis(static_cast<int>(a->value), ndim, op);
    if (!s.insert(v).second) {
      TVM_THROW(ValueError) << op << ": axis " << v << " is listed twice";
    }
  }
  return std::vector<int>(s.begin(), s.end());
}

} // namespace

Tensor layer_norm(const Tensor &data, const Tensor &gamma, const Tensor &beta,
                  Array<Integer> axis, double epsilon) {
  const std::string op = "layer_norm";
  std::vector<int> axes = SortedAxes(axis, data->shape.size(), op);
  if (axes.empty())
    TVM_THROW(ValueError) << op << ": axis must name at least one axis";
  auto shape = detail::ConstShape(data, op, "data");
  Array<PrimExpr> stat_shape, norm_shape;
  std::vector<int64_t> extents;
  std::vector<bool> reduced(shape.size(), false);
  for (int a : axes) {
    reduced[a] = true;
    extents.push_back(shape[a]);
    norm_shape.push_back(data->shape[a]);
  }
  for (size_t d = 0; d < shape.size(); ++d) {
    if (!reduced[d])
      stat_shape.push_back(data->shape[d]);
  }
  for (const auto &pr :
       {std::make_pair(&gamma, "gamma"), std::make_pair(&beta, "beta")}) {
    auto gs = detail::ConstShape(*pr.first, op, pr.second);
    if (gs != extents) {
      TVM_THROW(ValueError)
          << op << ": " << pr.second
          << " must have the shape of the normalized "
          << "axes " << detail::ShapeStr(norm_shape) << ", found "
          << detail::ShapeStr((*pr.first)->shape);
    }
  }
  auto split = [&](const Array<Var> &i, Array<PrimExpr> *stat,
                   Array<PrimExpr> *norm) {
    for (size_t d = 0; d < i.size(); ++d)
      (reduced[d] ? norm : stat)->push_back(i[d]);
  };
  auto read = [&](const Array<Var> &stat, const std::vector<Var> &r) {
    Array<PrimExpr> idx;
    size_t si = 0, ri = 0;
    for (size_t d = 0; d < shape.size(); ++d) {
      idx.push_back(reduced[d] ? PrimExpr(r[ri++]) : PrimExpr(stat[si++]));
    }
    return idx;
  };
  PrimExpr n;
  auto moments = Moments(data, stat_shape, extents, read, "T_layer_norm", &n);
  Tensor sum = moments.first, sq = moments.second;
  DataType t = data->dtype;
  return te::compute(
      data->shape,
      [&](const Array<Var> &i) {
        Array<PrimExpr> stat, norm;
        split(i, &stat, &norm);
        PrimExpr x = (data(detail::ToIndex(i)) - sum(stat) / n) *
                     rsqrt(sq(stat) / n + make_const(t, epsilon));
        return x * gamma(norm) + beta(norm);
      },
      "T_layer_norm", kInjective);
}

Tensor group_norm(const Tensor &data, const Tensor &gamma, const Tensor &beta,
                  int num_groups, int channel_axis, Array<Integer> axes,
                  double epsilon) {
  const std::string op = "group_norm";
  auto shape = detail::ConstShape(data, op, "data");
  int c_axis = detail::NormalizeAxis(channel_axis, shape.size(), op);
  std::vector<int> red = SortedAxes(axes, shape.size(), op);
  if (std::find(red.begin(), red.end(), c_axis) != red.end()) {
    TVM_THROW(ValueError) << op << ": axes must not contain the channel axis "
                          << c_axis;
  }
  int64_t C = shape[c_axis];
  if (num_groups < 1 || C % num_groups != 0) {
    TVM_THROW(ValueError)
        << op << ": num_groups must be >= 1 and divide the channels (" << C
        << "), found " << num_groups;
  }
  int64_t cg = C / num_groups;
  for (const auto &pr :
       {std::make_pair(&gamma, "gamma"), std::make_pair(&beta, "beta")}) {
    auto gs = detail::ConstShape(*pr.first, op, pr.second);
    if (gs != std::vector<int64_t>{C}) {
      TVM_THROW(ValueError)
          << op << ": " << pr.second << " must have shape (" << C
          << ",), found " << detail::ShapeStr((*pr.first)->shape);
    }
  }
  std::vector<bool> reduced(shape.size(), false);
  for (int a : red)
    reduced[a] = true;
  // A statistic's index: the data's index with the channel replaced by its
  // group and the reduced axes dropped.
  Array<PrimExpr> stat_shape;
  std::vector<int64_t> extents{cg};
  for (size_t d = 0; d < shape.size(); ++d) {
    if (static_cast<int>(d) == c_axis) {
      stat_shape.push_back(Int(num_groups));
    } else if (reduced[d]) {
      extents.push_back(shape[d]);
    } else {
      stat_shape.push_back(data->shape[d]);
    }
  }
  auto read = [&](const Array<Var> &stat, const std::vector<Var> &r) {
    Array<PrimExpr> idx;
    size_t si = 0, ri = 1;
    for (size_t d = 0; d < shape.size(); ++d) {
      if (static_cast<int>(d) == c_axis) {
        idx.push_back(stat[si++] * Int(cg) + r[0]);
      } else if (reduced[d]) {
        idx.push_back(r[ri++]);
      } else {
        idx.push_back(stat[si++]);
      }
    }
    return idx;
  };
  PrimExpr n;
  auto moments = Moments(data, stat_shape, extents, read, "T_group_norm", &n);
  Tensor sum = moments.first, sq = moments.second;
  DataType t = data->dtype;
  return te::compute(
      data->shape,
      [&](const Array<Var> &i) {
        Array<PrimExpr> stat;
        for (size_t d = 0; d < shape.size(); ++d) {
          if (static_cast<int>(d) == c_axis) {
            stat.push_back(floordiv(i[d], Int(cg)));
          } else if (!reduced[d]) {
            stat.push_back(i[d]);
          }
        }
        PrimExpr x = (data(detail::ToIndex(i)) - sum(stat) / n) *
                     rsqrt(sq(stat) / n + make_const(t, epsilon));
        return x * gamma(i[c_axis]) + beta(i[c_axis]);
      },
      "T_group_norm", kInjective);
}

Array<Tensor> batch_norm(const Tensor &data, const Tensor &gamma,
                         const Tensor &beta, const Tensor &moving_mean,
                         const Tensor &moving_var, int axis, double epsilon,
                         bool center, bool scale) {
  const std::string op = "batch_norm";
  axis = detail::NormalizeAxis(axis, data->shape.size(), op);
  const int64_t *c = as_const_int(data->shape[axis]);
  for (const auto &pr :
       {std::make_pair(&gamma, "gamma"), std::make_pair(&beta, "beta"),
        std::make_pair(&moving_mean, "moving_mean"),
        std::make_pair(&moving_var, "moving_var")}) {
    detail::CheckRank(*pr.first, 1, op, pr.second);
    const int64_t *e = as_const_int((*pr.first)->shape[0]);
    if (c && e && *c != *e) {
      TVM_THROW(ValueError)
          << op << ": " << pr.second << " must have the data's extent on axis "
          << axis << " (" << *c << "), found " << *e;
    }
  }
  DataType t = data->dtype;
  Tensor out = te::compute(
      data->shape,
      [&](const Array<Var> &i) {
        PrimExpr ch = i[axis];
        PrimExpr x = (data(detail::ToIndex(i)) - moving_mean(ch)) *
                     rsqrt(moving_var(ch) + make_const(t, epsilon));
        if (scale)
          x = x * gamma(ch);
        if (center)
          x = x + beta(ch);
        return x;
      },
      "T_batch_norm", kBroadcast);
  return {out, moving_mean, moving_var};
}

Tensor lrn(const Tensor &data, int size, int axis, double alpha, double beta,
           double bias) {
  const std::string op = "lrn";
  axis = detail::NormalizeAxis(axis, data->shape.size(), op);
  if (size < 1)
    TVM_THROW(ValueError) << op << ": size must be >= 1, found " << size;
  IterVar r = detail::RAxis(size, "rxs");
  int half = size / 2;
  Tensor sqr_sum = te::compute(
      data->shape,
      [&](const Array<Var> &i) {
        Array<PrimExpr> idx = detail::ToIndex(i);
        PrimExpr ch = i[axis] + r->var - Int(half);
        PrimExpr inside = ch >= 0 && ch < data->shape[axis];
        idx.Set(axis, min(max(ch, Int(0)), data->shape[axis] - 1));
        PrimExpr v = data(idx);
        return te::sum(if_then_else(inside, v * v, make_zero(data->dtype)),
                       {r});
      },
      "tensor", "sqr_sum");
  DataType t = data->dtype;
  return te::compute(
      data->shape,
      [&](const Array<Var> &i) {
        Array<PrimExpr> idx = detail::ToIndex(i);
        PrimExpr denom =
            pow(make_const(t, bias) +
                    make_const(t, alpha) * sqr_sum(idx) / make_const(t, size),
                make_const(t, beta));
        return data(idx) / denom;
      },
      "T_lrn", kInjective);
}

TVM_REGISTER_GLOBAL("topi.nn.layer_norm").set_body_typed(layer_norm);
TVM_REGISTER_GLOBAL("topi.nn.group_norm").set_body_typed(group_norm);
TVM_REGISTER_GLOBAL("topi.nn.batch_norm").set_body_typed(batch_norm);
TVM_REGISTER_GLOBAL("topi.nn.lrn").set_body_typed(lrn);

} // namespace nn
} // namespace topi
} // namespace tvm
