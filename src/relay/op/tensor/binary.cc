/*!
 * \file binary.cc
 * \brief Elementwise binary ops with numpy broadcasting: arithmetic, comparisons (bool
 *  results) and logical ops.
 */
#include "../op_common.h"

namespace tvm {
namespace relay {

RELAY_REGISTER_BINARY_OP("add", BroadcastRel, "Broadcast").describe("lhs + rhs");
RELAY_REGISTER_BINARY_OP("subtract", BroadcastRel, "Broadcast").describe("lhs - rhs");
RELAY_REGISTER_BINARY_OP("multiply", BroadcastRel, "Broadcast").describe("lhs * rhs");
RELAY_REGISTER_BINARY_OP("divide", BroadcastRel, "Broadcast").describe("lhs / rhs");
RELAY_REGISTER_BINARY_OP("power", BroadcastRel, "Broadcast").describe("lhs ** rhs");
RELAY_REGISTER_BINARY_OP("maximum", BroadcastRel, "Broadcast").describe("max(lhs, rhs)");
RELAY_REGISTER_BINARY_OP("minimum", BroadcastRel, "Broadcast").describe("min(lhs, rhs)");
RELAY_REGISTER_BINARY_OP("floor_divide", BroadcastRel, "Broadcast").describe("floor(lhs / rhs)");
RELAY_REGISTER_BINARY_OP("mod", BroadcastRel, "Broadcast").describe("lhs mod rhs (C sign)");
RELAY_REGISTER_BINARY_OP("floor_mod", BroadcastRel, "Broadcast").describe("lhs mod rhs (floor)");
RELAY_REGISTER_BINARY_OP("trunc_divide", BroadcastRel, "Broadcast").describe("trunc(lhs / rhs)");
RELAY_REGISTER_BINARY_OP("trunc_mod", BroadcastRel, "Broadcast").describe("lhs rem rhs (C sign)");
RELAY_REGISTER_BINARY_OP("bitwise_and", BroadcastRel, "Broadcast").describe("lhs & rhs");
RELAY_REGISTER_BINARY_OP("bitwise_or", BroadcastRel, "Broadcast").describe("lhs | rhs");
RELAY_REGISTER_BINARY_OP("bitwise_xor", BroadcastRel, "Broadcast").describe("lhs ^ rhs");
RELAY_REGISTER_BINARY_OP("left_shift", BroadcastRel, "Broadcast").describe("lhs << rhs");
RELAY_REGISTER_BINARY_OP("right_shift", BroadcastRel, "Broadcast").describe("lhs >> rhs");
RELAY_REGISTER_BINARY_OP("logical_and", BroadcastRel, "Broadcast").describe("lhs && rhs");
RELAY_REGISTER_BINARY_OP("logical_or", BroadcastRel, "Broadcast").describe("lhs || rhs");
RELAY_REGISTER_BINARY_OP("logical_xor", BroadcastRel, "Broadcast").describe("lhs ^ rhs");
RELAY_REGISTER_BINARY_OP("equal", BroadcastCompRel, "BroadcastComp").describe("lhs == rhs");
RELAY_REGISTER_BINARY_OP("not_equal", BroadcastCompRel, "BroadcastComp").describe("lhs != rhs");
RELAY_REGISTER_BINARY_OP("less", BroadcastCompRel, "BroadcastComp").describe("lhs < rhs");
RELAY_REGISTER_BINARY_OP("less_equal", BroadcastCompRel, "BroadcastComp").describe("lhs <= rhs");
RELAY_REGISTER_BINARY_OP("greater", BroadcastCompRel, "BroadcastComp").describe("lhs > rhs");
RELAY_REGISTER_BINARY_OP("greater_equal", BroadcastCompRel, "BroadcastComp").describe("lhs >= rhs");

}  // namespace relay
}  // namespace tvm
