//! The rights chain end to end: register → licence → derive → grant operation → list attempts
//! with and without rights → objection freeze → resolution → revocation cascade; and the bad
//! inputs the registry must refuse.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use rights::{
    GrantKind, GrantStatus, Lineage, OpenClass, Registry, Right, RightsError, Scope, Source, Term,
};
use types::{AssetId, ParticipantId};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn evidence() -> Source {
    Source::SelfCollected {
        evidence: vec!["sha256:ab12".into()],
    }
}

fn term(from: &str, until: Option<&str>) -> Term {
    Term {
        from: day(from),
        until: until.map(day),
    }
}

fn scope(purposes: &[&str], products: bool) -> Scope {
    Scope {
        purposes: purposes.iter().map(|s| (*s).to_owned()).collect(),
        territory: vec!["CN".into()],
        products,
    }
}

#[test]
fn the_full_chain() {
    let today = day("2026-11-27");
    let port = ParticipantId::new();
    let lab = ParticipantId::new();
    let shop = ParticipantId::new();
    let mut r = Registry::new();

    // Register: the port holds all three rights over its gate data.
    let gate = AssetId::new();
    let originals = r.register(gate, port, evidence(), None, today).unwrap();
    assert_eq!(originals.len(), 3);
    let processing = originals
        .iter()
        .find(|g| g.right == Right::Processing)
        .unwrap()
        .id;
    assert!(r.check(&port, &gate, Right::Operation, today).is_ok());
    // Nobody else may list it.
    assert_eq!(
        r.check(&lab, &gate, Right::Operation, today),
        Err(RightsError::NotHeld {
            right: Right::Operation
        })
    );

    // Licence: the lab may process it for logistics analytics, products allowed, until 2027.
    let licence = r
        .license(
            &port,
            &processing,
            lab,
            scope(&["logistics_analytics"], true),
            term("2026-11-27", Some("2027-12-31")),
            false,
            false,
            today,
        )
        .unwrap();
    assert_eq!(licence.kind, GrantKind::Licence);
    assert!(r.check(&lab, &gate, Right::Processing, today).is_ok());
    assert!(
        r.check(&lab, &gate, Right::Processing, day("2028-01-01"))
            .is_err(),
        "out of term"
    );

    // Derive: the lab makes a congestion index from it, and may operate (list) it.
    let index = AssetId::new();
    let derived = r
        .derive(
            lab,
            index,
            &[Lineage {
                source: gate,
                grant: licence.id,
            }],
            today,
        )
        .unwrap();
    assert_eq!(derived.len(), 3);
    assert_eq!(r.lineage(&index).unwrap()[0].source, gate);
    let operation = r.check(&lab, &index, Right::Operation, today).unwrap();

    // Grant operation: the lab licenses a shop to sell the index in China.
    let resale = r
        .license(
            &lab,
            &operation,
            shop,
            scope(&["resale"], false),
            term("2026-12-01", Some("2027-06-30")),
            true,
            false,
            today,
        )
        .unwrap();
    assert!(
        r.check(&shop, &index, Right::Operation, day("2027-01-15"))
            .is_ok()
    );
    // The shop may not license it onwards (not sub-licensable), nor list the raw gate data.
    assert_eq!(
        r.license(
            &shop,
            &resale.id,
            port,
            scope(&["resale"], false),
            term("2027-01-01", Some("2027-02-01")),
            false,
            false,
            day("2027-01-15")
        )
        .unwrap_err(),
        RightsError::NotSublicensable(resale.id)
    );
    assert!(
        r.check(&shop, &gate, Right::Operation, day("2027-01-15"))
            .is_err()
    );
    // A second exclusive resale licence overlapping the first is refused.
    assert_eq!(
        r.license(
            &lab,
            &operation,
            port,
            scope(&["resale"], false),
            term("2027-03-01", None),
            false,
            false,
            today
        )
        .unwrap_err(),
        RightsError::ExclusiveOverlap(resale.id)
    );

    // Objection: the gate data's registration is contested; listing and licensing freeze.
    r.object(&gate, "the terminal operator claims the gate records")
        .unwrap();
    assert_eq!(
        r.check(&port, &gate, Right::Operation, today),
        Err(RightsError::Frozen)
    );
    assert_eq!(
        r.license(
            &port,
            &processing,
            shop,
            Scope::any(),
            term("2026-11-27", None),
            false,
            false,
            today
        )
        .unwrap_err(),
        RightsError::Frozen
    );
    assert_eq!(r.object(&gate, "again").unwrap_err(), RightsError::Frozen);
    // Dismissed: unfrozen.
    assert!(r.resolve_objection(&gate, false, today).unwrap().is_empty());
    assert!(r.check(&port, &gate, Right::Operation, today).is_ok());
    assert_eq!(
        r.resolve_objection(&gate, false, today).unwrap_err(),
        RightsError::NoObjection
    );

    // Revocation cascade: the port revokes the lab's processing licence; the derived index and
    // the shop's resale licence fall with it.
    let suspended = r.revoke(&port, false, &licence.id, today).unwrap();
    assert!(suspended.contains(&resale.id), "{suspended:?}");
    assert!(r.check(&lab, &index, Right::Operation, today).is_err());
    assert!(
        r.check(&shop, &index, Right::Operation, day("2027-01-15"))
            .is_err()
    );
    assert!(matches!(
        r.grant(&resale.id).unwrap().status,
        GrantStatus::Suspended { .. }
    ));
    assert_eq!(
        r.revoke(&port, false, &licence.id, today).unwrap_err(),
        RightsError::AlreadyRevoked
    );
    // The port's own rights stand.
    assert!(r.check(&port, &gate, Right::Operation, today).is_ok());
}

