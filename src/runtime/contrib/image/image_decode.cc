/*!
 * \file image_decode.cc
 * \brief "tvm.contrib.image.decode"(config, encoded): ONNX ImageDecoder as a host kernel (see
 *  src/runtime/vm/executable.h). `encoded` is a 1-D uint8 tensor holding an image file;
 *  config {"pixel_format": "RGB" | "BGR" | "Grayscale"}; the result is uint8 [H, W, 3] (or
 *  [H, W, 1] for Grayscale).
 *
 *  The codecs live in libtvm_runtime_image.so (src/runtime/image), loaded with dlopen the first
 *  time an image is decoded: from the directory of this library, else the loader's search
 *  path, or the file TVM_IMAGE_LIBRARY names. Deployments that never decode images need
 *  neither it nor the codec libraries it links.
 */
#include <dlfcn.h>
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/registry.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "../../graph_executor/json_value.h"

namespace tvm {
namespace runtime {
namespace contrib {
namespace {

using DecodeFn = int (*)(const uint8_t*, size_t, uint8_t**, int64_t*, int64_t*, char*, size_t);
using FreeFn = void (*)(uint8_t*);

struct Codecs {
  DecodeFn decode{nullptr};
  FreeFn free{nullptr};
  std::string error;
};

const Codecs& LoadCodecs() {
  static Codecs codecs;
  static std::once_flag once;
  std::call_once(once, [] {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("TVM_IMAGE_LIBRARY")) candidates.emplace_back(env);
    Dl_info info;
    if (dladdr(reinterpret_cast<void*>(&LoadCodecs), &info) && info.dli_fname) {
      std::string self = info.dli_fname;
      size_t slash = self.rfind('/');
      if (slash != std::string::npos) {
        candidates.push_back(self.substr(0, slash + 1) + "libtvm_runtime_image.so");
      }
    }
    candidates.emplace_back("libtvm_runtime_image.so");
    std::string tried;
    for (const std::string& path : candidates) {
      void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (lib == nullptr) {
        tried += "\n  " + path + ": " + dlerror();
        continue;
      }
      codecs.decode = reinterpret_cast<DecodeFn>(dlsym(lib, "TVMImageDecodeRGB"));
      codecs.free = reinterpret_cast<FreeFn>(dlsym(lib, "TVMImageFree"));
      if (codecs.decode && codecs.free) return;
      tried += "\n  " + path + ": does not define TVMImageDecodeRGB / TVMImageFree";
      codecs.decode = nullptr;
    }
    codecs.error = "image decoding needs libtvm_runtime_image.so (built with "
                   "USE_IMAGE_CODECS=ON), tried:" + tried;
  });
  return codecs;
}

TVM_REGISTER_GLOBAL("tvm.contrib.image.decode").set_body([](TVMArgs args, TVMRetValue* rv) {
  constexpr const char* kKernel = "image.decode";
  if (args.size() != 2 || args[0].type_code() != kTVMStr) {
    TVM_THROW(TypeError) << kKernel << "(config, encoded): expects the JSON attributes and one "
                         << "tensor, got " << args.size() << " arguments";
  }
  std::string config = args[0];
  json::Value cfg = json::Parse(config, "image.decode attributes");
  std::string format = cfg.has("pixel_format") ? cfg.at("pixel_format", kKernel).as_string(kKernel)
                                               : std::string("RGB");
  if (format != "RGB" && format != "BGR" && format != "Grayscale") {
    TVM_THROW(ValueError) << kKernel << ": pixel_format must be RGB, BGR or Grayscale, got "
                          << format;
  }
  NDArray encoded = args[1];
  if (encoded->ndim != 1 || encoded->dtype.code != kDLUInt || encoded->dtype.bits != 8 ||
      encoded->dtype.lanes != 1) {
    std::string dims;
    for (int i = 0; i < encoded->ndim; ++i) dims += (i ? ", " : "") + std::to_string(encoded->shape[i]);
    TVM_THROW(TypeError) << kKernel << ": the encoded image must be a 1-D uint8 tensor, got "
                         << DLDataType2String(encoded->dtype) << " of shape (" << dims << ")";
  }
  if (encoded->device.device_type != kDLCPU) encoded = encoded.CopyTo(Device{kDLCPU, 0});
  const Codecs& codecs = LoadCodecs();
  if (codecs.decode == nullptr) TVM_THROW(ValueError) << kKernel << ": " << codecs.error;
  const auto* data = static_cast<const uint8_t*>(encoded->data) + encoded->byte_offset;
  uint8_t* rgb = nullptr;
  int64_t height = 0, width = 0;
  char error[512] = {0};
  if (codecs.decode(data, static_cast<size_t>(encoded->shape[0]), &rgb, &height, &width, error,
                    sizeof(error)) != 0) {
    TVM_THROW(ValueError) << kKernel << ": " << error;
  }
  std::unique_ptr<uint8_t, FreeFn> owner(rgb, codecs.free);
  int channels = format == "Grayscale" ? 1 : 3;
  NDArray out = NDArray::Empty(ShapeTuple({height, width, static_cast<int64_t>(channels)}), DLDataType{kDLUInt, 8, 1},
                               Device{kDLCPU, 0});
  auto* dst = static_cast<uint8_t*>(out->data);
  int64_t pixels = height * width;
  for (int64_t i = 0; i < pixels; ++i) {
    const uint8_t* px = rgb + 3 * i;
    if (format == "RGB") {
      dst[3 * i] = px[0], dst[3 * i + 1] = px[1], dst[3 * i + 2] = px[2];
    } else if (format == "BGR") {
      dst[3 * i] = px[2], dst[3 * i + 1] = px[1], dst[3 * i + 2] = px[0];
    } else {
      // ITU-R 601-2 luma in 16-bit fixed point, rounded: Pillow's convert("L").
      dst[i] = static_cast<uint8_t>((px[0] * 19595 + px[1] * 38470 + px[2] * 7471 + 0x8000) >> 16);
    }
  }
  *rv = out;
});

}  // namespace
}  // namespace contrib
}  // namespace runtime
}  // namespace tvm
