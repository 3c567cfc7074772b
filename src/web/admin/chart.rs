//! Charts drawn on the server as SVG (no script), each with a data table beside it for
//! screen readers and for reading exact values.

use maud::{Markup, html};

use crate::dashboard::DayCount;
use crate::i18n::Lang;
use crate::tr;

const WIDTH: i64 = 720;
const HEIGHT: i64 = 200;
const PAD: i64 = 24;

/// A date as the table shows it (UTC).
pub(super) fn date(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Links (up) and unlinks (down) per day, and the days with any, as a table.
pub(super) fn activity(lang: Lang, days: &[DayCount]) -> Markup {
    let links: u64 = days.iter().map(|d| d.links).sum();
    let unlinks: u64 = days.iter().map(|d| d.unlinks).sum();
    let peak = days
        .iter()
        .map(|d| d.links.max(d.unlinks))
        .max()
        .unwrap_or(0)
        .max(1);
    let n = i64::try_from(days.len()).unwrap_or(1).max(1);
    let slot = (WIDTH - 2 * PAD) / n;
    let bar = (slot - 1).max(1);
    let mid = HEIGHT / 2;
    let scale =
        |v: u64| i64::try_from(v).unwrap_or(0) * (mid - PAD) / i64::try_from(peak).unwrap_or(1);
    let summary = tr!(
        lang,
        "admin-chart-activity-summary",
        links = links,
        unlinks = unlinks
    );
    let active: Vec<&DayCount> = days.iter().filter(|d| d.links + d.unlinks > 0).collect();
    html! {
        div class="chart" {
            svg viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-labelledby="activity-title" {
                title id="activity-title" { (summary) }
                line class="axis" x1=(PAD) y1=(mid) x2=(WIDTH - PAD) y2=(mid) {}
                @for (i, d) in days.iter().enumerate() {
                    @let x = PAD + i64::try_from(i).unwrap_or(0) * slot;
                    @if d.links > 0 {
                        rect class="bar-link" x=(x) y=(mid - scale(d.links)) width=(bar) height=(scale(d.links)) {}
                    }
                    @if d.unlinks > 0 {
                        rect class="bar-unlink" x=(x) y=(mid) width=(bar) height=(scale(d.unlinks)) {}
                    }
                }
                text class="label" x=(PAD) y=(HEIGHT - 4) { (days.first().map(|d| date(d.day)).unwrap_or_default()) }
                text class="label end" x=(WIDTH - PAD) y=(HEIGHT - 4) { (days.last().map(|d| date(d.day)).unwrap_or_default()) }
                text class="label" x=(PAD) y=(14) { (tr!(lang, "admin-chart-links")) " ▲ " (peak) }
            }
            div class="table" {
                table {
                    caption { (summary) }
                    thead { tr {
                        th scope="col" { (tr!(lang, "admin-col-day")) }
                        th scope="col" { (tr!(lang, "admin-chart-links")) }
                        th scope="col" { (tr!(lang, "admin-chart-unlinks")) }
                    } }
                    tbody {
                        @if active.is_empty() {
                            tr { td colspan="3" { (tr!(lang, "admin-chart-none")) } }
                        }
                        @for d in active.iter().rev() {
                            tr { th scope="row" { (date(d.day)) } td { (d.links) } td { (d.unlinks) } }
                        }
                    }
                }
            }
        }
    }
}
