//! Preservations from the case page: record one, renew it, hold it for a case with formal
//! process on the same identifiers ("link"), and release it (counsel, with the confirm box).

use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::domain::reference::CaseReference;
use crate::domain::role::Role;
use crate::storage::DbConnection;
use crate::web::pages::FieldErrors;
use crate::web::pages::forms::{CaseForm, Refused, confirmed, date, field};
use crate::workflows::Actor;
use crate::workflows::preservations::{
    RenewalRequest, hold_preservation, record_preservation, release_preservation, renew_preservation,
};

/// One received date, or the error beside it.
fn received_on(text: &str) -> Result<chrono::NaiveDate, Refused> {
    let mut errors = FieldErrors::new();
    date(&mut errors, "received_on", text).ok_or(Refused::Fields(errors))
}

/// "Record a preservation request received on …" (expiry = receipt + 90 days).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PreserveForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub received_on: String,
}

impl CaseForm for PreserveForm {
    const NAME: &'static str = "preserve";
    const ANCHOR: &'static str = "preservations";
    const WHAT: &'static str = "record preservations";

    fn allowed(role: Role) -> bool {
        role.can_edit_cases()
    }

    fn csrf(&self) -> &str {
        &self.csrf
    }

    fn submit(
        &self,
        conn: &mut DbConnection,
        state: &AppState,
        actor: &Actor,
        reference: &CaseReference,
    ) -> Result<(), Refused> {
        let received_on = received_on(&self.received_on)?;
        record_preservation(conn, state.clock.now(), &state.clocks, actor, reference, received_on)?;
        Ok(())
    }
}

/// Renew a preservation; a renewal beyond the statutory first needs counsel's approval box.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RenewForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub preservation: String,
    #[serde(default)]
    pub received_on: String,
    #[serde(default)]
    pub counsel_approval: String,
}

impl CaseForm for RenewForm {
    const NAME: &'static str = "renew";
    const ANCHOR: &'static str = "preservations";
    const WHAT: &'static str = "renew preservations";

    fn allowed(role: Role) -> bool {
        role.can_edit_cases()
    }

    fn csrf(&self) -> &str {
        &self.csrf
    }

    fn submit(
        &self,
        conn: &mut DbConnection,
        state: &AppState,
        actor: &Actor,
        reference: &CaseReference,
    ) -> Result<(), Refused> {
        let received_on = received_on(&self.received_on)?;
        let counsel_approval = !self.counsel_approval.is_empty();
        if counsel_approval && !actor.role.can_approve() {
            return Err(field("counsel_approval", "Only counsel may approve a further renewal."));
        }
        let renewal = RenewalRequest { received_on, counsel_approval };
        let now = state.clock.now();
        renew_preservation(conn, now, &state.clocks, actor, reference, &self.preservation, renewal)?;
        Ok(())
    }
}

/// Hold ("link") a preservation for another case whose formal process names the same
/// identifiers: it is kept until that case closes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct HoldForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub preservation: String,
    /// The holding case's reference.
    #[serde(default)]
    pub holder: String,
}

impl CaseForm for HoldForm {
    const NAME: &'static str = "hold";
    const ANCHOR: &'static str = "preservations";
    const WHAT: &'static str = "link preservations";

    fn allowed(role: Role) -> bool {
        role.can_edit_cases()
    }

    fn csrf(&self) -> &str {
        &self.csrf
    }

    fn submit(
        &self,
        conn: &mut DbConnection,
        state: &AppState,
        actor: &Actor,
        reference: &CaseReference,
    ) -> Result<(), Refused> {
        let holder = CaseReference::parse(self.holder.trim()).map_err(|e| field("holder", e.to_string()))?;
        let now = state.clock.now();
        match hold_preservation(conn, now, &state.clocks, actor, reference, &self.preservation, &holder) {
            Ok(()) => Ok(()),
            // The holding case is the field's: an unknown reference is shown beside it.
            Err(crate::workflows::WorkflowError::NotFound(m)) if m.contains(holder.as_str()) => {
                Err(field("holder", m))
            }
            Err(error) => Err(error.into()),
        }
    }
}

/// Release a preservation (counsel; irreversible: the data may then be deleted).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ReleaseForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub preservation: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub confirm: String,
}

impl CaseForm for ReleaseForm {
    const NAME: &'static str = "release";
    const ANCHOR: &'static str = "preservations";
    const WHAT: &'static str = "release preserved data";

    fn allowed(role: Role) -> bool {
        role.can_approve()
    }

    fn csrf(&self) -> &str {
        &self.csrf
    }

    fn submit(
        &self,
        conn: &mut DbConnection,
        state: &AppState,
        actor: &Actor,
        reference: &CaseReference,
    ) -> Result<(), Refused> {
        let note = self.note.trim();
        if note.is_empty() {
            return Err(field("note", "Say why the data may be released."));
        }
        if note.chars().count() > 2000 {
            return Err(field("note", "At most 2000 characters."));
        }
        confirmed(&self.confirm, "release the preserved data")?;
        let now = state.clock.now();
        release_preservation(conn, now, &state.clocks, actor, reference, &self.preservation, note)?;
        Ok(())
    }
}
