use super::*;

fn lang(code: &str) -> Lang {
    Lang::all()
        .find(|l| l.code() == code)
        .unwrap_or_else(|| panic!("{code} ships"))
}

#[test]
fn english_is_first_and_the_six_languages_ship() {
    let codes: Vec<&str> = Lang::all().map(Lang::code).collect();
    assert_eq!(codes.first(), Some(&"en-US"));
    for code in ["ja", "ko", "de", "fr", "es-ES"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
}

#[test]
fn a_tag_falls_back_to_its_base_language_then_english() {
    for (tag, expected) in [
        ("ja", "ja"),
        ("de", "de"),
        ("de-AT", "de"),
        ("es-ES", "es-ES"),
        ("es-419", "es-ES"),
        ("es", "es-ES"),
        ("fr-CA", "fr"),
        ("ko", "ko"),
        ("en-GB", "en-US"),
        ("pt-BR", "en-US"),
        ("zh-TW", "en-US"),
        ("", "en-US"),
        ("not a tag!", "en-US"),
        ("ja_JP", "ja"),
    ] {
        assert_eq!(Lang::negotiate(tag).code(), expected, "{tag}");
    }
    assert_eq!(Lang::supported("pt-BR"), None);
}

#[test]
fn accept_language_takes_the_heaviest_shipped_language() {
    for (header, expected) in [
        ("ja,en-US;q=0.9,en;q=0.8", Some("ja")),
        ("pt-BR,pt;q=0.9,de;q=0.8,en;q=0.5", Some("de")),
        ("en;q=0.3, fr;q=0.7", Some("fr")),
        ("ko;q=0, es-MX;q=0.4", Some("es-ES")),
        ("pt-BR, zh", None),
        ("*", None),
        ("", None),
        (";;;,,q=", None),
    ] {
        assert_eq!(
            Lang::from_accept_language(header).map(Lang::code),
            expected,
            "{header:?}"
        );
    }
}

#[test]
fn messages_format_with_plurals_and_without_isolation_marks() {
    assert_eq!(
        tr!(Lang::EN_US, "link-button-expires", minutes = 1),
        "The button works once, for 1 minute."
    );
    assert_eq!(
        tr!(Lang::EN_US, "link-button-expires", minutes = 5),
        "The button works once, for 5 minutes."
    );
    let line = tr!(
        Lang::EN_US,
        "log-unlinked",
        user = 1_234_567_890_123_456_789u64,
        username = "Ann",
        resonite_id = "U-ann"
    );
    assert_eq!(
        line, "⛓️‍💥 <@1234567890123456789> unlinked the Resonite account **Ann** (`U-ann`)",
        "a snowflake keeps every digit; no U+2068/U+2069 around it"
    );
    let ja = tr!(lang("ja"), "link-button-expires", minutes = 10);
    assert!(ja.contains("10"), "{ja}");
    assert!(
        !ja.contains('\u{2068}') && !ja.contains('\u{2069}'),
        "{ja:?}"
    );
}

#[test]
fn html_lang_is_the_shortest_tag_that_tells_shipped_languages_apart() {
    assert_eq!(Lang::EN_US.html_lang(), "en");
    assert_eq!(lang("es-ES").html_lang(), "es");
    assert_eq!(lang("ja").html_lang(), "ja");
}

#[test]
fn a_missing_message_falls_back_to_english_then_to_its_id() {
    assert_eq!(tr!(lang("de"), "no-such-message"), "no-such-message");
    assert!(!has(lang("de"), "cmd-link-name"));
}

#[test]
fn big_numbers_become_text_and_small_ones_stay_numbers() {
    assert!(matches!(Arg::from(5u64).0, FluentValue::Number(_)));
    assert!(matches!(
        Arg::from(u64::MAX).0,
        FluentValue::String(ref s) if s == "18446744073709551615"
    ));
    assert!(matches!(
        Arg::from(i64::MIN).0,
        FluentValue::String(ref s) if s == "-9223372036854775808"
    ));
}

#[test]
fn the_check_names_a_missing_message_and_a_missing_variable() {
    let en: &[(&str, &str)] = &[(
        "a.ftl",
        "hello = Hello { $name }\nbye = Bye\ncount = { $n ->\n [one] one\n *[other] { $n } things\n}\n",
    )];
    let de: &[(&str, &str)] = &[("a.ftl", "hello = Hallo\ncount = { $n } Dinge\nextra = x\n")];
    let fr: &[(&str, &str)] = &[(
        "a.ftl",
        "hello = Salut { $name } { $nom }\nbye = Au revoir\ncount = { $n } choses\nbye = encore\n",
    )];
    let broken: &[(&str, &str)] = &[("a.ftl", "hello = {\n")];
    let problems = check_sources(&[("en-US", en), ("de", de), ("fr", fr), ("xx", broken)]);
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    for expected in [
        CatalogProblem::MissingVariable {
            locale: "de".into(),
            id: "hello".into(),
            variable: "name".into(),
        },
        CatalogProblem::MissingMessage {
            locale: "de".into(),
            id: "bye".into(),
        },
        CatalogProblem::UnknownMessage {
            locale: "de".into(),
            id: "extra".into(),
        },
        CatalogProblem::UnknownVariable {
            locale: "fr".into(),
            id: "hello".into(),
            variable: "nom".into(),
        },
        CatalogProblem::Duplicate {
            locale: "fr".into(),
            id: "bye".into(),
        },
    ] {
        assert!(problems.contains(&expected), "{expected} in {text:#?}");
    }
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, CatalogProblem::Syntax { locale, .. } if locale == "xx")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|t| t == "de: message `hello` lacks the variable `$name` (en-US uses it)"),
        "{text:#?}"
    );
}

#[test]
fn localized_names_are_optional_but_need_their_command() {
    let en: &[(&str, &str)] = &[("c.ftl", "cmd-link-desc = Link\n")];
    let ja: &[(&str, &str)] = &[(
        "c.ftl",
        "cmd-link-desc = リンク\ncmd-link-name = りんく\ncmd-nope-name = x\n",
    )];
    let problems = check_sources(&[("en-US", en), ("ja", ja)]);
    assert_eq!(
        problems,
        vec![CatalogProblem::UnknownMessage {
            locale: "ja".into(),
            id: "cmd-nope-name".into(),
        }]
    );
}

#[test]
fn discord_command_names_are_checked_like_discord_does() {
    for ok in [
        "link",
        "rôle",
        "utilisateur",
        "ユーザー",
        "사용자",
        "log-channel",
        "a_b",
        "mitglied",
    ] {
        assert!(valid_command_name(ok), "{ok}");
    }
    for bad in [
        "",
        "Link",
        "two words",
        "a".repeat(33).as_str(),
        "emoji🔗",
        "dot.",
    ] {
        assert!(!valid_command_name(bad), "{bad}");
    }
}

#[test]
fn shipped_locales_are_complete() {
    let problems = check_catalog();
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{text:#?}");
}
