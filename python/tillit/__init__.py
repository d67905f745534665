"""tillit: routing and staffing optimisation for Norwegian municipal home care.

The compiled core lives in the private module ``tillit._core``; this package re-exports its
public names and adds the pandas layer:

- :class:`Graph` — the road graph of one travel profile from an OpenStreetMap extract, with
  :meth:`Graph.matrix` for travel durations and distances as numpy arrays;
- :class:`Scenario` — clients, visits, staff, teams and settings, from a directory, JSON text
  or pandas DataFrames;
- :func:`plan` → :class:`Plan` — the whole planning pipeline, with routes, rosters and KPIs as
  DataFrames and the routes as GeoJSON;
- :mod:`tillit.batch` — many independent plans (scenarios, teams, team-days) on a Dask
  cluster;
- the exception classes, one per error kind (:class:`TillitError` is their base).
"""

from ._core import Graph as Graph
from ._core import Matrix as Matrix
from ._core import Scenario as Scenario
from ._core import version as version
from ._errors import InfeasibleError as InfeasibleError
from ._errors import InputError as InputError
from ._errors import InternalError as InternalError
from ._errors import MissingFileError as MissingFileError
from ._errors import NoSolutionError as NoSolutionError
from ._errors import OsmError as OsmError
from ._errors import TillitError as TillitError
from ._plan import Plan as Plan
from ._plan import plan as plan

__all__ = [
    "Graph",
    "InfeasibleError",
    "InputError",
    "InternalError",
    "Matrix",
    "MissingFileError",
    "NoSolutionError",
    "OsmError",
    "Plan",
    "Scenario",
    "TillitError",
    "plan",
    "version",
]
