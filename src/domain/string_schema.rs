//! OpenAPI schemas for the domain newtypes that travel as plain strings, so the API document
//! shows a string with an example instead of the Rust struct behind it.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// A string schema with a description and one example value.
pub fn string_schema(description: &str, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).description(Some(description)).examples([example]).into()
}

#[cfg(test)]
mod tests {
    use super::string_schema;

    #[test]
    fn string_schema_is_a_string_with_its_example() {
        let json = serde_json::to_value(string_schema("a thing", "LE-2026-0001")).unwrap();

        assert_eq!(json["type"], "string");
        assert_eq!(json["description"], "a thing");
        assert_eq!(json["examples"][0], "LE-2026-0001");
    }
}
