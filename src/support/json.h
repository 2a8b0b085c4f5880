/*!
 * \file json.h
 * \brief A small, strict JSON reader for documents that arrive from outside (files, Python,
 *  the network): it never crashes on malformed text, it bounds nesting, and its errors say
 *  where the text went wrong and what was expected there. Plus string quoting for writers.
 */
#ifndef TVM_SUPPORT_JSON_H_
#define TVM_SUPPORT_JSON_H_

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace tvm {
namespace support {

/*! \brief A parsed JSON value. Numbers keep their text, so 64-bit integers stay exact. */
struct JSONValue {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind{kNull};
  bool boolean{false};
  std::string text;  // a string's contents or a number's literal
  std::vector<JSONValue> items;
  std::vector<std::pair<std::string, JSONValue>> members;

  const JSONValue* Find(const std::string& key) const {
    for (const auto& m : members) {
      if (m.first == key) return &m.second;
    }
    return nullptr;
  }
  /*! \brief "a string", "an array", ... for error messages. */
  std::string KindName() const {
    switch (kind) {
      case kNull:
        return "null";
      case kBool:
        return boolean ? "true" : "false";
      case kNumber:
        return "the number " + text;
      case kString:
        return "the string \"" + (text.size() > 40 ? text.substr(0, 40) + "..." : text) + "\"";
      case kArray:
        return "an array";
      case kObject:
        return "an object";
    }
    return "?";
  }
};

/*!
 * \brief Parse a whole JSON document. Text that is not JSON, or nests deeper than 64 levels,
 *  raises ValueError "<context>: the text is not valid JSON: at line L, column C expected X,
 *  found Y".
 */
JSONValue ParseJSON(const std::string& text, const std::string& context);

/*! \brief Write `s` as a JSON string literal (quoted, with escapes). */
void WriteJSONString(std::ostream& os, const std::string& s);

}  // namespace support
}  // namespace tvm

#endif  // TVM_SUPPORT_JSON_H_
