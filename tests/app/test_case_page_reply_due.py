"""The case page shows "Reply due" only while a reply is awaited: not once the party has replied, and not on
a ruled or published case, where the date asks nothing of anyone."""

from __future__ import annotations

from tests.app.story import signed_in
from tests.app.test_workflow_permissions import Scene


def _shows_due(cast, scene: Scene, name: str = "qa") -> bool:
    return "Reply due" in signed_in(cast.users[name]).get(f"/cases/{scene.case}/").content.decode()


def test_reply_due_shows_while_the_reply_is_awaited(cast):
    scene = Scene(cast).to("awaiting_reply")
    assert _shows_due(cast, scene) and _shows_due(cast, scene, "af")


def test_reply_due_goes_once_the_party_replied(cast):
    scene = Scene(cast).to("replied")
    assert not _shows_due(cast, scene) and not _shows_due(cast, scene, "af")


def test_reply_due_is_not_shown_on_a_ruled_case(cast):
    scene = Scene(cast).to("ruled")
    assert not _shows_due(cast, scene)
