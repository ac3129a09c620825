//! A non-disclosure order's later life from the case page: extended by a further order (the same
//! fields as recording one) or vacated by the court (irreversible: notice becomes due).

use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::domain::reference::CaseReference;
use crate::domain::role::Role;
use crate::storage::DbConnection;
use crate::web::pages::FieldErrors;
use crate::web::pages::forms::{CaseForm, Refused, confirmed, date};
use crate::web::pages::ndo_form::NdoForm;
use crate::workflows::Actor;
use crate::workflows::ndos::{extend_ndo, vacate_ndo};

/// "Extend": a further order, read off the paper like the first.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ExtendForm {
    /// The order extended.
    #[serde(default)]
    pub ndo: String,
    #[serde(flatten)]
    pub order: NdoForm,
}

impl CaseForm for ExtendForm {
    const NAME: &'static str = "extend";
    const ANCHOR: &'static str = "ndos";
    const WHAT: &'static str = "record orders";

    fn allowed(role: Role) -> bool {
        role.can_edit_cases()
    }

    fn csrf(&self) -> &str {
        &self.order.csrf
    }

    fn submit(
        &self,
        conn: &mut DbConnection,
        state: &AppState,
        actor: &Actor,
        reference: &CaseReference,
    ) -> Result<(), Refused> {
        let order = self.order.parse()?;
        extend_ndo(conn, state.clock.now(), &state.clocks, actor, reference, &self.ndo, &order)?;
        Ok(())
    }
}

/// "Vacate": the court lifted the order on a day.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct VacateForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub ndo: String,
    #[serde(default)]
    pub vacated_on: String,
    #[serde(default)]
    pub confirm: String,
}

impl CaseForm for VacateForm {
    const NAME: &'static str = "vacate";
    const ANCHOR: &'static str = "ndos";
    const WHAT: &'static str = "record a vacatur";

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
        let mut errors = FieldErrors::new();
        let Some(vacated_on) = date(&mut errors, "vacated_on", &self.vacated_on) else {
            return Err(errors.into());
        };
        confirmed(&self.confirm, "record that the order was vacated")?;
        let now = state.clock.now();
        vacate_ndo(conn, now, &state.clocks, actor, reference, &self.ndo, vacated_on)?;
        Ok(())
    }
}
