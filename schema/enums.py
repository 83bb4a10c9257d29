"""GraphQL enums with descriptions; values match the stored values of the `db` enums."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="Governance level in the five-level platform system 五级平台.")
class GovernanceLevel(enum.Enum):
    CITY = strawberry.enum_value("city", description="City 市.")
    DISTRICT = strawberry.enum_value("district", description="District 区.")
    STREET = strawberry.enum_value("street", description="Street or town 街镇.")
    COMMUNITY = strawberry.enum_value("community", description="Community 社区.")
    GRID = strawberry.enum_value("grid", description="Grid 网格, the smallest governance cell.")


@strawberry.enum(description="Kind of party organisation 党组织类型.")
class PartyOrgKind(enum.Enum):
    COMMITTEE = strawberry.enum_value("committee", description="Party committee 党委.")
    WORKING_COMMITTEE = strawberry.enum_value(
        "working_committee", description="Working committee 党工委 (streets)."
    )
    GENERAL_BRANCH = strawberry.enum_value("general_branch", description="General branch 党总支.")
    BRANCH = strawberry.enum_value("branch", description="Branch 党支部; members belong here.")
    PARTY_GROUP = strawberry.enum_value("party_group", description="Party group 党小组.")


@strawberry.enum(description="Sector of an organisation: regional governance or 两新组织.")
class Sector(enum.Enum):
    GOVERNANCE = strawberry.enum_value("governance", description="Regional governance 区域党建.")
    NON_PUBLIC_ENTERPRISE = strawberry.enum_value(
        "non_public_enterprise", description="Non-public enterprise 非公企业."
    )
    SOCIAL_ORGANIZATION = strawberry.enum_value(
        "social_organization", description="Social organisation 社会组织."
    )


@strawberry.enum(description="Stage on the membership development pipeline 党员发展阶段.")
class MemberStatus(enum.Enum):
    APPLICANT = strawberry.enum_value("applicant", description="Applicant 入党申请人.")
    ACTIVIST = strawberry.enum_value("activist", description="Activist 入党积极分子.")
    DEVELOPMENT_TARGET = strawberry.enum_value(
        "development_target", description="Development target 发展对象."
    )
    PROBATIONARY = strawberry.enum_value(
        "probationary", description="Probationary member 预备党员."
    )
    FULL = strawberry.enum_value("full", description="Full member 正式党员.")


@strawberry.enum(description="Gender 性别.")
class Gender(enum.Enum):
    MALE = strawberry.enum_value("male", description="Male 男.")
    FEMALE = strawberry.enum_value("female", description="Female 女.")


@strawberry.enum(description="Highest education 学历.")
class Education(enum.Enum):
    PRIMARY = strawberry.enum_value("primary", description="Primary school 小学.")
    JUNIOR_HIGH = strawberry.enum_value("junior_high", description="Junior high school 初中.")
    SENIOR_HIGH = strawberry.enum_value("senior_high", description="Senior high school 高中.")
    SECONDARY_VOCATIONAL = strawberry.enum_value(
        "secondary_vocational", description="Secondary vocational school 中专."
    )
    ASSOCIATE = strawberry.enum_value("associate", description="Junior college 大专.")
    BACHELOR = strawberry.enum_value("bachelor", description="Bachelor's degree 本科.")
    MASTER = strawberry.enum_value("master", description="Master's degree 硕士研究生.")
    DOCTORATE = strawberry.enum_value("doctorate", description="Doctorate 博士研究生.")


@strawberry.enum(description="Occupation category 职业类别, as in party statistics.")
class Occupation(enum.Enum):
    WORKER = strawberry.enum_value("worker", description="Worker 工人.")
    FARMER = strawberry.enum_value("farmer", description="Farmer, herder or fisher 农牧渔民.")
    PROFESSIONAL = strawberry.enum_value("professional", description="Professional 专业技术人员.")
    MANAGER = strawberry.enum_value(
        "manager", description="Manager in an enterprise or institution 企事业单位管理人员."
    )
    CIVIL_SERVANT = strawberry.enum_value(
        "civil_servant", description="Party or government staff 党政机关工作人员."
    )
    STUDENT = strawberry.enum_value("student", description="Student 学生.")
    RETIRED = strawberry.enum_value("retired", description="Retired 离退休人员.")
    OTHER = strawberry.enum_value("other", description="Other 其他.")


@strawberry.enum(description="Role held on an organisation, granting rights on its subtree.")
class Role(enum.Enum):
    ADMINISTRATOR = strawberry.enum_value("administrator", description="Administrator 管理员.")
    SECRETARY = strawberry.enum_value("secretary", description="Party secretary 书记.")
    GRID_WORKER = strawberry.enum_value("grid_worker", description="Grid worker 网格员.")
    STATION_STAFF = strawberry.enum_value(
        "station_staff", description="Service-station staff 党群服务站工作人员."
    )
    RESIDENT = strawberry.enum_value("resident", description="Resident 居民.")
    PARTNER = strawberry.enum_value(
        "partner", description="Partner platform: read-only, no personal data 合作方."
    )
