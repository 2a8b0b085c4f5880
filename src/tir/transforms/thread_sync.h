/*!
 * \file thread_sync.h
 * \brief ThreadSync: insert `tvm_storage_sync(scope)` barriers between the
 * threads of a block.
 *
 *  Memory in the "shared" scope is written by some threads of a block and read
 * by others (the cooperative tile fetch of a GEMM). Without a barrier between
 * the writes and the reads, a thread may read a tile element before the thread
 * responsible for it wrote it (read after write), or overwrite the tile of the
 * next iteration while others still read the current one (write after read,
 * carried by the enclosing loop). The pass inserts a barrier:
 *  - before a statement that reads a shared buffer written since the last
 * barrier, or writes one read since the last barrier;
 *  - at the end of a loop body when the next iteration's first accesses
 * conflict with the accesses after the body's last barrier. Writes marked
 * double_buffer_write (InjectDoubleBuffer) fill the other buffer of a pair for
 *  the next iteration: they only require the barrier at the end of the loop
 * body. Conservative: accesses are compared by buffer, not by index. Barriers
 * are never placed inside an `if` (threads that skip a barrier deadlock the
 * block); an `if` counts as one statement. Only code under a thread binding is
 * changed.
 */
#ifndef TVM_TIR_TRANSFORMS_THREAD_SYNC_H_
#define TVM_TIR_TRANSFORMS_THREAD_SYNC_H_

#include <tvm/ir/transform.h>
#include <tvm/tir/stmt.h>

#include <string>

namespace tvm {
namespace tir {

/*! \brief `stmt` with barriers for the buffers allocated in `scope` ("shared").
 */
Stmt ThreadSync(Stmt stmt, const std::string& scope);

namespace transform {
/*! \brief ThreadSync on every PrimFunc. */
tvm::transform::Pass ThreadSync(String scope);
}  // namespace transform

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_TRANSFORMS_THREAD_SYNC_H_
