//! The pure rules of lert: the legal team's vocabulary as types, with no IO, no database and no
//! clock of its own, so every rule can be tested on its own and shared by web, intake and CLI.

pub mod calendar;
pub mod case_status;
pub mod clock_policy;
pub mod compulsion;
pub mod computed_date;
pub mod data_category;
pub mod day_count;
pub mod email_address;
pub mod file_name;
pub mod identifier;
pub mod lookback;
pub mod month;
pub mod ndo;
pub mod notice;
pub mod outbox;
pub mod phone;
pub mod preservation;
pub mod process_kind;
pub mod production_scope;
pub mod records;
pub mod reference;
pub mod response;
pub mod role;
pub mod string_schema;
pub mod sufficiency;
pub mod text;
