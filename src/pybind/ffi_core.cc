/*!
 * \file ffi_core.cc
 * \brief The Python extension `tvm._ffi_core`: converts Python values to and from packed-call
 *  arguments, wraps Python callables as PackedFuncs, and maps errors both ways.
 *
 * It is deliberately thin. Python classes (Object, NDArray, Module, PackedFunc, Device,
 * DataType, the error classes) are defined in python/tvm and registered here at import; an
 * object returned from C++ becomes an instance of the Python class registered for its type
 * key, or for its nearest registered ancestor. An exception raised in a Python callback that
 * was called from C++ travels back to Python as the original exception object.
 */
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <tvm/runtime/c_runtime_api.h>
#include <tvm/runtime/container.h>
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/packed_func.h>
#include <tvm/runtime/registry.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace py = pybind11;
using namespace tvm::runtime;  // NOLINT(*)

namespace {

/*! \brief The Python classes the conversions produce, registered by python/tvm at import. */
struct PyClasses {
  py::object object_base;
  py::object device;
  py::object datatype;
  py::dict key2cls;
  py::dict error_classes;
  py::object tvm_error;
  std::vector<PyObject*> index_cache;  // type index -> class (borrowed from key2cls)
};

PyClasses& Classes() {
  static auto* c = new PyClasses();  // leaked: must outlive interpreter finalization order
  return *c;
}

/*! \brief An Error carrying the Python exception raised inside a callback. */
class PyCallbackError : public Error {
 public:
  PyCallbackError(const std::string& kind, const std::string& msg,
                  std::shared_ptr<py::error_already_set> err)
      : Error(kind, msg), err_(std::move(err)) {}
  void Restore() const { err_->restore(); }

