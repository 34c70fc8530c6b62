from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Makes KEY the API token of the user USERNAME (created when missing)."

    def add_arguments(self, parser):
        parser.add_argument("key")
        parser.add_argument("--username", default="sdemig")

    def handle(self, *args, key, username, **options):
        user, _ = get_user_model().objects.get_or_create(username=username)
        Token.objects.filter(user=user).delete()
        Token.objects.create(user=user, key=key)
