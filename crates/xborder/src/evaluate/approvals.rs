//! Whether an approval on record lets a transfer that needs a mechanism go ahead.
//!
//! An approval covers a transfer when its kind satisfies the outcome (the baseline's `satisfies`),
//! the transfer's date lies within its term, and it was on record by `today`. The term runs from
//! the issue day inclusive: `valid_until` when the document states one (an extended assessment
//! result, a contract with an end date), else the baseline's statutory months counted from the
//! issue day, so a 36-month result issued 2025-01-10 is valid through 2028-01-09. That is the
//! shorter of the two ways of counting "three years from issue", and the one the assessment
//! results themselves print. A kind with no statutory term (a filed standard contract) runs until
//! the exporter records an end or a change that needs re-filing.
//!
//! An approval dated after `today` cannot have been issued yet and is not counted: a record that
//! claims otherwise is a typing error, not a permission.

use chrono::{Months, NaiveDate};

use crate::rules::{National, Validity};
use crate::{Approval, Outcome, Reason, Request};

pub(super) struct Check {
    pub covered: bool,
    /// The covering approval, or every approval examined and why it does not cover.
    pub reasons: Vec<Reason>,
}

pub(super) fn check(
    outcome: Outcome,
    request: &Request,
    national: &National,
    today: NaiveDate,
) -> Check {
    let mut misses = Vec::new();
    for approval in &request.approvals {
        let Some(validity) = national
            .validity
            .iter()
            .find(|v| v.kind == approval.kind && v.covers_issue_date(approval.issued))
        else {
            // The baseline's rows tile every issue date for every kind, so this is unreachable;
            // an approval without a term is simply not counted.
            continue;
        };
        let label = format!(
            "The {} issued {}",
            approval.kind.as_str().replace('_', " "),
            approval.issued
        );
        let (end, term) = term(approval, validity);
        let verdict = if !validity.satisfies.contains(&outcome) {
            Err(format!("{label} does not satisfy {}.", outcome.as_str()))
        } else if approval.issued > today {
            Err(format!(
                "{label} is dated after today ({today}) and cannot be on record yet, so it is \
                 not counted."
            ))
        } else if request.date < approval.issued {
            Err(format!(
                "{label} was not yet issued on the transfer date {}.",
                request.date
            ))
        } else if end.is_some_and(|end| request.date > end) {
            Err(format!(
                "{label} ({term}) had expired by the transfer date {}.",
                request.date
            ))
        } else {
            Ok(format!(
                "{label} ({term}) covers the transfer date {}.",
                request.date
            ))
        };
        match verdict {
            Ok(detail) => {
                return Check {
                    covered: true,
                    reasons: vec![reason(validity, detail)],
                };
            }
            Err(detail) => misses.push(reason(validity, detail)),
        }
    }
    Check {
        covered: false,
        reasons: misses,
    }
}

/// The last valid day, if any, and how it was found.
fn term(approval: &Approval, validity: &Validity) -> (Option<NaiveDate>, String) {
    match (approval.valid_until, validity.months) {
        (Some(until), _) => (Some(until), format!("valid until {until} as recorded")),
        (None, Some(months)) => {
            // Past the calendar's end, the term never runs out within any representable date.
            let last = approval
                .issued
                .checked_add_months(Months::new(months))
                .and_then(|d| d.pred_opt())
                .unwrap_or(NaiveDate::MAX);
            (
                Some(last),
                format!("valid until {last}, {months} months from issue"),
            )
        }
        (None, None) => (None, "no fixed term".to_owned()),
    }
}

fn reason(validity: &Validity, detail: String) -> Reason {
    Reason {
        rule: validity.id.clone(),
        basis: validity.basis.clone(),
        detail: format!("{detail} {}", validity.description_en),
    }
}
