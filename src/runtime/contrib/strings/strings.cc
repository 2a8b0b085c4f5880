/*!
 * \file strings.cc
 * \brief Host kernels of the string operators (relay strings.*, ONNX StringConcat,
 *  StringSplit, StringNormalizer, RegexFullMatch, string Equal and Cast).
 *
 *  Each is a global "tvm.contrib.strings.<name>"(config, inputs...) that allocates and returns
 *  its outputs on the CPU (an NDArray, or an Array of them): the VM's `host` instruction calls
 *  it with `config`, the operator's attributes as a JSON object. Strings are UTF-8 bytes;
 *  kernels that look at characters (case changes) decode them and reject invalid UTF-8.
 */
#include <tvm/runtime/registry.h>
#include <tvm/runtime/string_tensor.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <locale>
#include <regex>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "../../graph_executor/json_value.h"
#include "../dltensor_access.h"

namespace tvm {
namespace runtime {
namespace contrib {
namespace {

const DLTensor* Input(const TVMArgs& args, int i, const char* kernel, const char* name) {
  if (args.size() <= i) {
    TVM_THROW(TypeError) << kernel << ": missing input '" << name << "' (got " << args.size() - 1
                         << " inputs)";
  }
  NDArray arr = args[i];
  const DLTensor* t = arr.operator->();
  if (t->strides != nullptr && !arr.IsContiguous()) {
    TVM_THROW(ValueError) << kernel << ": input '" << name << "' must be compact";
  }
  return t;
}

json::Value Config(const TVMArgs& args, const char* kernel) {
  if (args.size() < 1 || args[0].type_code() != kTVMStr) {
    TVM_THROW(TypeError) << kernel << ": the first argument must be the JSON text of the "
                         << "operator's attributes";
  }
  std::string text = args[0];
  return json::Parse(text, std::string(kernel) + " attributes");
}

std::vector<int64_t> ShapeOf(const DLTensor* t) { return {t->shape, t->shape + t->ndim}; }

std::string ShapeText(const std::vector<int64_t>& s) {
  std::string out = "(";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + (s.size() == 1 ? ",)" : ")");
}

/*! \brief numpy broadcasting of two tensors: the output shape and, per element, the inputs'. */
class Broadcast {
 public:
  Broadcast(const DLTensor* a, const DLTensor* b, const char* kernel) {
    int ndim = std::max(a->ndim, b->ndim);
    shape_.assign(ndim, 1);
    std::vector<int64_t> da(ndim, 1), db(ndim, 1);
    for (int i = 0; i < a->ndim; ++i) da[ndim - a->ndim + i] = a->shape[i];
    for (int i = 0; i < b->ndim; ++i) db[ndim - b->ndim + i] = b->shape[i];
    for (int i = 0; i < ndim; ++i) {
      if (da[i] != db[i] && da[i] != 1 && db[i] != 1) {
        TVM_THROW(ValueError) << kernel << ": shapes " << ShapeText(ShapeOf(a)) << " and "
                              << ShapeText(ShapeOf(b)) << " do not broadcast";
      }
      shape_[i] = da[i] == 1 ? db[i] : da[i];
    }
    stride_a_ = Strides(da);
    stride_b_ = Strides(db);
  }
  const std::vector<int64_t>& shape() const { return shape_; }
  int64_t size() const {
    int64_t n = 1;
    for (int64_t d : shape_) n *= d;
    return n;
  }
  /*! \brief The flat indices into a and b of output element i. */
  void Map(int64_t i, int64_t* ia, int64_t* ib) const {
    *ia = *ib = 0;
    for (int d = static_cast<int>(shape_.size()) - 1; d >= 0; --d) {
      int64_t c = i % shape_[d];
      i /= shape_[d];
      *ia += c * stride_a_[d];
      *ib += c * stride_b_[d];
    }
  }

