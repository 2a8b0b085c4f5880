/*!
 * \file transform.cc
 * \brief Layout and indexing operators; see tvm/topi/transform.h.
 */
#include <tvm/arith/analyzer.h>
#include <tvm/runtime/registry.h>
#include <tvm/topi/broadcast.h>
#include <tvm/topi/transform.h>

#include "detail.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <map>
#include <sstream>

namespace tvm {
namespace topi {

using namespace tvm::tir;  // NOLINT(*)
using detail::ConstInt;
using detail::ShapeStr;

namespace {

/*! \brief axis in [-ndim, ndim) made non-negative; ValueError naming op and argument. */
int NormAxis(int64_t axis, int64_t ndim, const char* op, const char* arg = "axis") {
  if (axis < -ndim || axis >= ndim) {
    TVM_THROW(ValueError) << op << ": " << arg << " " << axis << " is out of range for rank "
                          << ndim << " (expected " << -ndim << " <= " << arg << " < " << ndim
                          << ")";
  }
  return static_cast<int>(axis < 0 ? axis + ndim : axis);
}

PrimExpr Product(const Array<PrimExpr>& shape) {
  PrimExpr p = make_const(DataType::Int(32), 1);
  for (const PrimExpr& d : shape) p = p * d;
  return arith::Analyzer().Simplify(p);
}

/*! \brief Row-major flat index of `idx` in `shape`. */
PrimExpr Ravel(const Array<PrimExpr>& idx, const Array<PrimExpr>& shape) {
  PrimExpr flat = make_const(DataType::Int(32), 0);
  for (size_t i = 0; i < idx.size(); ++i) flat = flat * shape[i] + idx[i];
  return flat;
}

/*! \brief The index in `shape` of a row-major flat index. */
Array<PrimExpr> Unravel(PrimExpr flat, const Array<PrimExpr>& shape) {
  std::vector<PrimExpr> idx(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    idx[i] = i == 0 ? flat : floormod(flat, shape[i]);
    flat = floordiv(flat, shape[i]);
  }
  return Array<PrimExpr>(idx.begin(), idx.end());
}

Array<PrimExpr> Vars(const Array<Var>& v) { return Array<PrimExpr>(v.begin(), v.end()); }

}  // namespace

Tensor reshape(const Tensor& x, const Array<PrimExpr>& newshape, std::string name) {
  arith::Analyzer analyzer;
  PrimExpr total = Product(x->shape);
  int infer = -1;
  PrimExpr known = make_const(DataType::Int(32), 1);
  for (size_t i = 0; i < newshape.size(); ++i) {
    const int64_t* v = ConstInt(newshape[i]);
    if (v && *v == -1) {
      if (infer >= 0) {
        TVM_THROW(ValueError) << "reshape: at most one -1 in newshape " << ShapeStr(newshape);
      }
      infer = static_cast<int>(i);
    } else if (v && *v < 0) {
      TVM_THROW(ValueError) << "reshape: newshape " << ShapeStr(newshape) << " has the negative "
                            << "dimension " << *v;
    } else {
      known = known * newshape[i];
    }
  }
  Array<PrimExpr> shape = newshape;
  if (infer >= 0) {
    const int64_t* t = ConstInt(analyzer.Simplify(total));
    const int64_t* k = ConstInt(analyzer.Simplify(known));
    if (t && k && (*k == 0 || *t % *k != 0)) {
      TVM_THROW(ValueError) << "reshape: cannot infer the -1 in " << ShapeStr(newshape)
                            << " for " << *t << " elements of shape " << ShapeStr(x->shape);
    }
    shape.Set(infer, analyzer.Simplify(floordiv(total, known)));
  }
  PrimExpr out_total = Product(shape);
  const int64_t* a = ConstInt(analyzer.Simplify(total));
  const int64_t* b = ConstInt(out_total);
  if (a && b && *a != *b) {
    TVM_THROW(ValueError) << "reshape: cannot reshape " << ShapeStr(x->shape) << " (" << *a
                          << " elements) to " << ShapeStr(shape) << " (" << *b << " elements)";
  }
  return te::compute(
      shape, [&](const Array<Var>& i) { return x(Unravel(Ravel(Vars(i), shape), x->shape)); },
      name, kInjective);
}

Tensor transpose(const Tensor& x, const Optional<Array<Integer>>& axes, std::string name) {
  int ndim = static_cast<int>(x->shape.size());
  std::vector<int> perm;
  if (!axes.defined() || axes.value().empty()) {
    for (int i = ndim - 1; i >= 0; --i) perm.push_back(i);
  } else {
    if (static_cast<int>(axes.value().size()) != ndim) {
      TVM_THROW(ValueError) << "transpose: axes has " << axes.value().size()
                            << " entries but the tensor has rank " << ndim;
    }
    std::vector<bool> seen(ndim, false);
    for (const Integer& a : axes.value()) {
      int v = NormAxis(a->value, ndim, "transpose", "axes entry");
      if (seen[v]) TVM_THROW(ValueError) << "transpose: axis " << v << " repeats in axes";
      seen[v] = true;
      perm.push_back(v);
    }
  }
  Array<PrimExpr> shape;
  for (int p : perm) shape.push_back(x->shape[p]);
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        std::vector<PrimExpr> idx(ndim);
        for (int d = 0; d < ndim; ++d) idx[perm[d]] = i[d];
        return x(Array<PrimExpr>(idx.begin(), idx.end()));
      },
      name, kInjective);
}

