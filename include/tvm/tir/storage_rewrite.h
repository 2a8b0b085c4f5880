/*!
 * \file tvm/tir/storage_rewrite.h
 * \brief StorageRewrite: fewer and smaller intermediate allocations.
 *
 * StorageFlatten gives every realized tensor its own Allocate, all of them live for the whole
 * statement they wrap, although a chain of compute_root stages uses each temporary only in
 * two neighbouring loop nests. This pass promises two things:
 *  - an Allocate whose memory is never read (no load of it, no use of its pointer other than
 *    as a store target) is removed, together with the stores into it whose values have no
 *    side effect (when a store has one, the allocation is kept);
 *  - the Allocates that directly wrap one SeqStmt share memory when their live ranges do not
 *    overlap. The live range of an allocation is the interval of positions, in that sequence,
 *    of the statements that touch it; two allocations whose intervals are disjoint may use the
 *    same memory, since nothing of the first is read after the second is first written. Only
 *    allocations of the same element type, the same storage scope and constant size are
 *    merged; the shared allocation has the largest of their sizes. Symbolic sizes are left
 *    alone.
 * It runs on flat memory (after StorageFlatten) with simplified, hence constant, extents, and
 * before VectorizeLoop and UnrollLoop: those multiply statements without changing which
 * buffer is live where, so the analysis is cheaper before them, and dead stores it drops
 * leave empty loops that the final RemoveNoOp removes.
 */
#ifndef TVM_TIR_STORAGE_REWRITE_H_
#define TVM_TIR_STORAGE_REWRITE_H_

#include <tvm/tir/stmt.h>

namespace tvm {
namespace tir {

Stmt StorageRewrite(Stmt stmt);

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_STORAGE_REWRITE_H_
