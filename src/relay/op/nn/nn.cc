/*!
 * \file nn.cc
 * \brief Dense layers and matrix products, bias_add, activations, softmax, batch_norm,
 *  batch_flatten, dropout and pad.
 */
#include <tvm/relay/attrs/nn.h>

#include "../op_common.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(DenseAttrs);
TVM_REGISTER_NODE_TYPE(DensePackAttrs);
TVM_REGISTER_NODE_TYPE(MatmulAttrs);
TVM_REGISTER_NODE_TYPE(BatchMatmulAttrs);
TVM_REGISTER_NODE_TYPE(BiasAddAttrs);
TVM_REGISTER_NODE_TYPE(SoftmaxAttrs);
TVM_REGISTER_NODE_TYPE(BatchNormAttrs);
TVM_REGISTER_NODE_TYPE(DropoutAttrs);
TVM_REGISTER_NODE_TYPE(PadAttrs);
TVM_REGISTER_NODE_TYPE(LeakyReluAttrs);
TVM_REGISTER_NODE_TYPE(PReluAttrs);
TVM_REGISTER_NODE_TYPE(LayerNormAttrs);
TVM_REGISTER_NODE_TYPE(InstanceNormAttrs);
TVM_REGISTER_NODE_TYPE(GroupNormAttrs);

namespace {

/*! \brief TypeError unless the two dimensions can be equal (Any and symbols are trusted). */
void CheckSameDim(const PrimExpr& a, const PrimExpr& b, const std::string& what) {
  std::optional<int64_t> ca = ConstDim(a), cb = ConstDim(b);
  if (ca && cb && *ca != *cb) TVM_THROW(TypeError) << what << ": " << *ca << " vs " << *cb;
}

void CheckRank(const TensorTypeNode* t, size_t min_rank, const TypeReporter& reporter, int i,
               size_t max_rank = 1000) {
  if (t->shape.size() < min_rank || t->shape.size() > max_rank) {
    std::string want = min_rank == max_rank ? "rank " + std::to_string(min_rank)
                                            : "rank >= " + std::to_string(min_rank);
    TVM_THROW(TypeError) << reporter->ArgName(i) << " must be a tensor of " << want
                         << ", but has type " << TypeText(GetRef<Type>(t));
  }
}

DataType OutDType(DataType out_dtype, DataType in) { return out_dtype.is_void() ? in : out_dtype; }

// ---- dense / matmul / batch_matmul -----------------------------------------------------------
bool DenseRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
              const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  CheckRank(data, 1, reporter, 0);
  const auto* a = attrs.as<DenseAttrs>();
  PrimExpr k = data->shape.back();
  const TensorTypeNode* weight = TensorArg(types, 1, reporter);
  PrimExpr n;
  if (weight == nullptr) {
    if (!a->units.defined()) return false;
    n = Dim(a->units.IntValue());
    reporter->Assign(types[1], TensorType({n, k}, data->dtype));
  } else {
    CheckRank(weight, 2, reporter, 1, 2);
    CheckSameDim(k, weight->shape[1],
                 "the reduction axis of " + reporter->ArgName(0) + ", " + TypeText(types[0]) +
                     ", does not match that of " + reporter->ArgName(1) + ", " +
                     TypeText(types[1]) + " (dimension 1)");
    n = weight->shape[0];
    if (a->units.defined()) {
      CheckSameDim(n, Dim(a->units.IntValue()), "units does not match the weight's dimension 0");
    }
  }
  Array<PrimExpr> shape = data->shape;
  shape.Set(shape.size() - 1, n);
  reporter->Assign(types[2], TensorType(shape, OutDType(a->out_dtype, data->dtype)));
  return true;
}

/*! \brief The panel width bn of a weight layout "NC<bn>n", or nullopt if it is not one. */
std::optional<int64_t> PanelWidth(const std::string& layout) {
  if (layout.size() < 4 || layout.rfind("NC", 0) != 0 || layout.back() != 'n') return {};
  std::string digits = layout.substr(2, layout.size() - 3);
  if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return {};
  int64_t bn = std::stoll(digits);
  if (bn <= 0) return {};
  return bn;
}

