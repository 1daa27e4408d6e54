"""The instance type catalogue (DescribeInstanceTypes, DescribeInstanceTypeFamilies, DescribeAvailableResource).

A built-in table, the same in every zone of every region: the families a ClassicLink-era account meets
(shared t1/s2/n1/n4/sn*ne, the fifth to eighth enterprise generations, burstable t5/t6, one GPU family, one
Arm family). The shapes (vCPUs, GiB) are the published ones; the network figures per size follow each
family's published scaling (ENIs, addresses per ENI, bandwidth and packet rate per vCPU, queues), rounded
the way the published tables are. CreateInstance and RunInstances accept exactly these types.

Disks each family takes are its page's ("Supports ESSDs, standard SSDs, and ultra disks", "Supports only ESSDs",
"Retired instance types": non-I/O optimized instances "support only basic disks"); ESSD AutoPL and ESSD Entry
disks, which the pages predate, go wherever ESSDs go. Every family takes 16 data disks (the Limits page: "up to 64
data disks to a g6se instance and up to 16 data disks to an instance of other instance families").
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import errors

# Cloud disk categories, as the instance family pages group them.
SSD_AND_ULTRA = ("cloud_efficiency", "cloud_ssd")
ESSDS = ("cloud_essd", "cloud_auto", "cloud_essd_entry")
ALL_CLOUD = SSD_AND_ULTRA + ESSDS
BASIC = ("cloud",)  # what a non-I/O optimized instance takes
DATA_DISKS = 16


@dataclass(frozen=True)
class InstanceType:
    id: str
    family: str
    generation: str  # ecs-1 ... ecs-6 (DescribeInstanceTypeFamilies' Generation)
    category: str  # General-purpose, Compute-optimized, Memory-optimized, Burstable, Shared, GPU-accelerated
    level: str  # EntryLevel | EnterpriseLevel | CreditEntryLevel
    cpus: int
    memory_gib: float
    architecture: str  # X86 | ARM
    processor: str
    speed_ghz: float
    turbo_ghz: float
    eni_quantity: int
    ips_per_eni: int
    ipv6_per_eni: int
    bandwidth_kbps: int  # baseline, both directions
    pps: int
    queues: int
    gpus: int = 0
    gpu_spec: str = ""
    gpu_memory_gib: float = 0.0
    baseline_credit: int = 0
    initial_credit: int = 0
    nvme: str = "unsupported"  # unsupported | supported | required
    # required: always I/O optimized; optional: either (retired Generation I types); unsupported: never.
    io_optimization: str = "required"
    disk_categories: tuple[str, ...] = ALL_CLOUD  # the cloud disks an I/O optimized instance of the type takes
    max_data_disks: int = DATA_DISKS

    @property
    def io_optimized(self) -> bool:
        """Whether an instance of the type is I/O optimized by default (retired types: not)."""
        return self.io_optimization == "required"

    @property
    def memory_mib(self) -> int:
        return int(self.memory_gib * 1024)

    @property
    def disk_quantity(self) -> int:
        # The system disk plus the data disks the type takes.
        return 1 + self.max_data_disks

    def takes_disk(self, category: str, *, io_optimized: bool) -> bool:
        """Whether an instance of the type (I/O optimized or not) takes a disk of the category."""
        return category in (self.disk_categories if io_optimized else BASIC)


@dataclass(frozen=True)
class _Family:
    family: str
    generation: str
    category: str
    level: str
    architecture: str
    processor: str
    speed: float
    turbo: float
    mbps_per_cpu: int  # baseline bandwidth per vCPU
    kpps_per_cpu: int
    nvme: str = "unsupported"


_INTEL_SKYLAKE = "Intel Xeon(Skylake) Platinum 8163"
_INTEL_CASCADE = "Intel Xeon(Cascade Lake) Platinum 8269CY"
_INTEL_ICE = "Intel Xeon(Ice Lake) Platinum 8369B"
_INTEL_SPR = "Intel Xeon(Sapphire Rapids) Platinum 8475B"
_INTEL_OLD = "Intel Xeon E5-2682v4 (Broadwell)"
_YITIAN = "T-HEAD Yitian 710"

_FAMILIES = {
    f.family: f
    for f in (
        _Family("ecs.t1", "ecs-1", "Shared", "EntryLevel", "X86", "Intel Xeon E5-2420", 1.9, 0.0, 100, 30),
        _Family("ecs.s2", "ecs-1", "Shared", "EntryLevel", "X86", "Intel Xeon E5-2420", 1.9, 0.0, 100, 30),
        _Family("ecs.n1", "ecs-2", "Shared", "EntryLevel", "X86", "Intel Xeon E5-2680v3", 2.5, 0.0, 200, 50),
        _Family("ecs.n4", "ecs-3", "Shared", "EntryLevel", "X86", _INTEL_OLD, 2.5, 0.0, 250, 50),
        _Family("ecs.sn1ne", "ecs-3", "Compute-optimized", "EnterpriseLevel", "X86", _INTEL_OLD, 2.5, 2.9, 500, 100),
        _Family("ecs.sn2ne", "ecs-3", "General-purpose", "EnterpriseLevel", "X86", _INTEL_OLD, 2.5, 2.9, 500, 100),
        _Family("ecs.c5", "ecs-3", "Compute-optimized", "EnterpriseLevel", "X86", _INTEL_SKYLAKE, 2.5, 0.0, 500, 100),
        _Family("ecs.g5", "ecs-3", "General-purpose", "EnterpriseLevel", "X86", _INTEL_SKYLAKE, 2.5, 0.0, 500, 100),
        _Family("ecs.r5", "ecs-3", "Memory-optimized", "EnterpriseLevel", "X86", _INTEL_SKYLAKE, 2.5, 0.0, 500, 100),
        # Super Computing Cluster (SCC): created only into an E-HPC cluster (CreateInstance: HpcClusterId).
        _Family(
            "ecs.scch5",
            "ecs-3",
            "Super Computing Cluster",
            "EnterpriseLevel",
            "X86",
            _INTEL_SKYLAKE,
            3.1,
            0.0,
            500,
            100,
        ),
        _Family("ecs.t5", "ecs-3", "Burstable", "CreditEntryLevel", "X86", _INTEL_SKYLAKE, 2.5, 0.0, 100, 40),
        _Family("ecs.c6", "ecs-4", "Compute-optimized", "EnterpriseLevel", "X86", _INTEL_CASCADE, 2.5, 3.2, 500, 150),
        _Family("ecs.g6", "ecs-4", "General-purpose", "EnterpriseLevel", "X86", _INTEL_CASCADE, 2.5, 3.2, 500, 150),
        _Family("ecs.r6", "ecs-4", "Memory-optimized", "EnterpriseLevel", "X86", _INTEL_CASCADE, 2.5, 3.2, 500, 150),
        _Family("ecs.t6", "ecs-4", "Burstable", "CreditEntryLevel", "X86", _INTEL_SKYLAKE, 2.5, 3.2, 100, 60),
        _Family("ecs.gn6i", "ecs-4", "GPU-accelerated", "EnterpriseLevel", "X86", _INTEL_SKYLAKE, 2.5, 3.1, 1000, 150),
        _Family("ecs.c7", "ecs-5", "Compute-optimized", "EnterpriseLevel", "X86", _INTEL_ICE, 2.7, 3.5, 1000, 450),
        _Family("ecs.g7", "ecs-5", "General-purpose", "EnterpriseLevel", "X86", _INTEL_ICE, 2.7, 3.5, 1000, 450),
        _Family("ecs.r7", "ecs-5", "Memory-optimized", "EnterpriseLevel", "X86", _INTEL_ICE, 2.7, 3.5, 1000, 450),
        _Family(
            "ecs.g8i", "ecs-6", "General-purpose", "EnterpriseLevel", "X86", _INTEL_SPR, 2.7, 3.2, 1250, 450, "required"
        ),
        _Family(
            "ecs.g8y", "ecs-6", "General-purpose", "EnterpriseLevel", "ARM", _YITIAN, 2.75, 0.0, 1250, 450, "required"
        ),
    )
}

# The disks each family takes (its instance family page); a family not named takes every cloud category but basic
# (t5 and n4, whose pages name none, too). ecs.t1 has no I/O optimized instances, hence no cloud disks of its own.
_FAMILY_DISKS: dict[str, tuple[str, ...]] = {
    "ecs.t1": (),
    "ecs.s2": SSD_AND_ULTRA,  # "I/O optimized instances support standard SSDs and ultra disks" (Generation I)
    "ecs.n1": SSD_AND_ULTRA,  # n1, n2, e3: "Supports standard SSDs and ultra disks"
    "ecs.sn1ne": SSD_AND_ULTRA,  # "Supports only standard SSDs and ultra disks"
    "ecs.sn2ne": SSD_AND_ULTRA,
    "ecs.scch5": SSD_AND_ULTRA,
    "ecs.c7": ESSDS,  # "Supports only ESSDs"
    "ecs.g7": ESSDS,
    "ecs.r7": ESSDS,
    "ecs.g8i": ESSDS,  # the current pages: ESSDs and their AutoPL / Entry kin only
    "ecs.g8y": ESSDS,
}

_MULTIPLE = {"nano": 0.5, "micro": 0.5, "tiny": 0.5, "small": 0.5, "medium": 1, "large": 1}
_STANDARD_SIZES = ("large", "xlarge", "2xlarge", "3xlarge", "4xlarge", "6xlarge", "8xlarge")


def _eni(cpus: int) -> tuple[int, int]:
    """(ENIs, private addresses per ENI), as the enterprise families' tables scale them."""
    if cpus <= 2:
        return 2, 6
    if cpus <= 4:
        return 3, 10
    if cpus <= 12:
        return 4 if cpus <= 8 else 6, 10
    return 8, 20


