

def version() -> str:
    """The installed DraftLens version ("unknown" when run from a bare source tree)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("draftlens")
    except PackageNotFoundError:
        return "unknown"