/*! \brief data (..., K) times a weight packed in panels [N/bn, K, bn]: (..., N). */
bool DensePackRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                  const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  const TensorTypeNode* weight = TensorArg(types, 1, reporter);
  if (data == nullptr || weight == nullptr) return false;
  const auto* a = attrs.as<DensePackAttrs>();
  CheckRank(data, 1, reporter, 0);
  if (weight->shape.size() != 3) {
    TVM_THROW(TypeError) << reporter->ArgName(1) << " must be a packed weight [N/bn, K, bn] "
                         << "(rank 3), but has type " << TypeText(types[1]) << "; "
                         << reporter->ArgName(0) << " is " << TypeText(types[0]);
  }
  std::optional<int64_t> bn = PanelWidth(a->weight_layout);
  if (!bn) {
    TVM_THROW(TypeError) << "weight_layout must be \"NC<bn>n\" (e.g. \"NC16n\"), but is \""
                         << a->weight_layout << "\"";
  }
  std::optional<int64_t> panel = ConstDim(weight->shape[2]);
  if (panel && *panel != *bn) {
    TVM_THROW(TypeError) << "weight_layout \"" << a->weight_layout << "\" says panels of " << *bn
                         << " rows, but " << reporter->ArgName(1) << ", " << TypeText(types[1])
                         << ", has panels of " << *panel << " (dimension 2); "
                         << reporter->ArgName(0) << " is " << TypeText(types[0]);
  }
  CheckSameDim(data->shape.back(), weight->shape[1],
               "the reduction axis of " + reporter->ArgName(0) + ", " + TypeText(types[0]) +
                   ", does not match that of " + reporter->ArgName(1) + ", " +
                   TypeText(types[1]) + " (dimension 1)");
  std::optional<int64_t> panels = ConstDim(weight->shape[0]);
  PrimExpr n = panels && panel ? Dim(*panels * *panel) : PrimExpr(Any());
  if (a->units.defined()) {
    CheckSameDim(n, Dim(a->units.IntValue()), "units does not match the weight's panels x bn");
  }
  Array<PrimExpr> shape = data->shape;
  shape.Set(shape.size() - 1, n);
  reporter->Assign(types[2], TensorType(shape, OutDType(a->out_dtype, data->dtype)));
  return true;
}

bool MatmulRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
               const TypeReporter& reporter) {
  const TensorTypeNode* x = TensorArg(types, 0, reporter);
  const TensorTypeNode* y = TensorArg(types, 1, reporter);
  if (x == nullptr || y == nullptr) return false;
  const auto* a = attrs.as<MatmulAttrs>();
  CheckRank(x, 2, reporter, 0);
  CheckRank(y, 2, reporter, 1, 2);
  size_t r = x->shape.size();
  PrimExpr m = a->transpose_a ? x->shape[r - 1] : x->shape[r - 2];
  PrimExpr kx = a->transpose_a ? x->shape[r - 2] : x->shape[r - 1];
  PrimExpr ky = a->transpose_b ? y->shape[1] : y->shape[0];
  PrimExpr n = a->transpose_b ? y->shape[0] : y->shape[1];
  CheckSameDim(kx, ky,
               "the reduction axes of " + reporter->ArgName(0) + ", " + TypeText(types[0]) +
                   ", and " + reporter->ArgName(1) + ", " + TypeText(types[1]) + ", differ");
  Array<PrimExpr> shape;
  for (size_t i = 0; i + 2 < r; ++i) shape.push_back(x->shape[i]);
  shape.push_back(m);
  shape.push_back(n);
  reporter->Assign(types[2], TensorType(shape, OutDType(a->out_dtype, x->dtype)));
  return true;
}

