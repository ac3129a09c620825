//! Whether a cue is asserted, only mentioned, or denied: "a search warrant will follow" in a
//! preservation request names process that does not exist yet, and "this is not an emergency" is
//! not an emergency. Judged from the words around the cue within its sentence.

use crate::intake::classify::source::Source;

/// How the text uses a cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stance {
    /// The text says this is what it is.
    Asserted,
    /// Future or hypothetical process, a requirement, or quoted earlier mail.
    Mentioned,
    /// Negated ("not", "no", "without"), a condition ("unless"), or an unticked box on a form.
    Denied,
}

/// Words that negate a cue, or make it a condition ("unless delayed notice is authorized"), when
/// they come at most [`NEGATION_REACH`] words before it.
const NEGATIONS: &[&str] = &[
    "not", "no", "without", "never", "non", "nor", "neither", "absent", "cannot", "isn", "doesn", "don",
    "won", "unless",
];
const NEGATION_REACH: usize = 3;
/// Words that make a cue future, hypothetical or only referred to ('the existence of the warrant')
/// when they come shortly before it.
const FUTURE_BEFORE: &[&str] = &[
    "obtain",
    "obtaining",
    "seek",
    "seeking",
    "intend",
    "intends",
    "intending",
    "anticipate",
    "anticipates",
    "anticipated",
    "anticipating",
    "anticipation",
    "pending",
    "forthcoming",
    "future",
    "until",
    "once",
    "expect",
    "expects",
    "expecting",
    "awaiting",
    "await",
    "apply",
    "applying",
    "prepare",
    "preparing",
    "subsequent",
    "subsequently",
    "potential",
    "possible",
    "planned",
    "plan",
    "plans",
    "contemplated",
    "upcoming",
    "eventual",
    "eventually",
    "prior",
    "require",
    "requires",
    "existence",
];
const FUTURE_REACH: usize = 10;
/// Words that make a cue future when they follow it ("a search warrant will follow").
const FUTURE_AFTER: &[&str] = &["follow", "follows", "forthcoming", "sought", "pending", "prepared"];
/// Verbs after "will" or "will be" that announce process to come.
const FUTURE_VERBS: &[&str] = &[
    "obtain",
    "obtained",
    "seek",
    "sought",
    "serve",
    "served",
    "issue",
    "issued",
    "send",
    "sent",
    "submit",
    "submitted",
    "forward",
    "forwarded",
    "arrive",
    "apply",
    "applied",
    "forthcoming",
    "provided",
    "faxed",
    "emailed",
];
const AFTER_REACH: usize = 4;
/// "... will follow" ends a sentence whose subject may list several kinds of process ("A search
/// warrant or an order under 18 U.S.C. 2703(d) will follow"), so it reaches further.
const FOLLOW_REACH: usize = 12;
const FOLLOW_WORDS: &[&str] = &["follow", "follows", "forthcoming"];

/// How the text uses the cue at words `first..=last`.
pub(super) fn stance(source: &Source<'_>, first: usize, last: usize) -> Stance {
    if source.is_quoted(source.start(first)) {
        return Stance::Mentioned;
    }
    if is_unchecked_box(source.line_head(source.start(first))) {
        return Stance::Denied;
    }
    let mut mentioned = false;
    let mut index = first;
    while index > 0 && first - index < FUTURE_REACH {
        if source.boundary_before(index) {
            break;
        }
        index -= 1;
        let word = source.word(index);
        if first - index <= NEGATION_REACH && NEGATIONS.contains(&word) && !is_number_label(source, index) {
            return Stance::Denied;
        }
        mentioned |= FUTURE_BEFORE.contains(&word);
    }
    if mentioned || is_followed_by_future(source, last) { Stance::Mentioned } else { Stance::Asserted }
}

/// A form line whose box is not ticked ("[ ] ... authorize ... to delay notice").
fn is_unchecked_box(line: &str) -> bool {
    ["[ ]", "[  ]", "☐", "□", "( )"].iter().any(|mark| line.starts_with(mark))
}

/// "No." in "Case No. 24-117" is a label, not a negation.
fn is_number_label(source: &Source<'_>, index: usize) -> bool {
    source.word(index) == "no" && source.gap_after(index).starts_with(['.', ':', '#'])
}

/// "... will follow", "... will be served", "... is forthcoming", within the sentence.
fn is_followed_by_future(source: &Source<'_>, last: usize) -> bool {
    let mut index = last + 1;
    while index < source.word_count() && index - last <= FOLLOW_REACH {
        if source.boundary_before(index) {
            return false;
        }
        let word = source.word(index);
        let near = index - last <= AFTER_REACH;
        if (near && FUTURE_AFTER.contains(&word)) || FOLLOW_WORDS.contains(&word) {
            return true;
        }
        if word == "will" {
            let next = if source.word(index + 1) == "be" { index + 2 } else { index + 1 };
            if FUTURE_VERBS.contains(&source.word(next)) || FUTURE_AFTER.contains(&source.word(next)) {
                return true;
            }
        }
        index += 1;
    }
    false
}
