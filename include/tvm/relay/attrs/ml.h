/*!
 * \file tvm/relay/attrs/ml.h
 * \brief Attributes of the classical machine-learning operators (ml.*: ONNX ai.onnx.ml
 *  LabelEncoder and the tree ensembles), which run as host kernels on the VM.
 */
#ifndef TVM_RELAY_ATTRS_ML_H_
#define TVM_RELAY_ATTRS_ML_H_

#include <tvm/relay/attrs/transform.h>

namespace tvm {
namespace relay {

/*!
 * \brief ml.label_encoder: element keys[i] becomes values[i]; an element that is no key
 *  becomes default_value. Keys and values are text: strings as they are, numbers in a form
 *  that reads back exactly (decimal integers, Python's repr of floats, "nan" included). The
 *  keys have the input's dtype, the values `value_dtype`.
 */
struct LabelEncoderAttrs : public BaseAttrsNode {
  Array<String> keys;
  Array<String> values;
  String default_value;
  DataType value_dtype;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("keys", &keys);
    v->Visit("values", &values);
    v->Visit("default_value", &default_value);
    v->Visit("value_dtype", &value_dtype);
  }
  TVM_RELAY_ATTRS(LabelEncoderAttrs);
};

/*!
 * \brief ml.tree_ensemble: a forest in one canonical form every ONNX tree operator maps to
 *  (TreeEnsemble, TreeEnsembleRegressor, TreeEnsembleClassifier's scores). `model` is JSON
 *  text: the node, leaf and root tables the kernel walks (src/runtime/contrib/ml/ml.cc
 *  documents them); the result is [N, n_targets] of `dtype`.
 */
struct TreeEnsembleAttrs : public BaseAttrsNode {
  int64_t n_targets{1};
  DataType dtype{DataType::Float(32)};
  String model;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("n_targets", &n_targets);
    v->Visit("dtype", &dtype);
    v->Visit("model", &model);
  }
  TVM_RELAY_ATTRS(TreeEnsembleAttrs);
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_ATTRS_ML_H_
