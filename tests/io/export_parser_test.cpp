// The export reader holds every member of a file to the same rules, the
// connectors' and the connections' alike (one reader): a key given twice, a
// number no double holds, a wrong type is an error naming the place, never a
// member skipped or a list read as empty. Connection pages from a server go
// through the same reader of a connection's own members.
#include "io/json/export_parser.hpp"

#include <gtest/gtest.h>

#include "io/json/project_json.hpp"

namespace sdemig::json {
namespace {

struct read_result {
  std::vector<std::pair<connector_kind, connector>> connectors;
  std::vector<exported_connection> connections;
  std::string api;
  std::optional<parse_error> error;
};

read_result read(std::string text) {
  read_result r;
  r.error = read_export(
      text, [&](connector_kind k, connector& c) { r.connectors.emplace_back(k, std::move(c)); },
      std::size_t{1} << 34, &r.api,
      [&](exported_connection& c) { r.connections.push_back(std::move(c)); });
  return r;
}

const std::string connector_json =
    R"({"id":2,"name":"Jira","system":{"id":"jira","name":"JIRA"},"inaccessible":false,)"
    R"("params":{"alm_server":"j.example.com","alm_pass":null}})";
const std::string connection_json =
    R"({"kind":"alm","business_unit":"Core/Payments","application":"API","project_name":"Gateway",)"
    R"("project_path":"Core\\/Payments/API/Gateway","connector_name":"Jira","alias":"Tracker",)"
    R"("frequency":"daily","debug_mode":false,"params":{"alm_project":"PRJ-1","alm_token":null},)"
    R"("source_id":7,"source_connector_id":2,"source_project_id":11})";

std::string export_with(const std::string& connector, const std::string& connection,
                        const std::string& extra = "") {
  return R"({"format":"sdemig-export/1","source":"https://old","api":"legacy",)" + extra +
         R"("alm":[)" + connector + R"(],"analysis":[],"connections":[)" + connection + "]}";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

TEST(export_parser, reads_connectors_and_connections_in_one_pass) {
  const read_result r = read(export_with(connector_json, connection_json));
  ASSERT_FALSE(r.error) << r.error->text();
  EXPECT_EQ(r.api, "legacy");
  ASSERT_EQ(r.connectors.size(), 1u);
  EXPECT_EQ(r.connectors[0].second.name, "Jira");
  ASSERT_EQ(r.connections.size(), 1u);
  const exported_connection& c = r.connections[0];
  EXPECT_EQ(c.kind, connector_kind::alm);
  EXPECT_EQ(c.project, (project_ref{"Core/Payments", "API", "Gateway"}));
  EXPECT_EQ(c.connector_name, "Jira");
  EXPECT_EQ(c.value.alias, "Tracker");
  EXPECT_EQ(c.value.frequency, "daily");
  EXPECT_EQ(c.value.debug_mode, false);
  EXPECT_EQ(c.value.id, 7);
  EXPECT_EQ(c.value.connector, 2);
  EXPECT_EQ(c.value.project, 11);
  ASSERT_EQ(c.value.params.value().size(), 2u);
  EXPECT_EQ((*c.value.params)[0].value.text, "PRJ-1");
  EXPECT_EQ((*c.value.params)[1].value.type, json_type::null);  // left out by the export
}

TEST(export_parser, ndjson_lines_of_connectors_and_connections) {
  std::string line = connection_json;
  line = replaced(line, R"("kind":"alm")", R"("kind":"connection-alm")");
  std::string conn = connector_json;
  conn.insert(1, R"("kind":"alm","api":"current",)");
  const read_result r = read(conn + "\n" + line + "\n");
  ASSERT_FALSE(r.error) << r.error->text();
  EXPECT_EQ(r.api, "current");
  ASSERT_EQ(r.connectors.size(), 1u);
  EXPECT_TRUE(r.connectors[0].second.extra.empty()) << "kind and api are the line's, not extras";
  ASSERT_EQ(r.connections.size(), 1u);
  EXPECT_EQ(r.connections[0].value.alias, "Tracker");
}

TEST(export_parser, an_older_export_names_the_project_by_its_path) {
  std::string c = connection_json;
  for (const char* key : {R"("business_unit":"Core/Payments",)", R"("application":"API",)",
                          R"("project_name":"Gateway",)"}) {
    c = replaced(c, key, "");
  }
  const read_result r = read(export_with(connector_json, c));
  ASSERT_FALSE(r.error) << r.error->text();
  EXPECT_EQ(r.connections.at(0).project, (project_ref{"Core/Payments", "API", "Gateway"}));
}

TEST(export_parser, unknown_members_are_checked_and_kept_as_written) {
  std::string c = connector_json;
  c.insert(1, R"("custom": {"a": [1, 2.50 ], "b": "x\u0041"} ,"n":null,)");
  const read_result r = read(export_with(c, connection_json));
  ASSERT_FALSE(r.error) << r.error->text();
  const std::vector<raw_field>& extra = r.connectors.at(0).second.extra;
  ASSERT_EQ(extra.size(), 2u);
  EXPECT_EQ(extra[0].key, "custom");
  EXPECT_EQ(extra[0].json, R"({"a": [1, 2.50 ], "b": "x\u0041"})");
  EXPECT_EQ(extra[1].json, "null");
}

// A big integer is JSON a double holds: kept as written, in a connector's
// params and in a connection's alike.
TEST(export_parser, a_big_integer_is_kept_as_written_everywhere) {
  const std::string digits = "123456789012345678901234567890";
  const read_result r = read(export_with(replaced(connector_json, R"("j.example.com")", digits),
                                         replaced(connection_json, R"("PRJ-1")", digits)));
  ASSERT_FALSE(r.error) << r.error->text();
  EXPECT_EQ(r.connectors.at(0).second.params->at(0).value.text, digits);
  EXPECT_EQ(r.connectors.at(0).second.params->at(0).value.type, json_type::integer);
  EXPECT_EQ(r.connections.at(0).value.params.value().at(0).value.text, digits);
  EXPECT_EQ(r.connections.at(0).value.params.value().at(0).value.type, json_type::integer);
}

struct bad_file {
  const char* name;
  std::string text;
  std::string expected;
};

class bad_files : public testing::TestWithParam<bad_file> {};
TEST_P(bad_files, are_refused_naming_the_place) {
  const read_result r = read(GetParam().text);
  ASSERT_TRUE(r.error) << "accepted";
  EXPECT_EQ(r.error->text(), GetParam().expected);
}

const std::string ndjson_connection =
    replaced(connection_json, R"("kind":"alm")", R"("kind":"connection-alm")");
const std::string ndjson_connector = R"({"kind":"alm","api":"legacy",)" + connector_json.substr(1);

INSTANTIATE_TEST_SUITE_P(
    every_member, bad_files,
    testing::Values(
        // A member the file format does not have: a misspelt "alm" would
        // otherwise import nothing and say "0 created".
        bad_file{"unknown_top_level_member",
                 replaced(export_with(connector_json, ""), R"("alm":)", R"("ALM":)"),
                 "ALM: unknown member (an sdemig export holds format, source, exported_at, api, "
                 "alm, analysis and connections)"},
        // Connections (item: a parse failure once read as "no connections").
        bad_file{"connection_param_out_of_range",
                 export_with(connector_json, replaced(connection_json, R"("PRJ-1")", "1E400")),
                 "connections[0].params.alm_project: number 1E400 is out of range"},
        bad_file{"connections_not_a_list",
                 replaced(export_with(connector_json, ""), R"("connections":[])",
                          R"("connections":"oops")"),
                 "connections: expected array, got string"},
        bad_file{"connection_not_an_object", export_with(connector_json, "5"),
                 "connections[0]: expected object, got number"},
        bad_file{"connection_key_twice",
                 export_with(connector_json, replaced(connection_json, R"("alias":"Tracker")",
                                                      R"("alias":"Tracker","alias":"Other")")),
                 "connections[0].alias: duplicate key \"alias\""},
        bad_file{
            "connection_param_twice",
            export_with(connector_json, replaced(connection_json, R"("alm_project":"PRJ-1")",
                                                 R"("alm_project":"PRJ-1","alm_project":"PRJ-2")")),
            "connections[0].params.alm_project: duplicate key \"alm_project\""},
        bad_file{"connection_unknown_out_of_range",
                 export_with(connector_json,
                             replaced(connection_json, R"("source_id":7)", R"("x":-2e999)")),
                 "connections[0].x: number -2e999 is out of range"},
        bad_file{
            "connection_without_alias",
            export_with(connector_json, replaced(connection_json, R"("alias":"Tracker",)", "")),
            "connections[0]: missing \"alias\""},
        bad_file{"connection_without_a_project",
                 export_with(connector_json,
                             replaced(replaced(connection_json, R"("project_name":"Gateway",)", ""),
                                      R"("project_path":"Core\\/Payments/API/Gateway",)", "")),
                 "connections[0]: missing \"project_name\""},
        bad_file{"connection_path_of_four",
                 export_with(connector_json,
                             replaced(replaced(connection_json, R"("project_name":"Gateway",)", ""),
                                      R"("Core\\/Payments/API/Gateway")", R"("A/B/C/D")")),
                 "connections[0].project_path: cannot tell the business unit, application and "
                 "project apart in \"A/B/C/D\" (a name holds \"/\"): export it again with this "
                 "version"},
        bad_file{"connection_source_id_text",
                 export_with(connector_json,
                             replaced(connection_json, R"("source_id":7)", R"("source_id":"7")")),
                 "connections[0].source_id: expected an integer id"},
        bad_file{"connection_debug_mode_text",
                 export_with(connector_json, replaced(connection_json, R"("debug_mode":false)",
                                                      R"("debug_mode":"no")")),
                 "connections[0].debug_mode: expected boolean, got string"},
        bad_file{"connection_kind_unknown",
                 export_with(connector_json,
                             replaced(connection_json, R"("kind":"alm")", R"("kind":"scm")")),
                 "connections[0].kind: must be \"alm\" or \"analysis\""},
        bad_file{"ndjson_connection_out_of_range",
                 ndjson_connector + "\n" + replaced(ndjson_connection, R"("PRJ-1")", "1E400"),
                 "line 2.params.alm_project: number 1E400 is out of range"},
        bad_file{"ndjson_connection_key_twice",
                 ndjson_connector + "\n" +
                     replaced(ndjson_connection, R"("frequency":"daily")",
                              R"("frequency":"daily","frequency":"weekly")"),
                 "line 2.frequency: duplicate key \"frequency\""},
        bad_file{"ndjson_connection_kind_unknown",
                 ndjson_connector + "\n" +
                     replaced(ndjson_connection, R"("connection-alm")", R"("connection-scm")"),
                 "line 2.kind: must be \"connection-alm\" or \"connection-analysis\""},
        bad_file{"ndjson_connection_truncated",
                 ndjson_connector + "\n" + ndjson_connection.substr(0, 40) + "\n",
                 "line 2: truncated JSON"},
        // Every other member (item: the documented rules hold for all of them).
        bad_file{"api_twice",
                 replaced(export_with(connector_json, ""), R"("api":"legacy")",
                          R"("api":"current","api":"legacy")"),
                 "api: duplicate key \"api\""},
        bad_file{"connectors_twice", export_with(connector_json, "", R"("alm":[],)"),
                 "alm: duplicate key \"alm\""},
        bad_file{"top_member_out_of_range",
                 export_with(connector_json, "", R"("exported_at":1E400,)"),
                 "exported_at: number 1E400 is out of range"},
        bad_file{
            "connector_unknown_out_of_range",
            export_with(replaced(connector_json, R"("id":2,)", R"("id":2,"custom":1E400,)"), ""),
            "alm[0].custom: number 1E400 is out of range"},
        bad_file{"connector_unknown_twice",
                 export_with(replaced(connector_json, R"("id":2,)", R"("id":2,"x":1,"x":2,)"), ""),
                 "alm[0].x: duplicate key \"x\""},
        bad_file{"connector_unknown_nested_twice",
                 export_with(replaced(connector_json, R"("id":2,)",
                                      R"("id":2,"x":{"a":[1,{"b":1,"b":2}]},)"),
                             ""),
                 "alm[0].x.a[1].b: duplicate key \"b\""},
        bad_file{"connector_unknown_bad_escape",
                 export_with(replaced(connector_json, R"("id":2,)", R"("id":2,"x":["\q"],)"), ""),
                 "alm[0].x[0]: invalid string escape"},
        bad_file{"system_member_twice",
                 export_with(replaced(connector_json, R"("name":"JIRA")",
                                      R"("name":"JIRA","id":"github")"),
                             ""),
                 "alm[0].system.id: duplicate key \"id\""},
        bad_file{"system_unknown_out_of_range",
                 export_with(replaced(connector_json, R"("name":"JIRA")",
                                      R"("name":"JIRA","rank":9e9999)"),
                             ""),
                 "alm[0].system.rank: number 9e9999 is out of range"},
        bad_file{"ndjson_api_disagrees",
                 ndjson_connector + "\n" +
                     replaced(ndjson_connector, R"("api":"legacy")", R"("api":"current")"),
                 "line 2.api: \"current\", where line 1 has \"legacy\": an export holds one API"},
        bad_file{"ndjson_connector_unknown_out_of_range",
                 replaced(ndjson_connector, R"("id":2,)", R"("id":2,"custom":1E400,)"),
                 "line 1.custom: number 1E400 is out of range"}),
    [](const auto& info) { return std::string(info.param.name); });

// A server's connections go through the same reader of a connection's members.
TEST(connection_pages, are_read_as_a_server_writes_them) {
  list_page<connection> page;
  const std::string body =
      R"({"count":2,"next":"https://sde/api/v2/connections/alm/?page=2","results":[)"
      R"({"id":1,"alias":"A","system":{"id":"jira","name":"JIRA"},"frequency":null,)"
      R"("debug_mode":null,"params":{"alm_project":"P","n":123456789012345678901234567890},)"
      R"("inaccessible":false,"in_progress":false,"connector":4,"project":5},)"
      R"({"id":2,"alias":"B","system":"github","params":null,"connector":4,"project":6}]})";
  auto err = parse_connection_page(body, page);
  ASSERT_FALSE(err) << err->text();
  EXPECT_EQ(page.next, "https://sde/api/v2/connections/alm/?page=2");
  ASSERT_EQ(page.results.size(), 2u);
  EXPECT_EQ(page.results[0].system, "jira");
  EXPECT_EQ(page.results[0].frequency, "manually");
  EXPECT_FALSE(page.results[0].debug_mode);  // not a flag: unknown, as ever
  EXPECT_EQ(page.results[0].params.value().at(1).value.text, "123456789012345678901234567890");
  EXPECT_EQ(page.results[1].system, "github");
  EXPECT_FALSE(page.results[1].params);  // null: not shown, absent
  EXPECT_EQ(page.results[1].project, 6);

  ASSERT_FALSE(parse_connection_page(R"([{"id":3,"alias":"C","connector":1,"project":2}])", page));
  EXPECT_EQ(page.results.at(0).alias, "C");

  err = parse_connection_page(R"({"results":[{"id":1,"alias":"A"},{"id":2,"alias":5}]})", page);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->text(), "results[1].alias: expected string, got number");
  err = parse_connection_page(R"({"count":0})", page);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->text(), "results: expected an array");
  err = parse_connection_page(R"({"results":[{"id":1,"connector":"4"}]})", page);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->text(), "results[0].connector: expected an integer id");
}

}  // namespace
}  // namespace sdemig::json
