//! The diesel schema of the records database (`schema.sql` beside it), apart from lert's own.

diesel::table! {
    accounts (account_id) {
        account_id -> Text,
        created_at -> Timestamp,
        registration_ip -> Text,
    }
}

diesel::table! {
    contact_emails (account_id, email, added_at) {
        account_id -> Text,
        email -> Text,
        added_at -> Timestamp,
        removed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_log (at, account_id, endpoint, client_ip) {
        at -> Timestamp,
        account_id -> Nullable<Text>,
        endpoint -> Text,
        domains -> Text,
        client_ip -> Text,
    }
}

diesel::table! {
    certificates (serial) {
        serial -> Text,
        account_id -> Text,
        names -> Text,
        not_before -> Timestamp,
        not_after -> Timestamp,
    }
}
