//! lert's integration tests: one binary, one module per area (zero2prod's layout).

mod audit;
mod bad_input;
mod cases;
mod cli;
mod clocks_deadlines;
mod clocks_ndos;
mod clocks_preservations;
mod documents;
mod dovecot;
mod health;
mod helpers;
mod intake;
mod intake_cli;
mod intake_corpus;
mod intake_crash;
mod intake_imap;
mod mail_agency;
mod mail_crash;
mod mail_notices;
mod mail_samples;
mod mail_smtp;
mod mail_year;
mod migrations;
mod productions;
mod roles;
mod smtp_sink;
