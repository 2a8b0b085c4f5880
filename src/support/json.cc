/*!
 * \file json.cc
 * \brief The strict JSON reader and string quoting of json.h.
 */
#include "json.h"

#include <tvm/runtime/logging.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace tvm {
namespace support {
namespace {

/*! \brief A strict recursive-descent JSON reader whose errors say where and what. */
class JSONParser {
 public:
  JSONParser(const std::string& text, const std::string& context) : s_(text), context_(context) {}

  JSONValue ParseDocument() {
    JSONValue v = ParseValue(0);
    SkipSpace();
    if (pos_ != s_.size()) Fail("the end of the text");
    return v;
  }

 private:
  // The document format nests 4 deep; anything far deeper is not one of ours.
  static constexpr int kMaxDepth = 64;

  [[noreturn]] void Fail(const std::string& expected) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < pos_ && i < s_.size(); ++i) {
      if (s_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string found = pos_ >= s_.size() ? "the end of the text (truncated?)"
                                          : "'" + std::string(1, s_[pos_]) + "'";
    TVM_THROW(ValueError) << context_ << ": the text is not valid JSON: at line " << line
                          << ", column " << column << " expected " << expected << ", found "
                          << found;
  }

  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) {
      ++pos_;
    }
  }
  bool Eat(char c) {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void Expect(char c) {
    if (!Eat(c)) Fail(std::string("'") + c + "'");
  }
  bool EatWord(const char* word) {
    size_t n = std::char_traits<char>::length(word);
    if (s_.compare(pos_, n, word) != 0) return false;
    pos_ += n;
    return true;
  }

  JSONValue ParseValue(int depth) {
    if (depth > kMaxDepth) Fail("at most " + std::to_string(kMaxDepth) + " levels of nesting");
    SkipSpace();
    JSONValue v;
    if (pos_ >= s_.size()) Fail("a value");
    char c = s_[pos_];
    if (c == '{') {
      ++pos_;
      v.kind = JSONValue::kObject;
      if (Eat('}')) return v;
      do {
        SkipSpace();
        if (pos_ >= s_.size() || s_[pos_] != '"') Fail("a string (an object key)");
        std::string key = ParseString();
        Expect(':');
        v.members.emplace_back(std::move(key), ParseValue(depth + 1));
      } while (Eat(','));
      Expect('}');
    } else if (c == '[') {
      ++pos_;
      v.kind = JSONValue::kArray;
      if (Eat(']')) return v;
      do {
        v.items.push_back(ParseValue(depth + 1));
      } while (Eat(','));
      Expect(']');
    } else if (c == '"') {
      v.kind = JSONValue::kString;
      v.text = ParseString();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind = JSONValue::kNumber;
      v.text = ParseNumber();
    } else if (EatWord("true")) {
      v.kind = JSONValue::kBool;
      v.boolean = true;
    } else if (EatWord("false")) {
      v.kind = JSONValue::kBool;
    } else if (!EatWord("null")) {
      Fail("a value");
    }
    return v;
  }

  std::string ParseNumber() {
    size_t start = pos_;
    auto digits = [&]() {
      size_t from = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ == from) Fail("a digit");
    };
    if (s_[pos_] == '-') ++pos_;
    digits();
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      digits();
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      digits();
    }
    return s_.substr(start, pos_ - start);
  }

  int Hex4() {
    int v = 0;
    for (int k = 0; k < 4; ++k, ++pos_) {
      if (pos_ >= s_.size()) Fail("4 hex digits");
      char c = s_[pos_];
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) Fail("4 hex digits");
      v = v * 16 + d;
    }
    return v;
  }

  static void AppendUTF8(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  std::string ParseString() {
    ++pos_;  // the opening quote
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) Fail("'\"' (the end of the string)");
      char c = s_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) {
        --pos_;
        Fail("an escaped control character");
      }
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) Fail("an escape sequence");
      char e = s_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.push_back(e);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          uint32_t cp = static_cast<uint32_t>(Hex4());
          if (cp >= 0xD800 && cp < 0xDC00 && s_.compare(pos_, 2, "\\u") == 0) {
            pos_ += 2;
            uint32_t lo = static_cast<uint32_t>(Hex4());
            if (lo < 0xDC00 || lo >= 0xE000) Fail("a low surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          AppendUTF8(&out, cp);
          break;
        }
        default:
          --pos_;
          Fail("an escape sequence (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
      }
    }
  }

  const std::string& s_;
  const std::string& context_;
  size_t pos_{0};
};

}  // namespace

JSONValue ParseJSON(const std::string& text, const std::string& context) {
  return JSONParser(text, context).ParseDocument();
}

void WriteJSONString(std::ostream& os, const std::string& s) {
  os << '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        os << "\\\"";
        break;
      case '\\':
        os << "\\\\";
        break;
      case '\n':
        os << "\\n";
        break;
      case '\r':
        os << "\\r";
        break;
      case '\t':
        os << "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          os << buf;
        } else {
          os << ch;
        }
    }
  }
  os << '"';
}

}  // namespace support
}  // namespace tvm
