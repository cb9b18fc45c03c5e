//! The demo world that `dataport serve --demo` seeds: an exchange in Dalian with its operator,
//! a regulator, merchants at home and abroad, and realistic synthetic datasets — some with
//! personal information (resident ID numbers, mobile numbers, vehicle plates), none of real
//! persons. Everything is generated from fixed seeds, so every start builds the same world.
//! Seeding is idempotent: a world that exists is left as it is.

use std::fmt::Write as _;
use std::io::Write as _;

use store::NewParticipant;
use types::{
    AssetId, Lei, MerchantRole, OrgIdScheme, ParticipantId, ParticipantKind, ParticipantStatus,
    Region, ServiceKind, SourceKind, StaffRole, UpdateFrequency, Uscc,
};

use crate::{App, Code, Error, Principal, Result, UploadMeta};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo-password";

/// Demo accounts and who they are (documented in README).
pub const DEMO_USERS: &[(&str, &str)] = &[
    ("operator", "exchange operator, administrator"),
    ("reviewer", "exchange operator, reviewer"),
    ("regulator", "regulator (read-only)"),
    ("dalian-port", "Dalian port-logistics group: provider"),
    (
        "shenyang-mfg",
        "Shenyang equipment manufacturer: provider and buyer",
    ),
    ("tokyo-trading", "Tokyo trading company (JP): buyer"),
    ("hk-fund", "Hong Kong fund (HK): buyer"),
    ("law-firm", "Dalian law firm: service provider"),
    (
        "yingkou-cold",
        "Yingkou cold-chain company: registered, awaiting verification",
    ),
];

/// What seeding did.
#[derive(Clone, Debug, Default)]
pub struct DemoWorld {
    pub created: bool,
    pub participants: usize,
    pub assets: usize,
}

struct Org {
    username: &'static str,
    display_name: &'static str,
    kind: ParticipantKind,
    name_zh: &'static str,
    name_en: &'static str,
    region: &'static str,
    /// A USCC body (17 characters) or an LEI body (18), completed with check characters.
    id_body: &'static str,
    roles: &'static [MerchantRole],
    services: &'static [ServiceKind],
    status: ParticipantStatus,
}

const ORGS: &[Org] = &[
    Org {
        username: "regulator",
        display_name: "数据局监管员",
        kind: ParticipantKind::Regulator,
        name_zh: "大连市数据局",
        name_en: "Dalian Municipal Data Bureau",
        region: "CN",
        id_body: "11210200MB0R00002",
        roles: &[],
        services: &[],
        status: ParticipantStatus::Verified,
    },
    Org {
        username: "dalian-port",
        display_name: "港口数据部",
        kind: ParticipantKind::Merchant,
        name_zh: "大连港口物流集团有限公司",
        name_en: "Dalian Port Logistics Group Co., Ltd.",
        region: "CN",
        id_body: "91210200MA0DL0003",
        roles: &[MerchantRole::Provider],
        services: &[],
        status: ParticipantStatus::Verified,
    },
    Org {
        username: "shenyang-mfg",
        display_name: "数字化中心",
        kind: ParticipantKind::Merchant,
        name_zh: "沈阳重型装备制造股份有限公司",
        name_en: "Shenyang Heavy Equipment Manufacturing Co., Ltd.",
        region: "CN",
        id_body: "91210100MA0EQ0004",
        roles: &[MerchantRole::Provider, MerchantRole::Buyer],
        services: &[],
        status: ParticipantStatus::Verified,
    },
    Org {
        username: "tokyo-trading",
        display_name: "Data Procurement",
        kind: ParticipantKind::Merchant,
        name_zh: "东京通商株式会社",
        name_en: "Tokyo Tsusho Trading K.K.",
        region: "JP",
        id_body: "5493000DPTOKYO0001",
        roles: &[MerchantRole::Buyer],
        services: &[],
        status: ParticipantStatus::Verified,
    },
    Org {
        username: "hk-fund",
        display_name: "Research Desk",
        kind: ParticipantKind::Merchant,
        name_zh: "香港海港基金有限公司",
        name_en: "Harbour Capital Fund Ltd.",
        region: "HK",
        id_body: "5493000DPHKFUND002",
        roles: &[MerchantRole::Buyer],
        services: &[],
        status: ParticipantStatus::Verified,
    },
    Org {
        username: "law-firm",
        display_name: "数据合规团队",
        kind: ParticipantKind::Merchant,
        name_zh: "辽宁海诚律师事务所",
        name_en: "Liaoning Haicheng Law Firm",
        region: "CN",
        id_body: "31210000MD0LF0005",
        roles: &[MerchantRole::ServiceProvider],
        services: &[ServiceKind::LawFirm],
        status: ParticipantStatus::Verified,
    },
    Org {
        username: "yingkou-cold",
        display_name: "信息部",
        kind: ParticipantKind::Merchant,
        name_zh: "营口冷链仓储有限公司",
        name_en: "Yingkou Cold Chain Warehousing Co., Ltd.",
        region: "CN",
        id_body: "91210800MA0YK0006",
        roles: &[MerchantRole::Provider, MerchantRole::Buyer],
        services: &[],
        status: ParticipantStatus::Pending,
    },
];

