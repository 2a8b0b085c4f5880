/*!
 * \file tvm/ir/span.h
 * \brief Source locations. Expressions imported from a model carry the name of the node they
 *  came from (an ONNX node, a torch op), so an error found later can point back at it.
 */
#ifndef TVM_IR_SPAN_H_
#define TVM_IR_SPAN_H_

#include <tvm/runtime/container.h>
#include <tvm/runtime/object.h>
#include <tvm/runtime/reflection.h>

namespace tvm {

class SpanNode : public Object {
 public:
  /*! \brief The file, model node or op the span points into. */
  String source_name;
  int line{0};
  int column{0};
  int end_line{0};
  int end_column{0};

  void VisitAttrs(runtime::AttrVisitor* v);
  static constexpr const char* _type_key = "Span";
  TVM_DECLARE_FINAL_OBJECT_INFO(SpanNode, Object);
};

class Span : public ObjectRef {
 public:
  Span(String source_name, int line = 0, int column = 0, int end_line = 0, int end_column = 0);
  TVM_DEFINE_OBJECT_REF_METHODS(Span, ObjectRef, SpanNode);
};

}  // namespace tvm

#endif  // TVM_IR_SPAN_H_
