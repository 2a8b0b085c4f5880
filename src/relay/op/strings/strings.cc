/*!
 * \file strings.cc
 * \brief Operators on string tensors: strings.equal, concat, regex_full_match, split,
 *  normalize, to_string and to_number.
 *
 *  Compiled kernels never see strings. Each of these ops names, in the op attribute
 *  "THostKernel", the runtime function that computes it on the host
 *  (src/runtime/contrib/strings); the VM calls it with the op's attributes as JSON (its
 *  `host` instruction), and FoldConstant leaves the ops alone. The graph executor cannot run
 *  them: a model with strings compiles with relay.vm.compile.
 */
#include <tvm/relay/attrs/strings.h>
#include <tvm/runtime/string_tensor.h>

#include "../op_common.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(RegexFullMatchAttrs);
TVM_REGISTER_NODE_TYPE(StringSplitAttrs);
TVM_REGISTER_NODE_TYPE(StringNormalizeAttrs);
TVM_REGISTER_NODE_TYPE(StringToNumberAttrs);

namespace {

const DataType kString(runtime::StringDType());

/*! \brief Argument i, which must be a string tensor (TypeError naming it otherwise). */
const TensorTypeNode* StringArg(const Array<Type>& types, int i, const TypeReporter& reporter) {
  const TensorTypeNode* t = TensorArg(types, i, reporter);
  if (t != nullptr && t->dtype != kString) {
    TVM_THROW(TypeError) << reporter->ArgName(i) << " must be a string tensor, but has type "
                         << TypeText(types[i]);
  }
  return t;
}

bool StringBinaryRel(const Array<Type>& types, const TypeReporter& reporter, DataType out) {
  const TensorTypeNode* a = StringArg(types, 0, reporter);
  const TensorTypeNode* b = StringArg(types, 1, reporter);
  if (a == nullptr || b == nullptr) return false;
  reporter->Assign(types[2], TensorType(BroadcastShape(a, b, reporter), out));
  return true;
}

bool StringEqualRel(const Array<Type>& types, int, const Attrs&, const TypeReporter& reporter) {
  return StringBinaryRel(types, reporter, DataType::Bool());
}

bool StringConcatRel(const Array<Type>& types, int, const Attrs&, const TypeReporter& reporter) {
  return StringBinaryRel(types, reporter, kString);
}

bool RegexFullMatchRel(const Array<Type>& types, int, const Attrs&,
                       const TypeReporter& reporter) {
  const TensorTypeNode* x = StringArg(types, 0, reporter);
  if (x == nullptr) return false;
  reporter->Assign(types[1], TensorType(x->shape, DataType::Bool()));
  return true;
}

/*! \brief (pieces [..., ?] string, counts [...] int64): the width is the most pieces. */
bool StringSplitRel(const Array<Type>& types, int, const Attrs&, const TypeReporter& reporter) {
  const TensorTypeNode* x = StringArg(types, 0, reporter);
  if (x == nullptr) return false;
  Array<PrimExpr> shape = x->shape;
  shape.push_back(Any());
  reporter->Assign(types[1], TupleType({TensorType(shape, kString),
                                        TensorType(x->shape, DataType::Int(64))}));
  return true;
}

/*! \brief [C] -> [?], [1, C] -> [1, ?]: stop words are dropped. */
bool StringNormalizeRel(const Array<Type>& types, int, const Attrs& attrs,
                        const TypeReporter& reporter) {
  const TensorTypeNode* x = StringArg(types, 0, reporter);
  if (x == nullptr) return false;
  const auto* a = attrs.as<StringNormalizeAttrs>();
  std::string action = a->case_change_action;
  if (action != "NONE" && action != "LOWER" && action != "UPPER") {
    TVM_THROW(ValueError) << "strings.normalize: case_change_action must be NONE, LOWER or "
                          << "UPPER, got " << action;
  }
  Array<PrimExpr> shape;
  if (x->shape.size() == 1) {
    shape = {Any()};
  } else if (x->shape.size() == 2) {
    const auto* rows = x->shape[0].as<IntImmNode>();
    if (rows != nullptr && rows->value != 1) {
      TVM_THROW(TypeError) << reporter->ArgName(0) << " must be [C] or [1, C], but has type "
                           << TypeText(types[0]);
    }
    shape = {Dim(1), Any()};
  } else {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be [C] or [1, C], but has type "
                         << TypeText(types[0]);
  }
  reporter->Assign(types[1], TensorType(shape, kString));
  return true;
}

bool IsTextNumber(DataType d) {
  return d.lanes() == 1 && (d.is_bool() || ((d.is_int() || d.is_uint()) && d.bits() >= 8) ||
                            (d.is_float() && (d.bits() == 32 || d.bits() == 64)));
}

bool ToStringRel(const Array<Type>& types, int, const Attrs&, const TypeReporter& reporter) {
  const TensorTypeNode* x = TensorArg(types, 0, reporter);
  if (x == nullptr) return false;
  if (!IsTextNumber(x->dtype)) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be bool, an integer, float32 or "
                         << "float64, but has type " << TypeText(types[0]);
  }
  reporter->Assign(types[1], TensorType(x->shape, kString));
  return true;
}

