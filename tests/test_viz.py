import numpy as np
import pytest

from creative_tools.errors import ContractError
from creative_tools.viz import show_row

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def test_show_row_draws_one_titled_axis_per_panel():
    import matplotlib.pyplot as plt

    rgb = np.zeros((4, 6, 3), np.uint8)
    fig = show_row([("a", rgb), ("b", np.ones((4, 6), bool)), ("c", np.zeros((4, 6), np.float32))])
    axes = fig.get_axes()
    assert [ax.get_title() for ax in axes] == ["a", "b", "c"]
    assert all(not ax.axison for ax in axes)
    plt.close(fig)
    fig = show_row([("only", rgb)])
    assert len(fig.get_axes()) == 1
    plt.close(fig)


@pytest.mark.parametrize("panels", [[], [np.zeros((2, 2))], [("a", np.zeros((2, 2)), "x")]])
def test_show_row_rejects_what_is_not_title_picture_pairs(panels):
    with pytest.raises(ContractError, match="panels must be"):
        show_row(panels)
