//! Productions: the records lert may hand to an agency for a case, read from where the provider
//! keeps them, scoped to what the law and counsel allow, and packaged for delivery.
//!
//! Records come from a `source`: the provider's records database (`records_db`) or exports an
//! engineer attached to the case (`upload` validates them, `uploaded` reads them back). `bundle`
//! writes a bundle's data files, manifests and ZIP, and `assemble` makes a whole bundle from a
//! source and counsel's decisions in one pass. The production records, decisions and deliveries
//! in lert's database are `workflows::productions`.

pub mod assemble;
pub mod bundle;
pub mod records_db;
pub mod source;
pub mod upload;
pub mod uploaded;
