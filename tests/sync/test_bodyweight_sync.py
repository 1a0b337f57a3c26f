"""The bodyweight log syncs like the other user tables: pushed, pulled by another device, deletions travel."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flux_tui.timefmt import utc_now
from tests.sync.conftest import assert_converged

pytestmark = pytest.mark.stack


def test_weighings_travel_between_devices_and_so_do_deletions(stack, user, devices):
    email, password, uid = user
    a, b = devices("laptop_a").login(email, password), devices("laptop_b").login(email, password)
    start = utc_now() - timedelta(days=3)
    first = a.training.log_bodyweight(82.5, start)
    a.training.log_bodyweight(81.9, start + timedelta(days=1))
    assert a.store.outbox.counts().get("bodyweights") == 2, "each weighing is queued in its own commit"
    assert a.sync().pushed["bodyweights"] == 2
    b.sync()
    assert [(w.id, w.kg) for w in b.training.bodyweight_series()] == [
        (w.id, w.kg) for w in a.training.bodyweight_series()]
    assert b.training.bodyweight_series()[0].utc_offset == first.utc_offset, "the local day travels with it"

    assert b.training.delete_bodyweight(first.id)
    b.sync()
    a.sync()
    assert [w.kg for w in a.training.bodyweight_series()] == [81.9]
    counts = assert_converged(stack, uid, a, b)
    assert counts["bodyweights"] == 2, "the deletion is a tombstone on the server"
