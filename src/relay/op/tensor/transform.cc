/*!
 * \file transform.cc
 * \brief Shape and layout transforms (reshape, transpose, squeeze, expand_dims, concatenate,
 *  split, strided_slice, take, broadcast_to, where) and the ops that make tensors (zeros,
 *  ones, full).
 */
#include <tvm/relay/attrs/transform.h>

#include <algorithm>
#include <vector>

#include "../op_common.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(ReshapeAttrs);
TVM_REGISTER_NODE_TYPE(TransposeAttrs);
TVM_REGISTER_NODE_TYPE(SqueezeAttrs);
TVM_REGISTER_NODE_TYPE(ExpandDimsAttrs);
TVM_REGISTER_NODE_TYPE(ConcatenateAttrs);
TVM_REGISTER_NODE_TYPE(SplitAttrs);
TVM_REGISTER_NODE_TYPE(StridedSliceAttrs);
TVM_REGISTER_NODE_TYPE(TakeAttrs);
TVM_REGISTER_NODE_TYPE(InitOpAttrs);
TVM_REGISTER_NODE_TYPE(TileAttrs);
TVM_REGISTER_NODE_TYPE(RepeatAttrs);
TVM_REGISTER_NODE_TYPE(GatherAttrs);
TVM_REGISTER_NODE_TYPE(OneHotAttrs);

namespace {

Array<Integer> NullInts() { return Array<Integer>(ObjectPtr<Object>()); }

std::string ShapeString(const Array<PrimExpr>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + DimString(shape[i]);
  return s + ")";
}

std::string IntsString(const Array<Integer>& v) {
  std::string s = "(";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i].IntValue());
  return s + ")";
}

/*! \brief The product of constant dims, or nullopt when one is not constant. */
std::optional<int64_t> NumElements(const Array<PrimExpr>& shape) {
  int64_t n = 1;
  for (const PrimExpr& d : shape) {
    std::optional<int64_t> c = ConstDim(d);
    if (!c) return std::nullopt;
    n *= *c;
  }
  return n;
}

// ---- reshape ---------------------------------------------------------------------------------
bool ReshapeRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const Array<Integer>& newshape = attrs.as<ReshapeAttrs>()->newshape;
  const Array<PrimExpr>& in = data->shape;
  std::vector<PrimExpr> out;
  int infer_at = -1;
  size_t src = 0;  // the input dimension the next code refers to
  for (size_t i = 0; i < newshape.size(); ++i) {
    int64_t code = newshape[i].IntValue();
    if (code > 0) {
      out.push_back(Dim(code));
      ++src;
    } else if (code == 0) {
      if (src >= in.size()) {
        TVM_THROW(TypeError) << "newshape " << IntsString(newshape) << " copies dimension " << src
                             << " (code 0) of a tensor of rank " << in.size();
      }
      out.push_back(in[src++]);
    } else if (code == -1) {
      if (infer_at >= 0)
        TVM_THROW(TypeError) << "newshape " << IntsString(newshape) << " has two -1";
      infer_at = static_cast<int>(out.size());
      out.push_back(PrimExpr());
      ++src;
    } else if (code == -2) {
      for (; src < in.size(); ++src) out.push_back(in[src]);
    } else if (code == -3) {
      if (src + 1 >= in.size()) {
        TVM_THROW(TypeError) << "newshape " << IntsString(newshape)
                             << " merges two dimensions (code -3) past the input's rank "
                             << in.size();
      }
      std::optional<int64_t> a = ConstDim(in[src]), b = ConstDim(in[src + 1]);
      out.push_back(a && b ? Dim(*a * *b) : PrimExpr(Any()));
      src += 2;
    } else {
      TVM_THROW(TypeError) << "newshape " << IntsString(newshape) << ": code " << code
                           << " is not supported (use a size, 0, -1, -2 or -3)";
    }
  }
  std::optional<int64_t> total = NumElements(in);
  if (infer_at >= 0) {
    int64_t known = 1;
    bool all_known = total.has_value();
    for (size_t i = 0; i < out.size(); ++i) {
      if (static_cast<int>(i) == infer_at) continue;
      std::optional<int64_t> c = ConstDim(out[i]);
      if (!c) {
        all_known = false;
      } else {
        known *= *c;
      }
    }
    if (!all_known) {
      out[infer_at] = Any();
    } else {
      if (known == 0 || *total % known != 0) {
        TVM_THROW(TypeError) << "cannot reshape " << TypeText(types[0]) << " (" << *total
                             << " elements) to " << IntsString(newshape);
      }
      out[infer_at] = Dim(*total / known);
    }
  }
  Array<PrimExpr> oshape(out.begin(), out.end());
  std::optional<int64_t> out_total = NumElements(oshape);
  if (total && out_total && *total != *out_total) {
    TVM_THROW(TypeError) << "cannot reshape " << TypeText(types[0]) << " (" << *total
                         << " elements) to " << ShapeString(oshape) << " (" << *out_total
                         << " elements)";
  }
  reporter->Assign(types[1], TensorType(oshape, data->dtype));
  return true;
}

