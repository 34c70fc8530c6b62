import json

from django.core.management.base import BaseCommand
from django.test import override_settings

from connectors.serializers import BY_KIND


class Command(BaseCommand):
    help = (
        "Prints every connector of KIND as the API serves it but with secrets in "
        'clear, as {"results": [...]}: what the database holds.'
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(BY_KIND))

    def handle(self, *args, kind, **options):
        serializer = BY_KIND[kind]
        with override_settings(SDE_MASK_SECRETS=False):
            data = serializer(serializer.Meta.model.objects.all(), many=True).data
        self.stdout.write(json.dumps({"results": data}, ensure_ascii=False))
