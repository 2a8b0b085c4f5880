/*!
 * \file ml.cc
 * \brief Host kernels of the classical machine-learning operators (relay ml.*, ONNX
 *  ai.onnx.ml LabelEncoder and tree ensembles).
 *
 *  Each is a global "tvm.contrib.ml.<name>"(config, data) that allocates and returns its output
 *  on the CPU; `config` is the operator's attributes as a JSON object. Everything that comes
 *  from the model is checked before it is used: a bad table is a ValueError naming the table,
 *  never a read out of bounds or a walk that does not end.
 */
#include <tvm/runtime/registry.h>
#include <tvm/runtime/string_tensor.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <cstdlib>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "../../graph_executor/json_value.h"
#include "../dltensor_access.h"

namespace tvm {
namespace runtime {
namespace contrib {
namespace {

json::Value Config(const TVMArgs& args, const char* kernel) {
  if (args.size() != 2 || args[0].type_code() != kTVMStr) {
    TVM_THROW(TypeError) << kernel << ": expected the JSON text of the operator's attributes and "
                         << "one tensor, got " << args.size() << " arguments";
  }
  std::string text = args[0];
  return json::Parse(text, std::string(kernel) + " attributes");
}

NDArray OnCpu(NDArray arr, const char* kernel) {
  if (arr->device.device_type != kDLCPU) arr = arr.CopyTo(Device{kDLCPU, 0});
  if (arr->strides != nullptr && !arr.IsContiguous()) {
    TVM_THROW(ValueError) << kernel << ": the input must be compact";
  }
  return arr;
}

/*! \brief A number written as text ("1e-3", "nan", "inf", "-inf"). */
double DoubleOf(const std::string& s, const std::string& where) {
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0') {
    TVM_THROW(ValueError) << where << ": '" << s << "' is not a number";
  }
  return d;
}

/*! \brief A number given as a JSON number or as text (JSON has no NaN or infinity). */
double NumberOf(const json::Value& v, const std::string& where) {
  return v.kind == json::Value::kNumber ? v.number : DoubleOf(v.as_string(where), where);
}

int64_t IntOf(const std::string& s, const std::string& where) {
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno == ERANGE) {
    TVM_THROW(ValueError) << where << ": '" << s << "' is not a 64-bit integer";
  }
  return v;
}

std::vector<double> Numbers(const json::Value& cfg, const char* key, const char* kernel) {
  std::string where = std::string(kernel) + " " + key;
  std::vector<double> out;
  for (const json::Value& v : cfg.at(key, where).as_array(where)) out.push_back(NumberOf(v, where));
  return out;
}

std::vector<int64_t> Ints(const json::Value& cfg, const char* key, const char* kernel) {
  std::string where = std::string(kernel) + " " + key;
  std::vector<int64_t> out;
  for (const json::Value& v : cfg.at(key, where).as_array(where)) out.push_back(v.as_int(where));
  return out;
}

// ---- label encoder --------------------------------------------------------------------------

/*! \brief Writes the text `s` as element i of `out` (a string or numeric tensor). */
void StoreText(const DLTensor* out, int64_t i, const std::string& s, const char* kernel) {
  if (IsStringDType(out->dtype)) {
    StringAt(out, i) = s;
    return;
  }
  std::string where = std::string(kernel) + " value";
  DispatchNumeric(out->dtype, kernel, [&](auto tag) {
    using T = decltype(tag);
    reinterpret_cast<T*>(Base(out))[i] = std::is_floating_point_v<T>
                                             ? static_cast<T>(DoubleOf(s, where))
                                             : static_cast<T>(IntOf(s, where));
  });
}

/*!
 * \brief config: keys, values (text, see LabelEncoderAttrs), default_value, value_dtype.
 *  The keys are read as the input's dtype; for float keys a "nan" key matches NaN elements.
 */
TVM_REGISTER_GLOBAL("tvm.contrib.ml.label_encoder").set_body([](TVMArgs args, TVMRetValue* rv) {
  constexpr const char* kKernel = "ml.label_encoder";
  json::Value cfg = Config(args, kKernel);
  NDArray in = OnCpu(args[1], kKernel);
  const DLTensor* x = in.operator->();
  const auto& keys = cfg.at("keys", kKernel).as_array(kKernel);
  const auto& values = cfg.at("values", kKernel).as_array(kKernel);
  if (keys.size() != values.size()) {
    TVM_THROW(ValueError) << kKernel << ": " << keys.size() << " keys but " << values.size()
                          << " values";
  }
  DLDataType value_dtype =
      String2DLDataType(cfg.at("value_dtype", kKernel).as_string(kKernel));
  // The output table: values[k] then the default, in the output dtype.
  NDArray table = NDArray::Empty(ShapeTuple({static_cast<int64_t>(values.size()) + 1}),
                                 value_dtype, Device{kDLCPU, 0});
  for (size_t k = 0; k < values.size(); ++k) {
    StoreText(table.operator->(), k, values[k].as_string(kKernel), kKernel);
  }
  const int64_t fallback = static_cast<int64_t>(values.size());
  StoreText(table.operator->(), fallback, cfg.at("default_value", kKernel).as_string(kKernel),
            kKernel);
  // Element i's row in the table.
  const int64_t n = NumElements(x);
  std::vector<int64_t> row(n, fallback);
  std::string where = std::string(kKernel) + " key";
  if (IsStringDType(x->dtype)) {
    std::unordered_map<std::string, int64_t> index;
    for (size_t k = 0; k < keys.size(); ++k) index.emplace(keys[k].as_string(kKernel), k);
    for (int64_t i = 0; i < n; ++i) {
      auto it = index.find(StringAt(x, i));
      if (it != index.end()) row[i] = it->second;
    }
  } else if (x->dtype.code == kDLFloat) {
    std::map<double, int64_t> index;
    int64_t nan_row = fallback;
    for (size_t k = 0; k < keys.size(); ++k) {
      double key = NumberOf(keys[k], where);
      if (std::isnan(key)) {
        if (nan_row == fallback) nan_row = k;
      } else {
        index.emplace(key, k);
      }
    }
    for (int64_t i = 0; i < n; ++i) {
      double v = ValueAt(x, i, kKernel);
      if (std::isnan(v)) {
        row[i] = nan_row;
      } else if (auto it = index.find(v); it != index.end()) {
        row[i] = it->second;
      }
    }
  } else {
    std::unordered_map<int64_t, int64_t> index;
    for (size_t k = 0; k < keys.size(); ++k) index.emplace(IntOf(keys[k].as_string(where), where), k);
    DispatchNumeric(x->dtype, kKernel, [&](auto tag) {
      using T = decltype(tag);
      for (int64_t i = 0; i < n; ++i) {
        auto it = index.find(static_cast<int64_t>(Load<T>(x, i)));
        if (it != index.end()) row[i] = it->second;
      }
    });
  }
  NDArray out = NDArray::Empty(ShapeTuple({x->shape, x->shape + x->ndim}), value_dtype,
                               Device{kDLCPU, 0});
  if (IsStringDType(value_dtype)) {
    for (int64_t i = 0; i < n; ++i) StringAt(out.operator->(), i) = StringAt(table.operator->(), row[i]);
  } else {
    size_t bytes = ElemBytes(value_dtype);
    for (int64_t i = 0; i < n; ++i) {
      std::memcpy(Base(out.operator->()) + i * bytes, Base(table.operator->()) + row[i] * bytes,
                  bytes);
    }
  }
  *rv = out;
});

// ---- tree ensemble --------------------------------------------------------------------------

enum Mode { kLeq, kLt, kGte, kGt, kEq, kNeq, kMember, kNumModes };

/*!
 * \brief The canonical forest (TreeEnsembleAttrs::model). A child or root reference r >= 0 is
 *  node r; r < 0 is leaf -r - 1. Node i tests feature[i] against split[i] with mode[i] (or, for
 *  MEMBER, the set member_sets[k] where member_nodes[k] == i); a NaN feature goes to the true
 *  child when missing_true[i]. Leaf k adds weights [offsets[k], offsets[k + 1]) to their
 *  targets. The trees' contributions are aggregated (SUM, AVERAGE over trees, MIN, MAX; a target
 *  no leaf reached is 0), base_values added, then the post transform applied.
 */
struct Forest {
  std::vector<int64_t> feature, mode, true_child, false_child, missing_true, roots;
  std::vector<double> split;
  std::vector<std::unordered_set<double>> members;
  std::vector<int64_t> leaf_offsets, leaf_targets;
  std::vector<double> leaf_weights, base_values;
  std::string aggregate, post_transform;
  int64_t n_targets{1};

