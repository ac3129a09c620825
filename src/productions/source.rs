//! Where a production's records come from, behind one trait: the provider's records database
//! (`records_db`) or the exports engineers attached to the case (`uploaded`). Assembly reads
//! either the same way, one kind at a time, row by row.

use std::collections::BTreeSet;

use super::records_db::{RecordsDb, SourceError};
use crate::domain::identifier::Identifier;
use crate::domain::production_scope::TimeWindow;
use crate::domain::records::{Record, RecordKind};

pub trait RecordsSource {
    /// The accounts the identifiers point at (`production_scope::account_pointed_at`).
    fn accounts_for(&mut self, identifiers: &[Identifier]) -> Result<BTreeSet<String>, SourceError>;

    /// Hands each record of `kind` belonging to `accounts` to `sink`, for API logs and
    /// certificates only those inside `window` when one is given; returns how many it handed on.
    /// A source may hand on more than that (the scope check after it decides), never less.
    fn stream(
        &mut self,
        kind: RecordKind,
        accounts: &BTreeSet<String>,
        window: Option<TimeWindow>,
        sink: &mut dyn FnMut(Record) -> Result<(), String>,
    ) -> Result<u64, SourceError>;
}

impl RecordsSource for RecordsDb {
    fn accounts_for(&mut self, identifiers: &[Identifier]) -> Result<BTreeSet<String>, SourceError> {
        RecordsDb::accounts_for(self, identifiers)
    }

    fn stream(
        &mut self,
        kind: RecordKind,
        accounts: &BTreeSet<String>,
        window: Option<TimeWindow>,
        sink: &mut dyn FnMut(Record) -> Result<(), String>,
    ) -> Result<u64, SourceError> {
        RecordsDb::stream(self, kind, accounts, window, sink)
    }
}
