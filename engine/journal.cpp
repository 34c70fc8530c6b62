#include "engine/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <system_error>

#include "io/json/json_writer.hpp"

namespace sdemig::engine {

journal::journal(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot open journal " + path);
}

journal::~journal() {
  if (fd_ >= 0) ::close(fd_);
}

void journal::write(const journal_entry& e) {
  auto id = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string("null"); };
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char ts[32];
  std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  std::string line = "{\"ts\":\"" + std::string(ts) + "\",\"kind\":\"" + std::string(to_string(e.kind)) + "\",\"name\":";
  json::append_string(line, e.name);
  line += ",\"action\":\"" + e.action + "\",\"source_id\":" + id(e.source_id) + ",\"target_id\":" + id(e.target_id) +
          ",\"status\":";
  json::append_string(line, e.status);
  line += "}\n";
  // One write(2) per line with O_APPEND: lines never interleave or tear.
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "cannot write journal " + path_);
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace sdemig::engine
