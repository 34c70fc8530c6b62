#include "engine/commands/exporter.hpp"

#include "engine/connections/connection_export.hpp"
#include "engine/connections/read_connections.hpp"
#include "io/json/export_parser.hpp"
#include "io/json/json_writer.hpp"
#include "io/time/iso8601.hpp"

namespace sdemig::engine {

boost::asio::awaitable<sde::result<export_counts>> async_export(sde::sde_client& client,
                                                                const export_options& options,
                                                                const export_sink& sink) {
  json::write_options write;
  write.redact_secrets = !options.include_secrets;
  const bool ndjson = options.format == export_format::ndjson;
  // The document is streamed page by page: the writer's text goes to the
  // sink and is cleared; the writer keeps its place in the document.
  json::writer w;
  if (!ndjson) {
    w.begin_object();
    w.member("format", json::export_format);
    w.member("source", options.source);
    w.member("exported_at", time::iso8601_now());
    w.member("api", to_string(client.generation()));
  }
  export_counts total;
  secret_rule secrets(options.schema);  // the schema's secret fields, else names that look secret
  inventory kept;  // --connections: their connectors, to name them and find their own params
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    const bool wanted =
        std::find(options.kinds.begin(), options.kinds.end(), kind) != options.kinds.end();
    if (!ndjson) {
      w.key(to_string(kind));
      w.begin_array();
    }
    if (wanted) {
      json::write_options line = write;  // NDJSON: each line says its kind and API
      line.kind_member = to_string(kind);
      line.api_member = to_string(client.generation());
      auto listed = co_await client.async_list(kind, [&](connector_page& page) {
        for (connector& c : page.results) {
          secrets.mark(c);
          if (options.scrub) options.scrub->add_secrets_of(c);
          if (options.connections) kept.of(kind).push_back(c);
          if (ndjson) {
            json::append_connector(w.text(), c, line);
            w.text() += '\n';
          } else {
            w.connector_value(c, write);
          }
        }
        if (options.progress) options.progress->add("exported", page.results.size());
        sink(w.text());  // one page at a time
        w.text().clear();
        return true;
      });
      if (!listed) co_return listed.error();
      total.connectors += listed.value();
    }
    if (!ndjson) w.end_array();
  }
  if (options.connections) {
    sde::result<instance_connections> read =
        co_await async_read_connections(client, options.kinds, options.concurrency);
    if (!read) co_return read.error();
    if (!ndjson) {
      w.key("connections");
      w.begin_array();
    }
    for (connector_kind kind : options.kinds) {
      for (const connection_record& r :
           to_records(kind, read.value().of(kind), read.value().projects, kept, true, secrets)) {
        ++total.connections;
        if (!r.value.params) ++total.without_params;  // written without a params member
        for (const param& p : r.value.params.value_or(std::vector<param>{})) {
          if (is_secret(p) && options.scrub) options.scrub->add(p.value.text);
        }
        if (ndjson) {
          json::writer line;
          write_connection_record(line, r, true, options.include_secrets);
          w.text() += line.take() + "\n";
        } else {
          write_connection_record(w, r, false, options.include_secrets);
        }
      }
    }
    if (!ndjson) w.end_array();
  }
  if (!ndjson) {
    w.end_object();
    w.text() += '\n';
  }
  sink(w.text());
  total.guessed_secrets = secrets.guessed();
  co_return total;
}

}  // namespace sdemig::engine
