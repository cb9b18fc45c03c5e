//! The rights, certificate, verify and asset-register portal pages.
