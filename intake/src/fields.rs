//! Which lead field a column header, a form field name or a column id means.
//!
//! Every source names the same things differently (`Phone Number`, `phone_number`,
//! `PHONE_NUMBER`, `Mobile`), so names are compared by their letters and digits only,
//! lowercased: `E-mail`, `email` and `EMAIL` are one name.

/// A lead field that a named column or form field can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LeadField {
    FullName,
    FirstName,
    LastName,
    Phone,
    Email,
    Company,
    TimeZone,
    AskedAbout,
    InquiredAt,
    Campaign,
    Ad,
    Form,
    Source,
    AssignedTo,
    ExternalId,
}

impl LeadField {
    /// Whether a form's answer may fill this field. A lead form's questions describe the
    /// person; where the lead came from and when is the platform's to say, not an answer's.
    pub(crate) fn is_answer(self) -> bool {
        matches!(
            self,
            Self::FullName
                | Self::FirstName
                | Self::LastName
                | Self::Phone
                | Self::Email
                | Self::Company
                | Self::TimeZone
                | Self::AskedAbout
        )
    }
}

/// The names each field goes by, already normalised (see [`normalise`]).
const ALIASES: [(LeadField, &[&str]); 15] = [
    (
        LeadField::FullName,
        &["name", "fullname", "leadname", "contactname"],
    ),
    (
        LeadField::FirstName,
        &["firstname", "givenname", "forename", "first"],
    ),
    (
        LeadField::LastName,
        &["lastname", "surname", "familyname", "last"],
    ),
    (
        LeadField::Phone,
        &[
            "phone",
            "phonenumber",
            "mobile",
            "mobilephone",
            "mobilenumber",
            "cell",
            "cellphone",
            "tel",
            "telephone",
            "workphone",
            "workphonenumber",
        ],
    ),
    (
        LeadField::Email,
        &["email", "emailaddress", "workemail", "mail"],
    ),
    (
        LeadField::Company,
        &[
            "company",
            "companyname",
            "organisation",
            "organization",
            "business",
        ],
    ),
    (LeadField::TimeZone, &["timezone", "tz", "zone"]),
    (
        LeadField::AskedAbout,
        &[
            "askedabout",
            "interest",
            "interestedin",
            "message",
            "inquiry",
            "enquiry",
        ],
    ),
    (
        LeadField::InquiredAt,
        &[
            "created",
            "createdtime",
            "createdat",
            "date",
            "submitted",
            "submittedat",
            "inquiredat",
        ],
    ),
    (LeadField::Campaign, &["campaign", "campaignname"]),
    (LeadField::Ad, &["ad", "adname"]),
    (LeadField::Form, &["form", "formname"]),
    (
        LeadField::Source,
        &["source", "sourcekind", "leadsource", "channel"],
    ),
    (
        LeadField::AssignedTo,
        &["assignedto", "assignee", "owner", "rep"],
    ),
    (LeadField::ExternalId, &["id", "leadid"]),
];

/// A name reduced to its lowercase letters and digits: `E-mail` → `email`.
pub(crate) fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The lead field `name` means, if any.
pub(crate) fn classify(name: &str) -> Option<LeadField> {
    let key = normalise(name);
    ALIASES
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(field, _)| *field)
}

/// A machine name made readable for a rep: `what_size_is_your_farm?` → `What size is
/// your farm?`, `POSTAL_CODE` → `Postal code`.
pub(crate) fn humanise(name: &str) -> String {
    let spaced = name.trim().replace('_', " ");
    let all_caps = !spaced.chars().any(char::is_lowercase);
    let text = if all_caps {
        spaced.to_lowercase()
    } else {
        spaced
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_whatever_their_case_and_punctuation() {
        for (name, field) in [
            ("Phone Number", LeadField::Phone),
            ("phone_number", LeadField::Phone),
            ("PHONE_NUMBER", LeadField::Phone),
            ("Mobile", LeadField::Phone),
            ("E-mail", LeadField::Email),
            ("Full Name", LeadField::FullName),
            ("\u{feff}Name", LeadField::FullName),
            ("created_time", LeadField::InquiredAt),
            ("Asked About", LeadField::AskedAbout),
            ("Time Zone", LeadField::TimeZone),
        ] {
            assert_eq!(classify(name), Some(field), "{name}");
        }
        assert_eq!(classify("Budget"), None);
        assert_eq!(classify("ad_id"), None, "an id is not the ad's name");
    }

    #[test]
    fn only_person_fields_come_from_answers() {
        assert!(LeadField::Phone.is_answer());
        assert!(!LeadField::Campaign.is_answer());
        assert!(!LeadField::InquiredAt.is_answer());
    }

    #[test]
    fn machine_names_read_like_questions() {
        assert_eq!(
            humanise("what_size_is_your_farm?"),
            "What size is your farm?"
        );
        assert_eq!(humanise("POSTAL_CODE"), "Postal code");
        assert_eq!(humanise("job_title"), "Job title");
        assert_eq!(humanise("Budget (USD)"), "Budget (USD)");
        assert_eq!(humanise(""), "");
    }
}
