//! The cross-border gate in the exchange: the rules (the national baseline built into Dataport
//! plus the operator's lists, TOML files in a directory) loaded at start and reloadable by an
//! operator administrator, and decisions for transfers abroad.
//!
//! A reload that meets an invalid file changes nothing: the rules in force stay in force, and the
//! error names the file and line. The gate never falls back to an exemption.

use std::path::{Path, PathBuf};

use sha2::Digest as _;
use std::sync::{Arc, RwLock};

pub use store::xborder::{Approval, Counter, ExporterProfile, Transfer};

use crate::{App, Code, Error, Principal, Result};

/// The rules in force, swapped whole on reload.
#[derive(Debug)]
pub(crate) struct Gate {
    dir: Option<PathBuf>,
    rules: RwLock<Arc<xborder::Rules>>,
}

impl Gate {
    pub(crate) fn open(dir: Option<&Path>) -> Result<Gate> {
        Ok(Gate {
            dir: dir.map(Path::to_path_buf),
            rules: RwLock::new(Arc::new(load_rules(dir)?)),
        })
    }

    fn current(&self) -> Arc<xborder::Rules> {
        self.rules
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// The national baseline plus every `*.toml` list in `dir`, in file-name order. An invalid file
/// is an error naming it and its line.
pub fn load_rules(dir: Option<&Path>) -> Result<xborder::Rules> {
    let mut rules = xborder::Rules::baseline();
    let Some(dir) = dir else {
        return Ok(rules);
    };
    let invalid = |en: String, zh: String| Error::new(Code::XborderInvalidRules).detail(en, zh);
    let entries = std::fs::read_dir(dir).map_err(|e| {
        invalid(
            format!("The rules directory {} cannot be read: {e}.", dir.display()),
            format!("无法读取规则目录 {}。", dir.display()),
        )
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        let origin = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let text = std::fs::read_to_string(&file).map_err(|e| {
            invalid(
                format!("{origin} cannot be read: {e}."),
                format!("无法读取规则文件 {origin}。"),
            )
        })?;
        rules
            .add_list(&origin, &text)
            .map_err(|e| invalid(format!("{e}."), format!("规则文件有误：{e}。")))?;
    }
    Ok(rules)
}

/// Parses a transfer request, with the reason when it is not valid.
pub fn parse_request(json: &str) -> Result<xborder::Request> {
    xborder::parse_request(json).map_err(|e| {
        Error::new(Code::XborderInvalidRequest)
            .detail(format!("{e}."), format!("出境请求无效：{e}。"))
    })
}

impl App {
    /// Checks and stores a document (PDF, PNG or JPEG by its magic bytes, at most
    /// [`MAX_DOCUMENT_BYTES`]) content-addressed and durably: its media type, SHA-256 and size.
    pub(crate) async fn store_document(
        &self,
        media_type: &str,
        bytes: bytes::Bytes,
    ) -> Result<(String, String, i64)> {
        let media_type = media_type.split(';').next().unwrap_or_default().trim();
        let kind_ok = match media_type {
            "application/pdf" => bytes.starts_with(b"%PDF-"),
            "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            "image/jpeg" => bytes.starts_with(&[0xff, 0xd8, 0xff]),
            _ => false,
        };
        if !kind_ok {
            return Err(Error::new(Code::InvalidDocument));
        }
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(Error::new(Code::TooLarge)
                .detail("A document is at most 20 MB.", "文件不超过 20 MB。"));
        }
        let sha = hex::encode(sha2::Sha256::digest(&bytes));
        let key = store::BlobKey::sha256(&sha)
            .ok_or_else(|| Error::internal(std::io::Error::other("hash")))?;
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        self.store.blobs().put_durable(&key, bytes).await?;
        Ok((media_type.to_owned(), sha, size))
    }

    /// The rule sets in force, as `id@version` (the national baseline first).
    pub fn xborder_rules(&self) -> Vec<String> {
        self.gate.current().versions()
    }

    /// The free-trade zones with a list loaded.
    pub fn xborder_zones(&self) -> Vec<String> {
        self.gate.current().zones()
    }

    /// Records what the operator has established about an exporter: whether it is a CIIO and
    /// the FTZ whose list it exports under (one with a list loaded). Operator staff only.
    pub async fn set_exporter_profile(
        &self,
        who: &Principal,
        exporter: &types::ParticipantId,
        ciio: bool,
        ftz: Option<&str>,
        basis: &str,
    ) -> Result<store::xborder::ExporterProfile> {
        who.require_operator()?;
        let ftz = ftz.map(str::trim).filter(|f| !f.is_empty());
        if let Some(zone) = ftz
            && !self.xborder_zones().iter().any(|z| z == zone)
        {
            return Err(Error::new(Code::XborderInvalidRequest).detail(
                format!("No list is loaded for the free-trade zone {zone:?}."),
                format!("未加载自贸区 {zone:?} 的清单。"),
            ));
        }
        let basis = basis.trim();
        if basis.is_empty() || basis.chars().count() > 500 {
            return Err(Error::new(Code::XborderInvalidRequest).detail(
                "Give what the record rests on (the notice or registration), at most 500 characters.",
                "请注明依据（通知或登记），不超过 500 个字符。",
            ));
        }
        let participant = self.participant(who, exporter).await?;
        let profile = store::xborder::ExporterProfile {
            participant_id: participant.id,
            ciio,
            ftz: ftz.map(str::to_owned),
            basis: basis.to_owned(),
            updated_by: who.user().id,
            updated_at: types::now(),
        };
        let mut tx = self.store.begin().await?;
        store::xborder::set_exporter_profile(tx.conn(), &profile).await?;
        store::events::append(
            tx.conn(),
            &store::NewEvent {
                event_type: "xborder.exporter_profile_set",
                subject_id: exporter.to_string(),
                actor_id: Some(who.user().id.to_string()),
                at: profile.updated_at,
                data: serde_json::json!({"ciio": ciio, "ftz": profile.ftz, "basis": profile.basis}),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(profile)
    }

    /// A rule's description in Chinese (decisions carry the English one).
    pub fn xborder_rule_zh(&self, rule: &str) -> Option<String> {
        self.gate.current().description_zh(rule).map(str::to_owned)
    }

    /// Reloads the operator's lists from the configured directory; an invalid file keeps the
    /// rules in force and is reported. Operator administrators only.
    pub fn reload_xborder_rules(&self, who: &Principal) -> Result<Vec<String>> {
        who.require_operator_admin()?;
        let rules = load_rules(self.gate.dir.as_deref())?;
        let versions = rules.versions();
        *self
            .gate
            .rules
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(rules);
        tracing::info!(rules = ?versions, "cross-border rules reloaded");
        Ok(versions)
    }

    /// The gate's decision for a transfer as described, today (Asia/Shanghai): the "what if"
    /// any signed-in participant may ask. Nothing is recorded.
    pub fn evaluate_transfer(
        &self,
        who: &Principal,
        request: &xborder::Request,
    ) -> Result<xborder::Decision> {
        // Any signed-in principal may ask; the principal is taken to make that explicit.
        let _ = who;
        xborder::evaluate(request, &self.gate.current(), crate::today_in_china()).map_err(|e| {
            Error::new(Code::XborderInvalidRequest)
                .detail(format!("{e}."), format!("出境请求无效：{e}。"))
        })
    }
}

/// The largest count of people a decision records (far above any population): sums of capped
/// counts never overflow.
const MAX_COUNT: u64 = 1_000_000_000_000;

/// The largest approval document accepted.
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;

/// What a caller records as an approval an exporter holds.
#[derive(Clone, Debug)]
pub struct NewApproval {
    /// `security_assessment`, `standard_contract` or `certification`.
    pub kind: String,
    pub reference: String,
    /// `YYYY-MM-DD`.
    pub issued: String,
    pub valid_until: Option<String>,
    pub note: String,
}

/// An exporter's standing with the gate: this year's counters, approvals and recent decisions.
#[derive(Clone, Debug)]
pub struct Compliance {
    pub year: i32,
    /// Executed transfers this year, per counting tag.
    pub counters: Vec<store::xborder::Counter>,
    /// The totals the thresholds are tested against (the stricter reading: every export counts).
    pub counted: xborder::Counts,
    pub approvals: Vec<store::xborder::Approval>,
    pub transfers: Vec<store::xborder::Transfer>,
    /// What the operator has established about the exporter, if anything.
    pub profile: Option<store::xborder::ExporterProfile>,
}

/// A decision taken for a transfer, and whether it went ahead.
#[derive(Clone, Debug)]
pub struct TransferDecision {
    pub id: types::TransferId,
    pub executed: bool,
    pub decision: xborder::Decision,
}

fn invalid_approval(en: &str, zh: &str) -> Error {
    Error::new(Code::XborderInvalidApproval).detail(en, zh)
}

fn date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

impl App {
    /// Records an approval an exporter holds (operator staff, with the document's number).
    pub async fn record_approval(
        &self,
        who: &Principal,
        exporter: &types::ParticipantId,
        new: &NewApproval,
    ) -> Result<store::xborder::Approval> {
        who.require_operator()?;
        if !matches!(
            new.kind.as_str(),
            "security_assessment" | "standard_contract" | "certification"
        ) {
            return Err(invalid_approval(
                "The kind is security_assessment, standard_contract or certification.",
                "类型应为 security_assessment、standard_contract 或 certification。",
            ));
        }
        let reference = new.reference.trim();
        if reference.is_empty() || reference.chars().count() > 200 {
            return Err(invalid_approval(
                "The reference (the document's number) is required, at most 200 characters.",
                "请填写文件编号（不超过 200 个字符）。",
            ));
        }
        let Some(issued) = date(&new.issued) else {
            return Err(invalid_approval(
                "The issue date is YYYY-MM-DD.",
                "签发日期格式应为 YYYY-MM-DD。",
            ));
        };
        // The longest terms the rules allow: an assessment result 3 years plus one 3-year
        // extension, a certification 3 years; a filed standard contract has no fixed term.
        let cap = match new.kind.as_str() {
            "security_assessment" => issued.checked_add_months(chrono::Months::new(72)),
            "certification" => issued.checked_add_months(chrono::Months::new(36)),
            _ => None,
        };
        let valid_until = match new
            .valid_until
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(s) => match date(s) {
                Some(d) if cap.is_some_and(|c| d > c) => {
                    return Err(invalid_approval(
                        "The end date is beyond the longest term the rules allow (an assessment 3 years plus one 3-year extension; a certification 3 years).",
                        "有效期超出规定的最长期限（安全评估 3 年，可延长一次 3 年；认证 3 年）。",
                    ));
                }
                Some(d) if d >= issued => Some(s.to_owned()),
                Some(_) => {
                    return Err(invalid_approval(
                        "The approval cannot end before it was issued.",
                        "有效期截止日不能早于签发日期。",
                    ));
                }
                None => {
                    return Err(invalid_approval(
                        "The end date is YYYY-MM-DD.",
                        "有效期截止日格式应为 YYYY-MM-DD。",
                    ));
                }
            },
        };
        if new.note.chars().count() > 1000 {
            return Err(invalid_approval(
                "The note is at most 1,000 characters.",
                "备注不超过 1000 个字符。",
            ));
        }
        let participant = self.participant(who, exporter).await?;
        let approval = store::xborder::Approval {
            id: types::ApprovalId::new(),
            participant_id: participant.id,
            kind: new.kind.clone(),
            reference: reference.to_owned(),
            issued: issued.format("%Y-%m-%d").to_string(),
            valid_until,
            note: new.note.trim().to_owned(),
            document: None,
            recorded_by: who.user().id,
            recorded_at: types::now(),
        };
        let mut tx = self.store.begin().await?;
        store::xborder::insert_approval(tx.conn(), &approval).await?;
        store::events::append(
            tx.conn(),
            &store::NewEvent {
                event_type: "xborder.approval_recorded",
                subject_id: exporter.to_string(),
                actor_id: Some(who.user().id.to_string()),
                at: approval.recorded_at,
                data: serde_json::json!({
                    "approval": approval.id.to_string(),
                    "kind": approval.kind,
                    "reference": approval.reference,
                    "issued": approval.issued,
                    "valid_until": approval.valid_until,
                }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(approval)
    }

    /// Attaches the approval's document (the assessment result, the filing receipt, the
    /// certificate): PDF or an image, at most [`MAX_DOCUMENT_BYTES`], stored content-addressed.
    /// Operator staff only; the event records the document's SHA-256.
    pub async fn attach_approval_document(
        &self,
        who: &Principal,
        exporter: &types::ParticipantId,
        approval: &types::ApprovalId,
        media_type: &str,
        bytes: bytes::Bytes,
    ) -> Result<store::xborder::Approval> {
        who.require_operator()?;
        let found = self.approval_of(who, exporter, approval).await?;
        let (media_type, sha, size) =
            self.store_document(media_type, bytes)
                .await
                .map_err(|e| match e.code() {
                    // The gate's own stable code for a document that is not one.
                    Code::InvalidDocument => invalid_approval(
                        "The document is a PDF, PNG or JPEG file, sent with its media type.",
                        "文件应为 PDF、PNG 或 JPEG，并注明其媒体类型。",
                    ),
                    _ => e,
                })?;
        let media_type = media_type.as_str();
        let mut tx = self.store.begin().await?;
        store::xborder::attach_document(tx.conn(), &found.id, &sha, media_type, size).await?;
        store::events::append(
            tx.conn(),
            &store::NewEvent {
                event_type: "xborder.approval_document_attached",
                subject_id: exporter.to_string(),
                actor_id: Some(who.user().id.to_string()),
                at: types::now(),
                data: serde_json::json!({"approval": found.id.to_string(), "sha256": sha, "media_type": media_type, "size": size}),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(store::xborder::Approval {
            document: Some((sha, media_type.to_owned(), size)),
            ..found
        })
    }

    /// An approval's document and its media type: for the exporter, operators and regulators.
    pub async fn approval_document(
        &self,
        who: &Principal,
        exporter: &types::ParticipantId,
        approval: &types::ApprovalId,
    ) -> Result<(String, bytes::Bytes)> {
        let found = self.approval_of(who, exporter, approval).await?;
        let Some((sha, media_type, _)) = found.document else {
            return Err(Error::new(Code::NotFound));
        };
        let key = store::BlobKey::sha256(&sha)
            .ok_or_else(|| Error::internal(store::Error::Corrupt("document_sha256")))?;
        let bytes = self.store.blobs().get_bytes(&key).await?.ok_or_else(|| {
            Error::internal(store::Error::Corrupt("an approval document is missing"))
        })?;
        Ok((media_type, bytes))
    }

    /// An approval of `exporter` that `who` may see.
    async fn approval_of(
        &self,
        who: &Principal,
        exporter: &types::ParticipantId,
        approval: &types::ApprovalId,
    ) -> Result<store::xborder::Approval> {
        let participant = self.participant(who, exporter).await?;
        store::xborder::approval(self.store.pool(), approval)
            .await?
            .filter(|a| a.participant_id == participant.id)
            .ok_or_else(|| Error::new(Code::NotFound))
    }

    /// An exporter's counters for `year`, approvals and recent decisions: for the exporter, the
    /// operator and regulators.
    pub async fn xborder_compliance(
        &self,
        who: &Principal,
        exporter: &types::ParticipantId,
        year: i32,
    ) -> Result<Compliance> {
        let participant = self.participant(who, exporter).await?;
        let pool = self.store.pool();
        let counters = store::xborder::counters(pool, &participant.id, i64::from(year)).await?;
        Ok(Compliance {
            year,
            counted: counted(&counters),
            counters,
            approvals: store::xborder::approvals(pool, &participant.id).await?,
            transfers: store::xborder::transfers(pool, &participant.id, 50).await?,
            profile: store::xborder::exporter_profile(pool, &participant.id).await?,
        })
    }

    /// Decides a transfer abroad for `exporter` with its counters and approvals on record (the
    /// request's own `exported_this_year` and `approvals` are replaced by the record), records
    /// the decision as an event in the transparency log, and when `execute` is set and the
    /// transfer is allowed today, counts it, in the same transaction. A transfer asked to execute
    /// that is not allowed is recorded and refused with what is missing.
    ///
    /// The exporter's own users (providers) and operator staff may ask; regulators read only.
    pub async fn decide_transfer(
        &self,
        who: &Principal,
        exporter: &types::ParticipantId,
        mut request: xborder::Request,
        version: Option<types::AssetVersionId>,
        execute: bool,
    ) -> Result<TransferDecision> {
        let participant = self.participant(who, exporter).await?;
        if !who.is_operator_reviewer() {
            who.require_merchant(types::MerchantRole::Provider)?;
        }
        let rules = self.gate.current();
        // A recorded decision is about a transfer today: its date decides the counting year and
        // which approvals are valid, so the caller does not choose it.
        request.date = crate::today_in_china();
        let year = chrono::Datelike::year(&request.date);
        // Counts beyond any population are capped, so sums of them stay representable.
        request.data.individuals = request.data.individuals.min(MAX_COUNT);
        request.data.sensitive_individuals = request.data.sensitive_individuals.min(MAX_COUNT);
        // The data of a named version: its level and people from its classification report,
        // and its people set when the scan kept one.
        let data = match version {
            Some(v) => Some(self.version_people(&participant.id, &v).await?),
            None => None,
        };
        if let Some((level, counts, _)) = &data {
            request.data.level = *level;
            request.data.individuals = counts.individuals;
            request.data.sensitive_individuals = counts.sensitive_individuals;
        }
        // The year's people sets are read inside the transaction (writers are serialised), so
        // two executions cannot both start from the same set and lose one's people.
        // An executed transfer of a version's data runs under the registry lock, so the rights
        // it is checked against cannot change before it is counted.
        let (rights, mut tx) = match (&version, execute) {
            (Some(_), true) => {
                let (guard, tx) = self.registry_tx().await?;
                (Some(guard), tx)
            }
            _ => (None, self.store.begin().await?),
        };
        if let (Some(guard), Some(v)) = (&rights, &version) {
            let registry = guard.registry().ok_or_else(|| Error::new(Code::Internal))?;
            check_may_provide(&mut tx, registry, &participant.id, v).await?;
        }
        let sets = store::xborder::people_sets(tx.conn(), &participant.id, i64::from(year)).await?;
        let mut tag_sets = Vec::with_capacity(sets.len());
        for (tag, sha) in sets {
            tag_sets.push((tag, self.load_people(&sha).await?));
        }
        let counters =
            store::xborder::counters(tx.conn(), &participant.id, i64::from(year)).await?;
        let without_sets =
            store::xborder::executed_without_people(tx.conn(), &participant.id, i64::from(year))
                .await?;
        request.exported_this_year = match &data {
            // Every export this year carried its people: count distinct people exactly. The
            // gate adds this transfer's people to the prior ones, so the prior count is the
            // people of the union that this transfer does not bring.
            Some((_, _, Some(people))) if without_sets == 0 => {
                let mut prior = classify::PeopleSet::default();
                for (tag, set) in &tag_sets {
                    if counts_toward(tag) {
                        prior = prior.union(set);
                    }
                }
                let union = prior.union(people).counts();
                let own = people.counts();
                xborder::Counts {
                    individuals: union.individuals.saturating_sub(own.individuals),
                    sensitive_individuals: union
                        .sensitive_individuals
                        .saturating_sub(own.sensitive_individuals),
                }
            }
            // Otherwise the sums, an upper bound: the stricter reading.
            _ => counted(&counters),
        };
        // What the operator established about the exporter overrides its own declaration.
        let profile = store::xborder::exporter_profile(tx.conn(), &participant.id).await?;
        match &profile {
            Some(p) => {
                request.exporter.ciio = p.ciio;
                request.exporter.ftz = p.ftz.clone();
            }
            // Unrecorded, an FTZ list cannot be claimed: its exemptions need the operator to
            // have established the registration (a declared CIIO status only makes it stricter).
            None => request.exporter.ftz = None,
        }
        request.approvals = store::xborder::approvals(tx.conn(), &participant.id)
            .await?
            .iter()
            .filter_map(approval_of)
            .collect();
        let decision =
            xborder::evaluate(&request, &rules, crate::today_in_china()).map_err(|e| {
                Error::new(Code::XborderInvalidRequest)
                    .detail(format!("{e}."), format!("出境请求无效：{e}。"))
            })?;
        let executed = execute && decision.allowed_now;
        let counting = serde_json::to_value(rules.counting(&decision))
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "counted".to_owned());
        let outcome = serde_json::to_value(decision.outcome)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let transfer = store::xborder::Transfer {
            id: types::TransferId::new(),
            participant_id: participant.id,
            year: i64::from(year),
            destination: request.transfer.destination.to_string(),
            outcome: outcome.clone(),
            allowed: decision.allowed_now,
            executed,
            counting: counting.clone(),
            individuals: i64::try_from(request.data.individuals).unwrap_or(i64::MAX),
            sensitive_individuals: i64::try_from(request.data.sensitive_individuals)
                .unwrap_or(i64::MAX),
            request: serde_json::to_string(&request).map_err(Error::internal)?,
            decision: serde_json::to_string(&decision).map_err(Error::internal)?,
            decided_by: who.user().id,
            decided_at: types::now(),
            // Only a version whose people are known makes the counters exact; one scanned
            // before people sets were kept counts as a transfer without them.
            asset_version_id: version.filter(|_| data.as_ref().is_some_and(|d| d.2.is_some())),
        };
        store::xborder::insert_transfer(tx.conn(), &transfer).await?;
        if executed && let Some((_, _, Some(people))) = &data {
            let current = tag_sets
                .iter()
                .find(|(tag, _)| *tag == counting)
                .map(|(_, set)| set.clone())
                .unwrap_or_default();
            let sha = self.store_people(&current.union(people)).await?;
            store::xborder::set_people_set(
                tx.conn(),
                &participant.id,
                i64::from(year),
                &counting,
                &sha,
            )
            .await?;
        }
        store::events::append(
            tx.conn(),
            &store::NewEvent {
                event_type: "xborder.transfer_decided",
                subject_id: exporter.to_string(),
                actor_id: Some(who.user().id.to_string()),
                at: transfer.decided_at,
                data: serde_json::json!({
                    "transfer": transfer.id.to_string(),
                    "destination": transfer.destination,
                    "outcome": outcome,
                    "allowed_now": decision.allowed_now,
                    "executed": executed,
                    "counting": counting,
                    "individuals": transfer.individuals,
                    "sensitive_individuals": transfer.sensitive_individuals,
                    "rules": rules.versions(),
                    "exporter": if profile.is_some() { "on_record" } else { "declared" },
                    "reasons": decision.reasons.iter().map(|r| r.rule.clone()).collect::<Vec<_>>(),
                    "missing": decision.missing,
                }),
            },
        )
        .await?;
        tx.commit().await?;
        if execute && !executed {
            let missing = if decision.missing.is_empty() {
                outcome.clone()
            } else {
                decision.missing.join(", ")
            };
            return Err(Error::new(Code::XborderNotAllowed).detail(
                format!("The transfer may not proceed today ({missing}); the decision is recorded as {}.", transfer.id),
                format!("该出境传输今日不得进行（{missing}）；决定已记录为 {}。", transfer.id),
            ));
        }
        Ok(TransferDecision {
            id: transfer.id,
            executed,
            decision,
        })
    }
}

/// Whether people exported under `tag` count toward the thresholds (the stricter reading: every
/// export does; an unknown tag counts too).
fn counts_toward(tag: &str) -> bool {
    let tag: Option<xborder::Counting> =
        serde_json::from_value(serde_json::Value::String(tag.to_owned())).ok();
    tag.is_none_or(|t| t.counts_toward_thresholds(xborder::Reading::AllExports))
}

impl App {
    /// A version of one of `exporter`'s assets: the level and people of its classification
    /// report, and its stored people set (empty when the scan counted no one).
    async fn version_people(
        &self,
        exporter: &types::ParticipantId,
        version: &types::AssetVersionId,
    ) -> Result<(xborder::Level, xborder::Counts, Option<classify::PeopleSet>)> {
        let pool = self.store.pool();
        let not_found = || Error::new(Code::AssetNotFound);
        let v = store::assets::version_by_id(pool, version)
            .await?
            .ok_or_else(not_found)?;
        let asset = store::assets::get(pool, &v.asset_id)
            .await?
            .ok_or_else(not_found)?;
        if asset.participant_id != *exporter {
            return Err(not_found());
        }
        let scan = store::assets::scans_of_asset(pool, &asset.id)
            .await?
            .into_iter()
            .find(|s| s.version_id == v.id)
            .ok_or_else(|| {
                Error::new(Code::XborderInvalidRequest).detail(
                    "The version has not been classified yet; try again once it is ready.",
                    "该版本尚未完成分类分级，请在其就绪后重试。",
                )
            })?;
        let level: xborder::Level =
            serde_json::from_value(serde_json::Value::String(scan.level.clone()))
                .map_err(|_| Error::internal(store::Error::Corrupt("scan_reports.level")))?;
        let counts = xborder::Counts {
            individuals: u64::try_from(scan.individuals).unwrap_or(0),
            sensitive_individuals: u64::try_from(scan.sensitive_individuals).unwrap_or(0),
        };
        // No set: either no one was counted (an empty set), or the version was scanned before
        // sets were kept (unknown).
        let people = match &scan.people_sha256 {
            Some(sha) => Some(self.load_people(sha).await?),
            None if scan.individuals == 0 => Some(classify::PeopleSet::default()),
            None => None,
        };
        Ok((level, counts, people))
    }

    async fn load_people(&self, sha: &str) -> Result<classify::PeopleSet> {
        let corrupt = || Error::internal(store::Error::Corrupt("a stored people set"));
        let key = store::BlobKey::sha256(sha).ok_or_else(corrupt)?;
        let bytes = self
            .store
            .blobs()
            .get_bytes(&key)
            .await?
            .ok_or_else(corrupt)?;
        classify::PeopleSet::from_bytes(&bytes).ok_or_else(corrupt)
    }

    async fn store_people(&self, people: &classify::PeopleSet) -> Result<String> {
        let bytes = people.to_bytes();
        let sha = hex::encode(sha2::Sha256::digest(&bytes));
        let key = store::BlobKey::sha256(&sha)
            .ok_or_else(|| Error::internal(std::io::Error::other("hash")))?;
        self.store
            .blobs()
            .put_durable(&key, bytes::Bytes::from(bytes))
            .await?;
        Ok(sha)
    }
}

/// The totals the thresholds are tested against: every executed export counts (the stricter of
/// the two readings; the counters keep the tags for the other).
fn counted(counters: &[store::xborder::Counter]) -> xborder::Counts {
    let mut total = xborder::Counts {
        individuals: 0,
        sensitive_individuals: 0,
    };
    for c in counters.iter().filter(|c| counts_toward(&c.counting)) {
        total.individuals = total
            .individuals
            .saturating_add(u64::try_from(c.individuals).unwrap_or(0));
        total.sensitive_individuals = total
            .sensitive_individuals
            .saturating_add(u64::try_from(c.sensitive_individuals).unwrap_or(0));
    }
    total
}

/// An approval on record as the gate reads it.
fn approval_of(a: &store::xborder::Approval) -> Option<xborder::Approval> {
    let kind: xborder::ApprovalKind =
        serde_json::from_value(serde_json::Value::String(a.kind.clone())).ok()?;
    Some(xborder::Approval {
        kind,
        issued: date(&a.issued)?,
        valid_until: a.valid_until.as_deref().and_then(date),
    })
}

/// Whether `exporter` may provide a version's data to someone today: the data still exists
/// and, once its rights are registered, the exporter holds the product operation right
/// (nobody provides what they do not hold; an objection freezes it).
async fn check_may_provide(
    tx: &mut store::Tx,
    registry: &rights::Registry,
    exporter: &types::ParticipantId,
    version: &types::AssetVersionId,
) -> Result<()> {
    let Some(v) = store::assets::version_by_id(tx.conn(), version).await? else {
        return Err(Error::new(Code::AssetNotFound));
    };
    let Some(asset) = store::assets::get(tx.conn(), &v.asset_id).await? else {
        return Err(Error::new(Code::AssetNotFound));
    };
    if asset.lifecycle == "destroyed" {
        return Err(Error::new(Code::AssetDestroyed));
    }
    if registry.asset(&asset.id).is_some() {
        registry
            .check(
                exporter,
                &asset.id,
                rights::Right::Operation,
                crate::today_in_china(),
            )
            .map_err(crate::rights::rights_error)?;
    }
    Ok(())
}