Tensor squeeze(const Tensor& x, const Optional<Array<Integer>>& axis, std::string name) {
  int ndim = static_cast<int>(x->shape.size());
  std::vector<bool> drop(ndim, false);
  if (!axis.defined()) {
    for (int d = 0; d < ndim; ++d) {
      const int64_t* v = ConstInt(x->shape[d]);
      drop[d] = v && *v == 1;
    }
  } else {
    for (const Integer& a : axis.value()) {
      int d = NormAxis(a->value, ndim, "squeeze");
      const int64_t* v = ConstInt(x->shape[d]);
      if (!v || *v != 1) {
        TVM_THROW(ValueError) << "squeeze: dimension " << d << " of shape " << ShapeStr(x->shape)
                              << " has extent " << x->shape[d] << ", expected 1";
      }
      drop[d] = true;
    }
  }
  Array<PrimExpr> shape;
  for (int d = 0; d < ndim; ++d) {
    if (!drop[d]) shape.push_back(x->shape[d]);
  }
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        Array<PrimExpr> idx;
        size_t k = 0;
        for (int d = 0; d < ndim; ++d) {
          idx.push_back(drop[d] ? make_zero(x->shape[d].dtype()) : PrimExpr(i[k++]));
        }
        return x(idx);
      },
      name, kInjective);
}

Tensor expand_dims(const Tensor& x, int axis, int num_newaxis, std::string name) {
  int ndim = static_cast<int>(x->shape.size());
  if (axis < -ndim - 1 || axis > ndim) {
    TVM_THROW(ValueError) << "expand_dims: axis " << axis << " is out of range for rank " << ndim
                          << " (expected " << -ndim - 1 << " <= axis <= " << ndim << ")";
  }
  if (num_newaxis < 0) {
    TVM_THROW(ValueError) << "expand_dims: num_newaxis must be >= 0, got " << num_newaxis;
  }
  int pos = axis < 0 ? axis + ndim + 1 : axis;
  Array<PrimExpr> shape;
  for (int d = 0; d < pos; ++d) shape.push_back(x->shape[d]);
  for (int k = 0; k < num_newaxis; ++k) shape.push_back(make_const(DataType::Int(32), 1));
  for (int d = pos; d < ndim; ++d) shape.push_back(x->shape[d]);
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        Array<PrimExpr> idx;
        for (int d = 0; d < ndim; ++d) idx.push_back(i[d < pos ? d : d + num_newaxis]);
        return x(idx);
      },
      name, kInjective);
}

