"""The systems a connector may name: id -> (name, short_name)."""

ISSUE_TRACKERS = {
    "github": ("GitHub", "GitHub"),
    "jira": ("JIRA", "JIRA"),
    "rally": ("Rally", "Rally"),
    "trac": ("Trac", "Trac"),
    "tfs": ("Azure DevOps", "TFS"),
    "servicenow": ("ServiceNow", "ServiceNow"),
    "gitlab": ("GitLab", "GitLab"),
    "pivotal_tracker": ("Pivotal Tracker", "Pivotal"),
    "hp_alm": ("Micro Focus ALM", "HP ALM"),
}

ANALYSIS_TOOLS = {
    "fortify": ("Fortify", "Fortify"),
    "veracode": ("Veracode", "Veracode"),
    "whitehat": ("WhiteHat", "WhiteHat"),
    "appscan": ("AppScan", "AppScan"),
    "checkmarx": ("Checkmarx", "Checkmarx"),
    "webinspect": ("WebInspect", "WebInspect"),
}
