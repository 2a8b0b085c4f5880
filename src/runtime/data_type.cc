/*!
 * \file data_type.cc
 * \brief Parsing and printing of element types and device names.
 */
#include <tvm/runtime/data_type.h>
#include <tvm/runtime/string_tensor.h>

#include <cctype>
#include <cstdlib>
#include <string>

namespace tvm {
namespace runtime {

namespace {
const char* kDTypeForms =
    "int8/16/32/64, uint8/16/32/64, float16/32/64, bfloat16, bool or handle, "
    "optionally with a lane suffix such as x4, or string";

[[noreturn]] void BadDType(const std::string& s, const std::string& why) {
  TVM_THROW(ValueError) << "unsupported dtype '" << s << "': " << why << " (expected "
                        << kDTypeForms << ")";
}

/*! \brief Parse a positive decimal integer occupying s[pos, end); -1 if not one. */
int ParseCount(const std::string& s, size_t pos, size_t end) {
  if (pos >= end || end - pos > 5) return -1;
  int v = 0;
  for (size_t i = pos; i < end; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}
}  // namespace

DataType::DataType(const std::string& str) : data_(String2DLDataType(str)) {}

std::string DLDataType2String(DLDataType t) {
  DataType dt(t);
  if (dt.is_void()) return "void";
  if (dt.is_bool()) return dt.lanes() == 1 ? "bool" : "boolx" + std::to_string(dt.lanes());
  std::string base;
  switch (t.code) {
    case kDLInt:
      base = "int";
      break;
    case kDLUInt:
      base = "uint";
      break;
    case kDLFloat:
      base = "float";
      break;
    case kDLBfloat:
      base = "bfloat";
      break;
    case kDLOpaqueHandle:
      return t.lanes == 1 ? "handle" : "handlex" + std::to_string(t.lanes);
    case kStringTypeCode:
      if (t.bits == 64 && t.lanes == 1) return "string";
      base = "code" + std::to_string(t.code) + "_";
      break;
    default:
      base = "code" + std::to_string(t.code) + "_";
  }
  std::string s = base + std::to_string(t.bits);
  if (t.lanes != 1) s += "x" + std::to_string(t.lanes);
  return s;
}

DLDataType String2DLDataType(const std::string& s) {
  if (s.empty()) BadDType(s, "empty string");
  if (s == "string") return StringDType();
  // Split an optional lane suffix "xN".
  size_t end = s.size();
  int lanes = 1;
  size_t x = s.rfind('x');
  if (x != std::string::npos && x + 1 < s.size() && isdigit(static_cast<unsigned char>(s[x + 1]))) {
    lanes = ParseCount(s, x + 1, s.size());
    // DLDataType stores lanes in 16 bits: a larger count must not wrap around.
    if (lanes <= 0 || lanes > 65535) BadDType(s, "bad lane count (expected 1 to 65535)");
    end = x;
  }
  std::string base = s.substr(0, end);
  DLDataType t;
  t.lanes = static_cast<uint16_t>(lanes);
  if (base == "bool") {
    t.code = kDLUInt;
    t.bits = 1;
    return t;
  }
  if (base == "handle") {
    t.code = kDLOpaqueHandle;
    t.bits = 64;
    return t;
  }
  if (base == "void" && lanes == 1) {
    t.code = kDLOpaqueHandle;
    t.bits = 0;
    t.lanes = 0;
    return t;
  }
  if (base == "float") base = "float32";
  if (base == "int") base = "int32";
  if (base == "uint") base = "uint32";
  struct Prefix {
    const char* name;
    uint8_t code;
  };
  // Longest prefixes first: "bfloat" before "float", "uint" before "int".
  static const Prefix kPrefixes[] = {
      {"bfloat", kDLBfloat}, {"float", kDLFloat}, {"uint", kDLUInt}, {"int", kDLInt}};
  for (const Prefix& p : kPrefixes) {
    size_t n = std::string(p.name).size();
    if (base.compare(0, n, p.name) != 0) continue;
    int bits = ParseCount(base, n, base.size());
    if (bits <= 0) BadDType(s, "bad bit width");
    t.code = p.code;
    t.bits = static_cast<uint8_t>(bits);
    bool ok = false;
    switch (p.code) {
      case kDLFloat:
        ok = bits == 16 || bits == 32 || bits == 64;
        break;
      case kDLBfloat:
        ok = bits == 16;
        break;
      default:
        ok = bits == 1 || bits == 4 || bits == 8 || bits == 16 || bits == 32 || bits == 64;
    }
    if (!ok) BadDType(s, "no such bit width for " + std::string(p.name));
    return t;
  }
  BadDType(s, "unknown type name");
}

bool IsStorableDataType(DLDataType t) {
  DataType dt(t);
  if (dt.is_bool()) return true;
  if (IsStringDType(t)) return t.bits == 64 && t.lanes == 1;
  if (t.bits % 8 != 0 || t.bits == 0) return false;
  return t.code == kDLInt || t.code == kDLUInt || t.code == kDLFloat ||
         (t.code == kDLBfloat && t.bits == 16) || t.code == kDLOpaqueHandle;
}

std::string DeviceTypeName(int device_type) {
  switch (device_type) {
    case kDLCPU:
      return "cpu";
    case kDLCUDA:
      return "cuda";
    case kDLCUDAHost:
      return "cuda_host";
    case kDLOpenCL:
      return "opencl";
    case kDLVulkan:
      return "vulkan";
    case kDLMetal:
      return "metal";
    case kDLVPI:
      return "vpi";
    case kDLROCM:
      return "rocm";
    case kDLExtDev:
      return "ext_dev";
    default:
      return "device(" + std::to_string(device_type) + ")";
  }
}

int DeviceTypeFromName(const std::string& name) {
  static const std::pair<const char*, int> kNames[] = {
      {"cpu", kDLCPU},       {"llvm", kDLCPU},     {"c", kDLCPU},          {"stackvm", kDLCPU},
      {"cuda", kDLCUDA},     {"gpu", kDLCUDA},     {"nvptx", kDLCUDA},     {"cl", kDLOpenCL},
      {"opencl", kDLOpenCL}, {"vulkan", kDLVulkan}, {"metal", kDLMetal},   {"rocm", kDLROCM},
      {"vpi", kDLVPI},       {"ext_dev", kDLExtDev}, {"cuda_host", kDLCUDAHost}};
  for (const auto& kv : kNames) {
    if (name == kv.first) return kv.second;
  }
  TVM_THROW(ValueError) << "unknown device name '" << name
                        << "' (expected cpu, llvm, cuda, gpu, opencl, cl, vulkan, metal, rocm)";
}

std::string DeviceToString(Device dev) {
  return DeviceTypeName(dev.device_type) + "(" + std::to_string(dev.device_id) + ")";
}

}  // namespace runtime
}  // namespace tvm
