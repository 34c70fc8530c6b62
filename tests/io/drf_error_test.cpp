#include <gtest/gtest.h>

#include "io/json/connector_parser.hpp"

namespace sdemig::json {
namespace {

drf_error parse_ok(const std::string& body) {
  connector_parser parser;
  drf_error e;
  auto err = parser.parse(body, e);
  EXPECT_FALSE(err) << err->text();
  return e;
}

TEST(drf_error, detail) {
  drf_error e = parse_ok(R"({"detail":"Invalid token."})");
  EXPECT_EQ(e.detail, "Invalid token.");
  EXPECT_EQ(e.summary(), "Invalid token.");
}

TEST(drf_error, detail_wins_over_error_and_message) {
  EXPECT_EQ(parse_ok(R"({"error":"e","message":"m"})").detail, "e");
  EXPECT_EQ(parse_ok(R"({"error":"e","detail":"d","message":"m"})").detail, "d");
  EXPECT_EQ(parse_ok(R"({"message":"m"})").detail, "m");
}

TEST(drf_error, field_errors_and_nested_params) {
  drf_error e = parse_ok(
      R"({"name":["This field is required."],"params":{"alm_server":["This field is required."],"x":["a","b"]}})");
  ASSERT_EQ(e.fields.size(), 3u);
  EXPECT_EQ(e.fields[0], (field_error{"name", {"This field is required."}}));
  EXPECT_EQ(e.fields[1], (field_error{"params.alm_server", {"This field is required."}}));
  EXPECT_EQ(e.fields[2], (field_error{"params.x", {"a", "b"}}));
  EXPECT_EQ(
      e.summary(),
      "name: This field is required.; params.alm_server: This field is required.; params.x: a b");
}

TEST(drf_error, non_field_errors_as_a_list) {
  drf_error e = parse_ok(R"(["Something went wrong."])");
  ASSERT_EQ(e.fields.size(), 1u);
  EXPECT_EQ(e.summary(), "non_field_errors: Something went wrong.");
}

TEST(drf_error, non_json_error_body_is_an_error) {
  connector_parser parser;
  drf_error e;
  EXPECT_TRUE(parser.parse(std::string("<html>502 Bad Gateway</html>"), e));
  auto err = parser.parse(std::string("\"just a string\""), e);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->text(), "expected an error object, got string");
}

}  // namespace
}  // namespace sdemig::json
