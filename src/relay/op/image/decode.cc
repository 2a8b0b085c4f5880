/*!
 * \file decode.cc
 * \brief image.decode: an encoded image file (1-D uint8) to its pixels, uint8 [H, W, C]. H and
 *  W are known only when it runs. A host kernel ("tvm.contrib.image.decode", codecs in
 *  libtvm_runtime_image.so) on the Relay VM, like the string operators (THostKernel).
 */
#include <tvm/relay/attrs/image.h>

#include "../op_common.h"

namespace tvm {
namespace relay {

TVM_REGISTER_NODE_TYPE(ImageDecodeAttrs);

namespace {

bool ImageDecodeRel(const Array<Type>& types, int, const Attrs& attrs,
                    const TypeReporter& reporter) {
  const TensorTypeNode* data = TensorArg(types, 0, reporter);
  if (data == nullptr) return false;
  if (data->shape.size() != 1 || data->dtype != DataType::UInt(8)) {
    TVM_THROW(TypeError) << reporter->ArgName(0) << " must be a 1-D uint8 tensor (the bytes of "
                         << "an image file), but has type " << TypeText(types[0]);
  }
  std::string format = attrs.as<ImageDecodeAttrs>()->pixel_format;
  if (format != "RGB" && format != "BGR" && format != "Grayscale") {
    TVM_THROW(ValueError) << "image.decode: pixel_format must be RGB, BGR or Grayscale, got "
                          << format;
  }
  reporter->Assign(types[1], TensorType({Any(), Any(), Dim(format == "Grayscale" ? 1 : 3)},
                                        DataType::UInt(8)));
  return true;
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.op.image._make.decode")
    .set_body_typed([](Expr data, String pixel_format) {
      auto attrs = MakeAttrs<ImageDecodeAttrs>();
      attrs->pixel_format = pixel_format;
      return MakeOpCall("image.decode", {data}, Attrs(attrs));
    });
RELAY_REGISTER_OP("image.decode")
    .describe("the pixels of an encoded image (BMP, JPEG, JPEG 2000, PNG, PNM, TIFF, WebP)")
    .set_num_inputs(1)
    .add_argument("data", "Tensor", "the bytes of the image file, 1-D uint8")
    .set_attrs_type<ImageDecodeAttrs>()
    .add_type_rel("ImageDecode", ImageDecodeRel)
    .set_attr<TOpPattern>("TOpPattern", kOpaque)
    .set_attr<THostKernel>("THostKernel", String("tvm.contrib.image.decode"));

}  // namespace relay
}  // namespace tvm
