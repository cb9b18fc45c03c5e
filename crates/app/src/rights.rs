//! The rights registry in the exchange (三权分置): registration with a source declaration,
//! licences, transfers, revocation, objections, lineage, and the asset lifecycle and accounts
//! that rest on them.
//!
//! The `rights` crate decides; this module persists. Every change runs under one lock and one
//! write transaction: the cached registry is brought up to date (its generation is compared
//! with the database's) and taken out of the cache, the change is applied, and the records and
//! grants it touched are written with the events that describe it. Only a committed change goes
//! back into the cache; anything else leaves it empty, to be read again from the database, so
//! memory never runs ahead of the record.
//!
//! Each change emits its event (with its actor and details) and, for every asset whose rights
//! it changed (a revocation cascades downstream), a `rights.state` event with no actor that
//! carries the SHA-256 of the asset's rights state after the change. Registration certificates
//! state exactly that state, so the log attests what they say (see `certs`). Listings whose
//! owner lost the operation right are suspended in the same transaction.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;
use rights::{Grant, GrantStatus, Lineage, OpenClass, Registry, Right, RightsError, Scope, Term};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;
use tokio::sync::{Mutex, MutexGuard};
use types::{AssetId, GrantId, MerchantRole, ParticipantId, ParticipantStatus};

use crate::{App, Code, Error, Principal, Result, today_in_china};

/// The cached registry and the generation it reflects.
#[derive(Debug, Default)]
pub(crate) struct RightsCache {
    inner: Mutex<Cached>,
}

#[derive(Debug, Default)]
pub(crate) struct Cached {
    generation: i64,
    /// Taken out while a change is being written, so a change that does not commit (an error,
    /// or a request dropped midway) can never leave it ahead of the database.
    registry: Option<Arc<Registry>>,
}

impl Cached {
    /// The registry as the lock holder sees it.
    pub(crate) fn registry(&self) -> Option<&Registry> {
        self.registry.as_deref()
    }
}

/// Maps a refusal of the rights model to the exchange's error table.
pub(crate) fn rights_error(e: RightsError) -> Error {
    let code = match &e {
        RightsError::UnknownAsset(_) => Code::RightsNotRegistered,
        RightsError::AlreadyRegistered(_) => Code::RightsAlreadyRegistered,
        RightsError::UnknownGrant(_) => Code::GrantNotFound,
        RightsError::NotHeld { .. } => Code::RightNotHeld,
        RightsError::Inactive(_) => Code::GrantInactive,
        RightsError::NotSublicensable(_) => Code::NotSublicensable,
        RightsError::OutsideParent(_) => Code::OutsideParent,
        RightsError::ExclusiveOverlap(_) => Code::ExclusiveOverlap,
        RightsError::Frozen => Code::RightsFrozen,
        RightsError::NoObjection => Code::NoObjection,
        RightsError::PublicNotOpen => Code::PublicNotOpen,
        RightsError::NeedsAuthorisedOperation => Code::NeedsAuthorisedOperation,
        RightsError::UpstreamForbidsProducts(_) => Code::UpstreamForbidsProducts,
        RightsError::Cycle(_) => Code::LineageCycle,
        RightsError::OutsideScope(_) => Code::OutsideScope,
        RightsError::AlreadyRevoked => Code::AlreadyRevoked,
        RightsError::BadTerm => Code::BadTerm,
        RightsError::MissingEvidence => Code::MissingEvidence,
    };
    let zh = match &e {
        RightsError::NotHeld { right } => format!("未持有有效的{}。", right.label_zh()),
        RightsError::OutsideParent(what) => format!("许可超出上级授权：{what}。"),
        RightsError::ExclusiveOverlap(g) => format!("与独占许可 {g} 重叠。"),
        RightsError::UpstreamForbidsProducts(g) => format!("上游授权 {g} 不允许经营衍生产品。"),
        RightsError::OutsideScope(g) => format!("授权 {g} 不覆盖该用途或地域。"),
        RightsError::Inactive(g) => format!("授权 {g} 已撤销、转让或中止。"),
        other => code_zh(other),
    };
    Error::new(code).detail(format!("{e}."), zh)
}

fn code_zh(e: &RightsError) -> String {
    format!("{}（{}）", e, e.code())
}

fn invalid(en: impl Into<String>, zh: impl Into<String>) -> Error {
    Error::new(Code::RightsInvalid).detail(en, zh)
}

/// A registration request: the source declaration, public data's open class, and for a derived
/// asset its sources with the processing grants used.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRights {
    pub source: rights::Source,
    #[serde(default)]
    pub public: Option<OpenClass>,
    #[serde(default)]
    pub lineage: Vec<Lineage>,
}

/// A licence request.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LicenceRequest {
    pub to: ParticipantId,
    #[serde(default)]
    pub purposes: Vec<String>,
    #[serde(default)]
    pub territory: Vec<String>,
    /// For processing licences: whether products made from the data may be operated.
    #[serde(default)]
    pub products: bool,
    pub from: NaiveDate,
    #[serde(default)]
    pub until: Option<NaiveDate>,
    #[serde(default)]
    pub exclusive: bool,
    #[serde(default)]
    pub sublicensable: bool,
}

/// An asset's rights as the API and portal show them.
#[derive(Clone, Debug, Serialize)]
pub struct RightsView {
    pub asset: AssetId,
    pub lifecycle: String,
    pub lifecycle_reason: Option<String>,
    pub record: Option<rights::AssetRecord>,
    pub grants: Vec<GrantView>,
    pub lineage: LineageGraph,
    pub evidence: Vec<EvidenceView>,
    /// What the registration certificate states, and its SHA-256.
    pub state_digest: Option<String>,
}

/// A grant with its holder's name.
#[derive(Clone, Debug, Serialize)]
pub struct GrantView {
    #[serde(flatten)]
    pub grant: Grant,
    pub holder_name: String,
    /// The holder's English name.
    pub holder_name_en: String,
    /// Whether it can be exercised today.
    pub exercisable: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct EvidenceView {
    pub sha256: String,
    pub media_type: String,
    pub size: i64,
    pub file_name: String,
}

/// The lineage graph around an asset: its ancestors and descendants.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LineageGraph {
    pub nodes: Vec<LineageNode>,
    pub edges: Vec<rights::LineageEdge>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LineageNode {
    pub asset: AssetId,
    pub title: String,
    /// The owner, when the caller may open the asset.
    pub owner: Option<ParticipantId>,
    /// Whether the caller may open the asset.
    pub visible: bool,
}

/// The lifecycle states (MoF data-asset guidance).
pub const LIFECYCLE: [&str; 6] = [
    "unregistered",
    "registered",
    "listed",
    "suspended",
    "delisted",
    "destroyed",
];

/// Accounting treatments (财会〔2023〕11号).
pub const ACCOUNTING_CLASSES: [&str; 3] = ["intangible_asset", "inventory", "not_recognised"];

/// The largest single cost entry: 10^15 fen (10 trillion yuan). Totals are summed wide, so no
/// number of entries overflows them.
pub const MAX_COST_FEN: i64 = 1_000_000_000_000_000;

/// Cost categories recorded against data assets.
pub const COST_CATEGORIES: [&str; 7] = [
    "acquisition",
    "collection",
    "processing",
    "storage",
    "labelling",
    "compliance",
    "other",
];

/// A cost entry as a participant records it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CostInput {
    pub category: String,
    pub amount_fen: i64,
    pub incurred_on: NaiveDate,
    #[serde(default)]
    pub capitalised: bool,
    #[serde(default)]
    pub note: String,
}

/// The rights state an asset's registration certificate states: the asset and its title, what
/// the registry records, every grant over the asset, and who the holders are. Its SHA-256 (of
/// the RFC 8785 canonical JSON) is in the `rights.state` event after every change, so all a
/// certificate states is committed to by the log.
pub fn rights_state(
    registry: &Registry,
    asset: &AssetId,
    described: &Described,
) -> Option<serde_json::Value> {
    let record = registry.asset(asset)?;
    let grants: Vec<&Grant> = registry.grants_of(asset);
    Some(serde_json::json!({
        "asset": asset,
        "title": described.title,
        "titleEn": described.title_en,
        "record": record,
        "grants": grants,
        "holders": described.holders,
    }))
}

