# SPDX-License-Identifier: EUPL-1.2
from django.test import override_settings

from motcua.dossiers.checks import check_dossier_code_settings


def test_default_settings_pass() -> None:
    assert check_dossier_code_settings() == []


@override_settings(MOTCUA_DOSSIER_CODE_SCHEME="nope", MOTCUA_DOSSIER_CODE_SYSTEM_DIGITS="1A")
def test_unknown_scheme_and_bad_digits_are_errors() -> None:
    assert [error.id for error in check_dossier_code_settings()] == ["motcua.E001", "motcua.E002"]
