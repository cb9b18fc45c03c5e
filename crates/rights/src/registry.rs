//! The registry: assets, their grants and lineage, and the checks every operation makes.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use types::{AssetId, GrantId, ParticipantId};

use crate::{Grant, GrantKind, GrantStatus, OpenClass, Right, RightsError, Scope, Source, Term};

/// One source of a derived asset, and the processing grant that allowed the derivation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lineage {
    pub source: AssetId,
    pub grant: GrantId,
}

/// What the registry records about one registered asset (its grants are kept apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetRecord {
    pub registrant: ParticipantId,
    pub source: Source,
    /// For public data (公共数据): its open class.
    pub public: Option<OpenClass>,
    /// An open objection's reason: listing and licensing are frozen until it is resolved.
    pub objection: Option<String>,
    pub lineage: Vec<Lineage>,
    /// For a derived asset: the upstream grant that does not permit products, if any.
    pub products_blocked_by: Option<GrantId>,
    /// Whether the registration was cancelled (注销) by its registrant.
    #[serde(default)]
    pub cancelled: bool,
}

/// What changed since the last [`Registry::take_changes`]: the records and grants to persist.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub assets: Vec<(AssetId, AssetRecord)>,
    pub grants: Vec<Grant>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.assets.is_empty() && self.grants.is_empty()
    }
}

/// An edge of the lineage graph: `derived` was made from `source` under processing grant `grant`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineageEdge {
    pub source: AssetId,
    pub derived: AssetId,
    pub grant: GrantId,
}

/// Every registered asset's rights.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    assets: BTreeMap<AssetId, AssetRecord>,
    grants: BTreeMap<GrantId, Grant>,
    /// Each asset's grants, in the order they were made (grant ids are time-ordered).
    by_asset: BTreeMap<AssetId, BTreeSet<GrantId>>,
    dirty_assets: BTreeSet<AssetId>,
    dirty_grants: BTreeSet<GrantId>,
}

type Result<T> = std::result::Result<T, RightsError>;

