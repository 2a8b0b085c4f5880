/*!
 * \file params.cc
 * \brief See params.h.
 */
#include "params.h"

#include <dmlc/memory_io.h>
#include <tvm/runtime/registry.h>

#include <sstream>
#include <vector>

namespace tvm {
namespace runtime {

namespace {
template <typename T>
T ReadPOD(dmlc::Stream* s, const char* what) {
  T v;
  if (s->Read(&v, sizeof(T)) != sizeof(T)) {
    TVM_THROW(ValueError) << "load_param_dict: the blob is truncated (while reading " << what << ")";
  }
  return v;
}
}  // namespace

std::string SaveParamDict(const Map<String, NDArray>& params) {
  std::string blob;
  dmlc::MemoryStringStream strm(&blob);
  uint64_t header[2] = {kTVMParamDictMagic, 0};
  strm.Write(header, sizeof(header));
  // Names sorted, so equal dicts give equal blobs.
  std::vector<std::string> names;
  for (const auto& kv : params) names.push_back(kv.first);
  std::sort(names.begin(), names.end());
  uint64_t n = names.size();
  strm.Write(&n, sizeof(n));
  for (const std::string& name : names) {
    uint64_t len = name.size();
    strm.Write(&len, sizeof(len));
    strm.Write(name.data(), name.size());
  }
  strm.Write(&n, sizeof(n));
  for (const std::string& name : names) params.at(name).Save(&strm);
  return blob;
}

Map<String, NDArray> LoadParamDict(const std::string& blob) {
  std::string copy = blob;
  dmlc::MemoryStringStream strm(&copy);
  uint64_t magic = ReadPOD<uint64_t>(&strm, "the magic number");
  if (magic != kTVMParamDictMagic) {
    std::ostringstream os;
    os << std::hex << "0x" << magic;
    TVM_THROW(ValueError) << "load_param_dict: not a parameter blob (magic number " << os.str()
                          << ", expected 0xf7e58d4f05049cb7)";
  }
  ReadPOD<uint64_t>(&strm, "the reserved field");
  uint64_t n = ReadPOD<uint64_t>(&strm, "the number of names");
  if (n > blob.size()) {
    TVM_THROW(ValueError) << "load_param_dict: corrupt blob (" << n << " names in " << blob.size()
                          << " bytes)";
  }
  std::vector<std::string> names;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t len = ReadPOD<uint64_t>(&strm, "a name length");
    if (len > blob.size()) TVM_THROW(ValueError) << "load_param_dict: corrupt name length " << len;
    std::string name(len, '\0');
    if (strm.Read(&name[0], len) != len) {
      TVM_THROW(ValueError) << "load_param_dict: the blob is truncated (while reading name " << i << ")";
    }
    names.push_back(name);
  }
  uint64_t m = ReadPOD<uint64_t>(&strm, "the number of arrays");
  if (m != n) {
    TVM_THROW(ValueError) << "load_param_dict: " << n << " names but " << m << " arrays";
  }
  Map<String, NDArray> out;
  for (uint64_t i = 0; i < n; ++i) {
    try {
      out.Set(names[i], NDArray::Load(&strm));
    } catch (const Error& e) {
      throw Error(e.kind(), std::string(e.what()) + " [parameter '" + names[i] + "']");
    }
  }
  return out;
}

TVM_REGISTER_GLOBAL("runtime.SaveParams").set_body([](TVMArgs args, TVMRetValue* rv) {
  std::string blob = SaveParamDict(args[0].operator Map<String, NDArray>());
  *rv = TVMByteArray{blob.data(), blob.size()};
});
TVM_REGISTER_GLOBAL("runtime.LoadParams").set_body_typed([](std::string blob) {
  return LoadParamDict(blob);
});

}  // namespace runtime
}  // namespace tvm
