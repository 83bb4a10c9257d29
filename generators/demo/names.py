"""Name and code tables for the demo city 江州市 (fictional): places, organisations, people.

Kept apart from `generators.demo.seed` so the generator reads as logic; every table here is
fixed data.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.accounts.models import Role

CITY_NAME = "江州市"
CITY_ORG_NAME = "中共江州市委员会"
CITY_CODE = "JZ"
# WGS-84 centre of the fictional city (a plausible spot in the Yangtze delta).
CITY_CENTRE = (120.15, 30.28)

# District name, its offset from the centre (degrees lon, lat), the 6-digit area code (GB/T 2260
# style) used for residents born there, and its street (街道) names, most central first.
DISTRICTS: tuple[tuple[str, tuple[float, float], str, tuple[str, ...]], ...] = (
    ("江城区", (0.0, 0.0), "330102", ("望江街道", "清波街道", "湖滨街道", "南星街道")),
    ("临江区", (0.09, 0.07), "330113", ("临平街道", "东湖街道", "星桥街道", "运河街道")),
    ("滨湖区", (0.06, -0.08), "330108", ("长河街道", "浦沿街道", "西兴街道", "白马街道")),
    ("西山区", (-0.1, 0.01), "330106", ("翠峰街道", "龙坞街道", "云泉街道", "桂溪街道")),
)

# The community every scoped demo account is bound to: always the first community of the first
# street of the first district, whatever the seed, so its name can be printed in advance.
DEMO_COMMUNITY = "锦绣社区"

# Other community names (社区), drawn without replacement; enough for 4 × 4 × 4 communities.
COMMUNITY_NAMES = (
    "和平", "翠苑", "金沙", "紫荆", "文昌", "春江", "梧桐", "新塘", "湖畔", "丰收", "红星",
    "长青", "花园", "明珠", "清泉", "石桥", "云栖", "桃源", "南苑", "北苑", "东坡", "柳营",
    "凤凰", "玉泉", "白沙", "望湖", "溪畔", "古荡", "朝晖", "德胜", "蓝天", "翠柏", "银杏",
    "香樟", "芳草", "彩虹", "阳光", "景华", "新华", "建设", "人民", "团结", "光明", "幸福",
    "兴隆", "安居", "育才", "春晖", "碧水", "松涛", "竹园", "荷花", "杏林", "枫林", "桂花",
    "海棠", "金桥", "银湖", "映月", "听涛", "观澜", "临湖", "嘉禾", "瑞丰",
)  # fmt: skip

ORDINALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")

# 两新组织: non-public enterprises and social organisations with a party branch.
ENTERPRISE_PREFIXES = (
    "鸿睿", "博远", "启明", "恒信", "瀚海", "聚贤", "同创", "云帆", "远景", "新锐", "智联",
    "华泰", "汇通", "天成", "卓越", "嘉诚", "锐达", "广源", "数澜", "青禾",
)  # fmt: skip
ENTERPRISE_TRADES = (
    "科技有限公司", "信息技术有限公司", "电子商务有限公司", "物流有限公司", "建设工程有限公司",
    "餐饮管理有限公司", "物业服务有限公司", "生物医药有限公司", "文化传媒有限公司",
)  # fmt: skip
# "{place}" is the street or community the organisation hangs under; "{prefix}" a brand word.
SOCIAL_ORGANIZATIONS = (
    "{place}志愿者协会党支部",
    "{place}老年协会党支部",
    "江州市{prefix}社会工作服务中心党支部",
    "江州{prefix}律师事务所党支部",
    "江州市{prefix}公益服务中心党支部",
    "{place}商会党支部",
)

# Ethnicity (民族) with weights; some have a usual birthplace area code (else the local one).
ETHNICITIES: tuple[tuple[str, float, str | None], ...] = (
    ("汉族", 92.0, None),
    ("回族", 1.8, "640104"),
    ("满族", 1.5, "210102"),
    ("壮族", 1.0, "450102"),
    ("蒙古族", 0.8, "150102"),
    ("土家族", 0.7, "433101"),
    ("畲族", 0.7, "331102"),
    ("苗族", 0.6, "520102"),
    ("朝鲜族", 0.4, "222401"),
    ("藏族", 0.3, "540102"),
    ("维吾尔族", 0.2, "650102"),
)

# Birthplaces of members not born in the city (6-digit administrative area codes).
OTHER_AREA_CODES = (
    "330302", "330402", "330602", "331002", "330782", "340102", "320102", "320502", "410102",
    "510104", "430102", "420102", "370102", "350102", "360102", "110105", "310104", "230102",
)  # fmt: skip

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "150", "151", "152", "153", "155", "156", "157", "158", "159",
    "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
)  # fmt: skip

# Residential compounds (小区) for addresses.
COMPOUND_SUFFIXES = ("小区", "花园", "苑", "公寓", "家园", "新村")


# The demo accounts: one per role, bound where the README says.
DEMO_PASSWORD = "zhdj-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: Role
    organization_code: str
    scope: str


_COMMUNITY_CODE = f"{CITY_CODE}-01-01-01"
_DISTRICT = DISTRICTS[0][0]
_STREET = DISTRICTS[0][3][0]
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin", "江州市委组织部管理员", Role.ADMINISTRATOR, CITY_CODE,
        f"the whole city {CITY_NAME}",
    ),
    DemoAccount(
        "street", f"{_STREET}党工委管理员", Role.ADMINISTRATOR, f"{CITY_CODE}-01-01",
        f"{_STREET} ({_DISTRICT}): its communities, their evaluation and star ratings",
    ),
    DemoAccount(
        "secretary", "陈慧（锦绣社区党委书记）", Role.SECRETARY, _COMMUNITY_CODE,
        f"{DEMO_COMMUNITY} ({_DISTRICT}{_STREET}): members with personal data, writes",
    ),
    DemoAccount(
        "gridworker", "李强（锦绣社区第一网格网格员）", Role.GRID_WORKER, f"{_COMMUNITY_CODE}-01",
        f"{DEMO_COMMUNITY}第一网格: members, personal data masked",
    ),
    DemoAccount(
        "station", "王芳（锦绣社区党群服务站）", Role.STATION_STAFF, _COMMUNITY_CODE,
        f"{DEMO_COMMUNITY}: organisations and statistics",
    ),
    DemoAccount(
        "resident", "张晓雯（锦绣社区居民）", Role.RESIDENT, _COMMUNITY_CODE,
        f"{DEMO_COMMUNITY}: organisations and statistics",
    ),
    DemoAccount(
        "partner", "江城区数据资源局（合作单位）", Role.PARTNER, f"{CITY_CODE}-01",
        f"{_DISTRICT}: organisations and statistics, no personal data",
    ),
)  # fmt: skip

# The co-building unit's account: bound not to an organisation but to a unit (江州市第一人民医院,
# generators/demo/cobuilding.py), which gives it the communities the unit serves.
DEMO_UNIT_ACCOUNT = DemoAccount(
    "unit",
    "周敏（江州市第一人民医院·共建联络员）",
    Role.UNIT,
    _COMMUNITY_CODE,
    f"江州市第一人民医院 (co-building unit): its resources and activities, the needs of "
    f"{DEMO_COMMUNITY} and the other communities it serves",
)

# A functional department's staff account: bound not to an organisation but to the 城管中队 of
# 锦绣社区's street (generators/demo/departments.py), which sees the petitions dispatched to it.
DEMO_DEPARTMENT_ACCOUNT = DemoAccount(
    "department",
    f"刘伟（{_STREET}城管中队）",
    Role.DEPARTMENT,
    f"{CITY_CODE}-01-01",
    f"{_STREET}城管中队 (functional department 条): the petitions dispatched to it, to accept or "
    "return, handle and report back; nothing else",
)

# A party member's own account: bound not to an organisation but to the first full member of a
# branch of 锦绣社区 (generators/demo/orglife.py); the display name follows the member's name.
DEMO_MEMBER_ACCOUNT = DemoAccount(
    "member",
    f"（{DEMO_COMMUNITY}党员）",
    Role.MEMBER,
    _COMMUNITY_CODE,
    f"a party member of {DEMO_COMMUNITY}: their own record, meetings, dues and reminders",
)

# Every account the demo prints with its password (server.py), each of which can sign in: the
# summary's count of demo accounts counts these, so the count and the table agree.
SIGN_IN_ACCOUNTS: tuple[DemoAccount, ...] = (
    *DEMO_ACCOUNTS,
    DEMO_UNIT_ACCOUNT,
    DEMO_MEMBER_ACCOUNT,
    DEMO_DEPARTMENT_ACCOUNT,
)
