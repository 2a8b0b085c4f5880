/*!
 * \file tvm/tir/buffer.h
 * \brief Buffer: a view of memory as a multi-dimensional array. `data` is the pointer
 *  variable; element (i0, ..., in) lives at elem_offset + sum(ik * stride_k), with compact
 *  row-major strides when `strides` is empty.
 */
#ifndef TVM_TIR_BUFFER_H_
#define TVM_TIR_BUFFER_H_

#include <tvm/ir/expr.h>
#include <tvm/tir/var.h>

#include <string>

namespace tvm {
namespace tir {

enum BufferType : int {
  kDefault = 1,
  /*! \brief Dimensions of extent 1 broadcast (their stride is 0). */
  kAutoBroadcast = 2,
};

class BufferNode : public Object {
 public:
  /*! \brief The pointer to the first element (a handle Var with a PointerType annotation). */
  Var data;
  DataType dtype;
  Array<PrimExpr> shape;
  /*! \brief Empty for a compact row-major buffer. */
  Array<PrimExpr> strides;
  PrimExpr elem_offset;
  String name;
  /*! \brief Alignment of data in bytes. */
  int data_alignment{64};
  /*! \brief elem_offset is a multiple of this. */
  int offset_factor{1};
  BufferType buffer_type{kDefault};
  mutable Span span;

  void VisitAttrs(AttrVisitor* v);
  /*! \brief The storage scope, from data's pointer type ("global" when unset). */
  String scope() const;
  static constexpr const char* _type_key = "tir.Buffer";
  /*! \brief A buffer's name is for reading; two programs differing only there are equal. */
  static constexpr const char* _type_sequal_ignore = "name";
  TVM_DECLARE_FINAL_OBJECT_INFO(BufferNode, Object);
};

class Buffer : public ObjectRef {
 public:
  Buffer(Var data, DataType dtype, Array<PrimExpr> shape, Array<PrimExpr> strides,
         PrimExpr elem_offset, String name, int data_alignment, int offset_factor,
         BufferType buffer_type, Span span = Span());
  /*! \brief The flat element index of `indices` (row-major or through strides). */
  PrimExpr ElemOffset(Array<PrimExpr> indices) const;
  TVM_DEFINE_OBJECT_REF_METHODS(Buffer, ObjectRef, BufferNode);
};

/*!
 * \brief A new compact buffer with a fresh data pointer.
 * \param storage_scope "global", "shared", "local", ...
 */
Buffer decl_buffer(Array<PrimExpr> shape, DataType dtype = DataType::Float(32),
                   String name = "buffer", String storage_scope = "", Span span = Span());

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_BUFFER_H_
