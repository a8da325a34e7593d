"""evaluate/split.py: the sealed part is fixed by a hash of the item id, about a third of a set."""

import hashlib

from truce.core.extract.evaluate import split


def test_sealed_exactly_when_the_ids_sha256_is_divisible_by_three():
    for item_id in ("1", "17", "APW19980807.0261", "article_ab12", "ünïcode"):
        value = int.from_bytes(hashlib.sha256(item_id.encode("utf-8")).digest(), "big")
        assert (split.part_of(item_id) == "sealed") == (value % 3 == 0)


def test_about_a_third_of_many_ids_are_sealed():
    sealed = sum(split.part_of(str(n)) == "sealed" for n in range(3000))
    assert 900 < sealed < 1100


def test_keeps_everything_without_a_part_and_one_part_otherwise():
    assert split.keeps(None, "1") and split.keeps(None, "2")
    for item_id in map(str, range(50)):
        assert split.keeps("sealed", item_id) != split.keeps("tuning", item_id)