  static constexpr const char* kKernel = "ml.tree_ensemble";

  explicit Forest(const json::Value& cfg) {
    n_targets = cfg.at("n_targets", kKernel).as_int(kKernel);
    json::Value model = json::Parse(cfg.at("model", kKernel).as_string(kKernel),
                                    std::string(kKernel) + " model");
    feature = Ints(model, "feature", kKernel);
    mode = Ints(model, "mode", kKernel);
    split = Numbers(model, "split", kKernel);
    true_child = Ints(model, "true", kKernel);
    false_child = Ints(model, "false", kKernel);
    missing_true = Ints(model, "missing_true", kKernel);
    roots = Ints(model, "roots", kKernel);
    leaf_offsets = Ints(model, "leaf_offsets", kKernel);
    leaf_targets = Ints(model, "leaf_targets", kKernel);
    leaf_weights = Numbers(model, "leaf_weights", kKernel);
    base_values = Numbers(model, "base_values", kKernel);
    aggregate = model.at("aggregate", kKernel).as_string(kKernel);
    post_transform = model.at("post_transform", kKernel).as_string(kKernel);
    const size_t n = feature.size();
    for (auto* v : {&mode, &true_child, &false_child, &missing_true}) Expect(v->size(), n, "node");
    Expect(split.size(), n, "node");
    Expect(leaf_weights.size(), leaf_targets.size(), "leaf weight");
    members.resize(n);
    std::vector<int64_t> member_nodes = Ints(model, "member_nodes", kKernel);
    const auto& sets = model.at("member_sets", kKernel).as_array(kKernel);
    Expect(sets.size(), member_nodes.size(), "member set");
    for (size_t k = 0; k < sets.size(); ++k) {
      CheckRange(member_nodes[k], n, "member_nodes");
      for (const json::Value& v : sets[k].as_array(kKernel)) {
        members[member_nodes[k]].insert(NumberOf(v, kKernel));
      }
    }
    if (leaf_offsets.empty() || leaf_offsets.front() != 0 ||
        leaf_offsets.back() != static_cast<int64_t>(leaf_targets.size())) {
      TVM_THROW(ValueError) << kKernel << ": leaf_offsets must run from 0 to the number of leaf "
                            << "weights, " << leaf_targets.size();
    }
    const int64_t n_leaves = static_cast<int64_t>(leaf_offsets.size()) - 1;
    for (int64_t k = 0; k < n_leaves; ++k) {
      if (leaf_offsets[k + 1] < leaf_offsets[k]) {
        TVM_THROW(ValueError) << kKernel << ": leaf_offsets must not decrease (leaf " << k << ")";
      }
    }
    for (int64_t t : leaf_targets) CheckRange(t, n_targets, "leaf target ids");
    for (size_t i = 0; i < n; ++i) {
      CheckRange(mode[i], kNumModes, "node modes");
      CheckRef(true_child[i], n, n_leaves, "true children");
      CheckRef(false_child[i], n, n_leaves, "false children");
      if (feature[i] < 0) CheckRange(feature[i], 0, "feature ids");
    }
    for (int64_t r : roots) CheckRef(r, n, n_leaves, "tree roots");
    if (base_values.empty()) base_values.assign(n_targets, 0.0);
    Expect(base_values.size(), n_targets, "base value");
    if (aggregate != "SUM" && aggregate != "AVERAGE" && aggregate != "MIN" && aggregate != "MAX") {
      TVM_THROW(ValueError) << kKernel << ": aggregate function must be SUM, AVERAGE, MIN or MAX, "
                            << "got " << aggregate;
    }
    if (post_transform != "NONE" && post_transform != "SOFTMAX" && post_transform != "LOGISTIC" &&
        post_transform != "SOFTMAX_ZERO" && post_transform != "PROBIT") {
      TVM_THROW(ValueError) << kKernel << ": post transform must be NONE, SOFTMAX, LOGISTIC, "
                            << "SOFTMAX_ZERO or PROBIT, got " << post_transform;
    }
  }