 private:
  std::shared_ptr<py::error_already_set> err_;
};

py::object ObjectToPy(ObjectRef obj);
PackedFunc PyCallableToPackedFunc(py::object f);

// ---------------------------------------------------------------------------------------------
// C++ -> Python
// ---------------------------------------------------------------------------------------------

PyObject* ClassForTypeIndex(uint32_t tindex) {
  PyClasses& c = Classes();
  if (tindex < c.index_cache.size() && c.index_cache[tindex] != nullptr) {
    return c.index_cache[tindex];
  }
  PyObject* cls = c.object_base.ptr();
  for (uint32_t t = tindex;; t = Object::ParentTypeIndex(t)) {
    std::string key = Object::TypeIndex2Key(t);
    if (c.key2cls.contains(key)) {
      cls = c.key2cls[py::str(key)].ptr();
      break;
    }
    if (t == 0) break;
  }
  if (c.index_cache.size() <= tindex) c.index_cache.resize(tindex + 1, nullptr);
  c.index_cache[tindex] = cls;
  return cls;
}

py::object ObjectToPy(ObjectRef obj) {
  if (!obj.defined()) return py::none();
  if (const auto* s = obj.as<StringObj>()) return py::str(s->data);
  if (const auto* i = obj.as<IntObj>()) return py::int_(i->value);
  if (const auto* f = obj.as<FloatObj>()) return py::float_(f->value);
  if (!Classes().object_base) {
    throw Error("InternalError", "tvm._ffi_core: Python classes were not registered");
  }
  py::handle cls = ClassForTypeIndex(obj->type_index());
  py::object inst = cls.attr("__new__")(cls);
  inst.attr("handle") = py::cast(std::move(obj));
  return inst;
}

py::object MakeDevice(Device dev) {
  return Classes().device(static_cast<int>(dev.device_type), dev.device_id);
}

/*! \brief A value in (value, code) form, e.g. an argument handed to a Python callback. */
py::object ValueToPy(const TVMValue& v, int code) {
  switch (code) {
    case kDLInt:
      return py::int_(v.v_int64);
    case kDLUInt:
      return py::int_(static_cast<uint64_t>(v.v_int64));
    case kDLFloat:
      return py::float_(v.v_float64);
    case kTVMNullptr:
      return py::none();
    case kTVMOpaqueHandle:
      return py::int_(reinterpret_cast<uintptr_t>(v.v_handle));
    case kTVMDataType:
      return py::str(DLDataType2String(v.v_type));
    case kDLDevice:
      return MakeDevice(v.v_device);
    case kTVMStr:
      return py::str(v.v_str);
    case kTVMBytes: {
      const auto* ba = static_cast<const TVMByteArray*>(v.v_handle);
      return py::bytes(ba->data, ba->size);
    }
    case kTVMDLTensorHandle:
      return ObjectToPy(NDArray::BorrowDLTensor(*static_cast<DLTensor*>(v.v_handle)));
    default:
      return ObjectToPy(TVMArgValue(v, code).AsObjectRef<ObjectRef>());
  }
}

py::object RetToPy(TVMRetValue& rv) {
  switch (rv.type_code()) {
    case kTVMStr:
      return py::str(rv.string_value());
    case kTVMBytes:
      return py::bytes(rv.string_value());
    case kTVMObjectHandle:
    case kTVMModuleHandle:
    case kTVMPackedFuncHandle:
    case kTVMNDArrayHandle:
      return ObjectToPy(rv.AsObjectRef<ObjectRef>());
    default:
      return ValueToPy(rv.value(), rv.type_code());
  }
}

// ---------------------------------------------------------------------------------------------
// Python -> C++
// ---------------------------------------------------------------------------------------------

[[noreturn]] void ThrowUnconvertible(py::handle h, const char* where) {
  std::string tname = py::str(py::type::handle_of(h).attr("__qualname__"));
  std::string mod = py::str(py::type::handle_of(h).attr("__module__"));
  if (mod == "numpy" && tname == "ndarray") {
    TVM_THROW(TypeError) << "a numpy.ndarray cannot be passed " << where
                         << "; wrap it first with tvm.nd.array(x)";
  }
  TVM_THROW(TypeError) << "cannot convert a Python " << mod << "." << tname << " " << where;
}

bool IsInstance(py::handle h, const py::object& cls) {
  return cls && PyObject_IsInstance(h.ptr(), cls.ptr()) == 1;
}

const ObjectRef& HandleOf(py::handle h) {
  py::object handle = h.attr("handle");
  return handle.cast<const ObjectRef&>();
}

int64_t ToInt64(py::handle h) {
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(h.ptr(), &overflow);
  if (overflow != 0) {
    TVM_THROW(ValueError) << "integer " << std::string(py::str(h))
                          << " does not fit in 64 bits";
  }
  if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
  return v;
}

/*!
 * \brief The dtype kind ('b', 'i', 'u', 'f', 'c', ...) of a numpy scalar, or 0 for anything
 *  else. Bool and integer scalars (numpy.int64(3)) convert like int, floating-point ones like
 *  float; other kinds (complex, dates) do not convert.
 */
char NumpyScalarKind(py::handle h) {
  py::handle type = py::type::handle_of(h);
  if (std::string(py::str(type.attr("__module__"))) != "numpy" || !py::hasattr(h, "dtype") ||
      std::string(py::str(type.attr("__qualname__"))) == "ndarray") {
    return 0;
  }
  return std::string(py::str(h.attr("dtype").attr("kind")))[0];
}

bool IsNumpyIntKind(char kind) { return kind == 'b' || kind == 'i' || kind == 'u'; }

/*! \brief A bool or integer numpy scalar as int64 (numpy.bool_ is not an index). */
int64_t NumpyIntValue(py::handle h, char kind) {
  if (kind == 'b') return PyObject_IsTrue(h.ptr());
  py::object index = py::reinterpret_steal<py::object>(PyNumber_Index(h.ptr()));
  if (!index) throw py::error_already_set();
  return ToInt64(index);
}

/*! \brief A Python value as an object stored in a container. */
ObjectRef PyToObject(py::handle h) {
  if (h.is_none()) return ObjectRef();
  if (PyBool_Check(h.ptr())) return Int(h.ptr() == Py_True ? 1 : 0);
  if (PyLong_Check(h.ptr())) return Int(ToInt64(h));
  if (PyFloat_Check(h.ptr())) return Float(PyFloat_AsDouble(h.ptr()));
  if (PyUnicode_Check(h.ptr())) return String(h.cast<std::string>());
  if (IsInstance(h, Classes().object_base)) return HandleOf(h);
  if (PyList_Check(h.ptr()) || PyTuple_Check(h.ptr())) {
    Array<ObjectRef> arr;
    for (py::handle e : h) arr.push_back(PyToObject(e));
    return std::move(arr);
  }
  if (PyDict_Check(h.ptr())) {
    Map<ObjectRef, ObjectRef> m;
    for (auto kv : py::reinterpret_borrow<py::dict>(h)) {
      m.Set(PyToObject(kv.first), PyToObject(kv.second));
    }
    return std::move(m);
  }
  if (char kind = NumpyScalarKind(h)) {
    if (IsNumpyIntKind(kind)) return Int(NumpyIntValue(h, kind));
    if (kind == 'f') return Float(PyFloat_AsDouble(h.ptr()));
  }
  if (PyCallable_Check(h.ptr())) return PyCallableToPackedFunc(py::reinterpret_borrow<py::object>(h));
  ThrowUnconvertible(h, "into a TVM container");
}

/*! \brief Packed arguments built from Python values, with the storage they point into. */
class ArgPack {
 public:
  explicit ArgPack(size_t n) : values_(n), codes_(n) {}
  TVMArgs args() const {
    return TVMArgs(values_.data(), codes_.data(), static_cast<int>(values_.size()));
  }