// ---- transpose -------------------------------------------------------------------------------
bool TransposeRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                  const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  int ndim = static_cast<int>(data->shape.size());
  const Array<Integer>& axes = attrs.as<TransposeAttrs>()->axes;
  std::vector<int> perm;
  if (!axes.defined() || axes.empty()) {
    for (int i = ndim - 1; i >= 0; --i) perm.push_back(i);
  } else {
    if (static_cast<int>(axes.size()) != ndim) {
      TVM_THROW(TypeError) << "axes " << IntsString(axes) << " is not a permutation of the " << ndim
                           << " axes of " << TypeText(types[0]);
    }
    std::vector<bool> seen(ndim, false);
    for (const Integer& a : axes) {
      int k = NormalizeAxis(a.IntValue(), ndim, "axis");
      if (seen[k]) TVM_THROW(TypeError) << "axes " << IntsString(axes) << " repeats axis " << k;
      seen[k] = true;
      perm.push_back(k);
    }
  }
  Array<PrimExpr> shape;
  for (int k : perm) shape.push_back(data->shape[k]);
  reporter->Assign(types[1], TensorType(shape, data->dtype));
  return true;
}

// ---- squeeze / expand_dims -------------------------------------------------------------------
bool SqueezeRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  int ndim = static_cast<int>(data->shape.size());
  const Array<Integer>& axis = attrs.as<SqueezeAttrs>()->axis;
  std::vector<bool> drop(ndim, false);
  if (!axis.defined()) {
    for (int i = 0; i < ndim; ++i) {
      std::optional<int64_t> c = ConstDim(data->shape[i]);
      drop[i] = c && *c == 1;
    }
  } else {
    for (const Integer& a : axis) {
      int k = NormalizeAxis(a.IntValue(), ndim, "axis");
      std::optional<int64_t> c = ConstDim(data->shape[k]);
      if (c && *c != 1) {
        TVM_THROW(TypeError) << "cannot squeeze axis " << a.IntValue() << " of "
                             << TypeText(types[0]) << ": its extent is " << *c << ", not 1";
      }
      drop[k] = true;
    }
  }
  Array<PrimExpr> shape;
  for (int i = 0; i < ndim; ++i) {
    if (!drop[i]) shape.push_back(data->shape[i]);
  }
  reporter->Assign(types[1], TensorType(shape, data->dtype));
  return true;
}

bool ExpandDimsRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                   const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<ExpandDimsAttrs>();
  int ndim = static_cast<int>(data->shape.size());
  if (a->num_newaxis < 0) TVM_THROW(TypeError) << "num_newaxis " << a->num_newaxis << " < 0";
  int axis = NormalizeAxis(a->axis, ndim + 1, "axis");
  Array<PrimExpr> shape;
  for (int i = 0; i < axis; ++i) shape.push_back(data->shape[i]);
  for (int i = 0; i < a->num_newaxis; ++i) shape.push_back(Dim(1));
  for (int i = axis; i < ndim; ++i) shape.push_back(data->shape[i]);
  reporter->Assign(types[1], TensorType(shape, data->dtype));
  return true;
}

