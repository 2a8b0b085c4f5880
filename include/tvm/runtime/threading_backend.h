/*!
 * \file tvm/runtime/threading_backend.h
 * \brief The thread pool behind generated parallel loops (TVMBackendParallelLaunch).
 *  Size: TVM_NUM_THREADS when set, else the number of physical cores this process may use.
 */
#ifndef TVM_RUNTIME_THREADING_BACKEND_H_
#define TVM_RUNTIME_THREADING_BACKEND_H_

namespace tvm {
namespace runtime {
namespace threading {

/*! \brief Physical cores available to this process (hyper-threads not counted). */
int PhysicalCoreCount();
/*! \brief Threads the pool runs a parallel launch on. */
int MaxConcurrency();
/*! \brief Resize the pool; n <= 0 restores the default. Must not be called from a task. */
void SetMaxConcurrency(int n);

}  // namespace threading
}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_THREADING_BACKEND_H_