#[test]
fn licences_stay_inside_their_parent() {
    let today = day("2026-11-27");
    let (a, b, c) = (
        ParticipantId::new(),
        ParticipantId::new(),
        ParticipantId::new(),
    );
    let mut r = Registry::new();
    let asset = AssetId::new();
    let grants = r.register(asset, a, evidence(), None, today).unwrap();
    let processing = grants
        .iter()
        .find(|g| g.right == Right::Processing)
        .unwrap()
        .id;
    let parent = r
        .license(
            &a,
            &processing,
            b,
            scope(&["analytics"], false),
            term("2026-11-27", Some("2027-11-26")),
            false,
            true,
            today,
        )
        .unwrap();
    // Granting what one does not hold.
    assert_eq!(
        r.license(
            &c,
            &parent.id,
            a,
            scope(&["analytics"], false),
            term("2026-11-27", None),
            false,
            false,
            today
        )
        .unwrap_err(),
        RightsError::NotHeld {
            right: Right::Processing
        }
    );
    // Beyond the parent's term, purposes, territory or products.
    for (s, t) in [
        (scope(&["analytics"], false), term("2026-11-27", None)),
        (
            scope(&["analytics"], false),
            term("2026-11-01", Some("2027-01-01")),
        ),
        (
            scope(&["marketing"], false),
            term("2026-11-27", Some("2027-01-01")),
        ),
        (
            scope(&["analytics"], true),
            term("2026-11-27", Some("2027-01-01")),
        ),
        (
            Scope {
                purposes: vec!["analytics".into()],
                territory: vec![],
                products: false,
            },
            term("2026-11-27", Some("2027-01-01")),
        ),
    ] {
        assert!(matches!(
            r.license(&b, &parent.id, c, s, t, false, false, today)
                .unwrap_err(),
            RightsError::OutsideParent(_)
        ));
    }
    // An inverted term.
    assert_eq!(
        r.license(
            &b,
            &parent.id,
            c,
            scope(&["analytics"], false),
            term("2027-01-02", Some("2027-01-01")),
            false,
            false,
            today
        )
        .unwrap_err(),
        RightsError::BadTerm
    );
    // Within it: fine; a transfer moves the grant and keeps the licence given under it.
    let sub = r
        .license(
            &b,
            &parent.id,
            c,
            scope(&["analytics"], false),
            term("2026-12-01", Some("2027-01-01")),
            false,
            false,
            today,
        )
        .unwrap();
    let moved = r.transfer(&b, &parent.id, a, today).unwrap();
    assert_eq!(moved.kind, GrantKind::Transfer);
    assert!(
        r.check(&c, &asset, Right::Processing, day("2026-12-15"))
            .is_ok()
    );
    assert!(
        r.check(&b, &asset, Right::Processing, today).is_err(),
        "b no longer holds it"
    );
    assert!(matches!(
        r.grant(&sub.id).unwrap().status,
        GrantStatus::Active
    ));
}