// ---- concatenate / split ---------------------------------------------------------------------
bool ConcatenateRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                    const TypeReporter& reporter) {
  if (types[0].as<IncompleteTypeNode>()) return false;
  const auto* tuple = types[0].as<TupleTypeNode>();
  if (tuple == nullptr) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be a tuple of tensors, but has type "
                         << TypeText(types[0]);
  }
  if (tuple->fields.empty()) TVM_THROW(TypeError) << "there is nothing to concatenate";
  std::vector<const TensorTypeNode*> fields;
  for (const Type& f : tuple->fields) {
    if (f.as<IncompleteTypeNode>()) return false;
    const auto* t = f.as<TensorTypeNode>();
    if (t == nullptr) TVM_THROW(TypeError) << "field " << fields.size() << " is a " << TypeText(f);
    fields.push_back(t);
  }
  const TensorTypeNode* first = fields[0];
  int ndim = static_cast<int>(first->shape.size());
  int axis = NormalizeAxis(attrs.as<ConcatenateAttrs>()->axis, ndim, "axis");
  bool any = false;
  int64_t sum = 0;
  for (size_t i = 0; i < fields.size(); ++i) {
    const TensorTypeNode* t = fields[i];
    if (t->dtype != first->dtype || static_cast<int>(t->shape.size()) != ndim) {
      TVM_THROW(TypeError) << "field " << i << " of the tuple, " << TypeText(GetRef<Type>(t))
                           << ", does not match field 0, " << TypeText(GetRef<Type>(first))
                           << " (dtype and rank must agree)";
    }
    for (int k = 0; k < ndim; ++k) {
      if (k == axis) continue;
      std::optional<int64_t> a = ConstDim(t->shape[k]), b = ConstDim(first->shape[k]);
      if (a && b && *a != *b) {
        TVM_THROW(TypeError) << "field " << i << " of the tuple, " << TypeText(GetRef<Type>(t))
                             << ", differs from field 0, " << TypeText(GetRef<Type>(first))
                             << ", in dimension " << k << " (only axis " << axis << " may)";
      }
    }
    std::optional<int64_t> c = ConstDim(t->shape[axis]);
    if (c) {
      sum += *c;
    } else {
      any = true;
    }
  }
  Array<PrimExpr> shape = first->shape;
  shape.Set(axis, any ? PrimExpr(Any()) : Dim(sum));
  reporter->Assign(types[1], TensorType(shape, first->dtype));
  return true;
}

bool SplitRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
              const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<SplitAttrs>();
  int ndim = static_cast<int>(data->shape.size());
  int axis = NormalizeAxis(a->axis, ndim, "axis");
  std::optional<int64_t> extent = ConstDim(data->shape[axis]);
  Array<Type> fields;
  auto part = [&](PrimExpr d) {
    Array<PrimExpr> shape = data->shape;
    shape.Set(axis, d);
    fields.push_back(TensorType(shape, data->dtype));
  };
  if (const auto* sections = a->indices_or_sections.as<IntImmNode>()) {
    int64_t n = sections->value;
    if (n <= 0) TVM_THROW(TypeError) << "cannot split into " << n << " sections";
    if (extent && *extent % n != 0) {
      TVM_THROW(TypeError) << "cannot split axis " << a->axis << " of " << TypeText(types[0])
                           << " (extent " << *extent << ") into " << n << " equal sections";
    }
    for (int64_t i = 0; i < n; ++i) part(extent ? Dim(*extent / n) : PrimExpr(Any()));
  } else {
    Array<Integer> indices = Downcast<Array<Integer>>(a->indices_or_sections);
    int64_t begin = 0;
    for (size_t i = 0; i <= indices.size(); ++i) {
      if (i < indices.size()) {
        int64_t end = indices[i].IntValue();
        if (end < begin || (extent && end > *extent)) {
          TVM_THROW(TypeError) << "split indices " << IntsString(indices)
                               << " must increase within the extent of axis " << a->axis;
        }
        part(Dim(end - begin));
        begin = end;
      } else {
        part(extent ? Dim(*extent - begin) : PrimExpr(Any()));
      }
    }
  }
  reporter->Assign(types[1], TupleType(fields));
  return true;
}

