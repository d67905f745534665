"""tillit: routing and staffing optimisation for Norwegian municipal home care.

The compiled core lives in the private module ``tillit._core``; this package re-exports its
public names. The full Python API (graphs, scenarios, plans) arrives with the product issue.
"""

from ._core import version as version

__all__ = ["version"]
