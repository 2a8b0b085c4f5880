/*!
 * \file tvm/tir/storage_flatten.h
 * \brief StorageFlatten: from tensors to memory. Tensor expressions lowered by ScheduleOps
 *  read and write DataProducers (ProducerLoad/ProducerStore inside ProducerRealize); this
 *  pass gives each one storage: a tensor bound to a function argument uses that argument's
 *  buffer, any other realized tensor gets an Allocate, and every multi-dimensional access
 *  becomes a 1-D BufferLoad/BufferStore at the row-major element offset. It must run before
 *  the passes and code generators that only understand flat memory.
 */
#ifndef TVM_TIR_STORAGE_FLATTEN_H_
#define TVM_TIR_STORAGE_FLATTEN_H_

#include <tvm/tir/buffer.h>
#include <tvm/tir/stmt.h>

namespace tvm {
namespace tir {

/*!
 * \brief Flatten storage. `extern_buffers` maps tensors to the buffers of the function's
 *  arguments. A tensor that is read but neither realized nor bound is a ValueError naming it.
 */
Stmt StorageFlatten(Stmt stmt, Map<DataProducer, Buffer> extern_buffers);

/*! \brief A 1-D buffer over the same memory as `buffer` (same data pointer). */
Buffer FlattenedBuffer(const Buffer& buffer);

}  // namespace tir
}  // namespace tvm

#endif  // TVM_TIR_STORAGE_FLATTEN_H_