// ---- strided_slice ---------------------------------------------------------------------------
bool StridedSliceRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                     const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<StridedSliceAttrs>();
  int ndim = static_cast<int>(data->shape.size());
  std::vector<int> axes;
  if (a->axes.defined()) {
    for (const Integer& x : a->axes) axes.push_back(NormalizeAxis(x.IntValue(), ndim, "axis"));
  } else {
    for (size_t i = 0; i < std::max(a->begin.size(), a->end.size()); ++i) {
      axes.push_back(static_cast<int>(i));
    }
    if (static_cast<int>(axes.size()) > ndim) {
      TVM_THROW(TypeError) << "begin/end slice " << axes.size() << " axes of "
                           << TypeText(types[0]);
    }
  }
  bool by_size = a->slice_mode == "size";
  Array<PrimExpr> shape = data->shape;
  for (size_t i = 0; i < axes.size(); ++i) {
    int k = axes[i];
    int64_t stride = a->strides.defined() && !a->strides.empty()
                         ? a->strides[std::min(i, a->strides.size() - 1)].IntValue()
                         : 1;
    if (stride == 0) TVM_THROW(TypeError) << "stride of axis " << k << " is 0";
    std::optional<int64_t> extent = ConstDim(data->shape[k]);
    if (!extent) {
      shape.Set(k, Any());
      continue;
    }
    int64_t n = *extent;
    bool has_begin = i < a->begin.size(), has_end = i < a->end.size();
    int64_t begin = has_begin ? a->begin[i].IntValue() : (stride > 0 ? 0 : n - 1);
    int64_t end;
    if (by_size) {
      stride = 1;
      int64_t size = has_end ? a->end[i].IntValue() : -1;
      if (begin < 0) begin += n;
      end = size < 0 ? n : begin + size;
    } else {
      end = has_end ? a->end[i].IntValue() : (stride > 0 ? n : -n - 1);
    }
    // Python slice semantics: negative bounds count from the end, then clamp.
    auto clamp = [&](int64_t v, bool is_end) {
      if (v < 0) v += n;
      if (stride > 0) return std::min(std::max<int64_t>(v, 0), n);
      return std::min(std::max<int64_t>(v, is_end ? -1 : 0), n - 1);
    };
    if (!by_size) {
      begin = clamp(begin, false);
      end = (has_end || stride > 0) ? clamp(end, true) : -1;
    } else {
      begin = std::min(std::max<int64_t>(begin, 0), n);
      end = std::min(std::max<int64_t>(end, 0), n);
    }
    int64_t len =
        stride > 0 ? (end - begin + stride - 1) / stride : (begin - end - stride - 1) / -stride;
    shape.Set(k, Dim(std::max<int64_t>(len, 0)));
  }
  reporter->Assign(types[1], TensorType(shape, data->dtype));
  return true;
}

// ---- take ------------------------------------------------------------------------------------
bool TakeRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
             const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  const TensorTypeNode* indices = TensorArg(types, 1, reporter);
  if (data == nullptr || indices == nullptr) return false;
  if (!indices->dtype.is_int() && !indices->dtype.is_uint()) {
    TVM_THROW(TypeError) << reporter->ArgName(1) << " must have an integer dtype, but has type "
                         << TypeText(types[1]);
  }
  const auto* a = attrs.as<TakeAttrs>();
  Array<PrimExpr> shape;
  if (!a->axis.defined()) {
    shape = indices->shape;
  } else {
    int ndim = static_cast<int>(data->shape.size());
    int axis = NormalizeAxis(a->axis.IntValue(), ndim, "axis");
    int64_t batch_dims = a->batch_dims.defined() ? a->batch_dims.IntValue() : 0;
    if (batch_dims < 0) batch_dims += indices->shape.size();
    for (int i = 0; i < axis; ++i) shape.push_back(data->shape[i]);
    for (size_t i = batch_dims; i < indices->shape.size(); ++i) shape.push_back(indices->shape[i]);
    for (int i = axis + 1; i < ndim; ++i) shape.push_back(data->shape[i]);
  }
  reporter->Assign(types[2], TensorType(shape, data->dtype));
  return true;
}

// ---- making tensors --------------------------------------------------------------------------
Array<PrimExpr> ShapeOf(const Array<Integer>& v) {
  Array<PrimExpr> shape;
  for (const Integer& d : v) {
    if (d.IntValue() < 0) TVM_THROW(TypeError) << "negative extent in shape " << IntsString(v);
    shape.push_back(Dim(d.IntValue()));
  }
  return shape;
}

bool InitOpRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  const auto* a = attrs.as<InitOpAttrs>();
  reporter->Assign(types[0], TensorType(ShapeOf(a->shape), a->dtype));
  return true;
}

bool FullRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
             const TypeReporter& reporter) {
  const TensorTypeNode* fill = TensorArg(types, 0, reporter);
  if (fill == nullptr) return false;
  if (!fill->shape.empty()) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be a scalar, but has type "
                         << TypeText(types[0]);
  }
  const auto* a = attrs.as<InitOpAttrs>();
  DataType dtype = a->dtype.is_void() ? fill->dtype : a->dtype;
  reporter->Assign(types[1], TensorType(ShapeOf(a->shape), dtype));
  return true;
}

