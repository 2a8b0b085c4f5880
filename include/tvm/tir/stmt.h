/*!
 * \file tvm/tir/stmt.h
 * \brief TIR statements.
 */
#ifndef TVM_TIR_STMT_H_
#define TVM_TIR_STMT_H_

#include <tvm/tir/buffer.h>
#include <tvm/tir/expr.h>

#include <string>
#include <vector>

namespace tvm {
namespace tir {

class StmtNode : public Object {
 public:
  mutable Span span;
  static constexpr const char* _type_key = "tir.Stmt";
  TVM_DECLARE_BASE_OBJECT_INFO(StmtNode, Object);
};
class Stmt : public ObjectRef {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(Stmt, ObjectRef, StmtNode);
};

/*! \brief let var = value in body. */
class LetStmtNode : public StmtNode {
 public:
  Var var;
  PrimExpr value;
  Stmt body;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.LetStmt";
  TVM_DECLARE_FINAL_OBJECT_INFO(LetStmtNode, StmtNode);
};
class LetStmt : public Stmt {
 public:
  LetStmt(Var var, PrimExpr value, Stmt body, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(LetStmt, Stmt, LetStmtNode);
};

/*!
 * \brief An annotation of `body`: attr_key names it ("thread_extent", "pragma_*",
 *  "storage_alignment", ...), node is what it is about, value its value.
 */
class AttrStmtNode : public StmtNode {
 public:
  ObjectRef node;
  String attr_key;
  PrimExpr value;
  Stmt body;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.AttrStmt";
  TVM_DECLARE_FINAL_OBJECT_INFO(AttrStmtNode, StmtNode);
};
class AttrStmt : public Stmt {
 public:
  AttrStmt(ObjectRef node, String attr_key, PrimExpr value, Stmt body, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(AttrStmt, Stmt, AttrStmtNode);
};

/*! \brief Check `condition` at run time; fail with `message` (a StringImm). */
class AssertStmtNode : public StmtNode {
 public:
  PrimExpr condition;
  PrimExpr message;
  Stmt body;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.AssertStmt";
  TVM_DECLARE_FINAL_OBJECT_INFO(AssertStmtNode, StmtNode);
};
class AssertStmt : public Stmt {
 public:
  AssertStmt(PrimExpr condition, PrimExpr message, Stmt body, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(AssertStmt, Stmt, AssertStmtNode);
};

/*! \brief buffer[indices] = value. */
class BufferStoreNode : public StmtNode {
 public:
  Buffer buffer;
  PrimExpr value;
  Array<PrimExpr> indices;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.BufferStore";
  TVM_DECLARE_FINAL_OBJECT_INFO(BufferStoreNode, StmtNode);
};
class BufferStore : public Stmt {
 public:
  BufferStore(Buffer buffer, PrimExpr value, Array<PrimExpr> indices, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(BufferStore, Stmt, BufferStoreNode);
};

/*! \brief Storage for `buffer` over `bounds` must exist inside body (before flattening). */
class BufferRealizeNode : public StmtNode {
 public:
  Buffer buffer;
  Array<Range> bounds;
  PrimExpr condition;
  Stmt body;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.BufferRealize";
  TVM_DECLARE_FINAL_OBJECT_INFO(BufferRealizeNode, StmtNode);
};
class BufferRealize : public Stmt {
 public:
  BufferRealize(Buffer buffer, Array<Range> bounds, PrimExpr condition, Stmt body,
                Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(BufferRealize, Stmt, BufferRealizeNode);
};

/*! \brief producer[indices] = value (tensor expressions, before storage is decided). */
class ProducerStoreNode : public StmtNode {
 public:
  DataProducer producer;
  PrimExpr value;
  Array<PrimExpr> indices;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.ProducerStore";
  TVM_DECLARE_FINAL_OBJECT_INFO(ProducerStoreNode, StmtNode);
};
class ProducerStore : public Stmt {
 public:
  ProducerStore(DataProducer producer, PrimExpr value, Array<PrimExpr> indices,
                Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(ProducerStore, Stmt, ProducerStoreNode);
};

/*! \brief Storage for `producer` over `bounds` in `storage_scope`, live inside body. */
class ProducerRealizeNode : public StmtNode {
 public:
  DataProducer producer;
  Array<Range> bounds;
  PrimExpr condition;
  Stmt body;
  String storage_scope;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.ProducerRealize";
  TVM_DECLARE_FINAL_OBJECT_INFO(ProducerRealizeNode, StmtNode);
};
class ProducerRealize : public Stmt {
 public:
  ProducerRealize(DataProducer producer, Array<Range> bounds, PrimExpr condition, Stmt body,
                  String storage_scope = "", Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(ProducerRealize, Stmt, ProducerRealizeNode);
};

/*! \brief Allocate prod(extents) elements of dtype, pointed to by buffer_var, inside body. */
class AllocateNode : public StmtNode {
 public:
  Var buffer_var;
  DataType dtype;
  Array<PrimExpr> extents;
  PrimExpr condition;
  Stmt body;
  Map<String, ObjectRef> annotations;
  void VisitAttrs(AttrVisitor* v);
  /*! \brief The element count when every extent is constant, else 0. */
  int64_t ConstantAllocationSize() const;
  static constexpr const char* _type_key = "tir.Allocate";
  TVM_DECLARE_FINAL_OBJECT_INFO(AllocateNode, StmtNode);
};
class Allocate : public Stmt {
 public:
  Allocate(Var buffer_var, DataType dtype, Array<PrimExpr> extents, PrimExpr condition, Stmt body,
           Map<String, ObjectRef> annotations = Map<String, ObjectRef>(), Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(Allocate, Stmt, AllocateNode);
};

/*! \brief Statements in order. */
class SeqStmtNode : public StmtNode {
 public:
  Array<Stmt> seq;
  size_t size() const { return seq.size(); }
  Stmt operator[](size_t i) const { return seq[i]; }
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.SeqStmt";
  TVM_DECLARE_FINAL_OBJECT_INFO(SeqStmtNode, StmtNode);
};
class SeqStmt : public Stmt {
 public:
  explicit SeqStmt(Array<Stmt> seq, Span span = Span());
  /*!
   * \brief Sequence the given statements, flattening nested SeqStmts and dropping no-ops;
   *  a single statement is returned as is.
   */
  static Stmt Flatten(const std::vector<Stmt>& stmts);
  TVM_DEFINE_OBJECT_REF_METHODS(SeqStmt, Stmt, SeqStmtNode);
};

class IfThenElseNode : public StmtNode {
 public:
  PrimExpr condition;
  Stmt then_case;
  Optional<Stmt> else_case;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.IfThenElse";
  TVM_DECLARE_FINAL_OBJECT_INFO(IfThenElseNode, StmtNode);
};
class IfThenElse : public Stmt {
 public:
  IfThenElse(PrimExpr condition, Stmt then_case, Optional<Stmt> else_case = Optional<Stmt>(),
             Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(IfThenElse, Stmt, IfThenElseNode);
};

/*! \brief Evaluate an expression for its effect (a call). */
class EvaluateNode : public StmtNode {
 public:
  PrimExpr value;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.Evaluate";
  TVM_DECLARE_FINAL_OBJECT_INFO(EvaluateNode, StmtNode);
};
class Evaluate : public Stmt {
 public:
  explicit Evaluate(PrimExpr value, Span span = Span());
  /*! \brief Evaluate(0): the no-op statement. */
  explicit Evaluate(int value) : Evaluate(PrimExpr(value)) {}
  TVM_DEFINE_OBJECT_REF_METHODS(Evaluate, Stmt, EvaluateNode);
};

/*! \brief How a loop runs. */
enum class ForKind : int {
  kSerial = 0,
  kParallel = 1,
  kVectorized = 2,
  kUnrolled = 3,
  /*! \brief Bound to a GPU thread axis (thread_binding says which). */
  kThreadBinding = 4,
};
const char* ForKind2String(ForKind kind);

/*! \brief for (loop_var = min; loop_var < min + extent; ++loop_var) body. */
class ForNode : public StmtNode {
 public:
  Var loop_var;
  PrimExpr min;
  PrimExpr extent;
  ForKind kind;
  Stmt body;
  Optional<IterVar> thread_binding;
  Map<String, ObjectRef> annotations;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.For";
  TVM_DECLARE_FINAL_OBJECT_INFO(ForNode, StmtNode);
};
class For : public Stmt {
 public:
  For(Var loop_var, PrimExpr min, PrimExpr extent, ForKind kind, Stmt body,
      Optional<IterVar> thread_binding = Optional<IterVar>(),
      Map<String, ObjectRef> annotations = Map<String, ObjectRef>(), Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(For, Stmt, ForNode);
};

class WhileNode : public StmtNode {
 public:
  PrimExpr condition;
  Stmt body;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "tir.While";
  TVM_DECLARE_FINAL_OBJECT_INFO(WhileNode, StmtNode);
};
class While : public Stmt {
 public:
  While(PrimExpr condition, Stmt body, Span span = Span());
  TVM_DEFINE_OBJECT_REF_METHODS(While, Stmt, WhileNode);
};

/*! \brief Keys of AttrStmt. */
namespace attr {
constexpr const char* thread_extent = "thread_extent";
constexpr const char* virtual_thread = "virtual_thread";
constexpr const char* realize_scope = "realize_scope";
constexpr const char* storage_alignment = "storage_alignment";
/*! \brief storage_align: node is the tensor, value tvm_tuple(dim, factor, offset). */
constexpr const char* buffer_dim_align = "buffer_dim_align";
constexpr const char* pragma_scope_prefix = "pragma_";
constexpr const char* pragma_unroll_explicit = "pragma_unroll_explicit";
constexpr const char* pragma_auto_unroll_max_step = "pragma_auto_unroll_max_step";
constexpr const char* buffer_bind_scope = "buffer_bind_scope";
constexpr const char* double_buffer_scope = "double_buffer_scope";
constexpr const char* compute_scope = "compute_scope";
constexpr const char* device_id = "device_id";
constexpr const char* device_type = "device_type";
constexpr const char* loop_scope = "loop_scope";
constexpr const char* reduce_scope = "reduce_scope";
}  // namespace attr

/*! \brief Whether a statement does nothing (an Evaluate of a constant, an empty SeqStmt). */
bool IsNoOp(const Stmt& stmt);

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_STMT_H_
