//! Rows of the production tables: counsel's decisions, attached exports, bundles, their files
//! and their deliveries, with the queries the workflows and the case JSON share.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{
    production_decisions, production_deliveries, production_files, productions, record_uploads,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = production_decisions)]
pub struct DecisionRow {
    pub case_id: String,
    pub subject: String,
    pub decision: String,
    pub reason: String,
    pub cost_cents: Option<i64>,
    pub decided_by: String,
    pub decided_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = record_uploads)]
pub struct RecordUploadRow {
    pub id: String,
    pub case_id: String,
    pub kind: String,
    pub format: String,
    pub file_name: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub rows: i64,
    pub uploaded_by: String,
    pub created_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = productions)]
pub struct ProductionRow {
    pub id: String,
    pub case_id: String,
    pub version: i32,
    pub source: String,
    pub bundle_sha256: String,
    pub bundle_size: i64,
    pub encrypted: bool,
    pub scope: String,
    pub generated_by: String,
    pub generated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = production_files)]
pub struct ProductionFileRow {
    pub production_id: String,
    pub name: String,
    pub size_bytes: i64,
    pub sha256: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = production_deliveries)]
pub struct DeliveryRow {
    pub id: String,
    pub production_id: String,
    pub method: String,
    pub recipient: String,
    pub delivered_at: NaiveDateTime,
    pub note: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

/// A case's standing decisions, by subject.
pub fn decisions_of(conn: &mut DbConnection, case_id: &str) -> QueryResult<Vec<DecisionRow>> {
    production_decisions::table
        .filter(production_decisions::case_id.eq(case_id))
        .order(production_decisions::subject.asc())
        .select(DecisionRow::as_select())
        .load(conn)
}

/// The exports attached to a case and not withdrawn, oldest first.
pub fn current_uploads_of(conn: &mut DbConnection, case_id: &str) -> QueryResult<Vec<RecordUploadRow>> {
    record_uploads::table
        .filter(record_uploads::case_id.eq(case_id))
        .filter(record_uploads::withdrawn_at.is_null())
        .order((record_uploads::created_at.asc(), record_uploads::id.asc()))
        .select(RecordUploadRow::as_select())
        .load(conn)
}

/// A case's bundles, newest version first.
pub fn productions_of(conn: &mut DbConnection, case_id: &str) -> QueryResult<Vec<ProductionRow>> {
    productions::table
        .filter(productions::case_id.eq(case_id))
        .order(productions::version.desc())
        .select(ProductionRow::as_select())
        .load(conn)
}

pub fn files_of(conn: &mut DbConnection, production_id: &str) -> QueryResult<Vec<ProductionFileRow>> {
    production_files::table
        .filter(production_files::production_id.eq(production_id))
        .order(production_files::name.asc())
        .select(ProductionFileRow::as_select())
        .load(conn)
}

pub fn deliveries_of(conn: &mut DbConnection, production_id: &str) -> QueryResult<Vec<DeliveryRow>> {
    production_deliveries::table
        .filter(production_deliveries::production_id.eq(production_id))
        .order((production_deliveries::delivered_at.asc(), production_deliveries::id.asc()))
        .select(DeliveryRow::as_select())
        .load(conn)
}