Tensor concatenate(const Array<Tensor>& xs, int axis, std::string name) {
  if (xs.empty()) TVM_THROW(ValueError) << "concatenate: needs at least one tensor";
  int ndim = static_cast<int>(xs[0]->shape.size());
  int ax = NormAxis(axis, ndim, "concatenate");
  arith::Analyzer analyzer;
  std::vector<PrimExpr> offsets;
  PrimExpr total = make_const(xs[0]->shape[ax].dtype(), 0);
  for (size_t j = 0; j < xs.size(); ++j) {
    const Tensor& t = xs[j];
    if (static_cast<int>(t->shape.size()) != ndim || t->dtype != xs[0]->dtype) {
      TVM_THROW(ValueError) << "concatenate: input " << j << " is "
                            << runtime::DLDataType2String(t->dtype) << ShapeStr(t->shape)
                            << " but input 0 is " << runtime::DLDataType2String(xs[0]->dtype)
                            << ShapeStr(xs[0]->shape);
    }
    for (int d = 0; d < ndim; ++d) {
      const int64_t* a = ConstInt(t->shape[d]);
      const int64_t* b = ConstInt(xs[0]->shape[d]);
      if (d != ax && a && b && *a != *b) {
        TVM_THROW(ValueError) << "concatenate: input " << j << " has shape " << ShapeStr(t->shape)
                              << ", which differs from input 0's " << ShapeStr(xs[0]->shape)
                              << " in dimension " << d << " (only axis " << ax << " may)";
      }
    }
    offsets.push_back(total);
    total = analyzer.Simplify(total + t->shape[ax]);
  }
  Array<PrimExpr> shape = xs[0]->shape;
  shape.Set(ax, total);
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        auto read = [&](size_t j) {
          Array<PrimExpr> idx = Vars(i);
          idx.Set(ax, i[ax] - offsets[j]);
          return xs[j](idx);
        };
        PrimExpr value = read(xs.size() - 1);
        for (size_t j = xs.size() - 1; j-- > 0;) {
          value = if_then_else(i[ax] < offsets[j + 1], read(j), value);
        }
        return value;
      },
      name, kInjective);
}

Tensor stack(const Array<Tensor>& xs, int axis, std::string name) {
  if (xs.empty()) TVM_THROW(ValueError) << "stack: needs at least one tensor";
  int ndim = static_cast<int>(xs[0]->shape.size());
  if (axis < -ndim - 1 || axis > ndim) {
    TVM_THROW(ValueError) << "stack: axis " << axis << " is out of range for rank " << ndim + 1;
  }
  int ax = axis < 0 ? axis + ndim + 1 : axis;
  for (size_t j = 1; j < xs.size(); ++j) {
    if (xs[j]->shape.size() != xs[0]->shape.size()) {
      TVM_THROW(ValueError) << "stack: input " << j << " has shape " << ShapeStr(xs[j]->shape)
                            << " but input 0 has " << ShapeStr(xs[0]->shape);
    }
  }
  Array<PrimExpr> shape = detail::WithAxisInserted(
      xs[0]->shape, ax, make_const(DataType::Int(32), static_cast<int64_t>(xs.size())));
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        Array<PrimExpr> idx = detail::WithoutAxis(i, ax);
        PrimExpr value = xs[xs.size() - 1](idx);
        for (size_t j = xs.size() - 1; j-- > 0;) {
          value = if_then_else(i[ax] == static_cast<int>(j), xs[j](idx), value);
        }
        return value;
      },
      name, kInjective);
}

namespace {
Tensor SliceAxis(const Tensor& x, int ax, PrimExpr begin, PrimExpr extent, std::string name) {
  Array<PrimExpr> shape = x->shape;
  shape.Set(ax, extent);
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        Array<PrimExpr> idx = Vars(i);
        idx.Set(ax, i[ax] + begin);
        return x(idx);
      },
      name, kInjective);
}
}  // namespace

Array<Tensor> split_sections(const Tensor& x, int sections, int axis, std::string name) {
  int ax = NormAxis(axis, static_cast<int>(x->shape.size()), "split");
  if (sections <= 0) TVM_THROW(ValueError) << "split: sections must be positive, got " << sections;
  const int64_t* n = ConstInt(x->shape[ax]);
  if (n && *n % sections != 0) {
    TVM_THROW(ValueError) << "split: " << sections << " sections do not divide axis " << ax
                          << " of extent " << *n;
  }
  PrimExpr size = arith::Analyzer().Simplify(floordiv(x->shape[ax], sections));
  Array<Tensor> out;
  for (int k = 0; k < sections; ++k) out.push_back(SliceAxis(x, ax, size * k, size, name));
  return out;
}

