/*!
 * \file json_value.cc
 * \brief See json_value.h.
 */
#include "json_value.h"

#include <tvm/runtime/logging.h>

#include <cstdlib>

namespace tvm {
namespace runtime {
namespace json {

namespace {

const char* KindName(Value::Kind k) {
  switch (k) {
    case Value::kNull: return "null";
    case Value::kBool: return "a boolean";
    case Value::kNumber: return "a number";
    case Value::kString: return "a string";
    case Value::kArray: return "an array";
    default: return "an object";
  }
}

class Parser {
 public:
  Parser(const std::string& text, const std::string& what) : s_(text), what_(what) {}

  Value ParseDocument() {
    Value v = ParseValue(0);
    SkipSpace();
    if (pos_ != s_.size()) Fail("unexpected text after the end of the document");
    return v;
  }

 private:
  [[noreturn]] void Fail(const std::string& msg) {
    size_t line = 1, col = 1;
    for (size_t i = 0; i < pos_ && i < s_.size(); ++i) {
      if (s_[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    TVM_THROW(ValueError) << what_ << " is not valid JSON: " << msg << " at line " << line
                          << ", column " << col
                          << (pos_ >= s_.size() ? " (the text ends there: truncated?)" : "");
  }

  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' ||
                                s_[pos_] == '\r')) {
      ++pos_;
    }
  }

  char Peek() {
    SkipSpace();
    if (pos_ >= s_.size()) Fail("expected a value");
    return s_[pos_];
  }

  void Expect(char c) {
    if (Peek() != c) Fail(std::string("expected '") + c + "'");
    ++pos_;
  }

  Value ParseValue(int depth) {
    if (depth > 256) Fail("nesting deeper than 256 levels");
    char c = Peek();
    Value v;
    if (c == '{') {
      v.kind = Value::kObject;
      ++pos_;
      if (Peek() == '}') return ++pos_, v;
      while (true) {
        if (Peek() != '"') Fail("expected a member name in quotes");
        std::string key = ParseString();
        Expect(':');
        v.object[key] = ParseValue(depth + 1);
        char d = Peek();
        ++pos_;
        if (d == '}') break;
        if (d != ',') --pos_, Fail("expected ',' or '}'");
      }
    } else if (c == '[') {
      v.kind = Value::kArray;
      ++pos_;
      if (Peek() == ']') return ++pos_, v;
      while (true) {
        v.array.push_back(ParseValue(depth + 1));
        char d = Peek();
        ++pos_;
        if (d == ']') break;
        if (d != ',') --pos_, Fail("expected ',' or ']'");
      }
    } else if (c == '"') {
      v.kind = Value::kString;
      v.str = ParseString();
    } else if (c == 't' || c == 'f' || c == 'n') {
      const char* word = c == 't' ? "true" : c == 'f' ? "false" : "null";
      size_t n = std::char_traits<char>::length(word);
      if (s_.compare(pos_, n, word) != 0) Fail("unknown literal");
      pos_ += n;
      v.kind = c == 'n' ? Value::kNull : Value::kBool;
      v.boolean = c == 't';
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const char* begin = s_.c_str() + pos_;
      char* end = nullptr;
      v.kind = Value::kNumber;
      v.number = std::strtod(begin, &end);
      if (end == begin) Fail("malformed number");
      pos_ += static_cast<size_t>(end - begin);
    } else {
      Fail(std::string("unexpected character '") + c + "'");
    }
    return v;
  }

  std::string ParseString() {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) Fail("unterminated string");
      char c = s_[pos_++];
      if (c == '"') return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) Fail("unterminated escape");
      char e = s_[pos_++];
      switch (e) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case 'r': out.push_back('\r'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'u': {
          if (pos_ + 4 > s_.size()) Fail("short \\u escape");
          unsigned code = static_cast<unsigned>(std::strtoul(s_.substr(pos_, 4).c_str(), nullptr, 16));
          pos_ += 4;
          // Graph JSON names are ASCII; keep other code points as UTF-8.
          if (code < 0x80) {
            out.push_back(static_cast<char>(code));
          } else if (code < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (code >> 6)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
          } else {
            out.push_back(static_cast<char>(0xE0 | (code >> 12)));
            out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
          }
          break;
        }
        default: out.push_back(e);
      }
    }
  }

  const std::string& s_;
  const std::string& what_;
  size_t pos_{0};
};

}  // namespace

const Value& Value::at(const std::string& key, const std::string& where) const {
  if (kind != kObject) {
    TVM_THROW(ValueError) << where << ": expected an object with member \"" << key << "\", found "
                          << KindName(kind);
  }
  auto it = object.find(key);
  if (it == object.end()) TVM_THROW(ValueError) << where << ": missing member \"" << key << "\"";
  return it->second;
}

const Value& Value::at(size_t i, const std::string& where) const {
  const std::vector<Value>& a = as_array(where);
  if (i >= a.size()) {
    TVM_THROW(ValueError) << where << ": index " << i << " out of range (" << a.size()
                          << " elements)";
  }
  return a[i];
}

const std::vector<Value>& Value::as_array(const std::string& where) const {
  if (kind != kArray) TVM_THROW(ValueError) << where << ": expected an array, found " << KindName(kind);
  return array;
}

const std::string& Value::as_string(const std::string& where) const {
  if (kind != kString) TVM_THROW(ValueError) << where << ": expected a string, found " << KindName(kind);
  return str;
}

int64_t Value::as_int(const std::string& where) const {
  if (kind == kNumber && number == static_cast<double>(static_cast<int64_t>(number))) {
    return static_cast<int64_t>(number);
  }
  if (kind == kString) {
    char* end = nullptr;
    long long v = std::strtoll(str.c_str(), &end, 10);
    if (end != str.c_str() && *end == '\0') return v;
  }
  TVM_THROW(ValueError) << where << ": expected an integer, found "
                        << (kind == kString ? "\"" + str + "\"" : std::string(KindName(kind)));
}

Value Parse(const std::string& text, const std::string& what) {
  return Parser(text, what).ParseDocument();
}

}  // namespace json
}  // namespace runtime
}  // namespace tvm
