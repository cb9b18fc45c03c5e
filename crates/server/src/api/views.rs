//! The JSON shapes of the API. They are the public contract, kept apart from the store's
//! records so that storage can change without breaking clients.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A registered organisation.
#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct ParticipantView {
    #[schema(example = "prt_019312a4c2b07c3e8d5f6a7b8c9d0e1f")]
    pub id: String,
    /// `merchant`, `operator` or `regulator`.
    pub kind: String,
    pub name_zh: String,
    pub name_en: String,
    /// `uscc` (mainland) or `lei`.
    pub org_id_scheme: String,
    pub org_id: String,
    /// ISO 3166-1 alpha-2; `CN` is the mainland.
    pub region: String,
    /// True for every region but the mainland (HK, MO and TW included): transfers there are exports.
    pub outside_mainland: bool,
    pub roles: Vec<String>,
    pub service_kinds: Vec<String>,
    /// `pending`, `verified` or `suspended`.
    pub status: String,
    pub status_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&app::Participant> for ParticipantView {
    fn from(p: &app::Participant) -> Self {
        ParticipantView {
            id: p.id.to_string(),
            kind: p.kind.to_string(),
            name_zh: p.name_zh.clone(),
            name_en: p.name_en.clone(),
            org_id_scheme: p.org_id_scheme.as_str().into(),
            org_id: p.org_id.clone(),
            region: p.region.to_string(),
            outside_mainland: !p.region.is_mainland(),
            roles: p.roles.iter().map(ToString::to_string).collect(),
            service_kinds: p.service_kinds.iter().map(ToString::to_string).collect(),
            status: p.status.to_string(),
            status_reason: p.status_reason.clone(),
            created_at: types::format_timestamp(&p.created_at),
            updated_at: types::format_timestamp(&p.updated_at),
        }
    }
}

/// A page of participants, newest first.
#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct ParticipantPage {
    pub items: Vec<ParticipantView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// A person acting for a participant.
#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct UserView {
    pub id: String,
    pub participant_id: String,
    pub username: String,
    pub display_name: String,
    /// `admin`, `reviewer` or `member`.
    pub staff_role: String,
    pub created_at: String,
}

impl From<&app::User> for UserView {
    fn from(u: &app::User) -> Self {
        UserView {
            id: u.id.to_string(),
            participant_id: u.participant_id.to_string(),
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            staff_role: u.staff_role.to_string(),
            created_at: types::format_timestamp(&u.created_at),
        }
    }
}

/// A registration's result.
#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct RegisteredView {
    pub participant: ParticipantView,
    pub user: UserView,
}

/// The caller.
#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct MeView {
    pub user: UserView,
    pub participant: ParticipantView,
}

/// A token's record (never its secret).
#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct TokenView {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub expires_at: String,
    pub revoked_at: Option<String>,
}

impl From<&app::ApiToken> for TokenView {
    fn from(t: &app::ApiToken) -> Self {
        TokenView {
            id: t.id.to_string(),
            name: t.name.clone(),
            created_at: types::format_timestamp(&t.created_at),
            expires_at: types::format_timestamp(&t.expires_at),
            revoked_at: t.revoked_at.as_ref().map(types::format_timestamp),
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct TokenList {
    pub items: Vec<TokenView>,
}

/// A newly issued token. The secret is shown here once and cannot be retrieved again.
#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct IssuedTokenView {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub token_id: String,
    pub expires_at: String,
}

/// A column of a dataset's schema.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub(crate) struct ColumnView {
    pub name: String,
    /// Arrow data type, e.g. `Int64`, `Utf8`, `Date32`.
    pub data_type: String,
    pub nullable: bool,
}

/// One immutable version of an asset's data.
#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct VersionView {
    pub id: String,
    pub version: i64,
    pub file_name: String,
    /// SHA-256 of the file as uploaded.
    pub sha256: String,
    pub size_bytes: i64,
    /// `csv`, `parquet` or `jsonl`.
    pub format: String,
    /// `none` or `gzip`.
    pub compression: String,
    /// `utf-8` or `gb18030` for text formats.
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    /// `processing` (received; being read in full), `ready` or `failed`.
    pub state: String,
    /// The schema, once ready.
    pub columns: Vec<ColumnView>,
    /// The exact row count, once ready.
    pub row_count: Option<i64>,
    /// SHA-256 of the normalised Parquet copy, once ready.
    pub parquet_sha256: Option<String>,
    pub parquet_size: Option<i64>,
    /// Why the version failed: a stable code (as in problem details) and both languages.
    pub error: Option<VersionError>,
    /// Classification and grading, once the version has been read and scanned.
    pub classification: Option<ClassificationView>,
    pub uploaded_by: String,
    pub created_at: String,
    pub processed_at: Option<String>,
}