#[test]
fn public_data_and_lineage_rules() {
    let today = day("2026-11-27");
    let (bureau, operator, firm) = (
        ParticipantId::new(),
        ParticipantId::new(),
        ParticipantId::new(),
    );
    let mut r = Registry::new();
    let open = AssetId::new();
    let closed = AssetId::new();
    let source = || Source::AuthorisedPublicData {
        authorisation: "大数据局授权书".into(),
        evidence: vec!["sha256:cd34".into()],
    };
    let grants = r
        .register(open, bureau, source(), Some(OpenClass::Conditional), today)
        .unwrap();
    let closed_grants = r
        .register(closed, bureau, source(), Some(OpenClass::NotOpen), today)
        .unwrap();
    let processing = grants
        .iter()
        .find(|g| g.right == Right::Processing)
        .unwrap()
        .id;
    // Not-open public data cannot be granted at all.
    let closed_processing = closed_grants
        .iter()
        .find(|g| g.right == Right::Processing)
        .unwrap()
        .id;
    assert_eq!(
        r.license(
            &bureau,
            &closed_processing,
            operator,
            Scope::any(),
            term("2026-11-27", None),
            false,
            false,
            today
        )
        .unwrap_err(),
        RightsError::PublicNotOpen
    );
    // A licence of public data is an authorised operation; products need it.
    assert_eq!(
        r.check(&firm, &open, Right::Processing, today),
        Err(RightsError::NeedsAuthorisedOperation)
    );
    let authorised = r
        .license(
            &bureau,
            &processing,
            operator,
            Scope::any(),
            term("2026-11-27", Some("2029-11-26")),
            true,
            true,
            today,
        )
        .unwrap();
    assert_eq!(authorised.kind, GrantKind::AuthorisedOperation);
    let product = AssetId::new();
    r.derive(
        operator,
        product,
        &[Lineage {
            source: open,
            grant: authorised.id,
        }],
        today,
    )
    .unwrap();
    assert!(
        r.check(&operator, &product, Right::Operation, today)
            .is_ok()
    );

    // An upstream grant that does not permit products leaves the derived asset unlistable.
    let plain = AssetId::new();
    let g = r.register(plain, bureau, evidence(), None, today).unwrap();
    let p = g.iter().find(|g| g.right == Right::Processing).unwrap().id;
    let research = r
        .license(
            &bureau,
            &p,
            firm,
            scope(&["research"], false),
            term("2026-11-27", None),
            false,
            false,
            today,
        )
        .unwrap();
    let paper = AssetId::new();
    let grants = r
        .derive(
            firm,
            paper,
            &[Lineage {
                source: plain,
                grant: research.id,
            }],
            today,
        )
        .unwrap();
    assert_eq!(grants.len(), 2, "holding and processing, no operation");
    assert_eq!(
        r.check(&firm, &paper, Right::Operation, today),
        Err(RightsError::UpstreamForbidsProducts(research.id))
    );
    // Deriving with someone else's grant, from an unregistered asset, or onto itself.
    assert!(
        r.derive(
            operator,
            AssetId::new(),
            &[Lineage {
                source: plain,
                grant: research.id
            }],
            today
        )
        .is_err()
    );
    assert_eq!(
        r.derive(
            firm,
            paper,
            &[Lineage {
                source: plain,
                grant: research.id
            }],
            today
        )
        .unwrap_err(),
        RightsError::AlreadyRegistered(paper)
    );
    let ghost = AssetId::new();
    assert_eq!(
        r.derive(
            firm,
            AssetId::new(),
            &[Lineage {
                source: ghost,
                grant: research.id
            }],
            today
        )
        .unwrap_err(),
        RightsError::UnknownAsset(ghost)
    );
    let me = AssetId::new();
    assert_eq!(
        r.derive(
            firm,
            me,
            &[Lineage {
                source: me,
                grant: research.id
            }],
            today
        )
        .unwrap_err(),
        RightsError::Cycle(me)
    );
    // A registration without evidence is refused.
    assert_eq!(
        r.register(
            AssetId::new(),
            firm,
            Source::SelfCollected {
                evidence: vec![" ".into()]
            },
            None,
            today
        )
        .unwrap_err(),
        RightsError::MissingEvidence
    );
}

