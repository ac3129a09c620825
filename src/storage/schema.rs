//! The diesel schema, written by hand to match both migration folders.

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        role -> Text,
        password_hash -> Text,
        disabled -> Bool,
        created_at -> Timestamp,
        session_epoch -> BigInt,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        user_id -> Text,
        label -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    calendar_feeds (id) {
        id -> Text,
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    counters (name) {
        name -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    agencies (id) {
        id -> Text,
        name -> Text,
        country -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agency_contacts (id) {
        id -> Text,
        agency_id -> Text,
        name -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    cases (id) {
        id -> Text,
        reference -> Text,
        title -> Text,
        status -> Text,
        agency_id -> Nullable<Text>,
        assignee_id -> Nullable<Text>,
        received_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    legal_processes (id) {
        id -> Text,
        case_id -> Text,
        kind -> Text,
        issuing_authority -> Nullable<Text>,
        agent_name -> Nullable<Text>,
        agent_email -> Nullable<Text>,
        agent_phone -> Nullable<Text>,
        docket_number -> Nullable<Text>,
        issued_on -> Nullable<Date>,
        served_on -> Nullable<Date>,
        return_by -> Nullable<Date>,
        requested_from -> Nullable<Date>,
        requested_to -> Nullable<Date>,
        data_categories -> Text,
        created_at -> Timestamp,
        respond_within_days -> Nullable<Integer>,
    }
}

diesel::table! {
    targets (id) {
        id -> Text,
        case_id -> Text,
        kind -> Text,
        raw -> Text,
        normalized -> Text,
        created_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        contact_email -> Nullable<Text>,
    }
}

diesel::table! {
    documents (id) {
        id -> Text,
        case_id -> Text,
        filename -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        uploaded_by -> Nullable<Text>,
        created_at -> Timestamp,
        inbound_message_id -> Nullable<Text>,
    }
}

diesel::table! {
    audit_events (seq) {
        seq -> BigInt,
        id -> Text,
        occurred_at -> Timestamp,
        actor -> Text,
        action -> Text,
        case_id -> Nullable<Text>,
        details -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    preservations (id) {
        id -> Text,
        case_id -> Text,
        received_on -> Date,
        expires_on -> Date,
        renewals -> Integer,
        automatic -> Bool,
        held_by_case_id -> Nullable<Text>,
        released_on -> Nullable<Date>,
        released_by -> Nullable<Text>,
        release_note -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    preservation_renewals (id) {
        id -> Text,
        preservation_id -> Text,
        received_on -> Date,
        previous_expires_on -> Date,
        expires_on -> Date,
        statutory -> Bool,
        approved_by -> Nullable<Text>,
        note -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ndos (id) {
        id -> Text,
        case_id -> Text,
        signed_on -> Date,
        received_on -> Date,
        term -> Text,
        ends_on -> Nullable<Date>,
        duration_amount -> Nullable<Integer>,
        duration_unit -> Nullable<Text>,
        extends_ndo_id -> Nullable<Text>,
        vacated_on -> Nullable<Date>,
        docket_number -> Nullable<Text>,
        covers_process_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    deadlines (id) {
        id -> Text,
        case_id -> Text,
        kind -> Text,
        source_id -> Nullable<Text>,
        due_on -> Date,
        trail -> Text,
        created_at -> Timestamp,
        superseded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    flags (id) {
        id -> Text,
        case_id -> Text,
        kind -> Text,
        severity -> Text,
        message -> Text,
        source_id -> Nullable<Text>,
        created_at -> Timestamp,
        superseded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    inbound_messages (id) {
        id -> Text,
        source -> Text,
        source_ref -> Nullable<Text>,
        sha256 -> Text,
        size_bytes -> BigInt,
        message_id -> Nullable<Text>,
        received_at -> Timestamp,
        status -> Text,
        case_id -> Nullable<Text>,
        duplicate_of -> Nullable<Text>,
        triage_reason -> Nullable<Text>,
        subject -> Nullable<Text>,
        from_address -> Nullable<Text>,
        summary -> Nullable<Text>,
        created_at -> Timestamp,
        processed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    intake_guesses (id) {
        id -> Text,
        inbound_message_id -> Text,
        case_id -> Text,
        field -> Text,
        value -> Text,
        evidence_phrase -> Text,
        evidence_location -> Text,
        confidence -> Text,
        applied_to -> Nullable<Text>,
        status -> Text,
        corrected_value -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    message_findings (id) {
        id -> Text,
        inbound_message_id -> Text,
        kind -> Text,
        severity -> Text,
        message -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    imap_cursors (mailbox_key) {
        mailbox_key -> Text,
        uid_validity -> BigInt,
        last_uid -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        kind -> Text,
        case_id -> Nullable<Text>,
        target_id -> Nullable<Text>,
        dedupe_key -> Text,
        recipient -> Nullable<Text>,
        message_id -> Text,
        status -> Text,
        scheduled_for -> Nullable<Timestamp>,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        lease_owner -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox_contents (outbox_id) {
        outbox_id -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        in_reply_to -> Nullable<Text>,
        approved_by -> Nullable<Text>,
    }
}

diesel::table! {
    scheduler_marks (name) {
        name -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(calendar_feeds -> users (user_id));
diesel::joinable!(preservation_renewals -> preservations (preservation_id));
diesel::joinable!(ndos -> cases (case_id));
diesel::joinable!(deadlines -> cases (case_id));
diesel::joinable!(flags -> cases (case_id));
diesel::joinable!(agency_contacts -> agencies (agency_id));
diesel::joinable!(cases -> agencies (agency_id));
diesel::joinable!(cases -> users (assignee_id));
diesel::joinable!(legal_processes -> cases (case_id));
diesel::joinable!(targets -> cases (case_id));
diesel::joinable!(documents -> cases (case_id));
diesel::joinable!(audit_events -> cases (case_id));
diesel::joinable!(inbound_messages -> cases (case_id));
diesel::joinable!(intake_guesses -> inbound_messages (inbound_message_id));
diesel::joinable!(message_findings -> inbound_messages (inbound_message_id));
diesel::joinable!(outbox -> cases (case_id));
diesel::table! {
    production_decisions (case_id, subject) {
        case_id -> Text,
        subject -> Text,
        decision -> Text,
        reason -> Text,
        cost_cents -> Nullable<BigInt>,
        decided_by -> Text,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    record_uploads (id) {
        id -> Text,
        case_id -> Text,
        kind -> Text,
        format -> Text,
        file_name -> Text,
        sha256 -> Text,
        size_bytes -> BigInt,
        rows -> BigInt,
        uploaded_by -> Text,
        created_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<Text>,
    }
}

diesel::table! {
    productions (id) {
        id -> Text,
        case_id -> Text,
        version -> Integer,
        source -> Text,
        bundle_sha256 -> Text,
        bundle_size -> BigInt,
        encrypted -> Bool,
        scope -> Text,
        generated_by -> Text,
        generated_at -> Timestamp,
    }
}

diesel::table! {
    production_files (production_id, name) {
        production_id -> Text,
        name -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
    }
}

diesel::table! {
    production_deliveries (id) {
        id -> Text,
        production_id -> Text,
        method -> Text,
        recipient -> Text,
        delivered_at -> Timestamp,
        note -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    signin_throttle (key) {
        key -> Text,
        failures -> Integer,
        first_failure_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::joinable!(outbox_contents -> outbox (outbox_id));
diesel::joinable!(production_files -> productions (production_id));
diesel::joinable!(production_deliveries -> productions (production_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    api_tokens,
    counters,
    agencies,
    agency_contacts,
    cases,
    legal_processes,
    targets,
    documents,
    audit_events,
    preservations,
    preservation_renewals,
    ndos,
    deadlines,
    flags,
    inbound_messages,
    intake_guesses,
    message_findings,
    imap_cursors,
    outbox,
    outbox_contents,
    scheduler_marks,
    production_decisions,
    record_uploads,
    productions,
    production_files,
    production_deliveries,
    signin_throttle,
    calendar_feeds,
);
