"""Supabase sync: sign-in, offline-first push and pull, doctor (docs/sync.md).

Nothing here is imported on the start-up path: `supabase` and `httpx` are
imported inside `flux_tui.remote.client` only, when a request is about to be
made. `flux_tui.remote.background` is safe to import from the UI.
"""
