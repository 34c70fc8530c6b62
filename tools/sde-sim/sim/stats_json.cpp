#include "io/json/json_writer.hpp"
#include "sim/server.hpp"

namespace sdemig::sim {

std::string to_json(const server_stats& s) {
  json::writer w;
  w.begin_object();
  w.member("connections_accepted", s.connections_accepted);
  w.member("connections_open", s.connections_open);
  w.member("requests", s.requests);
  w.member("writes_applied", s.writes_applied);
  w.member("connector_lists", s.connector_lists);
  w.member("first_write_us", s.first_write_us);
  w.member("last_write_us", s.last_write_us);
  w.key("faults");
  w.begin_object();
  w.member("throttled", s.throttled);
  w.member("unavailable", s.unavailable);
  w.member("resets_before_apply", s.resets_before_apply);
  w.member("resets_after_apply", s.resets_after_apply);
  w.member("delayed", s.delayed);
  w.member("empty_bodies", s.empty_bodies);
  w.member("hung", s.hung);
  w.end_object();
  w.key("tls");
  w.begin_object();
  w.member("handshakes", s.tls_handshakes);
  w.member("resumed", s.tls_resumed);
  w.end_object();
  w.member("inflight_max", s.capacity.inflight_max);
  w.member("queue_max", s.capacity.queue_max);
  w.member("queue_wait_ms_p50", s.capacity.queue_wait_ms_p50);
  w.member("queue_wait_ms_p99", s.capacity.queue_wait_ms_p99);
  w.member("rate_limited", s.capacity.throttled);
  w.end_object();
  return w.take();
}

}  // namespace sdemig::sim
