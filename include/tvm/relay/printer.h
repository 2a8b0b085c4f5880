/*!
 * \file tvm/relay/printer.h
 * \brief The Relay text format, as Apache TVM prints it:
 *
 *   #[version = "0.0.5"]
 *   def @main(%x: Tensor[(1, 3), float32]) -> Tensor[(1, 3), float32] {
 *     %0 = add(%x, %x);
 *     nn.relu(%0)
 *   }
 *
 * with the inferred type of each binding, when known, as a comment after it (ty=...).
 * Every call, tuple and projection gets a numbered temporary; a node used several times is
 * printed once. Attributes are printed when they differ from the defaults. Non-scalar
 * constants print as meta[relay.Constant][i].
 */
#ifndef TVM_RELAY_PRINTER_H_
#define TVM_RELAY_PRINTER_H_

#include <tvm/relay/expr.h>

#include <functional>
#include <string>

namespace tvm {
namespace relay {

/*!
 * \brief The text of a Relay expression, function, type or IRModule (TIR functions of a module
 *  print as TIR script). `show_types` adds the inferred type of each binding as a comment;
 *  `annotate`, when given, returns an extra comment for an expression's line (or "").
 */
std::string AsText(const ObjectRef& node, bool show_types = true,
                   std::function<std::string(const Expr&)> annotate = nullptr);

/*! \brief The text of a type: Tensor[(1, ?), float32], (float32, int64), fn (...) -> ... */
std::string TypeText(const Type& type);

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_PRINTER_H_
