/*!
 * \file file_utils.h
 * \brief A file stream with clear errors, for the runtime's binary formats.
 */
#ifndef TVM_RUNTIME_FILE_UTILS_H_
#define TVM_RUNTIME_FILE_UTILS_H_

#include <dmlc/io.h>

#include <cstdio>
#include <string>

namespace tvm {
namespace runtime {

/*!
 * \brief A dmlc::Stream over a stdio file. Opening a missing or unreadable file raises
 *  ValueError naming it; a short read is reported to the caller through Read's return value.
 *  Writes go to "path.tmp" and replace the target only on Close(), so a failed save never
 *  destroys an existing file.
 */
class FileStream : public dmlc::Stream {
 public:
  FileStream(const std::string& path, const char* mode);
  ~FileStream() override;
  size_t Read(void* ptr, size_t size) final;
  void Write(const void* ptr, size_t size) final;
  /*! \brief Finish writing: flush and move the temporary file into place. */
  void Close();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string tmp_path_;
  FILE* fp_{nullptr};
  bool writing_{false};
};

/*! \brief Whether a regular file exists at path. */
bool FileExists(const std::string& path);
/*! \brief The extension of a file name without the dot ("so"), or "". */
std::string GetFileFormat(const std::string& file_name, const std::string& format);

}  // namespace runtime
}  // namespace tvm

#endif  // TVM_RUNTIME_FILE_UTILS_H_
