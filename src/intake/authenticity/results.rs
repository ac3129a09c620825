//! Choosing the one Authentication-Results header our own MTA wrote and saying, for a lawyer, what
//! its SPF, DKIM and DMARC results mean for the sender's claim to be an agency.

use super::parse::{ParsedHeader, parse_header};
use super::{AuthOutcome, AuthenticityFinding, BLOCKING, MethodResult, WARNING, shown};
use crate::domain::email_address::EmailAddress;
use crate::domain::identifier::Domain;

/// Signing domains named in one DKIM message; a header may carry any number of signatures.
const MAX_LISTED_SIGNERS: usize = 5;

/// The results of the trusted header, and how many headers were left aside.
#[derive(Debug, Default)]
pub(super) struct Recorded {
    pub authserv_id: Option<String>,
    pub ignored_headers: usize,
    /// The authserv-id of a topmost trusted header that could not be read.
    pub unreadable_trusted: Option<String>,
    pub spf: Option<MethodResult>,
    pub dkim: Vec<MethodResult>,
    pub dmarc: Option<MethodResult>,
}

/// Reads the headers topmost first and keeps the first one with a trusted authserv-id; everything
/// below it is left unread, since a sender can forge a header with our authserv-id too.
pub(super) fn recorded_results(headers: &[&str], trusted: &[String]) -> Recorded {
    let is_trusted = |id: &Option<String>| {
        id.as_deref().is_some_and(|id| trusted.iter().any(|ours| ours.trim().eq_ignore_ascii_case(id.trim())))
    };
    for header in headers {
        match parse_header(header) {
            Ok(parsed) if is_trusted(&parsed.authserv_id) => {
                return from_trusted(parsed, headers.len() - 1);
            }
            Err(unreadable) if is_trusted(&unreadable.authserv_id) => {
                return Recorded {
                    ignored_headers: headers.len(),
                    unreadable_trusted: unreadable.authserv_id,
                    ..Recorded::default()
                };
            }
            _ => {}
        }
    }
    Recorded { ignored_headers: headers.len(), ..Recorded::default() }
}

fn from_trusted(parsed: ParsedHeader, ignored_headers: usize) -> Recorded {
    let mut recorded = Recorded { authserv_id: parsed.authserv_id, ignored_headers, ..Recorded::default() };
    for result in parsed.results {
        let method_result = MethodResult {
            outcome: AuthOutcome::from_keyword(&result.result),
            method: result.method,
            properties: result.properties,
        };
        match method_result.method.as_str() {
            "spf" if recorded.spf.is_none() => recorded.spf = Some(method_result),
            "dkim" => recorded.dkim.push(method_result),
            "dmarc" if recorded.dmarc.is_none() => recorded.dmarc = Some(method_result),
            _ => {}
        }
    }
    recorded
}

/// The findings about the recorded results; the sender's domain is the From address's.
pub(super) fn findings(
    recorded: &Recorded,
    from: Option<&EmailAddress>,
    trusted: &[String],
) -> Vec<AuthenticityFinding> {
    let Some(id) = recorded.authserv_id.as_deref() else {
        return vec![missing(recorded, trusted)];
    };
    let from_domain = from.map(|from| from.domain().as_str());
    [spf(recorded.spf.as_ref(), from_domain, id), dkim(&recorded.dkim, from_domain, id)]
        .into_iter()
        .chain([dmarc(recorded.dmarc.as_ref(), from_domain, id)])
        .flatten()
        .collect()
}

fn missing(recorded: &Recorded, trusted: &[String]) -> AuthenticityFinding {
    let ours = if trusted.is_empty() {
        "our mail server (none is configured)".to_owned()
    } else {
        format!("our mail server ({})", trusted.iter().map(|id| shown(id)).collect::<Vec<_>>().join(" or "))
    };
    let headline = match &recorded.unreadable_trusted {
        Some(id) => format!("The authentication results written by {} could not be read", shown(id)),
        None => format!("No authentication results from {ours} were found"),
    };
    let relied_on = "because only our mail server's own can be relied on";
    let others =
        match recorded.ignored_headers.saturating_sub(usize::from(recorded.unreadable_trusted.is_some())) {
            0 => String::new(),
            1 => format!("; 1 other authentication header was ignored {relied_on}"),
            n => format!("; {n} other authentication headers were ignored {relied_on}"),
        };
    let message = format!("{headline}{others}. Nothing shows whether SPF, DKIM or DMARC passed.");
    AuthenticityFinding::new("auth_results_missing", WARNING, message)
}

fn spf(spf: Option<&MethodResult>, from_domain: Option<&str>, id: &str) -> Option<AuthenticityFinding> {
    let Some(spf) = spf else {
        let message = format!("No SPF result was recorded ({id}).");
        return Some(AuthenticityFinding::new("spf_failed", WARNING, message));
    };
    let domain = spf
        .property("smtp.mailfrom")
        .filter(|mailfrom| !mailfrom.is_empty() && *mailfrom != "<>")
        .or_else(|| spf.property("smtp.helo"))
        .map(|address| shown(address.rsplit('@').next().unwrap_or(address)))
        .or_else(|| from_domain.map(str::to_owned))
        .unwrap_or_else(|| "the sending server".to_owned());
    let (severity, message) = match spf.outcome {
        AuthOutcome::Pass => return None,
        AuthOutcome::Fail => (
            BLOCKING,
            format!(
                "SPF failed for {domain} ({id}): the server that delivered the message is not one the \
                 domain allows to send its mail."
            ),
        ),
        AuthOutcome::Softfail => (
            WARNING,
            format!(
                "SPF soft-failed for {domain} ({id}): the domain says the delivering server is probably \
                 not one of its own."
            ),
        ),
        outcome => (WARNING, format!("SPF {} for {domain} ({id}).", did(outcome))),
    };
    Some(AuthenticityFinding::new("spf_failed", severity, message))
}

