#pragma once
// What applying a connections' plan needs of a target instance: list a
// project's connections, create one, update one, delete one. sde_client is the real
// one; the applier's tests put a fake behind it that loses answers, trims
// aliases or revokes the token.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <variant>
#include <vector>

#include "io/sde/result.hpp"
#include "model/project.hpp"

namespace sdemig::sde {

class connection_target {
 public:
  virtual ~connection_target() = default;

  using connection_handler = std::function<void(std::vector<connection>&)>;
  // Every connection of a kind, or one project's (?project=ID), page by page.
  virtual boost::asio::awaitable<result<std::size_t>> async_list_connections(
      connector_kind kind, std::optional<std::int64_t> project, connection_handler on_page) = 0;
  virtual boost::asio::awaitable<result<connection>> async_create_connection(
      connector_kind kind, const connection& c) = 0;
  // PATCH: alias, connector, frequency and the project-scope params sent.
  virtual boost::asio::awaitable<result<connection>> async_update_connection(
      connector_kind kind, std::int64_t id, const connection& c) = 0;
  // DELETE: the error keeps the status (404: already gone).
  virtual boost::asio::awaitable<result<std::monostate>> async_delete_connection(
      connector_kind kind, std::int64_t id) = 0;
};

}  // namespace sdemig::sde