/// What a rights state says about an asset and its holders besides the registry's record.
#[derive(Clone, Debug, Default)]
pub struct Described {
    pub title: String,
    pub title_en: Option<String>,
    /// Each holder's names and organisation identifier, by participant id.
    pub holders: BTreeMap<String, serde_json::Value>,
}

/// Describes `asset` and the holders of its grants from the committed records.
pub(crate) async fn describe(
    pool: &store::AnyPool,
    registry: &Registry,
    asset: &AssetId,
) -> Result<Described> {
    let Some(a) = store::assets::get(pool, asset).await? else {
        return Ok(Described::default());
    };
    let mut holders = BTreeMap::new();
    for g in registry.grants_of(asset) {
        let key = g.holder.to_string();
        if holders.contains_key(&key) {
            continue;
        }
        if let Some(p) = store::participants::get(pool, &g.holder).await? {
            holders.insert(
                key,
                serde_json::json!({
                    "name": p.name_zh, "nameEn": p.name_en,
                    "orgId": p.org_id, "orgIdScheme": p.org_id_scheme,
                }),
            );
        }
    }
    Ok(Described {
        title: a.title,
        title_en: a.title_en,
        holders,
    })
}

/// `sha256:<hex>` of a JSON value's canonical form.
pub fn digest_of(value: &serde_json::Value) -> Result<String> {
    let text = serde_json_canonicalizer::to_string(value).map_err(Error::internal)?;
    Ok(format!(
        "sha256:{}",
        hex::encode(sha2::Sha256::digest(text))
    ))
}

/// One event a change emits, before it is written.
struct RightsEvent {
    event_type: &'static str,
    asset: AssetId,
    data: serde_json::Value,
}

fn grant_row(g: &Grant) -> Result<store::rights::GrantRow> {
    Ok(store::rights::GrantRow {
        id: g.id.to_string(),
        asset_id: g.asset,
        holder: g.holder,
        right_kind: g.right.as_str().to_owned(),
        status: match g.status {
            GrantStatus::Active => "active",
            GrantStatus::Revoked { .. } => "revoked",
            GrantStatus::Transferred { .. } => "transferred",
            GrantStatus::Suspended { .. } => "suspended",
        }
        .to_owned(),
        grant_json: serde_json::to_string(g).map_err(Error::internal)?,
    })
}

impl App {
    /// Locks the registry and opens the write transaction every change runs in, bringing the
    /// cached registry up to date first.
    pub(crate) async fn registry_tx(&self) -> Result<(MutexGuard<'_, Cached>, store::Tx)> {
        let mut cached = self.rights.inner.lock().await;
        let mut tx = self.store.begin().await?;
        let generation = store::rights::generation(tx.conn()).await?;
        if cached.registry.is_none() || cached.generation != generation {
            cached.registry = None;
            let assets = store::rights::all_assets(tx.conn()).await?;
            let grants = store::rights::all_grants(tx.conn()).await?;
            cached.registry = Some(Arc::new(restore_registry(assets, grants)?));
            cached.generation = generation;
        }
        Ok((cached, tx))
    }

    /// The registry as it stands in the database, without taking the write lock: the cached
    /// one when its generation is current, else read again (and read again if a change commits
    /// meanwhile).
    pub(crate) async fn registry_snapshot(&self) -> Result<Arc<Registry>> {
        let pool = self.store.pool();
        {
            let mut cached = self.rights.inner.lock().await;
            for _ in 0..3 {
                let generation = store::rights::generation(pool).await?;
                if let Some(r) = &cached.registry
                    && cached.generation == generation
                {
                    return Ok(r.clone());
                }
                let assets = store::rights::all_assets(pool).await?;
                let grants = store::rights::all_grants(pool).await?;
                if store::rights::generation(pool).await? == generation {
                    let r = Arc::new(restore_registry(assets, grants)?);
                    cached.registry = Some(r.clone());
                    cached.generation = generation;
                    return Ok(r);
                }
            }
        }
        // Other nodes keep changing it: read it under the write lock once.
        let (cached, _tx) = self.registry_tx().await?;
        cached
            .registry
            .clone()
            .ok_or_else(|| Error::new(Code::Internal))
    }

    /// Applies `change` to the registry and persists what it touched with its events, plus
    /// whatever `extra` writes in the same transaction; then suspends any listed asset whose
    /// owner lost the operation right by it. Returns the change's result and the id of the
    /// main event.
    async fn change_rights<T>(
        &self,
        who: &Principal,
        change: impl FnOnce(&mut Registry) -> Result<(T, RightsEvent)>,
        extra: impl AsyncFnOnce(&mut store::Tx, &Registry) -> Result<()>,
    ) -> Result<(T, String)> {
        let (mut cached, mut tx) = self.registry_tx().await?;
        let current = cached
            .registry
            .take()
            .ok_or_else(|| Error::new(Code::Internal))?;
        let mut registry = Arc::unwrap_or_clone(current);
        // A refused change touches nothing (the model checks before it mutates).
        let (out, event) = match change(&mut registry) {
            Ok(done) => done,
            Err(e) => {
                // The model checks before it mutates, so a refusal leaves it as it was; should
                // one ever mark a change, the cache stays empty and is read again.
                if registry.take_changes().is_empty() {
                    cached.registry = Some(Arc::new(registry));
                }
                return Err(e);
            }
        };
        let changes = registry.take_changes();
        let written = async {
            let mut affected: BTreeSet<AssetId> = changes.assets.iter().map(|(a, _)| *a).collect();
            affected.extend(changes.grants.iter().map(|g| g.asset));
            affected.insert(event.asset);
            let id = persist(self.store.pool(), &mut tx, who, &registry, changes, event).await?;
            extra(&mut tx, &registry).await?;
            let today = today_in_china();
            // Listings downstream depend on these rights too (a product lapses with the
            // grants it was made under).
            let downstream: Vec<AssetId> = affected
                .iter()
                .flat_map(|a| registry.lineage_graph(a))
                .map(|e| e.derived)
                .collect();
            affected.extend(downstream);
            for asset in &affected {
                if let Some(a) = store::assets::get(tx.conn(), asset).await?
                    && a.lifecycle == "listed"
                    && registry
                        .check(&a.participant_id, asset, Right::Operation, today)
                        .is_err()
                {
                    self.move_lifecycle(&mut tx, who, &a, "suspended", Some("rights"))
                        .await?;
                }
            }
            let generation = store::rights::bump_generation(tx.conn()).await?;
            tx.commit().await?;
            Ok::<_, Error>((id, generation))
        }
        .await;
        // Only a committed change goes back into the cache; otherwise it stays empty and is
        // read again from the database.
        let (id, generation) = written?;
        cached.registry = Some(Arc::new(registry));
        cached.generation = generation;
        Ok((out, id))
    }

    /// The asset, if `who` owns it (another tenant's asset is "not found").
    async fn own_asset(&self, who: &Principal, asset: &AssetId) -> Result<store::Asset> {
        let a = store::assets::get(self.store.pool(), asset)
            .await?
            .filter(|a| who.may_read(&a.participant_id))
            .ok_or(Error::new(Code::AssetNotFound))?;
        if a.participant_id != who.participant().id {
            return Err(Error::new(Code::RightNotHeld).detail(
                "Only the asset's owner may do this.",
                "只有数据资产的持有方可以进行此操作。",
            ));
        }
        Ok(a)
    }