fn org_id(body: &str, region: &Region) -> Result<(OrgIdScheme, String)> {
    let internal = |e: types::OrgIdError| Error::internal(e);
    if region.is_mainland() {
        Ok((
            OrgIdScheme::Uscc,
            Uscc::with_check_char(body).map_err(internal)?.to_string(),
        ))
    } else {
        Ok((
            OrgIdScheme::Lei,
            Lei::with_check_digits(body).map_err(internal)?.to_string(),
        ))
    }
}

/// The exchange operator's own participant record.
pub(crate) fn operator_participant() -> Result<NewParticipant> {
    let region = Region::MAINLAND;
    let (scheme, id) = org_id("12210200MB0D00001", &region)?;
    Ok(NewParticipant {
        id: ParticipantId::new(),
        kind: ParticipantKind::Operator,
        name_zh: "数港数据交易所运营中心".into(),
        name_en: "Dataport Exchange Operations".into(),
        org_id_scheme: scheme,
        org_id: id,
        region,
        roles: vec![],
        service_kinds: vec![],
        status: ParticipantStatus::Verified,
        at: types::now(),
    })
}

impl App {
    /// Seeds the demo world unless it exists already.
    pub async fn seed_demo(&self) -> Result<DemoWorld> {
        if store::users::by_username(self.store.pool(), "dalian-port")
            .await?
            .is_some()
        {
            return Ok(DemoWorld::default());
        }
        let operator = self.ensure_operator().await?;
        for (username, role) in [
            ("operator", StaffRole::Admin),
            ("reviewer", StaffRole::Reviewer),
        ] {
            let name = if role == StaffRole::Admin {
                "运营管理员"
            } else {
                "挂牌审核员"
            };
            self.insert_user(&operator, username, name, DEMO_PASSWORD, role, None)
                .await?;
        }
        let mut world = DemoWorld {
            created: true,
            participants: 1,
            assets: 0,
        };
        for org in ORGS {
            let region = Region::parse(org.region).map_err(Error::internal)?;
            let (scheme, id) = org_id(org.id_body, &region)?;
            let new = NewParticipant {
                id: ParticipantId::new(),
                kind: org.kind,
                name_zh: org.name_zh.into(),
                name_en: org.name_en.into(),
                org_id_scheme: scheme,
                org_id: id,
                region,
                roles: org.roles.to_vec(),
                service_kinds: org.services.to_vec(),
                status: org.status,
                at: types::now(),
            };
            self.insert_participant(&new, None).await?;
            let role = StaffRole::Admin;
            self.insert_user(
                &new.id,
                org.username,
                org.display_name,
                DEMO_PASSWORD,
                role,
                None,
            )
            .await?;
            world.participants += 1;
        }
        let mut created = Vec::new();
        for dataset in datasets() {
            let principal = self.demo_principal(dataset.owner).await?;
            let mut sink = self.begin_upload().await?;
            sink.write(&dataset.bytes).await?;
            let staged = sink.finish(dataset.file_name).await?;
            let asset = self.create_asset(&principal, dataset.meta, staged).await?;
            created.push((principal, asset.asset.id, dataset.rights));
            world.assets += 1;
        }
        // The demo opens with every dataset read, so its pages show schemas and row counts.
        self.ingest_idle().await;
        self.seed_demo_rights(&created).await?;
        Ok(world)
    }

