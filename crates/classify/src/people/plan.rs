//! Which columns of a table say who a row is about, and which say something that makes that
//! person sensitive or a minor, decided once from the columns' kinds so that each row only
//! validates the cells that can matter.

use crate::{Kind, is_sensitive};

/// Identifier kinds, strongest first: the order in which a row's person key is looked for.
/// Identity documents come first because they are issued one per person for life; contact
/// details next because they are personal but reassigned and shared; a bank card last because a
/// person holds several and some are shared within a household.
pub(super) const IDENTIFIERS: [Kind; 6] = [
    Kind::CnResidentId,
    Kind::PassportCn,
    Kind::HkMacaoPermit,
    Kind::CnMobile,
    Kind::Email,
    Kind::BankCard,
];

/// A column and its decided kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Column {
    pub(super) index: usize,
    pub(super) kind: Kind,
}

/// A column that can flag the row's person, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Flagger {
    pub(super) column: Column,
    /// A valid value is sensitive personal information.
    pub(super) sensitive: bool,
    /// A valid value carries a birth date.
    pub(super) birth_date: bool,
}

/// The columns a row is read through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Plan {
    /// Identifier columns, strongest kind first and left to right within a kind.
    pub(super) identifiers: Vec<Column>,
    /// Columns whose valid values make a person sensitive or a minor, left to right.
    pub(super) flaggers: Vec<Flagger>,
}

impl Plan {
    pub(super) fn new(columns: &[Option<Kind>]) -> Self {
        let decided = || {
            columns
                .iter()
                .enumerate()
                .filter_map(|(index, kind)| kind.map(|kind| Column { index, kind }))
        };
        let identifiers = IDENTIFIERS
            .into_iter()
            .flat_map(|wanted| decided().filter(move |c| c.kind == wanted))
            .collect();
        let flaggers = decided()
            .map(|column| Flagger {
                column,
                sensitive: is_sensitive(column.kind),
                birth_date: matches!(column.kind, Kind::CnResidentId | Kind::BirthDate),
            })
            .filter(|f| f.sensitive || f.birth_date)
            .collect();
        Plan {
            identifiers,
            flaggers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(index: usize, kind: Kind) -> Column {
        Column { index, kind }
    }

    #[test]
    fn identifiers_in_priority_order_and_flaggers_in_column_order() {
        let plan = Plan::new(&[
            Some(Kind::BankCard),
            None,
            Some(Kind::CnMobile),
            Some(Kind::PersonName),
            Some(Kind::CnResidentId),
            Some(Kind::Latitude),
            Some(Kind::BirthDate),
            Some(Kind::CnMobile),
        ]);
        assert_eq!(
            plan.identifiers,
            [
                column(4, Kind::CnResidentId),
                column(2, Kind::CnMobile),
                column(7, Kind::CnMobile),
                column(0, Kind::BankCard),
            ]
        );
        let flaggers: Vec<_> = plan
            .flaggers
            .iter()
            .map(|f| (f.column.index, f.sensitive, f.birth_date))
            .collect();
        assert_eq!(
            flaggers,
            [
                (0, true, false),
                (4, true, true),
                (5, true, false),
                (6, false, true)
            ]
        );
    }

    #[test]
    fn every_identifier_kind_is_personal_and_listed_once() {
        for (i, kind) in IDENTIFIERS.into_iter().enumerate() {
            assert!(crate::is_personal(kind), "{kind}");
            assert!(!IDENTIFIERS[..i].contains(&kind), "{kind}");
        }
    }
}
