/*!
 * \file tvm/runtime/string_tensor.h
 * \brief Tensors of strings: NDArrays of dtype "string", as ONNX models use them for text
 *  (StringSplit, RegexFullMatch, string Cast).
 *
 *  A string tensor lives on the CPU. Element i of its (compact, row-major) data is a
 *  `std::string*` into a pool that the array owns (NDArray::Container::base_ holds the
 *  pool), so a kernel reads and assigns elements in place through StringAt. NDArray::Empty
 *  of the string dtype gives empty strings; copies between string tensors copy the strings;
 *  views share the pool. A string tensor cannot be exported through DLPack, viewed as
 *  another dtype, or copied to or from raw bytes. Compiled (TE) kernels never see strings:
 *  operators on them are host kernels (see src/runtime/vm/executable.h, `host`).
 */
#ifndef TVM_RUNTIME_STRING_TENSOR_H_
#define TVM_RUNTIME_STRING_TENSOR_H_

#include <tvm/runtime/ndarray.h>

#include <string>
#include <vector>

namespace tvm {
namespace runtime {

/*! \brief The DLDataType code of "string" (outside DLPack's codes; bits 64: one pointer). */
constexpr uint8_t kStringTypeCode = 128;

inline bool IsStringDType(DLDataType t) { return t.code == kStringTypeCode; }
inline DLDataType StringDType() { return DLDataType{kStringTypeCode, 64, 1}; }

/*! \brief Element i (row-major) of a string tensor checked by CheckStringTensor. */
inline std::string& StringAt(const DLTensor* t, int64_t i) {
  auto* const* elems = reinterpret_cast<std::string* const*>(static_cast<const char*>(t->data) +
                                                             t->byte_offset);
  return *elems[i];
}

/*!
 * \brief TypeError unless t is a string tensor on the CPU; `what` names the caller and
 *  `arg` the argument in the message.
 */
void CheckStringTensor(const DLTensor* t, const char* what, const char* arg);

/*! \brief A string tensor of `shape` holding `values` (row-major; ValueError on a count mismatch). */
NDArray StringTensor(const std::vector<int64_t>& shape, std::vector<std::string> values);

}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_STRING_TENSOR_H_
