/*!
 * \file scatter_arange.cc
 * \brief scatter_elements (ONNX semantics), arange (start, stop and step as inputs),
 *  reshape_like, gather_nd and layout_transform.
 */
#include <tvm/relay/attrs/nn_extra.h>
#include <tvm/relay/printer.h>

#include <cmath>
#include <map>
#include <vector>

#include "../op_common.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(ScatterElementsAttrs);
TVM_REGISTER_NODE_TYPE(ArangeAttrs);

namespace {

bool ScatterElementsRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                        const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  const TensorTypeNode* indices = TensorArg(types, 1, reporter);
  const TensorTypeNode* updates = TensorArg(types, 2, reporter);
  if (data == nullptr || indices == nullptr || updates == nullptr) return false;
  const auto* a = attrs.as<ScatterElementsAttrs>();
  int ndim = static_cast<int>(data->shape.size());
  NormalizeAxis(a->axis, ndim, "axis");
  if (!indices->dtype.is_int() && !indices->dtype.is_uint()) {
    TVM_THROW(TypeError) << reporter->ArgName(1) << " must hold integers, but has type "
                         << TypeText(types[1]);
  }
  if (indices->shape.size() != data->shape.size() || updates->shape.size() != data->shape.size()) {
    TVM_THROW(TypeError) << "indices " << TypeText(types[1]) << " and updates "
                         << TypeText(types[2]) << " must have the rank of data "
                         << TypeText(types[0]);
  }
  if (updates->dtype != data->dtype) {
    TVM_THROW(TypeError) << "updates " << TypeText(types[2]) << " must have the dtype of data "
                         << TypeText(types[0]);
  }
  if (a->reduction != "update" && a->reduction != "add" && a->reduction != "mul" &&
      a->reduction != "min" && a->reduction != "max") {
    TVM_THROW(TypeError) << "reduction must be update, add, mul, min or max, got "
                         << a->reduction;
  }
  reporter->Assign(types[3], TensorType(data->shape, data->dtype));
  return true;
}

bool ArangeRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  for (int i = 0; i < 3; ++i) {
    const TensorTypeNode* t = TensorArg(types, i, reporter);
    if (t == nullptr) return false;
    if (!t->shape.empty()) {
      TVM_THROW(TypeError) << reporter->ArgName(i) << " must be a scalar, but has type "
                           << TypeText(types[i]);
    }
  }
  // The length depends on the values: the constructor records it when they are constants.
  const auto* a = attrs.as<ArangeAttrs>();
  PrimExpr n = a->length >= 0 ? Dim(a->length) : PrimExpr(Any());
  reporter->Assign(types[3], TensorType({n}, a->dtype));
  return true;
}

bool ReshapeLikeRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                    const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  const TensorTypeNode* like = TensorArg(types, 1, reporter);
  if (data == nullptr || like == nullptr) return false;
  int64_t a = 1, b = 1;
  bool known = true;
  for (const PrimExpr& d : data->shape) {
    auto c = ConstDim(d);
    known = known && c;
    if (c) a *= *c;
  }
  for (const PrimExpr& d : like->shape) {
    auto c = ConstDim(d);
    known = known && c;
    if (c) b *= *c;
  }
  if (known && a != b) {
    TVM_THROW(TypeError) << "reshape_like: " << TypeText(types[0]) << " has " << a
                         << " elements but " << TypeText(types[1]) << " has " << b;
  }
  reporter->Assign(types[2], TensorType(like->shape, data->dtype));
  return true;
}

bool GatherNDRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                 const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  const TensorTypeNode* indices = TensorArg(types, 1, reporter);
  if (data == nullptr || indices == nullptr) return false;
  std::optional<int64_t> m = indices->shape.empty() ? std::nullopt : ConstDim(indices->shape[0]);
  if (!m || *m > static_cast<int64_t>(data->shape.size())) {
    TVM_THROW(TypeError) << "gather_nd: the first dimension of indices " << TypeText(types[1])
                         << " must be a constant at most the rank of data " << TypeText(types[0]);
  }
  Array<PrimExpr> shape;
  for (size_t i = 1; i < indices->shape.size(); ++i) shape.push_back(indices->shape[i]);
  for (size_t i = *m; i < data->shape.size(); ++i) shape.push_back(data->shape[i]);
  reporter->Assign(types[2], TensorType(shape, data->dtype));
  return true;
}

/*! \brief (axis letter, block factor) per dimension; factor 0 for a whole dimension. */
std::vector<std::pair<char, int64_t>> ParseLayout(const std::string& layout) {
  std::vector<std::pair<char, int64_t>> out;
  int64_t f = 0;
  for (char c : layout) {
    if (c >= '0' && c <= '9') {
      f = f * 10 + (c - '0');
    } else if (c >= 'A' && c <= 'Z' && f == 0) {
      out.emplace_back(c, 0);
    } else if (c >= 'a' && c <= 'z' && f > 0) {
      out.emplace_back(static_cast<char>(c - 'a' + 'A'), f);
      f = 0;
    } else {
      TVM_THROW(TypeError) << "layout_transform: malformed layout " << layout;
    }
  }
  return out;
}

