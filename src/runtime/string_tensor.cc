/*!
 * \file string_tensor.cc
 * \brief String tensors (tvm/runtime/string_tensor.h): construction, checks and the globals
 *  the Python package converts numpy arrays of text through.
 */
#include <tvm/runtime/registry.h>
#include <tvm/runtime/string_tensor.h>

#include <utility>

namespace tvm {
namespace runtime {

void CheckStringTensor(const DLTensor* t, const char* what, const char* arg) {
  if (!IsStringDType(t->dtype)) {
    TVM_THROW(TypeError) << what << ": " << arg << " must be a string tensor, got "
                         << DLDataType2String(t->dtype);
  }
  if (t->device.device_type != kDLCPU) {
    TVM_THROW(TypeError) << what << ": " << arg << " is a string tensor on "
                         << DeviceToString(t->device) << "; string tensors live on the cpu";
  }
}

NDArray StringTensor(const std::vector<int64_t>& shape, std::vector<std::string> values) {
  NDArray out = NDArray::Empty(ShapeTuple(shape), StringDType(), Device{kDLCPU, 0});
  if (out.NumElements() != static_cast<int64_t>(values.size())) {
    std::string dims;
    for (int64_t d : shape) dims += (dims.empty() ? "" : ", ") + std::to_string(d);
    TVM_THROW(ValueError) << "string tensor: shape (" << dims << ") holds "
                          << out.NumElements() << " elements but " << values.size()
                          << " strings were given";
  }
  for (size_t i = 0; i < values.size(); ++i) {
    StringAt(out.operator->(), static_cast<int64_t>(i)) = std::move(values[i]);
  }
  return out;
}

TVM_REGISTER_GLOBAL("runtime.StringTensorFromList")
    .set_body_typed([](ShapeTuple shape, Array<String> values) {
      std::vector<std::string> v;
      v.reserve(values.size());
      for (const String& s : values) v.emplace_back(s);
      return StringTensor(shape.vec(), std::move(v));
    });

TVM_REGISTER_GLOBAL("runtime.StringTensorToList").set_body_typed([](NDArray arr) {
  CheckStringTensor(arr.operator->(), "string tensor to list", "the array");
  Array<String> out;
  int64_t n = arr.NumElements();
  for (int64_t i = 0; i < n; ++i) out.push_back(String(StringAt(arr.operator->(), i)));
  return out;
});

}  // namespace runtime
}  // namespace tvm
