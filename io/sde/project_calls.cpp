// sde_client's calls on projects and connections: the hierarchy's lists,
// connection lists (whole or per project), creating and updating one.
#include <unordered_set>

#include "io/json/project_json.hpp"
#include "io/sde/follow_next.hpp"
#include "io/sde/sde_client.hpp"

namespace sdemig::sde {

std::string sde_client::connection_path(connector_kind kind) const {
  return "/api/v2/connections/" + std::string(path_segment(kind, generation_)) + "/";
}

boost::asio::awaitable<result<std::size_t>> sde_client::async_pages(std::string target,
                                                                    page_parser parse) {
  net::http_request request{net::http_method::get, std::move(target), {}};
  std::unordered_set<std::string> seen{request.target};
  std::size_t total = 0;
  for (;;) {
    net::http_result answer = co_await http_.async_request(request);
    if (!answer.ok() || answer.status != 200) co_return error_from(request, answer);
    std::optional<std::string> next;
    std::size_t n = 0;
    if (auto err = parse(answer.body, next, n)) co_return invalid_answer(request, *err);
    total += n;
    if (!next) co_return total;
    std::string why;
    auto following = follow_next(http_.base(), *next, seen, why);
    if (!following) co_return invalid_answer(request, why);
    request.target = std::move(*following);
  }
}

namespace {

std::string with_query(std::string target, const std::string& query) {
  return target + (target.find('?') == std::string::npos ? "?" : "&") + query;
}

// A page parser for async_pages: `parse` reads a list_page<T>, whose items
// go to `on_page`.
template <class T, class Parse>
auto items_to(Parse parse, const std::function<void(std::vector<T>&)>& on_page) {
  return [parse, &on_page](const std::string& body, std::optional<std::string>& next,
                           std::size_t& n) -> std::optional<std::string> {
    json::list_page<T> page;
    if (auto err = parse(body, page)) return err->text();
    next = std::move(page.next);
    n = page.results.size();
    on_page(page.results);
    return std::nullopt;
  };
}

}  // namespace

boost::asio::awaitable<result<std::size_t>> sde_client::async_list_nodes(std::string collection,
                                                                         std::string parent_key,
                                                                         node_handler on_page) {
  std::string target = http_.base().target("/api/v2/" + collection + "/");
  if (page_size_ > 0) target = with_query(target, "page_size=" + std::to_string(page_size_));
  // (named locals: GCC 12 mishandles temporaries in a co_await expression)
  page_parser parse = items_to<project_node>(
      [&](const std::string& body, json::list_page<project_node>& page) {
        return json::parse_node_page(body, parent_key, page);
      },
      on_page);
  result<std::size_t> listed = co_await async_pages(std::move(target), std::move(parse));
  co_return listed;
}

boost::asio::awaitable<result<std::size_t>> sde_client::async_list_connections(
    connector_kind kind, std::optional<std::int64_t> project, connection_handler on_page) {
  std::string target = http_.base().target(connection_path(kind));
  if (project) target = with_query(target, "project=" + std::to_string(*project));
  if (page_size_ > 0) target = with_query(target, "page_size=" + std::to_string(page_size_));
  page_parser parse = items_to<connection>(
      [](const std::string& body, json::list_page<connection>& page) {
        return json::parse_connection_page(body, page);
      },
      on_page);
  result<std::size_t> listed = co_await async_pages(std::move(target), std::move(parse));
  co_return listed;
}

boost::asio::awaitable<result<connection>> sde_client::async_connection_call(
    net::http_request request) {
  net::http_result answer = co_await http_.async_request(request);
  if (!answer.ok() || answer.status < 200 || answer.status >= 300)
    co_return error_from(request, answer);
  connection c;
  if (auto err = json::parse_connection(answer.body, c))
    co_return unreadable_answer(request, answer.status, err->text());
  co_return c;
}

boost::asio::awaitable<result<connection>> sde_client::async_create_connection(
    connector_kind kind, const connection& c) {
  return async_connection_write(net::http_method::post, connection_path(kind), c);
}

boost::asio::awaitable<result<connection>> sde_client::async_update_connection(
    connector_kind kind, std::int64_t id, const connection& c) {
  return async_connection_write(net::http_method::patch,
                                connection_path(kind) + std::to_string(id) + "/", c);
}

boost::asio::awaitable<result<std::monostate>> sde_client::async_delete_connection(
    connector_kind kind, std::int64_t id) {
  return async_bodiless_call({net::http_method::del,
                              http_.base().target(connection_path(kind) + std::to_string(id) + "/"),
                              {}});
}

// Not a coroutine: the body is made before anything is awaited, and only
// what the request needs goes into the coroutine's frame.
boost::asio::awaitable<result<connection>> sde_client::async_connection_write(
    net::http_method method, const std::string& path, const connection& c) {
  std::optional<std::string> body = json::connection_body(c);
  if (!body) {  // absent params would be sent as none: refused, nothing sent
    api_error e;
    e.what = api_error::kind::unsendable;
    e.message = "connection \"" + c.alias +
                "\": not sent: its params were not shown by the source, so they are not known";
    return async_refused(scrubbed(std::move(e)));
  }
  return async_connection_call({method, http_.base().target(path), std::move(*body)});
}

boost::asio::awaitable<result<connection>> sde_client::async_refused(api_error e) {
  co_return e;
}

}  // namespace sdemig::sde
