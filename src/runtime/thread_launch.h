/*!
 * \file thread_launch.h
 * \brief What a device runtime needs to know about each kernel of a device
 * module, and how to read the launch grid from a packed call.
 *
 *  The code generators (src/target/source/codegen_gpu.h) describe a module's
 * kernels as text, one line per kernel: `name;dtype,dtype,...;tag,tag,...`. A
 * kernel is called through the packed API with its arguments (device pointers
 * as handles, scalars as int/float), followed by one extent per launch tag
 * (blockIdx.x, threadIdx.y, ...), as SplitHostDevice emits it.
 */
#ifndef TVM_RUNTIME_THREAD_LAUNCH_H_
#define TVM_RUNTIME_THREAD_LAUNCH_H_

#include <tvm/runtime/data_type.h>
#include <tvm/runtime/logging.h>
#include <tvm/runtime/packed_func.h>

#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace tvm {
namespace runtime {

struct KernelInfo {
  std::string name;
  std::vector<DLDataType> arg_types;
  std::vector<std::string> launch_tags;
};

inline std::vector<std::string> SplitText(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream is(s);
  while (std::getline(is, cur, sep)) {
    if (!cur.empty()) out.push_back(cur);
  }
  return out;
}

inline std::unordered_map<std::string, KernelInfo> ParseKernelInfo(const std::string& text) {
  std::unordered_map<std::string, KernelInfo> out;
  for (const std::string& line : SplitText(text, '\n')) {
    std::vector<std::string> parts;
    std::string cur;
    std::istringstream is(line);
    while (std::getline(is, cur, ';')) parts.push_back(cur);
    while (parts.size() < 3) parts.push_back("");
    KernelInfo k;
    k.name = parts[0];
    for (const std::string& t : SplitText(parts[1], ','))
      k.arg_types.push_back(String2DLDataType(t));
    k.launch_tags = SplitText(parts[2], ',');
    out[k.name] = k;
  }
  return out;
}

/*! \brief Grid (blocks) and block (threads per block) sizes of one launch. */
struct LaunchDims {
  size_t grid[3] = {1, 1, 1};
  size_t block[3] = {1, 1, 1};
  int work_dim = 1;
};

inline LaunchDims ReadLaunchDims(const KernelInfo& k, const TVMArgs& args) {
  size_t n = k.arg_types.size();
  if (static_cast<size_t>(args.num_args) != n + k.launch_tags.size()) {
    TVM_THROW(ValueError) << "kernel " << k.name << " expects " << n << " arguments and "
                          << k.launch_tags.size() << " launch extents, got " << args.num_args
                          << " values";
  }
  LaunchDims d;
  for (size_t i = 0; i < k.launch_tags.size(); ++i) {
    const std::string& tag = k.launch_tags[i];
    int64_t extent = args[static_cast<int>(n + i)];
    if (extent <= 0) {
      TVM_THROW(ValueError) << "kernel " << k.name << ": launch extent of " << tag
                            << " must be positive, got " << extent;
    }
    int dim = tag.back() - 'x';
    ICHECK(dim >= 0 && dim < 3) << "bad thread tag " << tag;
    (tag.rfind("blockIdx.", 0) == 0 ? d.grid : d.block)[dim] = static_cast<size_t>(extent);
    d.work_dim = std::max(d.work_dim, dim + 1);
  }
  return d;
}

/*! \brief Scalar argument `i` of a kernel call, stored as the kernel's
 * parameter type. */
union KernelScalar {
  int8_t i8;
  int16_t i16;
  int32_t i32;
  int64_t i64;
  float f32;
  double f64;
  uint16_t f16_bits;
  void* ptr;
};

/*! \brief Convert argument `i` to the kernel's type; returns its size in bytes.
 */
inline size_t PackScalar(const KernelInfo& k, const TVMArgs& args, int i, KernelScalar* out) {
  DLDataType t = k.arg_types[i];
  if (t.code == kDLFloat) {
    double v = args[i];
    if (t.bits == 32) {
      out->f32 = static_cast<float>(v);
      return 4;
    }
    if (t.bits == 64) {
      out->f64 = v;
      return 8;
    }
  } else if (t.code == kDLInt || t.code == kDLUInt) {
    int64_t v = args[i];
    switch (t.bits) {
      case 1:
      case 8:
        out->i8 = static_cast<int8_t>(v);
        return 1;
      case 16:
        out->i16 = static_cast<int16_t>(v);
        return 2;
      case 32:
        out->i32 = static_cast<int32_t>(v);
        return 4;
      case 64:
        out->i64 = v;
        return 8;
    }
  }
  TVM_THROW(ValueError) << "kernel " << k.name << ": unsupported scalar argument type "
                        << DLDataType2String(t);
}

}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_THREAD_LAUNCH_H_
