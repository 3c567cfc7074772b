//! Several processes: `DISCORD_SHARDS`, which shards this one runs.

use super::reader::Reader;

/// Shards `first..=last` of `total` (`DISCORD_SHARDS=0-1/4`), for several processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardRange {
    pub first: u32,
    pub last: u32,
    pub total: u32,
}

impl std::str::FromStr for ShardRange {
    type Err = ();

    /// `A/N` or `A-B/N`, with `A <= B < N`.
    fn from_str(raw: &str) -> Result<Self, ()> {
        let (range, total) = raw.split_once('/').ok_or(())?;
        let (first, last) = range.split_once('-').unwrap_or((range, range));
        let parse = |s: &str| s.trim().parse::<u32>().map_err(|_| ());
        let (first, last, total) = (parse(first)?, parse(last)?, parse(total)?);
        (first <= last && last < total)
            .then_some(Self { first, last, total })
            .ok_or(())
    }
}

/// `None` = all shards, as Discord recommends (also when the value is refused: noted).
pub(super) fn read(r: &mut Reader<'_>) -> Option<ShardRange> {
    let raw = r.optional("DISCORD_SHARDS")?;
    match raw.parse::<ShardRange>() {
        Ok(range) => Some(range),
        Err(()) => {
            r.problem(
                "DISCORD_SHARDS",
                "expected FIRST-LAST/TOTAL, e.g. 0-1/4 (or 2/4 for one shard)",
            );
            None
        }
    }
}