bool FullLikeRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                 const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  const TensorTypeNode* fill = TensorArg(types, 1, reporter);
  if (data == nullptr || fill == nullptr) return false;
  if (!fill->shape.empty()) {
    TVM_THROW(TypeError) << reporter->ArgName(1) << " must be a scalar, but has type "
                         << TypeText(types[1]);
  }
  reporter->Assign(types[2], types[0]);
  return true;
}

bool BroadcastToRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                    const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  TensorType target(ShapeOf(attrs.as<InitOpAttrs>()->shape), data->dtype);
  Array<PrimExpr> shape = BroadcastShape(data, target.get(), reporter);
  if (shape.size() != target->shape.size()) {
    TVM_THROW(TypeError) << "cannot broadcast " << TypeText(types[0]) << " to the lower-rank shape "
                         << ShapeString(target->shape);
  }
  for (size_t i = 0; i < shape.size(); ++i) {
    std::optional<int64_t> a = ConstDim(shape[i]), b = ConstDim(target->shape[i]);
    if (a && b && *a != *b) {
      TVM_THROW(TypeError) << "cannot broadcast " << TypeText(types[0]) << " to "
                           << ShapeString(target->shape);
    }
  }
  reporter->Assign(types[1], target);
  return true;
}

bool WhereRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
              const TypeReporter& reporter) {
  const TensorTypeNode* cond = TensorArg(types, 0, reporter);
  const TensorTypeNode* x = TensorArg(types, 1, reporter);
  const TensorTypeNode* y = TensorArg(types, 2, reporter);
  if (cond == nullptr || x == nullptr || y == nullptr) return false;
  if (x->dtype != y->dtype) {
    TVM_THROW(TypeError) << reporter->ArgName(1) << " and " << reporter->ArgName(2)
                         << " must have the same dtype, but have types " << TypeText(types[1])
                         << " and " << TypeText(types[2]);
  }
  // Broadcast x with y, then the condition with the result (its dtype taken from x).
  TensorType xy_type(BroadcastShape(x, y, reporter), x->dtype);
  TensorType cond_as_x(cond->shape, x->dtype);
  Array<PrimExpr> shape = BroadcastShape(cond_as_x.get(), xy_type.get(), reporter);
  reporter->Assign(types[3], TensorType(shape, x->dtype));
  return true;
}

// ---- tile / repeat --------------------------------------------------------------------------
/*! \brief d * k, or Any when d is not a constant. */
PrimExpr ScaleDim(const PrimExpr& d, int64_t k) {
  std::optional<int64_t> c = ConstDim(d);
  return c ? Dim(*c * k) : PrimExpr(Any());
}

bool TileRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
             const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const Array<Integer>& reps = attrs.as<TileAttrs>()->reps;
  size_t ndim = data->shape.size(), n = std::max(ndim, reps.size());
  Array<PrimExpr> shape;
  for (size_t i = 0; i < n; ++i) {
    // Both the shape and reps are aligned to the right; missing entries count as 1.
    PrimExpr d = i + ndim >= n ? data->shape[i + ndim - n] : Dim(1);
    int64_t r = i + reps.size() >= n ? reps[i + reps.size() - n].IntValue() : 1;
    if (r < 0) TVM_THROW(TypeError) << "reps " << IntsString(reps) << " has a negative entry";
    shape.push_back(ScaleDim(d, r));
  }
  reporter->Assign(types[1], TensorType(shape, data->dtype));
  return true;
}

bool RepeatRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<RepeatAttrs>();
  int64_t repeats = a->repeats.IntValue();
  if (repeats < 0) TVM_THROW(TypeError) << "repeats " << repeats << " is negative";
  Array<PrimExpr> shape;
  if (!a->axis.defined()) {
    std::optional<int64_t> n = NumElements(data->shape);
    shape.push_back(n ? Dim(*n * repeats) : PrimExpr(Any()));
  } else {
    int axis = NormalizeAxis(a->axis.IntValue(), static_cast<int>(data->shape.size()), "axis");
    shape = data->shape;
    shape.Set(axis, ScaleDim(data->shape[axis], repeats));
  }
  reporter->Assign(types[1], TensorType(shape, data->dtype));
  return true;
}

