__all__ = ["version"]

def version() -> str:
    """The version of the tillit core the module was built from."""
