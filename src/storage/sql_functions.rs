//! SQL functions both backends provide, declared for diesel.

use diesel::sql_types::Text;

diesel::define_sql_function! {
    /// `lower(text)`: case-insensitive matching without backend-specific `ilike`.
    fn lower(value: Text) -> Text;
}