bool BatchMatmulRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                    const TypeReporter& reporter) {
  const TensorTypeNode* x = TensorArg(types, 0, reporter);
  const TensorTypeNode* y = TensorArg(types, 1, reporter);
  if (x == nullptr || y == nullptr) return false;
  const auto* a = attrs.as<BatchMatmulAttrs>();
  CheckRank(x, 3, reporter, 0, 3);
  CheckRank(y, 3, reporter, 1, 3);
  PrimExpr m = a->transpose_a ? x->shape[2] : x->shape[1];
  PrimExpr kx = a->transpose_a ? x->shape[1] : x->shape[2];
  PrimExpr ky = a->transpose_b ? y->shape[2] : y->shape[1];
  PrimExpr n = a->transpose_b ? y->shape[1] : y->shape[2];
  CheckSameDim(kx, ky,
               "the reduction axes of " + reporter->ArgName(0) + ", " + TypeText(types[0]) +
                   ", and " + reporter->ArgName(1) + ", " + TypeText(types[1]) + ", differ");
  PrimExpr bx = x->shape[0], by = y->shape[0];
  std::optional<int64_t> cbx = ConstDim(bx), cby = ConstDim(by);
  PrimExpr b = bx;
  if (cbx && *cbx == 1) {
    b = by;
  } else if (!(cby && *cby == 1)) {
    CheckSameDim(bx, by, "the batch sizes differ");
  }
  reporter->Assign(types[2], TensorType({b, m, n}, OutDType(a->out_dtype, x->dtype)));
  return true;
}

// ---- bias_add / softmax ----------------------------------------------------------------------
bool BiasAddRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  int axis =
      NormalizeAxis(attrs.as<BiasAddAttrs>()->axis, static_cast<int>(data->shape.size()), "axis");
  reporter->Assign(types[1], TensorType({data->shape[axis]}, data->dtype));
  reporter->Assign(types[2], types[0]);
  return true;
}

bool SoftmaxRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  NormalizeAxis(attrs.as<SoftmaxAttrs>()->axis, static_cast<int>(data->shape.size()), "axis");
  reporter->Assign(types[1], types[0]);
  return true;
}

// ---- batch_norm / batch_flatten / dropout / pad ----------------------------------------------
bool BatchNormRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                  const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  int axis =
      NormalizeAxis(attrs.as<BatchNormAttrs>()->axis, static_cast<int>(data->shape.size()), "axis");
  TensorType vec({data->shape[axis]}, data->dtype);
  for (int i = 1; i < 5; ++i) reporter->Assign(types[i], vec);
  reporter->Assign(types[5], TupleType({types[0], vec, vec}));
  return true;
}

bool BatchFlattenRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                     const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  CheckRank(data, 1, reporter, 0);
  int64_t n = 1;
  bool known = true;
  for (size_t i = 1; i < data->shape.size(); ++i) {
    std::optional<int64_t> c = ConstDim(data->shape[i]);
    if (c) {
      n *= *c;
    } else {
      known = false;
    }
  }
  reporter->Assign(types[1],
                   TensorType({data->shape[0], known ? Dim(n) : PrimExpr(Any())}, data->dtype));
  return true;
}

bool DropoutRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  reporter->Assign(types[1], TupleType({types[0], types[0]}));
  return true;
}

bool PadRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
            const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  const TensorTypeNode* value = TensorArg(types, 1, reporter);
  if (data == nullptr || value == nullptr) return false;
  if (!value->shape.empty()) {
    TVM_THROW(TypeError) << reporter->ArgName(1) << " must be a scalar, but has type "
                         << TypeText(types[1]);
  }
  const auto* a = attrs.as<PadAttrs>();
  if (a->pad_width.size() != data->shape.size()) {
    TVM_THROW(TypeError) << "pad_width has " << a->pad_width.size() << " entries but "
                         << reporter->ArgName(0) << ", " << TypeText(types[0]) << ", has rank "
                         << data->shape.size();
  }
  Array<PrimExpr> shape;
  for (size_t i = 0; i < data->shape.size(); ++i) {
    const Array<Integer>& w = a->pad_width[i];
    if (w.size() != 2) TVM_THROW(TypeError) << "pad_width[" << i << "] is not (before, after)";
    std::optional<int64_t> d = ConstDim(data->shape[i]);
    shape.push_back(d ? Dim(*d + w[0].IntValue() + w[1].IntValue()) : data->shape[i]);
  }
  reporter->Assign(types[2], TensorType(shape, data->dtype));
  return true;
}

