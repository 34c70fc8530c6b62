#pragma once
// Writes a regular file all-or-nothing: the bytes go to an unnamed file
// (O_TMPFILE) in the target's folder, which is given a name and renamed over
// the target only on commit() (fsync + link + rename). A killed run leaves
// nothing behind; a file that is never committed leaves the earlier file of
// the same name untouched. Where the filesystem has no O_TMPFILE, a named
// temporary ("NAME.tmp-XXXXXX") is used and removed when not committed.

#include <sys/types.h>

#include <string>
#include <string_view>

namespace sdemig::files {

// What a created file may be read by.
enum class file_access {
  shared,  // 0666 & ~umask, as any program creates a file
  owner,   // 0600: the file holds secrets
};

// The mode a new file gets; a file that replaces `existing_mode` never gets
// more permissions than that file had.
mode_t creation_mode(file_access access);
mode_t replacement_mode(file_access access, mode_t existing_mode);

class atomic_file {
 public:
  // Throws std::system_error naming the path when the temporary file cannot be made.
  explicit atomic_file(std::string path, file_access access = file_access::shared);
  ~atomic_file();
  atomic_file(const atomic_file&) = delete;
  atomic_file& operator=(const atomic_file&) = delete;

  void write(std::string_view bytes);  // buffered; throws std::system_error
  void commit();                       // flush, fsync, rename; throws std::system_error

  const std::string& path() const noexcept { return path_; }

 private:
  void flush();

  std::string path_;
  std::string temp_path_;  // empty while the file has no name (O_TMPFILE)
  std::string buffer_;
  mode_t mode_ = 0644;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace sdemig::files
