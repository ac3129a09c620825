//! lert, the Law Enforcement Request Tracker: the library behind the `lert` binary.
//!
//! The map is docs/ARCHITECTURE.md. Layers, innermost first: `domain` (pure rules), `storage`,
//! `workflows` (every operation, one transaction each), then the edges: `web` and the CLI.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod ics;
pub mod intake;
pub mod mail;
pub mod pdf;
pub mod productions;
pub mod scheduler;
pub mod storage;
pub mod telemetry;
pub mod web;
pub mod workflows;