    /// Registers the rights over one of the caller's assets: with a source declaration and its
    /// evidence, or, for a derived asset, its sources and the processing grants used. The owner
    /// receives the three rights (the operation right of a derived asset only when every
    /// upstream grant permits products) and the asset becomes `registered`.
    pub async fn register_rights(
        &self,
        who: &Principal,
        asset: &AssetId,
        req: RegisterRights,
    ) -> Result<Vec<Grant>> {
        who.require_merchant(MerchantRole::Provider)?;
        let a = self.own_asset(who, asset).await?;
        if a.lifecycle != "unregistered" {
            return Err(Error::new(Code::RightsAlreadyRegistered));
        }
        self.check_evidence(asset, &req.source).await?;
        let derived = matches!(req.source, rights::Source::Derived);
        if derived == req.lineage.is_empty() {
            return Err(invalid(
                "A derived asset names its sources (lineage) and only a derived one does.",
                "衍生数据须列明来源（血缘），非衍生数据不得列明。",
            ));
        }
        if derived && req.public.is_some() {
            return Err(invalid(
                "A derived asset is not public data itself.",
                "衍生数据本身不是公共数据。",
            ));
        }
        for l in &req.lineage {
            let source = store::assets::get(self.store.pool(), &l.source).await?;
            if source.as_ref().is_some_and(|s| s.lifecycle == "destroyed") {
                return Err(Error::new(Code::LifecycleTransition).detail(
                    format!("Source asset {} was destroyed.", l.source),
                    format!("来源数据资产 {} 已销毁。", l.source),
                ));
            }
        }
        let today = today_in_china();
        let owner = a.participant_id;
        let (grants, _) = self
            .change_rights(
                who,
                |r| {
                    let grants = if derived {
                        r.derive(owner, *asset, &req.lineage, today)
                    } else {
                        r.register(*asset, owner, req.source.clone(), req.public, today)
                    }
                    .map_err(rights_error)?;
                    let event = RightsEvent {
                        event_type: if derived {
                            "rights.derived"
                        } else {
                            "rights.registered"
                        },
                        asset: *asset,
                        data: serde_json::json!({
                            "source": req.source,
                            "public": req.public,
                            "lineage": req.lineage,
                            "grants": grants.iter().map(|g| g.id).collect::<Vec<_>>(),
                        }),
                    };
                    Ok((grants, event))
                },
                async |tx, _| {
                    store::rights::set_lifecycle(
                        tx.conn(),
                        asset,
                        "registered",
                        None,
                        &types::now(),
                    )
                    .await?;
                    Ok(())
                },
            )
            .await?;
        Ok(grants)
    }

    /// Every `sha256:` evidence reference must name a document attached to the asset; other
    /// references (contract numbers, registers) are free text of at most 500 characters.
    async fn check_evidence(&self, asset: &AssetId, source: &rights::Source) -> Result<()> {
        let evidence: &[String] = match source {
            rights::Source::SelfCollected { evidence }
            | rights::Source::Purchased { evidence, .. }
            | rights::Source::AuthorisedPublicData { evidence, .. }
            | rights::Source::PersonalInformation { evidence, .. } => evidence,
            rights::Source::Derived => &[],
        };
        let texts: Vec<&str> = match source {
            rights::Source::Purchased { contract, .. } => vec![contract],
            rights::Source::AuthorisedPublicData { authorisation, .. } => vec![authorisation],
            rights::Source::PersonalInformation { legal_basis, .. } => vec![legal_basis],
            _ => Vec::new(),
        };
        if texts
            .iter()
            .any(|t| t.trim().is_empty() || t.chars().count() > 500)
        {
            return Err(invalid(
                "The contract, authorisation or legal basis is required, at most 500 characters.",
                "合同、授权或合法性基础必填，不超过 500 个字符。",
            ));
        }
        if evidence.len() > 20 || evidence.iter().any(|e| e.chars().count() > 500) {
            return Err(invalid(
                "At most 20 evidence references of at most 500 characters each.",
                "证明材料最多 20 项，每项不超过 500 个字符。",
            ));
        }
        let attached: BTreeSet<String> = store::rights::evidence_of(self.store.pool(), asset)
            .await?
            .into_iter()
            .map(|e| e.sha256)
            .collect();
        for e in evidence {
            if let Some(sha) = e.trim().strip_prefix("sha256:")
                && !attached.contains(sha)
            {
                return Err(Error::new(Code::MissingEvidence).detail(
                    format!("Evidence {e} is not a document attached to this asset."),
                    format!("证明材料 {e} 不是本数据资产已上传的文件。"),
                ));
            }
        }
        Ok(())
    }

