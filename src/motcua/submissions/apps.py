# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "motcua.submissions"
    label = "submissions"
    verbose_name = _("Online submissions")
