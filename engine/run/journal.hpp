#pragma once
// `--journal FILE`: append-only NDJSON, one line per applied write, written
// as it happens (a kill -9 loses nothing that was acknowledged). It doubles
// as the source-id -> target-id map.
//
// A line is written whole or not at all: a write that fails or comes up
// short (a full disk) is cut back to the last complete line, and the journal
// refuses further lines (the applier then sends no new writes).
//
// Nothing is written before the first line: a new journal is created by it,
// and an existing one is left as it was until then (a torn last line that
// an earlier crash left is removed just before it). A run that writes
// nothing leaves no journal behind. The path is checked when it is opened.

#include <cstdint>
#include <optional>
#include <string>

#include "model/connector.hpp"
#include "model/project.hpp"

namespace sdemig::engine {

struct journal_entry {
  connector_kind kind = connector_kind::alm;
  std::string name;    // a connection's alias
  std::string action;  // "create" | "update" | "delete" (a restore)
  std::optional<std::int64_t> source_id;
  std::optional<std::int64_t> target_id;
  std::string status;  // "201", "200", "reconciled"
  bool connection = false;
  std::string project_path;  // a connection's
};

class journal {
 public:
  // Throws std::system_error naming the path when it cannot be a journal
  // (its folder missing or not writable, a file that cannot be opened).
  // `notice` receives one line when the last line is torn (it will be removed).
  journal(const std::string& path, std::string* notice = nullptr);
  ~journal();
  journal(const journal&) = delete;
  journal& operator=(const journal&) = delete;

  // False when the line could not be written whole (see error()); the
  // journal then ends at its last complete line and takes no more.
  bool write(const journal_entry& entry);
  bool failed() const noexcept { return !error_.empty(); }
  const std::string& error() const noexcept { return error_; }  // one line
  const std::string& path() const noexcept { return path_; }

 private:
  // Before the first line: the file is created, or its torn last line cut.
  bool ready_for_first_line();
  // Learns whether the open file is a regular one and where its last
  // complete line ends; the bytes after it.
  off_t measure();

  std::string path_;
  int fd_ = -1;  // -1 until the first line when the file does not exist yet
  bool regular_ = false;
  bool ready_ = false;
  off_t good_size_ = 0;  // where the last complete line ends
  std::string error_;
};

}  // namespace sdemig::engine
