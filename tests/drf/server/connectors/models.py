from django.db import models

from . import systems


class Connector(models.Model):
    """A connector of one kind; its name is unique within the kind."""

    SYSTEMS = {}

    name = models.CharField(max_length=255, unique=True)
    system = models.CharField(max_length=64)  # a key of SYSTEMS
    inaccessible = models.BooleanField(default=False)
    # One JSON value: a write that sends `params` replaces the whole object.
    params = models.JSONField(default=dict)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return self.name


class IssueTrackerConnector(Connector):
    SYSTEMS = systems.ISSUE_TRACKERS

    class Meta(Connector.Meta):
        verbose_name = "issue tracker connector"


class AnalysisConnector(Connector):
    SYSTEMS = systems.ANALYSIS_TOOLS

    class Meta(Connector.Meta):
        verbose_name = "analysis connector"
