#include "engine/run/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "io/files/paths.hpp"
#include "io/json/json_writer.hpp"
#include "io/time/iso8601.hpp"

namespace sdemig::engine {
namespace {

// Where the last '\n' of the file ends (0 when there is none), read backwards.
off_t end_of_last_line(int fd, off_t size) {
  char chunk[4096];
  off_t end = size;
  while (end > 0) {
    const off_t start =
        end > static_cast<off_t>(sizeof chunk) ? end - static_cast<off_t>(sizeof chunk) : 0;
    const ssize_t n = ::pread(fd, chunk, static_cast<std::size_t>(end - start), start);
    if (n <= 0) return size;  // cannot tell: leave the file alone
    for (ssize_t i = n; i > 0; --i) {
      if (chunk[i - 1] == '\n') return start + i;
    }
    end = start;
  }
  return 0;
}

}  // namespace

journal::journal(const std::string& path, std::string* notice) : path_(path) {
  auto cannot_open = [&](int error) {
    return std::system_error(error, std::generic_category(), "--journal: cannot open " + path);
  };
  fd_ = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  if (fd_ < 0 && errno != ENOENT)
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);  // a FIFO or device
  if (fd_ < 0) {
    if (errno != ENOENT) throw cannot_open(errno);
    // Not there yet: the first line creates it, in a folder that must take it.
    if (::faccessat(AT_FDCWD, files::folder_of(path).c_str(), W_OK | X_OK, AT_EACCESS) != 0)
      throw cannot_open(errno);
    return;
  }
  const off_t torn = measure();
  if (torn > 0 && notice) {
    *notice = "journal " + path + ": an earlier run left an incomplete last line (" +
              std::to_string(torn) +
              " bytes) when it stopped mid-write: it is removed before the first new line";
  }
}

off_t journal::measure() {
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  regular_ = true;
  good_size_ = end_of_last_line(fd_, st.st_size);
  return st.st_size - good_size_;
}

bool journal::ready_for_first_line() {
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd_ < 0) {
      error_ = "cannot write journal " + path_ + ": " + std::strerror(errno);
      return false;
    }
    measure();
  }
  if (regular_ && ::ftruncate(fd_, good_size_) != 0) {
    error_ = "cannot write journal " + path_ +
             ": removing its incomplete last line failed: " + std::strerror(errno);
    return false;
  }
  ready_ = true;
  return true;
}

journal::~journal() {
  if (fd_ >= 0) ::close(fd_);
}

bool journal::write(const journal_entry& e) {
  if (failed()) return false;
  if (!ready_ && !ready_for_first_line()) return false;
  json::writer w;
  w.begin_object();
  // Every line says its format: a journal is appended to by run after run.
  w.member("format", "sdemig-journal/1");
  w.member("ts", time::iso8601_now());
  if (e.connection) {
    w.member("kind", connection_kind_name(e.kind));
    w.member("project_path", e.project_path);
    w.member("alias", e.name);
  } else {
    w.member("kind", to_string(e.kind));
    w.member("name", e.name);
  }
  w.member("action", e.action);
  w.member("source_id", e.source_id);
  w.member("target_id", e.target_id);
  w.member("status", e.status);
  w.end_object();
  std::string line = w.take();
  line += '\n';
  // One write(2) per line with O_APPEND: lines never interleave.
  const ssize_t n = ::write(fd_, line.data(), line.size());
  if (n == static_cast<ssize_t>(line.size())) {
    good_size_ += n;
    return true;
  }
  int saved = errno;
  if (n >= 0) {  // a short write: the rest fails with the reason (a full disk, a size limit)
    const ssize_t rest = ::write(fd_, line.data() + n, line.size() - static_cast<std::size_t>(n));
    saved = rest < 0 ? errno : ENOSPC;
  }
  error_ = "cannot write journal " + path_ + ": " + std::strerror(saved);
  if (regular_ && ::ftruncate(fd_, good_size_) != 0) {
    error_ += " (and cutting it back to its last complete line failed: " +
              std::string(std::strerror(errno)) + ")";
  }
  return false;
}

}  // namespace sdemig::engine
