class StoreError(Exception):
    """A problem with the local store, phrased for the user: what is wrong and where."""


def one_line(exc: BaseException, limit: int = 200) -> str:
    """An exception's message on one line: SQLite quotes a malformed schema's SQL, newlines and all."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


def describe_damage(exc: BaseException, path: object = None) -> str | None:
    """One line for damage met while reading the store (a page SQLite cannot decode, or a value that
    fails to decode, see `damaged_value`), naming the file; None for any other exception.

    `path` defaults to the store being read when the exception was raised (found on the traceback).
    """
    import sys

    sqlite3 = sys.modules.get("sqlite3")
    is_db = sqlite3 is not None and isinstance(exc, sqlite3.DatabaseError)
    if not (is_db or damaged_value(exc)):
        return None
    path = path or _store_path_on(exc)
    what = one_line(exc) if is_db else f"{type(exc).__name__}: {one_line(exc)}"
    where = f"{path}: " if path else ""
    return f"{where}cannot read the store ({what}); it may be damaged — see `flux-tui restore`"


def _store_path_on(exc: BaseException) -> object:
    tb = exc.__traceback__
    found = None
    while tb is not None:
        owner = tb.tb_frame.f_locals.get("self")
        store = owner if type(owner).__name__ == "Store" else getattr(owner, "store", None)
        if type(store).__name__ == "Store" and getattr(store, "path", None) is not None:
            found = store.path
        tb = tb.tb_next
    return found
