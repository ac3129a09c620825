//! lert's integration tests: one binary, one module per area (zero2prod's layout).

mod audit;
mod bad_input;
mod cases;
mod cli;
mod documents;
mod health;
mod helpers;
mod migrations;
mod roles;
