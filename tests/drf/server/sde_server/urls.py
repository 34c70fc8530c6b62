from django.urls import include, path
from rest_framework.routers import DefaultRouter

from connectors import views

router = DefaultRouter()  # trailing slashes, as SDE's paths have
router.register("connectors/issue-tracker", views.IssueTrackerConnectorViewSet)
router.register("connectors/analysis", views.AnalysisConnectorViewSet)
router.register("plugins/issue-tracker", views.IssueTrackerPluginViewSet, basename="plugin")

urlpatterns = [path("api/v2/", include(router.urls))]
