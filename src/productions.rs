//! Productions: the records lert may hand to an agency for a case, read from where the provider
//! keeps them, scoped to what the law and counsel allow, and packaged for delivery.
//!
//! So far: reading the provider's records database (`records_db`), validating an engineer's
//! exported records (`upload`), and writing a bundle's data files, manifests and ZIP (`bundle`).

pub mod bundle;
pub mod records_db;
pub mod upload;
