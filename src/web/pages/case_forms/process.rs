//! A legal process as the dashboard's form posts it, shared by "add a process" on the case page
//! and the new-case page: the page turns each text field into its type (naming the field at
//! fault), then the API's own `ProcessRequest::check` validates it, so both accept the same.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::domain::data_category::DataCategory;
use crate::domain::process_kind::ProcessKind;
use crate::domain::reference::CaseReference;
use crate::domain::role::Role;
use crate::storage::DbConnection;
use crate::web::api::inputs::ProcessRequest;
use crate::web::pages::FieldErrors;
use crate::web::pages::forms::{CaseForm, Refused, optional, optional_date};
use crate::workflows::Actor;
use crate::workflows::processes::{NewProcess, record_process};

/// A checked category arrives as `category_<name>=yes`; everything else the form does not know
/// lands here too and is ignored.
#[derive(Debug, Clone, Default, Deserialize)]
struct Posted {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    issuing_authority: String,
    #[serde(default)]
    docket_number: String,
    #[serde(default)]
    issued_on: String,
    #[serde(default)]
    served_on: String,
    #[serde(default)]
    return_by: String,
    #[serde(default)]
    respond_within_days: String,
    #[serde(default)]
    agent_name: String,
    #[serde(default)]
    agent_email: String,
    #[serde(default)]
    agent_phone: String,
    #[serde(default)]
    requested_from: String,
    #[serde(default)]
    requested_to: String,
    #[serde(flatten)]
    rest: BTreeMap<String, String>,
}

/// The process fields as posted, kept to fill the form again.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(from = "Posted")]
pub struct ProcessFields {
    pub kind: String,
    pub issuing_authority: String,
    pub docket_number: String,
    pub issued_on: String,
    pub served_on: String,
    pub return_by: String,
    pub respond_within_days: String,
    pub agent_name: String,
    pub agent_email: String,
    pub agent_phone: String,
    pub requested_from: String,
    pub requested_to: String,
    /// The data categories ticked, by name.
    pub categories: Vec<String>,
}

impl From<Posted> for ProcessFields {
    fn from(posted: Posted) -> Self {
        let categories =
            posted.rest.keys().filter_map(|key| key.strip_prefix("category_")).map(str::to_owned).collect();
        ProcessFields {
            kind: posted.kind,
            issuing_authority: posted.issuing_authority,
            docket_number: posted.docket_number,
            issued_on: posted.issued_on,
            served_on: posted.served_on,
            return_by: posted.return_by,
            respond_within_days: posted.respond_within_days,
            agent_name: posted.agent_name,
            agent_email: posted.agent_email,
            agent_phone: posted.agent_phone,
            requested_from: posted.requested_from,
            requested_to: posted.requested_to,
            categories,
        }
    }
}

impl ProcessFields {
    /// The process, or what is wrong with it by field (the same names as the form's inputs).
    pub fn parse(&self) -> Result<NewProcess, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = ProcessKind::parse(&self.kind)
            .map_err(|_| errors.insert("kind", "Choose the kind of process.".to_owned()))
            .ok();
        let issued_on = optional_date(&mut errors, "issued_on", &self.issued_on);
        let served_on = optional_date(&mut errors, "served_on", &self.served_on);
        let return_by = optional_date(&mut errors, "return_by", &self.return_by);
        let requested_from = optional_date(&mut errors, "requested_from", &self.requested_from);
        let requested_to = optional_date(&mut errors, "requested_to", &self.requested_to);
        let respond_within_days = match self.respond_within_days.trim() {
            "" => None,
            days => days
                .parse::<u32>()
                .map_err(|_| errors.insert("respond_within_days", "Enter a whole number of days.".to_owned()))
                .ok(),
        };
        let mut data_categories = Vec::new();
        for name in &self.categories {
            match DataCategory::parse(name) {
                Ok(category) => data_categories.push(category),
                Err(error) => {
                    errors.insert("categories", error.to_string());
                }
            }
        }
        let Some(kind) = kind.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        let request = ProcessRequest {
            kind,
            issuing_authority: optional(&self.issuing_authority),
            agent_name: optional(&self.agent_name),
            agent_email: optional(&self.agent_email),
            agent_phone: optional(&self.agent_phone),
            docket_number: optional(&self.docket_number),
            issued_on,
            served_on,
            return_by,
            respond_within_days,
            requested_from,
            requested_to,
            data_categories,
        };
        request.check().map_err(|(field, error)| FieldErrors::from([(field, error.to_string())]))
    }

    /// Whether anything but the kind was filled in (the new-case page's process is optional).
    pub fn is_blank(&self) -> bool {
        let texts = [
            &self.issuing_authority,
            &self.docket_number,
            &self.issued_on,
            &self.served_on,
            &self.return_by,
            &self.respond_within_days,
            &self.agent_name,
            &self.agent_email,
            &self.agent_phone,
            &self.requested_from,
            &self.requested_to,
        ];
        self.kind.trim().is_empty() && texts.iter().all(|t| t.trim().is_empty()) && self.categories.is_empty()
    }
}

/// "Add a process" on the case page.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ProcessForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(flatten)]
    pub process: ProcessFields,
}

impl CaseForm for ProcessForm {
    const NAME: &'static str = "process";
    const ANCHOR: &'static str = "processes";
    const WHAT: &'static str = "record legal process";

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
        let process = self.process.parse()?;
        record_process(conn, state.clock.now(), &state.clocks, actor, reference, &process)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(pairs: &[(&str, &str)]) -> ProcessForm {
        let map: serde_json::Map<String, serde_json::Value> =
            pairs.iter().map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v))).collect();
        serde_json::from_value(serde_json::Value::Object(map)).unwrap()
    }

    #[test]
    fn ticked_categories_and_typed_fields_parse_and_each_bad_field_is_named() {
        let form = posted(&[
            ("csrf", "t"),
            ("kind", "criminal_subpoena"),
            ("issued_on", "2026-06-01"),
            ("category_api_logs", "yes"),
            ("category_certificates", "yes"),
        ]);
        assert_eq!(form.csrf, "t");
        assert_eq!(form.process.categories, ["api_logs", "certificates"]);
        let process = form.process.parse().unwrap();
        assert_eq!(process.kind, ProcessKind::CriminalSubpoena);
        assert_eq!(process.data_categories.len(), 2);

        let bad = posted(&[("kind", ""), ("issued_on", "June"), ("respond_within_days", "ten")]);
        let errors = bad.process.parse().unwrap_err();
        assert_eq!(errors.keys().copied().collect::<Vec<_>>(), ["issued_on", "kind", "respond_within_days"]);
        let email = posted(&[("kind", "criminal_subpoena"), ("agent_email", "not an address")]);
        assert!(email.process.parse().unwrap_err().contains_key("agent_email"));
        let range = posted(&[
            ("kind", "criminal_subpoena"),
            ("requested_from", "2026-02-01"),
            ("requested_to", "2026-01-01"),
        ]);
        assert!(range.process.parse().unwrap_err().contains_key("requested_to"));
        assert!(posted(&[("csrf", "t")]).process.is_blank());
    }
}