    async fn demo_principal(&self, username: &str) -> Result<Principal> {
        let user = store::users::by_username(self.store.pool(), username)
            .await?
            .ok_or(Error::new(Code::Internal))?;
        self.principal_of(&user.id).await
    }

    /// Registers the demo assets' rights: each original dataset with its source declaration;
    /// the port licenses its berthing schedule for processing to the manufacturer, which
    /// registers its derived index with that lineage; two datasets are listed.
    async fn seed_demo_rights(&self, created: &[(Principal, AssetId, DemoRights)]) -> Result<()> {
        let today = crate::today_in_china();
        let mut berth_licence = None;
        for (owner, asset, how) in created {
            let (source, lineage) = match how {
                DemoRights::Source(source) => (source.clone(), Vec::new()),
                DemoRights::DerivedFromBerths => {
                    let Some(grant) = berth_licence else {
                        continue;
                    };
                    let berths = created
                        .iter()
                        .find(|(_, _, h)| matches!(h, DemoRights::LicensedOut))
                        .map(|(_, a, _)| *a)
                        .ok_or(Error::new(Code::Internal))?;
                    (
                        rights::Source::Derived,
                        vec![rights::Lineage {
                            source: berths,
                            grant,
                        }],
                    )
                }
                DemoRights::LicensedOut => (
                    rights::Source::SelfCollected {
                        evidence: vec!["港口生产作业系统（TOS）船期导出记录 TOS-2026-11".into()],
                    },
                    Vec::new(),
                ),
            };
            let grants = self
                .register_rights(
                    owner,
                    asset,
                    crate::rights::RegisterRights {
                        source,
                        public: None,
                        lineage,
                    },
                )
                .await?;
            if matches!(how, DemoRights::LicensedOut) {
                let processing = grants
                    .iter()
                    .find(|g| g.right == rights::Right::Processing)
                    .ok_or(Error::new(Code::Internal))?;
                let licensee = self.demo_principal("shenyang-mfg").await?;
                let licence = self
                    .license_right(
                        owner,
                        &processing.id,
                        crate::rights::LicenceRequest {
                            to: licensee.participant().id,
                            purposes: vec!["logistics_analytics".into()],
                            territory: vec!["CN".into()],
                            products: true,
                            from: today,
                            until: chrono::NaiveDate::from_ymd_opt(2027, 12, 31),
                            exclusive: false,
                            sublicensable: false,
                        },
                    )
                    .await?;
                berth_licence = Some(licence.id);
                self.set_lifecycle(owner, asset, "listed", None).await?;
            }
            if matches!(how, DemoRights::DerivedFromBerths) {
                self.set_lifecycle(owner, asset, "listed", None).await?;
                self.set_accounting_class(owner, asset, "inventory").await?;
            }
        }
        Ok(())
    }
}

/// How a demo dataset's rights are registered.
#[derive(Clone, Debug)]
enum DemoRights {
    Source(rights::Source),
    /// Self-collected, licensed to the manufacturer for processing, and listed.
    LicensedOut,
    /// Derived from the licensed dataset under that licence, and listed.
    DerivedFromBerths,
}

struct Dataset {
    owner: &'static str,
    file_name: &'static str,
    meta: UploadMeta,
    bytes: Vec<u8>,
    rights: DemoRights,
}

fn self_collected(evidence: &str) -> DemoRights {
    DemoRights::Source(rights::Source::SelfCollected {
        evidence: vec![evidence.into()],
    })
}

fn with_consent(evidence: &str) -> DemoRights {
    DemoRights::Source(rights::Source::PersonalInformation {
        legal_basis: "个人信息保护法第十三条第一款第（一）项：个人同意".into(),
        evidence: vec![evidence.into()],
    })
}