 private:
  /*! \brief Row-major strides with 0 on broadcast (extent 1) dimensions. */
  std::vector<int64_t> Strides(const std::vector<int64_t>& dims) const {
    std::vector<int64_t> s(dims.size(), 0);
    int64_t step = 1;
    for (int d = static_cast<int>(dims.size()) - 1; d >= 0; --d) {
      s[d] = dims[d] == 1 ? 0 : step;
      step *= dims[d];
    }
    return s;
  }
  std::vector<int64_t> shape_, stride_a_, stride_b_;
};

NDArray BoolTensor(const std::vector<int64_t>& shape) {
  return NDArray::Empty(ShapeTuple(shape), DLDataType{kDLUInt, 1, 1}, Device{kDLCPU, 0});
}

// ---- UTF-8 and case changes ---------------------------------------------------------------

std::u32string DecodeUtf8(const std::string& s, const char* kernel) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || i + extra >= s.size()) {
      TVM_THROW(ValueError) << kernel << ": the string '" << s << "' is not valid UTF-8 (byte "
                            << i << ")";
    }
    char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d >> 6) != 2) {
        TVM_THROW(ValueError) << kernel << ": the string '" << s << "' is not valid UTF-8 (byte "
                              << i + k << ")";
      }
      cp = (cp << 6) | (d & 0x3F);
    }
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