impl Registry {
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Rebuilds a registry from persisted records and grants (as [`Registry::take_changes`]
    /// gave them). Nothing is marked changed.
    pub fn restore(
        assets: impl IntoIterator<Item = (AssetId, AssetRecord)>,
        grants: impl IntoIterator<Item = Grant>,
    ) -> Registry {
        let grants: BTreeMap<GrantId, Grant> = grants.into_iter().map(|g| (g.id, g)).collect();
        let mut by_asset: BTreeMap<AssetId, BTreeSet<GrantId>> = BTreeMap::new();
        for g in grants.values() {
            by_asset.entry(g.asset).or_default().insert(g.id);
        }
        Registry {
            assets: assets.into_iter().collect(),
            grants,
            by_asset,
            dirty_assets: BTreeSet::new(),
            dirty_grants: BTreeSet::new(),
        }
    }

    /// The records and grants changed since the last call, for the caller to persist in the
    /// same transaction as the events that describe them.
    pub fn take_changes(&mut self) -> Changes {
        let assets = std::mem::take(&mut self.dirty_assets)
            .into_iter()
            .filter_map(|a| self.assets.get(&a).map(|r| (a, r.clone())))
            .collect();
        let grants = std::mem::take(&mut self.dirty_grants)
            .into_iter()
            .filter_map(|g| self.grants.get(&g).cloned())
            .collect();
        Changes { assets, grants }
    }

    fn put_grant(&mut self, grant: Grant) {
        self.dirty_grants.insert(grant.id);
        self.by_asset
            .entry(grant.asset)
            .or_default()
            .insert(grant.id);
        self.grants.insert(grant.id, grant);
    }

    fn grant_mut(&mut self, id: &GrantId) -> Option<&mut Grant> {
        let g = self.grants.get_mut(id)?;
        self.dirty_grants.insert(*id);
        Some(g)
    }

    fn record_mut(&mut self, asset: &AssetId) -> Result<&mut AssetRecord> {
        let r = self
            .assets
            .get_mut(asset)
            .ok_or(RightsError::UnknownAsset(*asset))?;
        self.dirty_assets.insert(*asset);
        Ok(r)
    }

    fn put_record(&mut self, asset: AssetId, record: AssetRecord) {
        self.dirty_assets.insert(asset);
        self.assets.insert(asset, record);
    }

    /// What the registry records about `asset`, if it is registered.
    pub fn asset(&self, asset: &AssetId) -> Option<&AssetRecord> {
        self.assets.get(asset)
    }

    /// The lineage graph around `asset`: every edge among its ancestors and descendants.
    pub fn lineage_graph(&self, asset: &AssetId) -> Vec<LineageEdge> {
        let mut edges = BTreeSet::new();
        let mut seen = BTreeSet::from([*asset]);
        // Upstream: follow lineage records.
        let mut stack = vec![*asset];
        while let Some(a) = stack.pop() {
            for l in self
                .assets
                .get(&a)
                .map(|r| r.lineage.as_slice())
                .unwrap_or(&[])
            {
                edges.insert((l.source, a, l.grant));
                if seen.insert(l.source) {
                    stack.push(l.source);
                }
            }
        }
        // Downstream: assets whose lineage names one already reached from `asset` downwards.
        let mut frontier = BTreeSet::from([*asset]);
        while !frontier.is_empty() {
            let mut next = BTreeSet::new();
            for (id, r) in &self.assets {
                for l in &r.lineage {
                    if frontier.contains(&l.source) {
                        edges.insert((l.source, *id, l.grant));
                        if seen.insert(*id) {
                            next.insert(*id);
                        }
                    }
                }
            }
            frontier = next;
        }
        edges
            .into_iter()
            .map(|(source, derived, grant)| LineageEdge {
                source,
                derived,
                grant,
            })
            .collect()
    }

    /// Cancels (注销) a registration at its registrant's request: the registrant's original
    /// grants are revoked, with everything resting on them. Refused while an objection is open.
    pub fn cancel(
        &mut self,
        by: &ParticipantId,
        asset: &AssetId,
        today: NaiveDate,
    ) -> Result<Vec<GrantId>> {
        let record = self.record(asset)?;
        if record.registrant != *by {
            return Err(RightsError::NotHeld {
                right: Right::Holding,
            });
        }
        if record.cancelled {
            return Err(RightsError::AlreadyRevoked);
        }
        if record.objection.is_some() {
            return Err(RightsError::Frozen);
        }
        // A right the registrant sold is the buyer's: cancelling may not take it back.
        if let Some(sold) = self.sold(asset) {
            return Err(RightsError::Inactive(sold));
        }
        self.record_mut(asset)?.cancelled = true;
        Ok(self.revoke_originals(asset, today))
    }

    /// Changes (变更) the source declaration of a registered original asset, with its evidence.
    pub fn amend_source(
        &mut self,
        by: &ParticipantId,
        asset: &AssetId,
        source: Source,
    ) -> Result<()> {
        let record = self.record(asset)?;
        if record.registrant != *by || record.cancelled {
            return Err(RightsError::NotHeld {
                right: Right::Holding,
            });
        }
        if record.source == Source::Derived || source == Source::Derived || !source.has_evidence() {
            return Err(RightsError::MissingEvidence);
        }
        if record.objection.is_some() {
            return Err(RightsError::Frozen);
        }
        self.record_mut(asset)?.source = source;
        Ok(())
    }

    fn revoke_originals(&mut self, asset: &AssetId, today: NaiveDate) -> Vec<GrantId> {
        let originals: Vec<GrantId> = self
            .grants_of(asset)
            .into_iter()
            .filter(|g| {
                g.kind == GrantKind::Original && !matches!(g.status, GrantStatus::Revoked { .. })
            })
            .map(|g| g.id)
            .collect();
        let mut affected = Vec::new();
        for id in originals {
            if let Some(g) = self.grant_mut(&id) {
                g.status = GrantStatus::Revoked { on: today };
            }
            affected.push(id);
            affected.extend(self.cascade(id));
        }
        affected
    }

    /// Registers an asset with its source declaration: the registrant receives all three rights
    /// from `today`, open-ended. Public data carries its open class.
    pub fn register(
        &mut self,
        asset: AssetId,
        registrant: ParticipantId,
        source: Source,
        public: Option<OpenClass>,
        today: NaiveDate,
    ) -> Result<Vec<Grant>> {
        if self.assets.contains_key(&asset) {
            return Err(RightsError::AlreadyRegistered(asset));
        }
        if !source.has_evidence() || source == Source::Derived {
            return Err(RightsError::MissingEvidence);
        }
        self.put_record(
            asset,
            AssetRecord {
                registrant,
                source,
                public,
                objection: None,
                lineage: Vec::new(),
                products_blocked_by: None,
                cancelled: false,
            },
        );
        Ok(self.originals(asset, registrant, &Right::ALL, today))
    }

    fn originals(
        &mut self,
        asset: AssetId,
        holder: ParticipantId,
        rights: &[Right],
        today: NaiveDate,
    ) -> Vec<Grant> {
        let grants: Vec<Grant> = rights
            .iter()
            .map(|&right| Grant {
                id: GrantId::new(),
                asset,
                right,
                holder,
                kind: GrantKind::Original,
                parent: None,
                scope: Scope::any(),
                term: Term {
                    from: today,
                    until: None,
                },
                exclusive: false,
                sublicensable: true,
                status: GrantStatus::Active,
            })
            .collect();
        for g in &grants {
            self.put_grant(g.clone());
        }
        grants
    }

    fn record(&self, asset: &AssetId) -> Result<&AssetRecord> {
        self.assets
            .get(asset)
            .ok_or(RightsError::UnknownAsset(*asset))
    }

    pub fn grant(&self, id: &GrantId) -> Option<&Grant> {
        self.grants.get(id)
    }

    fn grant_or_err(&self, id: &GrantId) -> Result<&Grant> {
        self.grants.get(id).ok_or(RightsError::UnknownGrant(*id))
    }

    /// Every grant over `asset`, in the order they were made.
    pub fn grants_of(&self, asset: &AssetId) -> Vec<&Grant> {
        self.by_asset
            .get(asset)
            .into_iter()
            .flatten()
            .filter_map(|id| self.grants.get(id))
            .collect()
    }

    /// A derived asset's sources and the grants that allowed it (empty for original data).
    pub fn lineage(&self, asset: &AssetId) -> Result<&[Lineage]> {
        Ok(&self.record(asset)?.lineage)
    }

    /// Whether a grant can be exercised on `day`: it is active and in term, and every grant it
    /// descends from is active or was transferred (a transfer keeps licences granted before it).
    fn exercisable(&self, grant: &Grant, day: NaiveDate) -> bool {
        if !grant.is_active() || !grant.term.covers(day) {
            return false;
        }
        let mut parent = grant.parent;
        while let Some(id) = parent {
            let Some(p) = self.grants.get(&id) else {
                return false;
            };
            if !matches!(
                p.status,
                GrantStatus::Active | GrantStatus::Transferred { .. }
            ) {
                return false;
            }
            parent = p.parent;
        }
        true
    }

    /// Whether grant `id` can be exercised on `day` (active, in term, and everything it was
    /// licensed from still standing), leaving objections aside.
    pub fn exercisable_on(&self, id: &GrantId, day: NaiveDate) -> bool {
        self.grants
            .get(id)
            .is_some_and(|g| self.exercisable(g, day))
    }

    /// The grant through which `who` may exercise `right` over `asset` on `today`, or why not.
    /// Listing needs the operation right, processing the processing right; an open objection
    /// freezes the operation right (listing and selling).
    pub fn check(
        &self,
        who: &ParticipantId,
        asset: &AssetId,
        right: Right,
        today: NaiveDate,
    ) -> Result<GrantId> {
        let record = self.record(asset)?;
        if right == Right::Operation && record.objection.is_some() {
            return Err(RightsError::Frozen);
        }
        if right == Right::Operation
            && let Some(lapsed) = self.lapsed_lineage(asset, today)
        {
            // A product is operated only while the grants it was made under stand: a
            // processing licence that ended (or fell) ends the operation of what was made.
            return Err(RightsError::Inactive(lapsed));
        }
        if let Some(g) = self
            .grants_of(asset)
            .into_iter()
            .find(|g| g.right == right && g.holder == *who && self.exercisable(g, today))
        {
            return Ok(g.id);
        }
        if right == Right::Operation
            && let Some(blocked) = record.products_blocked_by
        {
            return Err(RightsError::UpstreamForbidsProducts(blocked));
        }
        if record.public.is_some() && record.registrant != *who && right != Right::Holding {
            return Err(RightsError::NeedsAuthorisedOperation);
        }
        Err(RightsError::NotHeld { right })
    }

    /// The first grant in the lineage of `asset` (or of any asset it was derived from) that
    /// cannot be exercised on `day`.
    fn lapsed_lineage(&self, asset: &AssetId, day: NaiveDate) -> Option<GrantId> {
        std::iter::once(*asset)
            .chain(self.ancestors(asset))
            .filter_map(|a| self.assets.get(&a))
            .flat_map(|r| r.lineage.iter())
            .find(|l| !self.standing(&l.grant, day))
            .map(|l| l.grant)
    }

    /// Whether a grant, or the grant it was transferred to, can be exercised on `day`: a
    /// processing licence sold on still stands behind what was made under it.
    fn standing(&self, grant: &GrantId, day: NaiveDate) -> bool {
        let mut at = self.grants.get(grant);
        for _ in 0..=self.grants.len() {
            match at {
                Some(g) => match g.status {
                    GrantStatus::Transferred { to } => at = self.grants.get(&to),
                    _ => return self.exercisable(g, day),
                },
                None => return false,
            }
        }
        false
    }

    /// Whether the registrant sold any of its original rights over `asset` (a transfer): what
    /// was sold is the buyer's, so the registrant may no longer cancel, destroy or replace it.
    pub fn sold(&self, asset: &AssetId) -> Option<GrantId> {
        self.grants_of(asset)
            .into_iter()
            .find(|g| {
                g.kind == GrantKind::Original && matches!(g.status, GrantStatus::Transferred { .. })
            })
            .map(|g| g.id)
    }

    /// [`Registry::check`] for one use: the grant must also allow `purpose` in `territory`
    /// (an ISO 3166 code), so a licence's scope binds when the right is exercised, not only when
    /// it is granted.
    pub fn check_use(
        &self,
        who: &ParticipantId,
        asset: &AssetId,
        right: Right,
        purpose: &str,
        territory: &str,
        today: NaiveDate,
    ) -> Result<GrantId> {
        let any = self.check(who, asset, right, today)?;
        let fits = self.grants_of(asset).into_iter().find(|g| {
            g.right == right
                && g.holder == *who
                && g.scope.allows(purpose, territory)
                && self.exercisable(g, today)
        });
        match fits {
            Some(g) => Ok(g.id),
            None => Err(RightsError::OutsideScope(any)),
        }
    }

    /// Licenses a right to `to` under `parent` (held by `by`): within the parent's scope and
    /// term; only original grants and sub-licensable ones may be licensed onwards; no exclusive
    /// licence may overlap another of the same right. Licensing public data is an authorised
    /// operation (授权运营), and data that is not open cannot be licensed.
    #[allow(clippy::too_many_arguments)] // One per term of the licence, as a licence states them.
    pub fn license(
        &mut self,
        by: &ParticipantId,
        parent: &GrantId,
        to: ParticipantId,
        scope: Scope,
        term: Term,
        exclusive: bool,
        sublicensable: bool,
        today: NaiveDate,
    ) -> Result<Grant> {
        let p = self.grant_or_err(parent)?.clone();
        let record = self.record(&p.asset)?;
        if p.holder != *by {
            return Err(RightsError::NotHeld { right: p.right });
        }
        if !self.exercisable(&p, today) {
            return Err(RightsError::Inactive(p.id));
        }
        if record.objection.is_some() {
            return Err(RightsError::Frozen);
        }
        if record.public == Some(OpenClass::NotOpen) {
            return Err(RightsError::PublicNotOpen);
        }
        if p.kind != GrantKind::Original && !p.sublicensable {
            return Err(RightsError::NotSublicensable(p.id));
        }
        if !term.valid() {
            return Err(RightsError::BadTerm);
        }
        if !term.within(&p.term) {
            return Err(RightsError::OutsideParent("term"));
        }
        if !scope.within(&p.scope) {
            return Err(RightsError::OutsideParent(
                "purposes, territory or products",
            ));
        }
        if p.kind != GrantKind::Original && sublicensable && !p.sublicensable {
            return Err(RightsError::OutsideParent("sub-licensing"));
        }
        if let Some(clash) = self.grants_of(&p.asset).into_iter().find(|g| {
            g.right == p.right
                && g.kind != GrantKind::Original
                && g.id != p.id
                && matches!(g.status, GrantStatus::Active)
                && (g.exclusive || exclusive)
                && g.scope.overlaps(&scope)
                && g.term.overlaps(&term)
                // A licence inside an exclusive licensee's own grant is the licensee's to give.
                && !self.descends_from(&p, &g.id)
        }) {
            return Err(RightsError::ExclusiveOverlap(clash.id));
        }
        let kind = if record.public.is_some() && p.kind == GrantKind::Original {
            GrantKind::AuthorisedOperation
        } else {
            GrantKind::Licence
        };
        let grant = Grant {
            id: GrantId::new(),
            asset: p.asset,
            right: p.right,
            holder: to,
            kind,
            parent: Some(p.id),
            scope,
            term,
            exclusive,
            sublicensable,
            status: GrantStatus::Active,
        };
        self.put_grant(grant.clone());
        Ok(grant)
    }

    /// Whether `grant` is `ancestor` or descends from it.
    fn descends_from(&self, grant: &Grant, ancestor: &GrantId) -> bool {
        let mut at = Some(grant.id);
        while let Some(id) = at {
            if id == *ancestor {
                return true;
            }
            at = self.grants.get(&id).and_then(|g| g.parent);
        }
        false
    }

    /// Moves a grant held by `by` to `to`: the new holder gets the same right, scope and term;
    /// licences already given under it stand.
    pub fn transfer(
        &mut self,
        by: &ParticipantId,
        grant: &GrantId,
        to: ParticipantId,
        today: NaiveDate,
    ) -> Result<Grant> {
        let g = self.grant_or_err(grant)?.clone();
        if g.holder != *by {
            return Err(RightsError::NotHeld { right: g.right });
        }
        if !self.exercisable(&g, today) {
            return Err(RightsError::Inactive(g.id));
        }
        let record = self.record(&g.asset)?;
        if record.objection.is_some() {
            return Err(RightsError::Frozen);
        }
        if record.public == Some(OpenClass::NotOpen) {
            return Err(RightsError::PublicNotOpen);
        }
        let moved = Grant {
            id: GrantId::new(),
            holder: to,
            kind: GrantKind::Transfer,
            parent: Some(g.id),
            status: GrantStatus::Active,
            ..g.clone()
        };
        if let Some(old) = self.grant_mut(grant) {
            old.status = GrantStatus::Transferred { to: moved.id };
        }
        self.put_grant(moved.clone());
        Ok(moved)
    }

    /// Revokes a grant: by the holder of the grant it was licensed from, or by the operator
    /// (`by_operator`). Every grant licensed under it is suspended, and so is every right over
    /// assets derived under it. Returns the grants suspended.
    pub fn revoke(
        &mut self,
        by: &ParticipantId,
        by_operator: bool,
        grant: &GrantId,
        today: NaiveDate,
    ) -> Result<Vec<GrantId>> {
        let g = self.grant_or_err(grant)?.clone();
        if matches!(g.status, GrantStatus::Revoked { .. }) {
            return Err(RightsError::AlreadyRevoked);
        }
        // The grantor is whoever holds the parent grant now: a transfer moves the power to
        // revoke licences given under it to the buyer.
        let grantor = g.parent.and_then(|p| self.current_holder(&p));
        // A transfer is a sale: the seller cannot take it back; only the operator can.
        if !by_operator && (grantor != Some(*by) || g.kind == GrantKind::Transfer) {
            return Err(RightsError::NotHeld { right: g.right });
        }
        if let Some(x) = self.grant_mut(grant) {
            x.status = GrantStatus::Revoked { on: today };
        }
        Ok(self.cascade(*grant))
    }

    /// Who holds `grant` now, following transfers to the grant each one moved to.
    fn current_holder(&self, grant: &GrantId) -> Option<ParticipantId> {
        let mut at = self.grants.get(grant)?;
        // Each transfer makes a newer grant, so the chain ends; the bound guards bad records.
        for _ in 0..self.grants.len() {
            match at.status {
                GrantStatus::Transferred { to } => at = self.grants.get(&to)?,
                _ => return Some(at.holder),
            }
        }
        None
    }

    /// Suspends everything that rests on `revoked`: grants descending from it, and the grants
    /// of assets derived under it or under any of them (transitively).
    fn cascade(&mut self, revoked: GrantId) -> Vec<GrantId> {
        let mut fallen: BTreeSet<GrantId> = BTreeSet::from([revoked]);
        let mut suspended = Vec::new();
        loop {
            let mut more = Vec::new();
            for g in self.grants.values() {
                // Transferred grants keep their status but pass the fall on to what rests on
                // them (the grant they moved to, licences given before the transfer).
                let reachable =
                    g.is_active() || matches!(g.status, GrantStatus::Transferred { .. });
                if fallen.contains(&g.id) || !reachable {
                    continue;
                }
                let by_parent = g.parent.is_some_and(|p| fallen.contains(&p));
                let by_lineage = self
                    .assets
                    .get(&g.asset)
                    .is_some_and(|a| a.lineage.iter().any(|l| fallen.contains(&l.grant)));
                if by_parent || by_lineage {
                    more.push(g.id);
                }
            }
            if more.is_empty() {
                break;
            }
            for id in more {
                if self.grants.get(&id).is_some_and(Grant::is_active)
                    && let Some(g) = self.grant_mut(&id)
                {
                    g.status = GrantStatus::Suspended { because: revoked };
                    suspended.push(id);
                }
                fallen.insert(id);
            }
        }
        suspended
    }

    /// Registers `asset` as derived by `by` from `sources`, each with the processing grant that
    /// allowed it. `by` gets the holding and processing rights; the operation right too when
    /// every upstream grant permits products. Public sources need an authorised-operation grant
    /// (or to be the public data holder's own).
    pub fn derive(
        &mut self,
        by: ParticipantId,
        asset: AssetId,
        sources: &[Lineage],
        today: NaiveDate,
    ) -> Result<Vec<Grant>> {
        if self.assets.contains_key(&asset) {
            return Err(RightsError::AlreadyRegistered(asset));
        }
        if sources.is_empty() {
            return Err(RightsError::MissingEvidence);
        }
        let mut blocked = None;
        let mut not_open = false;
        for l in sources {
            if l.source == asset || self.ancestors(&l.source).contains(&asset) {
                return Err(RightsError::Cycle(asset));
            }
            let record = self.record(&l.source)?;
            let g = self.grant_or_err(&l.grant)?;
            if g.asset != l.source || g.right != Right::Processing || g.holder != by {
                return Err(RightsError::NotHeld {
                    right: Right::Processing,
                });
            }
            if !self.exercisable(g, today) {
                return Err(RightsError::Inactive(g.id));
            }
            if record.objection.is_some() {
                return Err(RightsError::Frozen);
            }
            if record.public.is_some()
                && record.registrant != by
                && !self.has_authorised_operation(g)
            {
                return Err(RightsError::NeedsAuthorisedOperation);
            }
            // What is made of data that is not open is not open either (it cannot be granted),
            // so deriving cannot launder it.
            not_open |= record.public == Some(OpenClass::NotOpen);
            if blocked.is_none() {
                // A restriction travels downstream: a source that may not be made into products,
                // or that itself descends from one, blocks products of this asset too.
                blocked = if g.scope.products {
                    record.products_blocked_by
                } else {
                    Some(g.id)
                };
            }
        }
        self.put_record(
            asset,
            AssetRecord {
                registrant: by,
                source: Source::Derived,
                public: not_open.then_some(OpenClass::NotOpen),
                objection: None,
                lineage: sources.to_vec(),
                products_blocked_by: blocked,
                cancelled: false,
            },
        );
        let rights: &[Right] = if blocked.is_some() {
            &[Right::Holding, Right::Processing]
        } else {
            &Right::ALL
        };
        Ok(self.originals(asset, by, rights, today))
    }

    /// Whether a grant over public data descends from an authorised-operation grant.
    fn has_authorised_operation(&self, grant: &Grant) -> bool {
        let mut at = Some(grant);
        while let Some(g) = at {
            if g.kind == GrantKind::AuthorisedOperation {
                return true;
            }
            at = g.parent.and_then(|p| self.grants.get(&p));
        }
        false
    }

    /// Every asset `asset` was derived from, directly or not.
    fn ancestors(&self, asset: &AssetId) -> BTreeSet<AssetId> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![*asset];
        while let Some(a) = stack.pop() {
            if let Some(r) = self.assets.get(&a) {
                for l in &r.lineage {
                    if seen.insert(l.source) {
                        stack.push(l.source);
                    }
                }
            }
        }
        seen
    }

