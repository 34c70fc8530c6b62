// Fuzzes the HTTP response path: bytes as they would arrive from a socket,
// fed in pieces to the response parser the client uses.
#include <boost/beast/core/buffers_prefix.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <cstddef>
#include <cstdint>

#include "io/net/detail/response_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first byte picks how the stream is cut into reads.
  const std::size_t piece = size ? (data[0] % 61) + 1 : 1;
  sdemig::net::detail::response_parser parser;
  parser.body_limit(1 << 20);
  parser.header_limit(8 * 1024);
  boost::beast::flat_buffer buffer;
  std::size_t fed = size ? 1 : 0;
  boost::beast::error_code ec;
  while (!parser.is_done() && fed < size) {
    const std::size_t n = std::min(piece, size - fed);
    auto room = buffer.prepare(n);
    std::memcpy(room.data(), data + fed, n);
    buffer.commit(n);
    fed += n;
    const std::size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == boost::beast::http::error::need_more) {
      ec = {};
      continue;
    }
    if (ec) return 0;
  }
  if (parser.is_done() && parser.body.capacity() < parser.body.size() + sdemig::json::padding)
    __builtin_trap();
  return 0;
}
