/*!
 * \file tvm/ir/serialization.h
 * \brief Save any IR to JSON text and load it back (tvm.ir.save_json / load_json, and pickling
 *  of Python objects). Generic over reflection: a node type registered with
 *  TVM_REGISTER_NODE_TYPE round-trips with no code of its own.
 *
 * The document is a table of nodes; references are indices into it, so a node shared in the
 * graph is written once and shared again after loading (a DAG stays a DAG):
 *
 *   {
 *     "root": 1,
 *     "nodes": [
 *       {"type_key": ""},                                    // 0: null
 *       {"type_key": "Range", "attrs": {"min": "2", "extent": "2", "span": "null"}},
 *       {"type_key": "IntImm", "attrs": {"dtype": "int32", "value": "4", "span": "null"}},
 *       {"type_key": "runtime.String", "repr_str": "x"},
 *       {"type_key": "runtime.Array", "data": [2, 3]},
 *       {"type_key": "runtime.Map", "keys": [3], "data": [2]},
 *       {"type_key": "runtime.ShapeTuple", "shape": [1, 3]},
 *       {"type_key": "runtime.NDArray", "ndarray": 0},        // index into b64ndarrays
 *       {"type_key": "Op", "global_key": "tir.exp"}           // registered ops, by name
 *     ],
 *     "b64ndarrays": ["<base64 of the binary NDArray format>"],
 *     "attrs": {"tvm_version": "0.14.0"}
 *   }
 *
 * Fields of reflected nodes are strings, as in Apache TVM: numbers in decimal (floats exactly,
 * "nan" and "inf" included), dtypes as text ("float32x4"), references as node indices or
 * "null". Loading checks everything it reads: text that is not JSON, another format version,
 * an unknown type key, a missing or malformed field, a reference of the wrong type for its
 * field, a dangling or cyclic reference, or bad NDArray data raise ValueError, naming the node
 * and what was expected and found.
 */
#ifndef TVM_IR_SERIALIZATION_H_
#define TVM_IR_SERIALIZATION_H_

#include <tvm/runtime/object.h>

#include <string>

namespace tvm {

/*! \brief The format version written to, and accepted from, a document ("0.14.x"). */
constexpr const char* kJSONFormatVersion = "0.14.0";

/*! \brief Serialize `node` and everything it references to JSON text. */
std::string SaveJSON(const ObjectRef& node);

/*! \brief The graph saved by SaveJSON; ValueError on any malformed document. */
ObjectRef LoadJSON(const std::string& json);

}  // namespace tvm

#endif  // TVM_IR_SERIALIZATION_H_
