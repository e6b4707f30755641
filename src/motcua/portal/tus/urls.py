# SPDX-License-Identifier: EUPL-1.2
"""The tus endpoint: ``tai-len/`` creates an upload, ``tai-len/<id>/`` is one upload."""

from django.urls import path

from motcua.portal.tus import views

urlpatterns = [
    path("tai-len/", views.tus_collection, name="tus"),
    path("tai-len/<uuid:pk>/", views.tus_resource, name="tus_upload"),
]
