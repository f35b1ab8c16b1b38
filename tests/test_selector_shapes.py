"""Line shapes: digit tokens fold to "0", consecutive lines of one shape form one run.

``shape_runs`` folds each distinct line of a chunk once and reuses the result for its later
repeats, so a line's shape must not depend on where it stands or on the lines around it.
"""

from __future__ import annotations

from publisher.selector.shapes import shape_runs


def test_digit_tokens_fold_whole_and_keys_survive() -> None:
    runs = list(shape_runs("memberId='order-7-kx2p', retry\nINFO v1.2.3 up 5s took=318771ms"))
    assert runs == [("memberId=0 retry", 1), ("INFO 0 up 0 took=0", 1)]


def test_consecutive_lines_of_one_shape_are_one_run() -> None:
    assert list(shape_runs("took 318771ms\ntook 12ms\n\n\nok")) == [
        ("took 0", 2),
        ("", 2),
        ("ok", 1),
    ]


def test_a_repeat_after_other_lines_has_the_same_shape_in_a_new_run() -> None:
    text = "INFO v1.2 up 5s\nretrying\nINFO v2.0 up 17s\nretrying\nINFO v3.1 up 1s"
    assert list(shape_runs(text)) == [
        ("INFO 0 up 0", 1),
        ("retrying", 1),
        ("INFO 0 up 0", 1),
        ("retrying", 1),
        ("INFO 0 up 0", 1),
    ]


def test_a_line_shape_does_not_depend_on_its_neighbours() -> None:
    lines = ["a1 b22", "x", "é 7 ⎿ v9", "k=3:4", "a1 b22", "tail 0x1f"]
    together = [shape for shape, _ in shape_runs("\n".join(lines))]
    alone = [next(shape_runs(line))[0] for line in lines]
    assert together == alone
