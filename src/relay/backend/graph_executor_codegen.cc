/*!
 * \file graph_executor_codegen.cc
 * \brief Graph codegen: a fused Relay main function to the graph executor's JSON, the
 *  lowered kernels, and the parameters, with a static memory plan.
 *
 * Inputs of main become "null" nodes named like the parameters; tensor constants become
 * "null" nodes p0, p1, ... whose values are returned as parameters; each call of a primitive
 * function becomes a "tvm_op" node calling its lowered kernel (lowered once per distinct
 * function by the TE compiler). Tuples and projections only route node entries.
 *
 * The memory plan walks the operator nodes in order, giving each output a storage id: a
 * freed buffer of enough bytes when there is one (the smallest such), otherwise the largest
 * freed buffer grown, otherwise a new one. A buffer is freed after the last operator reading
 * it has run, and never while the operator writing a new value still reads it, so tensors
 * whose lifetimes do not overlap share memory. Inputs, parameters and outputs keep their own.
 */
#include <tvm/ir/module.h>
#include <tvm/ir/structural_equal.h>
#include <tvm/relay/expr_functor.h>
#include <tvm/relay/function.h>
#include <tvm/relay/printer.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/function.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "../../support/json.h"
#include "te_compiler.h"

namespace tvm {
namespace relay {

namespace {

struct GraphEntry {
  int node;
  int index;
};

struct GraphNodeRec {
  std::string op;  // "null" or "tvm_op"
  std::string name;
  std::string func_name;
  std::vector<GraphEntry> inputs;
  std::vector<TensorType> out_types;
};

class GraphCodegen : public ExprFunctor<std::vector<GraphEntry>(const Expr&)> {
 public:
  GraphCodegen(Target target) : target_(std::move(target)) {}

  void Run(const Function& main) {
    for (const Var& p : main->params) {
      const auto* tt = p->checked_type().as<TensorTypeNode>();
      if (tt == nullptr) {
        TVM_THROW(ValueError) << "graph codegen: input " << p->name_hint
                              << " must be a tensor (tuple inputs are not supported)";
      }
      memo_[p.get()] = {AddNode("null", p->name_hint, "", {}, {GetRef<TensorType>(tt)})};
    }
    heads_ = VisitExpr(main->body);
    Plan();
  }

  std::vector<GraphEntry> VisitExpr(const Expr& e) final {
    auto it = memo_.find(e.get());
    if (it != memo_.end()) return it->second;
    std::vector<GraphEntry> r = ExprFunctor::VisitExpr(e);
    memo_[e.get()] = r;
    return r;
  }

  std::vector<GraphEntry> VisitExpr_(const VarNode* op) final {
    TVM_THROW(ValueError) << "graph codegen: free variable " << op->name_hint;
  }
  std::vector<GraphEntry> VisitExpr_(const ConstantNode* op) final {
    std::string name = "p" + std::to_string(params_.size());
    params_.Set(name, op->data);
    return {AddNode("null", name, "", {}, {op->tensor_type()})};
  }
  std::vector<GraphEntry> VisitExpr_(const TupleNode* op) final {
    std::vector<GraphEntry> out;
    for (const Expr& f : op->fields) {
      for (const GraphEntry& e : VisitExpr(f)) out.push_back(e);
    }
    return out;
  }
  std::vector<GraphEntry> VisitExpr_(const TupleGetItemNode* op) final {
    std::vector<GraphEntry> t = VisitExpr(op->tuple);
    return {t.at(op->index)};
  }
  std::vector<GraphEntry> VisitExpr_(const LetNode*) final { return Unsupported("let bindings"); }
  std::vector<GraphEntry> VisitExpr_(const IfNode*) final { return Unsupported("conditionals"); }
  std::vector<GraphEntry> VisitExpr_(const FunctionNode*) final {
    return Unsupported("function values");
  }

  std::vector<GraphEntry> VisitExpr_(const CallNode* call) final {
    const auto* fn = call->op.as<FunctionNode>();
    if (fn == nullptr || !fn->GetAttr<Integer>(attr::kPrimitive).defined()) {
      TVM_THROW(ValueError) << "graph codegen: every call must be of a primitive function "
                            << "(run FuseOps first); found a call of "
                            << call->op->GetTypeKey();
    }
    Function func = GetRef<Function>(fn);
    std::vector<GraphEntry> inputs;
    for (const Expr& a : call->args) {
      for (const GraphEntry& e : VisitExpr(a)) inputs.push_back(e);
    }
    CachedFunc lowered = LowerPrimitive(func, target_, KernelName(func));
    std::string fname = lowered->func_name;
    for (const auto& kv : lowered->funcs->functions) {
      // By name: a function called twice may come back as two equal lowerings.
      if (added_.insert(kv.first->name_hint).second) lowered_->Add(kv.first, kv.second);
    }
    std::vector<TensorType> outs;
    Flatten(call->checked_type(), &outs);
    int node = AddNode("tvm_op", fname, fname, inputs, outs).node;
    std::vector<GraphEntry> result;
    for (size_t i = 0; i < outs.size(); ++i) result.push_back({node, static_cast<int>(i)});
    return result;
  }