def _make(type_id: str, cpus: int, memory_gib: float, **extra: object) -> InstanceType:
    family_id = type_id.rsplit(".", 1)[0].split("-", 1)[0]
    family = _FAMILIES[family_id]
    enis, ips = _eni(cpus)
    shared = family.category in ("Shared", "Burstable")
    if shared:
        enis, ips = (1 if cpus == 1 else 2), (2 if cpus == 1 else 6)
    return InstanceType(
        id=type_id, family=family_id, generation=family.generation, category=family.category,
        level=family.level, cpus=cpus, memory_gib=memory_gib, architecture=family.architecture,
        processor=family.processor, speed_ghz=family.speed, turbo_ghz=family.turbo, eni_quantity=enis,
        ips_per_eni=ips, ipv6_per_eni=0 if family.generation in ("ecs-1", "ecs-2") else ips,
        bandwidth_kbps=min(family.mbps_per_cpu * cpus, 32000) * 1024, pps=min(family.kpps_per_cpu * cpus, 6000) * 1000,
        queues=1 if cpus == 1 else min(cpus, 16), nvme=family.nvme,
        disk_categories=_FAMILY_DISKS.get(family_id, ALL_CLOUD),
        **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def _sized(family: str, gib_per_cpu: float, sizes: tuple[str, ...] = _STANDARD_SIZES) -> list[InstanceType]:
    made = []
    for size in sizes:
        cpus = 4 * int(size[: -len("xlarge")] or 1) if size.endswith("xlarge") else max(1, int(2 * _MULTIPLE[size]))
        made.append(_make(f"{family}.{size}", cpus, cpus * gib_per_cpu))
    return made


def _burstable(type_id: str, cpus: int, memory_gib: float, baseline_percent: int) -> InstanceType:
    # CPU credits: the baseline share of each vCPU earns credits per hour; a new instance starts with 30 per vCPU.
    return _make(type_id, cpus, memory_gib, baseline_credit=baseline_percent, initial_credit=30 * cpus)


_TABLE: list[InstanceType] = [
    # Generation I ("Retired instance types"): ecs.t1.small is listed only among the non-I/O optimized types,
    # ecs.s2.large and ecs.s2.xlarge among both.
    _make("ecs.t1.small", 1, 1, io_optimization="unsupported"),
    _make("ecs.s2.large", 2, 4, io_optimization="optional"),
    _make("ecs.s2.xlarge", 2, 8, io_optimization="optional"),
    _make("ecs.n1.tiny", 1, 1),
    _make("ecs.n1.small", 1, 2),
    _make("ecs.n1.medium", 2, 4),
    _make("ecs.n1.large", 4, 8),
    _make("ecs.n4.small", 1, 2),
    _make("ecs.n4.large", 2, 4),
    _make("ecs.n4.xlarge", 4, 8),
    _make("ecs.n4.2xlarge", 8, 16),
    _make("ecs.n4.4xlarge", 16, 32),
    _make("ecs.n4.8xlarge", 32, 64),
    *_sized("ecs.sn1ne", 2, ("large", "xlarge", "2xlarge", "3xlarge", "4xlarge", "6xlarge", "8xlarge")),
    *_sized("ecs.sn2ne", 4, ("large", "xlarge", "2xlarge", "3xlarge", "4xlarge", "6xlarge", "8xlarge")),
    *_sized("ecs.c5", 2, (*_STANDARD_SIZES, "16xlarge")),
    *_sized("ecs.g5", 4, (*_STANDARD_SIZES, "16xlarge")),
    *_sized("ecs.r5", 8, (*_STANDARD_SIZES, "16xlarge")),
    _burstable("ecs.t5-lc2m1.nano", 1, 0.5, 10),
    _burstable("ecs.t5-lc1m1.small", 1, 1, 10),
    _burstable("ecs.t5-lc1m2.small", 1, 2, 10),
    _burstable("ecs.t5-lc1m2.large", 2, 4, 10),
    _burstable("ecs.t5-lc1m4.large", 2, 8, 10),
    _burstable("ecs.t5-c1m1.large", 2, 2, 15),
    _burstable("ecs.t5-c1m2.large", 2, 4, 15),
    _burstable("ecs.t5-c1m4.large", 2, 8, 15),
    _burstable("ecs.t5-c1m1.xlarge", 4, 4, 15),
    _burstable("ecs.t5-c1m2.xlarge", 4, 8, 15),
    _burstable("ecs.t5-c1m4.xlarge", 4, 16, 15),
    _burstable("ecs.t6-c4m1.large", 2, 0.5, 5),
    _burstable("ecs.t6-c2m1.large", 2, 1, 10),
    _burstable("ecs.t6-c1m1.large", 2, 2, 20),
    _burstable("ecs.t6-c1m2.large", 2, 4, 20),
    _burstable("ecs.t6-c1m4.large", 2, 8, 30),
    _burstable("ecs.t6-c1m4.xlarge", 4, 16, 30),
    _make("ecs.scch5.16xlarge", 64, 192),
    *_sized("ecs.c6", 2, (*_STANDARD_SIZES, "13xlarge", "26xlarge")),
    *_sized("ecs.g6", 4, (*_STANDARD_SIZES, "13xlarge", "26xlarge")),
    *_sized("ecs.r6", 8, (*_STANDARD_SIZES, "13xlarge", "26xlarge")),
    _make("ecs.gn6i-c4g1.xlarge", 4, 15, gpus=1, gpu_spec="NVIDIA T4", gpu_memory_gib=16),
    _make("ecs.gn6i-c8g1.2xlarge", 8, 31, gpus=1, gpu_spec="NVIDIA T4", gpu_memory_gib=16),
    _make("ecs.gn6i-c16g1.4xlarge", 16, 62, gpus=1, gpu_spec="NVIDIA T4", gpu_memory_gib=16),
    _make("ecs.gn6i-c24g1.12xlarge", 48, 186, gpus=2, gpu_spec="NVIDIA T4", gpu_memory_gib=32),
    *_sized("ecs.c7", 2, (*_STANDARD_SIZES, "16xlarge", "32xlarge")),
    *_sized("ecs.g7", 4, (*_STANDARD_SIZES, "16xlarge", "32xlarge")),
    *_sized("ecs.r7", 8, (*_STANDARD_SIZES, "16xlarge", "32xlarge")),
    *_sized("ecs.g8i", 4, (*_STANDARD_SIZES, "12xlarge", "16xlarge", "24xlarge", "48xlarge")),
    *_sized("ecs.g8y", 4, ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge")),
]

TYPES: dict[str, InstanceType] = {t.id: t for t in _TABLE}
# The instance types the docs and hints name first, and DescribeZones lists; every one is in the table.
NAMED_FIRST = (
    "ecs.t1.small", "ecs.s2.large", "ecs.n1.tiny", "ecs.n1.small", "ecs.n1.medium", "ecs.n4.small",
    "ecs.n4.large", "ecs.sn1ne.large", "ecs.sn2ne.large", "ecs.c5.large", "ecs.g5.large", "ecs.r5.large",
    "ecs.c6.large", "ecs.g6.large", "ecs.r6.large", "ecs.g6.xlarge", "ecs.g7.large",
)  # fmt: skip
FAMILIES: dict[str, str] = {f.family: f.generation for f in _FAMILIES.values()}  # family -> generation
GENERATIONS = tuple(sorted(set(FAMILIES.values())))


def get(type_id: str) -> InstanceType:
    """The catalogue's type, or InvalidInstanceType.ValueNotSupported (the CreateInstance reference's code)."""
    found = TYPES.get(type_id)
    if found is None:
        raise errors.InstanceTypeNotSupported()
    return found


def family_of(type_id: str) -> str:
    """The type's family (``ecs.t5`` for ``ecs.t5-lc1m1.small``); for a name not in the table, its prefix."""
    found = TYPES.get(type_id)
    return found.family if found else type_id.rsplit(".", 1)[0]
