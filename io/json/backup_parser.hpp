#pragma once
// Reads sdemig's backup files (`--backup FILE`, read by `restore`):
//   {"format": "sdemig-backup/1", "target": URL, "api": "current",
//    "taken_at": ..., "command": "clone", "secrets": ...,
//    "before":  {export members: what the target held of each item the run updates},
//    "written": {export members: every item the run writes, as it writes it}}
// "before" and "written" hold what an export's top holds (alm, analysis,
// connections), read by the export reader's own rules: strictly, every
// member, an error naming its place.

#include <optional>
#include <string>
#include <vector>

#include "io/json/export_parser.hpp"

namespace sdemig::json {

inline constexpr std::string_view backup_format = "sdemig-backup/1";

struct backup_header {
  std::string target;    // the URL the run wrote to
  std::string api;       // its API generation: "legacy" | "current"
  std::string taken_at;  // ISO 8601
  std::string command;   // clone | import | edit
  std::string secrets;   // what the before-images hold of secrets (words for people)
  // The secret params each update changed (names, never values): what a
  // restore cannot see on a target that masks them.
  struct secret_change {
    std::string kind, name;
    std::vector<std::string> params;
  };
  std::vector<secret_change> secrets_changed;
};

struct backup_visitors {
  export_visitor before_connector, written_connector;
  connection_visitor before_connection, written_connection;
};

// `text` is the whole file. Errors name the place ("before.alm[3].name").
std::optional<parse_error> read_backup(const std::string& text, backup_header& header,
                                       const backup_visitors& visit);

}  // namespace sdemig::json