#[test]
fn an_upheld_objection_revokes_the_registration_and_what_rests_on_it() {
    let today = day("2026-11-27");
    let (owner, lab) = (ParticipantId::new(), ParticipantId::new());
    let mut r = Registry::new();
    let asset = AssetId::new();
    let grants = r.register(asset, owner, evidence(), None, today).unwrap();
    let processing = grants
        .iter()
        .find(|g| g.right == Right::Processing)
        .unwrap()
        .id;
    let licence = r
        .license(
            &owner,
            &processing,
            lab,
            Scope::any(),
            term("2026-11-27", None),
            false,
            false,
            today,
        )
        .unwrap();
    let derived = AssetId::new();
    r.derive(
        lab,
        derived,
        &[Lineage {
            source: asset,
            grant: licence.id,
        }],
        today,
    )
    .unwrap();
    r.object(&asset, "registered without the rights").unwrap();
    let affected = r.resolve_objection(&asset, true, today).unwrap();
    assert!(affected.contains(&licence.id));
    assert!(r.check(&owner, &asset, Right::Operation, today).is_err());
    assert!(r.check(&lab, &derived, Right::Operation, today).is_err());
    assert!(!r.is_frozen(&asset).unwrap());
}

#[test]
fn restrictions_and_revocations_follow_transfers_and_derivations() {
    let today = day("2026-11-27");
    let (owner, x, y) = (
        ParticipantId::new(),
        ParticipantId::new(),
        ParticipantId::new(),
    );
    let mut r = Registry::new();
    let asset = AssetId::new();
    let grants = r.register(asset, owner, evidence(), None, today).unwrap();
    let processing = grants
        .iter()
        .find(|g| g.right == Right::Processing)
        .unwrap()
        .id;
    // No products from it, and deriving twice does not wash that out.
    let research = r
        .license(
            &owner,
            &processing,
            x,
            scope(&["research"], false),
            term("2026-11-27", None),
            false,
            false,
            today,
        )
        .unwrap();
    let d1 = AssetId::new();
    let d1_grants = r
        .derive(
            x,
            d1,
            &[Lineage {
                source: asset,
                grant: research.id,
            }],
            today,
        )
        .unwrap();
    let d1_processing = d1_grants
        .iter()
        .find(|g| g.right == Right::Processing)
        .unwrap()
        .id;
    let d2 = AssetId::new();
    r.derive(
        x,
        d2,
        &[Lineage {
            source: d1,
            grant: d1_processing,
        }],
        today,
    )
    .unwrap();
    assert_eq!(
        r.check(&x, &d2, Right::Operation, today),
        Err(RightsError::UpstreamForbidsProducts(research.id))
    );

    // A licence transferred onwards still falls when the registration falls.
    let analytics = r
        .license(
            &owner,
            &processing,
            x,
            scope(&["analytics"], true),
            term("2026-11-27", None),
            false,
            false,
            today,
        )
        .unwrap();
    let moved = r.transfer(&x, &analytics.id, y, today).unwrap();
    let d3 = AssetId::new();
    r.derive(
        y,
        d3,
        &[Lineage {
            source: asset,
            grant: moved.id,
        }],
        today,
    )
    .unwrap();
    assert!(r.check(&y, &d3, Right::Operation, today).is_ok());
    // The seller cannot take back what it transferred.
    assert_eq!(
        r.revoke(&x, false, &moved.id, today).unwrap_err(),
        RightsError::NotHeld {
            right: Right::Processing
        }
    );
    r.object(&asset, "contested").unwrap();
    r.resolve_objection(&asset, true, today).unwrap();
    assert!(r.check(&y, &asset, Right::Processing, today).is_err());
    assert!(
        r.check(&y, &d3, Right::Operation, today).is_err(),
        "the derived asset falls too"
    );

    // Not-open public data cannot be transferred either.
    let bureau = ParticipantId::new();
    let closed = AssetId::new();
    let g = r
        .register(
            closed,
            bureau,
            Source::AuthorisedPublicData {
                authorisation: "x".into(),
                evidence: vec!["e".into()],
            },
            Some(OpenClass::NotOpen),
            today,
        )
        .unwrap();
    let op = g.iter().find(|g| g.right == Right::Operation).unwrap().id;
    assert_eq!(
        r.transfer(&bureau, &op, y, today).unwrap_err(),
        RightsError::PublicNotOpen
    );
}