bool LayoutTransformRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                        const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<LayoutTransformAttrs>();
  auto src = ParseLayout(a->src_layout), dst = ParseLayout(a->dst_layout);
  if (src.size() != data->shape.size()) {
    TVM_THROW(TypeError) << "layout_transform: layout " << a->src_layout << " has " << src.size()
                         << " dimensions but the data is " << TypeText(types[0]);
  }
  std::map<char, int64_t> primal;
  std::map<char, PrimExpr> unknown;  // whole axes known only at run time (a dynamic batch)
  for (size_t i = 0; i < src.size(); ++i) {
    auto c = ConstDim(data->shape[i]);
    if (!c) {
      if (src[i].second == 0) {
        unknown[src[i].first] = data->shape[i];
        primal[src[i].first] = 1;
        continue;
      }
      TVM_THROW(TypeError) << "layout_transform needs static shapes, found " << TypeText(types[0]);
    }
    primal[src[i].first] = src[i].second ? primal[src[i].first] : *c;
  }
  for (size_t i = 0; i < src.size(); ++i) {
    if (src[i].second) primal[src[i].first] *= src[i].second;
  }
  std::map<char, int64_t> dst_block;
  for (const auto& d : dst) {
    if (d.second) dst_block[d.first] = d.second;
    if (!primal.count(d.first)) {
      TVM_THROW(TypeError) << "layout_transform: " << a->src_layout << " and " << a->dst_layout
                           << " do not have the same axes";
    }
  }
  for (const auto& kv : unknown) {
    if (dst_block.count(kv.first)) {
      TVM_THROW(TypeError) << "axis " << kv.first << " of "
                           << TypeText(types[0]) << " is known only at run time and cannot "
                           << "be blocked";
    }
  }
  Array<PrimExpr> shape;
  for (const auto& d : dst) {
    if (!d.second && unknown.count(d.first)) {
      shape.push_back(unknown[d.first]);
    } else if (d.second) {
      shape.push_back(Dim(d.second));
    } else if (dst_block.count(d.first)) {
      int64_t f = dst_block[d.first];
      shape.push_back(Dim((primal[d.first] + f - 1) / f));
    } else {
      shape.push_back(Dim(primal[d.first]));
    }
  }
  reporter->Assign(types[1], TensorType(shape, data->dtype));
  return true;
}

}  // namespace

TVM_REGISTER_NODE_TYPE(LayoutTransformAttrs);

TVM_REGISTER_GLOBAL("relay.op._make.reshape_like").set_body_typed([](Expr data, Expr like) {
  return MakeOpCall("reshape_like", {data, like});
});
RELAY_REGISTER_OP("reshape_like")
    .describe("data with the shape of another tensor")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input tensor.")
    .add_argument("shape_like", "Tensor", "The tensor whose shape to take.")
    .add_type_rel("ReshapeLike", ReshapeLikeRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

TVM_REGISTER_GLOBAL("relay.op._make.gather_nd").set_body_typed([](Expr data, Expr indices) {
  return MakeOpCall("gather_nd", {data, indices});
});
RELAY_REGISTER_OP("gather_nd")
    .describe("elements of data at the index tuples given by indices' first axis")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input tensor.")
    .add_argument("indices", "Tensor", "(M, Y...) index tuples.")
    .add_type_rel("GatherND", GatherNDRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

TVM_REGISTER_GLOBAL("relay.op._make.layout_transform")
    .set_body_typed([](Expr data, String src, String dst) {
      auto attrs = MakeAttrs<LayoutTransformAttrs>();
      attrs->src_layout = src;
      attrs->dst_layout = dst;
      return MakeOpCall("layout_transform", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("layout_transform")
    .describe("data converted between layouts such as NCHW and NCHW16c")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input tensor.")
    .set_attrs_type<LayoutTransformAttrs>()
    .add_type_rel("LayoutTransform", LayoutTransformRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

TVM_REGISTER_GLOBAL("relay.op._make.scatter_elements")
    .set_body_typed([](Expr data, Expr indices, Expr updates, int64_t axis, String reduction) {
      auto attrs = MakeAttrs<ScatterElementsAttrs>();
      attrs->axis = axis;
      attrs->reduction = reduction;
      return MakeOpCall("scatter_elements", {data, indices, updates}, Attrs(attrs));
    });

RELAY_REGISTER_OP("scatter_elements")
    .describe("data with updates written at indices along axis (ONNX ScatterElements)")
    .set_num_inputs(3)
    .add_argument("data", "Tensor", "The input tensor.")
    .add_argument("indices", "Tensor", "Where along axis each update goes.")
    .add_argument("updates", "Tensor", "The values written.")
    .set_attrs_type<ScatterElementsAttrs>()
    .add_type_rel("ScatterElements", ScatterElementsRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque);

TVM_REGISTER_GLOBAL("relay.op._make.arange")
    .set_body_typed([](Expr start, Expr stop, Expr step, DataType dtype, int64_t length) {
      auto attrs = MakeAttrs<ArangeAttrs>();
      attrs->dtype = dtype;
      attrs->length = length;
      return MakeOpCall("arange", {start, stop, step}, Attrs(attrs));
    });

RELAY_REGISTER_OP("arange")
    .describe("start, start + step, ... below stop")
    .set_num_inputs(3)
    .add_argument("start", "Tensor", "The first value (a scalar).")
    .add_argument("stop", "Tensor", "The bound (a scalar, excluded).")
    .add_argument("step", "Tensor", "The increment (a scalar).")
    .set_attrs_type<ArangeAttrs>()
    .add_type_rel("Arange", ArangeRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque);

}  // namespace relay
}  // namespace tvm