std::string EncodeUtf8(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

/*!
 * \brief Upper- or lower-cases UTF-8 text with the character classes of `locale` (as
 *  "en_US" names it; its UTF-8 variant is used, else C.UTF-8, else ASCII only). The classic
 *  "C" / "POSIX" locale changes ASCII letters only.
 */
class CaseMapper {
 public:
  explicit CaseMapper(const std::string& locale) {
    if (locale == "C" || locale == "POSIX") return;  // the classic locale: ASCII letters only
    for (const std::string& name : {locale + ".UTF-8", locale + ".utf8", std::string("C.UTF-8")}) {
      try {
        loc_ = std::locale(name);
        wide_ = true;
        return;
      } catch (const std::runtime_error&) {
      }
    }
  }
  std::string Apply(const std::string& s, bool upper, const char* kernel) const {
    std::u32string cps = DecodeUtf8(s, kernel);
    for (char32_t& c : cps) c = Map(c, upper);
    return EncodeUtf8(cps);
  }

 private:
  char32_t Map(char32_t c, bool upper) const {
    if (!wide_ || c < 0x80) {
      if (upper && c >= 'a' && c <= 'z') return c - 'a' + 'A';
      if (!upper && c >= 'A' && c <= 'Z') return c - 'A' + 'a';
      return c;
    }
    const auto& facet = std::use_facet<std::ctype<wchar_t>>(loc_);
    auto w = static_cast<wchar_t>(c);
    return static_cast<char32_t>(upper ? facet.toupper(w) : facet.tolower(w));
  }
  std::locale loc_;
  bool wide_{false};
};

std::string OptionalString(const json::Value& cfg, const char* key, const std::string& dflt) {
  if (!cfg.has(key) || cfg.object.at(key).kind == json::Value::kNull) return dflt;
  return cfg.at(key, key).as_string(key);
}

// ---- kernels ------------------------------------------------------------------------------

TVM_REGISTER_GLOBAL("tvm.contrib.strings.equal").set_body([](TVMArgs args, TVMRetValue* rv) {
  constexpr const char* kKernel = "strings.equal";
  Config(args, kKernel);
  const DLTensor* a = Input(args, 1, kKernel, "lhs");
  const DLTensor* b = Input(args, 2, kKernel, "rhs");
  CheckStringTensor(a, kKernel, "lhs");
  CheckStringTensor(b, kKernel, "rhs");
  Broadcast bc(a, b, kKernel);
  NDArray out = BoolTensor(bc.shape());
  auto* dst = static_cast<bool*>(out->data);
  for (int64_t i = 0, n = bc.size(); i < n; ++i) {
    int64_t ia, ib;
    bc.Map(i, &ia, &ib);
    dst[i] = StringAt(a, ia) == StringAt(b, ib);
  }
  *rv = out;
});

TVM_REGISTER_GLOBAL("tvm.contrib.strings.concat").set_body([](TVMArgs args, TVMRetValue* rv) {
  constexpr const char* kKernel = "strings.concat";
  Config(args, kKernel);
  const DLTensor* a = Input(args, 1, kKernel, "lhs");
  const DLTensor* b = Input(args, 2, kKernel, "rhs");
  CheckStringTensor(a, kKernel, "lhs");
  CheckStringTensor(b, kKernel, "rhs");
  Broadcast bc(a, b, kKernel);
  NDArray out = NDArray::Empty(ShapeTuple(bc.shape()), StringDType(), Device{kDLCPU, 0});
  for (int64_t i = 0, n = bc.size(); i < n; ++i) {
    int64_t ia, ib;
    bc.Map(i, &ia, &ib);
    StringAt(out.operator->(), i) = StringAt(a, ia) + StringAt(b, ib);
  }
  *rv = out;
});

TVM_REGISTER_GLOBAL("tvm.contrib.strings.regex_full_match")
    .set_body([](TVMArgs args, TVMRetValue* rv) {
      constexpr const char* kKernel = "strings.regex_full_match";
      json::Value cfg = Config(args, kKernel);
      const DLTensor* x = Input(args, 1, kKernel, "data");
      CheckStringTensor(x, kKernel, "data");
      std::string pattern = cfg.at("pattern", kKernel).as_string(kKernel);
      std::regex re;
      try {
        re = std::regex(pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        TVM_THROW(ValueError) << kKernel << ": the pattern '" << pattern
                              << "' is not a valid (ECMAScript) regular expression: " << e.what();
      }
      NDArray out = BoolTensor(ShapeOf(x));
      auto* dst = static_cast<bool*>(out->data);
      for (int64_t i = 0, n = NumElements(x); i < n; ++i) {
        dst[i] = std::regex_match(StringAt(x, i), re);
      }
      *rv = out;
    });

/*!
 * \brief Python's str.split: by `delimiter` (empty pieces kept) or, with an empty
 *  delimiter, by runs of whitespace (leading and trailing whitespace ignored, also at the end
 *  of the remainder after maxsplit splits); at most maxsplit splits when maxsplit >= 0.
 */
std::vector<std::string> Split(const std::string& s, const std::string& delimiter,
                               int64_t maxsplit) {
  std::vector<std::string> parts;
  if (delimiter.empty()) {
    auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
    size_t i = 0;
    while (true) {
      while (i < s.size() && space(s[i])) ++i;
      if (i == s.size()) break;
      if (maxsplit >= 0 && static_cast<int64_t>(parts.size()) == maxsplit) {
        // The rest, without trailing whitespace (the ONNX spec and onnxruntime; Python's
        // str.split would keep it).
        size_t end = s.size();
        while (end > i && space(s[end - 1])) --end;
        parts.push_back(s.substr(i, end - i));
        break;
      }
      size_t j = i;
      while (j < s.size() && !space(s[j])) ++j;
      parts.push_back(s.substr(i, j - i));
      i = j;
    }
    return parts;
  }
  size_t start = 0;
  while (true) {
    size_t at = s.find(delimiter, start);
    if (at == std::string::npos ||
        (maxsplit >= 0 && static_cast<int64_t>(parts.size()) == maxsplit)) {
      parts.push_back(s.substr(start));
      break;
    }
    parts.push_back(s.substr(start, at - start));
    start = at + delimiter.size();
  }
  return parts;
}

TVM_REGISTER_GLOBAL("tvm.contrib.strings.split").set_body([](TVMArgs args, TVMRetValue* rv) {
  constexpr const char* kKernel = "strings.split";
  json::Value cfg = Config(args, kKernel);
  const DLTensor* x = Input(args, 1, kKernel, "data");
  CheckStringTensor(x, kKernel, "data");
  std::string delimiter = OptionalString(cfg, "delimiter", "");
  int64_t maxsplit = cfg.has("maxsplit") ? cfg.at("maxsplit", kKernel).as_int(kKernel) : -1;
  int64_t n = NumElements(x);
  std::vector<std::vector<std::string>> parts(n);
  int64_t width = 0;
  for (int64_t i = 0; i < n; ++i) {
    parts[i] = Split(StringAt(x, i), delimiter, maxsplit);
    width = std::max<int64_t>(width, parts[i].size());
  }
  std::vector<int64_t> shape = ShapeOf(x);
  NDArray counts = NDArray::Empty(ShapeTuple(shape), DLDataType{kDLInt, 64, 1},
                                  Device{kDLCPU, 0});
  shape.push_back(width);
  NDArray pieces = NDArray::Empty(ShapeTuple(shape), StringDType(), Device{kDLCPU, 0});
  for (int64_t i = 0; i < n; ++i) {
    static_cast<int64_t*>(counts->data)[i] = static_cast<int64_t>(parts[i].size());
    for (size_t k = 0; k < parts[i].size(); ++k) {
      StringAt(pieces.operator->(), i * width + static_cast<int64_t>(k)) = std::move(parts[i][k]);
    }
  }
  *rv = Array<ObjectRef>{pieces, counts};
});

/*!
 * \brief ONNX StringNormalizer on [C] or [1, C]: drops the elements equal to a stop word
 *  (compared case-insensitively unless is_case_sensitive), then changes the case of the rest;
 *  when nothing remains the result is one empty string ([1] or [1, 1]).
 */
TVM_REGISTER_GLOBAL("tvm.contrib.strings.normalize").set_body([](TVMArgs args, TVMRetValue* rv) {
  constexpr const char* kKernel = "strings.normalize";
  json::Value cfg = Config(args, kKernel);
  const DLTensor* x = Input(args, 1, kKernel, "data");
  CheckStringTensor(x, kKernel, "data");
  if (!(x->ndim == 1 || (x->ndim == 2 && x->shape[0] == 1))) {
    TVM_THROW(ValueError) << kKernel << ": expects a [C] or [1, C] tensor, got shape "
                          << ShapeText(ShapeOf(x));
  }
  std::string action = OptionalString(cfg, "case_change_action", "NONE");
  if (action != "NONE" && action != "LOWER" && action != "UPPER") {
    TVM_THROW(ValueError) << kKernel << ": case_change_action must be NONE, LOWER or UPPER, got "
                          << action;
  }
  bool case_sensitive = cfg.has("is_case_sensitive") &&
                        cfg.at("is_case_sensitive", kKernel).as_int(kKernel) != 0;
  CaseMapper mapper(OptionalString(cfg, "locale", "en_US"));
  auto fold = [&](const std::string& s) {
    return case_sensitive ? s : mapper.Apply(s, /*upper=*/false, kKernel);
  };
  std::set<std::string> stops;
  if (cfg.has("stopwords")) {
    for (const json::Value& w : cfg.at("stopwords", kKernel).as_array(kKernel)) {
      stops.insert(fold(w.as_string(kKernel)));
    }
  }
  std::vector<std::string> kept;
  for (int64_t i = 0, n = NumElements(x); i < n; ++i) {
    const std::string& s = StringAt(x, i);
    if (stops.count(fold(s))) continue;
    kept.push_back(action == "NONE" ? s : mapper.Apply(s, action == "UPPER", kKernel));
  }
  if (kept.empty()) kept.emplace_back();
  std::vector<int64_t> shape{static_cast<int64_t>(kept.size())};
  if (x->ndim == 2) shape.insert(shape.begin(), 1);
  *rv = StringTensor(shape, std::move(kept));
});

/*! \brief Numbers as text: the shortest form that reads back to the same value. */
TVM_REGISTER_GLOBAL("tvm.contrib.strings.to_string").set_body([](TVMArgs args, TVMRetValue* rv) {
  constexpr const char* kKernel = "strings.to_string";
  Config(args, kKernel);
  Input(args, 1, kKernel, "data");
  NDArray in = args[1];
  if (in->device.device_type != kDLCPU) in = in.CopyTo(Device{kDLCPU, 0});
  const DLTensor* x = in.operator->();
  NDArray out = NDArray::Empty(ShapeTuple(ShapeOf(x)), StringDType(), Device{kDLCPU, 0});
  DispatchNumeric(x->dtype, kKernel, [&](auto tag) {
    using T = decltype(tag);
    char buf[64];
    for (int64_t i = 0, n = NumElements(x); i < n; ++i) {
      T v = Load<T>(x, i);
      std::string s;
      if constexpr (std::is_same_v<T, bool>) {
        s = v ? "True" : "False";
      } else if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(v)) {
          s = "NaN";
        } else if (std::isinf(v)) {
          s = v > 0 ? "INF" : "-INF";
        } else {
          auto r = std::to_chars(buf, buf + sizeof(buf), v);
          s.assign(buf, r.ptr);
        }
      } else {
        auto r = std::to_chars(buf, buf + sizeof(buf), v);
        s.assign(buf, r.ptr);
      }
      StringAt(out.operator->(), i) = std::move(s);
    }
  });
  *rv = out;
});

