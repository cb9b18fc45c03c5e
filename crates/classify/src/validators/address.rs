//! Chinese postal addresses, recognised by their administrative structure rather than by a
//! pattern. The rule, applied left to right:
//!
//! 1. a **region anchor**: a province-level name (北京, 广东, 内蒙古, 香港, …; an optional 省, 市,
//!    自治区 or 特别行政区 suffix is consumed with it) or a city, i.e. `市` after at least two
//!    characters;
//! 2. then a **county-level element**: `区`, `县` or `旗` after at least one more character, or a
//!    second `市` after at least two (a county-level city such as 昆山市, or a prefecture city
//!    without districts such as 东莞市);
//! 3. then a **street-level element**: `路`, `街`, `道`, `巷`, `号`, `村`, `镇`, `乡` or `弄` after at
//!    least one more character.
//!
//! `北京市朝阳区建国路88号` and `广东省东莞市南城街道` pass; `北京大学`, `深圳市南山区` (no
//! street) and `朝阳区建国路` (no region anchor: 朝阳区 exists in Beijing and Changchun) do not.
//! Requiring all three levels in order is what separates addresses from organisation names and
//! free text that merely mention a place. The normalised form is the trimmed cell.

mod regions;

use crate::normalised::Normalised;
use crate::text::trim;
use crate::{Kind, Match, Validity};

/// Validates an address.
pub fn address(cell: &str) -> Validity<'_> {
    let s = trim(cell);
    if is_address(s) {
        Match::new(Kind::Address, Normalised::borrowed(s)).valid()
    } else {
        Validity::NotThisKind
    }
}

/// The level the scan is looking for next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Region,
    County,
    Street,
}

fn is_address(s: &str) -> bool {
    // Six characters is the shortest possible address (e.g. 某市某区某路); anything that short
    // in bytes is ASCII or a name.
    if s.len() < 6 * 3 || s.is_ascii() {
        return false;
    }
    let mut level = Level::Region;
    // Characters seen since the previous element ended: every element needs a proper name
    // before its marker character.
    let mut since = 0usize;
    // Bytes up to here belong to a matched region name and its suffix.
    let mut skip_to = 0usize;
    for (i, c) in s.char_indices() {
        if i < skip_to {
            continue;
        }
        match level {
            Level::Region => {
                if let Some(len) = regions::province_at(&s[i..]) {
                    let end = i + len;
                    skip_to = end + regions::suffix_len(&s[end..]);
                    (level, since) = (Level::County, 0);
                    continue;
                }
                if c == '市' && since >= 2 {
                    (level, since) = (Level::County, 0);
                    continue;
                }
            }
            Level::County => {
                let county =
                    (matches!(c, '区' | '县' | '旗') && since >= 1) || (c == '市' && since >= 2);
                if county {
                    (level, since) = (Level::Street, 0);
                    continue;
                }
            }
            Level::Street => {
                if matches!(
                    c,
                    '路' | '街' | '道' | '巷' | '号' | '村' | '镇' | '乡' | '弄'
                ) && since >= 1
                {
                    return true;
                }
            }
        }
        since += 1;
    }
    false
}
