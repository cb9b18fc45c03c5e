//! Choosing the CSV field delimiter from the decoded sniff window.
//!
//! Uploads come from spreadsheets in many locales, which export with commas, semicolons, tabs or
//! pipes and rarely say which; the delimiter that splits every line into the same number of fields
//! is almost always the right one.

use std::collections::HashMap;

/// The candidates, in order of preference when the evidence is equal.
const CANDIDATES: [char; 4] = [',', '\t', ';', '|'];
/// How many lines of the window to look at.
const MAX_LINES: usize = 50;

/// Picks the delimiter for `text`; `complete` says whether `text` is the whole file, so that a
/// last line cut off by the window is ignored.
pub(crate) fn detect(text: &str, complete: bool) -> u8 {
    let lines = count_per_line(text, complete);
    let mut best: Option<(usize, usize, usize)> = None;
    let mut best_at = 0;
    for (at, counts) in lines.iter().enumerate() {
        let score = score(counts);
        if score > best {
            best = score;
            best_at = at;
        }
    }
    match best {
        Some(_) => CANDIDATES[best_at] as u8,
        None => b',',
    }
}

/// Ranks one candidate's per-line counts: consistency across all lines first, then how many lines
/// share the most common non-zero count, then that count. `None` if it never occurs.
fn score(counts: &[usize]) -> Option<(usize, usize, usize)> {
    let mut frequency: HashMap<usize, usize> = HashMap::new();
    for &count in counts.iter().filter(|&&c| c > 0) {
        *frequency.entry(count).or_default() += 1;
    }
    let (&count, &lines) = frequency
        .iter()
        .max_by_key(|&(&count, &lines)| (lines, count))?;
    let consistent = usize::from(lines == counts.len());
    Some((consistent, lines, count))
}

/// Counts each candidate on each non-empty line, ignoring characters inside double quotes; quoted
/// fields may span lines, so the quote state carries over line ends.
fn count_per_line(text: &str, complete: bool) -> [Vec<usize>; 4] {
    let mut per_candidate: [Vec<usize>; 4] = Default::default();
    let mut current = [0usize; 4];
    let mut in_quotes = false;
    let mut line_has_content = false;
    let mut lines = 0;
    for ch in text.chars() {
        if lines >= MAX_LINES {
            break;
        }
        match ch {
            '"' => {
                in_quotes = !in_quotes;
                line_has_content = true;
            }
            '\n' if !in_quotes => {
                if line_has_content {
                    for (counts, n) in per_candidate.iter_mut().zip(current) {
                        counts.push(n);
                    }
                    lines += 1;
                }
                current = [0; 4];
                line_has_content = false;
            }
            '\r' => {}
            _ => {
                line_has_content = true;
                if !in_quotes && let Some(at) = CANDIDATES.iter().position(|&c| c == ch) {
                    current[at] += 1;
                }
            }
        }
    }
    // A last line without a newline is whole only if the window is the whole file, or if it is the
    // only line there is.
    if line_has_content && lines < MAX_LINES && (complete || lines == 0) {
        for (counts, n) in per_candidate.iter_mut().zip(current) {
            counts.push(n);
        }
    }
    per_candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_cases() {
        let cases: &[(&str, &str, bool, u8)] = &[
            ("comma", "a,b,c\n1,2,3\n", true, b','),
            ("semicolon", "a;b;c\n1,5;2,5;3\n", true, b';'),
            ("tab", "a\tb\n1\t2\n", true, b'\t'),
            ("pipe", "a|b|c\n1|2|3", true, b'|'),
            ("single column", "name\nx\n", true, b','),
            ("header only", "a;b;c", true, b';'),
            ("quoted commas", "a;b\n\"1,2,3\";4\n\"x,y\";5\n", true, b';'),
            (
                "quoted newline",
                "a,b\n\"line1\nline2;x\",2\n3,4\n",
                true,
                b',',
            ),
            ("cut last line", "a|b|c\n1|2|3\n4,5,6,7,8,9", false, b'|'),
            (
                "ragged prefers majority",
                "a,b,c\n1,2,3\n4,5\n6,7,8\n",
                true,
                b',',
            ),
            ("crlf", "a;b\r\n1;2\r\n", true, b';'),
            ("empty", "", true, b','),
        ];
        for (name, text, complete, expected) in cases {
            assert_eq!(
                detect(text, *complete) as char,
                *expected as char,
                "case {name}"
            );
        }
    }
}
