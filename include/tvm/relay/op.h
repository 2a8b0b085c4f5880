/*!
 * \file tvm/relay/op.h
 * \brief What the op registry holds for a Relay operator. An op file registers each op with
 *  its inputs, attributes type, type relation and pattern:
 *
 *    RELAY_REGISTER_OP("nn.relu")
 *        .set_num_inputs(1)
 *        .add_argument("data", "Tensor", "The input tensor.")
 *        .add_type_rel("Identity", IdentityRel)
 *        .set_attr<TOpPattern>("TOpPattern", kElemWise);
 *
 * The op attributes Relay passes read, by name:
 *   "FTypeRelation" / "TTypeRelationName"  set by add_type_rel (see tvm/ir/type_relation.h);
 *   "TOpPattern"     (int, OpPatternKind)  how FuseOps may fuse the op;
 *   "TOpIsStateful"  (bool)                the op has side effects (never folded or merged);
 *   "TOpNoFold"      (bool)                FoldConstant leaves calls of the op alone: their
 *       value is a pure function of attributes and inputs, but folding would only replace a
 *       kernel by a constant as large as its output (the random-number ops);
 *   "THostKernel"    (String)              the op has no compute: the named runtime function
 *       f(attrs_json, tensors...) computes it on the host, allocating its results (the VM's
 *       `host` instruction; string and image ops). FoldConstant leaves it alone, the graph
 *       executor cannot run it;
 *   "FTVMCompute"    (PackedFunc)          the TE compute of the op (filled by the backend work);
 *   "FTVMStrategy"   (PackedFunc)          the per-target compute + schedule choice (same);
 *   "TTruncatedOutputs" (Array<Integer>)   marks an op whose output shapes depend on input
 *       values (argwhere, unique, vision.all_class_non_max_suppression). Its compute writes
 *       outputs whose leading extent is an upper bound known from the input shapes, and its
 *       last output is a count (int64, shape (1,)); the outputs listed here have type `?` as
 *       leading dimension, and an executor cuts each to its first count[0] rows (the VM: a
 *       view of the buffer's prefix). Such ops are opaque; the graph executor cannot run them.
 */
#ifndef TVM_RELAY_OP_H_
#define TVM_RELAY_OP_H_

#include <tvm/ir/op.h>
#include <tvm/relay/expr.h>
#include <tvm/relay/type.h>

namespace tvm {
namespace relay {

/*! \brief How an op's output elements depend on its inputs, from most to least fusable. */
enum OpPatternKind : int {
  /*! \brief out[i] depends on in[i] only (relu, add of same shapes). */
  kElemWise = 0,
  /*! \brief out[i] depends on in[f(i)] with f a broadcast (add with broadcasting). */
  kBroadcast = 1,
  /*! \brief An index mapping (reshape, transpose, concatenate). */
  kInjective = 2,
  /*! \brief A commutative reduction (sum, max). */
  kCommReduce = 3,
  /*! \brief An op whose output can absorb elementwise followers (conv2d, dense). */
  kOutEWiseFusable = 4,
  /*! \brief Builds or projects a tuple. */
  kTuple = 7,
  /*! \brief Not fusable. */
  kOpaque = 8
};

using TOpPattern = int;
using TOpIsStateful = bool;
using TOpNoFold = bool;
using TTruncatedOutputs = Array<Integer>;
using THostKernel = String;

/*! \brief Attribute names of the slots the backend fills. */
constexpr const char* kFTVMCompute = "FTVMCompute";
constexpr const char* kFTVMStrategy = "FTVMStrategy";

}  // namespace relay
}  // namespace tvm

#define RELAY_REGISTER_OP(OpName) TVM_REGISTER_OP(OpName)

#endif  // TVM_RELAY_OP_H_
