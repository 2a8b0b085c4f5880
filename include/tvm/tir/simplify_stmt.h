/*!
 * \file tvm/tir/simplify_stmt.h
 * \brief SimplifyStmt: arithmetic simplification of every expression of a statement, with the
 *  facts its structure gives. Schedules leave index arithmetic such as io * 8 + ii and tail
 *  guards such as `if (io * 8 + ii < n)` behind; this is what removes them before codegen.
 *
 *  Promises: the result computes the same thing as the input. Inside it,
 *  - a For loop's variable is known to lie in [min, min + extent);
 *  - an IfThenElse condition is known true in the then branch and false in the else branch,
 *    and an AssertStmt condition is known true in its body;
 *  - a branch whose condition simplifies to a constant is replaced by the branch taken
 *    (an `if` with no else and a false condition becomes a no-op), and an assertion proven
 *    true disappears;
 *  - a LetStmt variable carries the bounds of its value; a thread_extent AttrStmt bounds its
 *    thread variable by [0, extent).
 *
 *  The pass object (tir.transform.Simplify) wraps this function; Python reaches it as the
 *  global "tir.analysis.SimplifyStmt".
 */
#ifndef TVM_TIR_SIMPLIFY_STMT_H_
#define TVM_TIR_SIMPLIFY_STMT_H_

#include <tvm/tir/stmt.h>

namespace tvm {
namespace tir {

Stmt SimplifyStmt(Stmt stmt);

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_SIMPLIFY_STMT_H_
