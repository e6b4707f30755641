# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "motcua.sync"
    label = "sync"
    verbose_name = _("Synchronisation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from motcua.core.outbox import listen
        from motcua.sync.routing import route_message

        listen(route_message)