  void Set(size_t i, py::handle h) {
    TVMValue& v = values_[i];
    int& code = codes_[i];
    PyObject* p = h.ptr();
    PyClasses& c = Classes();
    if (h.is_none()) {
      v.v_handle = nullptr;
      code = kTVMNullptr;
    } else if (PyBool_Check(p)) {
      v.v_int64 = p == Py_True;
      code = kDLInt;
    } else if (PyLong_Check(p)) {
      v.v_int64 = ToInt64(h);
      code = kDLInt;
    } else if (PyFloat_Check(p)) {
      v.v_float64 = PyFloat_AsDouble(p);
      code = kDLFloat;
    } else if (PyUnicode_Check(p)) {
      strings_.push_back(h.cast<std::string>());
      v.v_str = strings_.back().c_str();
      code = kTVMStr;
    } else if (PyBytes_Check(p) || PyByteArray_Check(p)) {
      strings_.push_back(PyBytes_Check(p) ? std::string(h.cast<py::bytes>())
                                          : std::string(PyByteArray_AsString(p),
                                                        PyByteArray_Size(p)));
      bytes_.push_back(TVMByteArray{strings_.back().data(), strings_.back().size()});
      v.v_handle = &bytes_.back();
      code = kTVMBytes;
    } else if (IsInstance(h, c.object_base)) {
      SetObject(i, HandleOf(h));
    } else if (IsInstance(h, c.device)) {
      v.v_device = Device{static_cast<DLDeviceType>(h.attr("device_type").cast<int>()),
                          h.attr("device_id").cast<int>()};
      code = kDLDevice;
    } else if (IsInstance(h, c.datatype)) {
      v.v_type = String2DLDataType(py::str(h));
      code = kTVMDataType;
    } else if (PyList_Check(p) || PyTuple_Check(p) || PyDict_Check(p)) {
      SetObject(i, PyToObject(h));
    } else if (char kind = NumpyScalarKind(h); IsNumpyIntKind(kind)) {
      v.v_int64 = NumpyIntValue(h, kind);
      code = kDLInt;
    } else if (kind == 'f') {
      v.v_float64 = PyFloat_AsDouble(p);
      code = kDLFloat;
    } else if (PyCallable_Check(p)) {
      SetObject(i, PyCallableToPackedFunc(py::reinterpret_borrow<py::object>(h)));
    } else {
      ThrowUnconvertible(h, "as an argument of a TVM function");
    }
  }

 private:
  void SetObject(size_t i, ObjectRef obj) {
    Object* raw = const_cast<Object*>(obj.get());
    codes_[i] = detail::ObjectTypeCode(raw);
    values_[i].v_handle =
        codes_[i] == kTVMNDArrayHandle ? NDArrayHandleFromObject(raw) : static_cast<void*>(raw);
    keep_alive_.push_back(std::move(obj));
  }

