//! The decision: which route a transfer takes, whether it may go ahead today, and why.
//!
//! The baseline's rules are tried in order and the first that holds decides (Table 1, top-down).
//! Two principles sit in code because no single row states them:
//!
//! * **Important data is decided on its own.** When the first match exempts the transfer or asks
//!   only for a standard contract or certification and the data is important, the table is tried
//!   again below that rule for the important data alone, and the stricter route governs. The
//!   exemptions of Prov Art. 5 cover personal information only; for Arts. 3, 4 and 6 the order of
//!   precedence is UNCONFIRMED (regulations.md §10 item 1), and NDSMR Art. 37 requires an
//!   assessment before important data leaves, so Dataport takes the stricter reading there too.
//! * **Lists exclude CIIOs, and only speak for what they cover.** See [`ftz`].

mod approvals;
mod ftz;

use chrono::NaiveDate;

use crate::rules::{Facts, National, RouteRule, RuleOutcome};
use crate::{Counts, Decision, Level, Outcome, Reason, Request, RequestError, Rules};

/// Decides the route for `request` under `rules`, judging approvals on the transfer's date as
/// recorded by `today`. Fails only when the request is invalid against these rules: an
/// `exporter.ftz` with no loaded list, an approval that ends before it starts, or a date before
/// the baseline took effect.
pub fn evaluate(
    request: &Request,
    rules: &Rules,
    today: NaiveDate,
) -> Result<Decision, RequestError> {
    let national = rules.national();
    validate(request, rules)?;

    let this_transfer = Counts {
        individuals: request.data.individuals,
        sensitive_individuals: request.data.sensitive_individuals,
    };
    let cumulative = request.exported_this_year.plus(this_transfer);
    let zone = ftz::assess(request, rules);
    let facts = Facts {
        destination_mainland: request.transfer.destination.is_mainland(),
        purpose: request.transfer.purpose,
        recipient_restricted: request.transfer.recipient_restricted,
        level: request.data.level,
        ciio: request.exporter.ciio,
        pi_present: this_transfer.individuals > 0 || this_transfer.sensitive_individuals > 0,
        collected_abroad: request.data.collected_abroad,
        domestic_pi_mixed: request.data.domestic_pi_mixed,
        ftz: zone.finding.as_ref().map(|f| f.kind),
        cumulative,
    };

    let (index, rule) = route(national, &facts, 0);
    let mut outcome = resolve(rule, zone.finding.as_ref());
    let mut reasons = vec![route_reason(rule, &facts, &zone)];

    let partial = matches!(
        outcome,
        Outcome::Exempt | Outcome::StandardContractOrCertification
    );
    if partial && request.data.level == Level::Important {
        let important_alone = Facts {
            pi_present: false,
            ftz: None,
            ..facts
        };
        let (_, second) = route(national, &important_alone, index + 1);
        let second_outcome = resolve(second, None);
        let mut reason = route_reason(second, &important_alone, &ftz::Assessment::default());
        reason.detail.push_str(
            " The transfer also holds important data, which the route above does not cover, so \
             it is decided on its own and the stricter route governs.",
        );
        reasons.push(reason);
        if second_outcome.strictness() > outcome.strictness() {
            outcome = second_outcome;
        }
    }

    let (allowed_now, missing, documents) = match outcome {
        Outcome::NotCrossBorder | Outcome::Prohibited => {
            (outcome == Outcome::NotCrossBorder, Vec::new(), Vec::new())
        }
        Outcome::Exempt
        | Outcome::SecurityAssessment
        | Outcome::StandardContractOrCertification => {
            let mut covered = true;
            if outcome.needs_approval() {
                let check = approvals::check(outcome, request, national, today);
                covered = check.covered;
                reasons.extend(check.reasons);
            }
            let documents = duties(national, outcome, &facts, &mut reasons);
            let missing = if covered {
                Vec::new()
            } else {
                vec![outcome.as_str().to_owned()]
            };
            (covered, missing, documents)
        }
    };

    Ok(Decision {
        outcome,
        allowed_now,
        cumulative,
        reasons,
        missing,
        documents,
    })
}

