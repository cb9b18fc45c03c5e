//! The rights registry and certificates over the API.
