#pragma once
// A Beast body that reads into a std::string whose capacity keeps
// simdjson's padding past the end, so the JSON parser reads it in place.

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <string>

namespace sdemig::net::detail {

inline constexpr std::size_t json_padding = 64;  // >= SIMDJSON_PADDING

struct padded_body {
  using value_type = std::string;

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>& length, boost::beast::error_code& ec) {
      body_.clear();
      if (length) body_.reserve(static_cast<std::size_t>(*length) + json_padding);
      ec = {};
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
      std::size_t n = 0;
      for (auto b : boost::beast::buffers_range_ref(buffers)) {
        if (body_.capacity() < body_.size() + b.size() + json_padding) {
          body_.reserve(std::max(body_.capacity() * 2, body_.size() + b.size() + json_padding));
        }
        body_.append(static_cast<const char*>(b.data()), b.size());
        n += b.size();
      }
      ec = {};
      return n;
    }

    void finish(boost::beast::error_code& ec) {
      if (body_.capacity() < body_.size() + json_padding) body_.reserve(body_.size() + json_padding);
      ec = {};
    }

   private:
    value_type& body_;
  };
};

}  // namespace sdemig::net::detail
