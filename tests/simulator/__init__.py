"""Protocol-faithful simulated Xiaomi devices for tests, the demo and the benchmark.

Air conditioners and TVs speak miIO over UDP (hello, checksums, AES, message ids, error codes, chunk
limits) on their own loopback address; TVs also serve the port-6095 HTTP API and listen for
wake-on-LAN. Faults (loss, latency, reboots, offline, token changes, garbage, error codes) can be
switched at any time. Run ``python -m tests.simulator --help`` for the command line.
"""

from .device import SimulatedDevice
from .faults import Faults, ForcedError
from .fleet import Simulator, ThreadedSimulator, create_device
from .profiles import PROFILES, Profile
from .records import Counters, RequestRecord
from .tv import SimulatedTv
from .tv_state import TvState

__all__ = [
    "PROFILES",
    "Counters",
    "Faults",
    "ForcedError",
    "Profile",
    "RequestRecord",
    "SimulatedDevice",
    "SimulatedTv",
    "Simulator",
    "ThreadedSimulator",
    "TvState",
    "create_device",
]