/// SplitMix64: a tiny, fixed pseudo-random sequence. Written here rather than taken from a crate
/// because the demo data must stay byte-identical across dependency upgrades.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
    "秀英", "建华", "志强", "海燕", "德明", "晓东",
];
const MOBILE_PREFIXES: &[&str] = &[
    "130", "135", "138", "139", "150", "152", "158", "177", "186", "189", "199",
];
const LIAONING_AREAS: &[&str] = &[
    "210202", "210203", "210204", "210211", "210213", "210102", "210103", "210804",
];
const PLATE_CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

fn name(r: &mut Rng) -> String {
    format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN))
}

fn mobile(r: &mut Rng) -> String {
    format!("{}{:08}", r.pick(MOBILE_PREFIXES), r.below(100_000_000))
}

/// A resident ID number with a real birth date and a correct GB 11643 check character.
fn resident_id(r: &mut Rng) -> String {
    let year = 1960 + r.below(45);
    let month = 1 + r.below(12);
    let day = 1 + r.below(28);
    let body = format!(
        "{}{year}{month:02}{day:02}{:03}",
        r.pick(LIAONING_AREAS),
        r.below(1000)
    );
    let sum: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * (1u32 << (17 - i)) % 11)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

fn plate(r: &mut Rng) -> String {
    let mut s = String::from(*r.pick(&["辽B", "辽A", "辽H", "吉A", "黑A"]));
    for _ in 0..5 {
        s.push(*r.pick(PLATE_CHARS) as char);
    }
    s
}

/// A VIN with a correct ISO 3779 check digit (position 9).
fn vin(r: &mut Rng) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    // Position 10 is the model year, whose code skips I, O, Q, U, Z and 0 (ISO 3779).
    const YEARS: &[u8] = b"ABCDEFGHJKLMNPRSTVWXY123456789";
    let mut v: Vec<u8> = b"LSY".to_vec();
    for i in 0..14 {
        v.push(if i == 6 {
            *r.pick(YEARS)
        } else {
            *r.pick(CHARS)
        });
    }
    let value = |c: u8| -> u32 {
        match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'H' => u32::from(c - b'A') + 1,
            b'J'..=b'N' => u32::from(c - b'J') + 1,
            b'P' => 7,
            b'R' => 9,
            b'S'..=b'Z' => u32::from(c - b'S') + 2,
            _ => 0,
        }
    };
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let sum: u32 = v.iter().zip(WEIGHTS).map(|(&c, w)| value(c) * w).sum();
    v[8] = match sum % 11 {
        10 => b'X',
        d => b'0' + d as u8,
    };
    String::from_utf8_lossy(&v).into_owned()
}

fn gate_transactions() -> Result<Vec<u8>> {
    let mut r = Rng(2026_0001);
    let mut csv =
        String::from("作业时间,集装箱号,车牌号,司机姓名,司机手机号,司机身份证号,作业类型,堆场\n");
    for i in 0..2000u64 {
        let minute = i * 7;
        let _ = writeln!(
            csv,
            "2026-10-{:02} {:02}:{:02}:00,{}U{:07},{},{},{},{},{},{}",
            1 + minute / 1440 % 28,
            minute / 60 % 24,
            minute % 60,
            r.pick(&["COS", "MSK", "ONE", "EMC", "CMA"]),
            r.below(10_000_000),
            plate(&mut r),
            name(&mut r),
            mobile(&mut r),
            resident_id(&mut r),
            r.pick(&["进闸", "出闸"]),
            r.pick(&["大窑湾一期", "大窑湾二期", "和尚岛", "大港区"]),
        );
    }
    // Many port systems still export GBK; the demo keeps one such file.
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&csv);
    if unmappable {
        return Err(Error::new(Code::Internal));
    }
    Ok(bytes.into_owned())
}