#[test]
fn a_licence_binds_where_and_what_for_when_it_is_used() {
    let today = day("2026-11-27");
    let (owner, lab) = (ParticipantId::new(), ParticipantId::new());
    let mut r = Registry::new();
    let asset = AssetId::new();
    let grants = r.register(asset, owner, evidence(), None, today).unwrap();
    let processing = grants
        .iter()
        .find(|g| g.right == Right::Processing)
        .unwrap()
        .id;
    let licence = r
        .license(
            &owner,
            &processing,
            lab,
            scope(&["analytics"], false),
            term("2026-11-27", None),
            false,
            false,
            today,
        )
        .unwrap();
    assert_eq!(
        r.check_use(&lab, &asset, Right::Processing, "analytics", "CN", today),
        Ok(licence.id)
    );
    assert_eq!(
        r.check_use(&lab, &asset, Right::Processing, "marketing", "CN", today),
        Err(RightsError::OutsideScope(licence.id))
    );
    assert_eq!(
        r.check_use(&lab, &asset, Right::Processing, "analytics", "JP", today),
        Err(RightsError::OutsideScope(licence.id))
    );
    // The registrant's own grant allows any use.
    assert!(
        r.check_use(&owner, &asset, Right::Processing, "marketing", "JP", today)
            .is_ok()
    );
}

#[test]
fn changes_persist_and_restore_to_the_same_registry() {
    let today = day("2026-11-27");
    let port = ParticipantId::new();
    let lab = ParticipantId::new();
    let mut r = Registry::new();
    let gate = AssetId::new();
    let originals = r.register(gate, port, evidence(), None, today).unwrap();
    let processing = originals
        .iter()
        .find(|g| g.right == Right::Processing)
        .unwrap()
        .id;
    let first = r.take_changes();
    assert_eq!((first.assets.len(), first.grants.len()), (1, 3));
    assert!(r.take_changes().is_empty(), "changes are drained");

    let licence = r
        .license(
            &port,
            &processing,
            lab,
            scope(&["analytics"], true),
            term("2026-11-27", None),
            false,
            false,
            today,
        )
        .unwrap();
    let report = AssetId::new();
    r.derive(
        lab,
        report,
        &[Lineage {
            source: gate,
            grant: licence.id,
        }],
        today,
    )
    .unwrap();
    let second = r.take_changes();
    assert_eq!(second.assets.len(), 1, "only the derived asset's record");
    assert_eq!(second.grants.len(), 4, "the licence and three originals");

    // A refused change marks nothing.
    assert!(r.revoke(&lab, false, &processing, today).is_err());
    assert!(r.take_changes().is_empty());

    // Revocation marks the revoked grant and everything it suspended.
    let fallen = r.revoke(&port, false, &licence.id, today).unwrap();
    let third = r.take_changes();
    assert_eq!(third.grants.len(), fallen.len() + 1);

    // Replaying the persisted rows gives the same answers.
    let mut assets = first.assets;
    assets.extend(second.assets);
    let mut grants: std::collections::BTreeMap<_, _> = Default::default();
    for g in first
        .grants
        .into_iter()
        .chain(second.grants)
        .chain(third.grants)
    {
        grants.insert(g.id, g);
    }
    let restored = Registry::restore(assets, grants.into_values());
    for who in [port, lab] {
        for asset in [gate, report] {
            for right in Right::ALL {
                assert_eq!(
                    restored.check(&who, &asset, right, today),
                    r.check(&who, &asset, right, today)
                );
            }
        }
    }
    assert_eq!(restored.lineage_graph(&gate), r.lineage_graph(&gate));
}