    /// Attaches an evidence document (PDF, PNG or JPEG, at most 20 MB) to one of the caller's
    /// assets, stored content-addressed; the source declaration refers to it as `sha256:<hex>`.
    pub async fn attach_evidence(
        &self,
        who: &Principal,
        asset: &AssetId,
        media_type: &str,
        file_name: &str,
        bytes: bytes::Bytes,
    ) -> Result<EvidenceView> {
        who.require_merchant(MerchantRole::Provider)?;
        self.own_asset(who, asset).await?;
        let (media_type, sha, size) = self.store_document(media_type, bytes).await?;
        let file_name: String = file_name.trim().chars().take(255).collect();
        let evidence = store::rights::Evidence {
            asset_id: *asset,
            sha256: sha.clone(),
            media_type: media_type.clone(),
            size,
            file_name: if file_name.is_empty() {
                "evidence".into()
            } else {
                file_name
            },
            uploaded_by: who.user().id.to_string(),
            uploaded_at: types::now(),
        };
        let mut tx = self.store.begin().await?;
        store::rights::insert_evidence(tx.conn(), &evidence).await?;
        store::events::append(
            tx.conn(),
            &store::NewEvent {
                event_type: "rights.evidence_attached",
                subject_id: asset.to_string(),
                actor_id: Some(who.user().id.to_string()),
                at: evidence.uploaded_at,
                data: serde_json::json!({"sha256": sha, "media_type": media_type, "size": size}),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(EvidenceView {
            sha256: evidence.sha256,
            media_type: evidence.media_type,
            size,
            file_name: evidence.file_name,
        })
    }

    /// An evidence document: for the asset's owner, operators and regulators.
    pub async fn evidence_document(
        &self,
        who: &Principal,
        asset: &AssetId,
        sha256: &str,
    ) -> Result<(String, bytes::Bytes)> {
        store::assets::get(self.store.pool(), asset)
            .await?
            .filter(|a| who.may_read(&a.participant_id))
            .ok_or(Error::new(Code::AssetNotFound))?;
        let found = store::rights::evidence_of(self.store.pool(), asset)
            .await?
            .into_iter()
            .find(|e| e.sha256 == sha256)
            .ok_or(Error::new(Code::NotFound))?;
        let key = store::BlobKey::sha256(&found.sha256)
            .ok_or_else(|| Error::internal(store::Error::Corrupt("rights_evidence.sha256")))?;
        let bytes = self.store.blobs().get_bytes(&key).await?.ok_or_else(|| {
            Error::internal(store::Error::Corrupt("an evidence document is missing"))
        })?;
        Ok((found.media_type, bytes))
    }

    /// Licenses a right the caller holds (grant `parent`) to another verified participant.
    pub async fn license_right(
        &self,
        who: &Principal,
        parent: &GrantId,
        req: LicenceRequest,
    ) -> Result<Grant> {
        who.require_merchant(MerchantRole::Provider)?;
        let to = self.verified_participant(&req.to).await?;
        check_labels(&req.purposes, "purposes", "用途")?;
        check_labels(&req.territory, "territory", "地域")?;
        if req
            .territory
            .iter()
            .any(|t| types::Region::parse(t).is_err())
        {
            return Err(Error::new(Code::InvalidRegion));
        }
        let me = who.participant().id;
        let today = today_in_china();
        let (grant, _) = self
            .change_rights(
                who,
                |r| {
                    let g = r
                        .license(
                            &me,
                            parent,
                            to,
                            Scope {
                                purposes: req.purposes.clone(),
                                territory: req.territory.clone(),
                                products: req.products,
                            },
                            Term {
                                from: req.from,
                                until: req.until,
                            },
                            req.exclusive,
                            req.sublicensable,
                            today,
                        )
                        .map_err(rights_error)?;
                    let event = RightsEvent {
                        event_type: "rights.licensed",
                        asset: g.asset,
                        data: serde_json::json!({"grant": g}),
                    };
                    Ok((g, event))
                },
                async |tx, r| refuse_destroyed(tx, r, parent).await,
            )
            .await?;
        Ok(grant)
    }

    /// Transfers a grant the caller holds to another verified participant.
    pub async fn transfer_grant(
        &self,
        who: &Principal,
        grant: &GrantId,
        to: &ParticipantId,
    ) -> Result<Grant> {
        who.require_merchant(MerchantRole::Provider)?;
        let to = self.verified_participant(to).await?;
        let me = who.participant().id;
        let today = today_in_china();
        let (moved, _) = self
            .change_rights(
                who,
                |r| {
                    let g = r.transfer(&me, grant, to, today).map_err(rights_error)?;
                    let event = RightsEvent {
                        event_type: "rights.transferred",
                        asset: g.asset,
                        data: serde_json::json!({"from": grant, "grant": g}),
                    };
                    Ok((g, event))
                },
                async |tx, r| refuse_destroyed(tx, r, grant).await,
            )
            .await?;
        Ok(moved)
    }

    /// Revokes a grant: its grantor, or operator staff. Everything resting on it is suspended.
    pub async fn revoke_grant(
        &self,
        who: &Principal,
        grant: &GrantId,
        reason: &str,
    ) -> Result<Vec<GrantId>> {
        let by_operator = who.is_operator_reviewer();
        if who.is_operator() && !by_operator {
            return Err(Error::new(Code::Forbidden));
        }
        if !by_operator {
            who.require_merchant(MerchantRole::Provider)?;
        }
        let reason = required_text(reason, "reason", "原因")?;
        let me = who.participant().id;
        let today = today_in_china();
        let (fallen, _) = self
            .change_rights(
                who,
                |r| {
                    let asset = r
                        .grant(grant)
                        .map(|g| g.asset)
                        .ok_or(rights_error(RightsError::UnknownGrant(*grant)))?;
                    let fallen = r
                        .revoke(&me, by_operator, grant, today)
                        .map_err(rights_error)?;
                    let event = RightsEvent {
                        event_type: "rights.revoked",
                        asset,
                        data: serde_json::json!({
                            "grant": grant, "suspended": fallen, "by_operator": by_operator,
                            "reason": reason,
                        }),
                    };
                    Ok((fallen, event))
                },
                async |_, _| Ok(()),
            )
            .await?;
        Ok(fallen)
    }

    /// Files an objection (异议) against an asset's registration: any verified participant or
    /// operator staff. Listing and trading freeze; a listed asset is suspended.
    pub async fn object_to_asset(
        &self,
        who: &Principal,
        asset: &AssetId,
        reason: &str,
    ) -> Result<()> {
        if who.is_regulator() {
            // Regulators read; they do not take part in registrations.
            return Err(Error::new(Code::Forbidden));
        }
        if !who.is_operator() && who.participant().status != ParticipantStatus::Verified {
            return Err(Error::new(Code::NotVerified));
        }
        let reason = required_text(reason, "reason", "理由")?;
        store::assets::get(self.store.pool(), asset)
            .await?
            .ok_or(Error::new(Code::AssetNotFound))?;
        self.change_rights(
            who,
            |r| {
                r.object(asset, &reason).map_err(rights_error)?;
                let event = RightsEvent {
                    event_type: "rights.objection_filed",
                    asset: *asset,
                    data: serde_json::json!({
                        "reason": reason, "by": who.participant().id,
                    }),
                };
                Ok(((), event))
            },
            async |tx, _| {
                let a = store::assets::get(tx.conn(), asset)
                    .await?
                    .ok_or(Error::new(Code::AssetNotFound))?;
                if a.lifecycle == "listed" {
                    self.move_lifecycle(tx, who, &a, "suspended", Some("objection"))
                        .await?;
                }
                Ok(())
            },
        )
        .await?;
        Ok(())
    }

    /// Resolves an open objection (operator staff). Upheld, the registration falls with what
    /// rests on it and a listed or suspended asset is delisted; dismissed, an asset the
    /// objection suspended is listed again.
    pub async fn resolve_objection(
        &self,
        who: &Principal,
        asset: &AssetId,
        upheld: bool,
        note: &str,
    ) -> Result<Vec<GrantId>> {
        who.require_operator()?;
        let note = required_text(note, "note", "处理意见")?;
        store::assets::get(self.store.pool(), asset)
            .await?
            .ok_or(Error::new(Code::AssetNotFound))?;
        let today = today_in_china();
        let (affected, _) = self
            .change_rights(
                who,
                |r| {
                    let affected = r
                        .resolve_objection(asset, upheld, today)
                        .map_err(rights_error)?;
                    let event = RightsEvent {
                        event_type: "rights.objection_resolved",
                        asset: *asset,
                        data: serde_json::json!({
                            "upheld": upheld, "note": note, "affected": affected,
                        }),
                    };
                    Ok((affected, event))
                },
                async |tx, _| {
                    let a = store::assets::get(tx.conn(), asset)
                        .await?
                        .ok_or(Error::new(Code::AssetNotFound))?;
                    let by_objection = a.lifecycle == "suspended"
                        && a.lifecycle_reason.as_deref() == Some("objection");
                    if upheld && matches!(a.lifecycle.as_str(), "listed" | "suspended") {
                        self.move_lifecycle(tx, who, &a, "delisted", Some("objection upheld"))
                            .await?;
                    } else if !upheld && by_objection {
                        self.move_lifecycle(tx, who, &a, "listed", None).await?;
                    }
                    Ok(())
                },
            )
            .await?;
        Ok(affected)
    }

    /// Cancels (注销) the registration of one of the caller's assets: its rights fall with
    /// everything resting on them, and a listed asset is delisted.
    pub async fn cancel_registration(&self, who: &Principal, asset: &AssetId) -> Result<()> {
        who.require_merchant(MerchantRole::Provider)?;
        self.own_asset(who, asset).await?;
        let me = who.participant().id;
        let today = today_in_china();
        self.change_rights(
            who,
            |r| {
                let fallen = r.cancel(&me, asset, today).map_err(rights_error)?;
                let event = RightsEvent {
                    event_type: "rights.cancelled",
                    asset: *asset,
                    data: serde_json::json!({"affected": fallen}),
                };
                Ok(((), event))
            },
            async |tx, _| {
                let a = store::assets::get(tx.conn(), asset)
                    .await?
                    .ok_or(Error::new(Code::AssetNotFound))?;
                if matches!(a.lifecycle.as_str(), "listed" | "suspended") {
                    self.move_lifecycle(tx, who, &a, "delisted", Some("registration cancelled"))
                        .await?;
                }
                Ok(())
            },
        )
        .await?;
        Ok(())
    }

    /// Changes (变更) the source declaration of one of the caller's registered assets.
    pub async fn amend_source(
        &self,
        who: &Principal,
        asset: &AssetId,
        source: rights::Source,
    ) -> Result<()> {
        who.require_merchant(MerchantRole::Provider)?;
        self.own_asset(who, asset).await?;
        self.check_evidence(asset, &source).await?;
        let me = who.participant().id;
        self.change_rights(
            who,
            |r| {
                // The resource right changes its declaration, whoever registered the asset.
                r.check(&me, asset, Right::Holding, today_in_china())
                    .map_err(rights_error)?;
                r.amend_source(&me, asset, source.clone())
                    .map_err(rights_error)?;
                let event = RightsEvent {
                    event_type: "rights.source_amended",
                    asset: *asset,
                    data: serde_json::json!({"source": source}),
                };
                Ok(((), event))
            },
            async |_, _| Ok(()),
        )
        .await?;
        Ok(())
    }

    /// Whether `who`'s participant may exercise `right` over `asset` today (and, when given,
    /// for `purpose` in `territory`): the grant that allows it, or the refusal.
    pub async fn check_right(
        &self,
        who: &ParticipantId,
        asset: &AssetId,
        right: Right,
        purpose: Option<(&str, &str)>,
    ) -> Result<GrantId> {
        let registry = self.registry_snapshot().await?;
        let today = today_in_china();
        match purpose {
            Some((p, t)) => registry.check_use(who, asset, right, p, t, today),
            None => registry.check(who, asset, right, today),
        }
        .map_err(rights_error)
    }

    /// An asset's rights: for its owner, holders of a grant over it, operators and regulators.
    pub async fn rights_view(&self, who: &Principal, asset: &AssetId) -> Result<RightsView> {
        let a = store::assets::get(self.store.pool(), asset)
            .await?
            .ok_or(Error::new(Code::AssetNotFound))?;
        let registry = self.registry_snapshot().await?;
        let me = who.participant().id;
        let holds = registry.grants_of(asset).iter().any(|g| g.holder == me);
        if !who.may_read(&a.participant_id) && !holds {
            return Err(Error::new(Code::AssetNotFound));
        }
        let today = today_in_china();
        let full = who.may_read(&a.participant_id);
        // A licensee sees its own grants and the chain they were licensed from, not other
        // licensees' terms.
        let mut shown: BTreeSet<GrantId> = BTreeSet::new();
        if !full {
            for g in registry.grants_of(asset).iter().filter(|g| g.holder == me) {
                let mut at = Some(g.id);
                while let Some(id) = at {
                    if !shown.insert(id) {
                        break;
                    }
                    at = registry.grant(&id).and_then(|p| p.parent);
                }
            }
        }
        let mut names: BTreeMap<ParticipantId, (String, String)> = BTreeMap::new();
        let mut grants = Vec::new();
        for g in registry.grants_of(asset) {
            if !full && !shown.contains(&g.id) {
                continue;
            }
            let (holder_name, holder_name_en) =
                self.participant_name(&mut names, &g.holder).await?;
            grants.push(GrantView {
                exercisable: registry.exercisable_on(&g.id, today),
                grant: g.clone(),
                holder_name,
                holder_name_en,
            });
        }
        let edges = registry.lineage_graph(asset);
        let mut node_ids: BTreeSet<AssetId> =
            edges.iter().flat_map(|e| [e.source, e.derived]).collect();
        node_ids.insert(*asset);
        let mut nodes = Vec::new();
        for id in node_ids {
            if let Some(n) = store::assets::get(self.store.pool(), &id).await? {
                let visible = who.may_read(&n.participant_id)
                    || registry.grants_of(&id).iter().any(|g| g.holder == me);
                nodes.push(LineageNode {
                    asset: id,
                    // Titles and owners of assets the caller may not open are not shown.
                    title: if visible { n.title } else { String::new() },
                    owner: visible.then_some(n.participant_id),
                    visible,
                });
            }
        }
        // Evidence (contracts, consent records) is for the owner, operators and regulators.
        let evidence = if full {
            store::rights::evidence_of(self.store.pool(), asset).await?
        } else {
            Vec::new()
        };
        let evidence = evidence
            .into_iter()
            .map(|e| EvidenceView {
                sha256: e.sha256,
                media_type: e.media_type,
                size: e.size,
                file_name: e.file_name,
            })
            .collect();
        let described = describe(self.store.pool(), &registry, asset).await?;
        let state_digest = rights_state(&registry, asset, &described)
            .map(|s| digest_of(&s))
            .transpose()?;
        Ok(RightsView {
            asset: *asset,
            lifecycle: a.lifecycle,
            lifecycle_reason: a.lifecycle_reason,
            record: registry
                .asset(asset)
                .map(|r| if full { r.clone() } else { scrubbed(r) }),
            grants,
            lineage: LineageGraph { nodes, edges },
            evidence,
            state_digest,
        })
    }

    /// A participant's Chinese and English names, remembered in `names`.
    async fn participant_name(
        &self,
        names: &mut BTreeMap<ParticipantId, (String, String)>,
        id: &ParticipantId,
    ) -> Result<(String, String)> {
        if let Some(n) = names.get(id) {
            return Ok(n.clone());
        }
        let name = store::participants::get(self.store.pool(), id)
            .await?
            .map(|p| (p.name_zh, p.name_en))
            .unwrap_or_default();
        names.insert(*id, name.clone());
        Ok(name)
    }

    async fn verified_participant(&self, id: &ParticipantId) -> Result<ParticipantId> {
        match store::participants::get(self.store.pool(), id).await? {
            Some(p) if p.status == ParticipantStatus::Verified => Ok(p.id),
            Some(_) => Err(Error::new(Code::NotVerified)),
            None => Err(Error::new(Code::ParticipantNotFound)),
        }
    }

    /// Moves an asset through its lifecycle. The owner lists (which needs the product
    /// operation right and no open objection), delists and relists; operator staff suspend a
    /// listed asset and reinstate it. Destruction has its own use case (`destroy_asset`).
    pub async fn set_lifecycle(
        &self,
        who: &Principal,
        asset: &AssetId,
        to: &str,
        reason: Option<&str>,
    ) -> Result<store::Asset> {
        let a = store::assets::get(self.store.pool(), asset)
            .await?
            .filter(|a| who.may_read(&a.participant_id))
            .ok_or(Error::new(Code::AssetNotFound))?;
        let owner = a.participant_id == who.participant().id;
        let staff = who.is_operator_reviewer();
        let from = a.lifecycle.as_str();
        let allowed = match (from, to) {
            ("registered" | "delisted", "listed") => owner,
            ("suspended", "listed") => staff,
            ("listed", "suspended") => staff,
            ("listed" | "suspended", "delisted") => owner || staff,
            _ => false,
        };
        if !LIFECYCLE.contains(&to) || to == "destroyed" || !allowed {
            if !owner && !staff {
                return Err(Error::new(Code::Forbidden));
            }
            return Err(Error::new(Code::LifecycleTransition).detail(
                format!("An asset that is {from} cannot be moved to {to} by you."),
                format!("当前状态为 {from} 的数据资产不能由您变更为 {to}。"),
            ));
        }
        let reason = match to {
            "suspended" => Some(required_text(reason.unwrap_or_default(), "reason", "原因")?),
            _ => reason
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned),
        };
        // Under the registry lock and in the write transaction, so no change to the rights (an
        // objection, a revocation) can slip between the check and the move.
        let (cached, mut tx) = self.registry_tx().await?;
        let current = store::assets::get(tx.conn(), asset)
            .await?
            .ok_or(Error::new(Code::AssetNotFound))?;
        if current.lifecycle != a.lifecycle {
            return Err(Error::new(Code::LifecycleTransition));
        }
        if to == "listed" {
            // Nobody lists what they do not hold: the owner's operation right, today.
            let registry = cached
                .registry
                .as_ref()
                .ok_or_else(|| Error::new(Code::Internal))?;
            registry
                .check(&a.participant_id, asset, Right::Operation, today_in_china())
                .map_err(rights_error)?;
        }
        self.move_lifecycle(&mut tx, who, &current, to, reason.as_deref())
            .await?;
        tx.commit().await?;
        drop(cached);
        self.asset(who, asset).await.map(|d| d.asset)
    }

    /// Writes a lifecycle move and its event.
    async fn move_lifecycle(
        &self,
        tx: &mut store::Tx,
        who: &Principal,
        a: &store::Asset,
        to: &str,
        reason: Option<&str>,
    ) -> Result<()> {
        write_lifecycle(tx, Some(who.user().id.to_string()), a, to, reason).await
    }

    /// Suspends every listed asset whose owner can no longer exercise the operation right
    /// today (a licence term ran out, an upstream grant ended). Changes made through the
    /// exchange suspend at once; this catches what lapses with the calendar. Returns how many
    /// were suspended.
    pub async fn suspend_lapsed_listings(&self) -> Result<usize> {
        let (cached, mut tx) = self.registry_tx().await?;
        let registry = cached
            .registry
            .as_ref()
            .ok_or_else(|| Error::new(Code::Internal))?;
        let today = today_in_china();
        let mut suspended = 0;
        for a in store::rights::assets_in_lifecycle(tx.conn(), "listed").await? {
            if registry
                .check(&a.participant_id, &a.id, Right::Operation, today)
                .is_err()
            {
                write_lifecycle(&mut tx, None, &a, "suspended", Some("rights")).await?;
                suspended += 1;
            }
        }
        tx.commit().await?;
        Ok(suspended)
    }

    /// Destroys one of the caller's assets (registered or delisted): its data files are
    /// deleted from the blob store (those no other asset shares), its record is kept, and a
    /// destruction certificate is issued once the event is in the log.
    pub async fn destroy_asset(
        &self,
        who: &Principal,
        asset: &AssetId,
        reason: &str,
    ) -> Result<serde_json::Value> {
        who.require_merchant(MerchantRole::Provider)?;
        self.own_asset(who, asset).await?;
        let reason = required_text(reason, "reason", "原因")?;
        // Under the registry lock and the write lock: what is destroyed is what is recorded
        // now, and nothing can be added, sold or objected to in between.
        let (cached, mut tx) = self.registry_tx().await?;
        let registry = cached
            .registry
            .as_ref()
            .ok_or_else(|| Error::new(Code::Internal))?;
        let a = store::assets::get(tx.conn(), asset)
            .await?
            .ok_or(Error::new(Code::AssetNotFound))?;
        if !matches!(a.lifecycle.as_str(), "registered" | "delisted") {
            return Err(Error::new(Code::LifecycleTransition).detail(
                "Only a registered or delisted asset can be destroyed; delist it first.",
                "只有已登记或已下架的数据资产可以销毁，请先下架。",
            ));
        }
        if registry.asset(asset).is_some() {
            // An objection is resolved before the data can go; what was sold is the buyer's.
            if registry.is_frozen(asset).map_err(rights_error)? {
                return Err(rights_error(RightsError::Frozen));
            }
            if let Some(sold) = registry.sold(asset) {
                return Err(rights_error(RightsError::Inactive(sold)));
            }
        }
        let versions = store::assets::versions(tx.conn(), asset).await?;
        if versions
            .iter()
            .any(|v| v.state == types::VersionState::Processing)
        {
            return Err(Error::new(Code::LifecycleTransition).detail(
                "A version is still being read; destroy the asset once it is ready.",
                "仍有版本正在读取，请待其完成后再销毁。",
            ));
        }
        let files: Vec<serde_json::Value> = versions
            .iter()
            .map(|v| {
                serde_json::json!({
                    "version": v.version, "sha256": v.sha256, "bytes": v.size_bytes,
                    "parquet_sha256": v.parquet_sha256,
                })
            })
            .collect();
        let destroyed = serde_json::json!({
            "asset": asset,
            "title": a.title,
            "titleEn": a.title_en,
            "reason": reason,
            "files": files,
            "method": "deleted from the blob store; the record and its log entries are kept",
            "on": today_in_china(),
        });
        let digest = digest_of(&destroyed)?;
        let now = types::now();
        store::rights::set_lifecycle(tx.conn(), asset, "destroyed", Some(&reason), &now).await?;
        let event = store::events::append(
            tx.conn(),
            &store::NewEvent {
                event_type: "asset.destroyed",
                subject_id: asset.to_string(),
                actor_id: Some(who.user().id.to_string()),
                at: now,
                data: serde_json::json!({"destroyed": destroyed}),
            },
        )
        .await?;
        // What the destruction certificate attests: the digest alone, with no actor.
        let attested = store::events::append(
            tx.conn(),
            &store::NewEvent {
                event_type: DESTRUCTION_EVENT,
                subject_id: asset.to_string(),
                actor_id: None,
                at: now,
                data: serde_json::json!({"state_digest": digest, "cause": event.to_string()}),
            },
        )
        .await?;
        if registry.asset(asset).is_some() {
            store::rights::touch_asset(tx.conn(), asset, &attested.to_string(), &now).await?;
        }
        tx.commit().await?;
        drop(cached);
        // The files go now; if this is cut short, the sweep in `serve` finishes the work.
        if let Err(e) = self.delete_destroyed_files(asset).await {
            tracing::warn!(%asset, error = %e, "a destroyed asset's files are left for the sweep");
        }
        Ok(destroyed)
    }

    /// Deletes a destroyed asset's files (each unless another asset's version holds the same
    /// bytes, or will: the same upload makes the same Parquet copy) and records that it is
    /// done. The reference check and the deletion run under the write lock, so an upload of
    /// the same bytes either committed before (and is counted) or commits after and stores its
    /// file again (see `create_asset`). Idempotent.
    async fn delete_destroyed_files(&self, asset: &AssetId) -> Result<()> {
        let mut tx = self.store.begin().await?;
        for v in store::assets::versions(tx.conn(), asset).await? {
            if store::assets::blob_references_elsewhere(tx.conn(), asset, &v.sha256).await? > 0 {
                continue;
            }
            for sha in std::iter::once(&v.sha256).chain(v.parquet_sha256.as_ref()) {
                if store::assets::blob_references_elsewhere(tx.conn(), asset, sha).await? == 0
                    && let Some(key) = store::BlobKey::sha256(sha)
                {
                    self.store.blobs().delete(&key).await?;
                }
            }
        }
        store::rights::set_files_deleted(tx.conn(), asset, &types::now()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Finishes the deletion of destroyed assets' files that was cut short (a crash, a lost
    /// connection to the blob store). Returns how many assets it finished.
    pub async fn sweep_destroyed_files(&self) -> Result<usize> {
        let pending = store::rights::files_pending_deletion(self.store.pool()).await?;
        let mut done = 0;
        for asset in pending {
            match self.delete_destroyed_files(&asset).await {
                Ok(()) => done += 1,
                Err(e) => {
                    tracing::warn!(%asset, error = %e, "could not delete a destroyed asset's files")
                }
            }
        }
        Ok(done)
    }

    /// Records how the owner accounts for one of its assets (财会〔2023〕11号).
    pub async fn set_accounting_class(
        &self,
        who: &Principal,
        asset: &AssetId,
        class: &str,
    ) -> Result<()> {
        who.require_merchant(MerchantRole::Provider)?;
        self.own_asset(who, asset).await?;
        if !ACCOUNTING_CLASSES.contains(&class) {
            return Err(Error::new(Code::InvalidAccounting).detail(
                format!("The treatment is one of {}.", ACCOUNTING_CLASSES.join(", ")),
                "会计处理应为无形资产、存货或不确认。",
            ));
        }
        let now = types::now();
        let mut tx = self.store.begin().await?;
        store::rights::set_accounting_class(tx.conn(), asset, class, &now).await?;
        store::events::append(
            tx.conn(),
            &store::NewEvent {
                event_type: "asset.accounting_set",
                subject_id: asset.to_string(),
                actor_id: Some(who.user().id.to_string()),
                at: now,
                data: serde_json::json!({"class": class}),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a cost against an asset the caller owns or holds a grant over. Costs incurred
    /// before 2024-01-01 are never capitalised (the rules apply prospectively), and only an
    /// asset recognised as an intangible asset or inventory takes capitalised costs.
    pub async fn record_cost(
        &self,
        who: &Principal,
        asset: &AssetId,
        cost: CostInput,
    ) -> Result<store::rights::Cost> {
        let a = store::assets::get(self.store.pool(), asset)
            .await?
            .ok_or(Error::new(Code::AssetNotFound))?;
        let me = who.participant().id;
        let owner = a.participant_id == me;
        if !owner {
            // A licensee records costs against the rights it can exercise today.
            let registry = self.registry_snapshot().await?;
            let today = today_in_china();
            if !registry.grants_of(asset).iter().any(|g| g.holder == me) {
                return Err(Error::new(Code::AssetNotFound));
            }
            if !Right::ALL
                .iter()
                .any(|r| registry.check(&me, asset, *r, today).is_ok())
            {
                return Err(rights_error(RightsError::NotHeld {
                    right: Right::Processing,
                }));
            }
        }
        let bad = |en: &str, zh: &str| Error::new(Code::InvalidAccounting).detail(en, zh);
        if !COST_CATEGORIES.contains(&cost.category.as_str()) {
            return Err(bad(
                &format!("The category is one of {}.", COST_CATEGORIES.join(", ")),
                "成本类别无效。",
            ));
        }
        if cost.amount_fen <= 0 || cost.amount_fen > MAX_COST_FEN {
            return Err(bad(
                "The amount is a positive number of fen, at most 10^15 (10 trillion yuan).",
                "金额应为正的整数（分）。",
            ));
        }
        if cost.note.chars().count() > 500 {
            return Err(bad(
                "A note has at most 500 characters.",
                "备注不超过 500 个字符。",
            ));
        }
        if cost.incurred_on > today_in_china() {
            return Err(bad(
                "A cost cannot be incurred in the future.",
                "成本发生日期不能晚于今天。",
            ));
        }
        if cost.capitalised {
            let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or(NaiveDate::MIN);
            if cost.incurred_on < start {
                return Err(bad(
                    "Costs incurred before 2024-01-01 were expensed and are not capitalised (财会〔2023〕11号 applies prospectively).",
                    "2024 年 1 月 1 日前已费用化的成本不得资本化（未来适用法）。",
                ));
            }
            if owner && a.accounting_class == "not_recognised" {
                return Err(bad(
                    "Classify the asset as an intangible asset or inventory before capitalising costs.",
                    "资本化成本前，请先将该数据资源确认为无形资产或存货。",
                ));
            }
        }
        let record = store::rights::Cost {
            id: format!("cst_{}", uuid_like()),
            asset_id: *asset,
            participant_id: me,
            category: cost.category,
            amount_fen: cost.amount_fen,
            incurred_on: cost.incurred_on.to_string(),
            capitalised: cost.capitalised,
            note: cost.note.trim().to_owned(),
            recorded_by: who.user().id.to_string(),
            recorded_at: types::now(),
        };
        let mut tx = self.store.begin().await?;
        store::rights::insert_cost(tx.conn(), &record).await?;
        store::events::append(
            tx.conn(),
            &store::NewEvent {
                event_type: "asset.cost_recorded",
                subject_id: asset.to_string(),
                actor_id: Some(who.user().id.to_string()),
                at: record.recorded_at,
                data: serde_json::json!({
                    "cost": record.id, "category": record.category, "amount_fen": record.amount_fen,
                    "incurred_on": record.incurred_on, "capitalised": record.capitalised,
                }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// The costs `who`'s participant recorded against an asset.
    pub async fn costs_of(
        &self,
        who: &Principal,
        asset: &AssetId,
    ) -> Result<Vec<store::rights::Cost>> {
        self.rights_view(who, asset).await?;
        Ok(store::rights::costs(self.store.pool(), &who.participant().id, Some(asset)).await?)
    }
}

/// A short random suffix for record ids that need no time order.
fn uuid_like() -> String {
    use rand::RngCore as _;
    let mut b = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

fn required_text(text: &str, en: &str, zh: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 1000 {
        return Err(invalid(
            format!("A {en} of 1 to 1000 characters is required."),
            format!("{zh}必填，1 到 1000 个字符。"),
        ));
    }
    Ok(t.to_owned())
}

fn check_labels(labels: &[String], en: &str, zh: &str) -> Result<()> {
    if labels.len() > 50
        || labels
            .iter()
            .any(|l| l.trim().is_empty() || l.chars().count() > 100 || l.trim() != l)
    {
        return Err(invalid(
            format!("At most 50 {en}, each 1 to 100 characters without surrounding spaces."),
            format!("{zh}最多 50 项，每项 1 到 100 个字符，首尾不留空格。"),
        ));
    }
    Ok(())
}

/// A registration record as a licensee sees it: the kind of source, without the contract,
/// authorisation, legal basis or evidence, and an objection's existence without its reason.
fn scrubbed(r: &rights::AssetRecord) -> rights::AssetRecord {
    use rights::Source;
    let source = match &r.source {
        Source::SelfCollected { .. } => Source::SelfCollected {
            evidence: Vec::new(),
        },
        Source::Purchased { .. } => Source::Purchased {
            contract: String::new(),
            evidence: Vec::new(),
        },
        Source::AuthorisedPublicData { .. } => Source::AuthorisedPublicData {
            authorisation: String::new(),
            evidence: Vec::new(),
        },
        Source::PersonalInformation { .. } => Source::PersonalInformation {
            legal_basis: String::new(),
            evidence: Vec::new(),
        },
        Source::Derived => Source::Derived,
    };
    rights::AssetRecord {
        source,
        objection: r.objection.as_ref().map(|_| String::new()),
        ..r.clone()
    }
}

/// Writes a lifecycle move and its event (`actor` `None` for the exchange itself).
async fn write_lifecycle(
    tx: &mut store::Tx,
    actor: Option<String>,
    a: &store::Asset,
    to: &str,
    reason: Option<&str>,
) -> Result<()> {
    let now = types::now();
    store::rights::set_lifecycle(tx.conn(), &a.id, to, reason, &now).await?;
    store::events::append(
        tx.conn(),
        &store::NewEvent {
            event_type: "asset.lifecycle_changed",
            subject_id: a.id.to_string(),
            actor_id: actor,
            at: now,
            data: serde_json::json!({"from": a.lifecycle, "to": to, "reason": reason}),
        },
    )
    .await?;
    Ok(())
}

/// Refuses a change to the rights over a destroyed asset (nothing is left to license or sell).
async fn refuse_destroyed(tx: &mut store::Tx, registry: &Registry, grant: &GrantId) -> Result<()> {
    let Some(asset) = registry.grant(grant).map(|g| g.asset) else {
        return Ok(());
    };
    match store::assets::get(tx.conn(), &asset).await? {
        Some(a) if a.lifecycle == "destroyed" => Err(Error::new(Code::AssetDestroyed)),
        _ => Ok(()),
    }
}

/// Builds the registry from its stored rows.
fn restore_registry(
    assets: Vec<store::rights::AssetRights>,
    grants: Vec<store::rights::GrantRow>,
) -> Result<Registry> {
    let corrupt = |what: &'static str| Error::internal(store::Error::Corrupt(what));
    let assets = assets
        .into_iter()
        .map(|a| {
            serde_json::from_str::<rights::AssetRecord>(&a.record)
                .map(|r| (a.asset_id, r))
                .map_err(|_| corrupt("rights_assets.record"))
        })
        .collect::<Result<Vec<_>>>()?;
    let grants = grants
        .into_iter()
        .map(|g| serde_json::from_str::<Grant>(&g.grant_json).map_err(|_| corrupt("rights_grants")))
        .collect::<Result<Vec<_>>>()?;
    Ok(Registry::restore(assets, grants))
}

/// Writes a change: the records and grants it touched, its event, and for every asset whose
/// rights it changed a `rights.state` event carrying the SHA-256 of the asset's new rights state
/// (no actor, no reasons: it is what certificates embed and anyone may be shown). A destroyed
/// asset's record is updated but gets no new state event: its last word is its destruction.
async fn persist(
    pool: &store::AnyPool,
    tx: &mut store::Tx,
    who: &Principal,
    registry: &Registry,
    changes: rights::Changes,
    event: RightsEvent,
) -> Result<String> {
    let now = types::now();
    let mut affected: BTreeSet<AssetId> = changes.assets.iter().map(|(a, _)| *a).collect();
    affected.extend(changes.grants.iter().map(|g| g.asset));
    affected.insert(event.asset);
    for g in &changes.grants {
        store::rights::put_grant(tx.conn(), &grant_row(g)?).await?;
    }
    let main = store::events::append(
        tx.conn(),
        &store::NewEvent {
            event_type: event.event_type,
            subject_id: event.asset.to_string(),
            actor_id: Some(who.user().id.to_string()),
            at: now,
            data: event.data,
        },
    )
    .await?
    .to_string();
    for asset in affected {
        // Titles and holders' names are committed records; read outside the transaction.
        let described = describe(pool, registry, &asset).await?;
        let Some(state) = rights_state(registry, &asset, &described) else {
            continue;
        };
        let record = registry
            .asset(&asset)
            .ok_or_else(|| Error::new(Code::Internal))?;
        let destroyed = store::assets::get(tx.conn(), &asset)
            .await?
            .is_some_and(|a| a.lifecycle == "destroyed");
        let last_event_id = match store::rights::asset(tx.conn(), &asset).await? {
            Some(existing) if destroyed => existing.last_event_id,
            _ => store::events::append(
                tx.conn(),
                &store::NewEvent {
                    event_type: STATE_EVENT,
                    subject_id: asset.to_string(),
                    actor_id: None,
                    at: now,
                    data: serde_json::json!({
                        "state_digest": digest_of(&state)?,
                        "cause": main,
                        "cause_type": event.event_type,
                    }),
                },
            )
            .await?
            .to_string(),
        };
        store::rights::put_asset(
            tx.conn(),
            &store::rights::AssetRights {
                asset_id: asset,
                registrant: record.registrant,
                record: serde_json::to_string(record).map_err(Error::internal)?,
                last_event_id,
                updated_at: now,
            },
        )
        .await?;
    }
    Ok(main)
}

/// The event a registration certificate attests: an asset's rights state after a change.
pub const STATE_EVENT: &str = "rights.state";
/// The event a destruction certificate attests.
pub const DESTRUCTION_EVENT: &str = "asset.destruction";

/// One line of a participant's data-asset register (MoF data-asset guidance, disclosure).
#[derive(Clone, Debug, Serialize)]
pub struct RegisterRow {
    pub asset: AssetId,
    pub title: String,
    /// `owner`, or `licensee` for an asset the participant holds a grant over.
    pub role: String,
    pub lifecycle: String,
    /// The rights the participant can exercise today, e.g. `holding;processing`.
    pub rights_held: String,
    /// The level of the latest graded version (`general`, `important`, `core`), if graded.
    pub level: Option<String>,
    /// The owner's accounting treatment (empty for a licensee's line).
    pub accounting_class: String,
    pub capitalised_cost_fen: i64,
    pub expensed_cost_fen: i64,
    pub cost_entries: usize,
    /// The current registration (or destruction) certificate.
    pub certificate: Option<String>,
    pub updated_at: String,
}

/// The register's CSV columns, in order.
pub const REGISTER_COLUMNS: [&str; 12] = [
    "asset_id",
    "title",
    "role",
    "lifecycle",
    "rights_held",
    "level",
    "accounting_class",
    "capitalised_cost_fen",
    "expensed_cost_fen",
    "cost_entries",
    "certificate",
    "updated_at",
];

/// The sum of cost entries, summed wide and saturating (never wrapping).
fn total<'a>(costs: impl Iterator<Item = &'a &'a store::rights::Cost>) -> i64 {
    let sum: i128 = costs.map(|c| i128::from(c.amount_fen)).sum();
    i64::try_from(sum).unwrap_or(i64::MAX)
}

/// A cell as a spreadsheet will not execute it: text starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return is prefixed with an apostrophe.
fn inert(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

impl App {
    /// A participant's data-asset register: the assets it owns and those it holds a grant
    /// over, with rights, grade, accounting treatment and costs. For the participant, operators
    /// and regulators.
    pub async fn asset_register(
        &self,
        who: &Principal,
        participant: &ParticipantId,
    ) -> Result<Vec<RegisterRow>> {
        if !who.may_read(participant) {
            return Err(Error::new(Code::ParticipantNotFound));
        }
        let pool = self.store.pool();
        let registry = self.registry_snapshot().await?;
        let today = today_in_china();
        let mut ids: BTreeSet<AssetId> =
            store::assets::list(pool, Some(participant), None, i64::MAX)
                .await?
                .into_iter()
                .map(|a| a.id)
                .collect();
        ids.extend(store::rights::assets_held_by(pool, participant).await?);
        let costs = store::rights::costs(pool, participant, None).await?;
        let mut rows = Vec::new();
        for id in ids {
            let Some(a) = store::assets::get(pool, &id).await? else {
                continue;
            };
            let owner = a.participant_id == *participant;
            let rights_held: Vec<&str> = Right::ALL
                .iter()
                .filter(|r| registry.check(participant, &id, **r, today).is_ok())
                .map(|r| r.as_str())
                .collect();
            let level = store::assets::scans_of_asset(pool, &id)
                .await?
                .into_iter()
                .max_by_key(|s| s.created_at)
                .map(|s| s.level);
            let mine: Vec<&store::rights::Cost> =
                costs.iter().filter(|c| c.asset_id == id).collect();
            // The certificate states every grant: it is listed on the owner's register only.
            let certificate = if owner || who.sees_everything() {
                store::rights::certificates_of(pool, &id)
                    .await?
                    .into_iter()
                    .find(|c| c.revoked_at.is_none() || c.kind == "destruction")
                    .map(|c| c.id)
            } else {
                None
            };
            rows.push(RegisterRow {
                asset: id,
                title: a.title,
                role: if owner { "owner" } else { "licensee" }.to_owned(),
                lifecycle: a.lifecycle,
                rights_held: rights_held.join(";"),
                level,
                accounting_class: if owner {
                    a.accounting_class
                } else {
                    String::new()
                },
                capitalised_cost_fen: total(mine.iter().filter(|c| c.capitalised)),
                expensed_cost_fen: total(mine.iter().filter(|c| !c.capitalised)),
                cost_entries: mine.len(),
                certificate,
                updated_at: types::format_timestamp(&a.updated_at),
            });
        }
        Ok(rows)
    }

    /// The register as CSV (UTF-8 with a byte-order mark, so spreadsheets read the Chinese).
    pub async fn asset_register_csv(
        &self,
        who: &Principal,
        participant: &ParticipantId,
    ) -> Result<Vec<u8>> {
        let rows = self.asset_register(who, participant).await?;
        let mut out = csv::Writer::from_writer(b"\xef\xbb\xbf".to_vec());
        out.write_record(REGISTER_COLUMNS)
            .map_err(Error::internal)?;
        for r in rows {
            out.write_record([
                r.asset.to_string(),
                inert(&r.title),
                r.role,
                r.lifecycle,
                r.rights_held,
                r.level.unwrap_or_default(),
                r.accounting_class,
                r.capitalised_cost_fen.to_string(),
                r.expensed_cost_fen.to_string(),
                r.cost_entries.to_string(),
                r.certificate.unwrap_or_default(),
                r.updated_at,
            ])
            .map_err(Error::internal)?;
        }
        out.into_inner()
            .map_err(|e| Error::internal(e.into_error()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(amount_fen: i64) -> store::rights::Cost {
        store::rights::Cost {
            id: String::new(),
            asset_id: AssetId::new(),
            participant_id: ParticipantId::new(),
            category: "other".into(),
            amount_fen,
            incurred_on: "2025-01-01".into(),
            capitalised: true,
            note: String::new(),
            recorded_by: String::new(),
            recorded_at: types::now(),
        }
    }

    #[test]
    fn cost_totals_saturate_instead_of_wrapping() {
        let many: Vec<store::rights::Cost> = (0..10_000).map(|_| cost(MAX_COST_FEN)).collect();
        assert_eq!(total(many.iter().collect::<Vec<_>>().iter()), i64::MAX);
        let few = [cost(5), cost(7)];
        assert_eq!(total(few.iter().collect::<Vec<_>>().iter()), 12);
    }

    #[test]
    fn cells_that_spreadsheets_would_run_are_made_inert() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("+1"), "'+1");
        assert_eq!(inert("港口数据"), "港口数据");
    }
}
