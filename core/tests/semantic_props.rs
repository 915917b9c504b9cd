//! Property tests of the semantic checks: no panic and valid spans on arbitrary Unicode, span
//! text equal to the slice it points at in all three units, and a concrete deadline never
//! turning `ok` into `needs_clarification`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use salesrules::semantic::{CheckTextRequest, Span, Verdict};
use salesrules::Engine;

fn check(engine: &Engine, text: &str) -> salesrules::semantic::CheckTextResponse {
    engine
        .check_text(&CheckTextRequest {
            text: text.into(),
            reference_date: Some("2026-03-02".into()),
        })
        .unwrap()
}

/// The text a span points at, read in each of the three units.
fn slices(text: &str, span: &Span) -> (String, String, String) {
    let by_chars: String = text
        .chars()
        .skip(span.start)
        .take(span.end - span.start)
        .collect();
    let by_bytes = text[span.byte_start..span.byte_end].to_string();
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let by_utf16 = String::from_utf16(&utf16[span.utf16_start..span.utf16_end]).unwrap();
    (by_chars, by_bytes, by_utf16)
}

fn pieces() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "尽快",
        "马上",
        "骑马上山",
        "不急",
        "不急不行",
        "ASAP",
        "ＡＳＡＰ",
        "as soon as possible",
        "3月5日前",
        "三月五日",
        "72小时内",
        "七十二小时",
        "十几天",
        "周五下班前",
        "下周三",
        "within 3 business days",
        "by March 5",
        "not urgent",
        "no rush",
        "，",
        "。",
        ". ",
        "!",
        "左右",
        "若干",
        "原则上",
        "if possible",
        "🚀",
        "e\u{301}",
        "ﬁ",
        "㍿",
        "２０２６－０３－０５",
        "三年前",
        "上周",
        "年底前",
        "soon",
        " ",
        "\n",
        "提升至95%",
        "不超过５％",
        "awesome",
    ]);
    prop::collection::vec(
        prop_oneof![words.prop_map(str::to_string), any::<String>()],
        0..12,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn spans_are_valid_and_point_at_their_text(text in pieces()) {
        let engine = Engine::default();
        let out = check(&engine, &text);
        let mut spans: Vec<(&Span, &str)> = Vec::new();
        spans.extend(out.vague.iter().map(|v| (&v.span, v.term.as_str())));
        spans.extend(out.deadlines.iter().map(|d| (&d.span, d.text.as_str())));
        spans.extend(out.quantities.iter().map(|q| (&q.span, q.text.as_str())));
        for (span, written) in spans {
            prop_assert!(span.start <= span.end && span.byte_start <= span.byte_end);
            prop_assert!(span.byte_end <= text.len());
            prop_assert!(!written.is_empty());
            let (c, b, u) = slices(&text, span);
            prop_assert_eq!(&c, written);
            prop_assert_eq!(&b, written);
            prop_assert_eq!(&u, written);
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        let engine = Engine::default();
        let _ = check(&engine, &text);
        let _ = engine.call("check_text", &serde_json::json!({"text": text}).to_string());
    }

    #[test]
    fn a_concrete_deadline_never_makes_a_sentence_vague(
        text in pieces(),
        deadline in prop::sample::select(vec!["，3月5日前", ", by March 5", "，周五下班前", "，72小时内", ", within 2 days", "，2026-03-05前"]),
    ) {
        let engine = Engine::default();
        // One sentence: drop terminators so the deadline lands in the same sentence.
        let sentence: String = text
            .chars()
            .filter(|c| !matches!(c, '。' | '！' | '？' | '.' | '!' | '?' | ';' | '；' | '\n' | '\r'))
            .collect();
        let before = check(&engine, &sentence).verdict;
        let after = check(&engine, &format!("{sentence}{deadline}")).verdict;
        if before == Verdict::Ok {
            prop_assert_eq!(after, Verdict::Ok, "{:?} + {:?}", sentence, deadline);
        }
    }
}
