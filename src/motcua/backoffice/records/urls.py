# SPDX-License-Identifier: EUPL-1.2
"""Printed forms, the control sheet and the tracking book."""

from django.urls import URLPattern, URLResolver, path

from motcua.backoffice.records import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("records/", views.records_index, name="records"),
    path("records/tracking-book.xlsx", views.tracking_book, name="tracking_book"),
    path("dossiers/<int:pk>/forms/<int:sequence>.pdf", views.form_pdf, name="form_pdf"),
    path("dossiers/<int:pk>/control-sheet/", views.control_sheet, name="control_sheet"),
    path("dossiers/<int:pk>/control-sheet.pdf", views.control_sheet_pdf, name="control_sheet_pdf"),
]
