//! The header vocabulary: normalised keywords with the kind and strength they indicate, and the
//! subject prefixes and number suffixes stripped before a second lookup.
//!
//! Keywords are listed in their normalised form (lower case, no separators). Ambiguous words are
//! weak: `name` also heads product and company columns, `phone`/`电话` landlines, `卡号` loyalty
//! cards, `证件号码` any identity document, `ip` and `lat` are abbreviations. Bare `id` and `no`
//! are deliberately absent, since they usually head row identifiers.

use super::{HeaderHint, HeaderStrength};
use crate::Kind;

use HeaderStrength::{Strong, Weak};

const KEYWORDS: &[(&str, Kind, HeaderStrength)] = &[
    // Resident ID.
    ("身份证", Kind::CnResidentId, Strong),
    ("身份证号", Kind::CnResidentId, Strong),
    ("公民身份号码", Kind::CnResidentId, Strong),
    ("居民身份证", Kind::CnResidentId, Strong),
    ("证件", Kind::CnResidentId, Weak),
    ("idcard", Kind::CnResidentId, Strong),
    ("idcardno", Kind::CnResidentId, Strong),
    ("idno", Kind::CnResidentId, Weak),
    ("idnumber", Kind::CnResidentId, Weak),
    ("residentid", Kind::CnResidentId, Strong),
    ("nationalid", Kind::CnResidentId, Strong),
    ("sfz", Kind::CnResidentId, Strong),
    ("sfzh", Kind::CnResidentId, Strong),
    // Mobile.
    ("手机", Kind::CnMobile, Strong),
    ("移动电话", Kind::CnMobile, Strong),
    ("联系电话", Kind::CnMobile, Weak),
    ("电话", Kind::CnMobile, Weak),
    ("联系方式", Kind::CnMobile, Weak),
    ("mobile", Kind::CnMobile, Strong),
    ("mobilephone", Kind::CnMobile, Strong),
    ("cellphone", Kind::CnMobile, Strong),
    ("cell", Kind::CnMobile, Weak),
    ("phone", Kind::CnMobile, Weak),
    ("tel", Kind::CnMobile, Weak),
    ("telephone", Kind::CnMobile, Weak),
    ("sjh", Kind::CnMobile, Strong),
    // E-mail.
    ("邮箱", Kind::Email, Strong),
    ("电子邮箱", Kind::Email, Strong),
    ("电子邮件", Kind::Email, Strong),
    ("邮件", Kind::Email, Weak),
    ("email", Kind::Email, Strong),
    ("emailaddress", Kind::Email, Strong),
    ("mail", Kind::Email, Weak),
    // Bank card.
    ("银行卡", Kind::BankCard, Strong),
    ("银行卡号", Kind::BankCard, Strong),
    ("银行账号", Kind::BankCard, Strong),
    ("银行账户", Kind::BankCard, Strong),
    ("卡号", Kind::BankCard, Weak),
    ("账号", Kind::BankCard, Weak),
    ("bankcard", Kind::BankCard, Strong),
    ("bankaccount", Kind::BankCard, Strong),
    ("cardno", Kind::BankCard, Weak),
    ("cardnumber", Kind::BankCard, Weak),
    ("accountno", Kind::BankCard, Weak),
    ("accountnumber", Kind::BankCard, Weak),
    ("pan", Kind::BankCard, Weak),
    // Person name.
    ("姓名", Kind::PersonName, Strong),
    ("真实姓名", Kind::PersonName, Strong),
    ("名字", Kind::PersonName, Weak),
    ("联系人", Kind::PersonName, Strong),
    ("name", Kind::PersonName, Weak),
    ("fullname", Kind::PersonName, Strong),
    ("realname", Kind::PersonName, Strong),
    ("personname", Kind::PersonName, Strong),
    ("contactname", Kind::PersonName, Strong),
    ("drivername", Kind::PersonName, Strong),
    ("xm", Kind::PersonName, Weak),
    // Address.
    ("地址", Kind::Address, Strong),
    ("住址", Kind::Address, Strong),
    ("家庭住址", Kind::Address, Strong),
    ("详细地址", Kind::Address, Strong),
    ("收货地址", Kind::Address, Strong),
    ("户籍地址", Kind::Address, Strong),
    ("address", Kind::Address, Strong),
    ("addr", Kind::Address, Strong),
    ("homeaddress", Kind::Address, Strong),
    // Vehicle plate.
    ("车牌", Kind::VehiclePlate, Strong),
    ("车牌号", Kind::VehiclePlate, Strong),
    ("号牌号码", Kind::VehiclePlate, Strong),
    ("plate", Kind::VehiclePlate, Strong),
    ("licenseplate", Kind::VehiclePlate, Strong),
    ("plateno", Kind::VehiclePlate, Strong),
    ("carno", Kind::VehiclePlate, Weak),
    // VIN.
    ("车架号", Kind::Vin, Strong),
    ("车辆识别代号", Kind::Vin, Strong),
    ("车辆识别码", Kind::Vin, Strong),
    ("vin", Kind::Vin, Strong),
    ("vincode", Kind::Vin, Strong),
    ("chassisno", Kind::Vin, Strong),
    // Passport.
    ("护照", Kind::PassportCn, Strong),
    ("passport", Kind::PassportCn, Strong),
    // HK/Macao permit.
    ("港澳通行证", Kind::HkMacaoPermit, Strong),
    ("回乡证", Kind::HkMacaoPermit, Strong),
    ("港澳居民来往内地通行证", Kind::HkMacaoPermit, Strong),
    // Birth date.
    ("出生日期", Kind::BirthDate, Strong),
    ("出生年月日", Kind::BirthDate, Strong),
    ("生日", Kind::BirthDate, Strong),
    ("birthday", Kind::BirthDate, Strong),
    ("birthdate", Kind::BirthDate, Strong),
    ("dateofbirth", Kind::BirthDate, Strong),
    ("dob", Kind::BirthDate, Strong),
    ("birth", Kind::BirthDate, Weak),
    // Coordinates.
    ("纬度", Kind::Latitude, Strong),
    ("latitude", Kind::Latitude, Strong),
    ("lat", Kind::Latitude, Strong),
    ("经度", Kind::Longitude, Strong),
    ("longitude", Kind::Longitude, Strong),
    ("lng", Kind::Longitude, Strong),
    ("lon", Kind::Longitude, Strong),
    ("long", Kind::Longitude, Weak),
    // IP addresses; the values decide between IPv4 and IPv6.
    ("ip", Kind::Ipv4, Strong),
    ("ipaddress", Kind::Ipv4, Strong),
    ("ipaddr", Kind::Ipv4, Strong),
    ("ipv4", Kind::Ipv4, Strong),
    ("ipv6", Kind::Ipv6, Strong),
    ("ip地址", Kind::Ipv4, Strong),
    // USCC.
    ("统一社会信用代码", Kind::Uscc, Strong),
    ("社会信用代码", Kind::Uscc, Strong),
    ("信用代码", Kind::Uscc, Strong),
    ("uscc", Kind::Uscc, Strong),
    ("creditcode", Kind::Uscc, Strong),
    ("socialcreditcode", Kind::Uscc, Strong),
];

