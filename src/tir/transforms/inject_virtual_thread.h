/*!
 * \file inject_virtual_thread.h
 * \brief InjectVirtualThread: run the virtual threads of a GPU kernel one after
 * another.
 *
 *  `te.thread_axis("vthread")` splits a thread's work into virtual threads, a
 * way to give a schedule strided access patterns without more hardware threads.
 * No GPU has such threads, so before code generation each binding to "vthread"
 * (also "vthread.x/y/z", "cthread") becomes a serial loop over the virtual
 * thread index, inside the real thread bindings. Each virtual thread thus runs
 * to completion before the next; allocations under the binding are per virtual
 * thread, and barriers inside are executed the same number of times by every
 * thread of the block, so the result equals that of interleaved virtual
 * threads. (Apache TVM interleaves the copies instead, which hides latency
 * better; the values are the same.) Run it before VerifyGPULaunch and
 * SplitHostDevice.
 */
#ifndef TVM_TIR_TRANSFORMS_INJECT_VIRTUAL_THREAD_H_
#define TVM_TIR_TRANSFORMS_INJECT_VIRTUAL_THREAD_H_

#include <tvm/ir/transform.h>
#include <tvm/tir/stmt.h>

namespace tvm {
namespace tir {

/*! \brief `stmt` with every virtual thread binding replaced by a serial loop.
 */
Stmt InjectVirtualThread(Stmt stmt);

namespace transform {
/*! \brief InjectVirtualThread on every PrimFunc. */
tvm::transform::Pass InjectVirtualThread();
}  // namespace transform

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_TRANSFORMS_INJECT_VIRTUAL_THREAD_H_
