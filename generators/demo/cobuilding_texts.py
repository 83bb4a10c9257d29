"""Fixed texts of the demo's co-building: units, the resources they offer, the needs communities
post, and the activities of a season. Kept apart from the generator so it reads as logic."""

from __future__ import annotations

from db.activities.models import ActivityKind
from db.resources.models import ResourceCategory as C
from db.units.models import UnitSector as U

# (name, sector, contact, resources: (category, title, description, quantity, unit))
UNITS: tuple[tuple[str, U, str, tuple[tuple[C, str, str, int, str], ...]], ...] = (
    (
        "江州市第一人民医院",
        U.HOSPITAL,
        "周敏",
        (
            (
                C.HEALTH,
                "老年人健康义诊",
                "每月一次派出心内科、内分泌科医生到社区，为老年人测量血压血糖、解读体检报告、提供用药咨询。",
                12,
                "场",
            ),
            (
                C.HEALTH,
                "急救知识培训",
                "急诊科护士讲授心肺复苏和AED使用，可为社区工作人员和居民开展实操培训，每场不超过40人。",
                6,
                "场",
            ),
            (
                C.ELDERLY,
                "家庭医生上门随访",
                "为行动不便的独居、失能老人提供上门随访、慢病管理和康复指导。",
                30,
                "户",
            ),
        ),
    ),
    (
        "江州师范大学",
        U.SCHOOL,
        "林晓峰",
        (
            (
                C.EDUCATION,
                "大学生课业辅导",
                "师范专业学生志愿者在周末和寒暑假为社区中小学生辅导作业、答疑解惑，重点关照双职工和困难家庭子女。",
                40,
                "人",
            ),
            (
                C.CULTURE,
                "书法与国画公益课",
                "美术学院师生开设书法、国画兴趣课，适合老年大学和青少年。",
                10,
                "期",
            ),
            (
                C.VENUE,
                "学术报告厅借用",
                "可容纳200人的报告厅，周末可借给社区开展大型宣讲和文艺汇演。",
                8,
                "次",
            ),
        ),
    ),
    (
        "江城律师事务所",
        U.SOCIAL_ORGANIZATION,
        "赵立群",
        (
            (
                C.LEGAL,
                "法律咨询进社区",
                "律师每周半天在社区党群服务站坐班，解答婚姻家庭、劳动争议、物业纠纷等法律问题。",
                48,
                "次",
            ),
            (
                C.LEGAL,
                "普法讲座",
                "围绕防范电信诈骗、遗嘱继承、租房合同等主题开展普法宣讲。",
                8,
                "场",
            ),
        ),
    ),
    (
        "鸿睿科技有限公司",
        U.ENTERPRISE,
        "孙嘉怡",
        (
            (
                C.EDUCATION,
                "老年人智能手机培训",
                "公司青年员工手把手教老人使用智能手机：视频通话、扫码、网上挂号、防诈骗设置。",
                20,
                "课时",
            ),
            (
                C.EMPLOYMENT,
                "就业见习岗位",
                "为社区失业青年和高校毕业生提供软件测试、运营助理见习岗位，带薪三个月。",
                6,
                "个",
            ),
            (
                C.VOLUNTEERING,
                "青年志愿服务队",
                "公司团支部组建30人志愿服务队，可承接社区环境整治、活动保障等志愿服务。",
                30,
                "人",
            ),
        ),
    ),
    (
        "江州银行城东支行",
        U.STATE_OWNED,
        "吴海涛",
        (
            (
                C.COMMERCE,
                "金融知识宣传",
                "上门讲解养老金领取、反假币、防范非法集资知识，现场办理社保卡业务。",
                10,
                "场",
            ),
            (
                C.PARTY_BUILDING,
                "党建共建联学",
                "支行党支部与社区党组织联合开展主题党日、党课联学，共享党员教育阵地。",
                12,
                "次",
            ),
        ),
    ),
    (
        "江州市中心小学",
        U.SCHOOL,
        "何静",
        (
            (
                C.VENUE,
                "操场周末开放",
                "周末和节假日向社区居民开放操场和篮球场，用于健身和亲子活动。",
                50,
                "次",
            ),
            (
                C.CHILDREN,
                "四点半课堂师资",
                "学校教师轮流到社区四点半课堂看护辅导放学后的小学生。",
                20,
                "人次",
            ),
        ),
    ),
    (
        "江州供电公司",
        U.STATE_OWNED,
        "钱卫东",
        (
            (
                C.VOLUNTEERING,
                "电力安全检查",
                "共产党员服务队上门为老旧小区和困难家庭检查线路、更换老化插座，讲解用电安全。",
                100,
                "户",
            ),
            (
                C.ENVIRONMENT,
                "充电桩规划咨询",
                "为小区电动自行车集中充电设施选址、扩容提供技术支持。",
                5,
                "次",
            ),
        ),
    ),
    (
        "博远物业服务有限公司",
        U.ENTERPRISE,
        "郑国强",
        (
            (
                C.ENVIRONMENT,
                "垃圾分类督导",
                "物业员工协助社区在投放点开展垃圾分类督导和宣传，设置定时定点投放。",
                8,
                "个点位",
            ),
            (
                C.ELDERLY,
                "老年助餐配送",
                "公司食堂为高龄独居老人提供午餐配送，费用由社区和老人分担。",
                60,
                "人",
            ),
        ),
    ),
    (
        "江州市文化馆",
        U.AGENCY,
        "冯雅琴",
        (
            (
                C.CULTURE,
                "文艺演出下社区",
                "文化馆艺术团送戏曲、歌舞、曲艺演出进社区，每场约一个半小时。",
                6,
                "场",
            ),
            (
                C.CULTURE,
                "广场舞编排指导",
                "舞蹈老师指导社区文艺队编排广场舞和排练参赛节目。",
                12,
                "次",
            ),
        ),
    ),
    (
        "江州市总工会",
        U.AGENCY,
        "陈建华",
        (
            (
                C.MASS_ORGANIZATION,
                "职工心理疏导",
                "工会心理咨询师为快递员、外卖员等新就业群体提供心理疏导和减压服务。",
                16,
                "次",
            ),
            (
                C.MASS_ORGANIZATION,
                "爱心驿站物资",
                "为户外劳动者驿站提供饮水机、微波炉、急救包等物资。",
                10,
                "套",
            ),
        ),
    ),
    (
        "江州市红十字会",
        U.SOCIAL_ORGANIZATION,
        "褚文博",
        (
            (
                C.HEALTH,
                "应急救护员培训",
                "红十字会认证课程，考核合格颁发救护员证，适合楼道长和网格员。",
                4,
                "期",
            ),
            (
                C.VOLUNTEERING,
                "无偿献血宣传",
                "联合采血车进社区开展无偿献血宣传和现场献血。",
                4,
                "场",
            ),
        ),
    ),
    (
        "启明社会工作服务中心",
        U.SOCIAL_ORGANIZATION,
        "卫晓燕",
        (
            (
                C.ELDERLY,
                "独居老人关爱探访",
                "社工带领志愿者定期探访独居老人，陪伴聊天、评估需求、链接资源。",
                50,
                "户",
            ),
            (
                C.CHILDREN,
                "困境儿童陪伴",
                "为留守、单亲等困境儿童提供一对一陪伴、心理支持和兴趣小组。",
                15,
                "人",
            ),
            (
                C.UNITED_FRONT,
                "新市民融入活动",
                "组织新市民、少数民族居民参加社区融入活动和民族团结联谊会。",
                6,
                "场",
            ),
        ),
    ),
)