  std::string Json() const;
  IRModule lowered() const { return lowered_; }
  Map<String, runtime::NDArray> params() const { return params_; }
  int64_t storage_bytes() const {
    int64_t t = 0;
    for (int64_t b : storage_sizes_) t += b;
    return t;
  }

 private:
  [[noreturn]] std::vector<GraphEntry> Unsupported(const char* what) {
    TVM_THROW(ValueError) << "graph codegen: the graph executor cannot run " << what
                          << "; use relay.create_executor(\"debug\") for such programs";
  }

  static void Flatten(const Type& t, std::vector<TensorType>* out) {
    if (const auto* tt = t.as<TensorTypeNode>()) {
      out->push_back(GetRef<TensorType>(tt));
    } else if (const auto* tup = t.as<TupleTypeNode>()) {
      for (const Type& f : tup->fields) Flatten(f, out);
    } else {
      TVM_THROW(ValueError) << "graph codegen: a value of type kind " << t->GetTypeKey()
                            << " cannot be a graph entry";
    }
  }

  /*! \brief tvmgen_default_fused_<op>_<op>..., unique per distinct function. */
  std::unordered_set<std::string> added_;

  std::string KernelName(const Function& func) {
    std::string name = "tvmgen_default_fused";
    PostOrderVisit(func->body, [&](const Expr& e) {
      if (const auto* c = e.as<CallNode>()) {
        if (const auto* op = c->op.as<OpNode>()) {
          std::string n = op->name;
          std::replace(n.begin(), n.end(), '.', '_');
          if (name.size() < 80) name += "_" + n;
        }
      }
    });
    // Functions that lower to different code need different symbols.
    for (const auto& kv : names_) {
      if (kv.second == name && !StructuralEqual()(kv.first, func)) {
        name += "_" + std::to_string(names_.size());
        break;
      }
    }
    names_.emplace_back(func, name);
    return name;
  }

  GraphEntry AddNode(const std::string& op, const std::string& name, const std::string& func,
                     std::vector<GraphEntry> inputs, std::vector<TensorType> outs) {
    GraphNodeRec n{op, name, func, std::move(inputs), std::move(outs)};
    nodes_.push_back(std::move(n));
    return {static_cast<int>(nodes_.size()) - 1, 0};
  }

  static int64_t Bytes(const TensorType& t) {
    int64_t n = (t->dtype.bits() * t->dtype.lanes() + 7) / 8;
    for (const PrimExpr& d : t->shape) {
      const auto* imm = d.as<IntImmNode>();
      if (imm == nullptr) {
        TVM_THROW(ValueError) << "graph codegen: the graph executor needs static shapes, found "
                              << "a value of type " << TypeText(t) << "; a model whose shapes "
                              << "are known only at run time compiles with relay.vm.compile "
                              << "(or runs with relay.create_executor(\"vm\"))";
      }
      n *= imm->value;
    }
    return n;
  }

  void Plan();

