//! ACME account ids, given either as the bare number or as the account URL an ACME client
//! shows, reduced to the number so both spellings find the same account.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{PartialSchema, ToSchema};

use crate::domain::string_schema::string_schema;

/// Enough for any 64-bit id.
const MAX_DIGITS: usize = 20;
const ACCOUNT_PATH_SEGMENT: &str = "/acct";

/// An ACME account id: decimal digits without leading zeros.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AccountId(String);

/// An account id was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("account ID \"{given}\" is not valid: {problem}")]
pub struct AccountIdError {
    pub given: String,
    pub problem: AccountIdProblem,
}

/// What is wrong with a refused account id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum AccountIdProblem {
    #[error("it is empty")]
    Empty,
    #[error("an ACME account URL must use https://")]
    NotHttps,
    #[error(
        "expected a number like 123456 or an ACME account URL ending in /acct/123456, such as \
         https://acme-v02.api.letsencrypt.org/acme/acct/123456"
    )]
    Malformed,
    #[error("an account ID cannot be zero")]
    Zero,
    #[error("it has more than 20 digits")]
    TooLong,
}

impl AccountId {
    /// Parses `123456`, `https://<host>/.../acct/123456` or the same URL without its scheme.
    pub fn parse(value: &str) -> Result<AccountId, AccountIdError> {
        normalize(value).map(AccountId).map_err(|problem| AccountIdError { given: value.to_owned(), problem })
    }

    /// The account number, e.g. `123456`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn normalize(value: &str) -> Result<String, AccountIdProblem> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(AccountIdProblem::Empty);
    }
    let digits = if is_digits(trimmed) { trimmed } else { digits_from_url(trimmed)? };
    let significant = digits.trim_start_matches('0');
    if significant.is_empty() {
        return Err(AccountIdProblem::Zero);
    }
    if significant.len() > MAX_DIGITS {
        return Err(AccountIdProblem::TooLong);
    }
    Ok(significant.to_owned())
}

/// The digits after the final `/acct/` of an account URL's path.
fn digits_from_url(url: &str) -> Result<&str, AccountIdProblem> {
    let without_scheme = match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => rest,
        Some(_) => return Err(AccountIdProblem::NotHttps),
        None => url,
    };
    let (host, path) = without_scheme.split_once('/').ok_or(AccountIdProblem::Malformed)?;
    if host.is_empty() || host.chars().any(char::is_whitespace) {
        return Err(AccountIdProblem::Malformed);
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path.strip_suffix('/').unwrap_or(path);
    let (before, digits) = path.rsplit_once('/').ok_or(AccountIdProblem::Malformed)?;
    let before = format!("/{before}");
    if before.ends_with(ACCOUNT_PATH_SEGMENT) && is_digits(digits) {
        Ok(digits)
    } else {
        Err(AccountIdProblem::Malformed)
    }
}

fn is_digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit())
}

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for AccountId {
    type Error = AccountIdError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        AccountId::parse(&value)
    }
}

impl From<AccountId> for String {
    fn from(account: AccountId) -> String {
        account.0
    }
}

impl PartialSchema for AccountId {
    fn schema() -> RefOr<Schema> {
        string_schema("ACME account number without leading zeros", "123456")
    }
}

impl ToSchema for AccountId {}

#[cfg(test)]
mod tests {
    use super::{AccountId, AccountIdProblem};

    fn normalized(value: &str) -> String {
        AccountId::parse(value).unwrap().as_str().to_owned()
    }

    fn problem(value: &str) -> AccountIdProblem {
        AccountId::parse(value).unwrap_err().problem
    }

    #[test]
    fn bare_number_loses_leading_zeros() {
        assert_eq!(normalized(" 00123456 "), "123456");
    }

    #[test]
    fn production_and_staging_account_urls_give_the_number() {
        assert_eq!(normalized("https://acme-v02.api.letsencrypt.org/acme/acct/123456"), "123456");
        assert_eq!(normalized("https://acme-staging-v02.api.letsencrypt.org/acme/acct/123"), "123");
    }

    #[test]
    fn any_https_url_ending_in_acct_and_digits_is_accepted() {
        assert_eq!(normalized("HTTPS://ca.example/acct/42"), "42");
        assert_eq!(normalized("https://ca.example/v2/acct/42/"), "42");
        assert_eq!(normalized("https://ca.example/acme/acct/42?x=1#y"), "42");
    }

    #[test]
    fn a_url_without_its_scheme_is_accepted() {
        assert_eq!(normalized("acme-v02.api.letsencrypt.org/acme/acct/7"), "7");
    }

    #[test]
    fn plain_http_is_refused() {
        let error = AccountId::parse("http://ca.example/acme/acct/1").unwrap_err();

        assert_eq!(
            error.to_string(),
            "account ID \"http://ca.example/acme/acct/1\" is not valid: an ACME account URL must \
             use https://"
        );
    }

    #[test]
    fn urls_for_other_resources_are_refused() {
        for url in [
            "https://acme-v02.api.letsencrypt.org/acme/order/1/2",
            "https://acme-v02.api.letsencrypt.org/acme/acct/",
            "https://acme-v02.api.letsencrypt.org/acme/xacct/1",
            "https://acme-v02.api.letsencrypt.org/acme/acct/12a",
            "https:///acct/1",
            "acct12",
        ] {
            assert_eq!(problem(url), AccountIdProblem::Malformed, "{url}");
        }
    }

    #[test]
    fn zero_empty_and_oversized_ids_are_refused() {
        assert_eq!(problem("000"), AccountIdProblem::Zero);
        assert_eq!(problem(" "), AccountIdProblem::Empty);
        assert_eq!(problem(&"9".repeat(21)), AccountIdProblem::TooLong);
    }
}
