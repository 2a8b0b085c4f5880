/*!
 * \file executable.cc
 * \brief See executable.h.
 */
#include "executable.h"

#include <tvm/runtime/data_type.h>
#include <tvm/runtime/registry.h>

#include <cstring>
#include <sstream>

#include "../graph_executor/json_value.h"
#include "../graph_executor/params.h"

namespace tvm {
namespace runtime {
namespace vm {

namespace {

const std::unordered_map<std::string, Opcode>& OpcodeNames() {
  static const std::unordered_map<std::string, Opcode> names = {
      {"move", Opcode::kMove},         {"ret", Opcode::kRet},
      {"const", Opcode::kConst},       {"alloc", Opcode::kAlloc},
      {"alloc_dyn", Opcode::kAllocDyn}, {"shape_of", Opcode::kShapeOf},
      {"call", Opcode::kCall},         {"tuple", Opcode::kTuple},
      {"field", Opcode::kField},       {"truncate", Opcode::kTruncate},
      {"if", Opcode::kIf},             {"goto", Opcode::kGoto},
      {"invoke", Opcode::kInvoke},     {"host", Opcode::kHost},
      {"batch_call", Opcode::kBatchCall}};
  return names;
}

std::string OpcodeName(Opcode op) {
  for (const auto& kv : OpcodeNames()) {
    if (kv.second == op) return kv.first;
  }
  return "?";
}

std::vector<int64_t> IntList(const json::Value& v, const std::string& where) {
  std::vector<int64_t> out;
  for (const json::Value& x : v.as_array(where)) out.push_back(x.as_int(where));
  return out;
}

Instruction ParseInstruction(const json::Value& v, const std::string& where) {
  const auto& items = v.as_array(where);
  const std::string& name = v.at(0, where).as_string(where);
  auto it = OpcodeNames().find(name);
  if (it == OpcodeNames().end()) {
    TVM_THROW(ValueError) << where << ": unknown instruction '" << name << "'";
  }
  Instruction in;
  in.op = it->second;
  auto arity = [&](size_t n) {
    if (items.size() != n + 1) {
      TVM_THROW(ValueError) << where << ": '" << name << "' takes " << n << " operands, got "
                            << items.size() - 1;
    }
  };
  auto num = [&](size_t i) { return v.at(i, where).as_int(where); };
  switch (in.op) {
    case Opcode::kMove: case Opcode::kConst: case Opcode::kShapeOf:
      arity(2); in.dst = num(1); in.a = num(2); break;
    case Opcode::kRet: arity(1); in.a = num(1); break;
    case Opcode::kGoto: arity(1); in.a = num(1); break;
    case Opcode::kIf: arity(2); in.a = num(1); in.b = num(2); break;
    case Opcode::kAlloc:
      arity(4);
      in.dst = num(1);
      in.list = IntList(v.at(2, where), where);
      in.dtype = String2DLDataType(v.at(3, where).as_string(where));
      in.host = num(4) != 0;
      break;
    case Opcode::kAllocDyn:
      arity(4);
      in.dst = num(1);
      in.a = num(2);
      in.dtype = String2DLDataType(v.at(3, where).as_string(where));
      in.host = num(4) != 0;
      break;
    case Opcode::kCall: arity(2); in.a = num(1); in.list = IntList(v.at(2, where), where); break;
    case Opcode::kTuple: arity(2); in.dst = num(1); in.list = IntList(v.at(2, where), where); break;
    case Opcode::kField: case Opcode::kTruncate:
      arity(3); in.dst = num(1); in.a = num(2); in.b = num(3); break;
    case Opcode::kBatchCall: {
      arity(6);
      in.dsts = IntList(v.at(1, where), where);
      in.a = num(2);
      in.list = IntList(v.at(3, where), where);
      in.batched = IntList(v.at(4, where), where);
      for (const json::Value& t : v.at(5, where).as_array(where)) {
        in.tails.push_back(IntList(t, where));
      }
      for (const json::Value& d : v.at(6, where).as_array(where)) {
        in.dtypes.push_back(String2DLDataType(d.as_string(where)));
      }
      if (in.batched.size() != in.list.size() || in.tails.size() != in.dsts.size() ||
          in.dtypes.size() != in.dsts.size()) {
        TVM_THROW(ValueError) << where << ": 'batch_call' needs one batched flag per argument "
                              << "and one shape and dtype per destination";
      }
      for (const auto& tail : in.tails) {
        for (int64_t d : tail) {
          if (d < 0) TVM_THROW(ValueError) << where << ": negative extent " << d;
        }
      }
      break;
    }
    case Opcode::kInvoke: case Opcode::kHost:
      arity(3);
      in.dst = num(1);
      in.a = num(2);
      in.list = IntList(v.at(3, where), where);
      break;
  }
  return in;
}

}  // namespace

Executable::Executable(const std::string& program_json, Map<String, NDArray> constants,
                       Module library)
    : lib(std::move(library)), program_json_(program_json), constant_map_(constants) {
  json::Value root = json::Parse(program_json, "VM program");
  for (const json::Value& k : root.at("kernels", "VM program").as_array("kernels")) {
    kernels.push_back(k.as_string("kernels"));
  }
  if (root.has("host_kernels")) {
    for (const json::Value& k : root.at("host_kernels", "VM program").as_array("host_kernels")) {
      host_kernels.emplace_back(k.at(0, "host_kernels").as_string("host kernel name"),
                                k.at(1, "host_kernels").as_string("host kernel config"));
    }
  }
  int64_t num_constants = root.at("num_constants", "VM program").as_int("num_constants");
  for (int64_t i = 0; i < num_constants; ++i) {
    std::string key = "c" + std::to_string(i);
    if (!constants.count(key)) {
      TVM_THROW(ValueError) << "VM executable: constant " << key << " is missing (the program "
                            << "uses " << num_constants << ", the constants hold "
                            << constants.size() << ")";
    }
    this->constants.push_back(constants.at(key));
  }
  for (const json::Value& f : root.at("functions", "VM program").as_array("functions")) {
    VMFunction fn;
    fn.name = f.at("name", "function").as_string("function name");
    std::string where = "VM function " + fn.name;
    fn.num_registers = f.at("registers", where).as_int(where);
    for (const json::Value& p : f.at("params", where).as_array(where)) {
      ParamInfo info;
      info.name = p.at("name", where).as_string(where);
      info.is_tensor = p.has("dtype");
      if (info.is_tensor) {
        info.dtype = String2DLDataType(p.at("dtype", where).as_string(where));
        info.shape = IntList(p.at("shape", where), where);
      }
      fn.params.push_back(info);
    }
    const auto& code = f.at("code", where).as_array(where);
    for (size_t pc = 0; pc < code.size(); ++pc) {
      fn.code.push_back(ParseInstruction(code[pc], where + ", instruction " + std::to_string(pc)));
    }
    functions.push_back(std::move(fn));
  }
  // Every operand must name something that exists: a corrupt program fails here, not midway
  // through a run.
  for (const VMFunction& fn : functions) {
    if (fn.num_registers < static_cast<int64_t>(fn.params.size())) {
      TVM_THROW(ValueError) << "VM function " << fn.name << ": " << fn.num_registers
                            << " registers cannot hold its " << fn.params.size() << " parameters";
    }
    for (size_t pc = 0; pc < fn.code.size(); ++pc) {
      const Instruction& in = fn.code[pc];
      auto bad = [&](const std::string& what, int64_t value, int64_t bound) {
        TVM_THROW(ValueError) << "VM function " << fn.name << ", instruction " << pc << " ("
                              << OpcodeName(in.op) << "): " << what << " " << value
                              << " is out of range [0, " << bound << ")";
      };
      auto reg = [&](int64_t r) {
        if (r < 0 || r >= fn.num_registers) bad("register", r, fn.num_registers);
      };
      bool reads_a = in.op == Opcode::kMove || in.op == Opcode::kRet ||
                     in.op == Opcode::kAllocDyn || in.op == Opcode::kShapeOf ||
                     in.op == Opcode::kField || in.op == Opcode::kTruncate || in.op == Opcode::kIf;
      bool writes = !(in.op == Opcode::kRet || in.op == Opcode::kCall || in.op == Opcode::kIf ||
                      in.op == Opcode::kGoto || in.op == Opcode::kBatchCall);
      if (writes) reg(in.dst);
      if (reads_a) reg(in.a);
      if (in.op == Opcode::kTruncate) reg(in.b);
      if (in.op == Opcode::kCall || in.op == Opcode::kTuple || in.op == Opcode::kInvoke ||
          in.op == Opcode::kHost || in.op == Opcode::kBatchCall) {
        for (int64_t r : in.list) reg(r);
      }
      for (int64_t r : in.dsts) reg(r);
      int64_t n = static_cast<int64_t>(fn.code.size());
      if (in.op == Opcode::kConst && (in.a < 0 || in.a >= static_cast<int64_t>(constants.size())))
        bad("constant", in.a, static_cast<int64_t>(constants.size()));
      if ((in.op == Opcode::kCall || in.op == Opcode::kBatchCall) &&
          (in.a < 0 || in.a >= static_cast<int64_t>(kernels.size())))
        bad("kernel", in.a, static_cast<int64_t>(kernels.size()));
      if (in.op == Opcode::kHost &&
          (in.a < 0 || in.a >= static_cast<int64_t>(host_kernels.size())))
        bad("host kernel", in.a, static_cast<int64_t>(host_kernels.size()));
      if (in.op == Opcode::kInvoke && (in.a < 0 || in.a >= static_cast<int64_t>(functions.size())))
        bad("function", in.a, static_cast<int64_t>(functions.size()));
      if (in.op == Opcode::kIf && (in.b < 0 || in.b > n)) bad("jump target", in.b, n + 1);
      if (in.op == Opcode::kGoto && (in.a < 0 || in.a > n)) bad("jump target", in.a, n + 1);
    }
  }
}

int Executable::FunctionIndex(const std::string& name) const {
  for (size_t i = 0; i < functions.size(); ++i) {
    if (functions[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string Executable::Save() const {
  std::string out;
  auto put_u64 = [&](uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof(v)); };
  std::string consts = SaveParamDict(constant_map_);
  put_u64(kVMExecutableMagic);
  put_u64(program_json_.size());
  out += program_json_;
  put_u64(consts.size());
  out += consts;
  return out;
}

Module Executable::Load(const std::string& bytes, Module lib) {
  size_t at = 0;
  auto get_u64 = [&](const char* what) {
    if (bytes.size() - at < sizeof(uint64_t)) {
      TVM_THROW(ValueError) << "VM executable: the bytes end at offset " << at << " before the "
                            << what << " (" << bytes.size() << " bytes in all; truncated?)";
    }
    uint64_t v;
    std::memcpy(&v, bytes.data() + at, sizeof(v));
    at += sizeof(v);
    return v;
  };
  auto get_blob = [&](const char* what) {
    uint64_t n = get_u64(what);
    if (n > bytes.size() - at) {
      TVM_THROW(ValueError) << "VM executable: the " << what << " claims " << n << " bytes, "
                            << bytes.size() - at << " remain (truncated?)";
    }
    std::string s = bytes.substr(at, n);
    at += n;
    return s;
  };
  if (get_u64("magic number") != kVMExecutableMagic) {
    TVM_THROW(ValueError) << "VM executable: the bytes do not start with the executable's magic "
                          << "number (not written by Executable.save?)";
  }
  std::string program = get_blob("program");
  std::string consts = get_blob("constants");
  if (at != bytes.size()) {
    TVM_THROW(ValueError) << "VM executable: " << bytes.size() - at
                          << " bytes follow the executable";
  }
  return Module(make_object<Executable>(program, LoadParamDict(consts), lib));
}

std::string Executable::Text() const {
  std::ostringstream os;
  auto list = [&](const std::vector<int64_t>& l, const char* prefix) {
    os << "[";
    for (size_t i = 0; i < l.size(); ++i) os << (i ? ", " : "") << prefix << l[i];
    os << "]";
  };
  for (const VMFunction& fn : functions) {
    os << "fn " << fn.name << "(";
    for (size_t i = 0; i < fn.params.size(); ++i) os << (i ? ", " : "") << "$" << i;
    os << ") registers=" << fn.num_registers << "\n";
    for (size_t pc = 0; pc < fn.code.size(); ++pc) {
      const Instruction& in = fn.code[pc];
      os << "  " << pc << ": " << OpcodeName(in.op);
      switch (in.op) {
        case Opcode::kMove: case Opcode::kShapeOf:
          os << " $" << in.dst << " $" << in.a; break;
        case Opcode::kConst: os << " $" << in.dst << " const[" << in.a << "]"; break;
        case Opcode::kRet: os << " $" << in.a; break;
        case Opcode::kGoto: os << " " << in.a; break;
        case Opcode::kIf: os << " $" << in.a << " else " << in.b; break;
        case Opcode::kAlloc:
          os << " $" << in.dst << " ";
          list(in.list, "");
          os << " " << DLDataType2String(in.dtype) << (in.host ? " host" : "");
          break;
        case Opcode::kAllocDyn:
          os << " $" << in.dst << " shape=$" << in.a << " " << DLDataType2String(in.dtype)
             << (in.host ? " host" : "");
          break;
        case Opcode::kCall: os << " " << kernels[in.a] << " "; list(in.list, "$"); break;
        case Opcode::kTuple: os << " $" << in.dst << " "; list(in.list, "$"); break;
        case Opcode::kField: os << " $" << in.dst << " $" << in.a << "." << in.b; break;
        case Opcode::kTruncate: os << " $" << in.dst << " $" << in.a << " count=$" << in.b; break;
        case Opcode::kInvoke:
          os << " $" << in.dst << " " << functions[in.a].name << " ";
          list(in.list, "$");
          break;
        case Opcode::kBatchCall:
          os << " ";
          list(in.dsts, "$");
          os << " " << kernels[in.a] << " ";
          list(in.list, "$");
          os << " batched=";
          list(in.batched, "");
          break;
        case Opcode::kHost:
          os << " $" << in.dst << " " << host_kernels[in.a].first << " ";
          list(in.list, "$");
          os << " " << host_kernels[in.a].second;
          break;
      }
      os << "\n";
    }
  }
  return os.str();
}

PackedFunc Executable::GetFunction(const std::string& name, const ObjectPtr<Object>& sptr_to_self) {
  if (name == "save") {
    return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) {
      std::string bytes = Save();
      *rv = TVMByteArray{bytes.data(), bytes.size()};
    });
  }
  if (name == "get_lib") {
    return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) { *rv = lib; });
  }
  if (name == "get_bytecode") {
    return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) { *rv = Text(); });
  }
  if (name == "get_function_params") {
    return PackedFunc([this, sptr_to_self](TVMArgs args, TVMRetValue* rv) {
      std::string fname = args[0];
      int index = FunctionIndex(fname);
      if (index < 0) TVM_THROW(ValueError) << "the executable has no function named " << fname;
      Array<String> names;
      for (const ParamInfo& p : functions[index].params) names.push_back(p.name);
      *rv = names;
    });
  }
  if (name == "get_function_names") {
    return PackedFunc([this, sptr_to_self](TVMArgs, TVMRetValue* rv) {
      Array<String> names;
      for (const VMFunction& f : functions) names.push_back(f.name);
      *rv = names;
    });
  }
  return PackedFunc();
}

TVM_REGISTER_GLOBAL("runtime.vm.Executable")
    .set_body_typed([](std::string program, Map<String, NDArray> constants, Module lib) {
      return Module(make_object<Executable>(program, constants, lib));
    });

TVM_REGISTER_GLOBAL("runtime.Load_Executable")
    .set_body_typed([](std::string bytes, Module lib) { return Executable::Load(bytes, lib); });

}  // namespace vm
}  // namespace runtime
}  // namespace tvm