bool PReluRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
              const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  int axis =
      NormalizeAxis(attrs.as<PReluAttrs>()->axis, static_cast<int>(data->shape.size()), "axis");
  reporter->Assign(types[1], TensorType({data->shape[axis]}, data->dtype));
  reporter->Assign(types[2], types[0]);
  return true;
}

bool LayerNormRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                  const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  int axis =
      NormalizeAxis(attrs.as<LayerNormAttrs>()->axis, static_cast<int>(data->shape.size()), "axis");
  TensorType vec({data->shape[axis]}, data->dtype);
  reporter->Assign(types[1], vec);
  reporter->Assign(types[2], vec);
  reporter->Assign(types[3], types[0]);
  return true;
}

/*! \brief instance_norm and group_norm: gamma and beta along the channel axis. */
template <typename T>
bool ChannelNormRel(const Array<Type>& types, int num_inputs, const Attrs& attrs,
                    const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  const auto* a = attrs.as<T>();
  int axis = NormalizeAxis(a->axis, static_cast<int>(data->shape.size()), "axis");
  if constexpr (std::is_same<T, GroupNormAttrs>::value) {
    std::optional<int64_t> c = ConstDim(data->shape[axis]);
    if (a->num_groups <= 0 || (c && *c % a->num_groups != 0)) {
      TVM_THROW(TypeError) << "the channels of " << reporter->ArgName(0) << ", "
                           << TypeText(types[0]) << ", do not divide into " << a->num_groups
                           << " groups";
    }
  }
  TensorType vec({data->shape[axis]}, data->dtype);
  reporter->Assign(types[1], vec);
  reporter->Assign(types[2], vec);
  reporter->Assign(types[3], types[0]);
  return true;
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.op.nn._make.instance_norm")
    .set_body_typed([](Expr data, Expr gamma, Expr beta, int axis, double epsilon, bool center,
                       bool scale) {
      auto attrs = MakeAttrs<InstanceNormAttrs>();
      attrs->axis = axis;
      attrs->epsilon = epsilon;
      attrs->center = center;
      attrs->scale = scale;
      return MakeOpCall("nn.instance_norm", {data, gamma, beta}, Attrs(attrs));
    });
RELAY_REGISTER_OP("nn.instance_norm")
    .describe("normalization per instance and channel")
    .set_num_inputs(3)
    .add_argument("data", "Tensor", "The input.")
    .add_argument("gamma", "Tensor", "The scale.")
    .add_argument("beta", "Tensor", "The offset.")
    .set_attrs_type<InstanceNormAttrs>()
    .add_type_rel("InstanceNorm", ChannelNormRel<InstanceNormAttrs>)
    .set_attr<TOpPattern>("TOpPattern", kOpaque);

TVM_REGISTER_GLOBAL("relay.op.nn._make.group_norm")
    .set_body_typed([](Expr data, Expr gamma, Expr beta, int num_groups, int axis, double epsilon,
                       bool center, bool scale) {
      auto attrs = MakeAttrs<GroupNormAttrs>();
      attrs->num_groups = num_groups;
      attrs->axis = axis;
      attrs->epsilon = epsilon;
      attrs->center = center;
      attrs->scale = scale;
      return MakeOpCall("nn.group_norm", {data, gamma, beta}, Attrs(attrs));
    });
RELAY_REGISTER_OP("nn.group_norm")
    .describe("normalization per instance and group of channels")
    .set_num_inputs(3)
    .add_argument("data", "Tensor", "The input.")
    .add_argument("gamma", "Tensor", "The scale.")
    .add_argument("beta", "Tensor", "The offset.")
    .set_attrs_type<GroupNormAttrs>()
    .add_type_rel("GroupNorm", ChannelNormRel<GroupNormAttrs>)
    .set_attr<TOpPattern>("TOpPattern", kOpaque);

TVM_REGISTER_GLOBAL("relay.op.nn._make.leaky_relu").set_body_typed([](Expr data, double alpha) {
  auto attrs = MakeAttrs<LeakyReluAttrs>();
  attrs->alpha = alpha;
  return MakeOpCall("nn.leaky_relu", {data}, Attrs(attrs));
});
RELAY_REGISTER_OP("nn.leaky_relu")
    .describe("x if x > 0 else alpha * x")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input.")
    .set_attrs_type<LeakyReluAttrs>()
    .add_type_rel("Identity", IdentityRel)
    .set_attr<TOpPattern>("TOpPattern", kElemWise);

TVM_REGISTER_GLOBAL("relay.op.nn._make.prelu").set_body_typed([](Expr data, Expr alpha, int axis) {
  auto attrs = MakeAttrs<PReluAttrs>();
  attrs->axis = axis;
  return MakeOpCall("nn.prelu", {data, alpha}, Attrs(attrs));
});
RELAY_REGISTER_OP("nn.prelu")
    .describe("x if x > 0 else alpha[c] * x, per channel")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input.")
    .add_argument("alpha", "Tensor", "The per-channel slopes.")
    .set_attrs_type<PReluAttrs>()
    .add_type_rel("PRelu", PReluRel)
    .set_attr<TOpPattern>("TOpPattern", kBroadcast);

TVM_REGISTER_GLOBAL("relay.op.nn._make.layer_norm")
    .set_body_typed([](Expr data, Expr gamma, Expr beta, int axis, double epsilon, bool center,
                       bool scale) {
      auto attrs = MakeAttrs<LayerNormAttrs>();
      attrs->axis = axis;
      attrs->epsilon = epsilon;
      attrs->center = center;
      attrs->scale = scale;
      return MakeOpCall("nn.layer_norm", {data, gamma, beta}, Attrs(attrs));
    });
RELAY_REGISTER_OP("nn.layer_norm")
    .describe("layer normalization over an axis")
    .set_num_inputs(3)
    .add_argument("data", "Tensor", "The input.")
    .add_argument("gamma", "Tensor", "The scale.")
    .add_argument("beta", "Tensor", "The offset.")
    .set_attrs_type<LayerNormAttrs>()
    .add_type_rel("LayerNorm", LayerNormRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque);

TVM_REGISTER_GLOBAL("relay.op.nn._make.dense")
    .set_body_typed([](Expr data, Expr weight, Optional<Integer> units, String out_dtype) {
      auto attrs = MakeAttrs<DenseAttrs>();
      attrs->units = units.defined() ? units.value() : Integer();
      attrs->out_dtype = ParseDType(out_dtype);
      return MakeOpCall("nn.dense", {data, weight}, Attrs(attrs));
    });
RELAY_REGISTER_OP("nn.dense")
    .describe("data (..., K) times weight (N, K) transposed")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input.")
    .add_argument("weight", "Tensor", "The weight (units, K).")
    .set_attrs_type<DenseAttrs>()
    .add_type_rel("Dense", DenseRel)
    .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable);

