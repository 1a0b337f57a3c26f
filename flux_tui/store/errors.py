class StoreError(Exception):
    """A problem with the local store, phrased for the user: what is wrong and where."""
