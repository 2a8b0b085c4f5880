/*!
 * \file tvm/ir/structural_equal.h
 * \brief Structural equality of any IR, derived from reflection: two programs are equal when
 *  they have the same shape and values, up to the renaming of the variables they bind.
 *
 * What "equal" means is chosen per node type by its SEqualKind (runtime/reflection.h):
 *  - kTreeNode: same type, and every field equal in VisitAttrs order. A field named "span"
 *    (a source location) is ignored.
 *  - kDAGNode: as kTreeNode, and sharing must correspond: a node shared in one graph matches
 *    one node of the other, one-to-one.
 *  - kVarNode: variables. Inside a field visited with VisitDef (and everything it holds) a
 *    variable is a definition and is mapped onto the variable at the same place on the other
 *    side; their fields other than "name_hint" must be equal. A variable used outside a
 *    definition is equal to the variable it is mapped to, or to itself when unmapped (a free
 *    variable), or, with map_free_vars, to whatever unmapped variable it first meets. Mappings
 *    are one-to-one: in (x, y) vs (z, z) y cannot map to z as well.
 *  - kUniqueInstance: the same object only (operators).
 * Runtime values compare by content: String, boxed Int/Float, Array (elementwise), Map (String,
 * Int and Float keys by value, other keys matched structurally), ShapeTuple, NDArray (shape,
 * dtype and bytes). Floats are equal when == holds or both are NaN. An object without
 * reflection (a Module, a PackedFunc) is equal only to itself.
 *
 *   let x = 1 in x + x   equals   let y = 1 in y + y
 *   x + 1 (x free)       equals   y + 1 (y free)   only with map_free_vars
 */
#ifndef TVM_IR_STRUCTURAL_EQUAL_H_
#define TVM_IR_STRUCTURAL_EQUAL_H_

#include <tvm/runtime/container.h>
#include <tvm/runtime/object.h>

namespace tvm {

/*! \brief Structural equality as a functor (usable as the KeyEqual of a hash map). */
class StructuralEqual {
 public:
  bool operator()(const ObjectRef& lhs, const ObjectRef& rhs, bool map_free_vars = false) const;
};

/*!
 * \brief Where lhs and rhs first differ, as a path from the root and the two values there:
 *  "root.body.seq[2].value.b: 1 vs 2". Nothing when they are structurally equal.
 */
Optional<String> GetFirstStructuralMismatch(const ObjectRef& lhs, const ObjectRef& rhs,
                                            bool map_free_vars = false);

}  // namespace tvm

#endif  // TVM_IR_STRUCTURAL_EQUAL_H_
