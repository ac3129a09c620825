//! Productions: the records lert may hand to an agency for a case, read from where the provider
//! keeps them, scoped to what the law and counsel allow, and packaged for delivery.
//!
//! So far: reading the provider's records database (`records_db`), validating an engineer's
//! exported records (`upload`), writing a bundle's data files, manifests and ZIP (`bundle`), and
//! assembling a whole bundle from a records source and counsel's decisions (`assemble`). Not yet:
//! the production records in lert's database, the workflow, the CLI and API (issue 6).

pub mod assemble;
pub mod bundle;
pub mod records_db;
pub mod upload;
