// The backup reader: its header and both sections read by the export
// reader's own rules, errors naming the place ("before.alm[0].name"), and
// nothing it does not know passed over.
#include "io/json/backup_parser.hpp"

#include <gtest/gtest.h>

namespace sdemig::json {
namespace {

struct read_result {
  backup_header header;
  std::vector<std::string> before, written;  // names and aliases
  std::optional<parse_error> error;
};

read_result read(std::string text) {
  read_result r;
  text.reserve(text.size() + 64);
  auto names = [](std::vector<std::string>& into) {
    return [&into](connector_kind, connector& c) { into.push_back(c.name); };
  };
  auto aliases = [](std::vector<std::string>& into) {
    return [&into](exported_connection& c) { into.push_back(c.value.alias); };
  };
  backup_visitors v{names(r.before), names(r.written), aliases(r.before), aliases(r.written)};
  r.error = read_backup(text, r.header, v);
  return r;
}

const std::string connection =
    R"({"kind":"alm","business_unit":"BU","application":"App","project_name":"P",)"
    R"("project_path":"BU/App/P","connector_name":"A","alias":"Tracker","frequency":"daily",)"
    R"("params":{"alm_project":"X"},"source_id":4,"source_connector_id":1,"source_project_id":9})";

std::string backup(const std::string& before_alm, const std::string& extra = {}) {
  return R"({"format":"sdemig-backup/1","target":"https://sde.example","api":"current",)"
         R"("taken_at":"2026-12-08T00:00:00Z","command":"clone","secrets":"none",)" +
         extra + R"("before":{"alm":)" + before_alm +
         R"(,"analysis":[],"connections":[]},"written":{"alm":[{"name":"A","system":{"id":"jira"},)"
         R"("params":{}}],"analysis":[],"connections":[)" +
         connection + "]}}";
}

TEST(backup_parser, reads_the_header_and_both_sections) {
  const read_result r =
      read(backup(R"([{"id":1,"name":"A","system":{"id":"jira"},"params":{"alm_server":"x"}}])"));
  ASSERT_FALSE(r.error) << r.error->text();
  EXPECT_EQ(r.header.target, "https://sde.example");
  EXPECT_EQ(r.header.api, "current");
  EXPECT_EQ(r.header.command, "clone");
  EXPECT_EQ(r.before, std::vector<std::string>{"A"});
  EXPECT_EQ(r.written, (std::vector<std::string>{"A", "Tracker"}));
}

TEST(backup_parser, a_broken_member_anywhere_is_an_error_naming_its_place) {
  auto error_of = [](const std::string& text) {
    const read_result r = read(text);
    return r.error ? r.error->text() : std::string("no error");
  };
  EXPECT_EQ(error_of(backup(R"([{"name":7,"system":{"id":"jira"}}])")),
            "before.alm[0].name: expected string, got number");
  EXPECT_NE(error_of(backup(R"([{"name":"A","name":"B","system":{"id":"jira"}}])"))
                .find("duplicate key \"name\""),
            std::string::npos);
  EXPECT_NE(error_of(backup("[]", R"("extra":1,)")).find("extra: unknown member"),
            std::string::npos);
  EXPECT_NE(error_of(backup("[]", R"("alm":[],)")).find("alm: unknown member"), std::string::npos);
  std::string other = backup("[]");
  other.replace(other.find("sdemig-backup/1"), 15, "sdemig-export/1");
  EXPECT_EQ(error_of(other),
            "format: \"sdemig-export/1\" is not an sdemig backup (expected \"sdemig-backup/1\")");
  std::string no_target = backup("[]");
  no_target.replace(no_target.find("https://sde.example"), 19, "");
  EXPECT_EQ(error_of(no_target), "target: missing: the instance the run wrote to");
  std::string no_written = backup("[]");
  no_written.resize(no_written.find(",\"written\"")), no_written += "}";
  EXPECT_EQ(error_of(no_written), "written: missing");
}

}  // namespace
}  // namespace sdemig::json