fn dkim(dkim: &[MethodResult], from_domain: Option<&str>, id: &str) -> Option<AuthenticityFinding> {
    let signer = |result: &MethodResult| signing_domain(result);
    let aligned = |result: &MethodResult| {
        result.outcome == AuthOutcome::Pass
            && signer(result).zip(from_domain).is_some_and(|(signer, from)| is_same_or_parent(&signer, from))
    };
    if dkim.iter().any(aligned) {
        return None;
    }
    let sender = from_domain.map_or_else(|| "the sender (no From address)".to_owned(), str::to_owned);
    let listed = |outcome: AuthOutcome| {
        let mut domains: Vec<String> = Vec::new();
        let signers = dkim.iter().filter(|result| result.outcome == outcome);
        for signer in signers.map(|result| signer(result).unwrap_or_else(|| "an unnamed domain".to_owned())) {
            if domains.contains(&signer) {
                continue;
            }
            if domains.len() == MAX_LISTED_SIGNERS {
                domains.push("others".to_owned());
                break;
            }
            domains.push(signer);
        }
        domains.join(", ")
    };
    let no_valid = format!("no valid signature from {sender} was found");
    let (severity, message) = if dkim.iter().any(|result| result.outcome == AuthOutcome::Fail) {
        let failed = listed(AuthOutcome::Fail);
        (
            BLOCKING,
            format!(
                "DKIM failed for {failed} ({id}): a signature does not match the message, and {no_valid}."
            ),
        )
    } else if dkim.iter().any(|result| result.outcome == AuthOutcome::Pass) {
        let passed = listed(AuthOutcome::Pass);
        (WARNING, format!("DKIM passed only for {passed} ({id}), not for the sender's domain: {no_valid}."))
    } else if let Some(first) = dkim.first() {
        (WARNING, format!("DKIM {} for {sender} ({id}): {no_valid}.", did(first.outcome)))
    } else {
        (WARNING, format!("No DKIM signature was checked for {sender} ({id}): {no_valid}."))
    };
    Some(AuthenticityFinding::new("dkim_failed", severity, message))
}

fn dmarc(dmarc: Option<&MethodResult>, from_domain: Option<&str>, id: &str) -> Option<AuthenticityFinding> {
    let Some(dmarc) = dmarc else {
        let sender = from_domain.map_or_else(String::new, |from| format!(" for {from}"));
        let message = format!("No DMARC result was recorded{sender} ({id}).");
        return Some(AuthenticityFinding::new("dmarc_failed", WARNING, message));
    };
    let checked = dmarc.property("header.from").map(|value| value.rsplit('@').next().unwrap_or(value));
    let domain = checked.map(shown).or_else(|| from_domain.map(str::to_owned)).unwrap_or_default();
    let (severity, message) = match dmarc.outcome {
        AuthOutcome::Pass => {
            let other = checked.zip(from_domain).filter(|(checked, from)| !same_domain(checked, from));
            let (checked, from) = other?;
            let message = format!(
                "DMARC passed for {} ({id}), which is not the sender's domain {from}.",
                shown(checked)
            );
            (WARNING, message)
        }
        AuthOutcome::Fail => (
            BLOCKING,
            format!(
                "DMARC failed for {domain} ({id}): the domain's owner says mail that fails its checks is \
                 not theirs."
            ),
        ),
        AuthOutcome::None => (
            WARNING,
            format!(
                "DMARC found no policy for {domain} ({id}): the domain's owner has not said how to \
                 recognise its mail."
            ),
        ),
        outcome => (WARNING, format!("DMARC {} for {domain} ({id}).", did(outcome))),
    };
    Some(AuthenticityFinding::new("dmarc_failed", severity, message))
}

/// How a check that did not plainly pass or fail ended, completing "SPF ... for fbi.gov".
fn did(outcome: AuthOutcome) -> &'static str {
    match outcome {
        AuthOutcome::Pass => "passed",
        AuthOutcome::Fail => "failed",
        AuthOutcome::Softfail => "soft-failed",
        AuthOutcome::Neutral => "gave no verdict (neutral)",
        AuthOutcome::None => "found nothing to check (none)",
        AuthOutcome::Temperror => "could not be checked because of a temporary error (temperror)",
        AuthOutcome::Permerror => "could not be checked because of a broken record (permerror)",
        AuthOutcome::Policy => "was overridden by local policy (policy)",
        AuthOutcome::Other => "gave an unrecognised result",
    }
}

/// The domain a DKIM result vouches for: `header.d`, else the domain of `header.i`, in punycode.
fn signing_domain(result: &MethodResult) -> Option<String> {
    let normalized = |value: &str| Domain::parse(value).ok().map(|domain| domain.as_str().to_owned());
    let from_d = result.property("header.d").and_then(normalized);
    from_d.or_else(|| {
        let identity = result.property("header.i")?;
        normalized(identity.rsplit('@').next().unwrap_or(identity))
    })
}

fn same_domain(written: &str, from: &str) -> bool {
    Domain::parse(written).is_ok_and(|domain| domain.as_str() == from)
}

/// `signer` is `from` or one of its parents (`fbi.gov` for `ic.fbi.gov`).
fn is_same_or_parent(signer: &str, from: &str) -> bool {
    from == signer || from.strip_suffix(signer).is_some_and(|head| head.ends_with('.'))
}

#[cfg(test)]
mod tests;