// ---- gather / one_hot -----------------------------------------------------------------------
bool GatherRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  const TensorTypeNode* indices = TensorArg(types, 1, reporter);
  if (data == nullptr || indices == nullptr) return false;
  if (!indices->dtype.is_int() && !indices->dtype.is_uint()) {
    TVM_THROW(TypeError) << reporter->ArgName(1) << " must have an integer dtype, but has type "
                         << TypeText(types[1]);
  }
  if (indices->shape.size() != data->shape.size()) {
    TVM_THROW(TypeError) << reporter->ArgName(1) << ", " << TypeText(types[1])
                         << ", must have the rank of " << reporter->ArgName(0) << ", "
                         << TypeText(types[0]);
  }
  NormalizeAxis(attrs.as<GatherAttrs>()->axis.IntValue(), static_cast<int>(data->shape.size()),
                "axis");
  reporter->Assign(types[2], TensorType(indices->shape, data->dtype));
  return true;
}

bool OneHotRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  const TensorTypeNode* indices = TensorArg(types, 0, reporter);
  if (indices == nullptr) return false;
  for (int i = 1; i < 3; ++i) {
    const TensorTypeNode* v = TensorArg(types, i, reporter);
    if (v != nullptr && !v->shape.empty()) {
      TVM_THROW(TypeError) << reporter->ArgName(i) << " must be a scalar, but has type "
                           << TypeText(types[i]);
    }
  }
  const auto* a = attrs.as<OneHotAttrs>();
  if (a->depth <= 0) TVM_THROW(TypeError) << "depth must be positive, got " << a->depth;
  int ndim = static_cast<int>(indices->shape.size());
  int axis = a->axis == -1 ? ndim : NormalizeAxis(a->axis, ndim + 1, "axis");
  Array<PrimExpr> shape;
  for (int i = 0; i < axis; ++i) shape.push_back(indices->shape[i]);
  shape.push_back(Dim(a->depth));
  for (int i = axis; i < ndim; ++i) shape.push_back(indices->shape[i]);
  reporter->Assign(types[3], TensorType(shape, a->dtype));
  return true;
}

}  // namespace