    /// Files an objection (异议) against an asset's registration: listing, selling, licensing
    /// and transfers are frozen until an operator resolves it.
    pub fn object(&mut self, asset: &AssetId, reason: &str) -> Result<()> {
        let record = self.record(asset)?;
        if record.objection.is_some() {
            return Err(RightsError::Frozen);
        }
        if record.cancelled {
            return Err(RightsError::AlreadyRevoked);
        }
        self.record_mut(asset)?.objection = Some(reason.to_owned());
        Ok(())
    }

    /// Resolves an open objection. Upheld, the registration falls: the registrant's original
    /// grants are revoked, with everything resting on them. Dismissed, the asset is unfrozen.
    /// Returns the grants revoked or suspended.
    pub fn resolve_objection(
        &mut self,
        asset: &AssetId,
        upheld: bool,
        today: NaiveDate,
    ) -> Result<Vec<GrantId>> {
        if self.record(asset)?.objection.is_none() {
            return Err(RightsError::NoObjection);
        }
        self.record_mut(asset)?.objection = None;
        if !upheld {
            return Ok(Vec::new());
        }
        Ok(self.revoke_originals(asset, today))
    }

    /// Whether an objection is open against the asset.
    pub fn is_frozen(&self, asset: &AssetId) -> Result<bool> {
        Ok(self.record(asset)?.objection.is_some())
    }

    /// The source declaration the asset was registered with.
    pub fn source(&self, asset: &AssetId) -> Result<&Source> {
        Ok(&self.record(asset)?.source)
    }
}
