/*!
 * \file buffer.cc
 * \brief Buffer and PrimFunc.
 */
#include <tvm/runtime/registry.h>
#include <tvm/tir/buffer.h>
#include <tvm/tir/function.h>
#include <tvm/tir/op.h>

namespace tvm {
namespace tir {

void BufferNode::VisitAttrs(AttrVisitor* v) {
  v->Visit("data", &data);
  v->Visit("dtype", &dtype);
  v->Visit("shape", &shape);
  v->Visit("strides", &strides);
  v->Visit("elem_offset", &elem_offset);
  v->Visit("name", &name);
  v->Visit("data_alignment", &data_alignment);
  v->Visit("offset_factor", &offset_factor);
  v->Visit("buffer_type", &buffer_type);
  v->Visit("span", &span);
}

String BufferNode::scope() const {
  if (const auto* ptr = data->type_annotation.as<PointerTypeNode>()) {
    if (!ptr->storage_scope.empty()) return ptr->storage_scope;
  }
  return "global";
}

Buffer::Buffer(Var data, DataType dtype, Array<PrimExpr> shape, Array<PrimExpr> strides,
               PrimExpr elem_offset, String name, int data_alignment, int offset_factor,
               BufferType buffer_type, Span span) {
  if (!data.defined() || !data.dtype().is_handle()) {
    TVM_THROW(TypeError) << "tir.Buffer " << name << ": data must be a handle Var";
  }
  if (!strides.empty() && strides.size() != shape.size()) {
    TVM_THROW(ValueError) << "tir.Buffer " << name << ": " << strides.size()
                          << " strides for " << shape.size() << " dimensions";
  }
  for (const PrimExpr& d : shape) {
    if (!d.defined() || !(d.dtype().is_int() || d.dtype().is_uint())) {
      TVM_THROW(TypeError) << "tir.Buffer " << name << ": shape entries must be integers";
    }
  }
  if (data_alignment <= 0) data_alignment = 64;
  if (offset_factor <= 0) offset_factor = 1;
  if (!elem_offset.defined()) elem_offset = make_const(DataType::Int(32), 0);
  auto n = make_object<BufferNode>();
  n->data = std::move(data);
  n->dtype = dtype;
  n->shape = std::move(shape);
  n->strides = std::move(strides);
  n->elem_offset = std::move(elem_offset);
  n->name = std::move(name);
  n->data_alignment = data_alignment;
  n->offset_factor = offset_factor;
  n->buffer_type = buffer_type;
  n->span = std::move(span);
  data_ = std::move(n);
}

PrimExpr Buffer::ElemOffset(Array<PrimExpr> indices) const {
  const BufferNode* n = get();
  if (indices.size() != n->shape.size()) {
    TVM_THROW(ValueError) << "buffer " << n->name << " has " << n->shape.size()
                          << " dimensions, got " << indices.size() << " indices";
  }
  PrimExpr offset = n->elem_offset;
  if (n->strides.empty()) {
    PrimExpr flat;
    for (size_t i = 0; i < indices.size(); ++i) {
      flat = flat.defined() ? flat * n->shape[i] + indices[i] : indices[i];
    }
    if (!flat.defined()) flat = make_const(offset.dtype(), 0);
    return is_zero(offset) ? flat : offset + flat;
  }
  for (size_t i = 0; i < indices.size(); ++i) offset = offset + indices[i] * n->strides[i];
  return offset;
}

Buffer decl_buffer(Array<PrimExpr> shape, DataType dtype, String name, String storage_scope,
                   Span span) {
  DataType storage = dtype.is_bool() ? DataType::Int(8) : dtype;
  Var data(name, PointerType(PrimType(storage), storage_scope), span);
  return Buffer(data, dtype, shape, Array<PrimExpr>(), PrimExpr(), name, 64, 1, kDefault, span);
}

TVM_REGISTER_NODE_TYPE(BufferNode);

void PrimFuncNode::VisitAttrs(AttrVisitor* v) {
  v->VisitDef("params", &params);
  v->VisitDef("buffer_map", &buffer_map);
  v->Visit("body", &body);
  v->Visit("ret_type", &ret_type);
  v->Visit("attrs", &attrs);
  v->Visit("span", &span);
}

PrimFunc::PrimFunc(Array<Var> params, Stmt body, Type ret_type, Map<Var, Buffer> buffer_map,
                   DictAttrs attrs, Span span) {
  if (!body.defined()) TVM_THROW(TypeError) << "tir.PrimFunc: body is undefined (None)";
  for (const auto& kv : buffer_map) {
    bool found = false;
    for (const Var& p : params) found = found || p.same_as(kv.first);
    if (!found) {
      TVM_THROW(ValueError) << "tir.PrimFunc: buffer_map binds " << kv.first->name_hint
                            << ", which is not a parameter";
    }
  }
  if (!ret_type.defined()) ret_type = PrimType(DataType::Int(32));
  auto n = make_object<PrimFuncNode>();
  n->params = std::move(params);
  n->body = std::move(body);
  n->ret_type = std::move(ret_type);
  n->buffer_map = std::move(buffer_map);
  n->attrs = std::move(attrs);
  n->span = std::move(span);
  data_ = std::move(n);
}
TVM_REGISTER_NODE_TYPE(PrimFuncNode);

TVM_REGISTER_GLOBAL("tir.Buffer").set_body_typed([](Var data, DataType dtype, Array<PrimExpr> shape,
                                                    Array<PrimExpr> strides, PrimExpr elem_offset,
                                                    String name, int align, int offset_factor,
                                                    int buffer_type, Span span) {
  return Buffer(data, dtype, shape, strides, elem_offset, name, align, offset_factor,
                static_cast<BufferType>(buffer_type), span);
});
TVM_REGISTER_GLOBAL("tir.decl_buffer").set_body_typed([](Array<PrimExpr> shape, DataType dtype,
                                                         String name, String scope) {
  return decl_buffer(shape, dtype, name, scope);
});
TVM_REGISTER_GLOBAL("tir.BufferElemOffset").set_body_typed([](Buffer b, Array<PrimExpr> idx) {
  return b.ElemOffset(idx);
});
TVM_REGISTER_GLOBAL("tir.BufferScope").set_body_typed([](Buffer b) { return b->scope(); });
TVM_REGISTER_GLOBAL("tir.PrimFunc").set_body_typed([](Array<Var> params, Stmt body, Type ret_type,
                                                      Map<Var, Buffer> buffer_map,
                                                      Optional<DictAttrs> attrs, Span span) {
  return PrimFunc(params, body, ret_type, buffer_map,
                  attrs.defined() ? attrs.value() : DictAttrs(), span);
});
TVM_REGISTER_GLOBAL("tir.PrimFuncWithAttr").set_body_typed([](PrimFunc f, String key,
                                                              ObjectRef value) {
  return WithAttr(f, key, value);
});

}  // namespace tir
}  // namespace tvm
