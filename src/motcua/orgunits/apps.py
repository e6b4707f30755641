# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgUnitsConfig(AppConfig):
    name = "motcua.orgunits"
    label = "orgunits"
    verbose_name = _("Organisation")
