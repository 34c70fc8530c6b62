#include "io/files/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <system_error>

#include "io/files/paths.hpp"

namespace sdemig::files {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path);
}

constexpr std::size_t flush_threshold = 1 << 20;

// The process's umask, read without changing it (Linux 4.7+ shows it in
// /proc); else by the classic set-and-restore.
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0)
      return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
  }
  static std::mutex guard;
  std::lock_guard lock(guard);
  const mode_t m = ::umask(022);
  ::umask(m);
  return m;
}

}  // namespace

mode_t creation_mode(file_access access) {
  return access == file_access::owner ? 0600 : (0666 & ~current_umask());
}

mode_t replacement_mode(file_access access, mode_t existing_mode) {
  return creation_mode(access) & (existing_mode & 07777);
}

atomic_file::atomic_file(std::string path, file_access access) : path_(std::move(path)) {
  struct stat existing {};
  mode_ = ::stat(path_.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)
              ? replacement_mode(access, existing.st_mode)
              : creation_mode(access);
  fd_ = ::open(folder_of(path_).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd_ < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
    fail("cannot create a temporary file for", path_);
  }
  if (fd_ < 0) {  // no O_TMPFILE on this filesystem: a named temporary
    temp_path_ = path_ + ".tmp-XXXXXX";
    fd_ = ::mkstemp(temp_path_.data());
    if (fd_ < 0) fail("cannot create a temporary file for", path_);
  }
  if (::fchmod(fd_, mode_) != 0) {
    const int saved = errno;
    ::close(fd_);
    if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
    fd_ = -1;
    errno = saved;
    fail("cannot set the mode of a temporary file for", path_);
  }
}

atomic_file::~atomic_file() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
}

void atomic_file::write(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= flush_threshold) flush();
}

void atomic_file::flush() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", path_);
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void atomic_file::commit() {
  flush();
  if (::fsync(fd_) != 0) fail("cannot sync", path_);
  if (temp_path_.empty()) {
    // The unnamed file gets a name beside the target, then replaces it. The
    // name exists only between these two calls.
    const std::string folder = folder_of(path_);
    char proc_path[64];
    std::snprintf(proc_path, sizeof proc_path, "/proc/self/fd/%d", fd_);
    for (int attempt = 0;; ++attempt) {
      char suffix[32];
      std::snprintf(suffix, sizeof suffix, ".tmp-%d-%d", static_cast<int>(::getpid()), attempt);
      temp_path_ = path_ + suffix;
      if (::linkat(AT_FDCWD, proc_path, AT_FDCWD, temp_path_.c_str(), AT_SYMLINK_FOLLOW) == 0)
        break;
      if (errno != EEXIST || attempt > 100) {
        const int saved = errno;
        temp_path_.clear();
        errno = saved;
        fail("cannot give a name to the temporary file for", path_);
      }
    }
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    fail("cannot close", path_);
  }
  fd_ = -1;
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0)
    fail("cannot rename a temporary file to", path_);
  committed_ = true;
}

}  // namespace sdemig::files
