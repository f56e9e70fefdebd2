//! The settings form's logic: values as a person writes them, what the form would send,
//! and which settings differ from the server.

use crate::i18n::{fill, t};
use msmp::catalog::{Schema, Setting};
use msmp::jsonrpc::json_text;
use serde_json::{json, Value};

/// A value the server sent, as a person writes it: text without JSON quotes.
pub fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => json_text(other),
    }
}

/// The form's text and checkbox for a value the server sent.
pub fn shown(v: &Value) -> (String, bool) {
    (as_text(v), v.as_bool().unwrap_or(false))
}

/// The value to send, checked against the setting's type and limits.
pub fn parse_input(setting: &Setting, text: &str, checked: bool) -> Result<Value, String> {
    match setting.schema {
        Schema::Bool => Ok(json!(checked)),
        Schema::Int => {
            let (lo, hi) = setting.limits.unwrap_or((i64::MIN, i64::MAX));
            text.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (lo..=hi).contains(n))
                .map(|n| json!(n))
                .ok_or_else(|| fill(t().number_out_of_range, &[&lo, &hi]))
        }
        _ => Ok(json!(text)),
    }
}

/// Whether what the form holds differs from the server's value (`None`: not known yet,
/// so nothing to compare with). Text the form cannot send yet counts as a change, so the
/// save says what is wrong with it.
pub fn differs(setting: &Setting, server: Option<&Value>, text: &str, checked: bool) -> bool {
    let Some(server) = server else {
        return false;
    };
    match setting.schema {
        Schema::Bool => server.as_bool() != Some(checked),
        Schema::Int => text.trim().parse::<i64>().ok() != server.as_i64(),
        _ => as_text(server) != text,
    }
}

/// What a save reports: the value the server kept, and what was sent when it kept another.
pub fn saved_text(sent: &Value, kept: &Value) -> String {
    if sent == kept {
        fill(t().saved_value, &[&as_text(kept)])
    } else {
        fill(t().setting_adjusted, &[&as_text(kept), &as_text(sent)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use msmp::catalog::SETTINGS;

    fn setting(key: &str) -> &'static Setting {
        SETTINGS.iter().find(|s| s.key == key).unwrap()
    }

    #[test]
    fn values_read_as_people_write_them() {
        assert_eq!(as_text(&json!("easy")), "easy");
        assert_eq!(as_text(&json!(20)), "20");
        assert_eq!(as_text(&json!(true)), "true");
        assert_eq!(as_text(&Value::Null), "");
        assert_eq!(shown(&json!(false)), ("false".into(), false));
    }

    #[test]
    fn a_change_is_what_differs_from_the_server() {
        let max = setting("max_players");
        assert!(!differs(max, Some(&json!(20)), "20", false));
        assert!(
            !differs(max, Some(&json!(20)), " 20 ", false),
            "spaces are no change"
        );
        assert!(differs(max, Some(&json!(20)), "21", false));
        assert!(
            differs(max, Some(&json!(20)), "twenty", false),
            "unsendable text shows as a change"
        );
        assert!(
            !differs(max, None, "21", false),
            "nothing to compare with yet"
        );
        let flight = setting("allow_flight");
        assert!(!differs(flight, Some(&json!(true)), "", true));
        assert!(differs(flight, Some(&json!(true)), "", false));
        let motd = setting("motd");
        assert!(!differs(motd, Some(&json!("A server")), "A server", false));
        assert!(differs(motd, Some(&json!("A server")), "A server!", false));
    }

    #[test]
    fn inputs_are_checked_before_sending() {
        let max = setting("max_players");
        assert_eq!(parse_input(max, "42", false), Ok(json!(42)));
        assert!(parse_input(max, "-1", false).is_err());
        assert!(parse_input(max, "lots", false).is_err());
        assert_eq!(parse_input(setting("motd"), "hi", false), Ok(json!("hi")));
        assert_eq!(
            parse_input(setting("allow_flight"), "", true),
            Ok(json!(true))
        );
    }

    #[test]
    fn a_save_says_what_the_server_kept() {
        assert_eq!(saved_text(&json!("hard"), &json!("hard")), "Saved: hard");
        assert_eq!(
            saved_text(&json!(40), &json!(32)),
            "The server kept 32 (sent: 40)"
        );
    }
}
