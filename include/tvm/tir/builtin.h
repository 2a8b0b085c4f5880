/*!
 * \file tvm/tir/builtin.h
 * \brief Builtin operators of TIR that are not math: memory access helpers, packed calls,
 *  synchronisation, and the like. Each is an Op named "tir.<name>".
 */
#ifndef TVM_TIR_BUILTIN_H_
#define TVM_TIR_BUILTIN_H_

#include <tvm/ir/op.h>

namespace tvm {
namespace tir {

/*! \brief How a call affects state; decides what passes may reorder or remove. */
enum class CallEffectKind : int {
  kExprAnnotation = 0,
  kPure = 1,
  kReadState = 2,
  kUpdateState = 3,
  kOpaque = 4,
  kSpecialCallArg = 5,
  kEmbedded = 6,
  kControlJump = 7,
};

/*! \brief The TCallEffectKind attribute of an op (kOpaque when unset). */
CallEffectKind GetCallEffectKind(const Op& op);

namespace builtin {
#define TVM_TIR_DECLARE_BUILTIN(Name) const Op& Name();
TVM_TIR_DECLARE_BUILTIN(reinterpret)
TVM_TIR_DECLARE_BUILTIN(likely)
TVM_TIR_DECLARE_BUILTIN(bitwise_and)
TVM_TIR_DECLARE_BUILTIN(bitwise_or)
TVM_TIR_DECLARE_BUILTIN(bitwise_xor)
TVM_TIR_DECLARE_BUILTIN(bitwise_not)
TVM_TIR_DECLARE_BUILTIN(shift_left)
TVM_TIR_DECLARE_BUILTIN(shift_right)
TVM_TIR_DECLARE_BUILTIN(large_uint_imm)
TVM_TIR_DECLARE_BUILTIN(address_of)
TVM_TIR_DECLARE_BUILTIN(if_then_else)
TVM_TIR_DECLARE_BUILTIN(isnullptr)
TVM_TIR_DECLARE_BUILTIN(isnan)
TVM_TIR_DECLARE_BUILTIN(call_extern)
TVM_TIR_DECLARE_BUILTIN(call_pure_extern)
TVM_TIR_DECLARE_BUILTIN(call_llvm_intrin)
TVM_TIR_DECLARE_BUILTIN(call_llvm_pure_intrin)
TVM_TIR_DECLARE_BUILTIN(tvm_call_packed)
TVM_TIR_DECLARE_BUILTIN(tvm_call_packed_lowered)
TVM_TIR_DECLARE_BUILTIN(tvm_struct_get)
TVM_TIR_DECLARE_BUILTIN(tvm_struct_set)
TVM_TIR_DECLARE_BUILTIN(tvm_stack_alloca)
TVM_TIR_DECLARE_BUILTIN(tvm_stack_make_shape)
TVM_TIR_DECLARE_BUILTIN(tvm_stack_make_array)
TVM_TIR_DECLARE_BUILTIN(tvm_throw_last_error)
TVM_TIR_DECLARE_BUILTIN(tvm_access_ptr)
TVM_TIR_DECLARE_BUILTIN(tvm_storage_sync)
TVM_TIR_DECLARE_BUILTIN(tvm_thread_allreduce)
TVM_TIR_DECLARE_BUILTIN(tvm_warp_shuffle)
TVM_TIR_DECLARE_BUILTIN(ret)
TVM_TIR_DECLARE_BUILTIN(assume)
TVM_TIR_DECLARE_BUILTIN(undef)
TVM_TIR_DECLARE_BUILTIN(vectorhigh)
TVM_TIR_DECLARE_BUILTIN(vectorlow)
TVM_TIR_DECLARE_BUILTIN(vectorcombine)
TVM_TIR_DECLARE_BUILTIN(prefetch)
TVM_TIR_DECLARE_BUILTIN(tvm_tuple)
#undef TVM_TIR_DECLARE_BUILTIN
}  // namespace builtin

/*! \brief Fields of runtime structures read and written with tvm_struct_get/set. */
enum TVMStructFieldKind : int {
  kArrAddr = 0,
  kArrData = 1,
  kArrShape = 2,
  kArrStrides = 3,
  kArrNDim = 4,
  kArrTypeCode = 5,
  kArrTypeBits = 6,
  kArrTypeLanes = 7,
  kArrByteOffset = 8,
  kArrDeviceId = 9,
  kArrDeviceType = 10,
  kArrKindBound_ = 11,
  kTVMValueContent = 12,
  kTVMValueKindBound_ = 13,
};

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_BUILTIN_H_