  static void Expect(size_t got, size_t want, const char* what) {
    if (got != want) {
      TVM_THROW(ValueError) << kKernel << ": " << got << " " << what << " entries where " << want
                            << " are needed";
    }
  }
  static void CheckRange(int64_t v, int64_t end, const char* what) {
    if (v < 0 || v >= end) {
      TVM_THROW(ValueError) << kKernel << ": " << what << " must lie in [0, " << end << "), got "
                            << v;
    }
  }
  static void CheckRef(int64_t r, size_t n_nodes, int64_t n_leaves, const char* what) {
    if (r >= static_cast<int64_t>(n_nodes) || (r < 0 && -r - 1 >= n_leaves)) {
      TVM_THROW(ValueError) << kKernel << ": " << what << " refer to node " << r << ", but there are "
                            << n_nodes << " nodes and " << n_leaves << " leaves";
    }
  }

  bool Test(int64_t i, double v) const {
    if (std::isnan(v) && missing_true[i]) return true;
    switch (mode[i]) {
      case kLeq: return v <= split[i];
      case kLt: return v < split[i];
      case kGte: return v >= split[i];
      case kGt: return v > split[i];
      case kEq: return v == split[i];
      case kNeq: return v != split[i];
      default: return members[i].count(v) > 0;
    }
  }

