//! Properties of identifier normalisation over generated valid inputs.

use std::net::{IpAddr, Ipv4Addr};

use proptest::prelude::{Just, Strategy, any, prop, prop_assert_eq, prop_oneof, proptest};

use crate::domain::identifier::{Identifier, TargetKind};

/// Upper-cases the letters of `value` where the matching bit of `mask` is set.
fn mix_case(value: &str, mask: u64) -> String {
    value
        .chars()
        .enumerate()
        .map(|(i, c)| if mask >> (i % 64) & 1 == 1 { c.to_ascii_uppercase() } else { c })
        .collect()
}

fn domain_strategy() -> impl Strategy<Value = String> {
    let label = "[a-z0-9]([a-z0-9-]{0,12}[a-z0-9])?";
    let top_level = "[a-z]{2,6}";
    (prop::collection::vec(label, 1..4), top_level, any::<u64>(), any::<bool>(), any::<bool>()).prop_map(
        |(labels, top, mask, trailing_dot, wildcard)| {
            let name = format!("{}.{top}", labels.join("."));
            let name = if wildcard { format!("*.{name}") } else { name };
            let name = mix_case(&name, mask);
            if trailing_dot { format!("{name}.") } else { name }
        },
    )
}

fn email_strategy() -> impl Strategy<Value = String> {
    let local = "[A-Za-z0-9_%+-]{1,10}(\\.[A-Za-z0-9_%+-]{1,10}){0,2}";
    (local, domain_strategy()).prop_map(|(local, domain)| {
        let domain = domain.trim_start_matches("*.").trim_end_matches('.');
        format!("{local}@{domain}")
    })
}

fn account_strategy() -> impl Strategy<Value = String> {
    (1u64.., "0{0,3}", any::<bool>()).prop_map(|(id, zeros, as_url)| {
        if as_url {
            format!("https://acme-v02.api.letsencrypt.org/acme/acct/{zeros}{id}")
        } else {
            format!("{zeros}{id}")
        }
    })
}

/// Serial bytes (not all zero) in their canonical form: lower-case hex without leading zeros.
fn serial_bytes() -> impl Strategy<Value = (Vec<u8>, String)> {
    prop::collection::vec(any::<u8>(), 1..=20)
        .prop_filter("a serial is positive", |bytes| bytes.iter().any(|&b| b != 0))
        .prop_map(|bytes| {
            let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
            let canonical = hex.trim_start_matches('0').to_owned();
            (bytes, canonical)
        })
}

fn valid_input() -> impl Strategy<Value = (TargetKind, String)> {
    prop_oneof![
        domain_strategy().prop_map(|raw| (TargetKind::Domain, raw)),
        email_strategy().prop_map(|raw| (TargetKind::Email, raw)),
        any::<IpAddr>().prop_map(|ip| (TargetKind::Ip, ip.to_string())),
        account_strategy().prop_map(|raw| (TargetKind::AccountId, raw)),
        serial_bytes().prop_map(|(_, hex)| (TargetKind::CertSerial, hex.to_uppercase())),
        Just((TargetKind::Ip, "::ffff:192.0.2.1".to_owned())),
    ]
}

proptest! {
    #[test]
    fn normalisation_is_idempotent_for_every_kind((kind, raw) in valid_input()) {
        let first = Identifier::parse(kind, &raw).unwrap();
        let again = Identifier::parse(kind, first.normalized()).unwrap();

        prop_assert_eq!(again.normalized(), first.normalized());
    }

    #[test]
    fn domains_normalise_to_lower_case_without_the_trailing_dot(raw in domain_strategy()) {
        let identifier = Identifier::parse(TargetKind::Domain, &raw).unwrap();

        prop_assert_eq!(identifier.normalized(), raw.trim_end_matches('.').to_lowercase());
    }

    #[test]
    fn ipv4_addresses_round_trip(ip in any::<Ipv4Addr>()) {
        let identifier = Identifier::parse(TargetKind::Ip, &ip.to_string()).unwrap();

        prop_assert_eq!(identifier.normalized(), ip.to_string());
    }

    #[test]
    fn serials_with_any_colons_and_case_normalise_alike(
        (bytes, canonical) in serial_bytes(),
        colon_mask in any::<u64>(),
        case_mask in any::<u64>(),
    ) {
        let mut written = String::new();
        for (i, byte) in bytes.iter().enumerate() {
            if i > 0 && colon_mask >> (i % 64) & 1 == 1 {
                written.push(':');
            }
            written.push_str(&format!("{byte:02x}"));
        }
        let written = mix_case(&written, case_mask);

        let identifier = Identifier::parse(TargetKind::CertSerial, &written).unwrap();

        prop_assert_eq!(identifier.normalized(), canonical.as_str());
    }
}
