/*!
 * \file dltensor_access.h
 * \brief Element access for the runtime's own kernels (sorting, argwhere,
 * unique, non-maximum suppression), which take compact row-major DLTensors of
 * any numeric dtype from compiled code (te.extern + call_packed).
 *
 *  Kernels that compare values exactly (unique) dispatch on the dtype with
 * DispatchNumeric and work on the C++ type; kernels that only need a number
 * (sort keys, box coordinates) read it as a double with ValueAt. An unsupported
 * dtype is a TypeError naming the kernel.
 */
#ifndef TVM_RUNTIME_CONTRIB_DLTENSOR_ACCESS_H_
#define TVM_RUNTIME_CONTRIB_DLTENSOR_ACCESS_H_

#include <dlpack/dlpack.h>
#include <tvm/runtime/data_type.h>
#include <tvm/runtime/logging.h>

#include <algorithm>
#include <cstdint>

namespace tvm {
namespace runtime {
namespace contrib {

/*! \brief The address of element 0 (data plus the byte offset). */
inline char* Base(const DLTensor* t) { return static_cast<char*>(t->data) + t->byte_offset; }

/*! \brief Bytes per element (bool is one byte). */
inline size_t ElemBytes(const DLDataType& d) { return (d.bits * d.lanes + 7) / 8; }

inline int64_t NumElements(const DLTensor* t) {
  int64_t n = 1;
  for (int i = 0; i < t->ndim; ++i) n *= t->shape[i];
  return n;
}

template <typename T>
T Load(const DLTensor* t, int64_t i) {
  return reinterpret_cast<const T*>(Base(t))[i];
}

/*!
 * \brief Calls f(T()) with T the C++ type of `d` (bool, signed and unsigned
 * integers of 8 to 64 bits, float32, float64); a TypeError naming `kernel` for
 * any other dtype.
 */
template <typename F>
void DispatchNumeric(const DLDataType& d, const char* kernel, F f) {
  if (d.lanes == 1) {
    if (d.code == kDLFloat && d.bits == 32) return f(float());
    if (d.code == kDLFloat && d.bits == 64) return f(double());
    if (d.code == kDLInt && d.bits == 8) return f(int8_t());
    if (d.code == kDLInt && d.bits == 16) return f(int16_t());
    if (d.code == kDLInt && d.bits == 32) return f(int32_t());
    if (d.code == kDLInt && d.bits == 64) return f(int64_t());
    if (d.code == kDLUInt && d.bits == 1) return f(bool());
    if (d.code == kDLUInt && d.bits == 8) return f(uint8_t());
    if (d.code == kDLUInt && d.bits == 16) return f(uint16_t());
    if (d.code == kDLUInt && d.bits == 32) return f(uint32_t());
    if (d.code == kDLUInt && d.bits == 64) return f(uint64_t());
  }
  TVM_THROW(TypeError) << kernel << ": dtype " << DLDataType2String(d) << " is not supported";
}

/*! \brief Element i of a tensor of any dtype DispatchNumeric accepts, as
 * double. */
inline double ValueAt(const DLTensor* t, int64_t i, const char* kernel) {
  double v = 0;
  DispatchNumeric(t->dtype, kernel,
                  [&](auto tag) { v = static_cast<double>(Load<decltype(tag)>(t, i)); });
  return v;
}

/*! \brief Stores an index (a position or a count) into an int32, int64 or
 * float32 tensor. */
inline void StoreIndex(DLTensor* t, int64_t i, int64_t v, const char* kernel) {
  const DLDataType& d = t->dtype;
  if (d.code == kDLInt && d.bits == 32) {
    reinterpret_cast<int32_t*>(Base(t))[i] = static_cast<int32_t>(v);
  } else if (d.code == kDLInt && d.bits == 64) {
    reinterpret_cast<int64_t*>(Base(t))[i] = v;
  } else if (d.code == kDLFloat && d.bits == 32) {
    reinterpret_cast<float*>(Base(t))[i] = static_cast<float>(v);
  } else {
    TVM_THROW(TypeError) << kernel << ": index dtype " << DLDataType2String(d)
                         << " is not supported (int32, int64 or float32)";
  }
}

/*! \brief Copies element i of `from` to element j of `to` (same dtype). */
inline void CopyElem(const DLTensor* from, int64_t i, DLTensor* to, int64_t j) {
  size_t bytes = ElemBytes(from->dtype);
  std::copy_n(Base(from) + i * bytes, bytes, Base(to) + j * bytes);
}

}  // namespace contrib
}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_CONTRIB_DLTENSOR_ACCESS_H_
