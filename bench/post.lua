-- wrk script for bench/compare clone: POSTs of distinct, valid connectors
-- shaped like the ones the clone sends (a JIRA connector with the seed's
-- eleven params), so both put the same work on the server.
-- `wrk ... -s bench/post.lua URL -- N` stops sending after N answers.
local sent = 0
local done = 0
local limit = 0
local prefix = tostring(math.random(1e9))
local params = '"params":{"sde_verification_filter":"none,partial,pass,fail","jira_version":"5",' ..
  '"title_format":"$task_id $title","alm_method":"https","alm_server":"team-1.atlassian.net",' ..
  '"alm_user":"svc-sde-1","alm_pass":"pw-123456\\"q\\\\z","alm_phases":"requirements,architecture-design,development",' ..
  '"sde_statuses_in_scope":"TODO","conflict_policy":"alm","sde_min_priority":"7"}'
init = function(args) limit = tonumber(args[1] or "0") end
request = function()
  sent = sent + 1
  local body = '{"name":"wrk JIRA Connector ' .. prefix .. '-' .. sent ..
    '","system":{"id":"jira"},"inaccessible":false,' .. params .. '}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Token x"}, body)
end
response = function(status, headers, body)
  done = done + 1
  if limit > 0 and done >= limit then wrk.thread:stop() end
end
