/*!
 * \file storage_flatten.cc
 * \brief See tvm/tir/storage_flatten.h.
 */
#include <tvm/arith/analyzer.h>
#include <tvm/runtime/registry.h>
#include <tvm/tir/builtin.h>
#include <tvm/tir/op.h>
#include <tvm/tir/stmt_functor.h>
#include <tvm/tir/storage_flatten.h>

#include <unordered_map>
#include <vector>

namespace tvm {
namespace tir {

Buffer FlattenedBuffer(const Buffer& buffer) {
  if (buffer->shape.size() == 1 && buffer->strides.empty()) return buffer;
  PrimExpr size = make_const(buffer->shape.empty() ? DataType::Int(32) : buffer->shape[0].dtype(), 1);
  if (buffer->strides.empty()) {
    for (const PrimExpr& d : buffer->shape) size = size * d;
  } else {
    // Strided: the flat extent covers the farthest element.
    PrimExpr last = make_const(size.dtype(), 0);
    for (size_t i = 0; i < buffer->shape.size(); ++i) {
      last = last + (buffer->shape[i] - 1) * buffer->strides[i];
    }
    size = last + 1;
  }
  return Buffer(buffer->data, buffer->dtype, {size}, {}, buffer->elem_offset, buffer->name,
                buffer->data_alignment, buffer->offset_factor, buffer->buffer_type, buffer->span);
}

namespace {

class StorageFlattener : public StmtExprMutator {
 public:
  explicit StorageFlattener(const Map<DataProducer, Buffer>& extern_buffers) {
    for (const auto& kv : extern_buffers) {
      Entry e;
      e.buffer = kv.second;
      e.flat = FlattenedBuffer(kv.second);
      entries_[kv.first->DataIdentity()] = e;
    }
  }

  Stmt VisitStmt_(const ProducerRealizeNode* op) final {
    if (entries_.count(op->producer->DataIdentity())) {
      // Bound to an argument: the caller provides the memory.
      return VisitStmt(op->body);
    }
    DataProducer p = op->producer;
    Array<PrimExpr> shape;
    for (const Range& r : op->bounds) shape.push_back(r->extent);
    std::string scope = op->storage_scope.empty() ? "global" : op->storage_scope.str();
    Buffer buffer = decl_buffer(shape, p->GetDataType(), p->GetNameHint(), scope);
    auto align = dim_align_.find(p->DataIdentity());
    if (align != dim_align_.end()) buffer = WithAlignedStrides(buffer, align->second);
    Entry e;
    e.buffer = buffer;
    e.flat = FlattenedBuffer(buffer);
    e.bounds = op->bounds;
    entries_[p->DataIdentity()] = e;
    Stmt body = VisitStmt(op->body);
    entries_.erase(p->DataIdentity());
    DataType storage = buffer->dtype.is_bool() ? DataType::Int(8) : buffer->dtype;
    return Allocate(buffer->data, storage, e.flat->shape, Bool(true), body);
  }

  Stmt VisitStmt_(const AttrStmtNode* op) final {
    if (op->attr_key == attr::buffer_dim_align) return VisitDimAlign(op);
    return StmtExprMutator::VisitStmt_(op);
  }

  /*! \brief buffer_dim_align (storage_align): recorded for the realize inside, then dropped. */
  Stmt VisitDimAlign(const AttrStmtNode* op) {
    const auto* tuple = op->value.as<CallNode>();
    ICHECK(tuple && tuple->op.same_as(builtin::tvm_tuple()) && tuple->args.size() == 3)
        << "buffer_dim_align needs tvm_tuple(dim, factor, offset)";
    auto key = Downcast<DataProducer>(op->node)->DataIdentity();
    std::vector<DimAlign>& aligns = dim_align_[key];
    aligns.push_back({Downcast<IntImm>(tuple->args[0])->value,
                      Downcast<IntImm>(tuple->args[1])->value,
                      Downcast<IntImm>(tuple->args[2])->value});
    Stmt body = VisitStmt(op->body);
    aligns.pop_back();
    if (aligns.empty()) dim_align_.erase(key);
    return body;
  }

