#pragma once
// The emulator's TLS: its certificate and key, the versions it serves (1.2
// and 1.3, or 1.2 alone as many on-premises instances), and resumption from
// a server session cache or a ticket, as nginx's defaults do. Included by
// server.cpp only (Asio stays out of the emulator's other headers).

#include <boost/asio/ssl/context.hpp>

#include "sim/server.hpp"

namespace sdemig::sim {

// Throws std::runtime_error naming the files when they cannot be loaded.
boost::asio::ssl::context make_tls_context(const tls_files& files, bool tls12_only);

}  // namespace sdemig::sim