Array<Tensor> split(const Tensor& x, const Array<Integer>& indices, int axis, std::string name) {
  int ax = NormAxis(axis, static_cast<int>(x->shape.size()), "split");
  Array<Tensor> out;
  PrimExpr prev = make_const(x->shape[ax].dtype(), 0);
  const int64_t* n = ConstInt(x->shape[ax]);
  int64_t last = 0;
  for (const Integer& idx : indices) {
    if (idx->value < last || (n && idx->value > *n)) {
      TVM_THROW(ValueError) << "split: indices must be increasing and within the axis extent "
                            << (n ? std::to_string(*n) : std::string("")) << ", got " << idx->value
                            << " after " << last;
    }
    PrimExpr cur = make_const(x->shape[ax].dtype(), idx->value);
    out.push_back(SliceAxis(x, ax, prev, cur - prev, name));
    prev = cur;
    last = idx->value;
  }
  out.push_back(SliceAxis(x, ax, prev, arith::Analyzer().Simplify(x->shape[ax] - prev), name));
  return out;
}

Tensor strided_slice(const Tensor& x, const Array<Integer>& begin, const Array<Integer>& end,
                     const Array<Integer>& strides, const Optional<Array<Integer>>& axes,
                     std::string name) {
  int ndim = static_cast<int>(x->shape.size());
  std::vector<int> which;
  if (axes.defined()) {
    for (const Integer& a : axes.value()) which.push_back(NormAxis(a->value, ndim, "strided_slice", "axes entry"));
  } else {
    for (size_t d = 0; d < begin.size(); ++d) which.push_back(static_cast<int>(d));
  }
  if (which.size() > static_cast<size_t>(ndim) || begin.size() != which.size() ||
      (!end.empty() && end.size() != which.size()) ||
      (!strides.empty() && strides.size() != which.size() && strides.size() != 1)) {
    TVM_THROW(ValueError) << "strided_slice: begin (" << begin.size() << "), end (" << end.size()
                          << ") and strides (" << strides.size() << ") must describe the same "
                          << which.size() << " axes of a rank-" << ndim << " tensor";
  }
  Array<PrimExpr> shape = x->shape;
  std::vector<PrimExpr> starts(ndim), steps(ndim);
  for (int d = 0; d < ndim; ++d) {
    starts[d] = make_const(x->shape[d].dtype(), 0);
    steps[d] = make_const(x->shape[d].dtype(), 1);
  }
  arith::Analyzer analyzer;
  for (size_t k = 0; k < which.size(); ++k) {
    int d = which[k];
    int64_t s = strides.empty() ? 1 : strides[strides.size() == 1 ? 0 : k]->value;
    if (s == 0) TVM_THROW(ValueError) << "strided_slice: stride of axis " << d << " is 0";
    int64_t b = begin[k]->value;
    int64_t e = end.empty() ? (s > 0 ? INT64_MAX : INT64_MIN) : end[k]->value;
    DataType t = x->shape[d].dtype();
    const int64_t* n = ConstInt(x->shape[d]);
    if (n) {
      int64_t len = *n;
      auto norm = [&](int64_t v, int64_t lo, int64_t hi) {
        if (v < 0 && v > INT64_MIN / 2) v += len;
        return std::min(std::max(v, lo), hi);
      };
      int64_t lo = s > 0 ? 0 : -1, hi = s > 0 ? len : len - 1;
      int64_t bb = norm(b, lo, hi), ee = norm(e, lo, hi);
      int64_t count = s > 0 ? (ee - bb + s - 1) / s : (bb - ee + (-s) - 1) / (-s);
      count = std::max<int64_t>(count, 0);
      shape.Set(d, make_const(t, count));
      starts[d] = make_const(t, bb);
    } else {
      // A symbolic extent: forward slices with non-negative begin only.
      if (s < 0 || b < 0) {
        TVM_THROW(ValueError) << "strided_slice: axis " << d << " has the symbolic extent "
                              << x->shape[d] << "; only non-negative begin and positive strides "
                              << "are supported there";
      }
      PrimExpr stop = (e == INT64_MAX || e >= INT_MAX) ? x->shape[d]
                      : e < 0 ? x->shape[d] + make_const(t, e)
                              : tvm::min(make_const(t, e), x->shape[d]);
      PrimExpr count = floordiv(stop - make_const(t, b) + make_const(t, s - 1), make_const(t, s));
      shape.Set(d, analyzer.Simplify(tvm::max(count, make_const(t, 0))));
      starts[d] = make_const(t, b);
    }
    steps[d] = make_const(t, s);
  }
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        Array<PrimExpr> idx;
        for (int d = 0; d < ndim; ++d) idx.push_back(starts[d] + i[d] * steps[d]);
        return x(idx);
      },
      name, kInjective);
}

