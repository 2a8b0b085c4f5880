/*!
 * \file tvm/ir/structural_hash.h
 * \brief A hash consistent with structural equality (tvm/ir/structural_equal.h): nodes that
 *  are structurally equal hash the same, so IR can key hash maps (caches of compiled functions,
 *  deduplication of constants) by structure.
 *
 * The hash combines the type key and the fields (spans excluded). Variables hash by when they
 * are defined (the first definition met is 0, the next 1, ...) rather than by name or
 * address, so alpha-equivalent programs hash the same; a free variable hashes by identity, or
 * with map_free_vars by when it is first met. A node of kind kDAGNode met again hashes as a
 * back-reference to its first visit, which also keeps shared graphs linear to hash. Tree
 * nodes are not memoized: one tree node object may sit under different binders, where its
 * hash differs, and an unshared copy of it must hash like the shared one.
 */
#ifndef TVM_IR_STRUCTURAL_HASH_H_
#define TVM_IR_STRUCTURAL_HASH_H_

#include <tvm/runtime/object.h>

#include <cstddef>

namespace tvm {

/*! \brief Structural hash as a functor (usable as the Hash of a hash map). */
class StructuralHash {
 public:
  size_t operator()(const ObjectRef& node, bool map_free_vars = false) const;
};

}  // namespace tvm

#endif  // TVM_IR_STRUCTURAL_HASH_H_
