"""Dataset readers: ICDAR lines, VOC void handling, the creatives layout."""

import json

import numpy as np
import pytest
from PIL import Image

from creative_tools.bench import datasets as D
from creative_tools.errors import ContractError


def test_icdar_line_with_bom_and_comma(tmp_path):
    p = tmp_path / "gt_img_7.txt"
    p.write_bytes("\ufeff1,2,30,2,30,12,1,12,Hello, world\r\n\n5,6,7,6,7,8,5,8,###\n".encode("utf-8"))
    quads, texts = D.read_icdar_words(p)
    assert texts == ["Hello, world", "###"]
    np.testing.assert_array_equal(quads[0], np.array([[1, 2], [30, 2], [30, 12], [1, 12]], np.float32))
    assert quads[0].dtype == np.float32


def test_icdar_bad_line_names_file_and_line(tmp_path):
    p = tmp_path / "gt.txt"
    p.write_text("1,2,3,4,5,6,7,8,ok\n1,2,3,x,5,6,7,8,bad\n", encoding="utf-8")
    with pytest.raises(ContractError, match=r"gt.txt:2"):
        D.read_icdar_words(p)


def test_voc_void_is_ignored(tmp_path):
    lab = np.array([[0, 128, 255], [255, 128, 0]], np.uint8)
    Image.fromarray(lab, "L").save(tmp_path / "a_person.png")
    Image.fromarray(np.zeros((2, 3, 3), np.uint8)).save(tmp_path / "a.jpg")
    ds = D.voc_person(tmp_path)
    assert ds.keys == ["a"]
    s = ds[0]
    np.testing.assert_array_equal(s.person, [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(s.person_ignore, [[0, 1, 0], [0, 1, 0]])
    assert s.person.dtype == bool and s.image.shape == (2, 3, 3)


def test_creatives_layout(tmp_path):
    im = np.zeros((4, 6, 3), np.uint8)
    im[1, 1] = 200
    im[2, 4] = 50
    Image.fromarray(im).save(tmp_path / "c10.png")
    Image.fromarray(im).save(tmp_path / "c2.png")
    Image.fromarray(im).save(tmp_path / "nolabel.png")
    for stem in ("c10", "c2"):
        t = tmp_path / "truth" / stem
        t.mkdir(parents=True)
        Image.fromarray(np.zeros((4, 6, 3), np.uint8)).save(t / "background.png")
        text = np.zeros((4, 6), np.uint8)
        text[1, 1] = 255
        Image.fromarray(text).save(t / "text_mask.png")
        (t / "meta.json").write_text(json.dumps({"words": [{"points": [[0, 0], [3, 0], [3, 2], [0, 2]], "text": "A"}]}))
    ds = D.creatives(tmp_path)
    assert ds.keys == ["c2", "c10"]               # natural order, unlabelled skipped
    s = ds[0]
    assert s.person is None and s.text.sum() == 1
    assert len(s.words) == 1 and s.transcriptions == ["A"] and s.dont_care == [False]
    np.testing.assert_array_equal(np.argwhere(s.removal), [[1, 1], [2, 4]])


def test_open_dataset_names_and_env(tmp_path, monkeypatch):
    (tmp_path / "eval" / "person_voc").mkdir(parents=True)
    monkeypatch.setenv("CREATIVE_TOOLS_SHARED", str(tmp_path))
    assert D.shared_dir() == tmp_path
    assert D.open_dataset("voc").root == tmp_path / "eval" / "person_voc"
    assert D.shared_dir("/x") == D.Path("/x")
    with pytest.raises(ContractError, match="dataset must be one of"):
        D.open_dataset("nope")


def test_shared_eval_readers(eval_dir):
    ic = D.icdar15(eval_dir / "text_icdar15")
    assert len(ic) == 10 and ic.keys[:3] == ["img_1", "img_2", "img_3"]
    s = ic[0]
    assert s.image.shape == (720, 1280, 3) and s.transcriptions[0] == "Genaxis Theatre"
    voc = D.voc_person(eval_dir / "person_voc")
    assert len(voc) == 4
    empty = [s for s in voc if not s.person.any()]
    assert [s.name for s in empty] == ["2011_000025"]


def test_meta_texts_lines_and_multiline_dont_care():
    meta = {"texts": [
        {"text": "A\nB", "quad_xy": [[0, 0], [9, 0], [9, 9], [0, 9]]},
        {"text": "C", "quad_xy": [[0, 20], [9, 20], [9, 29], [0, 29]]},
        {"text": "D\nE", "quad_xy": [[0, 40], [9, 40], [9, 59], [0, 59]],
         "lines": [{"text": "D", "quad_xy": [[0, 40], [9, 40], [9, 49], [0, 49]]},
                   {"text": "E", "quad_xy": [[0, 50], [9, 50], [9, 59], [0, 59]]}]},
    ]}
    quads, texts = D._meta_words(meta)
    assert texts == ["###", "C", "D", "E"]
    assert quads[3][0].tolist() == [0, 50]
