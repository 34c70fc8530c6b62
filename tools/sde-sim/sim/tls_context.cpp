#include "sim/tls_context.hpp"

#include <stdexcept>

namespace sdemig::sim {

boost::asio::ssl::context make_tls_context(const tls_files& files, bool tls12_only) {
  namespace ssl = boost::asio::ssl;
  try {
    ssl::context tls(ssl::context::tls_server);
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::single_dh_use);
    tls.use_certificate_chain_file(files.cert_pem);
    tls.use_private_key_file(files.key_pem, ssl::context::pem);
    SSL_CTX* native = tls.native_handle();
    if (tls12_only) SSL_CTX_set_max_proto_version(native, TLS1_2_VERSION);
    // Sessions resume from the server's cache (TLS 1.2 session ids) or a
    // ticket (both versions).
    static constexpr unsigned char sid_context[] = "sde-sim";
    SSL_CTX_set_session_id_context(native, sid_context, sizeof sid_context - 1);
    SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_SERVER);
    return tls;
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot load TLS certificate " + files.cert_pem + " / key " +
                             files.key_pem + ": " + e.what());
  }
}

}  // namespace sdemig::sim
