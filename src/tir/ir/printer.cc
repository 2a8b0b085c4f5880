/*!
 * \file printer.cc
 * \brief The readable text of TIR, close to TVMScript:
 *
 *   # from tvm.script import tir as T
 *   @T.prim_func
 *   def main(A: T.Buffer((16,), "float32"), B: T.Buffer((16,), "float32")):
 *       T.func_attr({"global_symbol": "main"})
 *       for i in range(16):
 *           B[i] = A[i] + T.float32(1)
 *
 * Distinct variables that share a name are told apart with a suffix (i, i_1, ...), so the
 * text is unambiguous. tvm.lower(..., simple_mode=True) and str() of TIR nodes print this.
 */
#include <tvm/ir/module.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/function.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>

#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace tvm {
namespace tir {

namespace detail_printer {

enum Prec : int { kOr = 1, kAnd = 2, kNot = 3, kCmp = 4, kAdd = 5, kMul = 6, kUnary = 7, kAtom = 10 };

std::string DTypeLiteral(DataType t) { return "\"" + runtime::DLDataType2String(t) + "\""; }

std::string Quote(const std::string& s) {
  std::ostringstream os;
  os << '"';
  for (char c : s) {
    if (c == '"' || c == '\\') os << '\\';
    if (c == '\n') {
      os << "\\n";
      continue;
    }
    os << c;
  }
  os << '"';
  return os.str();
}

class TIRPrinter : public ExprFunctor<std::string(const PrimExpr&)>,
                   public StmtFunctor<void(const Stmt&)> {
 public:
  std::string Print(const ObjectRef& node) {
    if (!node.defined()) return "None";
    if (const auto* f = node.as<PrimFuncNode>()) {
      os_ << "# from tvm.script import tir as T\n";
      PrintFunc("main", GetRef<PrimFunc>(f));
    } else if (const auto* m = node.as<IRModuleNode>()) {
      PrintModule(m);
    } else if (const auto* s = node.as<StmtNode>()) {
      VisitStmt(GetRef<Stmt>(s));
    } else if (const auto* e = node.as<PrimExprNode>()) {
      os_ << Expr(GetRef<PrimExpr>(e));
    } else if (const auto* b = node.as<BufferNode>()) {
      os_ << BufferDecl(GetRef<Buffer>(b));
    } else if (const auto* iv = node.as<IterVarNode>()) {
      os_ << "T.iter_var(" << VarName(iv->var) << ", " << RangeText(iv->dom) << ", \""
          << IterVarType2String(iv->iter_type) << "\", " << Quote(iv->thread_tag) << ")";
    } else if (const auto* r = node.as<RangeNode>()) {
      os_ << RangeText(GetRef<Range>(r));
    } else if (const auto* c = node.as<CommReducerNode>()) {
      os_ << Reducer(GetRef<CommReducer>(c));
    } else {
      os_ << runtime::ObjectRepr(node);
    }
    return os_.str();
  }

 private:
  // ---- names ---------------------------------------------------------------------------------
  std::string Unique(const std::string& hint) {
    std::string base = hint.empty() ? "v" : hint;
    for (char& c : base) {
      if (!(isalnum(static_cast<unsigned char>(c)) || c == '_')) c = '_';
    }
    if (isdigit(static_cast<unsigned char>(base[0]))) base = "v" + base;
    std::string name = base;
    for (int k = 1; used_names_.count(name); ++k) name = base + "_" + std::to_string(k);
    used_names_.insert(name);
    return name;
  }
  std::string VarName(const Var& v) {
    auto it = var_names_.find(v.get());
    if (it != var_names_.end()) return it->second;
    return var_names_[v.get()] = Unique(v->name_hint);
  }
  std::string BufferName(const Buffer& b) {
    auto it = buffer_names_.find(b.get());
    if (it != buffer_names_.end()) return it->second;
    return buffer_names_[b.get()] = Unique(b->name);
  }
  std::string ProducerName(const DataProducer& p) {
    auto it = producer_names_.find(p.get());
    if (it != producer_names_.end()) return it->second;
    return producer_names_[p.get()] = Unique(p->GetNameHint());
  }

  // ---- expressions ---------------------------------------------------------------------------
  std::string Expr(const PrimExpr& e) { return VisitExpr(e); }
  /*! \brief e in a context of precedence `outer`: parenthesised when it binds looser. */
  std::string Sub(const PrimExpr& e, int outer) {
    std::string s = VisitExpr(e);
    return PrecOf(e) < outer ? "(" + s + ")" : s;
  }
  static int PrecOf(const PrimExpr& e) {
    if (e.as<OrNode>()) return kOr;
    if (e.as<AndNode>()) return kAnd;
    if (e.as<NotNode>()) return kNot;
    if (e.as<EQNode>() || e.as<NENode>() || e.as<LTNode>() || e.as<LENode>() || e.as<GTNode>() ||
        e.as<GENode>()) {
      return kCmp;
    }
    if (e.as<AddNode>() || e.as<SubNode>()) return kAdd;
    if (e.as<MulNode>() || e.as<FloorDivNode>() || e.as<FloorModNode>()) return kMul;
    if (const auto* d = e.as<DivNode>()) return d->dtype.is_float() ? kMul : kAtom;
    if (const auto* i = e.as<IntImmNode>()) return i->value < 0 ? kUnary : kAtom;
    return kAtom;
  }
  std::string Binary(const BinaryOpNodeBase* op, const char* sym, int prec) {
    // Left-associative: the right operand needs parentheses at equal precedence. Operands
    // are printed in order so that names are assigned left to right.
    std::string a = Sub(op->a, prec);
    std::string b = Sub(op->b, prec + 1);
    return a + " " + sym + " " + b;
  }
  std::string Call(const std::string& f, std::initializer_list<PrimExpr> args) {
    std::string s = f + "(";
    int k = 0;
    for (const PrimExpr& a : args) s += (k++ ? ", " : "") + Expr(a);
    return s + ")";
  }

  std::string VisitExpr_(const VarNode* op) final { return VarName(GetRef<Var>(op)); }
  std::string VisitExpr_(const IntImmNode* op) final {
    if (op->dtype.is_bool()) return op->value ? "T.bool(True)" : "T.bool(False)";
    if (op->dtype == DataType::Int(32)) return std::to_string(op->value);
    return "T." + runtime::DLDataType2String(op->dtype) + "(" + std::to_string(op->value) + ")";
  }
  std::string VisitExpr_(const FloatImmNode* op) final {
    std::ostringstream v;
    if (std::isinf(op->value)) {
      v << (op->value > 0 ? "\"inf\"" : "\"-inf\"");
    } else if (std::isnan(op->value)) {
      v << "\"nan\"";
    } else {
      v << std::setprecision(std::numeric_limits<double>::max_digits10) << op->value;
      std::string s = v.str();
      // Print the shortest text that reads back as the same value.
      for (int p = 1; p <= 17; ++p) {
        std::ostringstream t;
        t << std::setprecision(p) << op->value;
        if (std::stod(t.str()) == op->value) {
          s = t.str();
          break;
        }
      }
      v.str("");
      v << s;
    }
    return "T." + runtime::DLDataType2String(op->dtype) + "(" + v.str() + ")";
  }
  std::string VisitExpr_(const StringImmNode* op) final { return Quote(op->value); }
  std::string VisitExpr_(const CastNode* op) final {
    return "T.Cast(" + DTypeLiteral(op->dtype) + ", " + Expr(op->value) + ")";
  }
  std::string VisitExpr_(const AddNode* op) final { return Binary(op, "+", kAdd); }
  std::string VisitExpr_(const SubNode* op) final { return Binary(op, "-", kAdd); }
  std::string VisitExpr_(const MulNode* op) final { return Binary(op, "*", kMul); }
  std::string VisitExpr_(const DivNode* op) final {
    if (op->dtype.is_float()) return Binary(op, "/", kMul);
    return Call("T.Div", {op->a, op->b});
  }
  std::string VisitExpr_(const ModNode* op) final { return Call("T.truncmod", {op->a, op->b}); }
  std::string VisitExpr_(const FloorDivNode* op) final { return Binary(op, "//", kMul); }
  std::string VisitExpr_(const FloorModNode* op) final { return Binary(op, "%", kMul); }
  std::string VisitExpr_(const MinNode* op) final { return Call("T.min", {op->a, op->b}); }
  std::string VisitExpr_(const MaxNode* op) final { return Call("T.max", {op->a, op->b}); }
  std::string VisitExpr_(const EQNode* op) final { return Binary(op, "==", kCmp); }
  std::string VisitExpr_(const NENode* op) final { return Binary(op, "!=", kCmp); }
  std::string VisitExpr_(const LTNode* op) final { return Binary(op, "<", kCmp); }
  std::string VisitExpr_(const LENode* op) final { return Binary(op, "<=", kCmp); }
  std::string VisitExpr_(const GTNode* op) final { return Binary(op, ">", kCmp); }
  std::string VisitExpr_(const GENode* op) final { return Binary(op, ">=", kCmp); }
  std::string VisitExpr_(const AndNode* op) final { return Binary(op, "and", kAnd); }
  std::string VisitExpr_(const OrNode* op) final { return Binary(op, "or", kOr); }
  std::string VisitExpr_(const NotNode* op) final { return "not " + Sub(op->a, kNot); }
  std::string VisitExpr_(const SelectNode* op) final {
    return Call("T.Select", {op->condition, op->true_value, op->false_value});
  }
  std::string VisitExpr_(const BufferLoadNode* op) final {
    return BufferName(op->buffer) + Indices(op->indices);
  }
  std::string VisitExpr_(const ProducerLoadNode* op) final {
    return ProducerName(op->producer) + Indices(op->indices);
  }
  std::string VisitExpr_(const RampNode* op) final {
    std::string base = Expr(op->base);
    std::string stride = Expr(op->stride);
    return "T.Ramp(" + base + ", " + stride + ", " + std::to_string(op->lanes) + ")";
  }
  std::string VisitExpr_(const BroadcastNode* op) final {
    return "T.Broadcast(" + Expr(op->value) + ", " + std::to_string(op->lanes) + ")";
  }
  std::string VisitExpr_(const ShuffleNode* op) final {
    return "T.Shuffle(" + List(op->vectors) + ", " + List(op->indices) + ")";
  }
  std::string VisitExpr_(const LetNode* op) final {
    std::string var = VarName(op->var);
    std::string value = Expr(op->value);
    std::string body = Expr(op->body);
    return "T.Let(" + body + ", where={" + var + ": " + value + "})";
  }
  std::string VisitExpr_(const CallNode* op) final {
    std::string name;
    if (const auto* o = op->op.as<OpNode>()) {
      std::string full = o->name;
      name = "T." + (full.rfind("tir.", 0) == 0 ? full.substr(4) : full);
    } else if (const auto* g = op->op.as<GlobalVarNode>()) {
      name = g->name_hint;
    }
    std::string s = name + "(";
    for (size_t i = 0; i < op->args.size(); ++i) s += (i ? ", " : "") + Expr(op->args[i]);
    const auto* o = op->op.as<OpNode>();
    bool value_typed = o != nullptr && (o->name == "tir.call_extern" ||
                                        o->name == "tir.call_pure_extern" ||
                                        o->name == "tir.reinterpret");
    if (value_typed) s = name + "(" + DTypeLiteral(op->dtype) + (op->args.empty() ? "" : ", ") + s.substr(name.size() + 1);
    return s + ")";
  }
  std::string VisitExpr_(const ReduceNode* op) final {
    std::string s = "T.reduce(" + Reducer(op->combiner) + ", source=" + List(op->source) +
                    ", axis=[";
    for (size_t i = 0; i < op->axis.size(); ++i) {
      s += (i ? ", " : "") + VarName(op->axis[i]->var) + " in " + RangeText(op->axis[i]->dom);
    }
    s += "]";
    if (!is_one(op->condition)) s += ", where=" + Expr(op->condition);
    if (!op->init.empty()) s += ", init=" + List(op->init);
    if (op->value_index != 0) s += ", value_index=" + std::to_string(op->value_index);
    return s + ")";
  }

  std::string Indices(const Array<PrimExpr>& idx) {
    std::string s = "[";
    for (size_t i = 0; i < idx.size(); ++i) s += (i ? ", " : "") + Expr(idx[i]);
    return s + "]";
  }
  std::string List(const Array<PrimExpr>& xs) {
    std::string s = "[";
    for (size_t i = 0; i < xs.size(); ++i) s += (i ? ", " : "") + Expr(xs[i]);
    return s + "]";
  }
  std::string Shape(const Array<PrimExpr>& xs) {
    std::string s = "(";
    for (size_t i = 0; i < xs.size(); ++i) s += (i ? ", " : "") + Expr(xs[i]);
    return s + (xs.size() == 1 ? ",)" : ")");
  }
  std::string RangeText(const Range& r) {
    if (!r.defined()) return "None";
    if (is_zero(r->min)) return "range(" + Expr(r->extent) + ")";
    std::string lo = Expr(r->min);
    std::string hi = Expr(r->min + r->extent);
    return "range(" + lo + ", " + hi + ")";
  }
  std::string Reducer(const CommReducer& c) {
    std::string s = "T.comm_reducer(lambda ";
    for (size_t i = 0; i < c->lhs.size(); ++i) s += (i ? ", " : "") + VarName(c->lhs[i]);
    for (size_t i = 0; i < c->rhs.size(); ++i) s += ", " + VarName(c->rhs[i]);
    std::string result = c->result.size() == 1 ? Expr(c->result[0]) : List(c->result);
    std::string identity = List(c->identity_element);
    s += ": " + result + ", " + identity + ")";
    return s;
  }
  std::string BufferDecl(const Buffer& b) {
    std::string s = "T.Buffer(" + Shape(b->shape) + ", " + DTypeLiteral(b->dtype);
    if (!b->strides.empty()) s += ", strides=" + Shape(b->strides);
    if (!is_zero(b->elem_offset)) s += ", elem_offset=" + Expr(b->elem_offset);
    if (b->scope() != "global") s += ", scope=" + Quote(b->scope());
    return s + ")";
  }

  // ---- statements ----------------------------------------------------------------------------
  std::ostream& Line() {
    for (int i = 0; i < indent_; ++i) os_ << "    ";
    return os_;
  }
  void Body(const Stmt& s) {
    indent_ += 1;
    VisitStmt(s);
    indent_ -= 1;
  }
  void VisitStmt_(const LetStmtNode* op) final {
    Line() << VarName(op->var) << ": T." << runtime::DLDataType2String(op->var.dtype()) << " = "
           << Expr(op->value) << "\n";
    VisitStmt(op->body);
  }
  void VisitStmt_(const AttrStmtNode* op) final {
    if (op->attr_key == attr::thread_extent || op->attr_key == attr::virtual_thread) {
      if (const auto* iv = op->node.as<IterVarNode>()) {
        Line() << VarName(iv->var) << " = T.launch_thread(" << Quote(iv->thread_tag) << ", "
               << Expr(op->value) << ")\n";
        VisitStmt(op->body);
        return;
      }
    }
    std::string node;
    if (const auto* v = op->node.as<VarNode>()) {
      node = VarName(GetRef<Var>(v));
    } else if (const auto* b = op->node.as<BufferNode>()) {
      node = BufferName(GetRef<Buffer>(b));
    } else if (const auto* iv = op->node.as<IterVarNode>()) {
      node = VarName(iv->var);
    } else if (const auto* p = op->node.as<DataProducerNode>()) {
      node = ProducerName(GetRef<DataProducer>(p));
    } else if (const auto* e = op->node.as<PrimExprNode>()) {
      node = Expr(GetRef<PrimExpr>(e));
    } else if (const auto* s = op->node.as<runtime::StringObj>()) {
      node = Quote(s->data);
    } else {
      node = op->node.defined() ? op->node->GetTypeKey() : "None";
    }
    Line() << "with T.attr(" << node << ", " << Quote(op->attr_key) << ", " << Expr(op->value)
           << "):\n";
    Body(op->body);
  }
  void VisitStmt_(const AssertStmtNode* op) final {
    Line() << "assert " << Expr(op->condition) << ", " << Expr(op->message) << "\n";
    VisitStmt(op->body);
  }
  void VisitStmt_(const BufferStoreNode* op) final {
    Line() << BufferName(op->buffer) << Indices(op->indices) << " = " << Expr(op->value) << "\n";
  }
  void VisitStmt_(const BufferRealizeNode* op) final {
    Line() << "with T.realize(" << BufferName(op->buffer) << "[";
    for (size_t i = 0; i < op->bounds.size(); ++i) {
      const Range& r = op->bounds[i];
      os_ << (i ? ", " : "") << Expr(r->min) << ":" << Expr(r->min + r->extent);
    }
    os_ << "]):\n";
    Body(op->body);
  }
  void VisitStmt_(const ProducerStoreNode* op) final {
    Line() << ProducerName(op->producer) << Indices(op->indices) << " = " << Expr(op->value)
           << "\n";
  }
  void VisitStmt_(const ProducerRealizeNode* op) final {
    Line() << "with T.realize(" << ProducerName(op->producer) << "[";
    for (size_t i = 0; i < op->bounds.size(); ++i) {
      const Range& r = op->bounds[i];
      os_ << (i ? ", " : "") << Expr(r->min) << ":" << Expr(r->min + r->extent);
    }
    os_ << "]" << (op->storage_scope.empty() ? "" : ", " + Quote(op->storage_scope)) << "):\n";
    Body(op->body);
  }
  void VisitStmt_(const AllocateNode* op) final {
    std::string scope = "global";
    if (const auto* ptr = op->buffer_var->type_annotation.as<PointerTypeNode>()) {
      if (!ptr->storage_scope.empty()) scope = ptr->storage_scope;
    }
    Line() << VarName(op->buffer_var) << " = T.allocate(" << List(op->extents) << ", "
           << DTypeLiteral(op->dtype) << ", " << Quote(scope);
    if (!is_one(op->condition)) os_ << ", condition=" << Expr(op->condition);
    os_ << ")\n";
    if (buffers_by_data_.empty()) CollectBuffers(op->body);
    DeclareViews(op->buffer_var, Buffer());
    VisitStmt(op->body);
  }
  void VisitStmt_(const SeqStmtNode* op) final {
    for (const Stmt& s : op->seq) VisitStmt(s);
  }
  void VisitStmt_(const IfThenElseNode* op) final {
    Line() << "if " << Expr(op->condition) << ":\n";
    Body(op->then_case);
    if (op->else_case.defined()) {
      Line() << "else:\n";
      Body(op->else_case.value());
    }
  }
  void VisitStmt_(const EvaluateNode* op) final {
    if (op->value.as<CallNode>()) {
      Line() << Expr(op->value) << "\n";
    } else {
      Line() << "T.evaluate(" << Expr(op->value) << ")\n";
    }
  }
  void VisitStmt_(const ForNode* op) final {
    Line() << "for " << VarName(op->loop_var) << " in ";
    bool zero_min = is_zero(op->min);
    std::string bounds =
        zero_min ? Expr(op->extent) : Expr(op->min) + ", " + Expr(op->min + op->extent);
    switch (op->kind) {
      case ForKind::kSerial:
        os_ << (zero_min ? "range(" : "T.serial(") << bounds << ")";
        break;
      case ForKind::kParallel:
        os_ << "T.parallel(" << bounds << ")";
        break;
      case ForKind::kVectorized:
        os_ << "T.vectorized(" << bounds << ")";
        break;
      case ForKind::kUnrolled:
        os_ << "T.unroll(" << bounds << ")";
        break;
      case ForKind::kThreadBinding:
        os_ << "T.thread_binding(" << bounds << ", thread="
            << Quote(op->thread_binding.defined() ? op->thread_binding.value()->thread_tag.str()
                                                  : std::string("?"))
            << ")";
        break;
    }
    os_ << ":\n";
    Body(op->body);
  }
  void VisitStmt_(const WhileNode* op) final {
    Line() << "while " << Expr(op->condition) << ":\n";
    Body(op->body);
  }

  // ---- functions and modules -----------------------------------------------------------------
  void PrintFunc(const std::string& default_name, const PrimFunc& f) {
    std::string name = default_name;
    if (auto sym = f->GetAttr<String>(tvm::attr::kGlobalSymbol)) name = sym.value();
    Line() << "@T.prim_func\n";
    Line() << "def " << name << "(";
    for (size_t i = 0; i < f->params.size(); ++i) {
      const Var& p = f->params[i];
      os_ << (i ? ", " : "");
      Optional<Buffer> buf = f->buffer_map.Get(p);
      if (buf.defined()) {
        // The parameter is printed as the buffer it is bound to.
        std::string bname = BufferName(buf.value());
        var_names_[p.get()] = bname + "_handle";
        os_ << bname << ": " << BufferDecl(buf.value());
      } else {
        os_ << VarName(p) << ": T." << runtime::DLDataType2String(p.dtype());
      }
    }
    os_ << "):\n";
    indent_ += 1;
    if (f->attrs.defined() && !f->attrs->dict.empty()) {
      std::vector<std::pair<std::string, ObjectRef>> attrs;
      for (const auto& kv : f->attrs->dict) attrs.emplace_back(kv.first, kv.second);
      std::sort(attrs.begin(), attrs.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      Line() << "T.func_attr({";
      for (size_t i = 0; i < attrs.size(); ++i) {
        os_ << (i ? ", " : "") << Quote(attrs[i].first) << ": " << AttrValue(attrs[i].second);
      }
      os_ << "})\n";
    }
    // Views of a parameter's memory (e.g. its flattened form) are declared up front.
    CollectBuffers(f->body);
    for (const auto& kv : f->buffer_map) DeclareViews(kv.second->data, kv.second);
    VisitStmt(f->body);
    indent_ -= 1;
  }
  /*! \brief Record every buffer the statement reads or writes, by data variable. */
  void CollectBuffers(const Stmt& body) {
    PostOrderVisit(body, [this](const ObjectRef& n) {
      Buffer b;
      if (const auto* l = n.as<BufferLoadNode>()) b = l->buffer;
      if (const auto* st = n.as<BufferStoreNode>()) b = st->buffer;
      if (!b.defined()) return;
      auto& list = buffers_by_data_[b->data.get()];
      for (const Buffer& x : list) {
        if (x.same_as(b)) return;
      }
      list.push_back(b);
    });
  }
  /*! \brief Print `X = T.Buffer(..., data=...)` for buffers over data other than `except`. */
  void DeclareViews(const Var& data, const Buffer& except) {
    auto it = buffers_by_data_.find(data.get());
    if (it == buffers_by_data_.end()) return;
    for (const Buffer& b : it->second) {
      if (b.same_as(except)) continue;
      std::string decl = BufferDecl(b);
      std::string data_text = except.defined() ? BufferName(except) + ".data" : VarName(data);
      Line() << BufferName(b) << " = " << decl.substr(0, decl.size() - 1) << ", data="
             << data_text << ")\n";
    }
  }
  std::string AttrValue(const ObjectRef& v) {
    if (const auto* s = v.as<runtime::StringObj>()) return Quote(s->data);
    if (const auto* e = v.as<PrimExprNode>()) return Expr(GetRef<PrimExpr>(e));
    return runtime::ObjectRepr(v);
  }
  void PrintModule(const IRModuleNode* m) {
    os_ << "# from tvm.script import ir as I\n# from tvm.script import tir as T\n";
    os_ << "@I.ir_module\nclass Module:\n";
    indent_ += 1;
    bool first = true;
    for (const GlobalVar& gv : m->GetGlobalVars()) {
      if (!first) os_ << "\n";
      first = false;
      BaseFunc f = m->functions.at(gv);
      if (const auto* pf = f.as<PrimFuncNode>()) {
        PrintFunc(gv->name_hint, GetRef<PrimFunc>(pf));
      } else {
        Line() << "# " << gv->name_hint << ": " << f->GetTypeKey() << "\n";
      }
    }
    indent_ -= 1;
  }

  std::ostringstream os_;
  int indent_{0};
  std::unordered_set<std::string> used_names_;
  std::unordered_map<const Object*, std::string> var_names_;
  std::unordered_map<const Object*, std::string> buffer_names_;
  std::unordered_map<const Object*, std::string> producer_names_;
  std::unordered_map<const Object*, std::vector<Buffer>> buffers_by_data_;
};

}  // namespace detail_printer
using detail_printer::TIRPrinter;

TVM_REGISTER_GLOBAL("tir.AsScript").set_body_typed([](ObjectRef node) {
  return AsTIRScript(node);
});

}  // namespace tir

std::string AsTIRScript(const ObjectRef& node) { return tir::TIRPrinter().Print(node); }

std::ostream& operator<<(std::ostream& os, const PrimExpr& e) { return os << AsTIRScript(e); }

}  // namespace tvm