  std::vector<TVMValue> values_;
  std::vector<int> codes_;
  std::deque<std::string> strings_;
  std::deque<TVMByteArray> bytes_;
  std::vector<ObjectRef> keep_alive_;
};

/*! \brief Store a Python return value of a callback into a TVMRetValue. */
void PyToRet(py::handle h, TVMRetValue* rv) {
  ArgPack pack(1);
  pack.Set(0, h);
  TVMArgs args = pack.args();
  *rv = args[0];  // copies strings and takes a reference to objects
}

PackedFunc PyCallableToPackedFunc(py::object f) {
  // The Python callable may be released from any thread: take the GIL to drop it.
  std::shared_ptr<py::object> fn(new py::object(std::move(f)), [](py::object* p) {
    if (Py_IsInitialized()) {
      py::gil_scoped_acquire gil;
      delete p;
    }
  });
  return PackedFunc([fn](TVMArgs args, TVMRetValue* rv) {
    py::gil_scoped_acquire gil;
    try {
      py::tuple pyargs(args.size());
      for (int i = 0; i < args.size(); ++i) {
        pyargs[i] = ValueToPy(args.values[i], args.type_codes[i]);
      }
      py::object ret = (*fn)(*pyargs);
      PyToRet(ret, rv);
    } catch (py::error_already_set& e) {
      std::string kind = py::str(e.type().attr("__name__"));
      std::string msg = py::str(e.value());
      throw PyCallbackError(kind, msg, std::make_shared<py::error_already_set>(std::move(e)));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

py::object CallPacked(const ObjectRef& func, py::args args) {
  const auto* f = func.as<PackedFuncObj>();
  if (f == nullptr) TVM_THROW(TypeError) << "handle is not a PackedFunc";
  ArgPack pack(args.size());
  for (size_t i = 0; i < args.size(); ++i) pack.Set(i, args[i]);
  TVMRetValue rv;
  {
    py::gil_scoped_release release;
    f->CallPacked(pack.args(), &rv);
  }
  return RetToPy(rv);
}

NDArray NDArrayOf(py::handle h) {
  if (!IsInstance(h, Classes().object_base)) ThrowUnconvertible(h, "as an NDArray");
  const ObjectRef& obj = HandleOf(h);
  if (obj.as<NDArray::Container>() == nullptr) {
    TVM_THROW(TypeError) << "expected an NDArray but got " << obj->GetTypeKey();
  }
  return NDArray(ObjectRefAccess::GetPtr(obj));
}

/*! \brief Check that a Python buffer is a compact row-major block of nbytes. */
void CheckBuffer(const py::buffer_info& info, size_t nbytes, const char* what) {
  ssize_t expected = info.itemsize;
  for (ssize_t d = info.ndim - 1; d >= 0; --d) {
    if (info.shape[d] != 1 && info.strides[d] != expected) {
      TVM_THROW(ValueError) << what << ": the numpy array is not contiguous; "
                            << "use numpy.ascontiguousarray first";
    }
    expected *= info.shape[d];
  }
  size_t given = static_cast<size_t>(info.size * info.itemsize);
  if (given != nbytes) {
    TVM_THROW(ValueError) << what << ": the buffer holds " << given << " bytes but the NDArray "
                          << nbytes;
  }
}

void DLPackCapsuleDestructor(PyObject* capsule) {
  // Only a capsule nobody consumed still owns its tensor.
  if (PyCapsule_IsValid(capsule, "dltensor")) {
    auto* t = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule, "dltensor"));
    if (t != nullptr && t->deleter != nullptr) t->deleter(t);
  } else {
    PyErr_Clear();
  }
}

void TranslateError(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const PyCallbackError& e) {
    e.Restore();
  } catch (const Error& e) {
    PyClasses& c = Classes();
    py::object cls;
    py::str kind(e.kind());
    if (c.error_classes.contains(kind)) {
      cls = c.error_classes[kind];
    } else {
      py::object builtins = py::module_::import("builtins");
      if (py::hasattr(builtins, kind)) {
        py::object b = builtins.attr(kind);
        if (PyType_Check(b.ptr()) &&
            PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(b.ptr()),
                             reinterpret_cast<PyTypeObject*>(PyExc_Exception))) {
          cls = b;
        }
      }
    }
    if (cls) {
      PyErr_SetString(cls.ptr(), e.what());
    } else {
      PyObject* base = c.tvm_error ? c.tvm_error.ptr() : PyExc_RuntimeError;
      PyErr_SetString(base, e.FullMessage().c_str());
    }
  }
}

}  // namespace

