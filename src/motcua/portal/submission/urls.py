# SPDX-License-Identifier: EUPL-1.2
"""Online submission (namespace ``portal``): start, the steps of a draft, the confirmation."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal.submission import steps, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("nop-ho-so/", views.submission_drafts, name="submission_drafts"),
    path("nop-ho-so/ban-nhap/<int:pk>/noi-nop/", steps.submission_where, name="submission_where"),
    path(
        "nop-ho-so/ban-nhap/<int:pk>/nguoi-nop/",
        steps.submission_applicant,
        name="submission_applicant",
    ),
    path("nop-ho-so/ban-nhap/<int:pk>/to-khai/", steps.submission_form, name="submission_form"),
    path(
        "nop-ho-so/ban-nhap/<int:pk>/giay-to/",
        steps.submission_documents,
        name="submission_documents",
    ),
    path("nop-ho-so/ban-nhap/<int:pk>/xem-lai/", steps.submission_review, name="submission_review"),
    path("nop-ho-so/da-nop/<int:pk>/", views.submission_done, name="submission_done"),
    path(
        "nop-ho-so/da-nop/<int:pk>/bien-nhan.pdf",
        views.submission_receipt,
        name="submission_receipt",
    ),
    path("nop-ho-so/<str:code>/", views.submit, name="submit"),
]
