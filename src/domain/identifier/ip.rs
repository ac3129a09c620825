//! IP addresses in the one canonical text form the provider's logs use (IPv6 compressed and
//! lower-case, IPv4-mapped IPv6 as plain IPv4), so that differently written addresses match.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{PartialSchema, ToSchema};

use crate::domain::string_schema::string_schema;

/// A single IPv4 or IPv6 address, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IpAddress {
    addr: IpAddr,
    text: String,
}

/// An IP address was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("IP address \"{given}\" is not valid: {problem}")]
pub struct IpError {
    pub given: String,
    pub problem: IpProblem,
}

/// What is wrong with a refused IP address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum IpProblem {
    #[error("it is empty")]
    Empty,
    #[error("a single IP address is required, not a range")]
    Range,
    #[error("a zone index (the part after '%') is not allowed")]
    ZoneIndex,
    #[error("expected an IPv4 address like 192.0.2.1 or an IPv6 address like 2001:db8::1")]
    Malformed,
}

impl IpAddress {
    /// Parses one address; surrounding spaces and IPv6 brackets (`[2001:db8::1]`) are allowed.
    pub fn parse(value: &str) -> Result<IpAddress, IpError> {
        let fail = |problem| IpError { given: value.to_owned(), problem };
        let trimmed = value.trim();
        let unbracketed =
            trimmed.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')).unwrap_or(trimmed);
        if unbracketed.is_empty() {
            return Err(fail(IpProblem::Empty));
        }
        if unbracketed.contains('/') {
            return Err(fail(IpProblem::Range));
        }
        if unbracketed.contains('%') {
            return Err(fail(IpProblem::ZoneIndex));
        }
        let parsed: IpAddr = unbracketed.parse().map_err(|_| fail(IpProblem::Malformed))?;
        Ok(IpAddress::from_addr(parsed))
    }

    /// Wraps an address that is already parsed, applying the same normalisation.
    pub fn from_addr(addr: IpAddr) -> IpAddress {
        let addr = match addr {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(addr, IpAddr::V4),
            IpAddr::V4(_) => addr,
        };
        IpAddress { addr, text: addr.to_string() }
    }

    /// The address itself.
    pub fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The canonical text form, e.g. `2001:db8::1` or `192.0.2.1`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for IpAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl TryFrom<String> for IpAddress {
    type Error = IpError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        IpAddress::parse(&value)
    }
}

impl From<IpAddress> for String {
    fn from(ip: IpAddress) -> String {
        ip.text
    }
}

impl PartialSchema for IpAddress {
    fn schema() -> RefOr<Schema> {
        string_schema("A single IPv4 or IPv6 address in canonical form", "2001:db8::1")
    }
}

impl ToSchema for IpAddress {}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr};

    use super::{IpAddress, IpProblem};

    fn normalized(value: &str) -> String {
        IpAddress::parse(value).unwrap().as_str().to_owned()
    }

    fn problem(value: &str) -> IpProblem {
        IpAddress::parse(value).unwrap_err().problem
    }

    #[test]
    fn ipv4_is_kept_in_dotted_form() {
        assert_eq!(normalized(" 192.0.2.1 "), "192.0.2.1");
    }

    #[test]
    fn ipv6_is_compressed_to_canonical_form() {
        assert_eq!(normalized("2001:0DB8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");
        assert_eq!(normalized("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
    }

    #[test]
    fn bracketed_ipv6_is_accepted() {
        assert_eq!(normalized("[2001:db8::1]"), "2001:db8::1");
    }

    #[test]
    fn ipv4_mapped_ipv6_becomes_ipv4() {
        let ip = IpAddress::parse("::ffff:192.0.2.1").unwrap();

        assert_eq!(ip.as_str(), "192.0.2.1");
        assert_eq!(ip.addr(), IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)));
        assert_eq!(normalized("::FFFF:c000:0201"), "192.0.2.1");
    }

    #[test]
    fn a_range_is_refused_with_a_clear_message() {
        let error = IpAddress::parse("10.0.0.0/8").unwrap_err();

        assert_eq!(
            error.to_string(),
            "IP address \"10.0.0.0/8\" is not valid: a single IP address is required, not a range"
        );
        assert_eq!(problem("2001:db8::/32"), IpProblem::Range);
    }

    #[test]
    fn zone_index_is_refused() {
        assert_eq!(problem("fe80::1%eth0"), IpProblem::ZoneIndex);
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for junk in ["256.1.1.1", "1.2.3", "01.2.3.4", "example.com", "1:2:3", "::g"] {
            assert_eq!(problem(junk), IpProblem::Malformed, "{junk}");
        }
        assert_eq!(problem(" "), IpProblem::Empty);
    }

    #[test]
    fn serde_uses_the_canonical_string() {
        let ip: IpAddress = serde_json::from_str("\"2001:DB8::0:1\"").unwrap();

        assert_eq!(serde_json::to_string(&ip).unwrap(), "\"2001:db8::1\"");
    }
}
