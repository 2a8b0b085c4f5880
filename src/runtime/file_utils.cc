/*!
 * \file file_utils.cc
 */
#include "file_utils.h"

#include <sys/stat.h>
#include <tvm/runtime/logging.h>

#include <cerrno>
#include <cstring>

namespace tvm {
namespace runtime {

FileStream::FileStream(const std::string& path, const char* mode) : path_(path) {
  writing_ = mode[0] == 'w';
  if (writing_) {
    tmp_path_ = path + ".tmp";
    fp_ = fopen(tmp_path_.c_str(), "wb");
    if (fp_ == nullptr) {
      TVM_THROW(ValueError) << "cannot open '" << path << "' for writing: " << strerror(errno);
    }
  } else {
    if (!FileExists(path)) TVM_THROW(ValueError) << "file '" << path << "' does not exist";
    fp_ = fopen(path.c_str(), "rb");
    if (fp_ == nullptr) {
      TVM_THROW(ValueError) << "cannot open '" << path << "' for reading: " << strerror(errno);
    }
  }
}

FileStream::~FileStream() {
  if (fp_ != nullptr) {
    fclose(fp_);
    // An unfinished write leaves the original file as it was.
    if (writing_) remove(tmp_path_.c_str());
  }
}

size_t FileStream::Read(void* ptr, size_t size) { return fread(ptr, 1, size, fp_); }

void FileStream::Write(const void* ptr, size_t size) {
  if (fwrite(ptr, 1, size, fp_) != size) {
    TVM_THROW(ValueError) << "write to '" << path_ << "' failed: " << strerror(errno);
  }
}

void FileStream::Close() {
  if (fp_ == nullptr) return;
  bool ok = fflush(fp_) == 0;
  ok = fclose(fp_) == 0 && ok;
  fp_ = nullptr;
  if (writing_) {
    if (!ok || rename(tmp_path_.c_str(), path_.c_str()) != 0) {
      int err = errno;
      remove(tmp_path_.c_str());
      TVM_THROW(ValueError) << "cannot write '" << path_ << "': " << strerror(err);
    }
  }
}

bool FileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string GetFileFormat(const std::string& file_name, const std::string& format) {
  if (!format.empty()) return format;
  size_t slash = file_name.find_last_of('/');
  size_t dot = file_name.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return file_name.substr(dot + 1);
}

}  // namespace runtime
}  // namespace tvm
