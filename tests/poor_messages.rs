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
    /// Lists every token that could follow instead of saying that the rule
    /// opened on line 2 has no closing `}`.
    missing_closing_brace: format!("{HEADER}earn \"Base\" on purchase {{ award 1 point per USD of tx.amount\n");
    /// Says a quoted name was expected where one was written: it should say
    /// that the string is not closed on its line.
    unterminated_string: format!("{HEADER}earn \"Base on purchase {{ award 1 point }}\n");
    /// Lists tokens instead of saying that `=` assigns nothing here and that
    /// comparison is `==`.
    single_equals_sign: format!("{HEADER}earn \"App\" on purchase when tx.channel = \"app\" {{ award 5 points }}");
    /// Should say that awards are in points (or a balance), not in money.
    currency_in_an_award_of_points: format!("{HEADER}earn \"Flat\" on purchase {{ award 5 USD }}");
    /// "`day` is not a weekday" is right but does not say how to write a
    /// campaign that runs every day (leave out `every`).
    /// Compared with `member.tier`, an unknown bare name should list the
    /// tiers, not suggest quoting it as text (which then fails as a type error).
    unknown_tier_compared_with_member_tier: format!("{HEADER}tiers {{ member silver gold }}\nearn \"Diamond\" on purchase when member.tier == diamond {{ award 5 points }}");
    every_day: format!("{HEADER}earn \"Base\" on purchase {{ award 1 point }}\ncampaign \"Daily\" every day between 17:00 and 19:00 {{ multiply \"Base\" by 2 }}");
}
