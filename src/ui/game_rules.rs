//! Game rules: a searchable table with a typed control per rule. Protocol 1.x sends and
//! takes values as strings; 2.0.0+ as booleans and integers.

use crate::i18n::{fill, t};
use crate::session::Session;
use crate::ui::flow::{keyed, show, show_or};
use crate::ui::widgets::{fold, Action, ActionButton, Draft, NotOffered, OutcomeView};
use leptos::prelude::*;
use msmp::catalog::game_rule_bounds;
use msmp::from_json::FromJson;
use msmp::jsonrpc::json_text;
use msmp::model::Slice;
use msmp::to_json::ToJson;
use msmp::types::{GameRuleType, GameRuleValue, TypedGameRule, UntypedGameRule};

const UPDATE: &str = "minecraft:gamerules/update";

#[component]
pub fn GameRules() -> impl IntoView {
    let session = expect_context::<Session>();
    let search = RwSignal::new(String::new());
    let rules = Memo::new(move |_| {
        let needle = fold(&search.get());
        session.model.with(Slice::GameRules, |m| {
            m.game_rules
                .iter()
                .filter(|r| needle.is_empty() || fold(&r.key).contains(&needle))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <NotOffered method="minecraft:gamerules"/>
        <div class="toolbar">
            <label>{t().rules_search_label}" "<input type="search" prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/></label>
        </div>
        <div class="table-scroll"><table class="rules">
            <thead><tr><th>{t().col_rule}</th><th>{t().col_type}</th><th>{t().col_value}</th></tr></thead>
            <tbody>
                {keyed(move || rules.get(), |r| r.key.clone(), |rule| view! { <RuleRow key=rule.key/> })}
            </tbody>
        </table></div>
        {show(move || rules.with(Vec::is_empty), move || view! {<p>{t().no_rules}</p>})}
    }
}

/// The form's text and checkbox for a rule's value.
fn shown(v: &GameRuleValue) -> (String, bool) {
    (v.display(), v.as_bool().unwrap_or(false))
}

/// One rule; it reads its current value from the model so updates show in place.
#[component]
fn RuleRow(key: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let rule = {
        let key = key.clone();
        Memo::new(move |_| {
            session.model.with(Slice::GameRules, |m| {
                m.game_rules.iter().find(|r| r.key == key).cloned()
            })
        })
    };
    let draft = Draft::following(move || rule.get().map(|r| shown(&r.value)));
    let Draft { text, checked } = draft;
    let action = Action::new();
    let is_bool =
        move || rule.with(|r| r.as_ref().is_some_and(|r| r.kind == GameRuleType::Boolean));
    let submit = {
        let key = key.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(current) = rule.get_untracked() else {
                return;
            };
            // Answer in the form the server used: 1.x sends values as strings.
            let typed = !matches!(current.value, GameRuleValue::Text(_));
            let value = match encode(
                &current,
                &text.get_untracked(),
                checked.get_untracked(),
                typed,
            ) {
                Ok(v) => v,
                Err(e) => return action.invalid(e),
            };
            let param = Some(
                UntypedGameRule {
                    key: key.clone(),
                    value,
                }
                .to_json(),
            );
            action.run(session, UPDATE, param, move |v| {
                TypedGameRule::from_json(v)
                    .map(|r| {
                        // The form shows the value the server kept.
                        draft.show(shown(&r.value));
                        fill(t().saved_value, &[&r.value.display()])
                    })
                    .unwrap_or_else(|_| json_text(v))
            });
        }
    };
    let limits = {
        let key = key.clone();
        move || {
            let typed = rule.with(|r| {
                r.as_ref()
                    .is_some_and(|r| !matches!(r.value, GameRuleValue::Text(_)))
            });
            bounds(&key, typed)
        }
    };
    let label = key.clone();
    let label2 = key.clone();
    let form_label = key.clone();
    view! {
        <tr>
            <td><code>{key.clone()}</code></td>
            <td>{move || rule.with(|r| r.as_ref().map(|r| r.kind.as_str().to_string()).unwrap_or_default())}</td>
            <td>
                <form class="inline" aria-label=form_label on:submit=submit novalidate>
                    {show_or(is_bool,
                        move || view! { <label class="hit"><input type="checkbox" aria-label=label.clone() prop:checked=move || checked.get() on:change=move |ev| checked.set(event_target_checked(&ev))/></label> },
                        move || {
                            let (min, max) = limits();
                            view! { <input type="number" step="1" min=min max=max aria-label=label2.clone() prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/> }
                        })}
                    <ActionButton action=action method=UPDATE label=t().save_setting/>
                    <OutcomeView action=action/>
                </form>
            </td>
        </tr>
    }
}

/// The whole numbers a rule takes: 1.21.11's limits when typed (2.0.0+; the schema does not
/// state them), any 32-bit value in 1.x.
fn bounds(key: &str, typed: bool) -> (i64, i64) {
    if typed {
        game_rule_bounds(key)
    } else {
        (i32::MIN.into(), i32::MAX.into())
    }
}

/// The value to send: typed in 2.0.0+, a string in 1.x.
fn encode(
    rule: &TypedGameRule,
    text: &str,
    checked: bool,
    typed: bool,
) -> Result<GameRuleValue, String> {
    match rule.kind {
        GameRuleType::Boolean if typed => Ok(GameRuleValue::Bool(checked)),
        GameRuleType::Boolean => Ok(GameRuleValue::Text(checked.to_string())),
        _ => {
            let n: i64 = text
                .trim()
                .parse()
                .map_err(|_| fill(t().not_a_whole_number, &[&text]))?;
            let (min, max) = bounds(&rule.key, typed);
            if !(min..=max).contains(&n) {
                return Err(fill(t().number_out_of_range, &[&min, &max]));
            }
            Ok(if typed {
                GameRuleValue::Int(n)
            } else {
                GameRuleValue::Text(n.to_string())
            })
        }
    }
}
