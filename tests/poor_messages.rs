#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Messages known to be poor, kept as snapshots so that an improvement shows
//! up as a reviewed diff. Each case says what an author would need instead.
//! When a message becomes good, move its case to `tests/messages.rs`.

mod common;

use common::fixtures::messages;

const HEADER: &str = "program \"Shop\" { currency USD }\n";

macro_rules! poor {
    ($($(#[doc = $why:literal])* $name:ident: $src:expr;)*) => {
        $(
            $(#[doc = $why])*
            #[test]
            fn $name() {
                insta::assert_snapshot!(messages(&$src));
            }
        )*
    };
}

poor! {
    // None known: each earlier case now has a good message and lives in
    // tests/messages.rs (missing_closing_brace, unterminated_string,
    // single_equals_sign, currency_in_an_award_of_points, every_day,
    // unknown_tier_compared_with_member_tier).
}
