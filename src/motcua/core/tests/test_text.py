# SPDX-License-Identifier: EUPL-1.2
import pytest

from motcua.core.text import fold, search_terms


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký kết hôn", "dang ky ket hon"),
        ("ĐĂNG KÝ KHAI TỬ", "dang ky khai tu"),
        ("Chứng thực bản sao từ bản chính", "chung thuc ban sao tu ban chinh"),
        ("  Hộ   tịch ", "ho tich"),
        ("Nguyễn Thị Ánh Tuyết", "nguyen thi anh tuyet"),
        ("تسجيل الزواج", "تسجيل الزواج"),  # Arabic letters are kept
        ("Реєстрація шлюбу", "реєстрація шлюбу"),  # Cyrillic letters are kept
    ],
)
def test_fold_strips_vietnamese_marks_and_folds_d(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_search_terms_are_folded_words_without_duplicates() -> None:
    assert search_terms("Đăng ký, đăng KÝ kết-hôn!") == ["dang", "ky", "ket", "hon"]
    assert search_terms("  ...  ") == []
