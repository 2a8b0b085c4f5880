/*!
 * \file tvm/relay/attrs/transform.h
 * \brief Attributes of the shape and layout transforms and of the ops that make tensors.
 */
#ifndef TVM_RELAY_ATTRS_TRANSFORM_H_
#define TVM_RELAY_ATTRS_TRANSFORM_H_

#include <tvm/ir/attrs.h>
#include <tvm/ir/expr.h>

#include <string>

namespace tvm {
namespace relay {

/*!
 * \brief An integer attribute value as Python makes them (int64), for field defaults: a
 *  program built in Python then equals the same program read back from text.
 */
inline Integer Int64Attr(int64_t v) { return Integer(IntImm(DataType::Int(64), v)); }

#define TVM_RELAY_ATTRS(Name)                                    \
  static constexpr const char* _type_key = "relay.attrs." #Name; \
  TVM_DECLARE_FINAL_OBJECT_INFO(Name, BaseAttrsNode)

/*! \brief cast: the target dtype. */
struct CastAttrs : public BaseAttrsNode {
  DataType dtype;
  void VisitAttrs(AttrVisitor* v) { v->Visit("dtype", &dtype); }
  TVM_RELAY_ATTRS(CastAttrs);
};

/*! \brief clip: the bounds. */
struct ClipAttrs : public BaseAttrsNode {
  double a_min{0};
  double a_max{0};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("a_min", &a_min);
    v->Visit("a_max", &a_max);
  }
  TVM_RELAY_ATTRS(ClipAttrs);
};

/*!
 * \brief reshape: the new shape, with codes 0 (copy the input dimension at this position)
 *  and -1 (infer from the remaining size).
 */
struct ReshapeAttrs : public BaseAttrsNode {
  Array<Integer> newshape;
  void VisitAttrs(AttrVisitor* v) { v->Visit("newshape", &newshape); }
  TVM_RELAY_ATTRS(ReshapeAttrs);
};

/*! \brief transpose: the permutation (null or empty: reverse the axes). */
struct TransposeAttrs : public BaseAttrsNode {
  Array<Integer> axes;
  void VisitAttrs(AttrVisitor* v) { v->Visit("axes", &axes); }
  TVM_RELAY_ATTRS(TransposeAttrs);
};

/*! \brief squeeze: the axes to drop (null: every axis of extent 1). */
struct SqueezeAttrs : public BaseAttrsNode {
  Array<Integer> axis;
  void VisitAttrs(AttrVisitor* v) { v->Visit("axis", &axis); }
  TVM_RELAY_ATTRS(SqueezeAttrs);
};

/*! \brief expand_dims: insert `num_newaxis` axes of extent 1 at `axis`. */
struct ExpandDimsAttrs : public BaseAttrsNode {
  int axis{0};
  int num_newaxis{1};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("axis", &axis);
    v->Visit("num_newaxis", &num_newaxis);
  }
  TVM_RELAY_ATTRS(ExpandDimsAttrs);
};

/*! \brief concatenate / stack: the axis. */
struct ConcatenateAttrs : public BaseAttrsNode {
  int axis{0};
  void VisitAttrs(AttrVisitor* v) { v->Visit("axis", &axis); }
  TVM_RELAY_ATTRS(ConcatenateAttrs);
};

/*! \brief split: an Integer (number of equal sections) or an Array of split indices. */
struct SplitAttrs : public BaseAttrsNode {
  ObjectRef indices_or_sections;
  int axis{0};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("indices_or_sections", &indices_or_sections);
    v->Visit("axis", &axis);
  }
  TVM_RELAY_ATTRS(SplitAttrs);
};

/*! \brief strided_slice: begin/end/strides per axis (or per `axes`), slice_mode "end"/"size". */
struct StridedSliceAttrs : public BaseAttrsNode {
  Array<Integer> begin;
  Array<Integer> end;
  Array<Integer> strides;
  Array<Integer> axes;
  String slice_mode{"end"};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("begin", &begin);
    v->Visit("end", &end);
    v->Visit("strides", &strides);
    v->Visit("axes", &axes);
    v->Visit("slice_mode", &slice_mode);
  }
  TVM_RELAY_ATTRS(StridedSliceAttrs);
};

/*! \brief take: gather along `axis` (null: of the flattened input); mode clip/wrap/fast. */
struct TakeAttrs : public BaseAttrsNode {
  Integer batch_dims{Int64Attr(0)};
  Integer axis;
  String mode{"clip"};
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("batch_dims", &batch_dims);
    v->Visit("axis", &axis);
    v->Visit("mode", &mode);
  }
  TVM_RELAY_ATTRS(TakeAttrs);
};

/*! \brief zeros / ones / full / broadcast_to: the shape and dtype of the result. */
struct InitOpAttrs : public BaseAttrsNode {
  Array<Integer> shape;
  DataType dtype;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("shape", &shape);
    v->Visit("dtype", &dtype);
  }
  TVM_RELAY_ATTRS(InitOpAttrs);
};

/*! \brief tile: repetitions per axis (aligned to the right, like numpy.tile). */
struct TileAttrs : public BaseAttrsNode {
  Array<Integer> reps;
  void VisitAttrs(AttrVisitor* v) { v->Visit("reps", &reps); }
  TVM_RELAY_ATTRS(TileAttrs);
};

/*! \brief repeat: each element repeated `repeats` times along `axis`. */
struct RepeatAttrs : public BaseAttrsNode {
  Integer repeats;
  Integer axis;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("repeats", &repeats);
    v->Visit("axis", &axis);
  }
  TVM_RELAY_ATTRS(RepeatAttrs);
};

/*! \brief gather: the axis along which indices select. */
struct GatherAttrs : public BaseAttrsNode {
  Integer axis{Int64Attr(0)};
  void VisitAttrs(AttrVisitor* v) { v->Visit("axis", &axis); }
  TVM_RELAY_ATTRS(GatherAttrs);
};

/*! \brief one_hot: the depth of the new axis, its position and the result dtype. */
struct OneHotAttrs : public BaseAttrsNode {
  int depth{1};
  int axis{-1};
  DataType dtype;
  void VisitAttrs(AttrVisitor* v) {
    v->Visit("depth", &depth);
    v->Visit("axis", &axis);
    v->Visit("dtype", &dtype);
  }
  TVM_RELAY_ATTRS(OneHotAttrs);
};

}  // namespace relay
}  // namespace tvm

#endif  // TVM_RELAY_ATTRS_TRANSFORM_H_