Tensor take(const Tensor& x, const Tensor& indices, const Optional<Integer>& axis,
            std::string mode, std::string name) {
  if (mode != "clip" && mode != "wrap" && mode != "fast") {
    TVM_THROW(ValueError) << "take: mode must be \"clip\", \"wrap\" or \"fast\", got \"" << mode
                          << "\"";
  }
  if (!indices->dtype.is_int() && !indices->dtype.is_uint()) {
    TVM_THROW(TypeError) << "take: indices must be integers, got "
                         << runtime::DLDataType2String(indices->dtype);
  }
  auto fix = [&](PrimExpr i, PrimExpr n) {
    i = cast(n.dtype(), i);
    if (mode == "clip") return tvm::min(tvm::max(i, make_zero(n.dtype())), n - 1);
    if (mode == "wrap") return floormod(i, n);
    return i;
  };
  size_t ni = indices->shape.size();
  if (!axis.defined()) {
    PrimExpr total = Product(x->shape);
    return te::compute(
        indices->shape,
        [&](const Array<Var>& i) {
          return x(Unravel(fix(indices(Vars(i)), total), x->shape));
        },
        name, kInjective);
  }
  int ndim = static_cast<int>(x->shape.size());
  int ax = NormAxis(axis.value()->value, ndim, "take");
  Array<PrimExpr> shape;
  for (int d = 0; d < ax; ++d) shape.push_back(x->shape[d]);
  for (const PrimExpr& d : indices->shape) shape.push_back(d);
  for (int d = ax + 1; d < ndim; ++d) shape.push_back(x->shape[d]);
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        Array<PrimExpr> ind, idx;
        for (size_t k = 0; k < ni; ++k) ind.push_back(i[ax + k]);
        for (int d = 0; d < ax; ++d) idx.push_back(i[d]);
        idx.push_back(fix(indices(ind), x->shape[ax]));
        for (int d = ax + 1; d < ndim; ++d) idx.push_back(i[d - 1 + ni]);
        return x(idx);
      },
      name, kInjective);
}

Tensor gather(const Tensor& x, int axis, const Tensor& indices, std::string name) {
  int ndim = static_cast<int>(x->shape.size());
  int ax = NormAxis(axis, ndim, "gather");
  if (static_cast<int>(indices->shape.size()) != ndim) {
    TVM_THROW(ValueError) << "gather: indices must have the data's rank " << ndim << ", got shape "
                          << ShapeStr(indices->shape);
  }
  return te::compute(
      indices->shape,
      [&](const Array<Var>& i) {
        Array<PrimExpr> idx = Vars(i);
        idx.Set(ax, cast(x->shape[ax].dtype(), indices(Vars(i))));
        return x(idx);
      },
      name, kInjective);
}

Tensor gather_nd(const Tensor& x, const Tensor& indices, int batch_dims, std::string name) {
  if (batch_dims != 0) {
    TVM_THROW(ValueError) << "gather_nd: batch_dims " << batch_dims << " is not supported (only 0)";
  }
  const int64_t* m = indices->shape.empty() ? nullptr : ConstInt(indices->shape[0]);
  int ndim = static_cast<int>(x->shape.size());
  if (m == nullptr || *m > ndim) {
    TVM_THROW(ValueError) << "gather_nd: the first dimension of indices " << ShapeStr(indices->shape)
                          << " must be a constant <= the data's rank " << ndim;
  }
  Array<PrimExpr> shape;
  for (size_t d = 1; d < indices->shape.size(); ++d) shape.push_back(indices->shape[d]);
  for (int d = static_cast<int>(*m); d < ndim; ++d) shape.push_back(x->shape[d]);
  size_t ny = indices->shape.size() - 1;
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        Array<PrimExpr> idx;
        for (int64_t k = 0; k < *m; ++k) {
          Array<PrimExpr> ind{make_const(DataType::Int(32), k)};
          for (size_t y = 0; y < ny; ++y) ind.push_back(i[y]);
          idx.push_back(cast(x->shape[k].dtype(), indices(ind)));
        }
        for (size_t d = ny; d < i.size(); ++d) idx.push_back(i[d]);
        return x(idx);
      },
      name, kInjective);
}

