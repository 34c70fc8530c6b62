"""The issue-tracker plugin schema, as /api/v2/plugins/issue-tracker/ serves it:
per system the params a connector (scope "system") or a project's
connection (scope "project") may hold. Secrets are "masked_string"."""

from .systems import ISSUE_TRACKERS

PRIORITIES = [str(n) for n in range(1, 11)]


def field(name, field_type="string", required=False, options=(), scope=("system",)):
    return {
        "name": name,
        "label": name.replace("_", " ").capitalize(),
        "field_type": field_type,
        "default": None,
        "required": required,
        "scope": list(scope),
        "options": [{"label": o, "value": o, "disabled": False} for o in options],
    }


COMMON_FIELDS = [
    field("issue_tracker_server", required=True),
    field("issue_tracker_method", "radio", options=["http", "https"]),
    field("issue_tracker_auth_mode", "radio", required=True, options=["basic", "api_token"]),
    field("issue_tracker_user"),
    field("issue_tracker_pass", "masked_string"),
    field("issue_tracker_api_token", "masked_string"),
    field("issue_tracker_validate_cert", "boolean"),
    field(
        "issue_tracker_phases",
        "select",
        options=["requirements", "architecture-design", "development", "testing"],
    ),
    field("issue_tracker_parent_issue", scope=["project"]),
    field("issue_tracker_project_token", "masked_string", scope=["project"]),
    field("conflict_policy", "radio", options=["issue_tracker", "sde"]),
    field("title_format"),
    field("sde_verification_filter", "select", options=["none", "partial", "pass", "fail"]),
    field("sde_statuses_in_scope", "select", options=["TODO", "DONE", "NA"]),
    field("sde_min_priority", "select", options=PRIORITIES),
    field("sde_tags_filter"),
]

SYSTEM_FIELDS = {
    "github": [field("github_repo_owner", required=True), field("github_duplicate_label")],
    "jira": [field("jira_version")],
    "rally": [field("rally_workspace")],
    "gitlab": [field("gitlab_project")],
    "servicenow": [field("servicenow_client_secret", "masked_string")],
}


def project_field(system_id):
    # Azure DevOps names its project on the connector too.
    scope = ["system", "project"] if system_id == "tfs" else ["project"]
    return field("issue_tracker_project", scope=scope)


def fields_of(system_id):
    return COMMON_FIELDS + [project_field(system_id)] + SYSTEM_FIELDS.get(system_id, [])


SCHEMAS = [
    {
        "id": system_id,
        "name": name,
        "short_name": short_name,
        "command": f"sde-{system_id}",
        "sections": [{"label": "Connection", "optional": False, "fields": fields_of(system_id)}],
    }
    for system_id, (name, short_name) in ISSUE_TRACKERS.items()
]