# (category, title, description, people)
NEEDS: tuple[tuple[C, str, str, int], ...] = (
    (
        C.HEALTH,
        "老年人慢病筛查",
        "辖区60岁以上老人较多，高血压、糖尿病患者多，希望有医生来社区做一次筛查和用药指导。",
        80,
    ),
    (
        C.ELDERLY,
        "独居老人定期探访",
        "第三网格有12位独居老人，子女不在身边，需要有人定期上门看望、陪聊，发现问题及时反映。",
        12,
    ),
    (
        C.EDUCATION,
        "暑期学生作业辅导",
        "暑假期间双职工家庭的孩子无人照看，希望有大学生志愿者帮忙辅导作业。",
        25,
    ),
    (
        C.LEGAL,
        "物业纠纷法律咨询",
        "小区业主和物业因停车费、维修基金产生矛盾，需要律师讲解法律规定、协助调解。",
        30,
    ),
    (C.VENUE, "文艺汇演场地", "国庆文艺汇演需要能容纳150人以上的室内场地。", 150),
    (
        C.ELDERLY,
        "老人学用智能手机",
        "不少老人不会用手机预约挂号、视频通话，经常被骗，想请年轻人来教一教。",
        40,
    ),
    (
        C.ENVIRONMENT,
        "垃圾分类宣传督导",
        "新实行垃圾分类后投放点混投严重，需要人员在早晚高峰督导。",
        500,
    ),
    (
        C.CHILDREN,
        "放学后托管看护",
        "社区四点半课堂缺少老师，放学后的小学生需要有人看护和辅导。",
        30,
    ),
    (
        C.VOLUNTEERING,
        "老旧小区线路检查",
        "老旧小区电线老化、私拉乱接多，希望有专业人员上门检查用电安全。",
        60,
    ),
    (C.CULTURE, "广场舞队排练指导", "社区舞蹈队准备参加区里比赛，需要专业老师指导编排。", 20),
    (C.HEALTH, "急救技能培训", "楼道长和网格员想学心肺复苏，遇到突发情况能第一时间施救。", 35),
    (C.EMPLOYMENT, "失业青年就业帮扶", "辖区有几名待业青年，希望提供实习见习机会。", 5),
    (
        C.MASS_ORGANIZATION,
        "外卖骑手关爱",
        "辖区快递外卖人员多，工作压力大，需要心理疏导和歇脚的地方。",
        40,
    ),
    (C.ELDERLY, "高龄老人助餐", "高龄独居老人做饭困难，希望有午餐送餐服务。", 25),
    (C.PARTY_BUILDING, "主题党日联学", "社区党委想和辖区单位党支部联合开展主题党日活动。", 60),
)