Tensor tile(const Tensor& x, const Array<Integer>& reps, std::string name) {
  size_t ndim = x->shape.size();
  size_t n = std::max(ndim, reps.size());
  std::vector<PrimExpr> xs(n), rs(n);
  for (size_t k = 0; k < n; ++k) {
    size_t xd = k + ndim, rd = k + reps.size();
    xs[k] = xd >= n ? x->shape[xd - n] : make_const(DataType::Int(32), 1);
    int64_t r = rd >= n ? reps[rd - n]->value : 1;
    if (r < 0) TVM_THROW(ValueError) << "tile: reps must be non-negative, got " << r;
    rs[k] = make_const(xs[k].dtype(), r);
  }
  Array<PrimExpr> shape;
  for (size_t k = 0; k < n; ++k) shape.push_back(arith::Analyzer().Simplify(xs[k] * rs[k]));
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        Array<PrimExpr> idx;
        for (size_t d = 0; d < ndim; ++d) idx.push_back(floormod(i[n - ndim + d], xs[n - ndim + d]));
        return x(idx);
      },
      name, kInjective);
}

Tensor repeat(const Tensor& x, int repeats, int axis, std::string name) {
  int ax = NormAxis(axis, static_cast<int>(x->shape.size()), "repeat");
  if (repeats < 1) TVM_THROW(ValueError) << "repeat: repeats must be >= 1, got " << repeats;
  Array<PrimExpr> shape = x->shape;
  shape.Set(ax, x->shape[ax] * repeats);
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        Array<PrimExpr> idx = Vars(i);
        idx.Set(ax, floordiv(i[ax], repeats));
        return x(idx);
      },
      name, kInjective);
}

Tensor reverse(const Tensor& x, int axis, std::string name) {
  int ax = NormAxis(axis, static_cast<int>(x->shape.size()), "reverse");
  return te::compute(
      x->shape,
      [&](const Array<Var>& i) {
        Array<PrimExpr> idx = Vars(i);
        idx.Set(ax, x->shape[ax] - 1 - i[ax]);
        return x(idx);
      },
      name, kInjective);
}

Tensor where(const Tensor& cond, const Tensor& x, const Tensor& y, std::string name) {
  if (x->dtype != y->dtype) {
    TVM_THROW(TypeError) << "where: x is " << runtime::DLDataType2String(x->dtype) << " but y is "
                         << runtime::DLDataType2String(y->dtype);
  }
  Array<PrimExpr> shape = BroadcastShape(BroadcastShape(cond->shape, x->shape), y->shape);
  auto at = [&](const Tensor& t, const Array<Var>& i) {
    size_t n = i.size(), r = t->shape.size();
    Array<PrimExpr> idx;
    for (size_t d = 0; d < r; ++d) {
      const int64_t* v = ConstInt(t->shape[d]);
      const int64_t* o = ConstInt(shape[n - r + d]);
      idx.push_back(v && *v == 1 && !(o && *o == 1) ? make_zero(i[n - r + d].dtype())
                                                    : PrimExpr(i[n - r + d]));
    }
    return t(idx);
  };
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        PrimExpr c = at(cond, i);
        if (!c.dtype().is_bool()) c = not_equal(c, make_zero(c.dtype()));
        return Select(c, at(x, i), at(y, i));
      },
      name, kBroadcast);
}

Tensor arange(const PrimExpr& start, const PrimExpr& stop, const PrimExpr& step, DataType dtype,
              std::string name) {
  arith::Analyzer analyzer;
  PrimExpr n;
  auto num = [](const PrimExpr& e, double* v) {
    if (const auto* f = e.as<FloatImmNode>()) return (*v = f->value, true);
    if (const auto* i = e.as<IntImmNode>()) return (*v = static_cast<double>(i->value), true);
    return false;
  };
  double a, b, c;
  if (num(start, &a) && num(stop, &b) && num(step, &c)) {
    if (c == 0) TVM_THROW(ValueError) << "arange: step is 0";
    double count = std::ceil((b - a) / c);
    n = make_const(DataType::Int(32), static_cast<int64_t>(std::max(0.0, count)));
  } else {
    n = analyzer.Simplify(
        cast(DataType::Int(32), ceil(cast(DataType::Float(32), stop - start) /
                                     cast(DataType::Float(32), step))));
  }
  return te::compute(
      {n},
      [&](const Array<Var>& i) {
        return cast(dtype, start) + cast(dtype, i[0]) * cast(dtype, step);
      },
      name, kInjective);
}

