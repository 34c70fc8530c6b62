from django.http import Http404
from rest_framework import viewsets
from rest_framework.response import Response

from . import plugins, serializers
from .models import AnalysisConnector, IssueTrackerConnector


class IssueTrackerConnectorViewSet(viewsets.ModelViewSet):
    queryset = IssueTrackerConnector.objects.all()
    serializer_class = serializers.IssueTrackerConnectorSerializer


class AnalysisConnectorViewSet(viewsets.ModelViewSet):
    queryset = AnalysisConnector.objects.all()
    serializer_class = serializers.AnalysisConnectorSerializer


class IssueTrackerPluginViewSet(viewsets.GenericViewSet):
    """The plugin schema: read only, paginated as every list is."""

    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return plugins.SCHEMAS

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(page)

    def retrieve(self, request, pk=None):
        for schema in self.get_queryset():
            if schema["id"] == pk:
                return Response(schema)
        raise Http404