# Activities of a season: (kind, title, description, capacity, hours long, credits hours)
ACTIVITIES: tuple[tuple[ActivityKind, str, str, int, float, bool], ...] = (
    (
        ActivityKind.VOLUNTEER_SERVICE,
        "垃圾分类督导志愿服务",
        "在小区投放点督导居民分类投放，讲解分类知识。",
        12,
        2.0,
        True,
    ),
    (
        ActivityKind.VOLUNTEER_SERVICE,
        "关爱独居老人上门探访",
        "两人一组上门看望独居老人，陪伴聊天、打扫卫生。",
        10,
        2.5,
        True,
    ),
    (
        ActivityKind.VOLUNTEER_SERVICE,
        "周末环境整治",
        "清理楼道杂物、草坪垃圾和小广告。",
        20,
        3.0,
        True,
    ),
    (
        ActivityKind.VOLUNTEER_SERVICE,
        "便民服务集市",
        "理发、修伞、磨刀、家电维修等便民服务。",
        15,
        3.0,
        True,
    ),
    (
        ActivityKind.THEMED_PARTY_DAY,
        "主题党日：重温入党誓词",
        "组织党员重温入党誓词，学习党章党规。",
        60,
        2.0,
        False,
    ),
    (ActivityKind.TRAINING, "急救知识培训", "心肺复苏与AED使用实操培训。", 40, 2.0, False),
    (ActivityKind.CULTURE, "社区书画展", "展出居民书法、国画作品，现场挥毫。", 80, 3.0, False),
    (
        ActivityKind.CONSULTATION,
        "居民议事会：小区停车",
        "围绕停车难问题听取居民意见，商议解决方案。",
        30,
        1.5,
        False,
    ),
    (ActivityKind.SPORTS, "邻里健步走", "沿滨江绿道健步走，增进邻里感情。", 100, 1.5, False),
    (
        ActivityKind.VOLUNTEER_SERVICE,
        "义诊志愿服务保障",
        "协助医院医生开展义诊，维持秩序、登记信息。",
        8,
        3.0,
        True,
    ),
)

# Activities running at any hour the demo starts: by local hour band, (kind, title, description).
AROUND_THE_CLOCK: dict[str, tuple[tuple[ActivityKind, str, str], ...]] = {
    "night": (
        (
            ActivityKind.VOLUNTEER_SERVICE,
            "平安巡防夜间巡逻",
            "党员志愿者夜间巡查楼道、车棚消防隐患和治安情况。",
        ),
        (
            ActivityKind.VOLUNTEER_SERVICE,
            "夜间应急值守",
            "志愿者在党群服务站值守，响应居民夜间求助。",
        ),
    ),
    "morning": (
        (ActivityKind.VOLUNTEER_SERVICE, "早高峰垃圾分类督导", "在投放点督导早高峰分类投放。"),
        (ActivityKind.SPORTS, "晨练太极拳", "太极拳老师带领居民晨练。"),
    ),
    "day": (
        (ActivityKind.VOLUNTEER_SERVICE, "老年人智能手机课堂", "志愿者手把手教老人使用智能手机。"),
        (ActivityKind.VOLUNTEER_SERVICE, "便民服务集市", "理发、修伞、家电维修等便民服务。"),
    ),
    "evening": (
        (ActivityKind.CULTURE, "广场舞展演", "社区文艺队在广场展演新排练的节目。"),
        (ActivityKind.VOLUNTEER_SERVICE, "晚间文明劝导", "志愿者在广场劝导文明遛狗、规范停车。"),
    ),
}


def hour_band(local_hour: int) -> str:
    if local_hour < 6 or local_hour >= 22:
        return "night"
    if local_hour < 9:
        return "morning"
    if local_hour < 17:
        return "day"
    return "evening"
