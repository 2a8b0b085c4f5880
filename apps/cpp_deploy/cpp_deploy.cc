/*!
 * \file cpp_deploy.cc
 * \brief Run an exported model (relay.build + export_library) from C++ with the runtime only.
 *
 *   cpp_deploy model.so <input name> <d0,d1,...> input.bin [output index]
 *
 * input.bin holds the float32 input in row-major order. The program prints the output's
 * shape on the first line, then one value per line.
 */
#include <tvm/runtime/module.h>
#include <tvm/runtime/ndarray.h>
#include <tvm/runtime/packed_func.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: " << argv[0] << " model.so <input name> <d0,d1,...> input.bin [output]\n";
    return 2;
  }
  std::vector<int64_t> shape;
  {
    std::stringstream ss(argv[3]);
    std::string dim;
    while (std::getline(ss, dim, ',')) shape.push_back(std::stoll(dim));
  }
  int output_index = argc > 5 ? std::stoi(argv[5]) : 0;
  try {
    DLDevice dev{kDLCPU, 0};
    tvm::runtime::Module factory = tvm::runtime::Module::LoadFromFile(argv[1]);
    tvm::runtime::PackedFunc make = factory.GetFunction("default");
    if (make == nullptr) {
      std::cerr << argv[1] << " is not an exported model (no \"default\" function)\n";
      return 1;
    }
    tvm::runtime::Module gmod = make(dev);
    tvm::runtime::PackedFunc set_input = gmod.GetFunction("set_input");
    tvm::runtime::PackedFunc run = gmod.GetFunction("run");
    tvm::runtime::PackedFunc get_output = gmod.GetFunction("get_output");

    tvm::runtime::NDArray input =
        tvm::runtime::NDArray::Empty(shape, DLDataType{kDLFloat, 32, 1}, dev);
    std::ifstream in(argv[4], std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() != input.NBytes()) {
      std::cerr << argv[4] << " holds " << bytes.size() << " bytes; the input needs "
                << input.NBytes() << "\n";
      return 1;
    }
    input.CopyFromBytes(bytes.data(), bytes.size());
    set_input(argv[2], input);
    run();
    tvm::runtime::NDArray out = get_output(output_index);
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
