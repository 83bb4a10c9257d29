"""Enums of party members; values match the stored values of `db.members`."""

from __future__ import annotations

import enum

import strawberry


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
    CANCELLED = strawberry.enum_value(
        "cancelled",
        description=(
            "Probationary qualification cancelled 取消预备党员资格: no longer a Party member "
            "nor on the way; the record and its development timeline are kept."
        ),
    )
    TRANSFERRED_OUT = strawberry.enum_value(
        "transferred_out",
        description=(
            "Transferred out 已转出: the organisational relation left the platform (a transfer "
            "out of the city completed with its receipt 回执). The record and every history are "
            "kept; no longer counted as a member nor on the way, owes no dues after the month "
            "of leaving, expected at no meeting; left out of member lists unless asked for."
        ),
    )


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
