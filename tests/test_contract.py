import numpy as np
import pytest

from creative_tools import ContractError, as_mask, check_image, check_mask, check_prob


@pytest.mark.parametrize("bad, words", [
    (np.zeros((4, 5), np.uint8), "got array of shape (4, 5) and dtype uint8"),
    (np.zeros((4, 5, 4), np.uint8), "got array of shape (4, 5, 4)"),
    (np.zeros((4, 5, 3), np.float32), "dtype float32"),
    ([[1, 2, 3]], "got list"),
    (np.zeros((0, 5, 3), np.uint8), "must not be empty"),
])
def test_check_image_rejects_with_expected_and_actual(bad, words):
    with pytest.raises(ContractError) as e:
        check_image(bad, "creative")
    assert "creative" in str(e.value) and words in str(e.value)


def test_check_mask_shape_must_match_image():
    img = np.zeros((720, 1280, 3), np.uint8)
    with pytest.raises(ContractError, match=r"mask must have shape \(720, 1280\) like image, got \(720, 1279\)"):
        check_mask(np.zeros((720, 1279), bool), like=img)
    with pytest.raises(ContractError, match="bool"):
        check_mask(np.zeros((720, 1280), np.uint8), like=img)
    assert check_mask(np.zeros((720, 1280), bool), like=img).shape == (720, 1280)


def test_check_prob_range_and_nan():
    check_prob(np.array([[0.0, 1.0]], np.float32))
    with pytest.raises(ContractError, match=r"range \[0.0, 1.5\]"):
        check_prob(np.array([[0.0, 1.5]], np.float32))
    with pytest.raises(ContractError, match="in \\[0, 1\\]"):
        check_prob(np.array([[np.nan, 0.5]], np.float32))
    with pytest.raises(ContractError, match="float32"):
        check_prob(np.zeros((2, 2), np.float64))


def test_as_mask():
    assert as_mask(np.array([[0, 1, 255]])).tolist() == [[False, True, True]]
    assert as_mask(np.zeros((2, 2, 1))).shape == (2, 2)
    with pytest.raises(ContractError):
        as_mask(np.zeros((2, 2, 3)))
