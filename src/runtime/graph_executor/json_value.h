/*!
 * \file json_value.h
 * \brief A small JSON reader for the runtime (graph JSON), with errors that say where the
 *  text stops making sense. The runtime cannot use the compiler's support/json.
 */
#ifndef TVM_RUNTIME_GRAPH_EXECUTOR_JSON_VALUE_H_
#define TVM_RUNTIME_GRAPH_EXECUTOR_JSON_VALUE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tvm {
namespace runtime {
namespace json {

class Value {
 public:
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind{kNull};
  bool boolean{false};
  double number{0};
  std::string str;
  std::vector<Value> array;
  std::map<std::string, Value> object;

  /*! \brief The member `key`; ValueError naming `where` when absent or not an object. */
  const Value& at(const std::string& key, const std::string& where) const;
  /*! \brief Element i; ValueError naming `where` when out of range or not an array. */
  const Value& at(size_t i, const std::string& where) const;
  bool has(const std::string& key) const { return kind == kObject && object.count(key); }
  const std::vector<Value>& as_array(const std::string& where) const;
  const std::string& as_string(const std::string& where) const;
  /*! \brief An integer (a JSON number, or a string holding one, as graph attrs use). */
  int64_t as_int(const std::string& where) const;
};

/*! \brief Parse `text`; ValueError with the line and column of the first problem. */
Value Parse(const std::string& text, const std::string& what);

}  // namespace json
}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_GRAPH_EXECUTOR_JSON_VALUE_H_