  /*! \brief The leaf tree `root` leads row `x` (of `width` features) to. */
  int64_t Walk(int64_t ref, const double* x, int64_t width) const {
    for (size_t steps = 0; ref >= 0; ++steps) {
      if (steps > feature.size()) {
        TVM_THROW(ValueError) << kKernel << ": the trees have a cycle through node " << ref;
      }
      if (feature[ref] >= width) {
        TVM_THROW(ValueError) << kKernel << ": node " << ref << " tests feature " << feature[ref]
                              << ", but the input has " << width << " features";
      }
      ref = Test(ref, x[feature[ref]]) ? true_child[ref] : false_child[ref];
    }
    return -ref - 1;
  }

  void Predict(const double* x, int64_t width, double* out) const {
    std::vector<double> score(n_targets, 0.0);
    std::vector<char> hit(n_targets, 0);
    for (int64_t root : roots) {
      int64_t leaf = Walk(root, x, width);
      for (int64_t k = leaf_offsets[leaf]; k < leaf_offsets[leaf + 1]; ++k) {
        int64_t t = leaf_targets[k];
        double w = leaf_weights[k];
        if (aggregate == "MIN") {
          score[t] = hit[t] ? std::min(score[t], w) : w;
        } else if (aggregate == "MAX") {
          score[t] = hit[t] ? std::max(score[t], w) : w;
        } else {
          score[t] += w;
        }
        hit[t] = 1;
      }
    }
    for (int64_t t = 0; t < n_targets; ++t) {
      if (aggregate == "AVERAGE" && !roots.empty()) score[t] /= static_cast<double>(roots.size());
      score[t] += base_values[t];
    }
    PostTransform(score.data());
    std::copy(score.begin(), score.end(), out);
  }

  void PostTransform(double* s) const {
    if (post_transform == "LOGISTIC") {
      for (int64_t t = 0; t < n_targets; ++t) s[t] = 1.0 / (1.0 + std::exp(-s[t]));
    } else if (post_transform == "SOFTMAX" || post_transform == "SOFTMAX_ZERO") {
      bool keep_zero = post_transform == "SOFTMAX_ZERO";
      double top = *std::max_element(s, s + n_targets), total = 0;
      for (int64_t t = 0; t < n_targets; ++t) {
        s[t] = keep_zero && s[t] == 0 ? 0 : std::exp(s[t] - top);
        total += s[t];
      }
      for (int64_t t = 0; t < n_targets; ++t) s[t] = total > 0 ? s[t] / total : 0;
    } else if (post_transform == "PROBIT") {
      // onnxruntime's approximation of the inverse error function (Winitzki, a = 0.147).
      for (int64_t t = 0; t < n_targets; ++t) {
        float y = static_cast<float>(s[t]) * 2 - 1;
        float sign = y < 0 ? -1.0f : 1.0f, ln = std::log((1 - y) * (1 + y));
        float v = 2 / (3.14159f * 0.147f) + 0.5f * ln, v2 = 1 / 0.147f * ln;
        s[t] = 1.41421356f * sign * std::sqrt(-v + std::sqrt(v * v - v2));
      }
    }
  }
};

/*! \brief config: n_targets, dtype (the output's), model (JSON text, see Forest). */
TVM_REGISTER_GLOBAL("tvm.contrib.ml.tree_ensemble").set_body([](TVMArgs args, TVMRetValue* rv) {
  constexpr const char* kKernel = Forest::kKernel;
  json::Value cfg = Config(args, kKernel);
  Forest forest(cfg);
  NDArray in = OnCpu(args[1], kKernel);
  const DLTensor* x = in.operator->();
  if (x->ndim < 1 || x->ndim > 2) {
    TVM_THROW(ValueError) << kKernel << ": the input must have rank 1 or 2, not " << x->ndim;
  }
  const int64_t rows = x->ndim == 2 ? x->shape[0] : 1;
  const int64_t width = x->shape[x->ndim - 1];
  DLDataType dtype = String2DLDataType(cfg.at("dtype", kKernel).as_string(kKernel));
  NDArray out = NDArray::Empty(ShapeTuple({rows, forest.n_targets}), dtype, Device{kDLCPU, 0});
  std::vector<double> row(width), scores(forest.n_targets);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t f = 0; f < width; ++f) row[f] = ValueAt(x, r * width + f, kKernel);
    forest.Predict(row.data(), width, scores.data());
    for (int64_t t = 0; t < forest.n_targets; ++t) {
      int64_t i = r * forest.n_targets + t;
      if (dtype.bits == 64) {
        reinterpret_cast<double*>(Base(out.operator->()))[i] = scores[t];
      } else {
        reinterpret_cast<float*>(Base(out.operator->()))[i] = static_cast<float>(scores[t]);
      }
    }
  }
  *rv = out;
});

}  // namespace
}  // namespace contrib
}  // namespace runtime
}  // namespace tvm
