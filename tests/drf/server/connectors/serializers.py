from django.conf import settings
from rest_framework import serializers

from .models import AnalysisConnector, IssueTrackerConnector

MASK = "********"


def is_secret(key):
    return key.endswith(settings.SDE_SECRET_PARAM_SUFFIXES)


class SystemField(serializers.Field):
    """Written as {"id": ...}; read as {"id", "name", "short_name"}."""

    def to_representation(self, value):
        name, short_name = self.parent.Meta.model.SYSTEMS.get(value, (value, value))
        return {"id": value, "name": name, "short_name": short_name}

    def to_internal_value(self, data):
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            raise serializers.ValidationError('Expected an object with an "id".')
        if data["id"] not in self.parent.Meta.model.SYSTEMS:
            raise serializers.ValidationError(f'"{data["id"]}" is not a known system.')
        return data["id"]


class ConnectorSerializer(serializers.ModelSerializer):
    system = SystemField()

    class Meta:
        fields = ["id", "name", "system", "inaccessible", "params"]

    def validate_params(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(
                f'Expected a dictionary of items but got type "{type(value).__name__}".'
            )
        return value

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if settings.SDE_MASK_SECRETS:
            data["params"] = {
                k: MASK if is_secret(k) and v else v for k, v in data["params"].items()
            }
        return data


class IssueTrackerConnectorSerializer(ConnectorSerializer):
    class Meta(ConnectorSerializer.Meta):
        model = IssueTrackerConnector


class AnalysisConnectorSerializer(ConnectorSerializer):
    class Meta(ConnectorSerializer.Meta):
        model = AnalysisConnector


# The API's path segment of each kind.
BY_KIND = {
    "issue-tracker": IssueTrackerConnectorSerializer,
    "analysis": AnalysisConnectorSerializer,
}