TVM_REGISTER_GLOBAL("relay.op.nn._make.contrib_dense_pack")
    .set_body_typed([](Expr data, Expr weight, String weight_layout, Optional<Integer> units,
                       String out_dtype) {
      auto attrs = MakeAttrs<DensePackAttrs>();
      attrs->units = units.defined() ? units.value() : Integer();
      attrs->out_dtype = ParseDType(out_dtype);
      attrs->weight_layout = weight_layout;
      return MakeOpCall("nn.contrib_dense_pack", {data, weight}, Attrs(attrs));
    });
RELAY_REGISTER_OP("nn.contrib_dense_pack")
    .describe("data (..., K) times weight packed (N/bn, K, bn) (layout NC<bn>n): (..., N)")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input.")
    .add_argument("weight", "Tensor", "The weight in panels of bn rows (N/bn, K, bn).")
    .set_attrs_type<DensePackAttrs>()
    .add_type_rel("DensePack", DensePackRel)
    .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable);

TVM_REGISTER_GLOBAL("relay.op.nn._make.matmul")
    .set_body_typed([](Expr a, Expr b, Optional<Integer> units, String out_dtype, bool transpose_a,
                       bool transpose_b) {
      auto attrs = MakeAttrs<MatmulAttrs>();
      attrs->units = units.defined() ? units.value() : Integer();
      attrs->out_dtype = ParseDType(out_dtype);
      attrs->transpose_a = transpose_a;
      attrs->transpose_b = transpose_b;
      return MakeOpCall("nn.matmul", {a, b}, Attrs(attrs));
    });