fn berth_schedule() -> Vec<u8> {
    let mut r = Rng(2026_0002);
    let mut csv = String::from("vessel_name,imo,berth,eta,etd,cargo_tonnes,route\n");
    let vessels = [
        "COSCO SHIPPING ARIES",
        "MAERSK EDMONTON",
        "ONE HARMONY",
        "EVER GIVEN",
        "CMA CGM TAGE",
        "XIN DA LIAN",
    ];
    for i in 0..400u64 {
        let day = 1 + i % 28;
        let _ = writeln!(
            csv,
            "{},{},DYW-{:02},2026-11-{day:02} {:02}:00:00,2026-11-{:02} {:02}:00:00,{},{}",
            r.pick(&vessels),
            9_000_000 + r.below(999_999),
            1 + r.below(20),
            r.below(24),
            (day % 28) + 1,
            r.below(24),
            5_000 + r.below(120_000),
            r.pick(&[
                "大连-东京",
                "大连-釜山",
                "大连-大阪",
                "大连-香港",
                "大连-鹿特丹"
            ]),
        );
    }
    csv.into_bytes()
}

fn telemetry() -> Vec<u8> {
    let mut r = Rng(2026_0003);
    let mut out = String::new();
    for i in 0..3000u64 {
        let _ = writeln!(
            out,
            r#"{{"device_id":"SYHE-{:04}","ts":"2026-11-{:02}T{:02}:{:02}:00","spindle_temp_c":{:.1},"vibration_mm_s":{:.2},"load_pct":{},"status":"{}"}}"#,
            r.below(60),
            1 + i / 120 % 28,
            i / 5 % 24,
            (i * 12) % 60,
            35.0 + r.below(400) as f64 / 10.0,
            r.below(800) as f64 / 100.0,
            r.below(101),
            r.pick(&["running", "running", "running", "idle", "maintenance"]),
        );
    }
    out.into_bytes()
}