fn validate(request: &Request, rules: &Rules) -> Result<(), RequestError> {
    let national = rules.national();
    if let Some(zone) = &request.exporter.ftz
        && rules.lists_for(zone).next().is_none()
    {
        return Err(RequestError::UnknownFtz { ftz: zone.clone() });
    }
    for (index, approval) in request.approvals.iter().enumerate() {
        if let Some(valid_until) = approval.valid_until
            && valid_until < approval.issued
        {
            return Err(RequestError::ApprovalEndsBeforeIssue {
                index,
                issued: approval.issued,
                valid_until,
            });
        }
    }
    if request.date < national.in_force_from {
        return Err(RequestError::BeforeBaseline {
            date: request.date,
            in_force_from: national.in_force_from,
            version: format!("{}@{}", national.id, national.version),
        });
    }
    Ok(())
}

/// The first rule at or after `from` whose condition holds, with its index; the catch-all when
/// none does.
fn route<'a>(national: &'a National, facts: &Facts, from: usize) -> (usize, &'a RouteRule) {
    national
        .rules
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, rule)| rule.when.holds(facts))
        .unwrap_or((national.rules.len(), &national.fallback))
}

fn resolve(rule: &RouteRule, finding: Option<&ftz::Finding>) -> Outcome {
    match rule.outcome {
        RuleOutcome::Decided(outcome) => outcome,
        // A list rule only matches when a list was found; without one, doubt takes the strictest
        // mechanism.
        RuleOutcome::ListMechanism => {
            finding.map_or(Outcome::SecurityAssessment, |f| f.mechanism.outcome())
        }
    }
}

/// The reason for a route: the rule's description, the totals it tested, the FTZ evidence or why
/// the zone's lists did not apply, and the UNCONFIRMED point behind it.
fn route_reason(rule: &RouteRule, facts: &Facts, zone: &ftz::Assessment) -> Reason {
    let mut detail = String::new();
    if let Some(row) = rule.row {
        detail.push_str(&format!("Table 1 row {row}: "));
    }
    detail.push_str(&rule.description_en);
    if !detail.ends_with('.') {
        detail.push('.');
    }
    if rule.when.reads_cumulative() {
        detail.push_str(&format!(
            " Totals since 1 January including this transfer: {} individuals' non-sensitive \
             personal information, {} individuals' sensitive personal information.",
            facts.cumulative.individuals, facts.cumulative.sensitive_individuals
        ));
    }
    let mut basis = rule.basis.clone();
    match (&zone.finding, rule.when.ftz.is_some()) {
        (Some(finding), true) => {
            detail.push(' ');
            detail.push_str(&finding.evidence);
            for list_basis in &finding.bases {
                basis.push('；');
                basis.push_str(list_basis);
            }
        }
        (Some(finding), false) => {
            detail.push_str(" An earlier rule decided the route before the exporter's FTZ lists: ");
            detail.push_str(&finding.evidence);
        }
        (None, _) => {
            if let Some(note) = &zone.note {
                detail.push(' ');
                detail.push_str(note);
            }
        }
    }
    if let Some(doubt) = &rule.doubt {
        detail.push_str(" UNCONFIRMED: ");
        detail.push_str(doubt);
    }
    Reason {
        rule: rule.id.clone(),
        basis,
        detail,
    }
}

/// The documents every applicable duty asks for, each once, in the baseline's order; a reason
/// per duty says why.
fn duties(
    national: &National,
    outcome: Outcome,
    facts: &Facts,
    reasons: &mut Vec<Reason>,
) -> Vec<String> {
    let mut documents: Vec<String> = Vec::new();
    for duty in &national.duties {
        if !duty.outcomes.contains(&outcome) || !duty.when.holds(facts) {
            continue;
        }
        for document in &duty.documents {
            if !documents.contains(document) {
                documents.push(document.clone());
            }
        }
        reasons.push(Reason {
            rule: duty.id.clone(),
            basis: duty.basis.clone(),
            detail: format!(
                "{} Documents: {}.",
                duty.description_en.trim_end_matches('.').to_owned() + ".",
                duty.documents.join(", ")
            ),
        });
    }
    documents
}
