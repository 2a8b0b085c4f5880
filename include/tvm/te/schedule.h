/*!
 * \file tvm/te/schedule.h
 * \brief Schedules: how each operation of a tensor program runs. A Schedule holds one Stage
 *  per operation; schedule primitives (split, fuse, reorder, tile, vectorize, parallel, unroll,
 *  compute_inline, ...) rewrite a stage's loop structure, recorded as relations between
 *  IterVars so lowering can map the final loops back to the operation's axes.
 */
#ifndef TVM_TE_SCHEDULE_H_
#define TVM_TE_SCHEDULE_H_

#include <tvm/te/tensor.h>
#include <tvm/te/tensor_intrin.h>

#include <string>

namespace tvm {
namespace te {

class StageNode;
class ScheduleNode;

/*! \brief Where a stage's loops are placed. */
enum AttachType : int {
  kGroupRoot = 1,
  kInline = 2,
  kInlinedAlready = 3,
  kScope = 4,
};

/*! \brief Relations between iteration variables created by schedule primitives. */
class IterVarRelationNode : public Object {
 public:
  static constexpr const char* _type_key = "IterVarRelation";
  TVM_DECLARE_BASE_OBJECT_INFO(IterVarRelationNode, Object);
};
class IterVarRelation : public ObjectRef {
 public:
  TVM_DEFINE_OBJECT_REF_METHODS(IterVarRelation, ObjectRef, IterVarRelationNode);
};

/*! \brief parent = outer * factor + inner. */
class SplitNode : public IterVarRelationNode {
 public:
  IterVar parent;
  IterVar outer;
  IterVar inner;
  PrimExpr factor;
  PrimExpr nparts;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "Split";
  TVM_DECLARE_FINAL_OBJECT_INFO(SplitNode, IterVarRelationNode);
};
class Split : public IterVarRelation {
 public:
  Split(IterVar parent, IterVar outer, IterVar inner, PrimExpr factor, PrimExpr nparts);
  TVM_DEFINE_OBJECT_REF_METHODS(Split, IterVarRelation, SplitNode);
};

/*! \brief fused = outer * extent(inner) + inner. */
class FuseNode : public IterVarRelationNode {
 public:
  IterVar outer;
  IterVar inner;
  IterVar fused;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "Fuse";
  TVM_DECLARE_FINAL_OBJECT_INFO(FuseNode, IterVarRelationNode);
};
class Fuse : public IterVarRelation {
 public:
  Fuse(IterVar outer, IterVar inner, IterVar fused);
  TVM_DEFINE_OBJECT_REF_METHODS(Fuse, IterVarRelation, FuseNode);
};

/*! \brief Per-IterVar annotations: loop kind, thread binding, pragmas. */
class IterVarAttrNode : public Object {
 public:
  IterVarType iter_type{kDataPar};
  Optional<IterVar> bind_thread;
  Array<String> pragma_keys;
  Array<PrimExpr> pragma_values;
  /*! \brief For kTensorized: the intrinsic replacing the loops from this one inward. */
  Optional<TensorIntrin> tensor_intrin;
  /*! \brief storage_align on a dimension axis: stride % dim_align_factor == dim_align_offset. */
  int dim_align_factor{0};
  int dim_align_offset{0};
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "IterVarAttr";
  TVM_DECLARE_FINAL_OBJECT_INFO(IterVarAttrNode, Object);
};
class IterVarAttr : public ObjectRef {
 public:
  explicit IterVarAttr(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  IterVarAttr() = default;
  const IterVarAttrNode* operator->() const { return static_cast<const IterVarAttrNode*>(get()); }
  using ContainerType = IterVarAttrNode;
};

class Stage : public ObjectRef {
 public:
  Stage() = default;
  explicit Stage(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  explicit Stage(Operation op);
  StageNode* operator->() const;

  /*!
   * \brief Split `parent` into (outer, inner) with inner extent `factor`. A factor that does
   *  not divide the extent leaves a tail the lowering guards with a condition.
   */
  Stage& split(IterVar parent, PrimExpr factor, IterVar* p_outer, IterVar* p_inner);
  /*! \brief Split `parent` into `nparts` outer iterations. */
  Stage& split_by_nparts(IterVar parent, PrimExpr nparts, IterVar* p_outer, IterVar* p_inner);
  /*! \brief Fuse two adjacent loops (outer directly enclosing inner) into one. */
  Stage& fuse(IterVar outer, IterVar inner, IterVar* p_target);
  /*! \brief Fuse several adjacent loops; an empty list gives a new loop of extent 1. */
  Stage& fuse(const Array<IterVar>& axes, IterVar* p_target);
  /*! \brief Reorder the given loops (a permutation of some of the stage's current loops). */
  Stage& reorder(const Array<IterVar>& order);
  Stage& tile(IterVar x_parent, IterVar y_parent, PrimExpr x_factor, PrimExpr y_factor,
              IterVar* p_x_outer, IterVar* p_y_outer, IterVar* p_x_inner, IterVar* p_y_inner);
  Stage& vectorize(IterVar var);
  Stage& parallel(IterVar var);
  Stage& unroll(IterVar var);
  Stage& bind(IterVar ivar, IterVar thread_ivar);
  Stage& pragma(IterVar var, const std::string& pragma_type, const PrimExpr& pragma_value);
  /*!
   * \brief Replace the loop `var` and every loop inside it by `f`: lowering checks that the
   *  computation of those loops matches f's declaration and binds f's buffers to the regions
   *  they read and write.
   */
  Stage& tensorize(IterVar var, TensorIntrin f);
  Stage& compute_inline();
  Stage& compute_root();
  /*!
   * \brief Compute this stage inside the loop `scope` of `parent`, which must read it: only
   *  the region the rest of that loop body needs is computed (bound inference), per iteration.
   */
  Stage& compute_at(Stage parent, IterVar scope);
  /*!
   * \brief Pad the storage of this stage's tensor so that the stride of the dimension of `axis`
   *  (one of op.axis) satisfies stride % factor == offset (e.g. to avoid bank conflicts).
   */
  Stage& storage_align(IterVar axis, int factor, int offset);
  /*!
   * \brief Keep two copies of this stage's buffer, so that a GPU kernel fetches the data of
   *  the next iteration of the enclosing loop while computing on the current one
   *  (tir InjectDoubleBuffer, GPU targets).
   */
  Stage& double_buffer();
};

class StageNode : public Object {
 public:
  Operation op;
  Operation origin_op;
  /*! \brief Every IterVar of the stage, root and derived. */
  Array<IterVar> all_iter_vars;
  /*! \brief The current loops, outermost first. */
  Array<IterVar> leaf_iter_vars;
  Array<IterVarRelation> relations;
  Map<IterVar, IterVarAttr> iter_var_attrs;
  AttachType attach_type{kGroupRoot};
  /*! \brief For kScope: the loop of attach_stage this stage is computed in. */
  Optional<IterVar> attach_ivar;
  Optional<ObjectRef> attach_stage;
  String scope;
  bool is_output{false};
  /*! \brief double_buffer(): the realize carries a double_buffer_scope annotation. */
  bool double_buffer{false};
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "Stage";
  TVM_DECLARE_FINAL_OBJECT_INFO(StageNode, Object);
};

inline StageNode* Stage::operator->() const { return static_cast<StageNode*>(get_mutable()); }

class Schedule : public ObjectRef {
 public:
  Schedule() = default;
  explicit Schedule(ObjectPtr<Object> n) : ObjectRef(std::move(n)) {}
  /*! \brief A schedule of all operations needed to compute `ops`, in dependency order. */
  explicit Schedule(Array<Operation> ops);
  /*! \brief The stage of an operation (or a tensor's operation); ValueError if none. */
  Stage operator[](const Operation& op) const;
  Stage operator[](const Tensor& tensor) const { return operator[](tensor->op); }
  /*!
   * \brief A stage that copies `tensor` into `scope` before `readers` read it; the readers
   *  then read the copy (cache_read).
   * \return the cache tensor.
   */
  Tensor cache_read(const Tensor& tensor, const std::string& scope, const Array<Operation>& readers);
  /*!
   * \brief Compute `tensor` into a cache in `scope` and copy it out afterwards: the stage of
   *  `tensor` becomes the copy (keeping its axes), a new stage computes into the cache
   *  (cache_write). The stage must not have been scheduled yet.
   * \return the cache tensor.
   */
  Tensor cache_write(const Tensor& tensor, const std::string& scope);
  /*!
   * \brief Factor the reduction computing `tensor` over its reduction loop `axis`: a new stage
   *  computes partial results with `axis` as a data dimension (at position `factor_axis`), and
   *  `tensor`'s stage reduces them (see src/te/schedule/rfactor.cc).
   * \return the partial-result tensors, one per output of the reduction.
   */
  Array<Tensor> rfactor(const Tensor& tensor, const IterVar& axis, int factor_axis = 0);
  /*! \brief The operation that now computes what `op` computed (after cache rewrites). */
  Operation Resolve(const Operation& op) const;
  ScheduleNode* operator->() const;
};

class ScheduleNode : public Object {
 public:
  Array<Operation> outputs;
  /*! \brief Stages in dependency order (inputs first). */
  Array<Stage> stages;
  Map<Operation, Stage> stage_map;
  void VisitAttrs(AttrVisitor* v);
  static constexpr const char* _type_key = "Schedule";
  TVM_DECLARE_FINAL_OBJECT_INFO(ScheduleNode, Object);
};

inline ScheduleNode* Schedule::operator->() const {
  return static_cast<ScheduleNode*>(get_mutable());
}

inline Schedule create_schedule(Array<Operation> ops) { return Schedule(ops); }

/*!
 * \brief Lower a schedule to a TIR statement over the operations' tensors (ProducerRealize /
 *  ProducerStore / ProducerLoad, before storage is assigned).
 */
Stmt ScheduleOps(Schedule sch);

}  // namespace te
}  // namespace tvm

#endif  // TVM_TE_SCHEDULE_H_