/// What scanning a version found: personal information per column, people, and the grade.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub(crate) struct ClassificationView {
    /// `general`, `important` or `core` (GB/T 43697-2024).
    pub level: String,
    /// 1 (least harm) to 4, for general data.
    pub general_grade: Option<u8>,
    /// Distinct natural persons, keyed by the strongest identifier in each row.
    pub individuals: u64,
    pub sensitive_individuals: u64,
    pub minors_under_14: u64,
    pub columns: Vec<ColumnClassView>,
    /// The rules that decided the level, with their legal bases, most severe first.
    pub reasons: Vec<ReasonView>,
    /// The rule catalogues consulted, as `id@version` (e.g. `automotive@1.0.0`).
    pub catalogs: Vec<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub(crate) struct ColumnClassView {
    pub name: String,
    /// The kind of personal information (`cn_resident_id`, `cn_mobile`, …) or `none`.
    pub kind: String,
    pub matches: u64,
    pub non_null: u64,
    pub pi: bool,
    pub sensitive: bool,
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub(crate) struct ReasonView {
    pub rule: String,
    pub basis: String,
    pub detail_zh: String,
    pub detail_en: String,
}

impl From<&app::ScanReport> for ClassificationView {
    fn from(r: &app::ScanReport) -> Self {
        ClassificationView {
            level: r.level.clone(),
            general_grade: r.general_grade,
            individuals: r.individuals,
            sensitive_individuals: r.sensitive_individuals,
            minors_under_14: r.minors_under_14,
            columns: r
                .columns
                .iter()
                .map(|c| ColumnClassView {
                    name: c.name.clone(),
                    kind: c.kind.clone(),
                    matches: c.matches,
                    non_null: c.non_null,
                    pi: c.pi,
                    sensitive: c.sensitive,
                })
                .collect(),
            reasons: r
                .reasons
                .iter()
                .map(|x| ReasonView {
                    rule: x.rule.clone(),
                    basis: x.basis.clone(),
                    detail_zh: x.detail_zh.clone(),
                    detail_en: x.detail.clone(),
                })
                .collect(),
            catalogs: r.catalogs.clone(),
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub(crate) struct VersionError {
    pub code: String,
    pub detail_zh: Option<String>,
    pub detail_en: Option<String>,
}

impl From<&app::AssetVersion> for VersionView {
    fn from(v: &app::AssetVersion) -> Self {
        VersionView {
            id: v.id.to_string(),
            version: v.version,
            file_name: v.file_name.clone(),
            sha256: v.sha256.clone(),
            size_bytes: v.size_bytes,
            format: v.format.clone(),
            compression: v.compression.clone(),
            encoding: v.encoding.clone(),
            delimiter: v.delimiter.clone(),
            state: v.state.to_string(),
            columns: v
                .columns_json
                .as_deref()
                .and_then(|c| serde_json::from_str(c).ok())
                .unwrap_or_default(),
            row_count: v.row_count,
            parquet_sha256: v.parquet_sha256.clone(),
            parquet_size: v.parquet_size,
            classification: None,
            error: v.error_code.as_ref().map(|code| VersionError {
                code: code.clone(),
                detail_zh: v.error_zh.clone(),
                detail_en: v.error_en.clone(),
            }),
            uploaded_by: v.uploaded_by.to_string(),
            created_at: types::format_timestamp(&v.created_at),
            processed_at: v.processed_at.as_ref().map(types::format_timestamp),
        }
    }
}

/// A data asset's metadata.
#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct AssetView {
    #[schema(example = "ast_019312a4c2b07c3e8d5f6a7b8c9d0e1f")]
    pub id: String,
    /// The owning participant.
    pub owner: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: String,
    pub description_en: Option<String>,
    pub sector: String,
    /// `self_collected`, `purchased`, `authorised_public_data` or `personal_info_with_consent`.
    pub source_kind: String,
    pub source_evidence: Option<String>,
    pub update_frequency: String,
    pub latest_version: i64,
    /// A level an authority notified (`important` or `core`), as declared; grading never goes
    /// below it.
    pub declared_level: Option<String>,
    /// The notice the declaration rests on.
    pub declared_basis: Option<String>,
    /// `unregistered`, `registered`, `listed`, `suspended`, `delisted` or `destroyed`.
    pub lifecycle: String,
    pub lifecycle_reason: Option<String>,
    /// The owner's accounting treatment: `intangible_asset`, `inventory` or `not_recognised`.
    pub accounting_class: String,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&app::Asset> for AssetView {
    fn from(a: &app::Asset) -> Self {
        AssetView {
            id: a.id.to_string(),
            owner: a.participant_id.to_string(),
            title: a.title.clone(),
            title_en: a.title_en.clone(),
            description: a.description.clone(),
            description_en: a.description_en.clone(),
            sector: a.sector.clone(),
            source_kind: a.source_kind.to_string(),
            source_evidence: a.source_evidence.clone(),
            update_frequency: a.update_frequency.to_string(),
            latest_version: a.latest_version,
            declared_level: a.declared_level.clone(),
            declared_basis: a.declared_basis.clone(),
            lifecycle: a.lifecycle.clone(),
            lifecycle_reason: a.lifecycle_reason.clone(),
            accounting_class: a.accounting_class.clone(),
            created_at: types::format_timestamp(&a.created_at),
            updated_at: types::format_timestamp(&a.updated_at),
        }
    }
}

/// An asset with its current schema and row count, and every version (newest first).
#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct AssetDetailView {
    #[serde(flatten)]
    pub asset: AssetView,
    /// The state of the newest version.
    pub state: String,
    /// The schema of the newest ready version.
    pub columns: Vec<ColumnView>,
    /// The row count of the newest ready version.
    pub row_count: Option<i64>,
    /// Classification and grading of the newest ready version.
    pub classification: Option<ClassificationView>,
    pub versions: Vec<VersionView>,
}

impl From<&app::AssetDetail> for AssetDetailView {
    fn from(d: &app::AssetDetail) -> Self {
        let versions: Vec<VersionView> = d
            .versions
            .iter()
            .map(|v| VersionView {
                classification: d.scan_of(&v.id).map(ClassificationView::from),
                ..VersionView::from(v)
            })
            .collect();
        let ready = versions.iter().find(|v| v.state == "ready");
        AssetDetailView {
            asset: AssetView::from(&d.asset),
            state: versions
                .first()
                .map(|v| v.state.clone())
                .unwrap_or_default(),
            columns: ready.map(|v| v.columns.clone()).unwrap_or_default(),
            row_count: ready.and_then(|v| v.row_count),
            classification: ready.and_then(|v| v.classification.clone()),
            versions,
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct AssetPage {
    pub items: Vec<AssetView>,
    pub next_cursor: Option<String>,
}

/// RFC 9457 problem details, with both languages.
#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct ProblemView {
    /// A relative URI naming the problem type: `/problems/<code>`.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: Option<String>,
    pub instance: Option<String>,
    /// The stable error code, e.g. `asset.not_found`.
    pub code: String,
    pub title_zh: String,
    pub title_en: String,
    pub detail_zh: Option<String>,
    pub detail_en: Option<String>,
}
