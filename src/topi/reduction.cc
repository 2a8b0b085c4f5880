/*!
 * \file reduction.cc
 * \brief Reductions; see tvm/topi/reduction.h.
 */
#include <tvm/runtime/registry.h>
#include <tvm/topi/reduction.h>

#include <algorithm>

namespace tvm {
namespace topi {

using namespace tvm::tir;  // NOLINT(*)

std::vector<int> NormalizeReduceAxes(int ndim, const Optional<Array<Integer>>& axis,
                                     const char* op) {
  std::vector<int> axes;
  if (!axis.defined()) {
    for (int i = 0; i < ndim; ++i) axes.push_back(i);
    return axes;
  }
  for (const Integer& a : axis.value()) {
    int64_t v = a->value;
    if (v < -ndim || v >= ndim) {
      TVM_THROW(ValueError) << op << ": axis " << v << " is out of range for a tensor of rank "
                            << ndim << " (expected " << -ndim << " <= axis < " << ndim << ")";
    }
    axes.push_back(static_cast<int>(v < 0 ? v + ndim : v));
  }
  std::sort(axes.begin(), axes.end());
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  return axes;
}

namespace {

struct ReduceLayout {
  Array<PrimExpr> out_shape;
  Array<IterVar> raxis;
  std::vector<int> axes;
};

ReduceLayout Layout(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims,
                    const char* op) {
  ReduceLayout l;
  int ndim = static_cast<int>(data->shape.size());
  l.axes = NormalizeReduceAxes(ndim, axis, op);
  for (int d = 0; d < ndim; ++d) {
    bool reduced = std::binary_search(l.axes.begin(), l.axes.end(), d);
    if (reduced) {
      l.raxis.push_back(te::reduce_axis(
          Range::FromMinExtent(make_zero(data->shape[d].dtype()), data->shape[d]),
          "k" + std::to_string(d)));
      if (keepdims) l.out_shape.push_back(make_const(data->shape[d].dtype(), 1));
    } else {
      l.out_shape.push_back(data->shape[d]);
    }
  }
  return l;
}

/*! \brief The input index for output index `i`: reduced dimensions take the reduce vars. */
Array<PrimExpr> InputIndex(const ReduceLayout& l, const Array<Var>& i, bool keepdims, size_t ndim) {
  Array<PrimExpr> idx;
  size_t out_pos = 0, r = 0;
  for (size_t d = 0; d < ndim; ++d) {
    if (r < l.axes.size() && l.axes[r] == static_cast<int>(d)) {
      idx.push_back(l.raxis[r++]->var);
      if (keepdims) ++out_pos;
    } else {
      idx.push_back(i[out_pos++]);
    }
  }
  return idx;
}

using FReduce = PrimExpr (*)(PrimExpr, Array<IterVar>, Array<PrimExpr>, Span);

Tensor CommReduce(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims,
                  FReduce f, const char* op, DataType as = DataType()) {
  ReduceLayout l = Layout(data, axis, keepdims, op);
  size_t ndim = data->shape.size();
  return te::compute(
      l.out_shape,
      [&](const Array<Var>& i) {
        PrimExpr v = data(InputIndex(l, i, keepdims, ndim));
        if (as.bits() != 0 && v.dtype() != as) v = cast(as, v);
        if (l.raxis.empty()) return v;
        return f(v, l.raxis, {}, Span());
      },
      std::string("T_") + op, kCommReduce);
}

PrimExpr AllReduce(PrimExpr source, Array<IterVar> axis, Array<PrimExpr> init, Span span) {
  Var x("x", DataType::Bool()), y("y", DataType::Bool());
  CommReducer r({x}, {y}, {logical_and(x, y)}, {make_const(DataType::Bool(), true)});
  return Reduce(r, {source}, axis, Bool(true), 0, init, span);
}
PrimExpr AnyReduce(PrimExpr source, Array<IterVar> axis, Array<PrimExpr> init, Span span) {
  Var x("x", DataType::Bool()), y("y", DataType::Bool());
  CommReducer r({x}, {y}, {logical_or(x, y)}, {make_const(DataType::Bool(), false)});
  return Reduce(r, {source}, axis, Bool(true), 0, init, span);
}

/*!
 * \brief argmax/argmin as a two-value reduction (index, value): the better value wins, ties go
 *  to the smaller index (the larger with select_last_index), which keeps the combiner
 *  commutative and associative.
 */
Tensor ArgReduce(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims,
                 bool is_max, bool select_last, const char* op) {
  ReduceLayout l = Layout(data, axis, keepdims, op);
  size_t ndim = data->shape.size();
  DataType it = DataType::Int(32), vt = data->dtype;
  Var xi("xi", it), xv("xv", vt), yi("yi", it), yv("yv", vt);
  PrimExpr better = is_max ? (xv > yv) : (xv < yv);
  PrimExpr tie_first = select_last ? (xi > yi) : (xi < yi);
  PrimExpr keep_x = better || (xv == yv && tie_first);
  CommReducer combiner({xi, xv}, {yi, yv}, {Select(keep_x, xi, yi), Select(keep_x, xv, yv)},
                       {make_const(it, -1), is_max ? min_value(vt) : max_value(vt)});
  Array<PrimExpr> shape = l.out_shape;
  std::string name = std::string("T_") + op;
  // Both outputs share one Reduce node; output 0 is the index.
  Array<IterVar> out_axis;
  Array<Var> out_vars;
  for (size_t d = 0; d < shape.size(); ++d) {
    IterVar iv = te::data_axis(Range::FromMinExtent(make_zero(shape[d].dtype()), shape[d]),
                               "ax" + std::to_string(d));
    out_axis.push_back(iv);
    out_vars.push_back(iv->var);
  }
  Array<PrimExpr> in_idx = InputIndex(l, out_vars, keepdims, ndim);
  PrimExpr flat = make_zero(it);
  for (const IterVar& r : l.raxis) flat = flat * cast(it, r->dom->extent) + cast(it, r->var);
  PrimExpr value = data(in_idx);
  if (l.raxis.empty()) {
    return te::compute(shape, [&](const Array<Var>&) { return make_zero(it); }, name,
                       kCommReduceIdx);
  }
  Array<PrimExpr> source{flat, value};
  Array<PrimExpr> bodies;
  for (int k = 0; k < 2; ++k) {
    bodies.push_back(Reduce(combiner, source, l.raxis, Bool(true), k, {}, Span()));
  }
  te::Operation op_node = te::ComputeOp(name, kCommReduceIdx, {}, out_axis, bodies);
  return op_node.output(0);
}

}  // namespace

Tensor sum(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims) {
  return CommReduce(data, axis, keepdims, te::sum, "sum");
}
Tensor prod(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims) {
  return CommReduce(data, axis, keepdims, te::prod, "prod");
}
Tensor max(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims) {
  return CommReduce(data, axis, keepdims, te::max, "max");
}
Tensor min(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims) {
  return CommReduce(data, axis, keepdims, te::min, "min");
}
Tensor all(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims) {
  return CommReduce(data, axis, keepdims, AllReduce, "all", DataType::Bool());
}
Tensor any(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims) {
  return CommReduce(data, axis, keepdims, AnyReduce, "any", DataType::Bool());
}
Tensor argmax(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims,
              bool select_last_index) {
  return ArgReduce(data, axis, keepdims, true, select_last_index, "argmax");
}
Tensor argmin(const Tensor& data, const Optional<Array<Integer>>& axis, bool keepdims,
              bool select_last_index) {
  return ArgReduce(data, axis, keepdims, false, select_last_index, "argmin");
}

#define TVM_TOPI_REGISTER_REDUCE(Name)                                                   \
  TVM_REGISTER_GLOBAL("topi." #Name)                                                     \
      .set_body_typed([](Tensor data, Optional<Array<Integer>> axis, bool keepdims) {    \
        return Name(data, axis, keepdims);                                               \
      });
TVM_TOPI_REGISTER_REDUCE(sum)
TVM_TOPI_REGISTER_REDUCE(prod)
TVM_TOPI_REGISTER_REDUCE(max)
TVM_TOPI_REGISTER_REDUCE(min)
TVM_TOPI_REGISTER_REDUCE(all)
TVM_TOPI_REGISTER_REDUCE(any)
#undef TVM_TOPI_REGISTER_REDUCE
TVM_REGISTER_GLOBAL("topi.argmax")
    .set_body_typed([](Tensor data, Optional<Array<Integer>> axis, bool keepdims, bool last) {
      return argmax(data, axis, keepdims, last);
    });
TVM_REGISTER_GLOBAL("topi.argmin")
    .set_body_typed([](Tensor data, Optional<Array<Integer>> axis, bool keepdims, bool last) {
      return argmin(data, axis, keepdims, last);
    });

}  // namespace topi
}  // namespace tvm
