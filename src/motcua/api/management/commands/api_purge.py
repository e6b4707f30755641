# SPDX-License-Identifier: EUPL-1.2
from typing import Any

from django.core.management.base import BaseCommand

from motcua.api.services import api_purge


class Command(BaseCommand):
    help = "Delete API idempotency keys past MOTCUA_API_IDEMPOTENCY_HOURS and long-expired tokens."

    def handle(self, *args: Any, **options: Any) -> None:
        keys, tokens = api_purge()
        self.stdout.write(f"{keys} idempotency keys and {tokens} tokens deleted")