/// Subjects a header may name before its core word (`客户姓名`, `driver_name`). `user` is
/// absent on purpose: `username` is an account handle, not a person's name.
pub(super) const PREFIXES: &[&str] = &[
    "客户",
    "司机",
    "驾驶员",
    "联系人",
    "联系",
    "收货人",
    "收件人",
    "寄件人",
    "发货人",
    "用户",
    "会员",
    "持卡人",
    "车主",
    "员工",
    "学生",
    "患者",
    "乘客",
    "旅客",
    "法人",
    "法定代表人",
    "申请人",
    "本人",
    "紧急联系人",
    "customer",
    "cust",
    "client",
    "driver",
    "contact",
    "member",
    "holder",
    "owner",
    "buyer",
    "receiver",
    "consignee",
    "sender",
    "shipper",
    "passenger",
    "patient",
    "student",
    "employee",
    "applicant",
    "primary",
    "home",
    "billing",
    "shipping",
];

/// Endings that only say "number" or "code" (`手机号码`, `mobile_no`). Longest first.
pub(super) const SUFFIXES: &[&str] = &["号码", "编号", "号", "number", "code", "num", "nbr", "no"];

/// The hint for an exact normalised keyword.
pub(super) fn lookup(key: &str) -> Option<HeaderHint> {
    KEYWORDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|&(_, kind, strength)| HeaderHint { kind, strength })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_normalised_and_unique() {
        for (i, (k, _, _)) in KEYWORDS.iter().enumerate() {
            assert_eq!(super::super::normalise(k), *k, "{k} is not normalised");
            assert!(
                KEYWORDS[..i].iter().all(|(other, _, _)| other != k),
                "{k} is listed twice"
            );
        }
    }
}
