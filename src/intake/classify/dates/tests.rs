//! Specifications of the date formats agencies write.

use super::dates_in;
use crate::intake::classify::Location;
use crate::intake::classify::fixtures::date;
use crate::intake::classify::source::Source;

fn dates(text: &str, day_first: bool) -> Vec<chrono::NaiveDate> {
    let source = Source::new(Location::Body, text);
    dates_in(&source, day_first).into_iter().map(|found| found.date).collect()
}

#[test]
fn every_written_format_is_read() {
    let table = [
        "July 15, 2026",
        "Jul. 15, 2026",
        "JULY 15 2026",
        "July 15th, 2026",
        "15 July 2026",
        "15th July, 2026",
        "2026-07-15",
        "07/15/2026",
        "7/15/2026",
        "15.07.2026",
        "15th day of July, 2026",
        "Sept. 3, 2026",
    ];
    for text in table {
        let expected = if text.starts_with("Sept") { date(2026, 9, 3) } else { date(2026, 7, 15) };

        assert_eq!(dates(text, false), [expected], "{text}");
    }
}

#[test]
fn the_ordinal_form_of_an_order_is_read() {
    assert_eq!(dates("SO ORDERED this 3rd day of March, 2026.", false), [date(2026, 3, 3)]);
}

#[test]
fn slashed_dates_are_month_first_unless_foreign_or_the_first_number_is_above_twelve() {
    assert_eq!(dates("03/04/2026", false), [date(2026, 3, 4)]);
    assert_eq!(dates("03/04/2026", true), [date(2026, 4, 3)]);
    assert_eq!(dates("15/04/2026", false), [date(2026, 4, 15)]);
}

#[test]
fn impossible_dates_are_refused() {
    let table = ["February 30, 2026", "2026-13-01", "13/13/2026", "31.04.2026", "0/1/2026", "July 15, 0999"];
    for text in table {
        assert!(dates(text, false).is_empty(), "{text}");
    }
}

#[test]
fn numbers_that_are_not_dates_are_not_read_as_dates() {
    let table = ["version 1.15.07.2026", "serial 2026-07-15-01", "may 15 2026s", "15 mayday 2026", "12/2026"];
    for text in table {
        assert!(dates(text, false).is_empty(), "{text}");
    }
}

#[test]
fn several_dates_are_read_in_order() {
    let found = dates("from 01/01/2026 to 02/28/2026, signed March 3, 2026", false);

    assert_eq!(found, [date(2026, 1, 1), date(2026, 2, 28), date(2026, 3, 3)]);
}
