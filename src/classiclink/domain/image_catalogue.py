"""The public images: a built-in catalogue, the same in every region (ImageOwnerAlias ``system``).

Ids follow the real naming (``<os>_<version>_<arch>_<size>G_alibase_<yyyymmdd>.vhd``); the size in the
name is the smallest system disk the image takes. The catalogue keeps the images the project's docs,
examples and tests have always used, next to current releases of each distribution.
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class PublicImage:
    id: str
    os_type: str  # linux | windows
    platform: str
    os_name: str
    os_name_en: str
    family: str
    architecture: str = "x86_64"
    boot_mode: str = "BIOS"

    @property
    def size(self) -> int:
        match = re.search(r"_(\d{1,4})G_", self.id)
        return int(match.group(1)) if match else 20

    @property
    def created_at(self) -> float:
        """Midnight (UTC+8, as the release dates are) of the date the id ends with."""
        match = re.search(r"_(\d{8})\.vhd$", self.id)
        assert match is not None
        return float(calendar.timegm(time.strptime(match.group(1), "%Y%m%d"))) - 8 * 3600

    @property
    def version(self) -> str:
        return self.id.rsplit("_", 1)[1].removesuffix(".vhd")


def _linux(image_id: str, platform: str, name: str, family: str, **kw: str) -> PublicImage:
    arch = "arm64" if "_arm64_" in image_id else "x86_64"
    bits = "64位" if arch == "x86_64" else "ARM版 64位"
    bits_en = "64 bit" if arch == "x86_64" else "ARM 64 bit"
    return PublicImage(image_id, "linux", platform, f"{name} {bits}", f"{name} {bits_en}", family, arch, **kw)


def _windows(image_id: str, edition: str, language: str, family: str) -> PublicImage:
    zh = "中文版" if language == "zh-cn" else "英文版"
    platform = edition.split(" R2")[0] if edition.startswith("Windows Server 2012") else edition
    name = f"{edition} 数据中心版 64位{zh}"
    name_en = f"{edition} Datacenter 64-bit ({'Chinese' if language == 'zh-cn' else 'English'})"
    return PublicImage(image_id, "windows", platform, name, name_en, family)


_ALINUX3 = "Alibaba Cloud Linux  3.2104 LTS"
PUBLIC_IMAGES: tuple[PublicImage, ...] = (
    _linux("aliyun_3_x64_20G_alibase_20240819.vhd", "Aliyun", _ALINUX3, "acs:alibaba_cloud_linux_3_2104_lts_x64",
           boot_mode="UEFI-Preferred"),
    _linux("aliyun_3_arm64_20G_alibase_20240819.vhd", "Aliyun", _ALINUX3,
           "acs:alibaba_cloud_linux_3_2104_lts_arm64", boot_mode="UEFI"),
    _linux("aliyun_2_1903_x64_20G_alibase_20240628.vhd", "Aliyun", "Alibaba Cloud Linux  2.1903 LTS",
           "acs:aliyun_2_1903_x64"),
    _linux("ubuntu_24_04_x64_20G_alibase_20240812.vhd", "Ubuntu", "Ubuntu  24.04", "acs:ubuntu_24_04_x64",
           boot_mode="UEFI-Preferred"),
    _linux("ubuntu_22_04_x64_20G_alibase_20240926.vhd", "Ubuntu", "Ubuntu  22.04", "acs:ubuntu_22_04_x64"),
    _linux("ubuntu_22_04_x64_20G_alibase_20240130.vhd", "Ubuntu", "Ubuntu  22.04", "acs:ubuntu_22_04_x64"),
    _linux("ubuntu_22_04_x64_20G_alibase_20240101.vhd", "Ubuntu", "Ubuntu  22.04", "acs:ubuntu_22_04_x64"),
    _linux("ubuntu_22_04_x64_20G_alibase_20230907.vhd", "Ubuntu", "Ubuntu  22.04", "acs:ubuntu_22_04_x64"),
    _linux("ubuntu_20_04_x64_20G_alibase_20240819.vhd", "Ubuntu", "Ubuntu  20.04", "acs:ubuntu_20_04_x64"),
    _linux("centos_stream_9_x64_20G_alibase_20240820.vhd", "CentOS Stream", "CentOS Stream  9",
           "acs:centos_stream_9_x64"),
    _linux("centos_7_9_x64_20G_alibase_20240628.vhd", "CentOS", "CentOS  7.9", "acs:centos_7_9_x64"),
    _linux("centos_7_9_x64_20G_alibase_20230718.vhd", "CentOS", "CentOS  7.9", "acs:centos_7_9_x64"),
    _linux("debian_12_6_x64_20G_alibase_20240823.vhd", "Debian", "Debian  12.6", "acs:debian_12_x64"),
    _linux("debian_11_10_x64_20G_alibase_20240819.vhd", "Debian", "Debian  11.10", "acs:debian_11_x64"),
    _linux("rockylinux_9_4_x64_20G_alibase_20240709.vhd", "Rocky Linux", "Rocky Linux  9.4",
           "acs:rockylinux_9_x64"),
    _windows("win2022_21H2_x64_dtc_en-us_40G_alibase_20240816.vhd", "Windows Server 2022", "en-us",
             "acs:windows_server_2022_datacenter_en-us"),
    _windows("win2019_1809_x64_dtc_en-us_40G_alibase_20240816.vhd", "Windows Server 2019", "en-us",
             "acs:windows_server_2019_datacenter_en-us"),
    _windows("win2019_1809_x64_dtc_en-us_40G_alibase_20230811.vhd", "Windows Server 2019", "en-us",
             "acs:windows_server_2019_datacenter_en-us"),
    _windows("win2019_1809_x64_dtc_en-us_60G_alibase_20230915.vhd", "Windows Server 2019", "en-us",
             "acs:windows_server_2019_datacenter_en-us"),
    _windows("win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", "Windows Server 2019", "zh-cn",
             "acs:windows_server_2019_datacenter_zh-cn"),
    _windows("win2016_1607_x64_dtc_zh-cn_40G_alibase_20240816.vhd", "Windows Server 2016", "zh-cn",
             "acs:windows_server_2016_datacenter_zh-cn"),
)  # fmt: skip

BY_ID: dict[str, PublicImage] = {image.id: image for image in PUBLIC_IMAGES}


@dataclass(frozen=True)
class ImageFacts:
    """What CreateInstance and RunInstances need to know of their image, public or custom."""

    id: str
    os_type: str  # linux | windows
    architecture: str  # i386 | x86_64 | arm64
    size: int  # GiB: the smallest system disk it takes
    encrypted: bool = False  # a custom image whose system snapshot is encrypted
    kms_key_id: str = ""
    system_snapshot_id: str = ""


def facts_of(image_id: str) -> ImageFacts:
    """A public image's facts; for another id (seed files, unit tests), what its name says."""
    public = BY_ID.get(image_id)
    if public is not None:
        return ImageFacts(public.id, public.os_type, public.architecture, public.size)
    lowered = image_id.lower()
    match = re.search(r"_(\d{1,4})G_", image_id)
    architecture = (
        "arm64" if "_arm64_" in lowered else "i386" if "_i386_" in lowered or "_x32_" in lowered else "x86_64"
    )
    return ImageFacts(image_id, "windows" if lowered.startswith("win") else "linux", architecture,
                      int(match.group(1)) if match else 20)  # fmt: skip
