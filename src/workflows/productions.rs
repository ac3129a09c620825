//! Productions (LEGAL.md 1, 4, 5, 8): counsel's decisions on what a case's production holds
//! (`decisions`), the record exports engineers attach (`exports`), making a bundle version from
//! them (`plan` decides, `generate` makes and stores it), and reading and delivering it
//! (`delivery`). A bundle is immutable once made; making another is a new version.

pub mod decisions;
pub mod delivery;
pub mod exports;
pub mod generate;
pub mod plan;
