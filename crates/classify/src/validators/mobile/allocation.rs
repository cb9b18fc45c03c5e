//! The allocated mobile network prefixes, transcribed from regulations.md Table 3 ("Mobile
//! prefixes, end of March 2023", MIIT). Most blocks are whole three-digit prefixes; 134, 161 and
//! 174 are split at the fourth or fifth digit, so those are checked more finely.
//!
//! 140–144 are IoT numbers with 13 digits, and 154, 160, 163, 164, 168, 169, 179 and 194 are not
//! allocated to public mobile service, so 11-digit numbers there are rejected.

/// Whether 11 ASCII digits start with an allocated mobile prefix.
pub(super) fn is_allocated(national: &[u8]) -> bool {
    let [b'1', second, third, fourth, fifth, ..] = *national else {
        return false;
    };
    if national.len() != 11 || !national.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let digit = |b: u8| b.wrapping_sub(b'0');
    let prefix = digit(second) * 10 + digit(third);
    let fourth = digit(fourth);
    let fifth = digit(fifth);
    match prefix {
        // 130–132 Unicom, 133 Telecom, 135–139 Mobile.
        30..=33 | 35..=39 => true,
        // 1340–1348 Mobile; 13492, 13493 and 13499 Telecom satellite.
        34 => fourth <= 8 || (fourth == 9 && matches!(fifth, 2 | 3 | 9)),
        // 145, 146 Unicom; 147, 148 Mobile; 149 Telecom.
        45..=49 => true,
        // 150–152, 157–159 Mobile; 153 Telecom; 155, 156 Unicom.
        50..=53 | 55..=59 => true,
        // 1619 SatNet.
        61 => fourth == 9,
        // 162 Telecom MVNO; 165 Mobile MVNO; 166 Unicom; 167 Unicom MVNO.
        62 | 65..=67 => true,
        // 170 (all sub-blocks split among the three operators' MVNOs), 171 Unicom MVNO,
        // 172 Mobile, 173 Telecom, 175, 176 Unicom, 177 Telecom, 178 Mobile.
        70..=73 | 75..=78 => true,
        // 17400–17405 Telecom satellite, 17406–17409 other; 17410–17412 other; 1749 other.
        74 => match fourth {
            0 | 9 => true,
            1 => fifth <= 2,
            _ => false,
        },
        // 180–189 are all allocated (Telecom, Mobile and Unicom).
        80..=89 => true,
        // 190, 191, 193, 199 Telecom; 192 Broadnet; 195, 197, 198 Mobile; 196 Unicom.
        90..=93 | 95..=99 => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_prefix(prefix: &str) -> bool {
        let mut n = prefix.to_owned();
        while n.len() < 11 {
            n.push('0');
        }
        is_allocated(n.as_bytes())
    }

    #[test]
    fn allocated_and_unallocated_prefixes() {
        for p in [
            "130", "133", "135", "1340", "13492", "145", "149", "150", "153", "1619", "162", "165",
            "170", "171", "17400", "17406", "17412", "1749", "180", "189", "190", "192", "199",
        ] {
            assert!(with_prefix(p), "{p} is allocated");
        }
        for p in [
            "100", "120", "140", "144", "154", "160", "1610", "163", "168", "13490", "1742",
            "17413", "179", "194", "200",
        ] {
            assert!(!with_prefix(p), "{p} is not allocated");
        }
    }
}