// ---- registration ----------------------------------------------------------------------------
TVM_REGISTER_GLOBAL("relay.op._make.reshape")
    .set_body_typed([](Expr data, Array<Integer> newshape) {
      auto attrs = MakeAttrs<ReshapeAttrs>();
      attrs->newshape = newshape;
      return MakeOpCall("reshape", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("reshape")
    .describe("the data with a new shape (codes: 0 copy, -1 infer, -2 copy rest, -3 merge)")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<ReshapeAttrs>()
    .add_type_rel("Reshape", ReshapeRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

TVM_REGISTER_GLOBAL("relay.op._make.transpose")
    .set_body_typed([](Expr data, Optional<Array<Integer>> axes) {
      auto attrs = MakeAttrs<TransposeAttrs>();
      attrs->axes = axes.value_or(NullInts());
      return MakeOpCall("transpose", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("transpose")
    .describe("the data with its axes permuted")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<TransposeAttrs>()
    .add_type_rel("Transpose", TransposeRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

TVM_REGISTER_GLOBAL("relay.op._make.squeeze")
    .set_body_typed([](Expr data, Optional<Array<Integer>> axis) {
      auto attrs = MakeAttrs<SqueezeAttrs>();
      attrs->axis = axis.value_or(NullInts());
      return MakeOpCall("squeeze", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("squeeze")
    .describe("the data without axes of extent 1")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<SqueezeAttrs>()
    .add_type_rel("Squeeze", SqueezeRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

TVM_REGISTER_GLOBAL("relay.op._make.expand_dims")
    .set_body_typed([](Expr data, int axis, int num_newaxis) {
      auto attrs = MakeAttrs<ExpandDimsAttrs>();
      attrs->axis = axis;
      attrs->num_newaxis = num_newaxis;
      return MakeOpCall("expand_dims", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("expand_dims")
    .describe("the data with new axes of extent 1")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<ExpandDimsAttrs>()
    .add_type_rel("ExpandDims", ExpandDimsRel)
    .set_attr<TOpPattern>("TOpPattern", kBroadcast);

TVM_REGISTER_GLOBAL("relay.op._make.concatenate").set_body_typed([](Expr data, int axis) {
  auto attrs = MakeAttrs<ConcatenateAttrs>();
  attrs->axis = axis;
  return MakeOpCall("concatenate", {data}, Attrs(attrs));
});
RELAY_REGISTER_OP("concatenate")
    .describe("the tensors of a tuple joined along an axis")
    .set_num_inputs(1)
    .add_argument("data", "Tuple", "The tensors.")
    .set_attrs_type<ConcatenateAttrs>()
    .add_type_rel("Concatenate", ConcatenateRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

TVM_REGISTER_GLOBAL("relay.op._make.split")
    .set_body_typed([](Expr data, ObjectRef indices_or_sections, int axis) {
      auto attrs = MakeAttrs<SplitAttrs>();
      if (const auto* i = indices_or_sections.as<runtime::IntObj>()) {
        attrs->indices_or_sections = IntImm(DataType::Int(64), i->value);
      } else if (indices_or_sections.as<IntImmNode>()) {
        attrs->indices_or_sections = indices_or_sections;
      } else {
        attrs->indices_or_sections =
            runtime::detail::ObjectConverter<Array<Integer>>::FromObject(indices_or_sections);
      }
      attrs->axis = axis;
      return MakeOpCall("split", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("split")
    .describe("the data split along an axis (a tuple of the parts)")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<SplitAttrs>()
    .add_type_rel("Split", SplitRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

TVM_REGISTER_GLOBAL("relay.op._make.strided_slice")
    .set_body_typed([](Expr data, Array<Integer> begin, Array<Integer> end,
                       Optional<Array<Integer>> strides, Optional<Array<Integer>> axes,
                       String slice_mode) {
      if (slice_mode != "end" && slice_mode != "size") {
        TVM_THROW(ValueError) << "strided_slice: slice_mode must be \"end\" or \"size\", got \""
                              << slice_mode << "\"";
      }
      auto attrs = MakeAttrs<StridedSliceAttrs>();
      attrs->begin = begin;
      attrs->end = end;
      attrs->strides = strides.value_or(NullInts());
      attrs->axes = axes.value_or(NullInts());
      attrs->slice_mode = slice_mode;
      return MakeOpCall("strided_slice", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("strided_slice")
    .describe("data[begin:end:strides] per axis")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<StridedSliceAttrs>()
    .add_type_rel("StridedSlice", StridedSliceRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

TVM_REGISTER_GLOBAL("relay.op._make.take")
    .set_body_typed([](Expr data, Expr indices, int batch_dims, Optional<Integer> axis,
                       String mode) {
      if (mode != "clip" && mode != "wrap" && mode != "fast") {
        TVM_THROW(ValueError) << "take: mode must be clip, wrap or fast, got \"" << mode << "\"";
      }
      auto attrs = MakeAttrs<TakeAttrs>();
      attrs->batch_dims = IntImm(DataType::Int(64), batch_dims);
      attrs->axis = axis.defined() ? axis.value() : Integer();
      attrs->mode = mode;
      return MakeOpCall("take", {data, indices}, Attrs(attrs));
    });
RELAY_REGISTER_OP("take")
    .describe("the elements of data at indices along an axis")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input tensor.")
    .add_argument("indices", "Tensor", "The indices.")
    .set_attrs_type<TakeAttrs>()
    .add_type_rel("Take", TakeRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

TVM_REGISTER_GLOBAL("relay.op._make.broadcast_to")
    .set_body_typed([](Expr data, Array<Integer> shape) {
      auto attrs = MakeAttrs<InitOpAttrs>();
      attrs->shape = shape;
      return MakeOpCall("broadcast_to", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("broadcast_to")
    .describe("the data broadcast to a shape")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<InitOpAttrs>()
    .add_type_rel("BroadcastTo", BroadcastToRel)
    .set_attr<TOpPattern>("TOpPattern", kBroadcast);

#define RELAY_REGISTER_INIT_OP(OpName)                           \
  TVM_REGISTER_GLOBAL("relay.op._make." OpName)                  \
      .set_body_typed([](Array<Integer> shape, DataType dtype) { \
        auto attrs = MakeAttrs<InitOpAttrs>();                   \
        attrs->shape = shape;                                    \
        attrs->dtype = dtype;                                    \
        return MakeOpCall(OpName, {}, Attrs(attrs));             \
      });                                                        \
  RELAY_REGISTER_OP(OpName)                                      \
      .set_num_inputs(0)                                         \
      .set_attrs_type<InitOpAttrs>()                             \
      .add_type_rel("InitOp", InitOpRel)                         \
      .set_attr<TOpPattern>("TOpPattern", kElemWise)

RELAY_REGISTER_INIT_OP("zeros").describe("a tensor of zeros");
RELAY_REGISTER_INIT_OP("ones").describe("a tensor of ones");

TVM_REGISTER_GLOBAL("relay.op._make.full")
    .set_body_typed([](Expr fill_value, Array<Integer> shape, String dtype) {
      auto attrs = MakeAttrs<InitOpAttrs>();
      attrs->shape = shape;
      attrs->dtype = ParseDType(dtype);
      return MakeOpCall("full", {fill_value}, Attrs(attrs));
    });
RELAY_REGISTER_OP("full")
    .describe("a tensor filled with a scalar")
    .set_num_inputs(1)
    .add_argument("fill_value", "Tensor", "The scalar value.")
    .set_attrs_type<InitOpAttrs>()
    .add_type_rel("Full", FullRel)
    .set_attr<TOpPattern>("TOpPattern", kElemWise);

TVM_REGISTER_GLOBAL("relay.op._make.full_like").set_body_typed([](Expr data, Expr fill_value) {
  return MakeOpCall("full_like", {data, fill_value});
});
RELAY_REGISTER_OP("full_like")
    .describe("a tensor of data's type filled with a scalar")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The tensor whose type is taken.")
    .add_argument("fill_value", "Tensor", "The scalar value.")
    .add_type_rel("FullLike", FullLikeRel)
    .set_attr<TOpPattern>("TOpPattern", kElemWise);

TVM_REGISTER_GLOBAL("relay.op._make.where").set_body_typed([](Expr cond, Expr x, Expr y) {
  return MakeOpCall("where", {cond, x, y});
});
RELAY_REGISTER_OP("where")
    .describe("x where condition else y (broadcasting)")
    .set_num_inputs(3)
    .add_argument("condition", "Tensor", "The condition.")
    .add_argument("x", "Tensor", "The values where the condition holds.")
    .add_argument("y", "Tensor", "The values elsewhere.")
    .add_type_rel("Where", WhereRel)
    .set_attr<TOpPattern>("TOpPattern", kBroadcast);

TVM_REGISTER_GLOBAL("relay.op._make.gather").set_body_typed([](Expr data, int axis, Expr indices) {
  auto attrs = MakeAttrs<GatherAttrs>();
  attrs->axis = IntImm(DataType::Int(64), axis);
  return MakeOpCall("gather", {data, indices}, Attrs(attrs));
});
RELAY_REGISTER_OP("gather")
    .describe("the elements of data at indices along an axis, elementwise (torch.gather)")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input tensor.")
    .add_argument("indices", "Tensor", "The indices, of data's rank.")
    .set_attrs_type<GatherAttrs>()
    .add_type_rel("Gather", GatherRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

TVM_REGISTER_GLOBAL("relay.op._make.one_hot")
    .set_body_typed([](Expr indices, Expr on_value, Expr off_value, int depth, int axis,
                       String dtype) {
      auto attrs = MakeAttrs<OneHotAttrs>();
      attrs->depth = depth;
      attrs->axis = axis;
      attrs->dtype = ParseDType(dtype);
      return MakeOpCall("one_hot", {indices, on_value, off_value}, Attrs(attrs));
    });
RELAY_REGISTER_OP("one_hot")
    .describe("on_value where the new axis equals the index, off_value elsewhere")
    .set_num_inputs(3)
    .add_argument("indices", "Tensor", "The indices.")
    .add_argument("on_value", "Tensor", "The scalar at the index.")
    .add_argument("off_value", "Tensor", "The scalar elsewhere.")
    .set_attrs_type<OneHotAttrs>()
    .add_type_rel("OneHot", OneHotRel)
    .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable);

TVM_REGISTER_GLOBAL("relay.op._make.tile").set_body_typed([](Expr data, Array<Integer> reps) {
  auto attrs = MakeAttrs<TileAttrs>();
  attrs->reps = reps;
  return MakeOpCall("tile", {data}, Attrs(attrs));
});
RELAY_REGISTER_OP("tile")
    .describe("the data repeated reps times per axis (numpy.tile)")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<TileAttrs>()
    .add_type_rel("Tile", TileRel)
    .set_attr<TOpPattern>("TOpPattern", kBroadcast);

TVM_REGISTER_GLOBAL("relay.op._make.repeat")
    .set_body_typed([](Expr data, int repeats, Optional<Integer> axis) {
      auto attrs = MakeAttrs<RepeatAttrs>();
      attrs->repeats = IntImm(DataType::Int(64), repeats);
      attrs->axis = axis.defined() ? axis.value() : Integer();
      return MakeOpCall("repeat", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("repeat")
    .describe("each element repeated along an axis (numpy.repeat)")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<RepeatAttrs>()
    .add_type_rel("Repeat", RepeatRel)
    .set_attr<TOpPattern>("TOpPattern", kBroadcast);

}  // namespace relay
}  // namespace tvm
