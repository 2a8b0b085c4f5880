/*!
 * \file tvm/relay/attrs/strings.h
 * \brief Attributes of the string operators (strings.*), which run as host kernels on the VM.
 */
#ifndef TVM_RELAY_ATTRS_STRINGS_H_
#define TVM_RELAY_ATTRS_STRINGS_H_

#include <tvm/relay/attrs/transform.h>

namespace tvm {
namespace relay {

/*! \brief strings.regex_full_match: the (ECMAScript) pattern each element must match whole. */
struct RegexFullMatchAttrs : public BaseAttrsNode {
  String pattern;
  void VisitAttrs(AttrVisitor* v) { v->Visit("pattern", &pattern); }
  TVM_RELAY_ATTRS(RegexFullMatchAttrs);
};

/*!
 * \brief strings.split: the delimiter (empty: runs of whitespace) and the most splits per
 *  element (negative: no limit).
 */
struct StringSplitAttrs : public BaseAttrsNode {
  String delimiter;
  int64_t maxsplit{-1};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("delimiter", &delimiter);
    v->Visit("maxsplit", &maxsplit);
  }
  TVM_RELAY_ATTRS(StringSplitAttrs);
};

/*!
 * \brief strings.normalize (ONNX StringNormalizer): stop words to drop, compared
 *  case-sensitively or not, then a case change ("NONE", "LOWER", "UPPER") under `locale`.
 */
struct StringNormalizeAttrs : public BaseAttrsNode {
  String case_change_action{"NONE"};
  bool is_case_sensitive{false};
  String locale{"en_US"};
  Array<String> stopwords;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("case_change_action", &case_change_action);
    v->Visit("is_case_sensitive", &is_case_sensitive);
    v->Visit("locale", &locale);
    v->Visit("stopwords", &stopwords);
  }
  TVM_RELAY_ATTRS(StringNormalizeAttrs);
};

/*! \brief strings.to_number: the numeric dtype the text is read as. */
struct StringToNumberAttrs : public BaseAttrsNode {
  DataType dtype{DataType::Float(32)};
  void VisitAttrs(AttrVisitor* v) { v->Visit("dtype", &dtype); }
  TVM_RELAY_ATTRS(StringToNumberAttrs);
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_ATTRS_STRINGS_H_