PYBIND11_MODULE(_ffi_core, m) {
  m.doc() = "TVM FFI core: packed-call conversion between Python and the C++ runtime";
  py::register_exception_translator(TranslateError);

  py::class_<ObjectRef>(m, "ObjectHandle")
      .def_property_readonly("type_key",
                             [](const ObjectRef& o) {
                               return o.defined() ? o->GetTypeKey() : std::string("None");
                             })
      .def_property_readonly("type_index",
                             [](const ObjectRef& o) { return o.defined() ? o->type_index() : 0u; })
      .def("same_as", [](const ObjectRef& a, const ObjectRef& b) { return a.same_as(b); })
      .def("address", [](const ObjectRef& o) { return reinterpret_cast<uintptr_t>(o.get()); })
      .def("use_count", [](const ObjectRef& o) { return o.use_count(); });

  m.def("register_classes",
        [](py::object object_base, py::object device, py::object datatype, py::object tvm_error) {
          PyClasses& c = Classes();
          c.object_base = std::move(object_base);
          c.device = std::move(device);
          c.datatype = std::move(datatype);
          c.tvm_error = std::move(tvm_error);
        });
  m.def("register_object_class", [](const std::string& type_key, py::object cls) {
    PyClasses& c = Classes();
    c.key2cls[py::str(type_key)] = std::move(cls);
    c.index_cache.clear();
  });
  m.def("register_error_class", [](const std::string& kind, py::object cls) {
    Classes().error_classes[py::str(kind)] = std::move(cls);
  });

  m.def("call", &CallPacked, "Call a PackedFunc handle with Python arguments");
  m.def(
      "get_global_func",
      [](const std::string& name) -> py::object {
        const PackedFunc* f = Registry::Get(name);
        if (f == nullptr) return py::none();
        return ObjectToPy(*f);
      },
      "The global function `name`, or None");
  m.def("list_global_func_names", &Registry::ListNames);
  m.def("register_func", [](const std::string& name, py::object f, bool can_override) {
    if (!PyCallable_Check(f.ptr())) {
      TVM_THROW(TypeError) << "register_func(" << name << "): expected a callable";
    }
    Registry::Register(name, can_override).set_body(PyCallableToPackedFunc(f));
  });
  m.def("remove_global_func", &Registry::Remove);
  m.def("convert_to_object", [](py::handle h) { return ObjectToPy(PyToObject(h)); });
  m.def("to_packed_func", [](py::object f) { return ObjectToPy(PyCallableToPackedFunc(f)); });

  m.def("parse_dtype", [](const std::string& s) {
    DLDataType t = String2DLDataType(s);
    return py::make_tuple(static_cast<int>(t.code), static_cast<int>(t.bits),
                          static_cast<int>(t.lanes));
  });
  m.def("dtype_to_str", [](int code, int bits, int lanes) {
    DLDataType t{static_cast<uint8_t>(code), static_cast<uint8_t>(bits),
                 static_cast<uint16_t>(lanes)};
    return DLDataType2String(t);
  });
  m.def("device_type_from_name", &DeviceTypeFromName);
  m.def("device_type_name", &DeviceTypeName);

  // NDArray helpers that need the buffer protocol or capsules.
  m.def("ndarray_empty", [](std::vector<int64_t> shape, const std::string& dtype, int dev_type,
                            int dev_id) {
    Device dev{static_cast<DLDeviceType>(dev_type), dev_id};
    return ObjectToPy(NDArray::Empty(ShapeTuple(shape), String2DLDataType(dtype), dev));
  });
  m.def("ndarray_info", [](py::handle h) {
    NDArray arr = NDArrayOf(h);
    const DLTensor* t = arr.operator->();
    py::tuple shape(t->ndim);
    for (int i = 0; i < t->ndim; ++i) shape[i] = py::int_(t->shape[i]);
    return py::make_tuple(shape, DLDataType2String(t->dtype), static_cast<int>(t->device.device_type),
                          t->device.device_id);
  });
  m.def("ndarray_copy_from_buffer", [](py::handle h, py::buffer buf) {
    NDArray arr = NDArrayOf(h);
    py::buffer_info info = buf.request();
    CheckBuffer(info, arr.NBytes(), "copyfrom");
    py::gil_scoped_release release;
    arr.CopyFromBytes(info.ptr, arr.NBytes());
  });
  m.def("ndarray_copy_to_buffer", [](py::handle h, py::buffer buf) {
    NDArray arr = NDArrayOf(h);
    py::buffer_info info = buf.request(/*writable=*/false);
    if (info.readonly) {
      TVM_THROW(ValueError) << "copyto: the destination numpy array is read-only";
    }
    CheckBuffer(info, arr.NBytes(), "copyto");
    py::gil_scoped_release release;
    arr.CopyToBytes(info.ptr, arr.NBytes());
  });
  m.def("ndarray_to_dlpack", [](py::handle h) {
    NDArray arr = NDArrayOf(h);
    DLManagedTensor* t = arr.ToDLPack();
    PyObject* cap = PyCapsule_New(t, "dltensor", DLPackCapsuleDestructor);
    if (cap == nullptr) {
      t->deleter(t);
      throw py::error_already_set();
    }
    return py::reinterpret_steal<py::object>(cap);
  });
  m.def("ndarray_from_dlpack", [](py::object capsule) {
    if (!PyCapsule_IsValid(capsule.ptr(), "dltensor")) {
      TVM_THROW(TypeError) << "from_dlpack: expected an unconsumed DLPack capsule named "
                              "'dltensor' (a capsule can be consumed only once)";
    }
    auto* t = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule.ptr(), "dltensor"));
    PyCapsule_SetName(capsule.ptr(), "used_dltensor");
    return ObjectToPy(NDArray::FromDLPack(t));
  });
}