Tensor one_hot(const Tensor& indices, const PrimExpr& on_value, const PrimExpr& off_value,
               int depth, int axis, DataType dtype, std::string name) {
  int ndim = static_cast<int>(indices->shape.size());
  if (axis < -ndim - 1 || axis > ndim) {
    TVM_THROW(ValueError) << "one_hot: axis " << axis << " is out of range for rank " << ndim + 1;
  }
  int ax = axis < 0 ? axis + ndim + 1 : axis;
  Array<PrimExpr> shape =
      detail::WithAxisInserted(indices->shape, ax, make_const(DataType::Int(32), depth));
  PrimExpr on = cast(dtype, on_value), off = cast(dtype, off_value);
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        Array<PrimExpr> idx = detail::WithoutAxis(i, ax);
        return Select(cast(DataType::Int(32), indices(idx)) == i[ax], on, off);
      },
      name, kInjective);
}

namespace {
/*! \brief A layout as (axis letter, block factor) pairs; factor 0 marks a whole dimension. */
std::vector<std::pair<char, int64_t>> ParseLayout(const std::string& layout) {
  std::vector<std::pair<char, int64_t>> out;
  int64_t factor = 0;
  for (char c : layout) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      factor = factor * 10 + (c - '0');
    } else if (std::isupper(static_cast<unsigned char>(c))) {
      if (factor) TVM_THROW(ValueError) << "layout " << layout << ": a number must precede a lower-case letter";
      out.emplace_back(c, 0);
    } else if (std::islower(static_cast<unsigned char>(c))) {
      if (!factor) TVM_THROW(ValueError) << "layout " << layout << ": block " << c << " needs a size";
      out.emplace_back(static_cast<char>(std::toupper(c)), factor);
      factor = 0;
    } else {
      TVM_THROW(ValueError) << "layout " << layout << ": unexpected character '" << c << "'";
    }
  }
  return out;
}
}  // namespace

Tensor layout_transform(const Tensor& x, const std::string& src_layout,
                        const std::string& dst_layout, std::string name) {
  auto src = ParseLayout(src_layout), dst = ParseLayout(dst_layout);
  if (src.size() != x->shape.size()) {
    TVM_THROW(ValueError) << "layout_transform: layout " << src_layout << " has " << src.size()
                          << " dimensions but the tensor has shape " << ShapeStr(x->shape);
  }
  // Primal extent and block factor of each axis letter in the source.
  std::map<char, PrimExpr> extent;
  std::map<char, int64_t> src_block, dst_block;
  std::map<char, int> src_pos, src_sub_pos, dst_pos, dst_sub_pos;
  for (size_t d = 0; d < src.size(); ++d) {
    if (src[d].second == 0) src_pos[src[d].first] = static_cast<int>(d);
    else { src_block[src[d].first] = src[d].second; src_sub_pos[src[d].first] = static_cast<int>(d); }
  }
  for (size_t d = 0; d < dst.size(); ++d) {
    if (dst[d].second == 0) dst_pos[dst[d].first] = static_cast<int>(d);
    else { dst_block[dst[d].first] = dst[d].second; dst_sub_pos[dst[d].first] = static_cast<int>(d); }
  }
  if (src_pos.size() != dst_pos.size() ||
      !std::all_of(src_pos.begin(), src_pos.end(), [&](const auto& kv) { return dst_pos.count(kv.first); })) {
    TVM_THROW(ValueError) << "layout_transform: " << src_layout << " and " << dst_layout
                          << " do not have the same axes";
  }
  for (const auto& kv : src_pos) {
    PrimExpr e = x->shape[kv.second];
    if (src_block.count(kv.first)) e = e * static_cast<int>(src_block[kv.first]);
    extent[kv.first] = arith::Analyzer().Simplify(e);
  }
  Array<PrimExpr> shape;
  for (const auto& a : dst) {
    if (a.second) {
      shape.push_back(make_const(DataType::Int(32), a.second));
    } else if (dst_block.count(a.first)) {
      PrimExpr f = make_const(DataType::Int(32), dst_block[a.first]);
      shape.push_back(arith::Analyzer().Simplify(floordiv(extent[a.first] + f - 1, f)));
    } else {
      shape.push_back(extent[a.first]);
    }
  }
  return te::compute(
      shape,
      [&](const Array<Var>& i) {
        std::map<char, PrimExpr> primal;
        PrimExpr in_range = Bool(true);
        for (const auto& kv : dst_pos) {
          PrimExpr p = i[kv.second];
          if (dst_block.count(kv.first)) {
            p = p * static_cast<int>(dst_block[kv.first]) + i[dst_sub_pos[kv.first]];
            in_range = in_range && p < extent[kv.first];
          }
          primal[kv.first] = p;
        }
        std::vector<PrimExpr> idx(src.size());
        for (const auto& kv : src_pos) {
          PrimExpr p = primal[kv.first];
          if (src_block.count(kv.first)) {
            int64_t f = src_block[kv.first];
            idx[kv.second] = floordiv(p, static_cast<int>(f));
            idx[src_sub_pos[kv.first]] = floormod(p, static_cast<int>(f));
          } else {
            idx[kv.second] = p;
          }
        }
        PrimExpr v = x(Array<PrimExpr>(idx.begin(), idx.end()));
        if (is_one(in_range)) return v;
        return if_then_else(in_range, v, make_zero(x->dtype));
      },
      name, kInjective);
}