fn after_sales() -> Result<Vec<u8>> {
    let mut r = Rng(2026_0004);
    let mut csv = String::from(
        "工单号,客户姓名,联系电话,身份证号,车辆识别代号,车牌号,城市,服务项目,服务日期\n",
    );
    for i in 0..1500u64 {
        let _ = writeln!(
            csv,
            "SH{:07},{},{},{},{},{},{},{},2026-{:02}-{:02}",
            100_000 + i,
            name(&mut r),
            mobile(&mut r),
            resident_id(&mut r),
            vin(&mut r),
            plate(&mut r),
            r.pick(&["沈阳", "大连", "鞍山", "营口", "长春"]),
            r.pick(&["液压系统检修", "发动机保养", "电气故障排查", "整机年检"]),
            1 + r.below(10),
            1 + r.below(28),
        );
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(csv.as_bytes()).map_err(Error::internal)?;
    gz.finish().map_err(Error::internal)
}

fn datasets() -> Vec<Dataset> {
    let meta = |title: &str, title_en: &str, desc: &str, desc_en: &str, sector: &str, src, freq| {
        UploadMeta {
            title: title.into(),
            title_en: Some(title_en.into()),
            description: desc.into(),
            description_en: Some(desc_en.into()),
            sector: sector.into(),
            source_kind: Some(src),
            source_evidence: (src == SourceKind::PersonalInfoWithConsent)
                .then(|| "驾驶员及客户服务协议第 7 条（个人信息处理同意）".into()),
            update_frequency: Some(freq),
        }
    };
    let mut out = Vec::new();
    if let Ok(bytes) = gate_transactions() {
        out.push(Dataset {
            owner: "dalian-port",
            file_name: "gate-transactions-2026-10.csv",
            meta: meta(
                "大窑湾集卡进出闸记录（2026年10月）",
                "Dayaowan truck gate transactions (Oct 2026)",
                "集卡进出闸作业记录，含车牌、司机姓名、手机号和身份证号。GBK 编码导出。",
                "Truck gate-in/gate-out records with plates, driver names, mobiles and resident IDs. Exported in GBK.",
                "logistics",
                SourceKind::PersonalInfoWithConsent,
                UpdateFrequency::Daily,
            ),
            bytes,
            rights: with_consent("驾驶员服务协议（2025 版）第 7 条及签署记录"),
        });
    }
    out.push(Dataset {
        owner: "dalian-port",
        file_name: "berth-schedule-2026-11.csv",
        meta: meta(
            "船舶靠泊计划（2026年11月）",
            "Vessel berthing schedule (Nov 2026)",
            "大窑湾港区船舶预计到离港时间、泊位与货量，不含个人信息。",
            "Expected arrival and departure, berth and tonnage of vessels at Dayaowan; no personal information.",
            "logistics",
            SourceKind::SelfCollected,
            UpdateFrequency::Weekly,
        ),
        bytes: berth_schedule(),
        rights: DemoRights::LicensedOut,
    });
    out.push(Dataset {
        owner: "shenyang-mfg",
        file_name: "equipment-telemetry.jsonl",
        meta: meta(
            "数控机床运行遥测",
            "CNC machine telemetry",
            "主轴温度、振动、负载等设备运行数据（JSON Lines）。",
            "Spindle temperature, vibration and load readings (JSON Lines).",
            "manufacturing",
            SourceKind::SelfCollected,
            UpdateFrequency::RealTime,
        ),
        bytes: telemetry(),
        rights: self_collected("设备物联网平台采集日志 IoT-2026"),
    });
    if let Ok(bytes) = after_sales() {
        out.push(Dataset {
            owner: "shenyang-mfg",
            file_name: "after-sales-service.csv.gz",
            meta: meta(
                "工程车辆售后服务记录",
                "Construction-vehicle after-sales service records",
                "售后工单，含客户姓名、电话、身份证号、车辆识别代号与车牌（gzip 压缩）。",
                "After-sales tickets with customer names, phones, resident IDs, VINs and plates (gzip).",
                "automotive",
                SourceKind::PersonalInfoWithConsent,
                UpdateFrequency::Monthly,
            ),
            bytes,
            rights: with_consent("售后服务协议个人信息条款及客户签署记录"),
        });
    }
    out.push(Dataset {
        owner: "shenyang-mfg",
        file_name: "port-parts-logistics-index.csv",
        meta: meta(
            "备件到港物流指数（衍生数据）",
            "Spare-parts port logistics index (derived)",
            "由大连港船舶靠泊计划加工而成的周度到港与吨位指数，不含个人信息。",
            "Weekly vessel-call and tonnage index processed from Dalian port's berthing schedule; no personal information.",
            "logistics",
            SourceKind::SelfCollected,
            UpdateFrequency::Weekly,
        ),
        bytes: logistics_index(),
        rights: DemoRights::DerivedFromBerths,
    });
    out
}

/// A weekly index derived from the berthing schedule.
fn logistics_index() -> Vec<u8> {
    let mut r = Rng(2026_0005);
    let mut csv = String::from("week,vessel_calls,cargo_tonnes,route,index\n");
    for week in 1..=48u64 {
        for route in ["大连-东京", "大连-釜山", "大连-大阪"] {
            let calls = 3 + r.below(12);
            let tonnes = calls * (20_000 + r.below(30_000));
            let _ = writeln!(
                csv,
                "2026-W{week:02},{calls},{tonnes},{route},{:.1}",
                80.0 + (r.below(400) as f64) / 10.0
            );
        }
    }
    csv.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_identifiers_are_valid() {
        let mut r = Rng(7);
        for _ in 0..200 {
            let id = resident_id(&mut r);
            assert_eq!(id.len(), 18);
            let vin = vin(&mut r);
            assert_eq!(vin.len(), 17);
            assert!(!vin.contains(['I', 'O', 'Q']));
        }
        // The worked example of regulations.md Table 2.
        let sum: u32 = "11010519491231002"
            .bytes()
            .enumerate()
            .map(|(i, b)| u32::from(b - b'0') * (1u32 << (17 - i)) % 11)
            .sum();
        assert_eq!(b"10X98765432"[(sum % 11) as usize], b'X');
        for org in ORGS {
            let region = Region::parse(org.region).unwrap();
            assert!(org_id(org.id_body, &region).is_ok(), "{}", org.username);
        }
        assert!(operator_participant().is_ok());
    }

    #[test]
    fn datasets_are_deterministic() {
        let a: Vec<Vec<u8>> = datasets().into_iter().map(|d| d.bytes).collect();
        let b: Vec<Vec<u8>> = datasets().into_iter().map(|d| d.bytes).collect();
        assert_eq!(a.len(), 5);
        assert_eq!(a, b);
    }
}
