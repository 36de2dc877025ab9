"""The weight recipe of ../shared/vectors/README.md, shared by the vector tests."""

from __future__ import annotations

import math
import zlib

import torch


def recipe_tensor(key: str, shape, dtype, gain: float) -> torch.Tensor:
    """One tensor of the recipe, verbatim (``dtype`` a torch dtype or its name)."""
    dtype = getattr(torch, dtype) if isinstance(dtype, str) else dtype
    g = torch.Generator().manual_seed(zlib.crc32(key.encode("utf-8")))
    if key.endswith("num_batches_tracked"):
        return torch.zeros(shape, dtype=dtype)
    if key.endswith("running_var"):
        return 0.5 + torch.rand(shape, generator=g)
    if len(shape) >= 2:
        return torch.randn(shape, generator=g) / math.sqrt(math.prod(shape[1:])) * gain
    if len(shape) == 1 and key.endswith(".weight"):
        return 1 + 0.1 * torch.randn(shape, generator=g)
    return 0.1 * torch.randn(shape, generator=g)


def recipe_state_dict(keys, gain: float) -> dict:
    """A state dict filled by the recipe from ``[key, shape, dtype]`` rows (keys.json)."""
    if torch.get_default_dtype() != torch.float32:
        raise RuntimeError("the recipe needs torch's default dtype to be float32")
    return {k: recipe_tensor(k, s, d, gain) for k, s, d in keys}
