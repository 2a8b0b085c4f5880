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

#include <tvm/arith/analyzer.h>

#include <sstream>
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

  /*!
   * \brief buffer_bind_scope: inside the body, buffer `b` is a view of a region of tensor `t`
   *  (te.extern placeholders, tensorize intrinsics). Its data pointer, element offset, and
   *  any symbolic shape or strides become those of the region; its loads and stores become
   *  accesses of t's flat storage.
   */
  Stmt VisitStmt_(const AttrStmtNode* op) final {
    if (op->attr_key == attr::buffer_dim_align) return VisitDimAlign(op);
    if (op->attr_key != attr::buffer_bind_scope) return StmtExprMutator::VisitStmt_(op);
    Array<ObjectRef> pair = Downcast<Array<ObjectRef>>(op->node);
    Buffer b = Downcast<Buffer>(pair[0]);
    DataProducer t = Downcast<DataProducer>(pair[1]);
    const auto* tuple = op->value.as<CallNode>();
    ICHECK(tuple && tuple->op.same_as(builtin::tvm_tuple())) << "buffer_bind_scope needs a tvm_tuple";
    Array<PrimExpr> mins, extents;
    for (size_t i = 0; i + 1 < tuple->args.size(); i += 2) {
      mins.push_back(VisitExpr(tuple->args[i]));
      extents.push_back(VisitExpr(tuple->args[i + 1]));
    }
    const Entry& e = Lookup(t);
    View view = BindView(b, t, e, mins, extents);
    views_[b.get()] = view;
    Stmt body = VisitStmt(op->body);
    views_.erase(b.get());
    for (const auto& kv : view.vars) var_remap_.erase(kv.first);
    return body;
  }

  PrimExpr VisitExpr_(const VarNode* op) final {
    auto it = var_remap_.find(op);
    return it == var_remap_.end() ? GetRef<PrimExpr>(op) : it->second;
  }

  PrimExpr VisitExpr_(const BufferLoadNode* op) final {
    auto it = views_.find(op->buffer.get());
    if (it == views_.end()) return StmtExprMutator::VisitExpr_(op);
    Array<PrimExpr> indices = MutateArray(op->indices);
    return BufferLoad(it->second.flat, {ViewOffset(it->second, indices)}, op->span);
  }

  Stmt VisitStmt_(const BufferStoreNode* op) final {
    auto it = views_.find(op->buffer.get());
    if (it == views_.end()) return StmtExprMutator::VisitStmt_(op);
    PrimExpr value = VisitExpr(op->value);
    Array<PrimExpr> indices = MutateArray(op->indices);
    return BufferStore(it->second.flat, value, {ViewOffset(it->second, indices)}, op->span);
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

  /*! \brief A buffer bound to a region: the flat storage, the region's offset and strides. */
  struct View {
    Buffer flat;
    PrimExpr offset;
    Array<PrimExpr> strides;
    std::vector<std::pair<const VarNode*, PrimExpr>> vars;
  };

  PrimExpr ViewOffset(const View& v, const Array<PrimExpr>& indices) {
    PrimExpr index = v.offset;
    for (size_t i = 0; i < indices.size(); ++i) index = index + indices[i] * v.strides[i];
    return index;
  }

  /*! \brief The strides of the storage behind `e`, in elements. */
  Array<PrimExpr> StorageStrides(const Entry& e) {
    if (!e.buffer->strides.empty()) return e.buffer->strides;
    std::vector<PrimExpr> strides(e.buffer->shape.size());
    PrimExpr acc = make_const(DataType::Int(32), 1);
    for (size_t i = strides.size(); i-- > 0;) {
      strides[i] = acc;
      acc = acc * e.buffer->shape[i];
    }
    return Array<PrimExpr>(strides.begin(), strides.end());
  }

  /*!
   * \brief Check that `b` can view the region (mins, extents) of `t` and say how: symbolic
   *  fields of b (elem_offset, shape, strides) take the region's values; constant ones must
   *  agree with them. Leading region dimensions beyond b's rank must have extent 1.
   */
  View BindView(const Buffer& b, const DataProducer& t, const Entry& e, const Array<PrimExpr>& mins,
                const Array<PrimExpr>& extents) {
    arith::Analyzer analyzer;
    auto fail = [&](const std::string& what) {
      TVM_THROW(ValueError) << "cannot bind buffer " << b->name << " to the region of tensor "
                            << t->GetNameHint() << ": " << what;
    };
    if (b->dtype != e.buffer->dtype) {
      fail("dtype " + runtime::DLDataType2String(b->dtype) + " expected, the tensor has " +
           runtime::DLDataType2String(e.buffer->dtype));
    }
    size_t nb = b->shape.size(), nt = extents.size();
    if (nb > nt) fail("the buffer has more dimensions than the tensor");
    size_t lead = nt - nb;
    View view;
    auto bind = [&](const PrimExpr& field, const PrimExpr& value, const std::string& name) {
      if (const auto* v = field.as<VarNode>()) {
        for (const auto& kv : view.vars) {
          if (kv.first == v) {
            if (!analyzer.CanProveEqual(kv.second, value)) {
              fail(name + ": " + v->name_hint + " would be both " + ToStr(kv.second) + " and " +
                   ToStr(value));
            }
            return;
          }
        }
        view.vars.emplace_back(v, analyzer.Simplify(value));
      } else if (!analyzer.CanProveEqual(field, value)) {
        fail(name + " is " + ToStr(field) + " but the region needs " + ToStr(analyzer.Simplify(value)));
      }
    };
    for (size_t d = 0; d < lead; ++d) {
      if (!analyzer.CanProveEqual(extents[d], 1)) {
        fail("dimension " + std::to_string(d) + " of the region has extent " + ToStr(extents[d]) +
             ", but only the last " + std::to_string(nb) + " dimensions map to the buffer");
      }
    }
    Array<PrimExpr> storage_strides = StorageStrides(e);
    for (size_t j = 0; j < nb; ++j) bind(b->shape[j], extents[lead + j], "shape[" + std::to_string(j) + "]");
    if (b->strides.empty()) {
      // A compact buffer: each stride must be the product of the inner extents.
      PrimExpr expected = make_const(DataType::Int(32), 1);
      for (size_t j = nb; j-- > 0;) {
        if (!analyzer.CanProveEqual(storage_strides[lead + j], expected)) {
          fail("the buffer is compact but dimension " + std::to_string(j) + " of the region has " +
               "stride " + ToStr(storage_strides[lead + j]) + " (declare the buffer with strides)");
        }
        expected = expected * b->shape[j];
      }
    } else {
      for (size_t j = 0; j < nb; ++j) {
        bind(b->strides[j], storage_strides[lead + j], "strides[" + std::to_string(j) + "]");
      }
    }
    PrimExpr offset = Offset(e, mins);
    bind(b->elem_offset, offset, "elem_offset");
    view.vars.emplace_back(b->data.get(), e.flat->data);
    for (const auto& kv : view.vars) var_remap_[kv.first] = kv.second;
    view.flat = e.flat;
    view.offset = offset;
    for (size_t j = 0; j < nb; ++j) view.strides.push_back(storage_strides[lead + j]);
    return view;
  }

  static std::string ToStr(const PrimExpr& e) {
    std::ostringstream os;
    os << e;
    return os.str();
  }

  std::unordered_map<const BufferNode*, View> views_;
  std::unordered_map<const VarNode*, PrimExpr> var_remap_;

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
