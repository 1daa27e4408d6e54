"""The region and zone catalogue (api-spec §5.12, E-REGIONS 2021-06).

Which regions still have the classic network is not documented; the spec's suggested default is the
SDK's "central" regions (open question 12). Those regions accept classic instances and ClassicLink.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    id: str
    name_zh: str
    name_en: str
    name_ja: str
    zones: tuple[str, ...]
    classic: bool
    # Two-character tag that real resource IDs carry after their prefix (bp = cn-hangzhou, 2ze = cn-beijing ...).
    id_tag: str

    @property
    def central(self) -> bool:
        return self.classic

    def vpc_endpoint(self) -> str:
        return "vpc.aliyuncs.com" if self.central else f"vpc.{self.id}.aliyuncs.com"

    def local_name(self, language: str) -> str:
        return {"en-US": self.name_en, "ja": self.name_ja}.get(language, self.name_zh)


def _r(rid: str, zh: str, en: str, ja: str, zones: str, classic: bool, tag: str) -> Region:
    return Region(rid, zh, en, ja, tuple(f"{rid}-{z}" for z in zones.split()), classic, tag)


REGIONS: dict[str, Region] = {
    r.id: r
    for r in (
        _r("cn-qingdao", "华北1（青岛）", "China (Qingdao)", "中国 (青島)", "b c", True, "m5e"),
        _r("cn-beijing", "华北2（北京）", "China (Beijing)", "中国 (北京)", "a c f g h", True, "2ze"),
        _r("cn-zhangjiakou", "华北3（张家口）", "China (Zhangjiakou)", "中国 (張家口)", "a b c", False, "8vb"),
        _r("cn-huhehaote", "华北5（呼和浩特）", "China (Hohhot)", "中国 (フフホト)", "a b", False, "hp3"),
        _r("cn-wulanchabu", "华北6（乌兰察布）", "China (Ulanqab)", "中国 (ウランチャブ)", "a b c", False, "0jl"),
        _r("cn-hangzhou", "华东1（杭州）", "China (Hangzhou)", "中国 (杭州)", "b e f g h i j k", True, "bp1"),
        _r("cn-shanghai", "华东2（上海）", "China (Shanghai)", "中国 (上海)", "a b e f g", True, "uf6"),
        _r("cn-shenzhen", "华南1（深圳）", "China (Shenzhen)", "中国 (深セン)", "a b c d e", True, "wz9"),
        _r("cn-heyuan", "华南2（河源）", "China (Heyuan)", "中国 (河源)", "a b", False, "f8z"),
        _r("cn-guangzhou", "华南3（广州）", "China (Guangzhou)", "中国 (広州)", "a b", False, "7xv"),
        _r("cn-chengdu", "西南1（成都）", "China (Chengdu)", "中国 (成都)", "a b", False, "2vc"),
        _r("cn-hongkong", "中国香港", "China (Hong Kong)", "中国 (香港)", "b c", True, "j6c"),
        _r("ap-southeast-1", "新加坡", "Singapore", "シンガポール", "a b c", True, "t4n"),
        _r("ap-southeast-2", "澳大利亚（悉尼）", "Australia (Sydney)", "オーストラリア (シドニー)", "a b", False, "p0w"),
        _r("ap-southeast-3", "马来西亚（吉隆坡）", "Malaysia (Kuala Lumpur)", "マレーシア (クアラルンプール)", "a b", False, "8ps"),
        _r("ap-southeast-5", "印度尼西亚（雅加达）", "Indonesia (Jakarta)", "インドネシア (ジャカルタ)", "a b", False, "k1a"),
        _r("ap-south-1", "印度（孟买）", "India (Mumbai)", "インド (ムンバイ)", "a b", False, "a2d"),
        _r("ap-northeast-1", "日本（东京）", "Japan (Tokyo)", "日本 (東京)", "a b", False, "6we"),
        _r("us-west-1", "美国（硅谷）", "US (Silicon Valley)", "米国 (シリコンバレー)", "a b", True, "rj9"),
        _r("us-east-1", "美国（弗吉尼亚）", "US (Virginia)", "米国 (バージニア)", "a b", True, "0xi"),
        _r("eu-central-1", "德国（法兰克福）", "Germany (Frankfurt)", "ドイツ (フランクフルト)", "a b", False, "gw8"),
        _r("eu-west-1", "英国（伦敦）", "UK (London)", "英国 (ロンドン)", "a b", False, "d7o"),
        _r("me-east-1", "阿联酋（迪拜）", "UAE (Dubai)", "UAE (ドバイ)", "a", False, "eb3"),
    )
}


def find_region(region_id: str) -> Region | None:
    return REGIONS.get(region_id)


def classic_regions() -> list[str]:
    """The regions that still have the classic network (classic instances, ClassicLink)."""
    return [r.id for r in REGIONS.values() if r.classic]


def zones_hint(region: Region) -> str:
    return f"valid zones in {region.id}: {', '.join(region.zones)}"


def classic_hint(region_id: str) -> str:
    return (f"{region_id} has no classic network; regions with one (classic instances and ClassicLink): "
            f"{', '.join(classic_regions())}")
