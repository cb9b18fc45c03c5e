//! Mainland travel permits for Hong Kong and Macao residents (港澳居民来往内地通行证, 回乡证),
//! per regulations.md Table 3: `H` (Hong Kong) or `M` (Macao) + an 8-digit lifetime number,
//! optionally followed by a 2-digit renewal count (the 1999 card prints all 11 characters).
//!
//! The renewal count changes every time the card is renewed while the first nine characters stay
//! the same, so the normalised form drops it: the same person then counts once across renewals.

use super::digits::all_digits;
use crate::normalised::Builder;
use crate::text::trim;
use crate::{Kind, Match, Validity};

/// Validates a permit number; the normalised form is the upper-case first nine characters.
pub fn hk_macao_permit(cell: &str) -> Validity<'_> {
    let b = trim(cell).as_bytes();
    let shape_ok = matches!(b.len(), 9 | 11)
        && matches!(b[0].to_ascii_uppercase(), b'H' | b'M')
        && all_digits(&b[1..]);
    if !shape_ok {
        return Validity::NotThisKind;
    }
    let mut n = Builder::new();
    n.extend_ascii_upper(&b[..9]);
    Match::new(Kind::HkMacaoPermit, n.finish()).valid()
}
