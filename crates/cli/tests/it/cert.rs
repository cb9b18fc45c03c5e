//! `dataport cert verify`.
