/*!
 * \file vm_deploy.cc
 * \brief Run a model compiled with relay.vm.compile from C++ with the runtime only: the kernel
 *  library (lib.export_library) plus the executable's bytes (Executable.save). The input's
 *  shape is given at run time, so one compiled model serves any batch.
 *
 *   vm_deploy kernels.so executable.bin <d0,d1,...> input.bin
 *
 * input.bin holds the float32 input in row-major order. The program prints the result's shape
 * on the first line, then one value per line.
 */
#include <tvm/runtime/module.h>
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/packed_func.h>
#include <tvm/runtime/registry.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {
std::string ReadFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: " << argv[0] << " kernels.so executable.bin <d0,d1,...> input.bin\n";
    return 2;
  }
  std::vector<int64_t> shape;
  {
    std::stringstream ss(argv[3]);
    std::string dim;
    while (std::getline(ss, dim, ',')) shape.push_back(std::stoll(dim));
  }
  try {
    using tvm::runtime::Module;
    using tvm::runtime::NDArray;
    using tvm::runtime::PackedFunc;
    using tvm::runtime::Registry;
    DLDevice dev{kDLCPU, 0};
    Module lib = Module::LoadFromFile(argv[1]);
    std::string code = ReadFile(argv[2]);
    // Binary data travels as a byte array (a std::string argument is a C string).
    TVMByteArray code_bytes{code.data(), code.size()};
    Module exe = Registry::GetOrThrow("runtime.Load_Executable")(code_bytes, lib);
    Module vm = Registry::GetOrThrow("runtime._VirtualMachine")(exe);
    vm.GetFunction("init")(static_cast<int>(dev.device_type), dev.device_id);

    NDArray input = NDArray::Empty(shape, DLDataType{kDLFloat, 32, 1}, dev);
    std::string bytes = ReadFile(argv[4]);
    if (bytes.size() != input.NBytes()) {
      std::cerr << argv[4] << " holds " << bytes.size() << " bytes; the input needs "
                << input.NBytes() << "\n";
      return 1;
    }
    input.CopyFromBytes(bytes.data(), bytes.size());
    NDArray out = vm.GetFunction("invoke")("main", input);
    std::vector<float> values(out.NumElements());
    out.CopyToBytes(values.data(), values.size() * sizeof(float));
    for (size_t i = 0; i < out.Shape().size(); ++i) std::cout << (i ? "," : "") << out.Shape()[i];
    std::cout << "\n";
    for (float v : values) std::printf("%.9g\n", v);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
