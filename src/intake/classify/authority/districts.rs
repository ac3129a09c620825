//! Federal judicial districts as captions write them ("FOR THE EASTERN DISTRICT OF VIRGINIA",
//! "for the District of Columbia"), spelled back in their usual form.

use crate::intake::classify::source::Source;

const DIRECTIONS: &[(&str, &str)] = &[
    ("eastern", "Eastern"),
    ("western", "Western"),
    ("northern", "Northern"),
    ("southern", "Southern"),
    ("middle", "Middle"),
    ("central", "Central"),
];
/// States and territories with a federal district court, as they follow "District of".
const PLACES: &[&str] = &[
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
    "Columbia",
    "Puerto Rico",
    "Guam",
    "the Virgin Islands",
    "the Northern Mariana Islands",
];
/// Captions spread a district over lines; any white space (no other text) may separate its words.
const MAX_GAP_BYTES: usize = 200;

/// The district named from word `index` ("for the Eastern District of Virginia"), in its usual
/// spelling, with the index of its last word.
pub(in crate::intake::classify) fn district_after(
    source: &Source<'_>,
    index: usize,
) -> Option<(String, usize)> {
    let mut next = index;
    if follows(source, next, &["for", "the"]) {
        next += 2;
    } else if follows(source, next, &["for"]) {
        next += 1;
    }
    let direction = DIRECTIONS.iter().find(|(word, _)| source.word(next) == *word && spaced(source, next));
    if direction.is_some() {
        next += 1;
    }
    if !follows(source, next, &["district", "of"]) {
        return None;
    }
    next += 2;
    let (place, words) =
        PLACES.iter().filter_map(|place| place_at(source, next, place)).max_by_key(|(_, n)| *n)?;
    let district = match direction {
        Some((_, direction)) => format!("{direction} District of {place}"),
        None => format!("District of {place}"),
    };
    Some((district, next + words - 1))
}

/// `place` from word `index`, with its number of words.
fn place_at(source: &Source<'_>, index: usize, place: &'static str) -> Option<(&'static str, usize)> {
    let mut count = 0;
    for (offset, part) in place.split(' ').enumerate() {
        if !source.word(index + offset).eq_ignore_ascii_case(part) || !spaced(source, index + offset) {
            return None;
        }
        count += 1;
    }
    Some((place, count))
}

/// Whether `words` come from word `index`, each separated from the previous only by white space.
fn follows(source: &Source<'_>, index: usize, words: &[&str]) -> bool {
    words
        .iter()
        .enumerate()
        .all(|(offset, word)| source.word(index + offset) == *word && spaced(source, index + offset))
}

fn spaced(source: &Source<'_>, index: usize) -> bool {
    let gap = source.gap_before(index);
    gap.len() <= MAX_GAP_BYTES
        && gap.matches(',').count() <= 1
        && gap.chars().all(|c| c.is_whitespace() || c == ',')
}
