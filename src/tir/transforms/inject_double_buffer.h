/*!
 * \file inject_double_buffer.h
 * \brief InjectDoubleBuffer: two alternating buffers for a stage marked
 * double_buffer().
 *
 *  A GPU kernel that fetches a tile into shared memory at each iteration of a
 * loop and then computes on it must wait for the fetch before computing. With
 * two buffers, the fetch for iteration k + 1 can be issued before the
 * computation of iteration k, into the buffer that iteration k does not read:
 *
 *     alloc buf[2 * size]
 *     fetch(k = min) -> buf[0:size]
 *     for k in [min, min + extent):
 *       if k + 1 < min + extent: fetch(k + 1) -> buf[slot(k + 1)]
 * (double_buffer_write) compute(k) on buf[slot(k)]
 *
 *  It applies to an allocation annotated double_buffer_scope (te
 * Stage.double_buffer) whose body is a sequence starting with the fetch (the
 * only statement writing the buffer), inside a serial loop, when the fetch uses
 * no variable defined between the loop and the allocation. Otherwise the
 * annotation is dropped and the single buffer kept (same values). The fetch of
 * the next iteration is marked `double_buffer_write`, which tells ThreadSync
 * that it writes the other buffer: one barrier at the end of each iteration
 * orders it (run ThreadSync after).
 */
#ifndef TVM_TIR_TRANSFORMS_INJECT_DOUBLE_BUFFER_H_
#define TVM_TIR_TRANSFORMS_INJECT_DOUBLE_BUFFER_H_

#include <tvm/ir/transform.h>
#include <tvm/tir/stmt.h>

namespace tvm {
namespace tir {

/*! \brief The attribute key marking the fetch of the next iteration (node: the
 * buffer var). */
constexpr const char* kDoubleBufferWrite = "double_buffer_write";

/*! \brief `stmt` with every double-buffered allocation doubled (see above). */
Stmt InjectDoubleBuffer(Stmt stmt);

namespace transform {
/*! \brief InjectDoubleBuffer on every PrimFunc. */
tvm::transform::Pass InjectDoubleBuffer();
}  // namespace transform

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_TRANSFORMS_INJECT_DOUBLE_BUFFER_H_