  Stmt VisitStmt_(const ProducerStoreNode* op) final {
    const Entry& e = Lookup(op->producer);
    PrimExpr value = VisitExpr(op->value);
    Array<PrimExpr> indices = MutateArray(op->indices);
    return BufferStore(e.flat, value, {Offset(e, indices)}, op->span);
  }

  PrimExpr VisitExpr_(const ProducerLoadNode* op) final {
    const Entry& e = Lookup(op->producer);
    Array<PrimExpr> indices = MutateArray(op->indices);
    return BufferLoad(e.flat, {Offset(e, indices)}, op->span);
  }

 private:
  struct Entry {
    Buffer buffer;
    Buffer flat;
    Array<Range> bounds;
  };

  struct DimAlign {
    int64_t dim, factor, offset;
  };

  /*!
   * \brief `buffer` with row-major strides, each dimension's stride padded up to the next
   *  value with stride % factor == offset when that dimension is aligned.
   */
  static Buffer WithAlignedStrides(const Buffer& buffer, const std::vector<DimAlign>& aligns) {
    size_t ndim = buffer->shape.size();
    if (ndim == 0) return buffer;
    std::vector<PrimExpr> strides(ndim);
    PrimExpr stride = make_const(buffer->shape[0].dtype(), 1);
    arith::Analyzer analyzer;
    for (size_t d = ndim; d-- > 0;) {
      for (const DimAlign& a : aligns) {
        if (static_cast<size_t>(a.dim) != d) continue;
        PrimExpr factor = make_const(stride.dtype(), a.factor);
        PrimExpr offset = make_const(stride.dtype(), a.offset);
        PrimExpr pad = floormod(factor + offset - floormod(stride, factor), factor);
        stride = analyzer.Simplify(stride + pad);
      }
      strides[d] = stride;
      stride = stride * buffer->shape[d];
    }
    return Buffer(buffer->data, buffer->dtype, buffer->shape, Array<PrimExpr>(strides),
                  buffer->elem_offset, buffer->name, buffer->data_alignment, buffer->offset_factor,
                  buffer->buffer_type, buffer->span);
  }

  const Entry& Lookup(const DataProducer& p) {
    auto it = entries_.find(p->DataIdentity());
    if (it == entries_.end()) {
      TVM_THROW(ValueError) << "tensor " << p->GetNameHint()
                            << " is used but is neither computed by the schedule nor passed "
                               "as an argument (add it to the argument list of lower/build)";
    }
    return it->second;
  }

  /*! \brief The flat element index of `indices` (the flat buffer keeps elem_offset). */
  PrimExpr Offset(const Entry& e, Array<PrimExpr> indices) {
    const BufferNode* b = e.buffer.get();
    PrimExpr flat;
    for (size_t i = 0; i < indices.size(); ++i) {
      PrimExpr idx = indices[i];
      if (!e.bounds.empty()) idx = idx - e.bounds[i]->min;
      if (b->strides.empty()) {
        flat = flat.defined() ? flat * b->shape[i] + idx : idx;
      } else {
        PrimExpr term = idx * b->strides[i];
        flat = flat.defined() ? flat + term : term;
      }
    }
    return flat.defined() ? flat : make_const(DataType::Int(32), 0);
  }

  struct KeyHash {
    size_t operator()(const std::pair<const Object*, int>& k) const {
      return std::hash<const Object*>()(k.first) * 31 + static_cast<size_t>(k.second);
    }
  };
  std::unordered_map<std::pair<const Object*, int>, Entry, KeyHash> entries_;
  std::unordered_map<std::pair<const Object*, int>, std::vector<DimAlign>, KeyHash> dim_align_;
};

}  // namespace

Stmt StorageFlatten(Stmt stmt, Map<DataProducer, Buffer> extern_buffers) {
  return StorageFlattener(extern_buffers)(std::move(stmt));
}

TVM_REGISTER_GLOBAL("tir.StorageFlattenStmt").set_body_typed([](Stmt s, Map<DataProducer, Buffer> b) {
  return StorageFlatten(s, b);
});

}  // namespace tir
}  // namespace tvm
