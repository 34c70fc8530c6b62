"""A small SD Elements API v2 for sdemig's end-to-end tests: the connector
endpoints of a current release as Django REST Framework serves them.

Configured by the environment:
  SDE_DRF_DATABASE      the SQLite file (required; the tests make it in a temporary folder)
  SDE_DRF_MASK_SECRETS  "1": reads show secret params as "********", as SDE can
"""
import os

SECRET_KEY = "sdemig-tests-only"  # signs nothing that matters: a loopback test server
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "rest_framework.authtoken",
    "connectors",
]
MIDDLEWARE = []
ROOT_URLCONF = "sde_server.urls"
WSGI_APPLICATION = "sde_server.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["SDE_DRF_DATABASE"],
        # Two gunicorn workers share the file: a writer waits for the other's
        # transaction instead of failing with "database is locked".
        "OPTIONS": {"timeout": 30},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "connectors.pagination.PageSizePagination",
    "PAGE_SIZE": 100,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}

SDE_MASK_SECRETS = os.environ.get("SDE_DRF_MASK_SECRETS") == "1"
# Params whose values are secrets: what SDE masks when it masks.
SDE_SECRET_PARAM_SUFFIXES = ("_pass", "_password", "_api_token", "_secret")
