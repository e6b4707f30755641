# SPDX-License-Identifier: EUPL-1.2
from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
