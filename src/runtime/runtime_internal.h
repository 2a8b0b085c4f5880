/*!
 * \file runtime_internal.h
 * \brief Pieces shared by runtime .cc files only.
 */
#ifndef TVM_RUNTIME_RUNTIME_INTERNAL_H_
#define TVM_RUNTIME_RUNTIME_INTERNAL_H_

#include <tvm/runtime/logging.h>
#include <tvm/runtime/threading_backend.h>

#include <cstddef>

namespace tvm {
namespace runtime {

/*! \brief Rethrow the calling thread's C ABI last error as an Error of its recorded kind. */
[[noreturn]] void ThrowLastError();

namespace threading {
/*! \brief Host scratch memory (64-byte aligned), recycled per thread. */
void* WorkspaceAlloc(size_t nbytes);
void WorkspaceFree(void* ptr);
}  // namespace threading

}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_RUNTIME_INTERNAL_H_
