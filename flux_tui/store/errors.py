class StoreError(Exception):
    """A problem with the local store, phrased for the user: what is wrong and where."""


def damaged_value(exc: BaseException) -> bool:
    """Whether `exc` came from decoding something read from the store: a row's JSON, a timestamp,
    the stored Brain or state, or text that is not UTF-8.

    SQLite checks its pages, not the bytes of a value; damage inside a value
    surfaces as a ValueError/KeyError/TypeError while it is decoded. The shell
    (CLI, app) reports those as a damaged store, by file, instead of as a bug.
    """
    if not isinstance(exc, (ValueError, KeyError, TypeError, IndexError)):
        return False
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        filename = code.co_filename.replace("\\", "/")
        if filename.endswith("flux_tui/store/repo.py") or (
            filename.endswith("flux_tui/training.py") and code.co_name == "_load"
        ):
            return True
        tb = tb.tb_next
    return False
