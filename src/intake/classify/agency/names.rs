//! The agency names and name patterns the classifier recognises.

/// What a phrase says about the agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AgencyCue {
    /// The agency itself, by its usual name.
    Known(&'static str),
    /// A local agency named by the capitalised words before the phrase, then this suffix
    /// ("Springfield" + "Police Department").
    NamedBefore(&'static str),
    /// "<Name> Police" alone on a line ("Thames Valley Police").
    Police,
    /// "Office of the <Name> District Attorney".
    OfficeOfThe,
    /// "United States Attorney's Office", with its district when given.
    UsAttorney,
}

use AgencyCue::{Known, NamedBefore, OfficeOfThe, Police, UsAttorney};

pub(super) const PHRASES: &[(&str, AgencyCue)] = &[
    ("federal bureau of investigation", Known("Federal Bureau of Investigation")),
    ("drug enforcement administration", Known("Drug Enforcement Administration")),
    ("homeland security investigations", Known("Homeland Security Investigations")),
    (
        "bureau of alcohol, tobacco, firearms and explosives",
        Known("Bureau of Alcohol, Tobacco, Firearms and Explosives"),
    ),
    ("united states secret service", Known("United States Secret Service")),
    ("u.s. secret service", Known("United States Secret Service")),
    ("us secret service", Known("United States Secret Service")),
    ("united states postal inspection service", Known("United States Postal Inspection Service")),
    ("u.s. postal inspection service", Known("United States Postal Inspection Service")),
    ("us postal inspection service", Known("United States Postal Inspection Service")),
    ("irs criminal investigation", Known("IRS Criminal Investigation")),
    ("internal revenue service criminal investigation", Known("IRS Criminal Investigation")),
    ("immigration and customs enforcement", Known("U.S. Immigration and Customs Enforcement")),
    ("customs and border protection", Known("U.S. Customs and Border Protection")),
    ("united states marshals service", Known("United States Marshals Service")),
    ("u.s. marshals service", Known("United States Marshals Service")),
    ("us marshals service", Known("United States Marshals Service")),
    ("naval criminal investigative service", Known("Naval Criminal Investigative Service")),
    ("air force office of special investigations", Known("Air Force Office of Special Investigations")),
    ("metropolitan police service", Known("Metropolitan Police Service")),
    ("bundeskriminalamt", Known("Bundeskriminalamt")),
    ("national crime agency", Known("National Crime Agency")),
    ("royal canadian mounted police", Known("Royal Canadian Mounted Police")),
    ("australian federal police", Known("Australian Federal Police")),
    ("gendarmerie nationale", Known("Gendarmerie nationale")),
    ("police nationale", Known("Police nationale")),
    ("police scotland", Known("Police Scotland")),
    ("europol", Known("Europol")),
    ("police department", NamedBefore("Police Department")),
    ("police dept", NamedBefore("Police Department")),
    ("sheriff's office", NamedBefore("Sheriff's Office")),
    ("sheriffs office", NamedBefore("Sheriff's Office")),
    ("sheriff's department", NamedBefore("Sheriff's Department")),
    ("sheriff's dept", NamedBefore("Sheriff's Department")),
    ("district attorney's office", NamedBefore("District Attorney's Office")),
    ("state police", NamedBefore("State Police")),
    ("highway patrol", NamedBefore("Highway Patrol")),
    ("state patrol", NamedBefore("State Patrol")),
    ("police", Police),
    ("office of the", OfficeOfThe),
    ("united states attorney's office", UsAttorney),
    ("united states attorneys office", UsAttorney),
    ("u.s. attorney's office", UsAttorney),
    ("us attorney's office", UsAttorney),
];

/// Abbreviations that name an agency in a From display name ("Whitfield, Dana (FBI)").
pub(super) const ACRONYMS: &[(&str, &str)] = &[
    ("fbi", "Federal Bureau of Investigation"),
    ("dea", "Drug Enforcement Administration"),
    ("hsi", "Homeland Security Investigations"),
    ("atf", "Bureau of Alcohol, Tobacco, Firearms and Explosives"),
    ("usss", "United States Secret Service"),
    ("uspis", "United States Postal Inspection Service"),
    ("usms", "United States Marshals Service"),
    ("ncis", "Naval Criminal Investigative Service"),
    ("cbp", "U.S. Customs and Border Protection"),
    ("nca", "National Crime Agency"),
    ("bka", "Bundeskriminalamt"),
    ("rcmp", "Royal Canadian Mounted Police"),
    ("afp", "Australian Federal Police"),
];