  Target target_;
  std::unordered_map<const Object*, std::vector<GraphEntry>> memo_;
  std::vector<GraphNodeRec> nodes_;
  std::vector<GraphEntry> heads_;
  Map<String, runtime::NDArray> params_;
  IRModule lowered_{Map<GlobalVar, BaseFunc>()};
  std::vector<std::pair<Function, std::string>> names_;
  std::map<std::pair<int, int>, int> storage_id_;
  std::vector<int64_t> storage_sizes_;
};

void GraphCodegen::Plan() {
  // Readers left for each entry; heads count as a reader that never finishes.
  std::map<std::pair<int, int>, int> readers;
  for (const GraphNodeRec& n : nodes_) {
    for (const GraphEntry& e : n.inputs) ++readers[{e.node, e.index}];
  }
  for (const GraphEntry& h : heads_) readers[{h.node, h.index}] += 1 << 20;
  std::multimap<int64_t, int> free_list;  // bytes -> storage id
  auto fresh = [&](int64_t bytes) {
    storage_sizes_.push_back(bytes);
    return static_cast<int>(storage_sizes_.size()) - 1;
  };
  for (size_t nid = 0; nid < nodes_.size(); ++nid) {
    const GraphNodeRec& n = nodes_[nid];
    for (size_t i = 0; i < n.out_types.size(); ++i) {
      int64_t bytes = Bytes(n.out_types[i]);
      int sid;
      if (n.op == "null") {
        sid = fresh(bytes);  // inputs and parameters are never shared
      } else {
        auto fit = free_list.lower_bound(bytes);
        if (fit != free_list.end()) {
          sid = fit->second;
          free_list.erase(fit);
        } else if (!free_list.empty()) {
          auto largest = std::prev(free_list.end());
          sid = largest->second;
          storage_sizes_[sid] = bytes;
          free_list.erase(largest);
        } else {
          sid = fresh(bytes);
        }
      }
      storage_id_[{static_cast<int>(nid), static_cast<int>(i)}] = sid;
    }
    // After this node ran, inputs with no readers left release their buffers (inputs and
    // parameters excepted).
    for (const GraphEntry& e : n.inputs) {
      int& left = readers[{e.node, e.index}];
      if (--left == 0 && nodes_[e.node].op != "null") {
        int sid = storage_id_.at({e.node, e.index});
        free_list.emplace(storage_sizes_[sid], sid);
      }
    }
    // Outputs nobody reads are dead at once.
    for (size_t i = 0; i < n.out_types.size(); ++i) {
      if (n.op != "null" && readers[{static_cast<int>(nid), static_cast<int>(i)}] == 0) {
        int sid = storage_id_.at({static_cast<int>(nid), static_cast<int>(i)});
        free_list.emplace(storage_sizes_[sid], sid);
      }
    }
  }
}

std::string GraphCodegen::Json() const {
  std::ostringstream os;
  auto str = [&](const std::string& s) { support::WriteJSONString(os, s); };
  os << "{\n  \"nodes\": [";
  std::vector<int> arg_nodes, row_ptr{0};
  for (size_t nid = 0; nid < nodes_.size(); ++nid) {
    const GraphNodeRec& n = nodes_[nid];
    os << (nid ? ",\n    " : "\n    ") << "{\"op\": ";
    str(n.op);
    os << ", \"name\": ";
    str(n.name);
    if (n.op == "tvm_op") {
      os << ", \"attrs\": {\"func_name\": ";
      str(n.func_name);
      os << ", \"num_inputs\": \"" << n.inputs.size() << "\", \"num_outputs\": \""
         << n.out_types.size() << "\", \"flatten_data\": \"0\"}";
    } else {
      arg_nodes.push_back(static_cast<int>(nid));
    }
    os << ", \"inputs\": [";
    for (size_t i = 0; i < n.inputs.size(); ++i) {
      os << (i ? ", " : "") << "[" << n.inputs[i].node << ", " << n.inputs[i].index << ", 0]";
    }
    os << "]}";
    row_ptr.push_back(row_ptr.back() + static_cast<int>(n.out_types.size()));
  }
  os << "\n  ],\n  \"arg_nodes\": [";
  for (size_t i = 0; i < arg_nodes.size(); ++i) os << (i ? ", " : "") << arg_nodes[i];
  os << "],\n  \"heads\": [";
  for (size_t i = 0; i < heads_.size(); ++i) {
    os << (i ? ", " : "") << "[" << heads_[i].node << ", " << heads_[i].index << ", 0]";
  }
  os << "],\n  \"attrs\": {\n    \"dltype\": [\"list_str\", [";
  bool first = true;
  for (const GraphNodeRec& n : nodes_) {
    for (const TensorType& t : n.out_types) {
      os << (first ? "" : ", ") << "\"" << runtime::DLDataType2String(t->dtype) << "\"";
      first = false;
    }
  }
  os << "]],\n    \"shape\": [\"list_shape\", [";
  first = true;
  for (const GraphNodeRec& n : nodes_) {
    for (const TensorType& t : n.out_types) {
      os << (first ? "" : ", ") << "[";
      for (size_t d = 0; d < t->shape.size(); ++d) {
        os << (d ? ", " : "") << t->shape[d].as<IntImmNode>()->value;
      }
      os << "]";
      first = false;
    }
  }
  os << "]],\n    \"storage_id\": [\"list_int\", [";
  first = true;
  for (size_t nid = 0; nid < nodes_.size(); ++nid) {
    for (size_t i = 0; i < nodes_[nid].out_types.size(); ++i) {
      os << (first ? "" : ", ") << storage_id_.at({static_cast<int>(nid), static_cast<int>(i)});
      first = false;
    }
  }
  os << "]]\n  },\n  \"node_row_ptr\": [";
  for (size_t i = 0; i < row_ptr.size(); ++i) os << (i ? ", " : "") << row_ptr[i];
  os << "]\n}\n";
  return os.str();
}

}  // namespace

TVM_REGISTER_GLOBAL("relay.build_module._GraphCodegen")
    .set_body_typed([](IRModule mod, Target target) {
      BaseFunc main = mod->Lookup("main");
      const auto* fn = main.as<FunctionNode>();
      if (fn == nullptr) TVM_THROW(ValueError) << "graph codegen: main is not a Relay function";
      // Kernel names are chosen per build: start from an empty cache so that a name is never
      // shared by two different kernels of one library.
      ClearTECompilerCache();
      GraphCodegen codegen(target);
      codegen.Run(GetRef<Function>(fn));
      Map<String, ObjectRef> out;
      out.Set("graph_json", String(codegen.Json()));
      out.Set("lowered", codegen.lowered());
      out.Set("params", codegen.params());
      out.Set("storage_bytes", Integer(IntImm(DataType::Int(64), codegen.storage_bytes())));
      return out;
    });

}  // namespace relay
}  // namespace tvm
