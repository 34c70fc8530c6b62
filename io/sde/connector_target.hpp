#pragma once
// What applying a plan needs of a target instance: list its connectors,
// create one, update one, delete one (a restore). sde_client is the real one; tests put a fake
// behind it that loses answers, trims names or revokes the token.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <variant>

#include "io/sde/result.hpp"
#include "model/connector.hpp"

namespace sdemig::sde {

// Called with each page as it arrives; the page is reused for the next one,
// so take what you keep. Return false to stop listing.
using page_handler = std::function<bool(connector_page& page)>;

class connector_target {
 public:
  virtual ~connector_target() = default;

  // Follows `next` until it is null, one page at a time (of the page size
  // the target was set up with); the total count of connectors handed to
  // `on_page`.
  virtual boost::asio::awaitable<result<std::size_t>> async_list(connector_kind kind,
                                                                 page_handler on_page) = 0;
  virtual boost::asio::awaitable<result<connector>> async_create(connector_kind kind,
                                                                 const connector& c) = 0;
  // PUT replaces the connector; PATCH (use_patch) changes only what it sends.
  virtual boost::asio::awaitable<result<connector>> async_update(connector_kind kind,
                                                                 std::int64_t id,
                                                                 const connector& c,
                                                                 bool use_patch) = 0;
  // DELETE: the error keeps the status (404: already gone; 400: in use by
  // connections; 405: the instance allows no delete).
  virtual boost::asio::awaitable<result<std::monostate>> async_delete(connector_kind kind,
                                                                      std::int64_t id) = 0;
};

}  // namespace sdemig::sde