bool ToNumberRel(const Array<Type>& types, int, const Attrs& attrs, const TypeReporter& reporter) {
  const TensorTypeNode* x = StringArg(types, 0, reporter);
  if (x == nullptr) return false;
  DataType dtype = attrs.as<StringToNumberAttrs>()->dtype;
  if (!IsTextNumber(dtype)) {
    TVM_THROW(TypeError) << "strings.to_number: dtype must be bool, an integer, float32 or "
                         << "float64, got " << dtype;
  }
  reporter->Assign(types[1], TensorType(x->shape, dtype));
  return true;
}

}  // namespace

#define RELAY_REGISTER_STRING_OP(Name, NumInputs)                            \
  RELAY_REGISTER_OP("strings." Name)                                         \
      .set_num_inputs(NumInputs)                                             \
      .set_attr<TOpPattern>("TOpPattern", kOpaque)                           \
      .set_attr<THostKernel>("THostKernel", String("tvm.contrib.strings." Name))

TVM_REGISTER_GLOBAL("relay.op._make.strings_equal").set_body_typed([](Expr a, Expr b) {
  return MakeOpCall("strings.equal", {a, b});
});
RELAY_REGISTER_STRING_OP("equal", 2)
    .describe("elementwise equality of two string tensors (broadcasting)")
    .add_argument("lhs", "Tensor", "string tensor")
    .add_argument("rhs", "Tensor", "string tensor")
    .add_type_rel("StringEqual", StringEqualRel);

TVM_REGISTER_GLOBAL("relay.op._make.strings_concat").set_body_typed([](Expr a, Expr b) {
  return MakeOpCall("strings.concat", {a, b});
});
RELAY_REGISTER_STRING_OP("concat", 2)
    .describe("elementwise concatenation of two string tensors (broadcasting)")
    .add_argument("lhs", "Tensor", "string tensor")
    .add_argument("rhs", "Tensor", "string tensor")
    .add_type_rel("StringConcat", StringConcatRel);

TVM_REGISTER_GLOBAL("relay.op._make.strings_regex_full_match")
    .set_body_typed([](Expr data, String pattern) {
      auto attrs = MakeAttrs<RegexFullMatchAttrs>();
      attrs->pattern = pattern;
      return MakeOpCall("strings.regex_full_match", {data}, Attrs(attrs));
    });
RELAY_REGISTER_STRING_OP("regex_full_match", 1)
    .describe("whether each element matches the pattern as a whole")
    .add_argument("data", "Tensor", "string tensor")
    .set_attrs_type<RegexFullMatchAttrs>()
    .add_type_rel("RegexFullMatch", RegexFullMatchRel);

TVM_REGISTER_GLOBAL("relay.op._make.strings_split")
    .set_body_typed([](Expr data, String delimiter, int64_t maxsplit) {
      auto attrs = MakeAttrs<StringSplitAttrs>();
      attrs->delimiter = delimiter;
      attrs->maxsplit = maxsplit;
      return MakeOpCall("strings.split", {data}, Attrs(attrs));
    });
RELAY_REGISTER_STRING_OP("split", 1)
    .describe("each element split into pieces (padded with empty strings) and the piece counts")
    .add_argument("data", "Tensor", "string tensor")
    .set_attrs_type<StringSplitAttrs>()
    .add_type_rel("StringSplit", StringSplitRel);

TVM_REGISTER_GLOBAL("relay.op._make.strings_normalize")
    .set_body_typed([](Expr data, String case_change_action, bool is_case_sensitive,
                       String locale, Array<String> stopwords) {
      auto attrs = MakeAttrs<StringNormalizeAttrs>();
      attrs->case_change_action = case_change_action;
      attrs->is_case_sensitive = is_case_sensitive;
      attrs->locale = locale;
      attrs->stopwords = stopwords;
      return MakeOpCall("strings.normalize", {data}, Attrs(attrs));
    });
RELAY_REGISTER_STRING_OP("normalize", 1)
    .describe("stop words dropped, then the case changed (ONNX StringNormalizer)")
    .add_argument("data", "Tensor", "string tensor, [C] or [1, C]")
    .set_attrs_type<StringNormalizeAttrs>()
    .add_type_rel("StringNormalize", StringNormalizeRel);

TVM_REGISTER_GLOBAL("relay.op._make.strings_to_string").set_body_typed([](Expr data) {
  return MakeOpCall("strings.to_string", {data});
});
RELAY_REGISTER_STRING_OP("to_string", 1)
    .describe("numbers as text (the shortest form that reads back to the same value)")
    .add_argument("data", "Tensor", "bool, integer, float32 or float64 tensor")
    .add_type_rel("ToString", ToStringRel);

TVM_REGISTER_GLOBAL("relay.op._make.strings_to_number")
    .set_body_typed([](Expr data, String dtype) {
      auto attrs = MakeAttrs<StringToNumberAttrs>();
      attrs->dtype = ParseDType(dtype);
      return MakeOpCall("strings.to_number", {data}, Attrs(attrs));
    });
RELAY_REGISTER_STRING_OP("to_number", 1)
    .describe("text read as numbers of a dtype")
    .add_argument("data", "Tensor", "string tensor")
    .set_attrs_type<StringToNumberAttrs>()
    .add_type_rel("ToNumber", ToNumberRel);

}  // namespace relay
}  // namespace tvm
