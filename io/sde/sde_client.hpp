#pragma once
// Typed operations on an SDE instance's connectors (API v2), over the
// pooled HTTP client: list page by page, get, create, update.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <variant>

#include "io/json/connector_parser.hpp"
#include "io/net/http_client.hpp"
#include "io/sde/connection_target.hpp"
#include "io/sde/connector_target.hpp"
#include "io/sde/result.hpp"
#include "io/sde/scrubber.hpp"
#include "model/connector.hpp"
#include "model/generation.hpp"
#include "model/project.hpp"
#include "model/schema.hpp"

namespace sdemig::sde {

// The error a failed answer stands for, in one line: the request (method and
// URL), the HTTP status and the server's detail or field errors; or the
// transport failure. Scrubbed of what `scrub` holds before any excerpt is cut.
api_error error_of(const net::base_url& base, const net::http_request& request,
                   const net::http_result& answer, json::connector_parser& parser,
                   const scrubber& scrub);

class sde_client final : public connector_target, public connection_target {
 public:
  // `http` (and `scrub`, when given) must outlive this client. Every error
  // message is scrubbed of what `scrub` holds.
  explicit sde_client(net::http_client& http, const scrubber* scrub = nullptr,
                      std::size_t max_document_bytes = json::default_max_document_bytes)
      : http_(http), scrub_(scrub), parser_(max_document_bytes) {}

  // Connectors per list page asked for (page_size=N) by async_list and
  // async_read_schema; 0 leaves it to the server. Set once, when connecting.
  void set_page_size(std::size_t n) noexcept { page_size_ = n; }

  // Follows `next` until it is null, one page at a time; the total count of
  // connectors handed to `on_page`.
  boost::asio::awaitable<result<std::size_t>> async_list(connector_kind kind,
                                                         page_handler on_page) override;
  boost::asio::awaitable<result<connector>> async_get(connector_kind kind, std::int64_t id);

  // Which API generation the instance speaks: GET the issue-tracker list
  // (page_size=1): 200 is current, 404 legacy. Sets generation().
  boost::asio::awaitable<result<api_generation>> async_probe();
  api_generation generation() const noexcept { return generation_; }
  void set_generation(api_generation g) noexcept { generation_ = g; }

  // The plugin schema of issue-tracker systems, page by page. The error
  // keeps the status, so that a 403/404 (not readable here) can be told apart.
  boost::asio::awaitable<result<plugin_schema>> async_read_schema();

  // POST /api/v2/connectors/testalm/: can the instance reach this tracker?
  // The value is empty on success; an error carries the server's detail.
  boost::asio::awaitable<result<std::monostate>> async_test_connection(const connector& c);
  boost::asio::awaitable<result<connector>> async_create(connector_kind kind,
                                                         const connector& c) override;
  // PUT replaces the connector; PATCH (use_patch) changes only what it sends.
  boost::asio::awaitable<result<connector>> async_update(connector_kind kind, std::int64_t id,
                                                         const connector& c,
                                                         bool use_patch = false) override;
  boost::asio::awaitable<result<std::monostate>> async_delete(connector_kind kind,
                                                              std::int64_t id) override;

  // Projects and connections (io/sde/project_calls.cpp). Lists follow
  // `next` page by page and hand each page's items to `on_page`.
  using node_handler = std::function<void(std::vector<project_node>&)>;
  // "business-units" (parent_key ""), "applications" ("business_unit"),
  // "projects" ("application").
  boost::asio::awaitable<result<std::size_t>> async_list_nodes(std::string collection,
                                                               std::string parent_key,
                                                               node_handler on_page);
  // Every connection of a kind, or one project's (?project=ID).
  boost::asio::awaitable<result<std::size_t>> async_list_connections(
      connector_kind kind, std::optional<std::int64_t> project,
      connection_handler on_page) override;
  boost::asio::awaitable<result<connection>> async_create_connection(connector_kind kind,
                                                                     const connection& c) override;
  // PATCH: alias, connector, frequency and the project-scope params.
  boost::asio::awaitable<result<connection>> async_update_connection(connector_kind kind,
                                                                     std::int64_t id,
                                                                     const connection& c) override;
  boost::asio::awaitable<result<std::monostate>> async_delete_connection(connector_kind kind,
                                                                         std::int64_t id) override;
  std::string connection_path(connector_kind kind) const;

  std::string collection_path(connector_kind kind) const;
  std::string item_path(connector_kind kind, std::int64_t id) const;

 private:
  boost::asio::awaitable<result<connector>> async_connector_call(net::http_request request);
  // A request answered 2xx with no body to read (DELETE's 204).
  boost::asio::awaitable<result<std::monostate>> async_bodiless_call(net::http_request request);
  api_error error_from(const net::http_request& request, net::http_result& answer);
  api_error invalid_answer(const net::http_request& request, const std::string& what) const;
  // A 2xx whose body cannot be read: to a write, the write was most likely
  // applied (the outcome is unknown until the target is read).
  api_error unreadable_answer(const net::http_request& request, unsigned status,
                              const std::string& what) const;
  // The scrubber given, or one that holds nothing.
  const scrubber& scrub() const noexcept;
  api_error scrubbed(api_error e) const;
  // GETs `target` and the pages after it; `parse` reads one body, giving its
  // next link and how many items it held (or the parse error's text).
  using page_parser = std::function<std::optional<std::string>(
      const std::string& body, std::optional<std::string>& next, std::size_t& n)>;
  boost::asio::awaitable<result<std::size_t>> async_pages(std::string target, page_parser parse);
  boost::asio::awaitable<result<connection>> async_connection_call(net::http_request request);
  // A connection's POST or PATCH; refused (unsendable) when its params are absent.
  boost::asio::awaitable<result<connection>> async_connection_write(net::http_method method,
                                                                    const std::string& path,
                                                                    const connection& c);
  static boost::asio::awaitable<result<connection>> async_refused(api_error e);

  net::http_client& http_;
  const scrubber* scrub_;
  api_generation generation_ = api_generation::legacy;
  std::size_t page_size_ = 500;
  json::connector_parser parser_;
};

}  // namespace sdemig::sde
