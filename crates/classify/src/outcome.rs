//! What a validator returns: a match with its canonical form, a checksum failure, or "not this
//! kind". The three-way answer exists because a checksum failure is evidence of a different sort
//! from a non-match: a column of card-shaped numbers that fail Luhn is suspicious (perhaps legacy
//! cards, perhaps typos) and must lower confidence rather than prove absence.

use chrono::NaiveDate;

use crate::{Kind, Normalised};

/// The result of checking one cell against one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validity<'a> {
    /// The value is a valid instance of the kind.
    Valid(Match<'a>),
    /// The value has the kind's exact shape (length, alphabet, structure, and for resident IDs a
    /// known province and a real birth date) but its check character is wrong.
    ChecksumFailed,
    /// The value is not of this kind.
    NotThisKind,
}

impl<'a> Validity<'a> {
    pub fn is_valid(&self) -> bool {
        matches!(self, Validity::Valid(_))
    }

    pub fn into_match(self) -> Option<Match<'a>> {
        match self {
            Validity::Valid(m) => Some(m),
            Validity::ChecksumFailed | Validity::NotThisKind => None,
        }
    }
}

/// A validated value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'a> {
    pub kind: Kind,
    /// Canonical text for counting distinct values (see each validator for its form).
    pub normalised: Normalised<'a>,
    /// The birth date carried by the value (resident IDs and birth dates), so the caller can find
    /// minors under 14, whose personal information is all sensitive (PIPL Art. 28).
    pub birth_date: Option<NaiveDate>,
    /// A sub-type the caller may want to label or grade differently.
    pub variant: Variant,
}

/// Sub-types of a kind that matter to grading or labelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// The ordinary form of the kind.
    Standard,
    /// A pre-1999 15-digit resident ID, upgraded to 18 characters in the normalised form.
    LegacyFifteenDigit,
    /// A HK/Macao/Taiwan residence permit: resident-ID format with address code 810000, 820000 or
    /// 830000. It passes the same check but gets its own label (regulations.md §7.3 notes).
    ResidencePermit,
    /// A USCC of a 个体工商户 (authority 9, type 2), which may identify one person
    /// (regulations.md §7.3 notes), so the caller may treat it as personal information.
    IndividualBusiness,
    /// A new-energy vehicle plate (six serial characters).
    NewEnergyVehicle,
    /// A public-affairs, service or diplomatic passport (P, S, D series).
    OfficialPassport,
    /// A Hong Kong (K) or Macao (MA) SAR passport.
    SarPassport,
}

impl<'a> Match<'a> {
    pub(crate) fn new(kind: Kind, normalised: Normalised<'a>) -> Self {
        Match {
            kind,
            normalised,
            birth_date: None,
            variant: Variant::Standard,
        }
    }

    pub(crate) fn with_variant(mut self, variant: Variant) -> Self {
        self.variant = variant;
        self
    }

    pub(crate) fn with_birth_date(mut self, date: NaiveDate) -> Self {
        self.birth_date = Some(date);
        self
    }

    pub(crate) fn valid(self) -> Validity<'a> {
        Validity::Valid(self)
    }
}
