"""Row ids: a client-generated UUID for every user row."""

from __future__ import annotations


def new_id() -> str:
    import uuid  # a few ms at import; only writers need it

    return str(uuid.uuid4())