RELAY_REGISTER_OP("nn.matmul")
    .describe("a (..., M, K) times b (K, N), either transposed when asked")
    .set_num_inputs(2)
    .add_argument("tensor_a", "Tensor", "The left matrix.")
    .add_argument("tensor_b", "Tensor", "The right matrix.")
    .set_attrs_type<MatmulAttrs>()
    .add_type_rel("Matmul", MatmulRel)
    .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable);

TVM_REGISTER_GLOBAL("relay.op.nn._make.batch_matmul")
    .set_body_typed([](Expr a, Expr b, String out_dtype, bool transpose_a, bool transpose_b) {
      auto attrs = MakeAttrs<BatchMatmulAttrs>();
      attrs->out_dtype = ParseDType(out_dtype);
      attrs->transpose_a = transpose_a;
      attrs->transpose_b = transpose_b;
      return MakeOpCall("nn.batch_matmul", {a, b}, Attrs(attrs));
    });
RELAY_REGISTER_OP("nn.batch_matmul")
    .describe("a (B, M, K) times b (B, N, K) transposed, per batch")
    .set_num_inputs(2)
    .add_argument("tensor_a", "Tensor", "The left batch of matrices.")
    .add_argument("tensor_b", "Tensor", "The right batch of matrices.")
    .set_attrs_type<BatchMatmulAttrs>()
    .add_type_rel("BatchMatmul", BatchMatmulRel)
    .set_attr<TOpPattern>("TOpPattern", kOutEWiseFusable);

TVM_REGISTER_GLOBAL("relay.op.nn._make.bias_add")
    .set_body_typed([](Expr data, Expr bias, int axis) {
      auto attrs = MakeAttrs<BiasAddAttrs>();
      attrs->axis = axis;
      return MakeOpCall("nn.bias_add", {data, bias}, Attrs(attrs));
    });
RELAY_REGISTER_OP("nn.bias_add")
    .describe("data + bias along an axis")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input.")
    .add_argument("bias", "Tensor", "The 1-D bias.")
    .set_attrs_type<BiasAddAttrs>()
    .add_type_rel("BiasAdd", BiasAddRel)
    .set_attr<TOpPattern>("TOpPattern", kBroadcast);

TVM_REGISTER_GLOBAL("relay.op.nn._make.relu").set_body_typed([](Expr data) {
  return MakeOpCall("nn.relu", {data});
});
RELAY_REGISTER_OP("nn.relu")
    .describe("max(x, 0)")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input.")
    .add_type_rel("Identity", IdentityRel)
    .set_attr<TOpPattern>("TOpPattern", kElemWise);

