//! The pure rules of lert: the legal team's vocabulary as types, with no IO, no database and no
//! clock of its own, so every rule can be tested on its own and shared by web, intake and CLI.

pub mod case_status;
pub mod data_category;
pub mod email_address;
pub mod file_name;
pub mod identifier;
pub mod phone;
pub mod process_kind;
pub mod reference;
pub mod role;
pub mod string_schema;
pub mod text;
