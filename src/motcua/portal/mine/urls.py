# SPDX-License-Identifier: EUPL-1.2
"""My dossiers: the list, one dossier, answering a request, withdrawing, printed forms."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal.mine import answer, views, withdraw

urlpatterns: list[URLPattern | URLResolver] = [
    path("ho-so-cua-toi/", views.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<int:pk>/", views.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<int:pk>/bo-sung/", answer.my_dossier_answer, name="my_dossier_answer"),
    path(
        "ho-so-cua-toi/<int:pk>/rut-ho-so/",
        withdraw.my_dossier_withdraw,
        name="my_dossier_withdraw",
    ),
    path(
        "ho-so-cua-toi/<int:pk>/bieu-mau/<int:sequence>.pdf",
        views.my_dossier_form,
        name="my_dossier_form",
    ),
]
