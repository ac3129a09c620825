//! Reading and updating the inbound-message rows intake keeps for every email that arrives.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::rows::InboundMessageRow;
use super::schema::inbound_messages;

pub fn find_by_sha256(conn: &mut DbConnection, sha256: &str) -> QueryResult<Option<InboundMessageRow>> {
    inbound_messages::table
        .filter(inbound_messages::sha256.eq(sha256))
        .select(InboundMessageRow::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<InboundMessageRow>> {
    inbound_messages::table.find(id).select(InboundMessageRow::as_select()).first(conn).optional()
}

/// The case of the earliest filed message whose Message-ID is one of `ids` (a reply's thread).
pub fn case_of_thread(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Option<String>> {
    if ids.is_empty() {
        return Ok(None);
    }
    inbound_messages::table
        .filter(inbound_messages::message_id.eq_any(ids))
        .filter(inbound_messages::case_id.is_not_null())
        .order((inbound_messages::received_at, inbound_messages::id))
        .select(inbound_messages::case_id.assume_not_null())
        .first(conn)
        .optional()
}

/// The first other message already stored with this Message-ID (a second delivery).
pub fn earlier_with_message_id(
    conn: &mut DbConnection,
    message_id: &str,
    except_id: &str,
) -> QueryResult<Option<InboundMessageRow>> {
    inbound_messages::table
        .filter(inbound_messages::message_id.eq(message_id))
        .filter(inbound_messages::id.ne(except_id))
        .filter(inbound_messages::status.ne("stored"))
        .order((inbound_messages::created_at, inbound_messages::id))
        .select(InboundMessageRow::as_select())
        .first(conn)
        .optional()
}

/// Messages stored but not yet filed (a crash or failure between the two steps), oldest first.
pub fn pending(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<InboundMessageRow>> {
    inbound_messages::table
        .filter(inbound_messages::status.eq("stored"))
        .order((inbound_messages::created_at, inbound_messages::id))
        .limit(limit)
        .select(InboundMessageRow::as_select())
        .load(conn)
}

/// What filing decided about a message.
pub struct Disposition<'a> {
    pub status: &'a str,
    pub case_id: Option<&'a str>,
    pub duplicate_of: Option<&'a str>,
    pub triage_reason: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub from_address: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub processed_at: NaiveDateTime,
}

/// Records the disposition if the message is still `stored`; false when another importer got
/// there first (the caller rolls back).
pub fn settle(conn: &mut DbConnection, id: &str, disposition: &Disposition<'_>) -> QueryResult<bool> {
    let changed =
        diesel::update(inbound_messages::table.find(id).filter(inbound_messages::status.eq("stored")))
            .set((
                inbound_messages::status.eq(disposition.status),
                inbound_messages::case_id.eq(disposition.case_id),
                inbound_messages::duplicate_of.eq(disposition.duplicate_of),
                inbound_messages::triage_reason.eq(disposition.triage_reason),
                inbound_messages::subject.eq(disposition.subject),
                inbound_messages::from_address.eq(disposition.from_address),
                inbound_messages::summary.eq(disposition.summary),
                inbound_messages::processed_at.eq(Some(disposition.processed_at)),
            ))
            .execute(conn)?;
    Ok(changed == 1)
}

/// Messages of a case, in the order they arrived.
pub fn of_case(conn: &mut DbConnection, case_id: &str) -> QueryResult<Vec<InboundMessageRow>> {
    inbound_messages::table
        .filter(inbound_messages::case_id.eq(case_id))
        .order((inbound_messages::received_at, inbound_messages::id))
        .select(InboundMessageRow::as_select())
        .load(conn)
}

/// Messages with a status (`triage`, `stored`, ...), newest first, keyset-paginated on
/// (received_at, id).
pub fn with_status(
    conn: &mut DbConnection,
    status: &str,
    before: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<InboundMessageRow>> {
    let mut query = inbound_messages::table
        .filter(inbound_messages::status.eq(status.to_owned()))
        .order((inbound_messages::received_at.desc(), inbound_messages::id.desc()))
        .limit(limit)
        .select(InboundMessageRow::as_select())
        .into_boxed();
    if let Some((at, id)) = before {
        query = query.filter(
            inbound_messages::received_at
                .lt(at)
                .or(inbound_messages::received_at.eq(at).and(inbound_messages::id.lt(id))),
        );
    }
    query.load(conn)
}

/// Files a message held in triage on a case, if it is still in triage; false when someone filed
/// it first (the caller rolls back).
pub fn file_from_triage(
    conn: &mut DbConnection,
    id: &str,
    case_id: &str,
    processed_at: NaiveDateTime,
) -> QueryResult<bool> {
    let changed =
        diesel::update(inbound_messages::table.find(id).filter(inbound_messages::status.eq("triage")))
            .set((
                inbound_messages::status.eq("filed"),
                inbound_messages::case_id.eq(case_id),
                inbound_messages::triage_reason.eq(None::<String>),
                inbound_messages::processed_at.eq(Some(processed_at)),
            ))
            .execute(conn)?;
    Ok(changed == 1)
}
