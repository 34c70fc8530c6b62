#include "engine/exporter.hpp"

#include "io/json/export_parser.hpp"
#include "io/json/json_writer.hpp"
#include "io/time/iso8601.hpp"

namespace sdemig::engine {

boost::asio::awaitable<sde::result<std::size_t>> async_export(sde::sde_client& client, const export_options& options,
                                                              const export_sink& sink) {
  json::write_options write;
  write.redact_secrets = !options.include_secrets;
  std::string buffer;
  const bool ndjson = options.format == export_format::ndjson;
  if (!ndjson) {
    buffer = "{\"format\":\"" + std::string(json::export_format) + "\",\"source\":";
    json::append_string(buffer, options.source);
    buffer += ",\"exported_at\":\"" + time::iso8601_now() + "\",\"api\":\"" + std::string(to_string(client.generation())) + "\"";
  }
  std::size_t total = 0;
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    const bool wanted = std::find(options.kinds.begin(), options.kinds.end(), kind) != options.kinds.end();
    if (!ndjson) buffer += ",\"" + std::string(to_string(kind)) + "\":[";
    bool first = true;
    if (wanted) {
      const std::string kind_field = "{\"kind\":\"" + std::string(to_string(kind)) + "\",\"api\":\"" +
                                     std::string(to_string(client.generation())) + "\",";
      auto listed = co_await client.async_list(kind, options.page_size, [&](connector_page& page) {
        for (connector& c : page.results) {
          if (options.schema) mark_schema_secrets(c, *options.schema);
          if (options.scrub) options.scrub->add_secrets_of(c);
          if (ndjson) {
            const std::size_t start = buffer.size();
            json::append_connector(buffer, c, write);
            buffer.replace(start, 1, kind_field);  // {"kind":"alm","id":...
            buffer += '\n';
          } else {
            if (!first) buffer += ',';
            json::append_connector(buffer, c, write);
          }
          first = false;
        }
        if (options.progress) options.progress->add("exported", page.results.size());
        sink(buffer);  // one page at a time
        buffer.clear();
        return true;
      });
      if (!listed) co_return listed.error();
      total += listed.value();
    }
    if (!ndjson) buffer += ']';
  }
  if (!ndjson) buffer += "}\n";
  sink(buffer);
  co_return total;
}

}  // namespace sdemig::engine