#[test]
fn cancellation_amendment_and_the_lineage_graph() {
    let today = day("2026-11-27");
    let port = ParticipantId::new();
    let lab = ParticipantId::new();
    let mut r = Registry::new();
    let gate = AssetId::new();
    let processing = r
        .register(gate, port, evidence(), None, today)
        .unwrap()
        .into_iter()
        .find(|g| g.right == Right::Processing)
        .unwrap();
    // The source declaration can change, but never to nothing.
    assert_eq!(
        r.amend_source(
            &port,
            &gate,
            Source::Purchased {
                contract: "C-1".into(),
                evidence: vec![]
            }
        ),
        Err(RightsError::MissingEvidence)
    );
    r.amend_source(
        &port,
        &gate,
        Source::Purchased {
            contract: "C-1".into(),
            evidence: vec!["sha256:cd34".into()],
        },
    )
    .unwrap();
    assert!(matches!(r.source(&gate).unwrap(), Source::Purchased { .. }));
    // Only the registrant amends.
    assert!(r.amend_source(&lab, &gate, evidence()).is_err());

    // gate → mid → top, and gate → side.
    let licence = r
        .license(
            &port,
            &processing.id,
            lab,
            Scope::any(),
            term("2026-11-27", None),
            false,
            true,
            today,
        )
        .unwrap();
    let mid = AssetId::new();
    let mid_processing = r
        .derive(
            lab,
            mid,
            &[Lineage {
                source: gate,
                grant: licence.id,
            }],
            today,
        )
        .unwrap()
        .into_iter()
        .find(|g| g.right == Right::Processing)
        .unwrap();
    let top = AssetId::new();
    r.derive(
        lab,
        top,
        &[Lineage {
            source: mid,
            grant: mid_processing.id,
        }],
        today,
    )
    .unwrap();
    let side = AssetId::new();
    r.derive(
        lab,
        side,
        &[Lineage {
            source: gate,
            grant: licence.id,
        }],
        today,
    )
    .unwrap();
    let from_mid = r.lineage_graph(&mid);
    assert_eq!(from_mid.len(), 2, "gate→mid and mid→top: {from_mid:?}");
    assert!(from_mid.iter().all(|e| e.derived != side));
    assert_eq!(r.lineage_graph(&gate).len(), 3);

    // Only the registrant cancels; cancelling brings everything resting on it down, once.
    assert!(r.cancel(&lab, &gate, today).is_err());
    let fallen = r.cancel(&port, &gate, today).unwrap();
    assert!(fallen.contains(&licence.id));
    assert!(r.check(&lab, &top, Right::Operation, today).is_err());
    assert!(r.check(&port, &gate, Right::Holding, today).is_err());
    assert_eq!(
        r.cancel(&port, &gate, today),
        Err(RightsError::AlreadyRevoked)
    );
    assert_eq!(r.object(&gate, "late"), Err(RightsError::AlreadyRevoked));
}

