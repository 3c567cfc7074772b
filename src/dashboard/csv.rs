//! `members.csv`: one row per linked member of a server, a header row first. A cell that a
//! spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or carriage return first)
//! is prefixed with `'`; cells with commas, quotes or line breaks are quoted.

use super::members::MemberRow;

pub const HEADER: [&str; 7] = [
    "discord_id",
    "discord_name",
    "resonite_id",
    "resonite_name",
    "linked_at",
    "last_verified_at",
    "roles_granted",
];

/// A time as the export writes it (RFC 3339, UTC).
fn time(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// One cell, safe for spreadsheets and quoted as CSV needs.
pub fn cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn line(cells: &[String]) -> String {
    let mut out = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// The header row.
pub fn header() -> String {
    line(&HEADER.map(str::to_owned))
}

/// One member's row. The Discord name is not stored with links yet: empty.
pub fn row(m: &MemberRow) -> String {
    let roles = m
        .roles
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    line(&[
        m.discord_user_id.to_string(),
        String::new(),
        m.resonite_user_id.clone(),
        m.resonite_username.clone(),
        time(m.linked_at),
        time(m.last_verified_at),
        roles,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_commas_quoted() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("Ann"), "Ann");
        assert_eq!(
            header(),
            "discord_id,discord_name,resonite_id,resonite_name,linked_at,last_verified_at,roles_granted\r\n"
        );
    }
}
