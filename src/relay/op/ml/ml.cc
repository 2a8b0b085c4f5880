/*!
 * \file ml.cc
 * \brief Classical machine-learning operators (ONNX ai.onnx.ml): ml.label_encoder and
 *  ml.tree_ensemble.
 *
 *  Both are table lookups driven by data (a map from keys to values, a walk down trees), which
 *  compiled kernels do poorly and which may involve strings, so they run on the host like the
 *  string operators: the op attribute "THostKernel" names the runtime function
 *  (src/runtime/contrib/ml) the VM's `host` instruction calls with the attributes as JSON.
 *  The arithmetic ai.onnx.ml operators (Binarizer, Scaler, LinearRegressor, ...) need no op of
 *  their own: the ONNX importer composes them of existing ones.
 */
#include <tvm/relay/attrs/ml.h>
#include <tvm/runtime/string_tensor.h>

#include "../op_common.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(LabelEncoderAttrs);
TVM_REGISTER_NODE_TYPE(TreeEnsembleAttrs);

namespace {

bool IsKeyDType(DataType d) {
  return d.lanes() == 1 && (d == DataType(runtime::StringDType()) || d == DataType::Int(64) ||
                            d == DataType::Int(32) || d == DataType::Float(32) ||
                            d == DataType::Float(64) || d == DataType::Int(16));
}

bool LabelEncoderRel(const Array<Type>& types, int, const Attrs& attrs,
                     const TypeReporter& reporter) {
  const TensorTypeNode* x = TensorArg(types, 0, reporter);
  if (x == nullptr) return false;
  const auto* a = attrs.as<LabelEncoderAttrs>();
  if (!IsKeyDType(x->dtype)) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be a string, int16, int32, int64, "
                         << "float32 or float64 tensor, but has type " << TypeText(types[0]);
  }
  if (!IsKeyDType(a->value_dtype)) {
    TVM_THROW(TypeError) << "ml.label_encoder: value_dtype must be string, int16, int32, int64, "
                         << "float32 or float64, got " << a->value_dtype;
  }
  if (a->keys.size() != a->values.size()) {
    TVM_THROW(ValueError) << "ml.label_encoder: " << a->keys.size() << " keys but "
                          << a->values.size() << " values";
  }
  reporter->Assign(types[1], TensorType(x->shape, a->value_dtype));
  return true;
}

/*! \brief [N, F] (or [F], one row) -> [N, n_targets]. */
bool TreeEnsembleRel(const Array<Type>& types, int, const Attrs& attrs,
                     const TypeReporter& reporter) {
  const TensorTypeNode* x = TensorArg(types, 0, reporter);
  if (x == nullptr) return false;
  const auto* a = attrs.as<TreeEnsembleAttrs>();
  DataType d = x->dtype;
  if (d.lanes() != 1 || !(d.is_float() || d.is_int()) || d.bits() < 32 || x->shape.size() > 2) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be a float32, float64, int32 or "
                         << "int64 tensor of rank 1 or 2, but has type " << TypeText(types[0]);
  }
  if (a->n_targets < 1 || !(a->dtype == DataType::Float(32) || a->dtype == DataType::Float(64))) {
    TVM_THROW(ValueError) << "ml.tree_ensemble: n_targets must be positive and dtype float32 or "
                          << "float64, got " << a->n_targets << " and " << a->dtype;
  }
  PrimExpr rows = x->shape.size() == 2 ? x->shape[0] : Dim(1);
  reporter->Assign(types[1], TensorType({rows, Dim(a->n_targets)}, a->dtype));
  return true;
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.op._make.ml_label_encoder")
    .set_body_typed([](Expr data, Array<String> keys, Array<String> values, String default_value,
                       String value_dtype) {
      auto attrs = MakeAttrs<LabelEncoderAttrs>();
      attrs->keys = keys;
      attrs->values = values;
      attrs->default_value = default_value;
      attrs->value_dtype = ParseDType(value_dtype);
      return MakeOpCall("ml.label_encoder", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("ml.label_encoder")
    .describe("each element mapped through a key -> value table, a default for other elements")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "string, integer or float tensor")
    .set_attrs_type<LabelEncoderAttrs>()
    .add_type_rel("LabelEncoder", LabelEncoderRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque)
    .set_attr<String>("THostKernel", String("tvm.contrib.ml.label_encoder"));

TVM_REGISTER_GLOBAL("relay.op._make.ml_tree_ensemble")
    .set_body_typed([](Expr data, int64_t n_targets, String dtype, String model) {
      auto attrs = MakeAttrs<TreeEnsembleAttrs>();
      attrs->n_targets = n_targets;
      attrs->dtype = ParseDType(dtype);
      attrs->model = model;
      return MakeOpCall("ml.tree_ensemble", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("ml.tree_ensemble")
    .describe("the aggregated, post-transformed leaf weights a forest of decision trees gives")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "features, [N, F] or [F]")
    .set_attrs_type<TreeEnsembleAttrs>()
    .add_type_rel("TreeEnsemble", TreeEnsembleRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque)
    .set_attr<String>("THostKernel", String("tvm.contrib.ml.tree_ensemble"));

}  // namespace relay
}  // namespace tvm
