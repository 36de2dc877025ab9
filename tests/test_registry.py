import pytest

import creative_tools as ct
from creative_tools import registry
from creative_tools.errors import BackendUnavailableError, ContractError, UnknownBackendError


def test_tasks_have_their_defaults():
    assert "auto" in ct.available("inpaint") and "telea" in ct.available("inpaint")
    assert "ppocr" in ct.available("text")
    assert "mediapipe" in ct.available("person")


def test_unknown_name_lists_valid_ones():
    with pytest.raises(UnknownBackendError) as e:
        ct.load("person", "yolo")
    assert str(e.value).startswith("Unsupported person backend: 'yolo'. Available: [")
    assert "'mediapipe'" in str(e.value)
    with pytest.raises(ContractError, match="task must be one of"):
        ct.available("logo")


def test_register_twice_raises_and_missing_requirement():
    name = "test-only-backend"
    registry.register("inpaint", name, requires=("no_such_module_xyz",))(lambda **o: o)
    try:
        with pytest.raises(ValueError, match="already registered"):
            registry.register("inpaint", name)(lambda **o: o)
        with pytest.raises(BackendUnavailableError, match="no_such_module_xyz"):
            ct.load("inpaint", name)
        row = [r for r in registry.status("inpaint") if r["name"] == name][0]
        assert not row["runnable"] and "missing packages: no_such_module_xyz" in row["detail"]
    finally:
        del registry._REGISTRY["inpaint"][name]


def test_load_passes_options_and_returns_new_objects():
    a = ct.load("inpaint", "telea", radius=3)
    b = ct.load("inpaint", "telea")
    assert a is not b and a.radius == 3 and b.radius == 5
    with pytest.raises(ContractError, match="radius"):
        ct.load("inpaint", "telea", radius=0)


def test_status_lists_every_backend():
    rows = registry.status()
    names = {(r["task"], r["name"]) for r in rows}
    for t in registry.TASKS:
        assert {(t, n) for n in ct.available(t)} <= names


@pytest.mark.parametrize("task", registry.TASKS)
def test_accepts_device_is_declared_not_guessed(task):
    # a backend that declares accepts_device takes a `device` option, and one that takes it declares it
    for name in registry.available(task):
        s = registry.spec(task, name)
        names = registry.option_names(task, name)
        if names is not None:
            assert ("device" in names) == s.accepts_device, (task, name)