/*! \brief Text as numbers of config["dtype"]; ValueError naming the first unreadable element. */
TVM_REGISTER_GLOBAL("tvm.contrib.strings.to_number").set_body([](TVMArgs args, TVMRetValue* rv) {
  constexpr const char* kKernel = "strings.to_number";
  json::Value cfg = Config(args, kKernel);
  const DLTensor* x = Input(args, 1, kKernel, "data");
  CheckStringTensor(x, kKernel, "data");
  DLDataType dtype = String2DLDataType(cfg.at("dtype", kKernel).as_string(kKernel));
  NDArray out = NDArray::Empty(ShapeTuple(ShapeOf(x)), dtype, Device{kDLCPU, 0});
  DispatchNumeric(dtype, kKernel, [&](auto tag) {
    using T = decltype(tag);
    for (int64_t i = 0, n = NumElements(x); i < n; ++i) {
      const std::string& s = StringAt(x, i);
      const char* begin = s.c_str();
      char* end = nullptr;
      errno = 0;
      T v{};
      if constexpr (std::is_same_v<T, bool>) {
        std::string lower = s;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == "true" || lower == "1" || lower == "false" || lower == "0") {
          v = lower == "true" || lower == "1";
          end = const_cast<char*>(begin) + s.size();
        }
      } else if constexpr (std::is_same_v<T, float>) {
        v = std::strtof(begin, &end);
      } else if constexpr (std::is_floating_point_v<T>) {
        v = std::strtod(begin, &end);
      } else if constexpr (std::is_signed_v<T>) {
        long long w = std::strtoll(begin, &end, 10);
        if (w < std::numeric_limits<T>::min() || w > std::numeric_limits<T>::max()) errno = ERANGE;
        v = static_cast<T>(w);
      } else {
        unsigned long long w = std::strtoull(begin, &end, 10);
        if (w > std::numeric_limits<T>::max() || s.find('-') != std::string::npos) errno = ERANGE;
        v = static_cast<T>(w);
      }
      bool ok = end != nullptr && end != begin && *end == '\0';
      if (!ok || (errno == ERANGE && !std::is_floating_point_v<T>)) {
        TVM_THROW(ValueError) << kKernel << ": element " << i << ", '" << s << "', is not "
                              << (ok ? "within the range of " : "a number of type ")
                              << DLDataType2String(dtype);
      }
      reinterpret_cast<T*>(Base(out.operator->()))[i] = v;
    }
  });
  *rv = out;
});

}  // namespace
}  // namespace contrib
}  // namespace runtime
}  // namespace tvm
