//! The verification controls admins of peer bots expect (DESIGN.md "Verification
//! controls"), end to end through the real bot and the fake gateway: every control marks
//! members and the reconciler applies it.

mod groups;
mod unlinked;
