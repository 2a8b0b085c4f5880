/*!
 * \file codegen_llvm.h
 * \brief CodeGenLLVM: TIR PrimFuncs (after MakePackedAPI) to LLVM IR for a CPU target.
 *
 * Each PrimFunc becomes an `int f(TVMValue*, int*, int, TVMValue*, int*, void*)` function.
 * Calls into the runtime go through the `__TVM<Function>` pointer variables the loader fills
 * (see docs/runtime.md), so one object file works JIT-ed and as a shared library. Parallel
 * loops are outlined into closures run by TVMBackendParallelLaunch. Only included by the
 * sources of src/target/llvm (it pulls in LLVM headers).
 */
#ifndef TVM_TARGET_LLVM_CODEGEN_LLVM_H_
#define TVM_TARGET_LLVM_CODEGEN_LLVM_H_

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>
#include <tvm/ir/module.h>
#include <tvm/target/target.h>

#include <memory>
#include <string>

namespace tvm {
namespace codegen {

/*! \brief An LLVM TargetMachine for `target` (host CPU and features when -mcpu is absent). */
std::unique_ptr<llvm::TargetMachine> CreateTargetMachine(const Target& target);

/*! \brief The host CPU name and its feature string ("+avx2,+fma,...") as LLVM sees them. */
std::string HostCPUName();
std::string HostCPUFeatures();

/*!
 * \brief Generate an optimized LLVM module from the PrimFuncs of `mod` (each must have the
 *  packed calling convention, i.e. have gone through MakePackedAPI).
 */
std::unique_ptr<llvm::Module> GenerateLLVMModule(const IRModule& mod, llvm::TargetMachine* tm,
                                                 llvm::LLVMContext* ctx,
                                                 std::string* entry_name);

}  // namespace codegen
}  // namespace tvm

#endif  // TVM_TARGET_LLVM_CODEGEN_LLVM_H_
