//! Column-header hints in Chinese and English, with separators, case, subject prefixes and
//! number suffixes, and headers that must not be read as personal information.

use classify::{HeaderStrength, Kind, header_hint};

use HeaderStrength::{Strong, Weak};

fn check(header: &str, expect: Option<(Kind, HeaderStrength)>) {
    let got = header_hint(header).map(|h| (h.kind, h.strength));
    assert_eq!(got, expect, "{header:?}");
}

#[test]
fn recognised_headers() {
    let cases = [
        ("身份证", Kind::CnResidentId, Strong),
        ("身份证号", Kind::CnResidentId, Strong),
        ("身份证号码", Kind::CnResidentId, Strong),
        ("客户身份证号码", Kind::CnResidentId, Strong),
        ("公民身份号码", Kind::CnResidentId, Strong),
        ("证件号码", Kind::CnResidentId, Weak),
        ("id_card", Kind::CnResidentId, Strong),
        ("IDCard", Kind::CnResidentId, Strong),
        ("id_no", Kind::CnResidentId, Weak),
        ("resident_id", Kind::CnResidentId, Strong),
        ("手机", Kind::CnMobile, Strong),
        ("手机号", Kind::CnMobile, Strong),
        ("手机号码", Kind::CnMobile, Strong),
        ("联系电话", Kind::CnMobile, Weak),
        ("联系人电话", Kind::CnMobile, Weak),
        ("电话", Kind::CnMobile, Weak),
        ("mobile", Kind::CnMobile, Strong),
        ("Mobile No.", Kind::CnMobile, Strong),
        ("customer_mobile", Kind::CnMobile, Strong),
        ("phone", Kind::CnMobile, Weak),
        ("phone_number", Kind::CnMobile, Weak),
        ("tel", Kind::CnMobile, Weak),
        ("邮箱", Kind::Email, Strong),
        ("email", Kind::Email, Strong),
        ("E-mail", Kind::Email, Strong),
        ("mail", Kind::Email, Weak),
        ("银行卡", Kind::BankCard, Strong),
        ("银行卡号", Kind::BankCard, Strong),
        ("卡号", Kind::BankCard, Weak),
        ("bank_card", Kind::BankCard, Strong),
        ("card_no", Kind::BankCard, Weak),
        ("account_no", Kind::BankCard, Weak),
        ("姓名", Kind::PersonName, Strong),
        ("客户姓名", Kind::PersonName, Strong),
        ("司机姓名", Kind::PersonName, Strong),
        ("收货人姓名", Kind::PersonName, Strong),
        ("名字", Kind::PersonName, Weak),
        ("联系人", Kind::PersonName, Strong),
        ("name", Kind::PersonName, Weak),
        ("full_name", Kind::PersonName, Strong),
        ("customer_name", Kind::PersonName, Weak),
        ("driver_name", Kind::PersonName, Strong),
        ("地址", Kind::Address, Strong),
        ("住址", Kind::Address, Strong),
        ("收货地址", Kind::Address, Strong),
        ("address", Kind::Address, Strong),
        ("addr", Kind::Address, Strong),
        ("车牌", Kind::VehiclePlate, Strong),
        ("车牌号", Kind::VehiclePlate, Strong),
        ("plate", Kind::VehiclePlate, Strong),
        ("license_plate", Kind::VehiclePlate, Strong),
        ("车架号", Kind::Vin, Strong),
        ("车辆识别代号", Kind::Vin, Strong),
        ("VIN", Kind::Vin, Strong),
        ("护照", Kind::PassportCn, Strong),
        ("护照号码", Kind::PassportCn, Strong),
        ("passport_no", Kind::PassportCn, Strong),
        ("港澳通行证", Kind::HkMacaoPermit, Strong),
        ("回乡证", Kind::HkMacaoPermit, Strong),
        ("出生日期", Kind::BirthDate, Strong),
        ("生日", Kind::BirthDate, Strong),
        ("birth", Kind::BirthDate, Weak),
        ("dob", Kind::BirthDate, Strong),
        ("Birthday", Kind::BirthDate, Strong),
        ("纬度", Kind::Latitude, Strong),
        ("lat", Kind::Latitude, Strong),
        ("latitude", Kind::Latitude, Strong),
        ("经度", Kind::Longitude, Strong),
        ("lng", Kind::Longitude, Strong),
        ("lon", Kind::Longitude, Strong),
        ("longitude", Kind::Longitude, Strong),
        ("ip", Kind::Ipv4, Strong),
        ("ip_address", Kind::Ipv4, Strong),
        ("IP地址", Kind::Ipv4, Strong),
        ("统一社会信用代码", Kind::Uscc, Strong),
        ("uscc", Kind::Uscc, Strong),
        ("credit_code", Kind::Uscc, Strong),
    ];
    for (header, kind, strength) in cases {
        check(header, Some((kind, strength)));
    }
}

#[test]
fn unrelated_headers() {
    for header in [
        "",
        "  ",
        "id",
        "no",
        "order_no",
        "订单号",
        "username",
        "用户名",
        "filename",
        "nickname",
        "product_name",
        "客户名称",
        "amount",
        "created_at",
        "证件类型",
        "备注",
    ] {
        check(header, None);
    }
}