#define RELAY_REGISTER_SOFTMAX_OP(OpName, Name)                                           \
  TVM_REGISTER_GLOBAL("relay.op.nn._make." Name).set_body_typed([](Expr data, int axis) { \
    auto attrs = MakeAttrs<SoftmaxAttrs>();                                               \
    attrs->axis = axis;                                                                   \
    return MakeOpCall(OpName, {data}, Attrs(attrs));                                      \
  });                                                                                     \
  RELAY_REGISTER_OP(OpName)                                                               \
      .set_num_inputs(1)                                                                  \
      .add_argument("data", "Tensor", "The input.")                                       \
      .set_attrs_type<SoftmaxAttrs>()                                                     \
      .add_type_rel("Softmax", SoftmaxRel)                                                \
      .set_attr<TOpPattern>("TOpPattern", kOpaque)

RELAY_REGISTER_SOFTMAX_OP("nn.softmax", "softmax").describe("exp(x) / sum(exp(x)) along axis");
RELAY_REGISTER_SOFTMAX_OP("nn.log_softmax", "log_softmax").describe("log(softmax(x))");

TVM_REGISTER_GLOBAL("relay.op.nn._make.batch_norm")
    .set_body_typed([](Expr data, Expr gamma, Expr beta, Expr mean, Expr var, int axis,
                       double epsilon, bool center, bool scale) {
      auto attrs = MakeAttrs<BatchNormAttrs>();
      attrs->axis = axis;
      attrs->epsilon = epsilon;
      attrs->center = center;
      attrs->scale = scale;
      return MakeOpCall("nn.batch_norm", {data, gamma, beta, mean, var}, Attrs(attrs));
    });
RELAY_REGISTER_OP("nn.batch_norm")
    .describe("batch normalization: a tuple (output, mean, var)")
    .set_num_inputs(5)
    .add_argument("data", "Tensor", "The input.")
    .add_argument("gamma", "Tensor", "The scale.")
    .add_argument("beta", "Tensor", "The offset.")
    .add_argument("moving_mean", "Tensor", "The running mean.")
    .add_argument("moving_var", "Tensor", "The running variance.")
    .set_attrs_type<BatchNormAttrs>()
    .add_type_rel("BatchNorm", BatchNormRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque);

TVM_REGISTER_GLOBAL("relay.op.nn._make.batch_flatten").set_body_typed([](Expr data) {
  return MakeOpCall("nn.batch_flatten", {data});
});
RELAY_REGISTER_OP("nn.batch_flatten")
    .describe("(N, d1, d2, ...) to (N, d1 * d2 * ...)")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input.")
    .add_type_rel("BatchFlatten", BatchFlattenRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

TVM_REGISTER_GLOBAL("relay.op.nn._make.dropout").set_body_typed([](Expr data, double rate) {
  auto attrs = MakeAttrs<DropoutAttrs>();
  attrs->rate = rate;
  return MakeOpCall("nn.dropout", {data}, Attrs(attrs));
});
RELAY_REGISTER_OP("nn.dropout")
    .describe("dropout: a tuple (output, mask)")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "The input.")
    .set_attrs_type<DropoutAttrs>()
    .add_type_rel("Dropout", DropoutRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque);

TVM_REGISTER_GLOBAL("relay.op.nn._make.pad")
    .set_body_typed([](Expr data, Expr pad_value, Array<Array<Integer>> pad_width,
                       String pad_mode) {
      if (pad_mode != "constant" && pad_mode != "edge" && pad_mode != "reflect") {
        TVM_THROW(ValueError) << "nn.pad: pad_mode must be constant, edge or reflect, got \""
                              << pad_mode << "\"";
      }
      auto attrs = MakeAttrs<PadAttrs>();
      attrs->pad_width = pad_width;
      attrs->pad_mode = pad_mode;
      return MakeOpCall("nn.pad", {data, pad_value}, Attrs(attrs));
    });
RELAY_REGISTER_OP("nn.pad")
    .describe("data padded by (before, after) per axis")
    .set_num_inputs(2)
    .add_argument("data", "Tensor", "The input.")
    .add_argument("pad_value", "Tensor", "The scalar padding value.")
    .set_attrs_type<PadAttrs>()
    .add_type_rel("Pad", PadRel)
    .set_attr<TOpPattern>("TOpPattern", kInjective);

}  // namespace relay
}  // namespace tvm