// ---- FFI ---------------------------------------------------------------------------------
TVM_REGISTER_GLOBAL("topi.reshape").set_body_typed([](Tensor x, Array<PrimExpr> s) {
  return reshape(x, s);
});
TVM_REGISTER_GLOBAL("topi.transpose").set_body_typed([](Tensor x, Optional<Array<Integer>> a) {
  return transpose(x, a);
});
TVM_REGISTER_GLOBAL("topi.squeeze").set_body_typed([](Tensor x, Optional<Array<Integer>> a) {
  return squeeze(x, a);
});
TVM_REGISTER_GLOBAL("topi.expand_dims").set_body_typed([](Tensor x, int axis, int n) {
  return expand_dims(x, axis, n);
});
TVM_REGISTER_GLOBAL("topi.concatenate").set_body_typed([](Array<Tensor> xs, int axis) {
  return concatenate(xs, axis);
});
TVM_REGISTER_GLOBAL("topi.stack").set_body_typed([](Array<Tensor> xs, int axis) {
  return stack(xs, axis);
});
TVM_REGISTER_GLOBAL("topi.split_sections").set_body_typed([](Tensor x, int sections, int axis) {
  return split_sections(x, sections, axis);
});
TVM_REGISTER_GLOBAL("topi.split").set_body_typed([](Tensor x, Array<Integer> idx, int axis) {
  return split(x, idx, axis);
});
TVM_REGISTER_GLOBAL("topi.strided_slice")
    .set_body_typed([](Tensor x, Array<Integer> b, Array<Integer> e, Array<Integer> s,
                       Optional<Array<Integer>> axes) { return strided_slice(x, b, e, s, axes); });
TVM_REGISTER_GLOBAL("topi.take").set_body_typed([](Tensor x, Tensor ind, Optional<Integer> axis,
                                                   std::string mode) {
  return take(x, ind, axis, mode);
});
TVM_REGISTER_GLOBAL("topi.gather").set_body_typed([](Tensor x, int axis, Tensor ind) {
  return gather(x, axis, ind);
});
TVM_REGISTER_GLOBAL("topi.gather_nd").set_body_typed([](Tensor x, Tensor ind, int batch_dims) {
  return gather_nd(x, ind, batch_dims);
});
TVM_REGISTER_GLOBAL("topi.tile").set_body_typed([](Tensor x, Array<Integer> reps) {
  return tile(x, reps);
});
TVM_REGISTER_GLOBAL("topi.repeat").set_body_typed([](Tensor x, int repeats, int axis) {
  return repeat(x, repeats, axis);
});
TVM_REGISTER_GLOBAL("topi.reverse").set_body_typed([](Tensor x, int axis) {
  return reverse(x, axis);
});
TVM_REGISTER_GLOBAL("topi.where").set_body_typed([](Tensor c, Tensor x, Tensor y) {
  return where(c, x, y);
});
TVM_REGISTER_GLOBAL("topi.arange").set_body_typed([](PrimExpr a, PrimExpr b, PrimExpr s, DataType t) {
  return arange(a, b, s, t);
});
TVM_REGISTER_GLOBAL("topi.one_hot")
    .set_body_typed([](Tensor ind, PrimExpr on, PrimExpr off, int depth, int axis, DataType t) {
      return one_hot(ind, on, off, depth, axis, t);
    });
TVM_REGISTER_GLOBAL("topi.layout_transform")
    .set_body_typed([](Tensor x, std::string src, std::string dst) {
      return layout_transform(x, src, dst);
    });

}  // namespace topi
}  // namespace tvm