#[test]
fn what_was_sold_stays_sold_and_not_open_data_stays_closed() {
    let today = day("2026-11-27");
    let seller = ParticipantId::new();
    let buyer = ParticipantId::new();
    let lab = ParticipantId::new();
    let mut r = Registry::new();
    let gate = AssetId::new();
    let originals = r.register(gate, seller, evidence(), None, today).unwrap();
    let processing = originals
        .iter()
        .find(|g| g.right == Right::Processing)
        .unwrap()
        .id;
    let licence = r
        .license(
            &seller,
            &processing,
            lab,
            Scope::any(),
            term("2026-11-27", None),
            false,
            false,
            today,
        )
        .unwrap();
    let bought = r.transfer(&seller, &processing, buyer, today).unwrap();
    // The seller can neither cancel the registration under the buyer nor revoke the licence it
    // gave before selling: that power moved with the right.
    assert!(matches!(
        r.cancel(&seller, &gate, today),
        Err(RightsError::Inactive(id)) if id == processing
    ));
    assert!(r.check(&buyer, &gate, Right::Processing, today).is_ok());
    assert_eq!(
        r.revoke(&seller, false, &licence.id, today),
        Err(RightsError::NotHeld {
            right: Right::Processing
        })
    );
    r.revoke(&buyer, false, &licence.id, today).unwrap();
    assert_eq!(r.grant(&bought.id).unwrap().status, GrantStatus::Active);

    // A public data holder deriving from its own not-open data gets a not-open product.
    let holder = ParticipantId::new();
    let closed = AssetId::new();
    let own = r
        .register(
            closed,
            holder,
            Source::AuthorisedPublicData {
                authorisation: "本单位职责数据".into(),
                evidence: vec!["目录编号 01".into()],
            },
            Some(OpenClass::NotOpen),
            today,
        )
        .unwrap();
    let own_processing = own.iter().find(|g| g.right == Right::Processing).unwrap();
    let product = AssetId::new();
    let grants = r
        .derive(
            holder,
            product,
            &[Lineage {
                source: closed,
                grant: own_processing.id,
            }],
            today,
        )
        .unwrap();
    assert_eq!(r.asset(&product).unwrap().public, Some(OpenClass::NotOpen));
    let product_processing = grants
        .iter()
        .find(|g| g.right == Right::Processing)
        .unwrap();
    assert_eq!(
        r.license(
            &holder,
            &product_processing.id,
            lab,
            Scope::any(),
            term("2026-11-27", None),
            false,
            false,
            today,
        ),
        Err(RightsError::PublicNotOpen)
    );
}

#[test]
fn a_product_is_operated_only_while_its_licence_stands() {
    let today = day("2026-11-27");
    let port = ParticipantId::new();
    let lab = ParticipantId::new();
    let mut r = Registry::new();
    let gate = AssetId::new();
    let processing = r
        .register(gate, port, evidence(), None, today)
        .unwrap()
        .into_iter()
        .find(|g| g.right == Right::Processing)
        .unwrap();
    let licence = r
        .license(
            &port,
            &processing.id,
            lab,
            scope(&["analytics"], true),
            term("2026-11-27", Some("2027-06-30")),
            false,
            false,
            today,
        )
        .unwrap();
    let report = AssetId::new();
    r.derive(
        lab,
        report,
        &[Lineage {
            source: gate,
            grant: licence.id,
        }],
        today,
    )
    .unwrap();
    assert!(
        r.check(&lab, &report, Right::Operation, day("2027-06-30"))
            .is_ok()
    );
    assert_eq!(
        r.check(&lab, &report, Right::Operation, day("2027-07-01")),
        Err(RightsError::Inactive(licence.id))
    );
    // The derived data is still the lab's to hold.
    assert!(
        r.check(&lab, &report, Right::Holding, day("2027-07-01"))
            .is_ok()
    );
}

#[test]
fn a_product_survives_the_sale_of_the_licence_it_was_made_under() {
    let today = day("2026-11-27");
    let port = ParticipantId::new();
    let lab = ParticipantId::new();
    let heir = ParticipantId::new();
    let mut r = Registry::new();
    let gate = AssetId::new();
    let processing = r
        .register(gate, port, evidence(), None, today)
        .unwrap()
        .into_iter()
        .find(|g| g.right == Right::Processing)
        .unwrap();
    let licence = r
        .license(
            &port,
            &processing.id,
            lab,
            Scope::any(),
            term("2026-11-27", None),
            false,
            true,
            today,
        )
        .unwrap();
    let report = AssetId::new();
    r.derive(
        lab,
        report,
        &[Lineage {
            source: gate,
            grant: licence.id,
        }],
        today,
    )
    .unwrap();
    assert_eq!(r.sold(&report), None);
    r.transfer(&lab, &licence.id, heir, today).unwrap();
    assert!(r.check(&lab, &report, Right::Operation, today).is_ok());
    assert_eq!(
        r.sold(&gate),
        None,
        "a licensee's sale is not the registrant's"
    );
}
